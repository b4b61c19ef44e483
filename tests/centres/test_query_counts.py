"""List pages run the same number of queries for one row and for many."""

import pytest
from django.urls import reverse

from ..factories import BoardMemberFactory, CentreFactory, CommuneFactory, StaffFactory

pytestmark = pytest.mark.django_db


def add_centres(district, n: int, start: int) -> None:
    for i in range(n):
        centre = CentreFactory(commune=CommuneFactory(parent=district, code=f"{start + i:05d}"))
        BoardMemberFactory(centre=centre)
        StaffFactory.create_batch(2, centre=centre)


def count_queries(client, url, django_assert_max_num_queries) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["centres:list", "dashboard", "centres:users"])
def test_list_pages_query_count_does_not_grow_with_rows(
    client_for, unit_admin, district, url_name, django_assert_max_num_queries
):
    client = client_for(unit_admin)
    add_centres(district, 1, 30000)
    url = reverse(url_name)
    client.get(url)  # the unit's lineage, looked up once and kept (centres/selectors.py)
    one = count_queries(client, url, django_assert_max_num_queries)
    add_centres(district, 30, 31000)
    from ..factories import UserFactory, assign

    for i in range(10):
        assign(UserFactory(username=f"extra{i}"), district, "viewer")
    many = count_queries(client, url, django_assert_max_num_queries)
    assert one == many


def test_centre_detail_query_count_does_not_grow_with_board_and_staff(
    client_for, commune_staff, centre
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(commune_staff)
    BoardMemberFactory(centre=centre)
    StaffFactory(centre=centre)
    client.get(centre.get_absolute_url())  # the user's lineage is cached from here on
    with CaptureQueriesContext(connection) as few:
        client.get(centre.get_absolute_url())
    BoardMemberFactory.create_batch(3, centre=centre, position="deputy")
    StaffFactory.create_batch(10, centre=centre)
    with CaptureQueriesContext(connection) as many:
        client.get(centre.get_absolute_url())
    assert len(few) == len(many)


def test_the_unit_page_and_the_new_centres_preview_do_not_grow_with_communes(
    client_for, django_assert_max_num_queries
):
    from centres.models import UnitSuccession
    from centres.models.units import LAST_THREE_LEVEL_DAY, REFORM_DATE

    from ..factories import DistrictFactory, UnitFactory, UserFactory, assign

    province = UnitFactory(code="33", name="Tỉnh Hưng Yên")
    old_district = DistrictFactory(
        code="331", name="Huyện Tiên Lữ", parent=province, valid_until=LAST_THREE_LEVEL_DAY
    )
    admin = UserFactory(username="quantri")
    assign(admin, province, "unit_admin")
    client = client_for(admin)

    def add(n: int, start: int) -> None:
        for i in range(n):
            new = CommuneFactory(code=f"{start + i:05d}", parent=province, valid_from=REFORM_DATE)
            for j in range(2):
                old = CommuneFactory(
                    code=f"{start + 500 + 2 * i + j:05d}", parent=old_district,
                    valid_until=LAST_THREE_LEVEL_DAY,
                )  # fmt: skip
                CentreFactory(commune=old)
                UnitSuccession.objects.create(predecessor=old, successor=new)

    urls = [
        reverse("centres:unit", args=[province.pk]),
        reverse("centres:unit", args=[province.pk]) + "?missing=1",
        reverse("centres:lineage_plan", args=[province.pk]),
    ]
    add(1, 20000)
    for url in urls:
        client.get(url)  # the lineage, looked up once and kept
    one = [count_queries(client, url, django_assert_max_num_queries) for url in urls]
    add(20, 21000)  # new successions: the lineage is looked up again, once
    for url in urls:
        client.get(url)
    many = [count_queries(client, url, django_assert_max_num_queries) for url in urls]
    assert one == many
