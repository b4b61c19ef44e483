"""Every centres view for every role: allowed, forbidden (403) and invisible (404)."""

import pytest
from django.urls import reverse

from centres.models import BoardMember, Centre, Staff

from ..factories import BoardMemberFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_the_login_page(client, centre):
    response = client.get(reverse("centres:detail", args=[centre.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_is_in_vietnamese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("commune_staff", {"Xã An Khê"}),
        ("district_reviewer", {"Xã An Khê", "Xã An Đồng"}),
        ("province_viewer", {"Xã An Khê", "Xã An Đồng", "Xã Tân Lễ"}),
        ("unit_admin", {"Xã An Khê", "Xã An Đồng", "Xã Tân Lễ"}),
        ("outsider", {"Xã Mộc Nam"}),
    ],
)
def test_centre_list_shows_exactly_the_users_scope(
    request, client_for, role, expected, centre, neighbour_centre, far_centre, foreign_centre
):
    response = client_for(request.getfixturevalue(role)).get(reverse("centres:list"))
    assert response.status_code == 200
    shown = {c.commune.name for c in response.context["page"]}
    assert shown == expected
    body = response.content.decode()
    for name in {"Xã An Khê", "Xã An Đồng", "Xã Tân Lễ", "Xã Mộc Nam"} - expected:
        assert name not in body


def test_centre_list_filters_by_unit_status_and_search(
    client_for, province_viewer, centre, neighbour_centre, far_centre, district
):
    client = client_for(province_viewer)
    by_unit = client.get(reverse("centres:list"), {"unit": district.pk})
    assert {c.pk for c in by_unit.context["page"]} == {centre.pk, neighbour_centre.pk}
    Centre.objects.filter(pk=far_centre.pk).update(status=Centre.Status.CLOSED)
    by_status = client.get(reverse("centres:list"), {"status": "closed"})
    assert [c.pk for c in by_status.context["page"]] == [far_centre.pk]
    for typed in ["AN ĐỒNG", "an dong", "An Đồng"]:
        by_name = client.get(reverse("centres:list"), {"q": typed})
        assert [c.pk for c in by_name.context["page"]] == [neighbour_centre.pk], typed
    by_code = client.get(reverse("centres:list"), {"q": "12541"})
    assert [c.pk for c in by_code.context["page"]] == [far_centre.pk]


def test_centre_list_cannot_be_filtered_to_a_unit_outside_the_scope(
    client_for, district_reviewer, centre, foreign_centre
):
    response = client_for(district_reviewer).get(
        reverse("centres:list"), {"unit": foreign_centre.commune.parent_id}
    )
    assert response.status_code == 404
    assert "Xã Mộc Nam" not in response.content.decode()


def test_centre_list_paginates_fifty_rows(client_for, province_viewer, district):
    from ..factories import CentreFactory, CommuneFactory

    for i in range(55):
        CentreFactory(commune=CommuneFactory(parent=district, code=f"{20000 + i:05d}"))
    client = client_for(province_viewer)
    assert len(client.get(reverse("centres:list")).context["page"]) == 50
    assert len(client.get(reverse("centres:list"), {"page": 2}).context["page"]) == 5


@pytest.mark.parametrize(
    "role", ["commune_staff", "district_reviewer", "province_viewer", "unit_admin"]
)
def test_centre_detail_is_visible_inside_the_scope(request, client_for, role, centre):
    BoardMemberFactory(centre=centre, full_name="Phạm Văn Giám Đốc")
    StaffFactory(centre=centre, full_name="Vũ Thị Báo Cáo")
    response = client_for(request.getfixturevalue(role)).get(centre.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Phạm Văn Giám Đốc" in body
    assert "Vũ Thị Báo Cáo" in body


@pytest.mark.parametrize(
    ("role", "target"),
    [
        ("commune_staff", "neighbour_centre"),
        ("district_reviewer", "far_centre"),
        ("province_viewer", "foreign_centre"),
        ("outsider", "centre"),
    ],
)
def test_centres_outside_the_scope_are_404_for_every_page(request, client_for, role, target):
    client = client_for(request.getfixturevalue(role))
    centre = request.getfixturevalue(target)
    member = BoardMemberFactory(centre=centre)
    staff = StaffFactory(centre=centre)
    urls = [
        reverse("centres:detail", args=[centre.pk]),
        reverse("centres:update", args=[centre.pk]),
        reverse("centres:board_create", args=[centre.pk]),
        reverse("centres:board_update", args=[centre.pk, member.pk]),
        reverse("centres:staff_create", args=[centre.pk]),
        reverse("centres:staff_update", args=[centre.pk, staff.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"full_name": "X"}).status_code in {404, 405}, url


@pytest.mark.parametrize("role", ["district_reviewer", "province_viewer"])
def test_readers_may_see_but_not_change_a_centre(request, client_for, role, centre):
    client = client_for(request.getfixturevalue(role))
    member = BoardMemberFactory(centre=centre)
    staff = StaffFactory(centre=centre)
    detail = client.get(centre.get_absolute_url())
    assert reverse("centres:update", args=[centre.pk]) not in detail.content.decode()
    for url in [
        reverse("centres:update", args=[centre.pk]),
        reverse("centres:board_create", args=[centre.pk]),
        reverse("centres:board_update", args=[centre.pk, member.pk]),
        reverse("centres:staff_create", args=[centre.pk]),
        reverse("centres:staff_update", args=[centre.pk, staff.pk]),
        reverse("centres:create"),
        reverse("centres:users"),
        reverse("centres:user_create"),
    ]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "X"}).status_code == 403, url


def test_board_member_of_another_centre_cannot_be_reached_through_mine(
    client_for, commune_staff, centre, neighbour_centre
):
    other = BoardMemberFactory(centre=neighbour_centre)
    url = reverse("centres:board_update", args=[centre.pk, other.pk])
    assert client_for(commune_staff).get(url).status_code == 404


def test_commune_staff_edits_their_centre_and_the_change_is_logged(
    client_for, commune_staff, centre
):
    client = client_for(commune_staff)
    data = {
        "name": "Trung tâm HTCĐ xã An Khê",
        "status": "active",
        "decision_number": "125/QĐ-UBND",
        "decision_date": "2008-03-15",
        "address": "Thôn Đông, xã An Khê",
        "phone": "0227 3861 234",
        "email": "",
        "premises": "own",
        "rooms": "2",
        "seats": "120",
        "computers": "5",
        "library_books": "850",
        "has_internet": "on",
        "adult_population": "6500",
        "notes": "",
    }
    response = client.post(reverse("centres:update", args=[centre.pk]), data)
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.seats == 120
    assert centre.has_internet
    assert centre.history.first().history_user == commune_staff
    detail = client.get(centre.get_absolute_url()).content.decode()
    assert commune_staff.get_full_name() in detail  # who changed it, on the history list
    assert "15/03/2008" in detail


def test_centre_form_rejects_bad_input_with_vietnamese_messages(client_for, commune_staff, centre):
    response = client_for(commune_staff).post(
        reverse("centres:update", args=[centre.pk]),
        {
            "name": "",
            "status": "active",
            "premises": "own",
            "rooms": "-1",
            "seats": "abc",
            "computers": "0",
            "library_books": "0",
            "email": "không-phải-email",
            "phone": "gọi tôi",
            "decision_date": "2099-01-01",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"name", "rooms", "seats", "email", "phone", "decision_date"}
    body = response.content.decode()
    assert "Trường này là bắt buộc." in body
    assert "không được ở tương lai" in body
    centre.refresh_from_db()
    assert centre.name == "Trung tâm học tập cộng đồng Xã An Khê"


def test_unit_admin_creates_a_centre_only_for_a_commune_under_their_unit(
    client_for, unit_admin, commune, other_province
):
    from ..factories import CommuneFactory, DistrictFactory

    foreign = CommuneFactory(
        parent=DistrictFactory(parent=other_province, code="349"), code="13400"
    )
    client = client_for(unit_admin)
    form = client.get(reverse("centres:create")).context["form"]
    assert list(form.fields["commune"].queryset) == [commune]
    base = {"name": "TT mới", "status": "active", "premises": "shared", "rooms": 1, "seats": 30}
    base |= {"computers": 0, "library_books": 0}
    refused = client.post(reverse("centres:create"), base | {"commune": foreign.pk})
    assert refused.status_code == 200
    assert "commune" in refused.context["form"].errors
    created = client.post(reverse("centres:create"), base | {"commune": commune.pk})
    assert created.status_code == 302
    assert Centre.objects.get(commune=commune).name == "TT mới"


def test_commune_staff_cannot_create_centres(client_for, commune_staff):
    assert client_for(commune_staff).get(reverse("centres:create")).status_code == 403


def test_commune_staff_adds_a_director_then_a_second_one_is_refused(
    client_for, commune_staff, centre
):
    client = client_for(commune_staff)
    url = reverse("centres:board_create", args=[centre.pk])
    data = {
        "position": "director",
        "full_name": "Đỗ Văn Hùng",
        "sex": "male",
        "birth_year": "1972",
        "main_post": "Phó Chủ tịch UBND xã",
        "is_concurrent": "on",
        "appointment_date": "2021-06-01",
    }
    assert client.post(url, data).status_code == 302
    second = client.post(url, data | {"full_name": "Bùi Thị Lan", "sex": "female"})
    assert second.status_code == 200
    assert "đã có Giám đốc" in second.content.decode()
    assert BoardMember.objects.filter(centre=centre).count() == 1
    page = client.get(centre.get_absolute_url()).content.decode()
    assert "1972" in page
    assert "1.972" not in page


def test_staff_with_training_courses_is_saved_together(client_for, commune_staff, centre):
    client = client_for(commune_staff)
    data = {
        "kind": "teacher",
        "full_name": "Hoàng Thị Mai",
        "sex": "female",
        "organisation": "Trường Tiểu học An Khê",
        "phone": "0912 345 678",
        "is_active": "on",
        "courses-TOTAL_FORMS": "2",
        "courses-INITIAL_FORMS": "0",
        "courses-MIN_NUM_FORMS": "0",
        "courses-MAX_NUM_FORMS": "30",
        "courses-0-name": "Phương pháp dạy người lớn",
        "courses-0-year": "2023",
        "courses-1-name": "",
        "courses-1-year": "",
    }
    assert client.post(reverse("centres:staff_create", args=[centre.pk]), data).status_code == 302
    staff = Staff.objects.get(full_name="Hoàng Thị Mai")
    assert [c.year for c in staff.training_courses.all()] == [2023]


def test_staff_with_a_bad_course_saves_nothing(client_for, commune_staff, centre):
    data = {
        "kind": "teacher",
        "full_name": "Hoàng Thị Mai",
        "sex": "female",
        "is_active": "on",
        "courses-TOTAL_FORMS": "1",
        "courses-INITIAL_FORMS": "0",
        "courses-MIN_NUM_FORMS": "0",
        "courses-MAX_NUM_FORMS": "30",
        "courses-0-name": "Khóa tương lai",
        "courses-0-year": "2999",
    }
    response = client_for(commune_staff).post(
        reverse("centres:staff_create", args=[centre.pk]), data
    )
    assert response.status_code == 200
    assert not Staff.objects.exists()


def test_editing_a_staff_member_keeps_the_old_version_in_history(client_for, commune_staff, centre):
    staff = StaffFactory(centre=centre, full_name="Ngô Văn Cũ")
    data = {
        "kind": "speaker",
        "full_name": "Ngô Văn Mới",
        "sex": "male",
        "is_active": "on",
        "courses-TOTAL_FORMS": "0",
        "courses-INITIAL_FORMS": "0",
        "courses-MIN_NUM_FORMS": "0",
        "courses-MAX_NUM_FORMS": "30",
    }
    client = client_for(commune_staff)
    client.post(reverse("centres:staff_update", args=[centre.pk, staff.pk]), data)
    names = list(staff.history.order_by("history_id").values_list("full_name", flat=True))
    assert names == ["Ngô Văn Cũ", "Ngô Văn Mới"]


def test_dashboard_shows_commune_staff_their_centre(client_for, commune_staff, centre, far_centre):
    body = client_for(commune_staff).get(reverse("dashboard")).content.decode()
    assert centre.name in body
    assert far_centre.name not in body


def test_dashboard_shows_province_viewer_counts_per_district(
    client_for, province_viewer, centre, neighbour_centre, far_centre, foreign_centre
):
    BoardMemberFactory(centre=centre)
    response = client_for(province_viewer).get(reverse("dashboard"))
    summary = response.context["summaries"][0]
    counts = {row.name: (row.centre_count, row.without_director) for row in summary.rows}
    assert counts == {"Huyện Quỳnh Phụ": (2, 1), "Huyện Hưng Hà": (1, 1)}
    assert summary.totals["centre_count"] == 3


def test_unit_admin_creates_a_user_under_their_unit_only(
    client_for, unit_admin, district, other_province, outsider
):
    client = client_for(unit_admin)
    listing = client.get(reverse("centres:users")).content.decode()
    assert "quan_tri" in listing
    assert "nguoi_ngoai" not in listing
    data = {
        "username": "moi_huyen",
        "first_name": "Cán bộ mới",
        "password1": "Một-mật-khẩu-dài-2025",
        "password2": "Một-mật-khẩu-dài-2025",
        "unit": district.pk,
        "role": "reviewer",
    }
    assert client.post(reverse("centres:user_create"), data).status_code == 302
    refused = client.post(
        reverse("centres:user_create"), data | {"username": "x2", "unit": other_province.pk}
    )
    assert "unit" in refused.context["form"].errors
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="moi_huyen")
    assert user.assignments.get().unit == district


def test_unit_admin_edits_a_user_and_changes_their_role(client_for, unit_admin, district, commune):
    from ..factories import UserFactory, assign

    account = UserFactory(username="canbo_moi")
    role = assign(account, commune, "centre_staff")
    client = client_for(unit_admin)
    url = reverse("centres:user_update", args=[account.pk])
    assert client.get(url).status_code == 200
    data = {
        "first_name": "Cán bộ đã đổi",
        "email": "moi@example.gov.vn",
        "roles-TOTAL_FORMS": "2",
        "roles-INITIAL_FORMS": "1",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "10",
        "roles-0-id": role.pk,
        "roles-0-user": account.pk,
        "roles-0-unit": commune.pk,
        "roles-0-role": "centre_staff",
        "roles-0-DELETE": "on",
        "roles-1-unit": district.pk,
        "roles-1-role": "reviewer",
    }
    assert client.post(url, data).status_code == 302
    account.refresh_from_db()
    assert account.first_name == "Cán bộ đã đổi"
    assert not account.is_active  # the checkbox was left unticked
    assert [(a.unit, a.role) for a in account.assignments.all()] == [(district, "reviewer")]


def test_unit_admin_cannot_edit_users_outside_or_above_their_units(
    client_for, unit_admin, outsider, province, district_reviewer, other_province
):
    from ..factories import UserFactory, assign

    client = client_for(unit_admin)
    # a user of another province is invisible
    assert client.get(reverse("centres:user_update", args=[outsider.pk])).status_code == 404
    # a user with one role here and one elsewhere is visible but not editable
    assign(district_reviewer, other_province, "viewer")
    url = reverse("centres:user_update", args=[district_reviewer.pk])
    assert client.get(url).status_code == 403
    # nor is the admin's own account, so no one can raise their own rights
    assert client.get(reverse("centres:user_update", args=[unit_admin.pk])).status_code == 403
    lone = UserFactory(username="dang_o_day")
    assign(lone, province, "viewer")
    assert client.get(reverse("centres:user_update", args=[lone.pk])).status_code == 200


def test_unit_admin_cannot_give_a_role_outside_their_units(
    client_for, unit_admin, commune, other_province
):
    from ..factories import UserFactory, assign

    account = UserFactory(username="canbo_moi")
    assign(account, commune, "centre_staff")
    data = {
        "first_name": "X",
        "email": "",
        "is_active": "on",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "10",
        "roles-0-unit": other_province.pk,
        "roles-0-role": "unit_admin",
    }
    url = reverse("centres:user_update", args=[account.pk])
    response = client_for(unit_admin).post(url, data)
    assert response.status_code == 200
    assert account.assignments.count() == 1


def test_a_district_user_filters_the_centre_list_by_one_of_its_communes(
    client_for, district_reviewer, centre, neighbour_centre, commune
):
    page = client_for(district_reviewer).get(reverse("centres:list"), {"unit": commune.pk})
    assert page.status_code == 200
    assert [c.pk for c in page.context["page"]] == [centre.pk]
    assert f'<option value="{commune.pk}" selected>' in page.content.decode()


def test_a_commune_outside_the_scope_is_still_404_in_the_centre_filter(
    client_for, district_reviewer, far_commune
):
    page = client_for(district_reviewer).get(reverse("centres:list"), {"unit": far_commune.pk})
    assert page.status_code == 404
