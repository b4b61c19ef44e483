"""A period's completeness: every centre's state, late days, zeros for centres with nothing
recorded, counts, filters, the Excel of who has not reported, and a constant query count."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regime import selectors, services
from regime.models import PeriodReport

from ..factories import CentreFactory, CommuneFactory
from .test_workflow import raw


def test_every_centre_shows_with_its_state_and_zeros(
    period, centre, neighbour_centre, far_centre, commune_staff, talk_in_period
):
    services.submit(user=commune_staff, period=period, centre=centre, raw=raw(period), version=0)
    rows, counts = selectors.completeness(period)
    selectors.with_figures(period, rows)
    states = {c.pk: c.state for c in rows}
    assert states == {
        centre.pk: "submitted", neighbour_centre.pk: "not_started", far_centre.pk: "not_started",
    }  # fmt: skip
    figures = {c.pk: c.figures["visits"] for c in rows}
    assert figures == {centre.pk: 40, neighbour_centre.pk: 0, far_centre.pk: 0}
    assert counts["submitted"] == 1
    assert counts["not_started"] == 2
    assert counts["all"] == 3


def test_a_centre_outside_the_unit_is_not_counted(period, centre, foreign_centre):
    rows, _counts = selectors.completeness(period)
    assert [c.pk for c in rows] == [centre.pk]


def test_late_days_count_until_today_or_until_the_submission(
    period, centre, neighbour_centre, commune_staff
):
    later = period.deadline + datetime.timedelta(days=5)
    services.submit(user=commune_staff, period=period, centre=centre, raw=raw(period), version=0)
    rows, counts = selectors.completeness(period, today=later)
    by_pk = {c.pk: c for c in rows}
    assert by_pk[neighbour_centre.pk].days_late == 5
    assert by_pk[centre.pk].days_late == 0  # submitted before the deadline
    assert counts["late"] == 1
    late_rows, _counts = selectors.completeness(period, state="late", today=later)
    assert [c.pk for c in late_rows] == [neighbour_centre.pk]


def test_filters_by_state_and_sub_unit(period, centre, far_centre, commune_staff, district):
    services.save_draft(user=commune_staff, period=period, centre=centre, raw={}, version=0)
    drafts, _ = selectors.completeness(period, state="draft")
    assert [c.pk for c in drafts] == [centre.pk]
    in_district, _ = selectors.completeness(period, unit_path=district.path)
    assert far_centre.pk not in {c.pk for c in in_district}


def _queries(period):
    with CaptureQueriesContext(connection) as queries:
        rows, _counts = selectors.completeness(period)
        selectors.with_figures(period, rows)
    return len(queries)


def test_the_completeness_takes_the_same_queries_for_3_or_30_centres(period, district, centre):
    few = _queries(period)
    for n in range(27):
        CentreFactory(commune=CommuneFactory(code=f"9{n:04d}", name=f"Xã Số {n}", parent=district))
    assert _queries(period) == few


def test_the_page_takes_the_same_queries_as_centres_grow(
    client_for, period, province_reviewer, district, centre
):
    client = client_for(province_reviewer)
    url = reverse("regime:period", args=[period.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(20):
        CentreFactory(commune=CommuneFactory(code=f"8{n:04d}", name=f"Xã Mới {n}", parent=district))
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(many) == len(few)
    assert page.context["counts"]["all"] == 21


def test_the_page_shows_a_hundred_centres_and_counts_them_all(
    client_for, period, province_reviewer, district
):
    for n in range(105):
        CentreFactory(
            commune=CommuneFactory(code=f"7{n:04d}", name=f"Xã Trang {n}", parent=district)
        )
    client = client_for(province_reviewer)
    url = reverse("regime:period", args=[period.pk])
    first = client.get(url)
    assert len(first.context["page"].object_list) == 100
    assert first.context["counts"]["all"] == 105
    second = client.get(url, {"page": 2})
    assert len(second.context["page"].object_list) == 5


def test_the_page_counts_one_accepted_of_n(
    client_for, period, centre, neighbour_centre, commune_staff, province_reviewer
):
    report = services.submit(
        user=commune_staff, period=period, centre=centre, raw=raw(period), version=0
    )
    services.accept(user=province_reviewer, report=report, version=report.version)
    page = client_for(province_reviewer).get(reverse("regime:period", args=[period.pk]))
    assert 'id="accepted">1/2<' in page.content.decode()


def test_the_excel_lists_who_has_not_reported(
    client_for, period, centre, neighbour_centre, commune_staff, province_reviewer
):
    services.submit(user=commune_staff, period=period, centre=centre, raw=raw(period), version=0)
    response = client_for(province_reviewer).get(reverse("regime:period_missing", args=[period.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert neighbour_centre.commune.name in values
    assert centre.commune.name not in values
    assert "Chưa bắt đầu" in values
    assert any("các trung tâm chưa báo cáo" in str(v) for v in values)


def test_centre_staff_cannot_open_the_completeness_page(client_for, period, commune_staff):
    assert (
        client_for(commune_staff).get(reverse("regime:period", args=[period.pk])).status_code == 403
    )


def test_a_centre_opened_after_the_period_is_not_asked(period, district):
    late = CentreFactory(
        commune=CommuneFactory(code="99999", name="Xã Muộn", parent=district),
        decision_date=period.ends_on + datetime.timedelta(days=1),
    )
    rows, _ = selectors.completeness(period)
    assert late.pk not in {c.pk for c in rows}


@pytest.mark.parametrize("state", ["", "submitted", "bogus", "late"])
def test_any_state_filter_in_the_url_answers(client_for, period, province_reviewer, state):
    response = client_for(province_reviewer).get(
        reverse("regime:period", args=[period.pk]), {"state": state}
    )
    assert response.status_code == 200


def test_an_unknown_sub_unit_in_the_url_is_404(client_for, period, province_reviewer):
    response = client_for(province_reviewer).get(
        reverse("regime:period", args=[period.pk]), {"unit": "²"}
    )
    assert response.status_code == 404
    assert PeriodReport.objects.count() == 0


def test_the_rating_round_exports_who_has_not_submitted(
    client_for, district_reviewer, district, centre, neighbour_centre
):
    from ratings import services as rating_services
    from ratings.models import Rating

    rating_round = rating_services.open_round(
        user=district_reviewer, unit=district, year=datetime.date.today().year,
        deadline=datetime.date.today() - datetime.timedelta(days=4),
    )  # fmt: skip
    Rating.objects.filter(round=rating_round, centre=centre).update(status="submitted")
    response = client_for(district_reviewer).get(
        reverse("ratings:round_missing", args=[rating_round.pk])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [
        row for row in sheet.iter_rows(values_only=True) if row[2] in ("Xã An Khê", "Xã An Đồng")
    ]
    assert rows == [
        ("Huyện Quỳnh Phụ", "12457", "Xã An Đồng", neighbour_centre.name, "Chưa bắt đầu", 4)
    ]
