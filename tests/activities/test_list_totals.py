"""The activity list's totals come from the rollups when its filters allow, and always equal
the totals of the rows it lists."""

import datetime

import pytest
from django.urls import reverse

from activities.models import Activity, ContentArea
from activities.selectors import activity_list, activity_totals, centre_totals

from ..factories import ActivityFactory, SessionFactory

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year - 1


@pytest.fixture
def records(centre, neighbour_centre, far_centre, foreign_centre):
    law, health = ContentArea.objects.filter(province__isnull=True).order_by("pk")[:2]
    for year, c, area, kind, people in [
        (YEAR, centre, law, "talk", 80),
        (YEAR, centre, health, "class", 15),
        (YEAR, neighbour_centre, law, "talk", 40),
        (YEAR, far_centre, health, "talk", 25),
        (YEAR, foreign_centre, law, "talk", 99),
        (YEAR - 1, centre, law, "talk", 30),
    ]:
        day = datetime.date(year, 5, 2)
        activity = ActivityFactory(
            centre=c, content_area=area, kind=kind, start_date=day, end_date=day
        )
        SessionFactory(activity=activity, date=day, participants=people, participants_women=5)
    ActivityFactory(  # held, no session recorded yet
        centre=centre, content_area=law, start_date=datetime.date(YEAR, 6, 1),
        end_date=datetime.date(YEAR, 6, 1),
    )  # fmt: skip
    return law, health


def _from_records(user, **filters):
    rows = activity_list(user, **filters)
    per_centre = [
        {k: r.get(k, 0) for k in ("centre", "activities", "sessions", "visits")}
        for r in centre_totals(rows)
    ]
    return activity_totals(rows), per_centre


def _shown(response):
    totals = response.context["totals"]
    per_centre = [
        {k: r.get(k, 0) for k in ("centre", "activities", "sessions", "visits")}
        for r in response.context["per_centre"] or []
    ]
    keys = ("activities", "classes", "talks", "sessions", "visits", "women", "minority")
    return {k: totals[k] for k in keys}, per_centre


@pytest.mark.parametrize("role", ["district_reviewer", "province_viewer"])
def test_the_list_totals_equal_the_records_totals_for_every_filter_the_rollups_keep(
    request, client_for, records, role, district, centre
):
    user = request.getfixturevalue(role)
    law, _health = records
    client = client_for(user)
    for params, filters in [
        ({"year": YEAR}, {"year": YEAR}),
        ({"year": YEAR, "first_year": YEAR - 1}, {"year": YEAR, "first_year": YEAR - 1}),
        ({"year": YEAR, "content_area": law.pk}, {"year": YEAR, "content_area": law}),
        ({"year": YEAR, "centre": centre.pk}, {"year": YEAR, "centre": centre}),
        ({"year": YEAR, "unit": district.pk}, {"year": YEAR, "unit": district}),
    ]:
        response = client.get(reverse("activities:list"), params)
        assert response.status_code == 200, params
        totals, per_centre = _from_records(user, **filters)
        shown_totals, shown_per_centre = _shown(response)
        keys = shown_totals.keys()
        assert response.context["filters"].is_valid(), params
        assert shown_totals == {k: totals[k] for k in keys}, params
        assert shown_per_centre == per_centre, params


def test_a_kind_or_a_search_counts_from_the_records(client_for, province_viewer, records):
    client = client_for(province_viewer)
    classes = client.get(reverse("activities:list"), {"year": YEAR, "kind": "class"})
    assert classes.context["totals"]["activities"] == 1
    assert classes.context["totals"]["visits"] == 15
    searched = client.get(reverse("activities:list"), {"year": YEAR, "q": "zzz-none"})
    assert searched.context["totals"]["visits"] == 0


def test_the_rollup_totals_leave_out_another_provinces_centres(
    client_for, province_viewer, records
):
    response = client_for(province_viewer).get(reverse("activities:list"), {"year": YEAR})
    assert response.context["totals"]["visits"] == 80 + 15 + 40 + 25
    assert Activity.objects.filter(start_date__year=YEAR).count() == 6  # the foreign one too
