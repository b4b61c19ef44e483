"""Rating pages: scope (404), role and state (403), evidence, bulk approve, query counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ratings.models import Evidence, Indicator, Rating

from ..factories import CentreFactory, CommuneFactory, pdf_bytes
from .conftest import YEAR, reviewed, submitted

pytestmark = pytest.mark.django_db


def points_data(rating, share=Decimal(1)) -> dict:
    data = {"version": rating.version}
    for indicator in Indicator.objects.filter(criterion__rubric=rating.rubric):
        value = (indicator.max_points * share).quantize(Decimal("0.1"))
        data[f"points_{indicator.pk}"] = str(value).replace(".", ",")  # typed the Vietnamese way
        data[f"comment_{indicator.pk}"] = "Đạt"
    return data


def test_commune_staff_fills_uploads_evidence_and_submits(client_for, commune_staff, rating):
    client = client_for(commune_staff)
    page = client.get(rating.get_absolute_url())
    assert page.status_code == 200
    assert "Điền phiếu tự đánh giá" in page.content.decode()
    response = client.post(
        reverse("ratings:self_assessment", args=[rating.pk]), points_data(rating, Decimal("0.9"))
    )
    assert response.status_code == 302
    rating.refresh_from_db()
    assert rating.self_total == Decimal(90)
    for indicator in Indicator.objects.filter(
        criterion__rubric=rating.rubric, evidence_required=True
    ):
        upload = SimpleUploadedFile("bien-ban.pdf", pdf_bytes(), content_type="application/pdf")
        client.post(
            reverse("ratings:evidence_upload", args=[rating.pk]),
            {"indicator": indicator.pk, "file": upload},
        )
    assert Evidence.objects.filter(rating=rating).count() == 4
    client.post(reverse("ratings:submit", args=[rating.pk]), {"version": rating.version + 0})
    rating.refresh_from_db()
    assert rating.status == "submitted"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ....", "Chỉ nhận tệp PDF"),
        ("gia-mao.pdf", b"<html>not a pdf</html>", "không đúng với loại tệp"),
        ("lon.pdf", b"%PDF" + b"0" * (11 * 1024 * 1024), "quá lớn"),
    ],
)
def test_bad_evidence_files_are_refused(client_for, commune_staff, rating, name, content, message):
    indicator = Indicator.objects.filter(criterion__rubric=rating.rubric).first()
    response = client_for(commune_staff).post(
        reverse("ratings:evidence_upload", args=[rating.pk]),
        {"indicator": indicator.pk, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert message in response.content.decode()
    assert not Evidence.objects.exists()


def test_evidence_is_served_only_inside_the_scope(
    client_for, commune_staff, district_reviewer, outsider, neighbour_centre, rating
):
    submitted(rating, commune_staff)
    evidence = Evidence.objects.filter(rating=rating).first()
    url = evidence.get_absolute_url()
    assert not url.startswith("/media")
    response = client_for(district_reviewer).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # response.close() would fire request_finished, which closes the test's PostgreSQL
    # connection inside its transaction; close only the file.
    for close in response._resource_closers:
        close()
    assert client_for(outsider).get(url).status_code == 404
    from ..factories import UserFactory, assign

    neighbour_staff = UserFactory(username="xa_ben")
    assign(neighbour_staff, neighbour_centre.commune, "centre_staff")
    assert client_for(neighbour_staff).get(url).status_code == 404


def test_reviewer_returns_then_approves_and_sees_the_grade(
    client_for, commune_staff, district_reviewer, rating
):
    rating = submitted(rating, commune_staff)
    client = client_for(district_reviewer)
    client.post(
        reverse("ratings:return", args=[rating.pk]),
        {"version": rating.version, "reason": "Bổ sung minh chứng 2.1"},
    )
    rating.refresh_from_db()
    assert rating.status == "returned"
    rating = submitted(rating, commune_staff)
    client.post(reverse("ratings:review", args=[rating.pk]), points_data(rating, Decimal("0.8")))
    rating.refresh_from_db()
    asked = client.post(reverse("ratings:approve", args=[rating.pk]), {"version": rating.version})
    assert "Khá" in asked.content.decode()  # the grade, and a second question
    rating.refresh_from_db()
    assert rating.status == "submitted"
    client.post(
        reverse("ratings:approve", args=[rating.pk]), {"version": rating.version, "confirm": "1"}
    )
    page = client.get(rating.get_absolute_url()).content.decode()
    assert "Khá" in page
    assert "Bổ sung minh chứng 2.1" in page
    staff_page = client_for(commune_staff).get(
        reverse("activities:centre_year", args=[rating.centre_id, YEAR])
    )
    assert not staff_page.context["can_change"]


def test_a_stale_review_form_keeps_the_entries_and_explains(
    client_for, commune_staff, district_reviewer, province_viewer, rating
):
    rating = submitted(rating, commune_staff)
    stale = points_data(rating, Decimal("0.5"))
    reviewed(rating, district_reviewer, Decimal("0.9"))
    response = client_for(district_reviewer).post(
        reverse("ratings:review", args=[rating.pk]), stale
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Có người đã lưu" in body
    first = Indicator.objects.filter(criterion__rubric=rating.rubric).first()
    assert response.context["form"].data[f"points_{first.pk}"] == stale[f"points_{first.pk}"]
    rating.refresh_from_db()
    assert rating.review_total == Decimal(90)


@pytest.mark.parametrize(
    ("role", "status"),
    [("province_viewer", 403), ("commune_staff", 403), ("outsider", 404)],
)
def test_review_actions_by_the_wrong_people(
    request, client_for, commune_staff, rating, role, status
):
    rating = submitted(rating, commune_staff)
    client = client_for(request.getfixturevalue(role))
    for name in ["ratings:review", "ratings:approve", "ratings:return"]:
        assert (
            client.post(
                reverse(name, args=[rating.pk]), {"version": rating.version, "reason": "x"}
            ).status_code
            == status
        )
    assert Rating.objects.get(pk=rating.pk).status == "submitted"


def test_self_assessment_pages_outside_the_scope_are_404(
    client_for, commune_staff, rating_round, neighbour_centre
):
    other = Rating.objects.get(round=rating_round, centre=neighbour_centre)
    client = client_for(commune_staff)
    for name in [
        "ratings:detail",
        "ratings:self_assessment",
        "ratings:submit",
        "ratings:evidence_upload",
    ]:
        response = (
            client.post(reverse(name, args=[other.pk]), {"version": 1})
            if name != "ratings:detail"
            else client.get(reverse(name, args=[other.pk]))
        )
        assert response.status_code == 404, name
    assert client.get(reverse("ratings:round", args=[rating_round.pk])).status_code == 404


def test_round_overview_counts_and_bulk_approves(
    client_for, commune_staff, district_reviewer, rating_round, rating
):
    rating = submitted(rating, commune_staff)
    reviewed(rating, district_reviewer, Decimal("0.6"))
    client = client_for(district_reviewer)
    page = client.get(rating_round.get_absolute_url())
    assert page.context["counts"]["submitted"] == 1
    assert page.context["counts"]["expected"] == 2
    assert page.context["counts"]["missing"] == 1
    chosen = {"ratings": [r.pk for r in rating_round.ratings.all()]}
    listed = client.post(rating_round.get_absolute_url(), chosen)
    assert listed.status_code == 200  # the ticked ratings, listed to confirm
    rating.refresh_from_db()
    assert rating.status == "submitted"
    client.post(rating_round.get_absolute_url(), {**chosen, "confirm": "1"})
    rating.refresh_from_db()
    assert rating.status == "approved"
    assert rating.grade == "average"
    assert (
        client.get(rating_round.get_absolute_url(), {"status": "approved"}).context["counts"][
            "approved"
        ]
        == 1
    )


def test_viewers_see_the_round_but_cannot_bulk_approve(client_for, province_viewer, rating_round):
    client = client_for(province_viewer)
    assert client.get(rating_round.get_absolute_url()).status_code == 200
    assert client.post(rating_round.get_absolute_url(), {"ratings": []}).status_code == 403
    assert client.get(reverse("ratings:round_open")).status_code == 403


def test_round_overview_query_count_is_constant(
    client_for, district_reviewer, rating_round, district
):
    from ratings import services

    client = client_for(district_reviewer)
    client.get(rating_round.get_absolute_url())  # the user's lineage is cached from here on
    with CaptureQueriesContext(connection) as few:
        client.get(rating_round.get_absolute_url())
    for i in range(15):
        centre = CentreFactory(commune=CommuneFactory(parent=district, code=f"{40000 + i:05d}"))
        Rating.objects.create(
            centre=centre, year=YEAR, round=rating_round, rubric=rating_round.rubric
        )
    with CaptureQueriesContext(connection) as many:
        client.get(rating_round.get_absolute_url())
    assert len(few) == len(many)
    assert services is not None


def test_reviewer_opens_a_round_from_the_form(client_for, district_reviewer, district, centre):
    client = client_for(district_reviewer)
    response = client.post(
        reverse("ratings:round_open"),
        {"unit": district.pk, "year": YEAR - 1, "deadline": "2025-12-31"},
    )
    assert response.status_code == 302
    assert Rating.objects.filter(year=YEAR - 1, centre=centre).exists()


def test_historical_grade_form(client_for, district_reviewer, commune_staff, centre, far_centre):
    client = client_for(district_reviewer)
    form = client.get(reverse("ratings:historical")).context["form"]
    assert far_centre not in form.fields["centre"].queryset
    assert (
        client.post(
            reverse("ratings:historical"),
            {"record": "1", "centre": centre.pk, "year": 2011, "grade": "fair"},
        ).status_code
        == 302
    )
    assert Rating.objects.get(centre=centre, year=2011).is_historical
    bad = client.post(
        reverse("ratings:historical"),
        {"record": "1", "centre": far_centre.pk, "year": 2011, "grade": "fair"},
    )
    assert "centre" in bad.context["form"].errors
    assert client_for(commune_staff).get(reverse("ratings:historical")).status_code == 403


def grades_file(rows) -> SimpleUploadedFile:
    import io

    from openpyxl import load_workbook

    from ratings.views import grades_template

    class Request:
        user = None
        method = "GET"

    workbook = load_workbook(io.BytesIO(grades_template(Request()).content))
    for row in rows:
        workbook.worksheets[0].append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("xep-loai.xlsx", buffer.getvalue())


def test_historical_grades_import_all_or_nothing(
    client_for, district_reviewer, centre, neighbour_centre, far_centre
):
    client = client_for(district_reviewer)
    url = reverse("ratings:historical")
    bad = client.post(url, {"import": "1", "file": grades_file([
        [centre.commune.code, 2007, "Tốt"],
        [far_centre.commune.code, 2007, "Khá"],     # not under this district
        [neighbour_centre.commune.code, 2099, "Khá"],  # not a past year
        [neighbour_centre.commune.code, 2011, "Xuất sắc"],  # not a grade
        [centre.commune.code, 2007, "Khá"],         # duplicate
    ])})  # fmt: skip
    problems = {(e.row, e.column) for e in bad.context["result"].errors}
    assert problems == {(3, "Mã xã"), (4, "Năm"), (5, "Xếp loại"), (6, "Mã xã")}
    assert not Rating.objects.exists()
    good = client.post(url, {"import": "1", "file": grades_file([
        [int(centre.commune.code), 2007, "tốt"],
        [neighbour_centre.commune.code, 2007, "Trung bình"],
    ])})  # fmt: skip
    assert good.status_code == 302
    assert dict(Rating.objects.values_list("centre_id", "grade")) == {
        centre.pk: "good",
        neighbour_centre.pk: "average",
    }
    assert Rating.objects.filter(is_historical=True).count() == 2


def test_recorded_data_is_suggested_beside_measurable_indicators(client_for, commune_staff, rating):
    from activities.models import Funding

    from ..factories import ActivityFactory, BoardMemberFactory

    BoardMemberFactory(centre=rating.centre)
    Funding.objects.create(centre=rating.centre, year=YEAR, social_contributions=12_500_000)
    ActivityFactory(centre=rating.centre, partner="Hội Nông dân xã")
    page = client_for(commune_staff).get(rating.get_absolute_url()).content.decode()
    assert "Dữ liệu đã ghi nhận: có Giám đốc và 0 Phó Giám đốc" in page
    assert "Dữ liệu đã ghi nhận: 12.500.000 đ" in page


def test_the_communes_that_have_not_reported_are_listed(
    client_for, district_reviewer, commune_staff, rating_round, rating, neighbour_centre
):
    submitted(rating, commune_staff)
    page = client_for(district_reviewer).get(rating_round.get_absolute_url(), {"status": "missing"})
    assert [r.centre for r in page.context["ratings"]] == [neighbour_centre]


def test_province_admins_see_only_their_provinces_rubrics_in_the_admin(
    client, unit_admin, rating_round, other_province
):
    from django.contrib.auth.models import Permission

    from ratings.default_rubric import create_default_rubric

    foreign = create_default_rubric(other_province)
    unit_admin.is_staff = True
    unit_admin.save()
    unit_admin.user_permissions.add(*Permission.objects.filter(codename__endswith="rubric"))
    client.force_login(unit_admin)
    listing = client.get("/admin/ratings/rubric/")
    listed = set(listing.context["cl"].queryset)
    assert rating_round.rubric in listed
    assert {r.province_id for r in listed} == {rating_round.rubric.province_id}
    assert client.get(f"/admin/ratings/rubric/{foreign.pk}/change/").status_code == 302


@pytest.mark.parametrize("year", ["1990", "1999", str(datetime.date.today().year)])
def test_a_past_grade_outside_the_portals_years_is_refused(
    client_for, district_reviewer, centre, year
):
    page = client_for(district_reviewer).post(
        reverse("ratings:historical"),
        {"record": "1", "centre": centre.pk, "year": year, "grade": "good"},
    )
    assert page.status_code == 200
    assert "year" in page.context["form"].errors
    assert not Rating.objects.filter(centre=centre).exists()


def test_a_round_for_a_year_beyond_next_is_refused(client_for, district_reviewer, district):
    page = client_for(district_reviewer).post(
        reverse("ratings:round_open"),
        {"unit": district.pk, "year": datetime.date.today().year + 5, "deadline": "2031-01-01"},
    )
    assert page.status_code == 200
    assert "year" in page.context["form"].errors


def test_the_reviewer_sees_the_centres_scores_comments_and_evidence_beside_each_box(
    client_for, commune_staff, district_reviewer, rating
):
    from .conftest import submitted

    rating = submitted(rating, commune_staff)
    page = client_for(district_reviewer).get(reverse("ratings:review", args=[rating.pk]))
    body = page.content.decode()
    assert body.count('class="btn btn-sm btn-outline-dark ms-2 copy-score"') == len(
        page.context["rows"]
    )
    assert "Điểm trung tâm tự chấm" in body
    assert "minh-chung.pdf" in body  # the evidence the centre attached


def test_the_past_grades_page_lists_what_is_recorded_and_says_what_changed(
    client_for, district_reviewer, centre
):
    client = client_for(district_reviewer)
    url = reverse("ratings:historical")
    form = client.get(url).context["form"]
    assert form.fields["grade"].choices[0] == ("", "— Chọn —")
    data = {"record": "1", "centre": centre.pk, "year": 2011, "grade": "fair"}
    client.post(url, data)
    again = client.post(url, {**data, "grade": "good"}, follow=True)
    assert "Khá → Tốt" in again.content.decode()
    rows = list(again.context["page"])
    assert [(r.year, r.grade) for r in rows] == [(2011, "good")]
    assert "Xã An Khê" in again.content.decode()


def test_recorded_data_beside_indicators_are_grouped_and_say_their_unit(centre):
    from activities.models import AnnualPlan, ContentArea, PlanItem
    from ratings.models import Measure
    from ratings.selectors import measured_values

    plan = AnnualPlan.objects.create(centre=centre, year=2026, people_surveyed=1055)
    PlanItem.objects.create(plan=plan, content_area=ContentArea.objects.first(), planned_talks=2)
    centre.adult_population = 4000
    centre.save()
    values = measured_values(centre, 2026)
    assert values[Measure.PLAN_SURVEY] == "1.055 người được khảo sát"
    assert values[Measure.VISITS_PER_ADULT].endswith("lượt người học trên mỗi người trưởng thành")
