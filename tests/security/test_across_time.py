"""The access matrix across the 2025 reform: the users of a present unit read its predecessors'
records and change none of them; a former unit's users read, and follow their records to what
their unit became; the successor's unit admin corrects the past. Every case by URL."""

import datetime

import pytest
from django.urls import reverse

from activities.models import AnnualPlan
from ratings.models import Rating

from .. import reform
from ..factories import ActivityFactory, UserFactory, assign

pytestmark = pytest.mark.django_db
PAST = 2024


@pytest.fixture
def world(db):
    world = reform.build()
    reform.merge(world)
    world.talk = ActivityFactory(centre=world.centre_an_khe, start_date=datetime.date(PAST, 5, 2))
    world.rating = Rating.objects.create(
        centre=world.centre_an_khe, year=2011, status="approved", grade="good", is_historical=True
    )
    AnnualPlan.objects.create(centre=world.centre_an_khe, year=PAST)
    users = {}
    for name, unit, role in [
        ("new_staff", world.new_quynh_phu, "centre_staff"),
        ("other_new_staff", world.new_tien_lu, "centre_staff"),
        ("province_viewer", world.hung_yen, "viewer"),
        ("province_reviewer", world.hung_yen, "reviewer"),
        ("province_admin", world.hung_yen, "unit_admin"),
        ("former_reviewer", world.quynh_phu, "reviewer"),
        ("former_staff", world.an_khe, "centre_staff"),
    ]:
        users[name] = UserFactory(username=name)
        assign(users[name], unit, role)
    world.users = users
    return world


# The old centre of Xã An Khê (merged into Xã Quỳnh Phụ's on 01/07/2025) and its records.
OLD_CENTRE_ROUTES = {
    "centres:detail": lambda w: ([w.centre_an_khe.pk], {}),
    "centres:update": lambda w: ([w.centre_an_khe.pk], {}),
    "centres:staff_create": lambda w: ([w.centre_an_khe.pk], {}),
    "centres:unit": lambda w: ([w.an_khe.pk], {}),
    "activities:detail": lambda w: ([w.talk.pk], {}),
    "activities:update": lambda w: ([w.talk.pk], {}),
    "activities:centre_year": lambda w: ([w.centre_an_khe.pk, PAST], {}),
    "activities:plan_edit": lambda w: ([w.centre_an_khe.pk, PAST], {}),
    "ratings:detail": lambda w: ([w.rating.pk], {}),
    "reports:centre": lambda w: ([], {"centre": w.centre_an_khe.pk, "year": PAST}),
}
# GET status per user, in the order of USERS. 200 reads, 403 visible but not changeable,
# 404 outside the scope (Xã Tiên Lữ's staff: their commune was not formed from Xã An Khê).
USERS = ["new_staff", "other_new_staff", "province_viewer", "province_reviewer",
         "province_admin", "former_reviewer", "former_staff"]  # fmt: skip
EXPECTED = {
    "centres:detail": "200 404 200 200 200 200 200",
    "centres:update": "403 404 403 403 200 403 403",
    "centres:staff_create": "403 404 403 403 200 403 403",
    "centres:unit": "200 404 200 200 200 200 200",
    "activities:detail": "200 404 200 200 200 200 200",
    "activities:update": "403 404 403 403 200 403 403",
    "activities:centre_year": "200 404 200 200 200 200 200",
    "activities:plan_edit": "403 404 403 403 200 403 403",
    "ratings:detail": "200 404 200 200 200 200 200",
    "reports:centre": "200 404 200 200 200 200 200",
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(OLD_CENTRE_ROUTES))
def test_the_records_of_a_former_centre_by_user(client, world, name):
    args, query = OLD_CENTRE_ROUTES[name](world)
    url = reverse(name, args=args)
    got = []
    for username in USERS:
        client.force_login(world.users[username])
        got.append(str(client.get(url, query).status_code))
    assert " ".join(got) == EXPECTED[name]


@pytest.mark.parametrize("username", ["new_staff", "former_staff", "former_reviewer"])
def test_a_post_to_a_former_centre_changes_nothing_for_those_who_only_read(client, world, username):
    client.force_login(world.users[username])
    before = world.centre_an_khe.name
    response = client.post(
        reverse("centres:update", args=[world.centre_an_khe.pk]), {"name": "Đổi tên"}
    )
    assert response.status_code == 403
    world.centre_an_khe.refresh_from_db()
    assert world.centre_an_khe.name == before


def test_the_former_users_follow_their_records_to_the_new_centre_read_only(client, world):
    new = world.centre_quynh_phu
    for username in ("former_reviewer", "former_staff"):
        client.force_login(world.users[username])
        assert client.get(new.get_absolute_url()).status_code == 200
        assert client.get(reverse("centres:update", args=[new.pk])).status_code == 403
    client.force_login(world.users["former_staff"])
    # Xã An Khê became Xã Quỳnh Phụ only: Xã Tiên Lữ's centre stays out of sight.
    assert client.get(world.centre_tien_lu.get_absolute_url()).status_code == 404


def test_the_successor_admin_corrects_the_past_but_no_one_writes_its_present(client, world):
    client.force_login(world.users["province_admin"])
    response = client.post(
        reverse("activities:update", args=[world.talk.pk]),
        {"kind": "talk", "title": "Phổ biến Luật Đất đai (sửa)",
         "content_area": world.talk.content_area_id, "start_date": "02/11/2026",
         "end_date": "02/11/2026"},
    )  # fmt: skip
    assert response.status_code == 200  # refused at the date: after the centre's last day
    assert "Xã Quỳnh Phụ" in response.content.decode()
    world.talk.refresh_from_db()
    assert world.talk.start_date == datetime.date(PAST, 5, 2)
