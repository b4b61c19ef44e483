"""The 2025 reform in the centres: lineage recorded by the province, read scope across time,
records only within a centre's life (form, importer, service), each refusal naming the successor."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities.forms import ActivityForm
from activities.imports import import_activities
from activities.models import Activity, AnnualPlan, ContentArea, Funding, Session
from activities.services import save_attendance
from centres.lifetime import centre_error
from centres.models import Centre
from centres.permissions import can_change_centre
from centres.scope import scope_of
from ratings import services as rating_services
from ratings.models import Rating

from .. import reform
from ..activities.test_spreadsheets import filled, talk_row
from ..factories import (
    ActivityFactory,
    CentreFactory,
    ClassFactory,
    CommuneFactory,
    UserFactory,
    assign,
)

pytestmark = pytest.mark.django_db
AFTER = datetime.date(2026, 11, 20)


@pytest.fixture
def world(db):
    return reform.build()


@pytest.fixture
def merged(world):
    reform.merge(world)
    return world


def user_on(unit, role, name):
    user = UserFactory(username=name)
    assign(user, unit, role)
    return user


# --- Lineage ------------------------------------------------------------------------------------


def test_the_province_creates_its_new_centres_from_the_lineage_in_one_step(client, world):
    admin = user_on(world.hung_yen, "unit_admin", "quantri")
    client.force_login(admin)
    url = reverse("centres:lineage_plan", args=[world.hung_yen.pk])
    preview = client.get(url)
    assert preview.status_code == 200
    rows = {p.commune.name: [c.name for c in p.predecessors] for p in preview.context["planned"]}
    # A divided commune's centre goes to its default successor only.
    assert sorted(rows["Xã Quỳnh Phụ"]) == sorted(
        c.name for c in (world.centre_an_khe, world.centre_an_dong, world.centre_an_bai)
    )
    assert rows["Xã Tiên Lữ"] == [world.centre_thien_phien.name]
    response = client.post(url, {"first_day": "01/07/2025", "decision_number": "15/QĐ-UBND"})
    assert response.status_code == 302
    new = Centre.objects.get(commune=world.new_quynh_phu)
    assert new.decision_date == datetime.date(2025, 7, 1)
    assert new.merged_from.count() == 3
    world.centre_an_khe.refresh_from_db()
    assert (world.centre_an_khe.status, world.centre_an_khe.closed_on) == (
        "merged",
        datetime.date(2025, 6, 30),
    )
    assert world.centre_an_khe.closure_decision == "15/QĐ-UBND"
    assert world.centre_an_khe.history.count() == 2  # the merger is kept in its history
    # Nothing is left to create; a second post creates nothing.
    client.post(url, {"first_day": "01/07/2025"})
    assert Centre.objects.filter(commune__in=[world.new_quynh_phu, world.new_tien_lu]).count() == 2


def test_a_day_before_the_reform_is_refused_and_nothing_is_created(client, world):
    client.force_login(user_on(world.hung_yen, "unit_admin", "quantri"))
    url = reverse("centres:lineage_plan", args=[world.hung_yen.pk])
    response = client.post(url, {"first_day": "30/06/2025"})
    assert response.status_code == 200
    assert response.context["form"].errors["first_day"]
    assert not Centre.objects.filter(commune=world.new_quynh_phu).exists()


def test_the_successor_unit_admin_records_a_centre_formed_from_the_former_ones(client, world):
    new = CentreFactory(commune=world.new_quynh_phu, decision_date=datetime.date(2025, 7, 15))
    client.force_login(user_on(world.hung_yen, "unit_admin", "quantri"))
    form = client.get(reverse("centres:update", args=[new.pk]) + "?propose=1").context["form"]
    # The portal proposes the centres of the communes it was formed from, and offers them.
    assert set(form.initial["merged_from"]) == {
        world.centre_an_khe.pk, world.centre_an_dong.pk, world.centre_an_bai.pk,
    }  # fmt: skip
    offered = set(form.fields["merged_from"].queryset.values_list("pk", flat=True))
    assert world.centre_thien_phien.pk in offered
    data = {
        "name": new.name, "status": "active", "decision_number": "7/QĐ-UBND",
        "decision_date": "15/07/2025", "premises": "shared", "rooms": "1", "seats": "50",
        "computers": "0", "library_books": "0",
        "merged_from": [world.centre_an_khe.pk, world.centre_an_dong.pk],
    }  # fmt: skip
    response = client.post(reverse("centres:update", args=[new.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    world.centre_an_khe.refresh_from_db()
    # It ended with its commune on 30/06/2025, before the new centre's first day.
    assert world.centre_an_khe.closed_on == datetime.date(2025, 6, 30)
    assert world.centre_an_khe.status == "merged"


def test_both_centre_pages_link_and_the_links_work_for_either_side(client, merged):
    new_staff = user_on(merged.new_quynh_phu, "centre_staff", "xa")
    former_reviewer = user_on(merged.quynh_phu, "reviewer", "huyen")
    old, new = merged.centre_an_khe, merged.centre_quynh_phu
    for user in (new_staff, former_reviewer):
        client.force_login(user)
        new_page = client.get(new.get_absolute_url())
        assert new_page.status_code == 200, user
        assert old.get_absolute_url() in new_page.content.decode()
        old_page = client.get(old.get_absolute_url())
        assert old_page.status_code == 200, user
        assert new.get_absolute_url() in old_page.content.decode()
        assert client.get(reverse("centres:unit", args=[merged.an_khe.pk])).status_code == 200


def test_a_unit_page_shows_what_it_was_formed_from_and_what_it_became(client, world):
    client.force_login(user_on(world.hung_yen, "viewer", "tinh"))
    page = client.get(reverse("centres:unit", args=[world.new_tien_lu.pk])).content.decode()
    assert "Xã Thiện Phiến" in page
    assert "Xã An Bài" in page
    page = client.get(reverse("centres:unit", args=[world.an_bai.pk])).content.decode()
    assert "Xã Quỳnh Phụ" in page
    assert "Xã Tiên Lữ" in page


# --- Read scope across time -----------------------------------------------------------------------


def test_the_new_province_reads_its_predecessors_records_and_changes_none(merged):
    viewer = user_on(merged.hung_yen, "viewer", "tinh")
    grade = Rating.objects.create(
        centre=merged.centre_an_khe, year=2011, status="approved", grade="good",
        is_historical=True,
    )  # fmt: skip
    talk = ActivityFactory(centre=merged.centre_an_khe, start_date=datetime.date(2015, 5, 4))
    assert grade in Rating.objects.for_user(viewer)
    assert talk in Activity.objects.for_user(viewer)
    assert not can_change_centre(viewer, merged.centre_an_khe)


def test_a_new_communes_staff_read_their_predecessors_classes_but_cannot_change_them(
    client, merged
):
    staff = user_on(merged.new_quynh_phu, "centre_staff", "xa")
    lesson = ClassFactory(
        centre=merged.centre_an_dong,
        start_date=datetime.date(2024, 3, 1),
        end_date=datetime.date(2024, 4, 1),
    )
    client.force_login(staff)
    assert client.get(lesson.get_absolute_url()).status_code == 200
    assert client.get(reverse("activities:update", args=[lesson.pk])).status_code == 403
    # Only the default successor's side? No: every successor of a divided commune reads it.
    tien_lu_staff = user_on(merged.new_tien_lu, "centre_staff", "xa2")
    assert merged.centre_an_bai in Centre.objects.for_user(tien_lu_staff)
    assert merged.centre_an_khe not in Centre.objects.for_user(tien_lu_staff)


def test_an_assignment_to_an_abolished_unit_only_reads(merged):
    former = user_on(merged.quynh_phu, "reviewer", "huyen")
    scope = scope_of(former)
    assert scope.roots() == []
    assert scope.ended() == [merged.quynh_phu.path]
    assert merged.centre_an_khe in Centre.objects.for_user(former)
    assert not rating_services_can_open(former, merged.quynh_phu)


def rating_services_can_open(user, unit) -> bool:
    from ratings.permissions import can_open_round

    return can_open_round(user, unit)


def test_the_successor_unit_admin_corrects_a_predecessors_records(merged):
    admin = user_on(merged.hung_yen, "unit_admin", "quantri")
    assert can_change_centre(admin, merged.centre_an_khe)
    grade = rating_services.record_historical_grade(
        user=admin, centre=merged.centre_an_khe, year=2019, grade="good"
    )
    assert grade.is_historical
    assert grade.grade == "good"
    reviewer = user_on(merged.hung_yen, "reviewer", "tinh_danhgia")
    with pytest.raises(ValidationError):  # a reviewer of today's province records today's only
        rating_services.record_historical_grade(
            user=reviewer, centre=merged.centre_an_khe, year=2018, grade="good"
        )


# --- Validity in time -----------------------------------------------------------------------------


def test_an_activity_after_the_commune_ended_is_refused_naming_its_successor(merged):
    form = ActivityForm(
        {
            "kind": "talk", "title": "Phổ biến Luật Đất đai",
            "content_area": ContentArea.objects.first().pk, "start_date": "20/11/2026",
            "end_date": "20/11/2026",
        },
        centre=merged.centre_an_khe,
    )  # fmt: skip
    assert not form.is_valid()
    message = form.errors["start_date"][0]
    assert "Xã Quỳnh Phụ" in message
    assert "01/07/2025" in message


def test_the_importer_refuses_the_same_row_with_the_same_message(merged):
    day = "20/11/2026"
    result = import_activities(
        centre=merged.centre_an_khe, upload=filled([talk_row(day=day)]), user=None
    )
    assert not result.ok
    assert any("Xã Quỳnh Phụ" in e.message and "01/07/2025" in e.message for e in result.errors)
    assert not Activity.objects.exists()


def test_attendance_for_a_session_outside_the_centres_life_is_refused(merged):
    lesson = ClassFactory(
        centre=merged.centre_an_khe,
        start_date=datetime.date(2025, 6, 1),
        end_date=datetime.date(2025, 6, 25),
    )
    session = Session.objects.create(activity=lesson, date=datetime.date(2025, 6, 10))
    Session.objects.filter(pk=session.pk).update(date=datetime.date(2025, 7, 10))  # by SQL
    session.refresh_from_db()
    with pytest.raises(ValidationError, match="Xã Quỳnh Phụ"):
        save_attendance(session=session, statuses={})


def test_a_centre_founded_in_2025_has_no_2011_grade_plan_or_funding(merged):
    new = merged.centre_quynh_phu
    admin = user_on(merged.hung_yen, "unit_admin", "quantri")
    with pytest.raises(ValidationError) as refused:
        rating_services.record_historical_grade(user=admin, centre=new, year=2011, grade="good")
    assert "01/07/2025" in str(refused.value)
    for record in (AnnualPlan(centre=new, year=2011), Funding(centre=new, year=2011)):
        with pytest.raises(ValidationError):
            record.full_clean()
    AnnualPlan(centre=new, year=2025).full_clean()  # open from 01/07/2025: its 2025 is fine


def test_a_merged_centre_takes_no_activity_after_its_last_day(merged):
    old = merged.centre_an_khe
    assert centre_error(old, datetime.date(2025, 6, 30)) is None
    assert "Xã Quỳnh Phụ" in centre_error(old, datetime.date(2025, 7, 1))
    assert "2005" in centre_error(old, datetime.date(2004, 12, 31))


def test_no_round_for_a_unit_that_does_not_exist_in_the_rounds_year(merged):
    reviewer = user_on(merged.hung_yen, "reviewer", "tinh_danhgia")
    deadline = datetime.date(2027, 11, 30)
    with pytest.raises(ValidationError) as refused:
        rating_services.open_round(
            user=reviewer, unit=merged.quynh_phu, year=2027, deadline=deadline
        )
    assert "30/06/2025" in str(refused.value) or "01/07/2025" in str(refused.value)
    with pytest.raises(ValidationError):  # before 2025 the districts rate
        rating_services.open_round(
            user=reviewer, unit=merged.hung_yen, year=2020, deadline=deadline
        )
    rating_round = rating_services.open_round(
        user=reviewer, unit=merged.hung_yen, year=2026, deadline=deadline
    )
    # Only the centres open on 31/12/2026: the new ones, not the merged.
    rated = set(Rating.objects.filter(round=rating_round).values_list("centre_id", flat=True))
    assert rated == {merged.centre_quynh_phu.pk, merged.centre_tien_lu.pk}


def test_a_district_round_of_2024_leaves_out_a_centre_founded_after_it(world):
    reviewer = user_on(world.quynh_phu, "reviewer", "huyen")
    late = CentreFactory(
        commune=CommuneFactory(code="12499", name="Xã Mới", parent=world.quynh_phu),
        decision_date=datetime.date(2025, 3, 15),
    )
    rating_round = rating_services.open_round(
        user=reviewer, unit=world.quynh_phu, year=2024, deadline=datetime.date(2024, 11, 30)
    )
    assert not Rating.objects.filter(round=rating_round, centre=late).exists()


def test_an_ended_assignment_says_so_on_the_dashboard_and_in_the_menu(client, merged):
    client.force_login(user_on(merged.quynh_phu, "reviewer", "huyen"))
    page = client.get(reverse("dashboard")).content.decode()
    assert "30/06/2025" in page
    assert 'role="status"' in page


def test_two_admins_creating_the_new_centres_at_once_save_nothing_twice(client, world, monkeypatch):
    from centres import lineage

    client.force_login(user_on(world.hung_yen, "unit_admin", "quantri"))
    stale = lineage.plan_new_centres(world.hung_yen)  # read before the other admin's commit
    # The other admin's centre is the plan's second: the first, created here, is rolled back.
    CentreFactory(commune=world.new_tien_lu, decision_date=datetime.date(2025, 7, 1))
    monkeypatch.setattr(lineage, "plan_new_centres", lambda province: stale)
    url = reverse("centres:lineage_plan", args=[world.hung_yen.pk])
    response = client.post(url, {"first_day": "01/07/2025"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Centre.objects.filter(commune=world.new_quynh_phu).exists()  # all or nothing
    world.centre_an_khe.refresh_from_db()
    assert world.centre_an_khe.status == "active"


def test_the_grades_importer_refuses_a_year_the_centre_did_not_exist_naming_the_day(merged):
    from ratings.imports import import_grades

    from ..ratings.test_views import grades_file

    admin = user_on(merged.hung_yen, "unit_admin", "quantri")
    # Xã Tiên Lữ (20002) is a present commune whose centre began on 01/07/2025.
    result = import_grades(user=admin, upload=grades_file([["20002", 2011, "Tốt"]]))
    assert not result.ok
    assert "01/07/2025" in result.errors[0].message
    assert not Rating.objects.filter(centre=merged.centre_tien_lu).exists()


def test_a_merge_recorded_after_the_scope_was_cached_widens_it_at_once(db, settings):
    """The lineage behind a user's scope is cached; recording a merge makes it stale."""
    from centres.models import Role
    from centres.scope import scope_of

    from ..factories import CentreFactory, CommuneFactory, UnitFactory, UserFactory, assign

    settings.REPORTS_CACHE_DATA = True
    province = UnitFactory(code="33", name="Tỉnh Hưng Yên")
    new_commune = CommuneFactory(code="12001", name="Xã Mới", parent=province)
    elsewhere = UnitFactory(code="35", name="Tỉnh Khác")
    old_commune = CommuneFactory(code="13001", name="Xã Cũ", parent=elsewhere)
    new_centre, old_centre = CentreFactory(commune=new_commune), CentreFactory(commune=old_commune)
    user = UserFactory(username="xa_moi")
    assign(user, new_commune, Role.VIEWER)
    assert not scope_of(user).covers(old_commune.path, write=False)
    new_centre.merged_from.add(old_centre)
    user = type(user).objects.get(pk=user.pk)  # a new request
    assert scope_of(user).covers(old_commune.path, write=False)
    new_centre.merged_from.remove(old_centre)
    user = type(user).objects.get(pk=user.pk)
    assert not scope_of(user).covers(old_commune.path, write=False)


def test_moving_a_merged_centre_to_another_commune_moves_the_scope_at_once(db, settings):
    from centres.models import Role
    from centres.scope import scope_of

    from ..factories import CentreFactory, CommuneFactory, UnitFactory, UserFactory, assign

    settings.REPORTS_CACHE_DATA = True
    province = UnitFactory(code="33", name="Tỉnh Hưng Yên")
    here, there, later = (
        CommuneFactory(code=code, parent=province) for code in ("12001", "12002", "12003")
    )
    merged, old = CentreFactory(commune=here), CentreFactory(commune=there)
    merged.merged_from.add(old)
    user = UserFactory(username="xa_hop_nhat")
    assign(user, here, Role.VIEWER)
    assert scope_of(user).covers(there.path, write=False)
    old.commune = later
    old.save()
    user = type(user).objects.get(pk=user.pk)
    assert scope_of(user).covers(later.path, write=False)
    assert not scope_of(user).covers(there.path, write=False)
