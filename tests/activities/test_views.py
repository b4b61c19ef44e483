"""Activity pages for every role: allowed, forbidden (403), invisible (404), locked years."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, Enrolment, Learner, Mark, Session
from ratings.models import Rating

from ..factories import (
    ActivityFactory,
    ClassFactory,
    LearnerFactory,
    SessionFactory,
    enrol,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def lesson(centre):
    activity = ClassFactory(centre=centre, title="Lớp tin học cho người cao tuổi")
    enrol(activity, LearnerFactory.create_batch(3, centre=centre))
    return activity


@pytest.fixture
def lesson_session(lesson):
    return SessionFactory(activity=lesson)


def page_urls(activity, session):
    return [
        reverse("activities:detail", args=[activity.pk]),
        reverse("activities:update", args=[activity.pk]),
        reverse("activities:learners", args=[activity.pk]),
        reverse("activities:session_create", args=[activity.pk]),
        reverse("activities:session_update", args=[activity.pk, session.pk]),
        reverse("activities:attendance", args=[session.pk]),
        reverse("activities:learners_import", args=[activity.pk]),
        reverse("activities:session_delete", args=[activity.pk, session.pk]),
        reverse("activities:delete", args=[activity.pk]),
    ]


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("commune_staff", {"Xã An Khê"}),
        ("district_reviewer", {"Xã An Khê", "Xã An Đồng"}),
        ("province_viewer", {"Xã An Khê", "Xã An Đồng", "Xã Tân Lễ"}),
        ("outsider", {"Xã Mộc Nam"}),
    ],
)
def test_activity_list_shows_exactly_the_users_scope(
    request, client_for, role, visible, centre, neighbour_centre, far_centre, foreign_centre
):
    for c in (centre, neighbour_centre, far_centre, foreign_centre):
        ActivityFactory(centre=c, title=f"Chuyên đề ở {c.commune.name}")
    response = client_for(request.getfixturevalue(role)).get(reverse("activities:list"))
    assert response.status_code == 200
    assert {a.centre.commune.name for a in response.context["page"]} == visible
    body = response.content.decode()
    for name in {"Xã An Khê", "Xã An Đồng", "Xã Tân Lễ", "Xã Mộc Nam"} - visible:
        assert f"Chuyên đề ở {name}" not in body


def test_activity_list_filters_and_totals(client_for, district_reviewer, centre, neighbour_centre):
    talk = ActivityFactory(centre=centre, title="Phòng chống dịch bệnh")
    SessionFactory(activity=talk, participants=80, participants_women=50)
    other = ActivityFactory(centre=neighbour_centre, title="Luật đất đai")
    SessionFactory(activity=other, participants=40)
    ActivityFactory(
        centre=centre, start_date=datetime.date(2024, 3, 1), end_date=datetime.date(2024, 3, 1)
    )
    client = client_for(district_reviewer)
    response = client.get(reverse("activities:list"), {"year": TODAY.year})
    assert response.context["totals"]["visits"] == 120
    assert response.context["totals"]["talks"] == 2
    per_centre = {r["centre__commune__name"]: r["visits"] for r in response.context["per_centre"]}
    assert per_centre == {"Xã An Khê": 80, "Xã An Đồng": 40}
    searched = client.get(reverse("activities:list"), {"year": TODAY.year, "q": "đất"})
    assert [a.title for a in searched.context["page"]] == ["Luật đất đai"]
    past = client.get(reverse("activities:list"), {"year": 2024})
    assert past.context["totals"]["activities"] == 1
    by_centre = client.get(reverse("activities:list"), {"year": TODAY.year, "centre": centre.pk})
    assert [a.title for a in by_centre.context["page"]] == ["Phòng chống dịch bệnh"]


def test_a_centre_outside_the_scope_cannot_be_used_as_a_filter(
    client_for, commune_staff, neighbour_centre
):
    url = reverse("activities:list")
    assert client_for(commune_staff).get(url, {"centre": neighbour_centre.pk}).status_code == 404


@pytest.mark.parametrize("role", ["district_reviewer", "province_viewer"])
def test_readers_see_activity_pages_but_cannot_change_them(
    request, client_for, role, lesson, lesson_session
):
    client = client_for(request.getfixturevalue(role))
    urls = page_urls(lesson, lesson_session)
    assert client.get(urls[0]).status_code == 200
    attendance = reverse("activities:attendance", args=[lesson_session.pk])
    for url in urls[1:]:
        # The attendance sheet is read by everyone who sees the class; others are forms.
        assert client.get(url).status_code == (200 if url == attendance else 403), url
        assert client.post(url, {"title": "x"}).status_code == 403, url
    assert (
        client.post(reverse("activities:create") + f"?centre={lesson.centre_id}").status_code == 403
    )


@pytest.mark.parametrize(
    ("role", "target"),
    [
        ("commune_staff", "neighbour_centre"),
        ("district_reviewer", "far_centre"),
        ("outsider", "centre"),
    ],
)
def test_activity_pages_outside_the_scope_are_404(request, client_for, role, target):
    other = request.getfixturevalue(target)
    activity = ClassFactory(centre=other)
    session = SessionFactory(activity=activity)
    client = client_for(request.getfixturevalue(role))
    for url in page_urls(activity, session):
        assert client.get(url).status_code == 404, url
        # 405: a read-only page refuses POST before looking anything up
        assert client.post(url, {"status-1": "present"}).status_code in {404, 405}, url
    create = reverse("activities:create") + f"?centre={other.pk}"
    assert client.get(create).status_code == 404
    assert client.get(reverse("activities:signin_sheet", args=[activity.pk])).status_code == 404
    assert client.get(reverse("activities:centre_year", args=[other.pk, 2025])).status_code == 404
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_commune_staff_creates_a_class_adds_a_session_and_takes_attendance(
    client_for, commune_staff, centre
):
    from activities.models import ContentArea

    client = client_for(commune_staff)
    start = TODAY - datetime.timedelta(days=10)
    response = client.post(
        reverse("activities:create"),
        {
            "kind": "class",
            "title": "Lớp kỹ năng số",
            "content_area": ContentArea.objects.get(name__startswith="Tin học").pk,
            "start_date": start.isoformat(),
            "end_date": TODAY.isoformat(),
            "funding_source": "none",
            "funding_amount": "0",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Lớp kỹ năng số")
    assert activity.centre == centre
    learners_url = reverse("activities:learners", args=[activity.pk])
    for name in ["Phạm Thị Hoa", "Bùi Văn Nam"]:
        sex = "female" if "Thị" in name else "male"
        client.post(learners_url, {"new-full_name": name, "new-sex": sex, "new-ethnicity": "01"})
    assert activity.enrolments.count() == 2
    response = client.post(
        reverse("activities:session_create", args=[activity.pk]), {"date": start.isoformat()}
    )
    session = Session.objects.get(activity=activity)
    assert response.url == reverse("activities:attendance", args=[session.pk])
    hoa = Learner.objects.get(full_name="Phạm Thị Hoa")
    client.post(response.url, {f"status-{hoa.pk}": "absent", "mark_all": "1"})
    session.refresh_from_db()
    assert session.participants == 1
    assert session.participants_women == 0
    detail = client.get(activity.get_absolute_url())
    assert detail.context["visits"] == 1


def test_learner_duplicate_is_warned_and_can_be_confirmed(client_for, commune_staff, lesson):
    LearnerFactory(
        centre=lesson.centre, full_name="Trần Thị Lan", birth_year=1975, village="Thôn Bắc"
    )
    client = client_for(commune_staff)
    url = reverse("activities:learners", args=[lesson.pk])
    data = {
        "new-full_name": "tran thi lan",
        "new-sex": "female",
        "new-birth_year": "1975",
        "new-ethnicity": "01",
        "new-village": "thôn bắc",
    }
    warned = client.post(url, data)
    assert warned.status_code == 200
    assert "cùng họ tên, năm sinh và thôn" in warned.content.decode()
    assert Learner.objects.filter(search_name="tran thi lan").count() == 1
    confirmed = client.post(url, data | {"new-confirm_new": "on"})
    assert confirmed.status_code == 302
    assert Learner.objects.filter(search_name="tran thi lan").count() == 2


def test_walk_in_on_the_attendance_page_is_marked_present(
    client_for, commune_staff, lesson, lesson_session
):
    client = client_for(commune_staff)
    url = reverse("activities:attendance", args=[lesson_session.pk])
    response = client.post(
        url,
        {
            "add_walk_in": "1",
            "new-full_name": "Vi Văn Tày",
            "new-sex": "male",
            "new-ethnicity": "02",
        },
    )
    assert response.status_code == 302
    lesson_session.refresh_from_db()
    assert lesson_session.participants == 1
    assert lesson_session.participants_minority == 1


def test_talk_headcount_is_entered_in_one_small_form(client_for, commune_staff, centre):
    talk = ActivityFactory(centre=centre)
    client = client_for(commune_staff)
    url = reverse("activities:session_create", args=[talk.pk])
    bad = client.post(
        url,
        {"date": talk.start_date.isoformat(), "participants": "50", "participants_women": "60",
         "participants_minority": "0"},
    )  # fmt: skip
    assert bad.status_code == 200
    assert "participants_women" in bad.context["form"].errors
    ok = client.post(
        url,
        {"date": talk.start_date.isoformat(), "participants": "150", "participants_women": "90",
         "participants_minority": "3"},
    )  # fmt: skip
    assert ok.status_code == 302
    assert Session.objects.get(activity=talk).participants == 150


def test_an_approved_rating_locks_the_years_records(
    client_for, commune_staff, lesson, lesson_session
):
    Rating.objects.create(
        centre=lesson.centre, year=lesson.year, status=Rating.Status.APPROVED, grade="good"
    )
    client = client_for(commune_staff)
    detail = client.get(lesson.get_absolute_url())
    assert detail.status_code == 200
    assert not detail.context["can_change"]
    for url in page_urls(lesson, lesson_session)[1:]:
        response = client.post(url, {"title": "x"})
        assert response.status_code == 403, url
        assert "đã được phê duyệt" in response.content.decode()
    assert not Mark.objects.exists()


def test_activity_list_query_count_is_constant(client_for, commune_staff, province_viewer, centre):
    def count(client):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("activities:list")).status_code == 200
        return len(queries)

    ActivityFactory(centre=centre)
    staff, viewer = client_for(commune_staff), client_for(province_viewer)
    count(staff), count(viewer)  # the users' lineages are cached from here on
    few = [count(staff), count(viewer)]
    for _ in range(60):
        SessionFactory(activity=ActivityFactory(centre=centre), participants=10)
    many = [count(staff), count(viewer)]
    assert few == many


def test_attendance_page_query_count_is_constant(client_for, commune_staff, lesson, lesson_session):
    client = client_for(commune_staff)
    url = reverse("activities:attendance", args=[lesson_session.pk])
    client.get(url)  # the user's lineage is cached from here on
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    enrol(lesson, LearnerFactory.create_batch(40, centre=lesson.centre))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)
    assert Enrolment.objects.filter(activity=lesson).count() == 43


def test_readers_may_download_the_sign_in_sheet(client_for, province_viewer, lesson):
    url = reverse("activities:signin_sheet", args=[lesson.pk])
    assert client_for(province_viewer).get(url)["Content-Type"] == "application/pdf"


def test_a_session_recorded_by_mistake_is_deleted_with_its_marks(
    client_for, commune_staff, lesson, lesson_session
):
    from activities.services import save_attendance

    learner_ids = list(lesson.enrolments.values_list("learner_id", flat=True))
    save_attendance(session=lesson_session, statuses=dict.fromkeys(learner_ids, "present"))
    client = client_for(commune_staff)
    url = reverse("activities:session_delete", args=[lesson.pk, lesson_session.pk])
    assert client.get(url).status_code == 200  # the confirmation page deletes nothing
    assert Session.objects.filter(pk=lesson_session.pk).exists()
    assert client.post(url).status_code == 302
    assert not Session.objects.filter(pk=lesson_session.pk).exists()
    assert not Mark.objects.exists()


def test_moving_an_activity_away_from_its_sessions_is_refused(
    client_for, commune_staff, lesson, lesson_session
):
    url = reverse("activities:update", args=[lesson.pk])
    later = lesson_session.date + datetime.timedelta(days=1)
    response = client_for(commune_staff).post(
        url,
        {"title": lesson.title, "content_area": lesson.content_area_id,
         "start_date": later.isoformat(), "end_date": TODAY.isoformat(),
         "funding_source": "none", "funding_amount": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "nằm ngoài thời gian mới" in response.content.decode()
    lesson.refresh_from_db()
    assert lesson.start_date != later


def test_links_and_forms_carry_large_ids_ungrouped(client_for, commune_staff, commune):
    from centres.models import Centre

    big = Centre.objects.create(pk=12345, commune=commune, name="Trung tâm có mã lớn")
    client = client_for(commune_staff)
    listing = client.get(reverse("activities:list"), {"centre": big.pk}).content.decode()
    assert 'name="centre" value="12345"' in listing
    form = client.get(reverse("activities:create"), {"centre": big.pk}).content.decode()
    assert 'value="12345"' in form
    assert "12.345" not in form


def test_learners_of_the_centre_are_found_without_accents_and_enrolled(
    client_for, commune_staff, lesson
):
    known = LearnerFactory(centre=lesson.centre, full_name="Đặng Thị Thủy")
    LearnerFactory(centre=lesson.centre, full_name="Vũ Văn Khải")
    client = client_for(commune_staff)
    url = reverse("activities:learners", args=[lesson.pk])
    found = client.get(url, {"q": "dang thi thuy"}).content.decode()
    assert "Đặng Thị Thủy" in found
    assert "Vũ Văn Khải" not in found
    assert client.post(url, {"enrol_existing": "1", "learners": [known.pk]}).status_code == 302
    assert lesson.enrolments.filter(learner=known).exists()


def test_a_locked_years_attendance_sheet_is_shown_read_only(
    client_for, commune_staff, lesson, lesson_session
):
    from ratings.models import Rating

    Rating.objects.create(
        centre=lesson.centre, year=lesson.year, status="approved", grade="good", is_historical=True
    )
    client = client_for(commune_staff)
    url = reverse("activities:attendance", args=[lesson_session.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "đã bị khóa" in page.content.decode()
    assert 'type="radio"' not in page.content.decode()
    assert client.post(url, {"save": "1"}).status_code == 403


def test_an_upcoming_sessions_sheet_waits_for_the_day(client_for, commune_staff, centre):
    import datetime

    start = datetime.date.today() + datetime.timedelta(days=5)
    lesson = ClassFactory(centre=centre, start_date=start, end_date=start)
    session = SessionFactory(activity=lesson, date=start)
    client = client_for(commune_staff)
    url = reverse("activities:attendance", args=[session.pk])
    assert "chưa diễn ra" in client.get(url).content.decode()
    assert client.post(url, {"save": "1"}).status_code == 403
    sheet = client.get(reverse("activities:signin_sheet", args=[lesson.pk]))
    assert sheet.status_code == 200


def test_a_misspelt_learner_is_corrected_and_the_counts_follow(
    client_for, commune_staff, lesson, lesson_session
):
    from activities.models import Learner
    from activities.services import save_attendance

    from ..factories import LearnerFactory, enrol

    learner = LearnerFactory(centre=lesson.centre, full_name="Nguyen Thi Hao", sex="male")
    enrol(lesson, [learner])
    save_attendance(session=lesson_session, statuses={learner.pk: "present"})
    url = reverse("activities:learner_update", args=[lesson.pk, learner.pk])
    response = client_for(commune_staff).post(
        url, {"full_name": "Nguyễn Thị Hảo", "sex": "female", "ethnicity": "01"}
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Learner.objects.get(pk=learner.pk).full_name == "Nguyễn Thị Hảo"
    lesson_session.refresh_from_db()
    assert lesson_session.participants_women == 1


def test_a_learner_taken_off_the_list_keeps_past_marks_and_leaves_later_sheets(
    client_for, commune_staff, lesson, lesson_session
):
    import datetime

    from activities.models import Enrolment, Mark
    from activities.services import save_attendance

    from ..factories import LearnerFactory, SessionFactory, enrol

    learner = LearnerFactory(centre=lesson.centre)
    enrol(lesson, [learner])
    save_attendance(session=lesson_session, statuses={learner.pk: "present"})
    client = client_for(commune_staff)
    url = reverse("activities:learner_withdraw", args=[lesson.pk, learner.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert Enrolment.objects.get(learner=learner).withdrawn_on == datetime.date.today()
    assert Mark.objects.filter(learner=learner, session=lesson_session).exists()
    lesson_session.refresh_from_db()
    assert lesson_session.participants == 1
    past = client.get(reverse("activities:attendance", args=[lesson_session.pk]))
    assert learner.full_name in past.content.decode()
    later = SessionFactory(activity=lesson, date=lesson_session.date)
    sheet = client.get(reverse("activities:attendance", args=[later.pk])).content.decode()
    assert learner.full_name not in sheet
    assert (
        learner.full_name
        in client.get(reverse("activities:learners", args=[lesson.pk])).content.decode()
    )  # listed among those taken off


def test_a_merged_communes_staff_get_no_empty_unit_filter_a_province_does(client_for, db):
    """Staff of a commune formed in 2025 read its former communes' centres too (several
    centres), but there is no unit above a commune to choose: no filter of one choice."""
    from centres.models import Centre, Role

    from .. import reform
    from ..factories import UserFactory, assign

    world = reform.build()
    reform.merge(world)
    staff = UserFactory(username="xa_moi")
    assign(staff, world.new_quynh_phu, Role.CENTRE_STAFF)
    viewer = UserFactory(username="tinh_moi")
    assign(viewer, world.hung_yen, Role.VIEWER)
    assert Centre.objects.for_user(staff).count() > 1
    page = client_for(staff).get(reverse("activities:list"))
    assert page.status_code == 200
    assert 'name="unit"' not in page.content.decode()
    assert 'name="unit"' in client_for(viewer).get(reverse("activities:list")).content.decode()
