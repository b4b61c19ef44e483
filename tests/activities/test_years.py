"""A centre's year: plan versus done, funding and learning models."""

import datetime

import pytest
from django.urls import reverse

from activities.models import AnnualPlan, ContentArea, Funding, LearningModelCount, PlanItem
from ratings.models import Rating

from ..factories import ActivityFactory, ClassFactory, SessionFactory

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year


def urls(centre) -> list[str]:
    return [
        reverse(name, args=[centre.pk, YEAR])
        for name in [
            "activities:centre_year",
            "activities:plan_edit",
            "activities:funding_edit",
            "activities:learning_models_edit",
        ]
    ]


def test_plan_versus_done_sets_planned_beside_held(client_for, district_reviewer, centre):
    law = ContentArea.objects.get(name="Pháp luật và chính sách")
    plan = AnnualPlan.objects.create(centre=centre, year=YEAR, people_surveyed=420)
    PlanItem.objects.create(plan=plan, content_area=law, planned_talks=3, people_needing=150)
    for people in (80, 40):
        SessionFactory(
            activity=ActivityFactory(centre=centre, content_area=law), participants=people
        )
    ClassFactory(centre=centre)  # another area, held without a plan line
    report = client_for(district_reviewer).get(urls(centre)[0]).context["report"]
    rows = {row["area"].name: row for row in report["rows"]}
    assert rows["Pháp luật và chính sách"]["planned_talks"] == 3
    assert rows["Pháp luật và chính sách"]["talks"] == 2
    assert rows["Pháp luật và chính sách"]["visits"] == 120
    assert report["totals"]["classes"] == 1
    assert report["plan"].people_surveyed == 420


def test_commune_staff_saves_plan_funding_and_learning_models(client_for, commune_staff, centre):
    client = client_for(commune_staff)
    _, plan_url, funding_url, models_url = urls(centre)
    health = ContentArea.objects.get(name="Chăm sóc sức khỏe")
    data = {
        "people_surveyed": "350",
        "notes": "",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "40",
        "items-0-content_area": health.pk,
        "items-0-people_needing": "90",
        "items-0-planned_classes": "1",
        "items-0-planned_talks": "2",
    }
    assert client.post(plan_url, data).status_code == 302
    assert PlanItem.objects.get(plan__centre=centre).planned_talks == 2
    money = {
        "state_budget": "20000000",
        "commune_budget": "5000000",
        "social_contributions": "12500000",
        "other_sources": "0",
        "spending": "30000000",
    }
    assert client.post(funding_url, money).status_code == 302
    assert Funding.objects.get(centre=centre).total == 37_500_000
    page = client.get(urls(centre)[0]).content.decode()
    assert "37.500.000" in page
    counts = {"families": "812", "clans": "14", "communities": "6", "units": "4"}
    counts["citizens"] = "1.624"  # typed the Vietnamese way
    assert client.post(models_url, counts).status_code == 302
    assert LearningModelCount.objects.get(centre=centre).families == 812
    assert LearningModelCount.objects.get(centre=centre).citizens == 1624


def test_negative_money_is_refused(client_for, commune_staff, centre):
    response = client_for(commune_staff).post(
        urls(centre)[2], {"state_budget": "-5", "commune_budget": "0", "social_contributions": "0",
                          "other_sources": "0", "spending": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "state_budget" in response.context["form"].errors
    assert not Funding.objects.exists()


@pytest.mark.parametrize("role", ["district_reviewer", "province_viewer"])
def test_readers_see_the_year_but_cannot_edit(request, client_for, role, centre):
    client = client_for(request.getfixturevalue(role))
    first, *edits = urls(centre)
    assert client.get(first).status_code == 200
    for url in edits:
        assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("role", "target"), [("commune_staff", "neighbour_centre"), ("outsider", "centre")]
)
def test_year_pages_outside_the_scope_are_404(request, client_for, role, target):
    client = client_for(request.getfixturevalue(role))
    for url in urls(request.getfixturevalue(target)):
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code in {404, 405}


def test_an_approved_year_cannot_be_edited(client_for, commune_staff, centre):
    Rating.objects.create(centre=centre, year=YEAR, status="approved", grade="good")
    client = client_for(commune_staff)
    assert not client.get(urls(centre)[0]).context["can_change"]
    for url in urls(centre)[1:]:
        assert client.post(url, {"families": "1"}).status_code == 403


@pytest.mark.parametrize(
    ("year", "status"), [(1999, 404), (YEAR + 2, 404), (2100, 404), (YEAR + 1, 200)]
)
def test_only_years_the_portal_holds_records_for_have_pages(
    client_for, commune_staff, centre, year, status
):
    client = client_for(commune_staff)
    assert (
        client.get(reverse("activities:centre_year", args=[centre.pk, year])).status_code == status
    )
    assert (
        client.get(reverse("activities:funding_edit", args=[centre.pk, year])).status_code == status
    )
