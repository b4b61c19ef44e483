"""Regression tests for an independent review of the 2025 reform: each case the review showed
broken, now asserting the rule that holds.

The world: tests/reform.py merged (new Hưng Yên 33 from old Hưng Yên and old Thái Bình 34), and a
continuing province, Thái Nguyên 19, whose new Xã Biên Giới took part of the divided Xã An Bài
(Thái Bình) by a non-default succession; An Bài's records are carried by its default successor,
Xã Quỳnh Phụ of Hưng Yên."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities.models import Activity, Enrolment, Learner, LearningModelCount
from centres.lifetime import counted_in
from centres.models import Centre, UnitSuccession
from centres.models.units import LAST_THREE_LEVEL_DAY, REFORM_DATE
from centres.permissions import can_change_centre
from centres.scope import scope_of
from centres.selectors import managed_users, report_roots
from ratings import permissions as rating_permissions
from ratings.models import Rating
from ratings.services import open_round, record_historical_grade
from reports.selectors import GRADES, UNGRADED
from reports.views.summaries import _reader

from .. import reform
from ..factories import (
    ActivityFactory,
    CentreFactory,
    ClassFactory,
    CommuneFactory,
    DistrictFactory,
    SessionFactory,
    UnitFactory,
    UserFactory,
    assign,
)
from ..ratings.test_views import grades_file

pytestmark = pytest.mark.django_db


def user_on(unit, role, name):
    user = UserFactory(username=name)
    assign(user, unit, role)
    return user


def centre_data(centre, **extra):
    data = {
        "name": centre.name, "status": centre.status, "decision_number": centre.decision_number,
        "decision_date": centre.decision_date.strftime("%d/%m/%Y") if centre.decision_date else "",
        "closed_on": centre.closed_on.strftime("%d/%m/%Y") if centre.closed_on else "",
        "closure_decision": centre.closure_decision,
        "premises": "shared", "rooms": "1", "seats": "50", "computers": "0",
        "library_books": "0",
        "merged_from": [c.pk for c in centre.merged_from.all()],
    }  # fmt: skip
    data.update(extra)
    return data


def merged_from(centre):
    return sorted(c.pk for c in centre.merged_from.all())


def snapshot(centre):
    centre.refresh_from_db()
    return (centre.name, centre.status, centre.closed_on, centre.decision_date, merged_from(centre))


@pytest.fixture
def world(db):
    world = reform.build()
    reform.merge(world)
    # Another (continuing) province, Thái Nguyên 19: part of the old Xã An Bài (Thái Bình) went
    # to its new Xã Biên Giới, a non-default succession.
    world.thai_nguyen = UnitFactory(code="19", name="Tỉnh Thái Nguyên")
    world.bien_gioi = CommuneFactory(
        code="30001", name="Xã Biên Giới", parent=world.thai_nguyen, valid_from=REFORM_DATE
    )
    UnitSuccession.objects.create(
        predecessor=world.an_bai, successor=world.bien_gioi, is_default=False
    )
    world.centre_bien_gioi = CentreFactory(
        commune=world.bien_gioi, decision_date=datetime.date(2025, 7, 1)
    )
    return world


@pytest.fixture
def tn_admin(world):
    return user_on(world.thai_nguyen, "unit_admin", "tn_admin")


# --- 1. Past scope follows only default successions ---------------------------------------------


def test_a_non_default_successors_admin_has_no_past_scope_over_the_divided_communes_centre(
    world, tn_admin
):
    assert scope_of(tn_admin).past_roots() == ["19/"]
    assert not can_change_centre(tn_admin, world.centre_an_bai)
    # The default successor's province records An Bài's past.
    hy_admin = user_on(world.hung_yen, "unit_admin", "hy_admin")
    assert can_change_centre(hy_admin, world.centre_an_bai)


def test_another_provinces_admin_reads_but_cannot_change_a_divided_communes_old_centre(
    client, world, tn_admin
):
    client.force_login(tn_admin)
    old = world.centre_an_bai
    before = snapshot(old)
    assert client.get(old.get_absolute_url()).status_code == 200
    response = client.post(
        reverse("centres:update", args=[old.pk]),
        centre_data(old, name="Đổi tên bởi Thái Nguyên", closed_on="31/12/2010",
                    decision_date="01/03/2005"),
    )  # fmt: skip
    assert response.status_code == 403
    assert snapshot(old) == before
    assert old.name != "Đổi tên bởi Thái Nguyên"
    assert old.closed_on == LAST_THREE_LEVEL_DAY  # still counted in Hưng Yên's 2011-2024


def test_another_provinces_admin_cannot_add_staff_or_board_to_a_divided_communes_old_centre(
    client, world, tn_admin
):
    client.force_login(tn_admin)
    old = world.centre_an_bai
    assert client.get(reverse("centres:staff_create", args=[old.pk])).status_code == 403
    response = client.post(
        reverse("centres:board_create", args=[old.pk]),
        {"position": "director", "full_name": "Giám đốc Mới", "sex": "male",
         "main_post": "x", "appointment_date": "01/03/2025"},
    )  # fmt: skip
    assert response.status_code == 403
    assert not old.board_members.exists()
    assert not old.staff.exists()


def test_another_provinces_admin_cannot_mark_a_divided_communes_old_centre_merged_into_theirs(
    client, world, tn_admin
):
    client.force_login(tn_admin)
    mine = world.centre_bien_gioi
    page = client.get(reverse("centres:update", args=[mine.pk]))
    assert page.status_code == 200
    choices = page.context["form"].fields["merged_from"].queryset
    assert world.centre_an_bai not in choices
    response = client.post(
        reverse("centres:update", args=[mine.pk]),
        centre_data(mine, merged_from=[world.centre_an_bai.pk]),
    )
    assert response.status_code == 200
    assert "merged_from" in response.context["form"].errors
    assert merged_from(mine) == []
    assert [c.pk for c in world.centre_an_bai.merged_into.all()] == [world.centre_quynh_phu.pk]


def test_another_provinces_admin_cannot_edit_the_self_assessment_of_a_divided_communes_centre(
    world, tn_admin
):
    rating = Rating.objects.create(centre=world.centre_an_bai, year=2024, status="draft")
    assert not rating_permissions.can_edit_self_assessment(tn_admin, rating)


def test_another_provinces_admin_cannot_delete_an_activity_of_a_divided_communes_centre(
    client, world, tn_admin
):
    talk = ActivityFactory(centre=world.centre_an_bai, start_date=datetime.date(2024, 5, 2))
    client.force_login(tn_admin)
    response = client.post(reverse("activities:delete", args=[talk.pk]))
    assert response.status_code == 403
    assert Activity.objects.filter(pk=talk.pk).exists()


def test_another_provinces_admin_cannot_rewrite_a_divided_communes_past_grade(world, tn_admin):
    rating = Rating.objects.create(
        centre=world.centre_an_bai, year=2011, status="approved", grade="good", is_historical=True
    )
    with pytest.raises(ValidationError):
        record_historical_grade(user=tn_admin, centre=world.centre_an_bai, year=2011, grade="weak")
    rating.refresh_from_db()
    assert rating.grade == "good"


# --- 2. Accounts only on units in force; reading forward by default successions only ------------


@pytest.fixture
def tan_hoa(world):
    """An abolished commune of Thái Nguyên: by default into Xã Biên Giới, in part (non-default)
    into Hưng Yên's Xã Quỳnh Phụ."""
    phu_binh = DistrictFactory(
        code="173", name="Huyện Phú Bình", parent=world.thai_nguyen,
        valid_until=LAST_THREE_LEVEL_DAY,
    )  # fmt: skip
    tan_hoa = CommuneFactory(
        code="05800", name="Xã Tân Hòa", parent=phu_binh, valid_until=LAST_THREE_LEVEL_DAY
    )
    UnitSuccession.objects.create(predecessor=tan_hoa, successor=world.bien_gioi, is_default=True)
    UnitSuccession.objects.create(
        predecessor=tan_hoa, successor=world.new_quynh_phu, is_default=False
    )
    return tan_hoa


def test_an_admin_cannot_create_an_account_on_an_abolished_commune(
    client, world, tn_admin, tan_hoa
):
    client.force_login(tn_admin)
    # The admin of Thái Nguyên does not read Hưng Yên's present Xã Quỳnh Phụ.
    assert client.get(world.centre_quynh_phu.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("centres:user_create"),
        {"username": "sockpuppet", "first_name": "Bù nhìn", "email": "",
         "password1": "Mật-khẩu-dài-2025!", "password2": "Mật-khẩu-dài-2025!",
         "unit": tan_hoa.pk, "role": "viewer"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not get_user_model().objects.filter(username="sockpuppet").exists()


def test_an_account_on_an_abolished_commune_reads_forward_only_its_default_successor(
    client, world, tan_hoa
):
    legacy = user_on(tan_hoa, "viewer", "legacy_tan_hoa")
    client.force_login(legacy)
    assert client.get(world.centre_bien_gioi.get_absolute_url()).status_code == 200
    assert client.get(world.centre_quynh_phu.get_absolute_url()).status_code == 404
    unit_page = reverse("centres:unit", args=[world.new_quynh_phu.pk])
    assert client.get(unit_page).status_code == 404


def test_a_former_provinces_viewer_reads_forward_only_the_communes_its_own_became(client, world):
    former = user_on(world.thai_binh, "viewer", "so_thaibinh_cu")
    client.force_login(former)
    # Xã Quỳnh Phụ is An Khê's, An Đồng's and An Bài's default successor ...
    assert client.get(world.centre_quynh_phu.get_absolute_url()).status_code == 200
    # ... Xã Tiên Lữ (old Hưng Yên's Thiện Phiến, An Bài only in part) and the province are not.
    assert client.get(world.centre_tien_lu.get_absolute_url()).status_code == 404
    assert client.get(world.centre_thien_phien.get_absolute_url()).status_code == 404
    assert not scope_of(former).covers(world.hung_yen.path, write=False)


# --- 3. Report summaries are cached per reader ----------------------------------------------------


@pytest.fixture
def three_provinces(world):
    """A third old province, Hà Nam 35, merged into new Hưng Yên too (as Ninh Bình took Hà Nam and
    Nam Định in the real reform), with one graded centre in 2011."""
    ha_nam = UnitFactory(code="35", name="Tỉnh Hà Nam", valid_until=LAST_THREE_LEVEL_DAY)
    duy_tien = DistrictFactory(
        code="347", name="Huyện Duy Tiên", parent=ha_nam, valid_until=LAST_THREE_LEVEL_DAY
    )
    moc_nam = CommuneFactory(
        code="13324", name="Xã Mộc Nam", parent=duy_tien, valid_until=LAST_THREE_LEVEL_DAY
    )
    UnitSuccession.objects.create(predecessor=ha_nam, successor=world.hung_yen, is_default=True)
    centre = CentreFactory(commune=moc_nam, decision_date=datetime.date(2005, 3, 1))
    Rating.objects.create(
        centre=centre, year=2011, status="approved", grade="weak", is_historical=True
    )
    Rating.objects.create(
        centre=world.centre_an_khe, year=2011, status="approved", grade="good", is_historical=True
    )
    world.ha_nam, world.centre_moc_nam = ha_nam, centre
    return world


# Hưng Yên in 2011, as the province's own users read it: An Khê (good), An Đồng, An Bài,
# Thiện Phiến and Hà Nam's Mộc Nam (weak).
PROVINCE_2011 = (5, {"good": 1, "weak": 1, UNGRADED: 3})


def figures(summary):
    counts = dict(zip([*GRADES, UNGRADED], summary.total.counts, strict=True))
    return summary.total.centres, {k: v for k, v in counts.items() if v}


def province_figures(client, user, unit):
    client.force_login(user)
    response = client.get(reverse("reports:ratings"), {"unit": unit.pk, "year": 2011})
    assert response.status_code == 200
    assert response.context["summary"].unit == unit
    return figures(response.context["summary"])


def assert_former_viewer_sees_no_ha_nam(client, former, w):
    client.force_login(former)
    response = client.get(reverse("reports:ratings"), {"unit": w.hung_yen.pk, "year": 2011})
    assert response.status_code in (200, 404)
    if response.status_code == 200:  # a fallback to their own unit
        summary = response.context["summary"]
        assert summary.unit != w.hung_yen
        assert figures(summary)[1].get("weak", 0) == 0
    drill = client.get(
        reverse("reports:rating_centres"), {"unit": w.hung_yen.pk, "year": 2011, "grade": "weak"}
    )
    assert drill.status_code in (200, 404)
    if drill.status_code == 200:
        assert w.centre_moc_nam not in list(drill.context["centres"])


def test_the_report_cache_is_shared_only_by_readers_of_all_it_covers(three_provinces):
    w = three_provinces
    former_tb = user_on(w.thai_binh, "viewer", "former_thai_binh")
    viewer = user_on(w.hung_yen, "viewer", "tinh")
    assert sorted(report_roots(w.hung_yen)) == ["33/", "34/", "35/"]
    assert _reader(viewer, w.hung_yen) == "all"
    assert _reader(former_tb, w.hung_yen) == f"user{former_tb.pk}"
    assert not scope_of(former_tb).covers(w.ha_nam.path, write=False)


def test_the_province_report_is_right_whatever_the_order_of_requests(client, three_provinces):
    w = three_provinces
    former_tb = user_on(w.thai_binh, "viewer", "former_thai_binh")
    viewer = user_on(w.hung_yen, "viewer", "tinh")
    # Order A: the former Thái Bình viewer asks first.
    assert_former_viewer_sees_no_ha_nam(client, former_tb, w)
    assert province_figures(client, viewer, w.hung_yen) == PROVINCE_2011
    cache.clear()
    # Order B: the province viewer first; the former viewer never gets their cached figures.
    assert province_figures(client, viewer, w.hung_yen) == PROVINCE_2011
    assert_former_viewer_sees_no_ha_nam(client, former_tb, w)
    assert province_figures(client, viewer, w.hung_yen) == PROVINCE_2011


# --- 4, 5, 6, 10. Lineage: wrong predecessors refused, nothing half-written, no 500 ---------------


def refuse_predecessor(client, centre, wrong) -> None:
    """Ticking `wrong` among the centre's predecessors is refused at the field, and nothing of
    the form is saved (name and predecessors unchanged: the save is atomic)."""
    before = snapshot(centre)
    response = client.post(
        reverse("centres:update", args=[centre.pk]),
        centre_data(centre, name="Tên đã đổi", merged_from=[*merged_from(centre), wrong.pk]),
    )
    assert response.status_code == 200
    assert "merged_from" in response.context["form"].errors
    assert snapshot(centre) == before


@pytest.fixture
def unmerged(db):
    return reform.build()


def test_a_centre_that_began_with_the_new_one_cannot_be_ticked_as_its_predecessor(client, world):
    admin = user_on(world.hung_yen, "unit_admin", "quantri")
    client.force_login(admin)
    new, neighbour = world.centre_quynh_phu, world.centre_tien_lu  # both begin 01/07/2025
    refuse_predecessor(client, new, neighbour)
    assert not neighbour.merged_into.exists()
    # No scope widened: Xã Quỳnh Phụ's commune admin still cannot change Xã Tiên Lữ's centre.
    qp_admin = user_on(world.new_quynh_phu, "unit_admin", "qp_admin")
    assert not can_change_centre(qp_admin, neighbour)


def test_a_centre_already_merged_into_another_cannot_be_ticked_again(client, world):
    ActivityFactory(centre=world.centre_an_bai, start_date=datetime.date(2025, 3, 2))
    admin = user_on(world.hung_yen, "unit_admin", "quantri")
    client.force_login(admin)
    tl = world.centre_tien_lu
    refuse_predecessor(client, tl, world.centre_an_bai)
    assert [c.pk for c in world.centre_an_bai.merged_into.all()] == [world.centre_quynh_phu.pk]


def test_a_centre_closed_before_the_new_one_cannot_be_ticked_as_its_predecessor(client, world):
    thuy_loi = CommuneFactory(
        code="12101", name="Xã Thụy Lôi", parent=world.tien_lu, valid_until=LAST_THREE_LEVEL_DAY
    )
    UnitSuccession.objects.create(predecessor=thuy_loi, successor=world.new_tien_lu)
    closed = CentreFactory(
        commune=thuy_loi, decision_date=datetime.date(2005, 3, 1), status="closed",
        closed_on=datetime.date(2018, 5, 1), closure_decision="9/QĐ",
    )  # fmt: skip
    admin = user_on(world.hung_yen, "unit_admin", "quantri")
    client.force_login(admin)
    tl = world.centre_tien_lu
    refuse_predecessor(client, tl, closed)
    closed.refresh_from_db()
    assert (closed.status, closed.closed_on) == ("closed", datetime.date(2018, 5, 1))


def test_the_lineage_plan_with_a_late_predecessor_is_refused_in_the_form(client, unmerged):
    w = unmerged
    # A clerk's typo from before the dates were checked: the old centre's decision is dated after
    # its commune ended.
    Centre.objects.filter(pk=w.centre_an_khe.pk).update(decision_date=datetime.date(2025, 7, 2))
    centres_before = Centre.objects.count()
    client.raise_request_exception = False
    client.force_login(user_on(w.hung_yen, "unit_admin", "quantri"))
    response = client.post(
        reverse("centres:lineage_plan", args=[w.hung_yen.pk]),
        {"first_day": "01/07/2025", "decision_number": "15/QĐ-UBND"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Centre.objects.count() == centres_before
    assert not Centre.objects.filter(commune__in=[w.new_quynh_phu, w.new_tien_lu]).exists()
    assert Centre.objects.filter(status="merged").count() == 0


def test_a_centre_for_an_abolished_commune_cannot_be_founded_after_the_commune_ended(
    client, unmerged
):
    w = unmerged
    thuy_loi = CommuneFactory(
        code="12101", name="Xã Thụy Lôi", parent=w.tien_lu, valid_until=LAST_THREE_LEVEL_DAY
    )
    UnitSuccession.objects.create(predecessor=thuy_loi, successor=w.new_tien_lu, is_default=True)
    client.raise_request_exception = False
    client.force_login(user_on(w.hung_yen, "unit_admin", "quantri"))
    response = client.post(reverse("centres:create"), {
        "commune": thuy_loi.pk, "name": "Trung tâm học tập cộng đồng Xã Thụy Lôi",
        "status": "active", "decision_date": "01/08/2025", "premises": "shared", "rooms": "1",
        "seats": "50", "computers": "0", "library_books": "0"})  # fmt: skip
    assert response.status_code == 200
    assert "decision_date" in response.context["form"].errors
    assert not Centre.objects.filter(commune=thuy_loi).exists()
    # And the province's plan then runs.
    plan = client.post(
        reverse("centres:lineage_plan", args=[w.hung_yen.pk]), {"first_day": "01/07/2025"}
    )
    assert plan.status_code == 302
    assert Centre.objects.filter(commune__in=[w.new_quynh_phu, w.new_tien_lu]).count() == 2


def test_the_lineage_plan_leaves_a_centre_closed_years_ago_closed(client, unmerged):
    w = unmerged
    old = w.centre_an_dong
    old.status, old.closed_on, old.closure_decision = "closed", datetime.date(2018, 5, 1), "9/QĐ"
    old.save()
    assert not Centre.objects.filter(counted_in(2020), pk=old.pk).exists()
    client.force_login(user_on(w.hung_yen, "unit_admin", "quantri"))
    page = client.get(reverse("centres:lineage_plan", args=[w.hung_yen.pk]))
    proposed = {c.pk for planned in page.context["planned"] for c in planned.predecessors}
    assert old.pk not in proposed
    assert w.centre_an_khe.pk in proposed
    response = client.post(
        reverse("centres:lineage_plan", args=[w.hung_yen.pk]),
        {"first_day": "01/07/2025", "decision_number": "15/QĐ-UBND"},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert (old.status, old.closed_on, old.closure_decision) == (
        "closed", datetime.date(2018, 5, 1), "9/QĐ"
    )  # fmt: skip
    assert not old.merged_into.exists()
    assert not Centre.objects.filter(counted_in(2020), pk=old.pk).exists()


# --- 7. Open rounds of abolished districts --------------------------------------------------------


def test_the_open_rounds_of_abolished_districts_are_reviewed_by_the_successor_provinces_reviewer(
    world,
):
    opener = UserFactory(username="opener", is_superuser=True)
    qp_round = open_round(user=opener, unit=world.quynh_phu, year=2024,
                          deadline=datetime.date(2025, 3, 1))  # fmt: skip
    tl_round = open_round(user=opener, unit=world.tien_lu, year=2024,
                          deadline=datetime.date(2025, 3, 1))  # fmt: skip
    an_khe = qp_round.ratings.get(centre=world.centre_an_khe)
    thien_phien = tl_round.ratings.get(centre=world.centre_thien_phien)
    Rating.objects.filter(pk__in=[an_khe.pk, thien_phien.pk]).update(status="submitted")
    an_khe.refresh_from_db()
    thien_phien.refresh_from_db()
    reviewer = user_on(world.hung_yen, "reviewer", "tinh_danhgia")
    former = user_on(world.quynh_phu, "reviewer", "former")
    assert rating_permissions.can_review(reviewer, thien_phien)  # old Hưng Yên's Tiên Lữ
    assert rating_permissions.can_review(reviewer, an_khe)  # old Thái Bình's Quỳnh Phụ
    assert not rating_permissions.can_review(former, an_khe)


# --- 8. The successor's admin manages the former accounts -----------------------------------------


def test_the_new_provinces_admin_sees_and_deactivates_the_former_accounts(client, world):
    former = user_on(world.thai_binh, "viewer", "so_thaibinh_cu")
    former_staff = user_on(world.an_khe, "centre_staff", "canbo_ankhe_cu")
    admin = user_on(world.hung_yen, "unit_admin", "quantri")
    managed = set(managed_users(admin).values_list("username", flat=True))
    assert {"so_thaibinh_cu", "canbo_ankhe_cu"} <= managed
    client.force_login(admin)
    listing = client.get(reverse("centres:users")).content.decode()
    assert "so_thaibinh_cu" in listing
    assert "canbo_ankhe_cu" in listing
    for account in (former, former_staff):
        role = account.assignments.get()
        response = client.post(reverse("centres:user_update", args=[account.pk]), {
            "first_name": "x", "email": "",
            "roles-TOTAL_FORMS": 1, "roles-INITIAL_FORMS": 1,
            "roles-MIN_NUM_FORMS": 0, "roles-MAX_NUM_FORMS": 10,
            "roles-0-id": role.pk, "roles-0-user": account.pk, "roles-0-unit": role.unit_id,
            "roles-0-role": role.role,
        })  # fmt: skip
        assert response.status_code == 302, account.username
        account.refresh_from_db()
        assert not account.is_active


def test_another_provinces_admin_does_not_manage_the_divided_communes_former_accounts(world):
    user_on(world.an_bai, "centre_staff", "canbo_anbai_cu")
    tn_admin = user_on(world.thai_nguyen, "unit_admin", "tn_admin")
    assert not managed_users(tn_admin).filter(username="canbo_anbai_cu").exists()


# --- 9, 11. Nothing recorded after a centre's last day --------------------------------------------


def test_a_walk_in_after_the_centres_last_day_is_refused_with_a_message(client, world):
    admin = user_on(world.hung_yen, "unit_admin", "quantri")
    centre = world.centre_quynh_phu
    lop = ClassFactory(centre=centre, start_date=datetime.date(2025, 9, 1),
                       end_date=datetime.date(2025, 9, 30))  # fmt: skip
    session = SessionFactory(activity=lop, date=datetime.date(2025, 9, 5))
    # Closed on 31/08/2025 as recorded before the closing day was checked against activities.
    Centre.objects.filter(pk=centre.pk).update(
        status="closed", closed_on=datetime.date(2025, 8, 31), closure_decision="3/QĐ"
    )
    learners, enrolments = Learner.objects.count(), Enrolment.objects.count()
    client.raise_request_exception = False
    client.force_login(admin)
    sheet = reverse("activities:attendance", args=[session.pk])
    response = client.post(sheet, {"add_walk_in": "1", "new-full_name": "Nguyễn Thị Mới",
                                   "new-sex": "female", "new-ethnicity": "01",
                                   "new-birth_year": "1980"})  # fmt: skip
    assert response.status_code == 302
    assert response.url == sheet
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    assert Learner.objects.count() == learners
    assert Enrolment.objects.count() == enrolments
    assert not Learner.objects.filter(full_name="Nguyễn Thị Mới").exists()


def test_learning_models_are_not_recorded_for_a_year_after_the_centres_last_day(client, world):
    admin = user_on(world.hung_yen, "unit_admin", "quantri")
    client.force_login(admin)
    old = world.centre_an_khe  # merged 30/06/2025
    response = client.post(
        reverse("activities:learning_models_edit", args=[old.pk, 2026]),
        {"families": "120", "clans": "3", "communities": "2", "units": "1"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not LearningModelCount.objects.filter(centre=old, year=2026).exists()


def test_a_board_member_is_not_appointed_after_the_centres_last_day(client, world):
    admin = user_on(world.hung_yen, "unit_admin", "quantri")
    client.force_login(admin)
    old = world.centre_an_khe  # merged 30/06/2025
    response = client.post(
        reverse("centres:board_create", args=[old.pk]),
        {"position": "director", "full_name": "Giám đốc Mới", "sex": "male",
         "main_post": "x", "appointment_date": "01/03/2026"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "appointment_date" in response.context["form"].errors
    assert not old.board_members.exists()


# --- 12. Past grades by a code an old and a new commune share -------------------------------------


def test_importing_a_past_grade_by_a_shared_code_records_the_centre_open_that_year(client, db):
    """3310 of the 3321 new communes keep one old commune's code (vietnam-provinces vs the
    three-level file): the import picks the centre open on 31 December of the year."""
    w = reform.build()
    kept = CommuneFactory(code="12454", name="Xã An Khê Mới", parent=w.hung_yen,
                          valid_from=REFORM_DATE)  # fmt: skip
    new = CentreFactory(commune=kept, decision_date=REFORM_DATE)
    client.force_login(user_on(w.hung_yen, "unit_admin", "quantri"))
    response = client.post(reverse("ratings:historical"),
                           {"import": "1", "file": grades_file([["12454", 2011, "Tốt"]])})  # fmt: skip
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert (rating.centre, rating.year, rating.grade) == (w.centre_an_khe, 2011, "good")
    assert rating.is_historical
    assert not Rating.objects.filter(centre=new).exists()
