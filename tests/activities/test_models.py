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
    activity = ActivityFactory.build(
        centre=centre, start_date=TODAY + datetime.timedelta(days=3), end_date=TODAY
    )
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert "không được ở tương lai" in error.value.message_dict["start_date"][0]


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


def test_a_session_must_fall_within_its_activity_and_not_in_the_future(centre):
    activity = ActivityFactory(centre=centre)
    before = Session(activity=activity, date=activity.start_date - datetime.timedelta(days=1))
    future = Session(activity=activity, date=TODAY + datetime.timedelta(days=1))
    for session in (before, future):
        with pytest.raises(ValidationError) as error:
            session.full_clean()
        assert "date" in error.value.message_dict


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
