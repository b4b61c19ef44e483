import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Mark
from activities.services import add_walk_in, save_attendance

from ..factories import ClassFactory, LearnerFactory, SessionFactory, UserFactory, enrol

pytestmark = pytest.mark.django_db


def sheet(centre, size: int):
    lesson = ClassFactory(centre=centre)
    people = LearnerFactory.create_batch(size, centre=centre)
    enrol(lesson, people)
    return SessionFactory(activity=lesson), people


def test_saving_a_sheet_takes_the_same_queries_for_five_and_sixty_learners(centre):
    counts = []
    for size in (5, 60):
        session, people = sheet(centre, size)
        with CaptureQueriesContext(connection) as queries:
            save_attendance(session=session, statuses={p.pk: "present" for p in people})
        counts.append(len(queries))
        assert session.participants == size
    assert counts[0] == counts[1]


def test_mark_all_present_fills_only_unmarked_rows(centre):
    session, people = sheet(centre, 4)
    save_attendance(session=session, statuses={people[0].pk: "absent"})
    save_attendance(session=session, statuses={people[1].pk: "excused"}, mark_all_present=True)
    marks = dict(Mark.objects.values_list("learner_id", "status"))
    assert marks == {
        people[0].pk: "absent",  # saved earlier, not in this sheet: never overwritten
        people[1].pk: "excused",
        people[2].pk: "present",
        people[3].pk: "present",
    }
    session.refresh_from_db()
    assert session.participants == 2


def test_only_enrolled_learners_can_be_marked(centre):
    session, _people = sheet(centre, 2)
    stranger = LearnerFactory(centre=centre)
    with pytest.raises(ValidationError):
        save_attendance(session=session, statuses={stranger.pk: "present"})
    assert not Mark.objects.exists()


def test_an_unknown_status_saves_nothing(centre):
    session, people = sheet(centre, 2)
    with pytest.raises(ValidationError):
        save_attendance(session=session, statuses={people[0].pk: "present", people[1].pk: "x"})
    assert not Mark.objects.exists()


def test_bulk_attendance_keeps_history_with_the_user(centre):
    session, people = sheet(centre, 3)
    user = UserFactory()
    save_attendance(session=session, statuses={p.pk: "present" for p in people}, user=user)
    save_attendance(session=session, statuses={people[0].pk: "absent"}, user=user)
    assert Mark.history.count() == 4
    assert set(Mark.history.values_list("history_user", flat=True)) == {user.pk}
    assert Mark.history.filter(learner_id=people[0].pk).count() == 2


def test_a_walk_in_is_enrolled_and_counted(centre):
    session, people = sheet(centre, 2)
    save_attendance(session=session, statuses={p.pk: "present" for p in people})
    newcomer = LearnerFactory.build(centre=centre, full_name="Đào Văn Mới", village="Thôn Tây")
    add_walk_in(session=session, learner=newcomer)
    session.refresh_from_db()
    assert session.participants == 3
    assert session.activity.enrolments.count() == 3


def test_a_failure_in_the_middle_leaves_no_partial_attendance(centre, monkeypatch):
    from activities import services

    session, people = sheet(centre, 3)

    def broken(session):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "recount_session", broken)
    with pytest.raises(RuntimeError):
        save_attendance(session=session, statuses={p.pk: "present" for p in people})
    assert not Mark.objects.exists()


def test_editing_a_class_session_keeps_counts_saved_by_the_sheet_meanwhile(centre):
    from activities.forms import SessionForm
    from activities.models import Session

    course = ClassFactory(centre=centre)
    session = SessionFactory(activity=course, date=course.start_date, participants=0)
    learners = LearnerFactory.create_batch(3, centre=centre)
    enrol(course, learners)
    opened = Session.objects.get(pk=session.pk)  # the edit page reads the session (0 present)
    save_attendance(session=session, statuses={learner.pk: "present" for learner in learners})
    form = SessionForm(
        {"date": course.start_date.strftime("%d/%m/%Y"), "topic": "Bài 2"},
        instance=opened,
        activity=course,
    )
    assert form.is_valid(), form.errors
    form.save()  # ...and is saved after the sheet was
    session.refresh_from_db()
    assert (session.topic, session.participants) == ("Bài 2", 3)


def test_correcting_a_learners_sex_in_the_admin_recounts_their_sessions(client, centre):
    from django.urls import reverse

    from activities.models import Session

    course = ClassFactory(centre=centre)
    session = SessionFactory(activity=course, participants=0)
    learner = LearnerFactory(centre=centre, sex="male")
    enrol(course, [learner])
    save_attendance(session=session, statuses={learner.pk: "present"})
    assert Session.objects.get(pk=session.pk).participants_women == 0
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:activities_learner_change", args=[learner.pk])
    response = client.post(
        url,
        {"centre": centre.pk, "full_name": learner.full_name, "sex": "female",
         "birth_year": learner.birth_year or "", "ethnicity": learner.ethnicity,
         "village": learner.village, "phone": learner.phone},
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Session.objects.get(pk=session.pk).participants_women == 1


def test_the_empty_walk_in_form_is_rendered_once_per_language(client_for, commune_staff, centre):
    import re

    from django.core.cache import caches
    from django.core.cache.utils import make_template_fragment_key
    from django.urls import reverse

    def walk_in_form(page: str) -> str:
        form = re.search(
            r'<form method="post" novalidate class="form-narrow">(.*?)</form>', page, re.S
        )
        return re.sub(r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>', "", form.group(1))

    caches["process"].clear()
    course = ClassFactory(centre=centre)
    session = SessionFactory(activity=course)
    client = client_for(commune_staff)
    url = reverse("activities:attendance", args=[session.pk])
    first = walk_in_form(client.get(url).content.decode())
    assert 'name="new-full_name"' in first
    assert "Họ và tên" in first
    kept = caches["process"].get(make_template_fragment_key("walk_in_form", ["vi"]))
    assert 'name="new-full_name"' in kept
    assert walk_in_form(client.get(url).content.decode()) == first
    client.cookies["django_language"] = "en"
    english = walk_in_form(client.get(url).content.decode())
    assert "Full name" in english
    assert caches["process"].get(make_template_fragment_key("walk_in_form", ["en"]))
