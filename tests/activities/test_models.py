import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from activities.models import Activity, Session
from activities.selectors import activity_totals

from ..factories import ActivityFactory, ClassFactory, LearnerFactory, SessionFactory, enrol

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_an_activity_cannot_end_before_it_starts(centre):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(centre=centre, end_date=TODAY - datetime.timedelta(days=40))


def test_activity_dates_are_checked_with_vietnamese_messages(centre):
    later = TODAY + datetime.timedelta(days=400)
    activity = ActivityFactory.build(centre=centre, start_date=later, end_date=later)
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert "tối đa một năm" in error.value.message_dict["start_date"][0]


def test_next_weeks_class_can_be_planned_with_its_sessions(centre):
    start = TODAY + datetime.timedelta(days=7)
    activity = ActivityFactory(centre=centre, start_date=start, end_date=start)
    activity.full_clean()
    Session(activity=activity, date=start).full_clean()


def test_women_and_minority_cannot_exceed_the_people_present(centre):
    session = SessionFactory(activity=ActivityFactory(centre=centre), participants=50)
    for field in ("participants_women", "participants_minority"):
        Session.objects.filter(pk=session.pk).update(participants=50)
        with pytest.raises(IntegrityError), transaction.atomic():
            Session.objects.filter(pk=session.pk).update(**{field: 51})


def test_negative_counts_are_refused_by_the_database(centre):
    session = SessionFactory(activity=ActivityFactory(centre=centre))
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(participants=-1)


def test_a_session_must_fall_within_its_activity(centre):
    activity = ActivityFactory(centre=centre)
    before = Session(activity=activity, date=activity.start_date - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        before.full_clean()
    assert "date" in error.value.message_dict


def test_an_upcoming_session_has_no_headcount_yet(centre):
    start = TODAY + datetime.timedelta(days=3)
    talk = ActivityFactory(centre=centre, start_date=start, end_date=start)
    with pytest.raises(ValidationError) as error:
        Session(activity=talk, date=start, participants=40).full_clean()
    assert "đã diễn ra" in error.value.message_dict["participants"][0]


def test_participant_visits_add_headcounts_of_talks_and_present_marks_of_classes(centre):
    from activities.models import Mark
    from activities.services import save_attendance

    talk = ActivityFactory(centre=centre)
    SessionFactory(activity=talk, participants=120, participants_women=70)
    lesson = ClassFactory(centre=centre)
    people = LearnerFactory.create_batch(3, centre=centre)
    enrol(lesson, people)
    for day in (lesson.start_date, lesson.start_date + datetime.timedelta(days=1)):
        session = SessionFactory(activity=lesson, date=day)
        save_attendance(
            session=session,
            statuses={people[0].pk: "present", people[1].pk: "present", people[2].pk: "absent"},
        )
    totals = activity_totals(Activity.objects.filter(centre=centre))
    assert totals["visits"] == 120 + 2 * 2
    assert totals["women"] == 70 + 4
    assert totals["sessions"] == 3
    assert totals["classes"] == 1
    assert totals["talks"] == 1
    assert Mark.objects.filter(status="present").count() == 4


def test_activities_belong_to_the_year_of_their_start_date(centre):
    ActivityFactory(
        centre=centre, start_date=datetime.date(2024, 12, 30), end_date=datetime.date(2025, 1, 5)
    )
    assert Activity.objects.in_year(2024).count() == 1
    assert Activity.objects.in_year(2025).count() == 0


def test_a_likely_duplicate_learner_is_found_without_diacritics(centre):
    LearnerFactory(centre=centre, full_name="Nguyễn Thị Hoa", birth_year=1980, village="Thôn Đông")
    again = LearnerFactory.build(
        centre=centre, full_name="nguyen thi hoa", birth_year=1980, village="thôn đông"
    )
    assert len(again.likely_duplicates()) == 1
