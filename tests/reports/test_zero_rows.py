"""A commune whose centre recorded nothing shows in the activity summary as a row of 0."""

import datetime

from django.urls import reverse

from reports.selectors import activity_summary

from ..factories import ActivityFactory, SessionFactory


def test_a_commune_with_nothing_recorded_is_a_row_of_zero(
    district_reviewer, district, centre, neighbour_centre
):
    year = datetime.date.today().year
    talk = ActivityFactory(centre=centre, start_date=datetime.date(year, 1, 5))
    talk.end_date = talk.start_date
    talk.save()
    SessionFactory(activity=talk, date=talk.start_date, participants=30)
    summary = activity_summary(district_reviewer, district, year, year)
    rows = {row.name: (row.activities, row.visits) for row in summary.by_unit}
    assert rows == {"Xã An Khê": (1, 30), "Xã An Đồng": (0, 0)}


def test_the_page_lists_the_zero_row(
    client_for, district_reviewer, district, centre, neighbour_centre
):
    year = datetime.date.today().year
    page = client_for(district_reviewer).get(
        reverse("reports:activities"), {"unit": district.pk, "year": year}
    )
    assert page.status_code == 200
    assert "Xã An Đồng" in page.content.decode()


def test_a_new_centre_shows_as_a_zero_row_in_a_cached_summary_at_once(
    client_for, district_reviewer, district, centre
):
    from ..factories import CentreFactory, CommuneFactory

    year = datetime.date.today().year
    client = client_for(district_reviewer)
    params = {"unit": district.pk, "year": year}
    assert "Xã Mới Lập" not in client.get(reverse("reports:activities"), params).content.decode()
    CentreFactory(commune=CommuneFactory(code="12999", name="Xã Mới Lập", parent=district))
    assert "Xã Mới Lập" in client.get(reverse("reports:activities"), params).content.decode()
