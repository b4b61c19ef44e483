"""The reviewers' centre list and the self-assessment distribution: rows, sorting, bands from the
rubric, the same figures in HTML, xlsx and PDF, scope, and query counts that do not grow."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from centres.models import Centre
from ratings import services
from ratings.models import Indicator, Rating
from reports.centre_lists import NO_RATING, rating_list, self_assessment, vietnamese_key

from ..factories import CentreFactory, CommuneFactory
from ..ratings.conftest import add_required_evidence

pytestmark = pytest.mark.django_db
YEAR = 2024  # before the reform: the district office rates its centres
DEADLINE = datetime.date(2025, 1, 31)
LIST, DISTRIBUTION = "reports:rating_list", "reports:self_assessment"


def points(rating, shares=(1, 1, 1, 1), minus=Decimal(0)) -> dict:
    """Each indicator of criterion n at shares[n] of its maximum; `minus` off the first
    indicator of ten points (95,5 instead of 100)."""
    values = {}
    for indicator in Indicator.objects.filter(criterion__rubric=rating.rubric).select_related(
        "criterion"
    ):
        value = indicator.max_points * Decimal(str(shares[indicator.criterion.order - 1]))
        if minus and indicator.max_points == 10:
            value, minus = value - minus, Decimal(0)
        values[indicator.pk] = (value, "")
    return values


def self_assess(rating, user, submit=True, **kwargs) -> Rating:
    rating = services.save_self_assessment(
        user=user, rating=rating, points=points(rating, **kwargs), version=rating.version
    )
    if not submit:
        return rating
    add_required_evidence(rating, user)
    return services.submit(user=user, rating=rating, version=rating.version)


def review(rating, reviewer, approve=False, **kwargs) -> Rating:
    rating = services.save_review(
        user=reviewer, rating=rating, points=points(rating, **kwargs), version=rating.version
    )
    if approve:
        rating = services.approve(user=reviewer, rating=rating, version=rating.version)
    return rating


@pytest.fixture
def more_centres(district):
    return [
        CentreFactory(commune=CommuneFactory(parent=district, code=code, name=name))
        for code, name in (("12460", "Xã Duyên Hải"), ("12463", "Xã Đông Hải"))
    ]


@pytest.fixture
def rated(district_reviewer, district, centre, neighbour_centre, far_centre, more_centres):
    """In the district's round of 2024: An Khê submitted (self 95,5, a complete review of 90),
    An Đồng approved (fair, 70), Duyên Hải and Đông Hải never started; Tân Lễ, in the other
    district, has no rating."""
    services.open_round(user=district_reviewer, unit=district, year=YEAR, deadline=DEADLINE)
    ratings = {r.centre_id: r for r in Rating.objects.filter(year=YEAR)}
    first = self_assess(ratings[centre.pk], district_reviewer, minus=Decimal("4.5"))
    review(first, district_reviewer, shares=(0.9,) * 4)
    second = self_assess(ratings[neighbour_centre.pk], district_reviewer, shares=(0.8,) * 4)
    review(second, district_reviewer, approve=True, shares=(0.7,) * 4)
    return ratings


def by_commune(listing) -> dict:
    return {row.commune: row for row in listing.rows}


def test_the_list_has_every_centre_with_its_rating_and_the_unrated_as_not_self_assessed(
    province_viewer, province, rated
):
    listing = rating_list(province_viewer, province, YEAR)
    assert [r.commune for r in listing.rows] == [
        "Xã An Khê", "Xã An Đồng", "Xã Duyên Hải", "Xã Đông Hải", "Xã Tân Lễ",
    ]  # fmt: skip
    rows = by_commune(listing)
    an_khe, an_dong, tan_le = rows["Xã An Khê"], rows["Xã An Đồng"], rows["Xã Tân Lễ"]
    assert an_khe.district == "Huyện Quỳnh Phụ" and tan_le.district == "Huyện Hưng Hà"
    assert (an_khe.status, an_khe.self_total, an_khe.review_total) == (
        "submitted", Decimal("95.5"), Decimal("90.0"),
    )  # fmt: skip
    assert an_khe.grade == "good" and not an_khe.approved
    good = gettext("good").capitalize()
    assert an_khe.grade_label == gettext("%(grade)s (not approved yet)") % {"grade": good}
    assert (an_dong.grade, an_dong.approved, an_dong.review_total) == ("fair", True, Decimal(70))
    assert an_dong.grade_label == gettext("fair").capitalize()
    assert an_khe.submitted_on == datetime.date.today() == an_dong.submitted_on
    assert tan_le.status == NO_RATING and tan_le.rating is None
    assert tan_le.status_label == gettext("not self-assessed").capitalize()
    assert (tan_le.self_total, tan_le.grade_label, tan_le.days_late) == (None, "", None)


def test_a_rating_not_submitted_after_the_deadline_shows_its_days_late(
    district_reviewer, district, rated
):
    rows = by_commune(rating_list(district_reviewer, district, YEAR))
    late = (datetime.date.today() - DEADLINE).days
    assert rows["Xã Duyên Hải"].days_late == late == rows["Xã Đông Hải"].days_late
    assert rows["Xã Duyên Hải"].status == "not_started"
    assert rows["Xã An Khê"].days_late == 0  # submitted


def test_the_list_sorts_by_review_score_descending_with_the_unscored_last(
    district_reviewer, district, rated
):
    listing = rating_list(district_reviewer, district, YEAR, "review_score", "desc")
    assert [r.review_total for r in listing.rows] == [Decimal(90), Decimal(70), None, None]
    ascending = rating_list(district_reviewer, district, YEAR, "review_score", "asc")
    assert [r.review_total for r in ascending.rows] == [Decimal(70), Decimal(90), None, None]


def test_the_list_sorts_names_in_vietnamese_alphabetical_order(district_reviewer, district, rated):
    listing = rating_list(district_reviewer, district, YEAR, "name", "asc")
    # d before đ, and "An Đồng" before "An Khê": code points would put Đ after every Latin letter.
    assert [r.commune for r in listing.rows] == [
        "Xã An Đồng", "Xã An Khê", "Xã Duyên Hải", "Xã Đông Hải",
    ]  # fmt: skip
    backwards = rating_list(district_reviewer, district, YEAR, "name", "desc")
    assert [r.commune for r in backwards.rows] == [r.commune for r in reversed(listing.rows)]
    assert vietnamese_key("Ăn") > vietnamese_key("Anh") and vietnamese_key("") is None


def test_an_unknown_sort_or_direction_is_ignored(client_for, district_reviewer, district, rated):
    client = client_for(district_reviewer)
    page = client.get(
        reverse(LIST), {"unit": district.pk, "year": YEAR, "sort": "pk", "dir": "sideways"}
    )
    assert page.status_code == 200
    listing = page.context["listing"]
    assert (listing.sort, listing.direction) == ("", "asc")
    assert [r.commune for r in listing.rows][:2] == ["Xã An Khê", "Xã An Đồng"]  # codes' order
    sorted_page = client.get(
        reverse(LIST), {"unit": district.pk, "year": YEAR, "sort": "grade", "dir": "desc"}
    )
    assert [r.grade for r in sorted_page.context["listing"].rows] == ["good", "fair", "", ""]


def test_the_column_headers_link_to_sorting_and_flip_the_direction(
    client_for, district_reviewer, district, rated
):
    client = client_for(district_reviewer)
    page = client.get(reverse(LIST), {"unit": district.pk, "year": YEAR, "sort": "days_late"})
    links = {h["column"].key: h for h in page.context["headers"]}
    assert links["days_late"]["url"] == (f"?unit={district.pk}&year={YEAR}&sort=days_late&dir=desc")
    assert links["days_late"]["aria_sort"] == "ascending"
    assert links["name"]["url"].endswith("&sort=name&dir=asc") and not links["name"]["aria_sort"]
    body = page.content.decode()
    assert f'href="?unit={district.pk}&amp;year={YEAR}&amp;sort=days_late&amp;dir=desc"' in body
    assert 'aria-sort="ascending"' in body


def test_html_excel_and_pdf_list_the_same_rows(client_for, district_reviewer, district, rated):
    from pypdf import PdfReader

    client = client_for(district_reviewer)
    params = {"unit": district.pk, "year": YEAR, "sort": "review_score", "dir": "desc"}
    html = client.get(reverse(LIST), params)
    rows = html.context["listing"].rows
    body = html.content.decode()
    today = datetime.date.today().strftime("%d/%m/%Y")
    for text in ("95,5", "90,0", "70,0", today, str((datetime.date.today() - DEADLINE).days)):
        assert text in body
    assert gettext("%(grade)s (not approved yet)") % {"grade": gettext("good").capitalize()} in body

    sheet = load_workbook(
        io.BytesIO(client.get(reverse(LIST), params | {"format": "xlsx"}).content)
    ).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    first = next(i for i, row in enumerate(values) if row[0] == rows[0].commune)
    table = values[first : first + len(rows)]
    assert [row[0] for row in table] == [r.commune for r in rows]  # the order shown
    assert [row[4:6] for row in table] == [
        [95.5, 90.0], [80.0, 70.0], [None, None], [None, None],
    ]  # fmt: skip
    assert table[2][7] == rows[2].days_late and table[0][7] == 0
    assert table[0][8].date() == datetime.date.today()
    assert sheet.cell(row=first + 1, column=5).number_format == "#,##0.0"

    pdf = client.get(reverse(LIST), params | {"format": "pdf"})
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    for figure in ("95,5", "90,0", "80,0", "70,0", today, "Xã Đông Hải", "31/01/2025"):
        assert figure in text
    assert text.index("Xã An Khê") < text.index("Xã An Đồng")  # sorted by review, as shown


@pytest.fixture
def banded(district_reviewer, district, centre, neighbour_centre, far_centre, more_centres):
    """Self-assessed: An Khê 90 (good; approved good), An Đồng 88 with its first area at 8 of 20
    (below half: fair), Duyên Hải 60 (average); Đông Hải's is a draft; a fifth centre 40 (weak);
    Tân Lễ has none."""
    fifth = CentreFactory(commune=CommuneFactory(parent=district, code="12466", name="Xã An Mỹ"))
    services.open_round(user=district_reviewer, unit=district, year=YEAR, deadline=DEADLINE)
    ratings = {r.centre_id: r for r in Rating.objects.filter(year=YEAR)}
    user = district_reviewer
    good = self_assess(ratings[centre.pk], user, shares=(0.9,) * 4)
    review(good, user, approve=True, shares=(0.9,) * 4)
    self_assess(ratings[neighbour_centre.pk], user, shares=(0.4, 1, 1, 1))
    self_assess(ratings[more_centres[0].pk], user, shares=(0.6,) * 4)
    self_assess(ratings[more_centres[1].pk], user, submit=False, shares=(0.9,) * 4)
    self_assess(ratings[fifth.pk], user, shares=(0.4,) * 4)
    return ratings


def test_self_assessments_fall_in_the_bands_of_the_rubric(
    province_viewer, province, district, banded
):
    summary = self_assessment(province_viewer, province, YEAR)
    rows = {row.name: (row.centres, row.counts) for row in summary.rows}
    # good, fair, average, weak, not self-assessed: the 88 is fair (an area below half), the
    # draft is not a self-assessment yet.
    assert rows == {"Huyện Quỳnh Phụ": (5, [1, 1, 1, 1, 1]), "Huyện Hưng Hà": (1, [0, 0, 0, 0, 1])}
    assert summary.total.counts == [1, 1, 1, 1, 2] and summary.total.centres == 6
    assert sum(summary.total.shares) == Decimal("100.0")
    assert summary.approved.counts == [1, 0, 0, 0, 5]  # beside it, the approved grades
    by_commune = self_assessment(province_viewer, district, YEAR)
    assert {row.name: row.counts[:4] for row in by_commune.rows if any(row.counts[:4])} == {
        "Xã An Khê": [1, 0, 0, 0], "Xã An Đồng": [0, 1, 0, 0], "Xã Duyên Hải": [0, 0, 1, 0],
        "Xã An Mỹ": [0, 0, 0, 1],
    }  # fmt: skip


def test_the_distribution_reads_alike_in_html_excel_and_pdf(
    client_for, province_viewer, province, banded
):
    from pypdf import PdfReader

    client = client_for(province_viewer)
    params = {"unit": province.pk, "year": YEAR}
    html = client.get(reverse(DISTRIBUTION), params)
    summary = html.context["summary"]
    shares = [f"{s}".replace(".", ",") + "%" for s in summary.total.shares]
    body = html.content.decode()
    assert all(share in body for share in shares)
    workbook = load_workbook(
        io.BytesIO(client.get(reverse(DISTRIBUTION), params | {"format": "xlsx"}).content)
    )

    def row_of(sheet, first_cell):
        return next(
            [c.value for c in row] for row in sheet.iter_rows() if row[0].value == first_cell
        )

    total = row_of(workbook.worksheets[0], gettext("Total"))
    assert total[1] == summary.total.centres == 6
    assert total[2::2] == summary.total.counts
    assert [round(v * 100, 1) for v in total[3::2]] == [float(s) for s in summary.total.shares]
    good = row_of(workbook.worksheets[1], gettext("good").capitalize())
    share = pytest.approx(float(summary.total.shares[0]) / 100)  # 16,7% of 6 centres
    assert good[1:5] == [1, share, 1, share]  # self-assessed good, approved good
    pdf = client.get(reverse(DISTRIBUTION), params | {"format": "pdf"})
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert all(share in text for share in shares)
    assert "Huyện Quỳnh Phụ" in text and "Huyện Hưng Hà" in text


def test_commune_staff_get_neither_page(client_for, commune_staff, district, rated):
    client = client_for(commune_staff)
    for name in (LIST, DISTRIBUTION):
        assert client.get(reverse(name)).status_code == 403
        assert client.get(reverse(name), {"unit": district.pk}).status_code == 404


def test_a_user_of_another_province_gets_404_for_this_province_in_every_format(
    client_for, outsider, district_reviewer, province, other_district, rated
):
    for user, unit in ((outsider, province), (district_reviewer, other_district)):
        client = client_for(user)
        for name in (LIST, DISTRIBUTION):
            for fmt in ("html", "xlsx", "pdf"):
                params = {"unit": unit.pk, "year": YEAR, "format": fmt}
                assert client.get(reverse(name), params).status_code == 404, (name, fmt)


def test_query_counts_stay_the_same_from_3_to_10_centres(
    client_for, province_viewer, district_reviewer, province, district, centre, far_centre
):
    def add_centres(n, first_code):
        for i in range(n):
            CentreFactory(commune=CommuneFactory(parent=district, code=f"{first_code + i:05d}"))

    def rate_every_centre():  # self-assessed and reviewed, so every row has a pending grade
        rated = set(Rating.objects.filter(year=YEAR).values_list("centre_id", flat=True))
        Rating.objects.bulk_create(
            Rating(centre=c, year=YEAR, round=rating_round, rubric=rating_round.rubric)
            for c in Centre.objects.filter(commune__parent=district).exclude(pk__in=rated)
        )
        for rating in Rating.objects.filter(year=YEAR, status="not_started"):
            review(self_assess(rating, district_reviewer), district_reviewer)

    client = client_for(province_viewer)

    def count(name, params):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name), params).status_code == 200
        return len(queries)

    def counts():
        params = {"unit": province.pk, "year": YEAR}
        return [
            count(LIST, params),
            count(LIST, params | {"sort": "grade", "dir": "desc"}),
            count(DISTRIBUTION, params),
        ]

    add_centres(2, 13000)
    rating_round = services.open_round(
        user=district_reviewer, unit=district, year=YEAR, deadline=DEADLINE
    )
    rate_every_centre()
    assert len(rating_list(province_viewer, province, YEAR).rows) == 4  # and Tân Lễ, unrated
    few = counts()
    add_centres(7, 14000)
    rate_every_centre()
    assert len(rating_list(province_viewer, province, YEAR).rows) == 11
    assert counts() == few
