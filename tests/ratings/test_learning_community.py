""" "Cộng đồng học tập" cấp xã (TT 25/2023) as a second kind of assessment in the rating engine:
the default rubric, the level rule at its boundaries, rounds beside the centre rating, the
TTHTCĐ indicator prefilled from the centre's grade, the workflow, nothing locked, the rubric
editor, and the recognition report in three formats (issue 19, part 2)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from activities.locks import is_year_locked
from ratings import rubric_services, services
from ratings.default_community_rubric import COMMUNITY_FROM, create_community_rubric
from ratings.default_rubric import rubric_for
from ratings.forms import ScoresForm
from ratings.grading import compute_grade
from ratings.models import Indicator, Kind, Level, Measure, Rating, Rubric
from reports.selectors import rating_summary

from ..factories import CentreFactory, CommuneFactory
from .conftest import YEAR, full_points, reviewed, submitted

pytestmark = pytest.mark.django_db
DEADLINE = datetime.date.today() + datetime.timedelta(days=10)


@pytest.fixture
def rubric(province):
    return create_community_rubric(province)


def points_by_criterion(rubric, per_criterion: list[Decimal]) -> dict[int, Decimal]:
    """Each criterion's points spread over its indicators in order (each up to its maximum)."""
    points = {}
    for criterion, wanted in zip(rubric.criteria.all(), per_criterion, strict=True):
        left = Decimal(wanted)
        for indicator in criterion.indicators.all():
            given = min(left, indicator.max_points)
            points[indicator.pk] = given
            left -= given
        assert left == 0
    return points


@pytest.fixture
def community_round(province, province_reviewer, centre, neighbour_centre):
    return services.open_round(
        user=province_reviewer, unit=province, year=YEAR, deadline=DEADLINE, kind=Kind.COMMUNITY
    )


@pytest.fixture
def assessment(community_round, centre):
    return Rating.objects.get(round=community_round, centre=centre)


@pytest.fixture
def province_reviewer(province):
    from ..factories import UserFactory, assign

    user = UserFactory(username="so_danh_gia_cdht")
    assign(user, province, "reviewer")
    return user


# The default rubric


def test_the_default_rubric_has_the_five_criteria_of_tt_25_2023_at_20_points_each(rubric):
    criteria = list(rubric.criteria.all())
    assert rubric.kind == Kind.COMMUNITY
    assert rubric.first_year == COMMUNITY_FROM == 2024
    assert [c.name.split()[0] for c in criteria] == ["Công", "Các", "Hiệu", "Kết", "Tác"]
    assert "Trung tâm học tập cộng đồng, thư viện xã, trung tâm văn hóa" in criteria[2].name
    assert "phổ cập giáo dục, xóa mù chữ" in criteria[3].name
    assert [sum(i.max_points for i in c.indicators.all()) for c in criteria] == [20] * 5
    assert rubric.average_total is None
    centre_indicator = Indicator.objects.get(
        criterion__rubric=rubric, measure=Measure.CENTRE_RATING
    )
    assert centre_indicator.criterion.order == 3


def test_a_province_gets_the_default_from_2024_and_none_before_without_its_own(province):
    rubric = rubric_for(province, 2026, Kind.COMMUNITY)
    assert rubric.covers(2024)
    assert rubric.covers(2030)
    assert rubric_for(province, 2024, Kind.COMMUNITY) == rubric
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        rubric_for(province, 2023, Kind.COMMUNITY)
    assert "từ năm 2024" in str(error.value)
    # the centre rubric of the same years is a different object of the other kind
    assert rubric_for(province, 2026).kind == Kind.CENTRE


# The level rule, at its boundaries (mức độ 2: 85 and 70 % each; mức độ 1: 70 and 50 % each)


@pytest.mark.parametrize(
    ("per_criterion", "level"),
    [
        (["20", "20", "20", "20", "20"], Level.LEVEL_2),
        (["17", "17", "17", "17", "17"], Level.LEVEL_2),  # 85, each 85 %
        (["20", "20", "17", "14", "14"], Level.LEVEL_2),  # 85, the lowest exactly 70 %
        (["20", "20", "20", "13.5", "16.5"], Level.LEVEL_1),  # 90, one below 70 %
        (["17", "17", "17", "17", "16.5"], Level.LEVEL_1),  # 84,5
        (["14", "14", "14", "14", "14"], Level.LEVEL_1),  # 70, each 70 %
        (["20", "20", "10", "10", "10"], Level.LEVEL_1),  # 70, the lowest exactly 50 %
        (["14", "14", "14", "14", "13.5"], Level.NOT_MET),  # 69,5
        (["20", "20", "20", "9.5", "20"], Level.NOT_MET),  # 89,5 but one below 50 %
        (["0", "0", "0", "0", "0"], Level.NOT_MET),
    ],
)
def test_the_level_follows_the_totals_and_the_shares_at_their_boundaries(
    rubric, per_criterion, level
):
    result = compute_grade(rubric, points_by_criterion(rubric, per_criterion))
    assert result.grade == level


def test_a_share_that_holds_a_level_back_is_given_as_the_reason(rubric):
    with translation.override("vi"):
        result = compute_grade(rubric, points_by_criterion(rubric, ["20", "20", "20", "9.5", "20"]))
    assert result.grade_label == "chưa đạt"
    assert any("đạt mức độ 1" in r and "dưới 50%" in r for r in result.reasons)


# Rounds and the workflow


def test_a_community_round_opens_beside_the_centre_round_of_the_same_unit_and_year(
    community_round, province, province_reviewer, centre, neighbour_centre
):
    centre_round = services.open_round(
        user=province_reviewer, unit=province, year=YEAR, deadline=DEADLINE
    )
    assert community_round.kind == Kind.COMMUNITY
    assert centre_round.kind == Kind.CENTRE
    assert community_round.rubric.kind == Kind.COMMUNITY
    assert set(community_round.ratings.values_list("centre_id", "kind")) == {
        (centre.pk, Kind.COMMUNITY),
        (neighbour_centre.pk, Kind.COMMUNITY),
    }
    assert Rating.objects.filter(centre=centre, year=YEAR).count() == 2
    with pytest.raises(ValidationError):
        services.open_round(
            user=province_reviewer, unit=province, year=YEAR, deadline=DEADLINE,
            kind=Kind.COMMUNITY,
        )  # fmt: skip


def test_a_community_round_before_2024_needs_the_provinces_own_rubric(district, district_reviewer):
    with pytest.raises(ValidationError) as error:
        services.open_round(
            user=district_reviewer, unit=district, year=2023, deadline=DEADLINE,
            kind=Kind.COMMUNITY,
        )  # fmt: skip
    assert "year" in error.value.message_dict


def test_an_unknown_kind_is_refused(province, province_reviewer):
    with pytest.raises(ValidationError) as error:
        services.open_round(
            user=province_reviewer, unit=province, year=YEAR, deadline=DEADLINE, kind="school"
        )
    assert "kind" in error.value.message_dict


def test_the_commune_submits_with_evidence_and_the_province_recognises_it_without_a_lock(
    assessment, commune_staff, province_reviewer
):
    fresh = services.save_self_assessment(
        user=commune_staff, rating=assessment, points=full_points(assessment),
        version=assessment.version,
    )  # fmt: skip
    with translation.override("vi"), pytest.raises(ValidationError) as missing:
        services.submit(user=commune_staff, rating=fresh, version=fresh.version)
    assert any("minh chứng" in m for m in missing.value.messages)
    rating = submitted(Rating.objects.get(pk=assessment.pk), commune_staff)
    rating = reviewed(rating, province_reviewer, Decimal("0.8"))
    rating = services.approve(user=province_reviewer, rating=rating, version=rating.version)
    assert rating.status == "approved"
    assert rating.grade == Level.LEVEL_1
    assert rating.review_total == Decimal(80)
    with translation.override("vi"):
        assert rating.result_label == "đạt mức độ 1"
        assert rating.subject.startswith("“Cộng đồng học tập” ")
    assert not is_year_locked(rating.centre_id, YEAR)  # a commune's title locks no records


def test_a_commune_staff_of_another_commune_cannot_fill_it(assessment, far_centre):
    from ratings.permissions import can_edit_self_assessment

    from ..factories import UserFactory, assign

    other = UserFactory(username="canbo_xa_khac")
    assign(other, far_centre.commune, "centre_staff")
    assert not can_edit_self_assessment(other, assessment)


def test_an_approved_community_assessment_leaves_the_centre_rating_summary_alone(
    assessment, commune_staff, province_reviewer, province, province_viewer
):
    rating = reviewed(submitted(assessment, commune_staff), province_reviewer)
    services.approve(user=province_reviewer, rating=rating, version=rating.version)
    grades = rating_summary(province_viewer, province, YEAR)
    levels = rating_summary(province_viewer, province, YEAR, kind=Kind.COMMUNITY)
    assert grades.total.graded == 0
    assert levels.total.counts[0] == 1
    assert levels.total.graded == 1


# The TTHTCĐ indicator, prefilled from the centre's approved grade of the year


@pytest.mark.parametrize(
    ("grade", "points"),
    [("good", Decimal(10)), ("fair", Decimal("7.5")), ("average", Decimal(5)), ("weak", 0)],
)
def test_the_centre_indicator_starts_from_the_centres_grade(assessment, centre, grade, points):
    Rating.objects.create(
        centre=centre, year=YEAR, status="approved", grade=grade, is_historical=True
    )
    indicator = Indicator.objects.get(
        criterion__rubric=assessment.rubric, measure=Measure.CENTRE_RATING
    )
    form = ScoresForm(rating=assessment, side="self")
    assert form[f"points_{indicator.pk}"].value() == points


def test_no_prefill_without_an_approved_grade_and_saved_points_win(
    assessment, centre, commune_staff
):
    indicator = Indicator.objects.get(
        criterion__rubric=assessment.rubric, measure=Measure.CENTRE_RATING
    )
    form = ScoresForm(rating=assessment, side="self")
    assert form[f"points_{indicator.pk}"].value() is None
    Rating.objects.create(
        centre=centre, year=YEAR, status="approved", grade="good", is_historical=True
    )
    services.save_self_assessment(
        user=commune_staff, rating=assessment, points={indicator.pk: (Decimal(3), "")},
        version=assessment.version,
    )  # fmt: skip
    form = ScoresForm(rating=Rating.objects.get(pk=assessment.pk), side="self")
    assert form[f"points_{indicator.pk}"].value() == Decimal(3)
    assert ScoresForm(rating=assessment, side="review")[f"points_{indicator.pk}"].value() is None


def test_the_self_assessment_page_shows_the_centres_grade_and_the_prefilled_points(
    client_for, assessment, centre, commune_staff
):
    Rating.objects.create(
        centre=centre, year=YEAR, status="approved", grade="fair", is_historical=True
    )
    page = client_for(commune_staff).get(reverse("ratings:self_assessment", args=[assessment.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert f"trung tâm xếp loại khá năm {YEAR}" in body
    assert 'value="7,5"' in body


# The rating page and the rubric editor


def test_the_rating_page_names_the_community_and_states_the_level_rule(
    client_for, assessment, commune_staff
):
    services.save_self_assessment(
        user=commune_staff, rating=assessment, points=full_points(assessment),
        version=assessment.version,
    )  # fmt: skip
    body = client_for(commune_staff).get(assessment.get_absolute_url()).content.decode()
    assert "“Cộng đồng học tập” " + assessment.centre.commune.name in body
    assert "Mức độ 2 từ 85 điểm" in body
    assert "không tiêu chí nào dưới 70%" in body
    assert "→ Đạt mức độ 2" in body  # the level the commune's own points would give


def test_the_community_rubric_form_has_levels_and_no_average(client_for, unit_admin, rubric):
    page = client_for(unit_admin).get(reverse("ratings:rubric", args=[rubric.pk]))
    form = page.context["form"]
    assert "average_total" not in form.fields
    assert str(form.fields["good_total"].label) == "Mức độ 2: tổng điểm từ"


def test_level_1_above_level_2_is_refused_in_words(unit_admin, rubric):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        rubric_services.update_rubric(
            user=unit_admin, rubric=rubric, values={"good_total": Decimal(60)}
        )
    assert "mức độ 2 phải cao hơn" in error.value.message_dict["good_total"][0]


def test_a_new_version_of_a_community_rubric_stays_a_community_rubric(unit_admin, rubric):
    copy = rubric_services.new_version(user=unit_admin, rubric=rubric)
    assert copy.kind == Kind.COMMUNITY
    assert copy.version == 2
    assert copy.average_total is None
    assert copy.criteria.count() == 5


def test_the_unit_admin_starts_each_kind_from_its_default(client_for, unit_admin, province):
    client = client_for(unit_admin)
    url = reverse("ratings:rubric_start", args=[province.pk])
    assert client.post(url, {"kind": "community"}).status_code == 302
    assert client.post(url).status_code == 302
    assert set(Rubric.objects.filter(province=province).values_list("kind", flat=True)) == {
        Kind.CENTRE,
        Kind.COMMUNITY,
    }
    client.post(url, {"kind": "community"})  # a second start of the same kind adds nothing
    assert Rubric.objects.filter(province=province, kind=Kind.COMMUNITY).count() == 1


def test_the_round_form_opens_a_community_round(client_for, province_reviewer, province, centre):
    response = client_for(province_reviewer).post(
        reverse("ratings:round_open"),
        {"kind": "community", "unit": province.pk, "year": YEAR, "deadline": "31/12/2099"},
    )
    assert response.status_code == 302
    assert Rating.objects.get(centre=centre, year=YEAR).kind == Kind.COMMUNITY


# The recognition report


@pytest.fixture
def recognised(province, district, other_district, province_reviewer, commune_staff, centre):
    """Four communes of 2026: level 2, level 1, not recognised, not assessed."""
    others = [
        CentreFactory(commune=CommuneFactory(parent=d, code=code))
        for d, code in ((district, "70001"), (other_district, "70002"), (other_district, "70003"))
    ]
    rating_round = services.open_round(
        user=province_reviewer, unit=province, year=YEAR, deadline=DEADLINE, kind=Kind.COMMUNITY
    )
    for target, share in zip([centre, *others[:2]], ["0.9", "0.8", "0.4"], strict=True):
        rating = Rating.objects.get(round=rating_round, centre=target)
        rating = reviewed(submitted(rating, province_reviewer), province_reviewer, Decimal(share))
        services.approve(user=province_reviewer, rating=rating, version=rating.version)
    return rating_round


def test_the_report_counts_communes_per_level_and_sub_unit(
    client_for, province_viewer, province, recognised
):
    page = client_for(province_viewer).get(
        reverse("reports:communities"), {"unit": province.pk, "year": YEAR}
    )
    assert page.status_code == 200
    summary = page.context["summary"]
    assert summary.total.centres == 4
    assert summary.total.counts == [1, 1, 1, 1]
    assert [row.counts for row in summary.rows] == [[1, 1, 0, 0], [0, 0, 1, 1]]
    body = page.content.decode()
    assert (
        "2/4 xã được công nhận “Cộng đồng học tập” (50,0%): 1 đạt mức độ 2 (25,0%), "
        "1 đạt mức độ 1 (25,0%)"
    ) in body


def test_html_excel_and_pdf_of_the_report_show_the_same_figures(
    client_for, province_viewer, province, recognised
):
    from pypdf import PdfReader

    client = client_for(province_viewer)
    url, params = reverse("reports:communities"), {"unit": province.pk, "year": YEAR}
    total = client.get(url, params).context["summary"].total
    sheet = load_workbook(
        io.BytesIO(client.get(url, params | {"format": "xlsx"}).content)
    ).worksheets[0]
    row = next(r[0].row for r in sheet.iter_rows() if r[0].value == "Tổng cộng")
    values = [c.value for c in sheet[row]]
    assert values[1] == total.centres == 4
    assert values[2:10:2] == total.counts
    assert [round(v * 100, 1) for v in values[3:10:2]] == [float(s) for s in total.shares]
    headers = " ".join(str(c.value) for r in sheet.iter_rows(max_row=row) for c in r if c.value)
    assert "Đạt mức độ 2" in headers
    assert "Chưa đánh giá" in headers
    pdf = client.get(url, params | {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert "CỘNG ĐỒNG HỌC TẬP" in text.upper()
    assert "2/4 xã được công nhận" in text
    assert "25,0%" in text
    assert "Tổng cộng" in text


def test_a_count_leads_to_the_communes_behind_it(
    client_for, province_viewer, province, recognised, centre
):
    page = client_for(province_viewer).get(
        reverse("reports:rating_centres"),
        {"kind": "community", "unit": province.pk, "year": YEAR, "grade": "level_2"},
    )
    assert page.status_code == 200
    assert [c.pk for c in page.context["centres"]] == [centre.pk]
    assert "đạt mức độ 2" in page.content.decode()


def test_the_report_is_404_for_a_unit_of_another_province(client_for, outsider, province):
    page = client_for(outsider).get(reverse("reports:communities"), {"unit": province.pk})
    assert page.status_code == 404


def test_the_report_takes_the_same_queries_as_communes_grow(
    client_for, province_viewer, province, district, province_reviewer
):
    client = client_for(province_viewer)
    url = reverse("reports:communities") + f"?unit={province.pk}&year={YEAR}"

    def queries() -> int:
        from reports.cache import bump

        bump("ratings")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    CentreFactory(commune=CommuneFactory(parent=district, code="71000"))
    client.get(url)
    few = queries()
    for i in range(1, 15):
        CentreFactory(commune=CommuneFactory(parent=district, code=f"{71000 + i}"))
    services.open_round(
        user=province_reviewer, unit=province, year=YEAR, deadline=DEADLINE, kind=Kind.COMMUNITY
    )
    assert queries() == few


def test_under_a_province_of_communes_the_report_lists_each_commune_with_its_level(
    client_for, province_viewer, province, province_reviewer
):
    first = CentreFactory(commune=CommuneFactory(parent=province, code="72001", name="Xã Đông Á"))
    CentreFactory(commune=CommuneFactory(parent=province, code="72002", name="Xã Tây Sơn"))
    rating_round = services.open_round(
        user=province_reviewer, unit=province, year=YEAR, deadline=DEADLINE, kind=Kind.COMMUNITY
    )
    rating = Rating.objects.get(round=rating_round, centre=first)
    rating = reviewed(submitted(rating, province_reviewer), province_reviewer, Decimal("0.9"))
    services.approve(user=province_reviewer, rating=rating, version=rating.version)
    page = client_for(province_viewer).get(
        reverse("reports:communities"), {"unit": province.pk, "year": YEAR}
    )
    distribution, communes = page.context["tables"][:2]
    assert [row[0] for row in distribution.rows] == ["Tổng cộng"]
    assert communes.rows == [[1, "Xã Đông Á", "Đạt mức độ 2"], [2, "Xã Tây Sơn", "Chưa đánh giá"]]


# Found by review


def test_a_centre_rubric_without_an_average_total_is_refused_by_the_model_and_the_database(
    province,
):
    from django.db import IntegrityError, transaction

    rubric = Rubric(
        province=province, name="Thiếu ngưỡng", first_year=2030, good_total=85, fair_total=70
    )
    with pytest.raises(ValidationError) as error:
        rubric.full_clean()
    assert "average_total" in error.value.message_dict
    with transaction.atomic(), pytest.raises(IntegrityError):
        Rubric.objects.create(
            province=province, name="Thiếu ngưỡng", first_year=2030, good_total=85, fair_total=70
        )


def test_a_rubrics_kind_cannot_change_in_the_admin(rubric):
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    from ..factories import UserFactory

    request = RequestFactory().get("/")
    request.user = UserFactory(username="sieu", is_superuser=True, is_staff=True)
    admin = site._registry[Rubric]
    assert "kind" in admin.get_readonly_fields(request, rubric)
    assert "kind" not in admin.get_readonly_fields(request, None)


def test_the_recognised_share_is_rounded_on_its_own(province):
    from reports.rounding import PLAIN, ShareRounding
    from reports.selectors import LEVELS, DistributionRow, RatingSummary
    from reports.sentences import community_headline

    rounding = ShareRounding(1, PLAIN)
    total = DistributionRow(province, province.name, 3, [1, 1, 1, 0], rounding, results=LEVELS)
    summary = RatingSummary(
        province, YEAR, None, [], total, None, datetime.datetime.now(), rounding=rounding,
        kind=Kind.COMMUNITY,
    )  # fmt: skip
    with translation.override("vi"):
        assert community_headline(summary).startswith(
            "2/3 xã được công nhận “Cộng đồng học tập” (66,7%)"
        )


def test_a_present_commune_of_several_former_ones_keeps_its_row_of_counts(province):
    from reports.selectors import LEVELS, DistributionRow, RatingSummary
    from reports.tables import community_tables

    commune = CommuneFactory(parent=province, code="73001")
    row = DistributionRow(commune, commune.name, 3, [1, 1, 0, 1], results=LEVELS)
    summary = RatingSummary(
        province, 2024, None, [row], row, None, datetime.datetime.now(), kind=Kind.COMMUNITY
    )
    tables = community_tables(summary)
    assert len(tables) == 1
    assert tables[0].rows[0][:3] == [commune.name, 3, 1]


def test_bulk_approval_of_community_assessments_says_nothing_is_locked(
    client_for, community_round, assessment, commune_staff, province_reviewer
):
    reviewed(submitted(assessment, commune_staff), province_reviewer)
    page = client_for(province_reviewer).post(
        reverse("ratings:round", args=[community_round.pk]), {"ratings": [assessment.pk]}
    )
    body = page.content.decode()
    assert "không khóa dữ liệu nào" in body
    assert "bị khóa" not in body


def test_approving_a_community_assessment_says_so(
    client_for, assessment, commune_staff, province_reviewer
):
    rating = reviewed(submitted(assessment, commune_staff), province_reviewer)
    page = client_for(province_reviewer).post(
        reverse("ratings:approve", args=[rating.pk]),
        {"confirm": "1", "version": rating.version},
        follow=True,
    )
    assert "Đã phê duyệt kết quả đánh giá, công nhận của xã." in page.content.decode()


def test_the_pdf_form_keeps_the_grouping(client_for, province_viewer, province):
    page = client_for(province_viewer).get(
        reverse("reports:communities"), {"unit": province.pk, "year": YEAR, "grouping": "now"}
    )
    assert '<input type="hidden" name="grouping" value="now">' in page.content.decode()
