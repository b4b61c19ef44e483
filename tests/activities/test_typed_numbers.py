"""Numbers typed the way a Vietnamese clerk types them, through the forms and the importer."""

import datetime

import pytest
from django.urls import reverse

from activities.imports import import_activities
from activities.models import Activity, Funding, Session

from ..factories import ClassFactory, SessionFactory
from .test_spreadsheets import filled, talk_row

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year
MONEY = {
    "state_budget": "15.000.000",
    "commune_budget": "5000000",
    "social_contributions": "2.500.000",
    "other_sources": "0",
    "spending": "12.000.000",
}


def test_money_typed_with_grouping_dots_is_stored_in_full(client_for, commune_staff, centre):
    client = client_for(commune_staff)
    url = reverse("activities:funding_edit", args=[centre.pk, YEAR])
    assert client.post(url, MONEY).status_code == 302
    funding = Funding.objects.get(centre=centre)
    assert funding.state_budget == 15_000_000
    assert funding.total == 22_500_000
    page = client.get(url).content.decode()
    assert 'value="15.000.000"' in page
    assert 'inputmode="numeric"' in page


def test_money_with_a_decimal_part_is_refused_at_the_field(client_for, commune_staff, centre):
    url = reverse("activities:funding_edit", args=[centre.pk, YEAR])
    page = client_for(commune_staff).post(url, {**MONEY, "state_budget": "15,5"})
    assert page.status_code == 200
    assert page.context["form"].errors["state_budget"] == [
        "Hãy nhập một số nguyên, không có phần thập phân."
    ]
    assert not Funding.objects.exists()


def test_spending_larger_than_the_funds_is_refused(client_for, commune_staff, centre):
    url = reverse("activities:funding_edit", args=[centre.pk, YEAR])
    page = client_for(commune_staff).post(url, {**MONEY, "spending": "27.500.000"})
    assert page.status_code == 200
    message = page.context["form"].errors["spending"][0]
    assert "27.500.000" in message
    assert "22.500.000" in message
    assert not Funding.objects.exists()


def test_an_activitys_amount_typed_with_dots_is_stored(client_for, commune_staff, centre):
    activity = ClassFactory(centre=centre)
    url = reverse("activities:update", args=[activity.pk])
    form = client_for(commune_staff).get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(
        start_date=activity.start_date.isoformat(), end_date=activity.end_date.isoformat(),
        content_area=activity.content_area_id, funding_source="state",
        funding_amount="1.500.000",
    )  # fmt: skip
    data.pop("kind", None)
    data.pop("instructor", None)
    response = client_for(commune_staff).post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert Activity.objects.get(pk=activity.pk).funding_amount == 1_500_000


def test_the_sessions_card_counts_sessions_not_characters(client_for, commune_staff, centre):
    activity = ClassFactory(centre=centre)
    for day in range(6):
        SessionFactory(activity=activity, date=activity.start_date + datetime.timedelta(days=day))
    page = client_for(commune_staff).get(activity.get_absolute_url()).content.decode()
    assert '<div class="fs-5 fw-semibold">6</div>' in page


def test_an_imported_count_typed_with_a_grouping_dot_is_a_thousand_and_more(centre):
    result = import_activities(
        centre=centre, upload=filled([talk_row(people="1.234", women="600")])
    )
    assert result.ok, result.errors
    assert Session.objects.get().participants == 1234


def test_an_imported_count_with_a_decimal_part_gets_one_clear_error(centre):
    result = import_activities(centre=centre, upload=filled([talk_row(people="12,5", women=0)]))
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "Số người tham dự", "Hãy nhập một số nguyên, không có phần thập phân.")
    ]
