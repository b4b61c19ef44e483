"""Dates typed and shown dd/mm/yyyy; selects that start at "— Chọn —"."""

import datetime

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_date_fields_are_text_boxes_showing_day_first(client_for, commune_staff, centre):
    from ..factories import ActivityFactory

    activity = ActivityFactory(
        centre=centre, start_date=datetime.date(2026, 3, 5), end_date=datetime.date(2026, 3, 5)
    )
    page = client_for(commune_staff).get(reverse("activities:update", args=[activity.pk]))
    body = page.content.decode()
    assert 'type="date"' not in body
    assert 'value="05/03/2026"' in body
    assert 'placeholder="dd/mm/yyyy"' in body


def test_a_date_typed_day_first_is_read_day_first(client_for, commune_staff, centre):
    from activities.models import Session

    from ..factories import ActivityFactory

    talk = ActivityFactory(
        centre=centre, start_date=datetime.date(2026, 3, 1), end_date=datetime.date(2026, 3, 31)
    )
    url = reverse("activities:session_create", args=[talk.pk])
    response = client_for(commune_staff).post(
        url,
        {
            "date": "05/03/2026",
            "participants": "40",
            "participants_women": "0",
            "participants_minority": "0",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Session.objects.get(activity=talk).date == datetime.date(2026, 3, 5)
    wrong = client_for(commune_staff).post(
        url,
        {
            "date": "31/02/2026",
            "participants": "40",
            "participants_women": "0",
            "participants_minority": "0",
        },
    )
    assert wrong.context["form"].errors["date"] == [
        "Hãy nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2026."
    ]


def test_selects_start_at_choose_and_options_are_capitalised(client_for, unit_admin, centre):
    page = client_for(unit_admin).get(reverse("centres:update", args=[centre.pk]))
    body = page.content.decode()
    assert "---------" not in body
    assert "Đang hoạt động" in body
