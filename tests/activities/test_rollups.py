"""The activity rollups stay equal to the raw aggregate of the records, whatever is written."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities import rollups
from activities.imports import import_activities
from activities.models import Activity, ActivityRollup, ContentArea, Mark, Session, UnitRollup
from activities.services import save_attendance, update_learner
from centres.models import AdministrativeUnit, Centre
from reports.selectors import activity_summary

from ..factories import (
    ActivityFactory,
    CentreFactory,
    ClassFactory,
    LearnerFactory,
    SessionFactory,
    enrol,
)
from .test_spreadsheets import filled, talk_row

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
YEARS = [TODAY.year - 2, TODAY.year - 1]

edit = st.one_of(
    st.tuples(st.just("talk"), st.integers(0, 1), st.integers(0, 1), st.integers(0, 300)),
    st.tuples(st.just("class"), st.integers(0, 1), st.integers(0, 1), st.integers(0, 3)),
    st.tuples(st.just("headcount"), st.integers(0, 20), st.integers(0, 300)),
    st.tuples(st.just("move year"), st.integers(0, 20), st.integers(0, 1)),
    st.tuples(st.just("move centre"), st.integers(0, 20), st.integers(0, 1)),
    st.tuples(st.just("change area"), st.integers(0, 20)),
    st.tuples(st.just("change kind"), st.integers(0, 20)),
    st.tuples(st.just("delete session"), st.integers(0, 20)),
    st.tuples(st.just("delete activity"), st.integers(0, 20)),
    st.tuples(st.just("attendance"), st.integers(0, 20), st.booleans()),
    st.tuples(st.just("learner sex"), st.integers(0, 20)),
)


def _nth(queryset, n):
    items = list(queryset.order_by("pk"))
    return items[n % len(items)] if items else None


def _apply(step, centres, areas):
    kind, *args = step
    if kind in ("talk", "class"):
        centre, year, value = centres[args[0]], YEARS[args[1]], args[2]
        day = datetime.date(year, 3, 1)
        if kind == "talk":
            talk = ActivityFactory(centre=centre, start_date=day, end_date=day)
            SessionFactory(activity=talk, participants=value, participants_women=value // 2)
        else:
            lesson = ClassFactory(centre=centre, start_date=day, end_date=day.replace(month=6))
            enrol(lesson, [LearnerFactory(centre=centre) for _ in range(value)])
            SessionFactory(activity=lesson, date=day.replace(day=2))
    elif kind == "headcount":
        session = _nth(Session.objects.filter(activity__kind="talk"), args[0])
        if session:
            session.participants = args[1]
            session.participants_women = args[1] // 3
            session.save()
    elif kind == "move year":
        activity = _nth(Activity.objects.all(), args[0])
        if activity:
            # Read afresh, as a form would: the rollup of the year it leaves is refreshed too.
            activity = Activity.objects.get(pk=activity.pk)
            activity.start_date = activity.start_date.replace(year=YEARS[args[1]])
            activity.end_date = activity.start_date.replace(month=6)
            activity.save()
    elif kind == "move centre":
        activity = _nth(Activity.objects.all(), args[0])
        if activity:
            activity.centre = centres[args[1]]
            activity.save()
    elif kind == "change area":
        activity = _nth(Activity.objects.all(), args[0])
        if activity:
            activity.content_area = areas[(areas.index(activity.content_area) + 1) % len(areas)]
            activity.save(update_fields=["content_area"])
    elif kind == "change kind":
        activity = _nth(Activity.objects.all(), args[0])
        if activity:
            activity.kind = "talk" if activity.kind == "class" else "class"
            activity.save()
    elif kind == "delete session":
        session = _nth(Session.objects.all(), args[0])
        if session:
            session.delete()
    elif kind == "delete activity":
        activity = _nth(Activity.objects.all(), args[0])
        if activity:
            activity.delete()
    elif kind == "attendance":
        session = _nth(Session.objects.filter(activity__kind="class"), args[0])
        if session:
            learners = session.activity.enrolments.values_list("learner_id", flat=True)
            status = Mark.Status.PRESENT if args[1] else Mark.Status.ABSENT
            save_attendance(session=session, statuses=dict.fromkeys(learners, status))
    elif kind == "learner sex":
        mark = _nth(Mark.objects.filter(status=Mark.Status.PRESENT), args[0])
        if mark:
            learner = mark.learner
            learner.sex = "male" if learner.sex == "female" else "female"
            update_learner(learner=learner, changed=["sex"])


@pytest.fixture
def two_centres(commune, neighbour_commune):
    return [CentreFactory(commune=commune), CentreFactory(commune=neighbour_commune)]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(edit, min_size=1, max_size=12))
def test_the_rollups_equal_the_records_after_any_edits(two_centres, steps):
    areas = list(ContentArea.objects.order_by("pk")[:3])
    for step in steps:
        _apply(step, two_centres, areas)
    assert rollups.differences() == []


def test_a_summary_from_the_rollups_equals_the_one_from_the_records(
    two_centres, province_viewer, province
):
    areas = list(ContentArea.objects.order_by("pk")[:3])
    for i, step in enumerate(
        [("talk", 0, 0, 120), ("talk", 1, 1, 45), ("class", 0, 1, 3), ("talk", 1, 0, 9)]
    ):
        _apply(step, two_centres, areas[i % 3 :])
    lesson = Session.objects.get(activity__kind="class")
    _apply(("attendance", 0, True), two_centres, areas)
    assert Session.objects.get(pk=lesson.pk).participants == 3
    kept = activity_summary(province_viewer, province, *YEARS)
    raw = activity_summary(province_viewer, province, *YEARS, from_records=True)
    for table in ("by_year", "by_area", "by_unit"):
        assert getattr(kept, table) == getattr(raw, table)
    assert kept.total == raw.total
    assert kept.total.visits == 120 + 45 + 3 + 9
    assert (kept.total.classes, kept.total.talks) == (1, 3)


def test_deleting_a_centre_takes_its_rollups_with_it(centre):
    SessionFactory(activity=ActivityFactory(centre=centre), participants=30)
    assert ActivityRollup.objects.filter(centre=centre).exists()
    centre.delete()
    assert not ActivityRollup.objects.exists()
    assert rollups.differences() == []


def test_an_import_writes_the_rollups_of_the_years_it_imports(centre):
    result = import_activities(
        centre=centre, upload=filled([talk_row(people=120, women=70, minority=2)])
    )
    assert result.created == 1
    row = ActivityRollup.objects.get(centre=centre)
    assert (row.talks, row.sessions, row.visits, row.women, row.minority) == (1, 1, 120, 70, 2)
    assert rollups.differences() == []


def test_the_command_finds_a_rollup_that_disagrees_and_rebuild_mends_it(centre, capsys):
    session = SessionFactory(activity=ActivityFactory(centre=centre), participants=30)
    call_command("activity_rollups")
    assert "agree" in capsys.readouterr().out
    Session.objects.filter(pk=session.pk).update(participants=31)  # past the services
    with pytest.raises(CommandError, match="1 rollup rows disagree"):
        call_command("activity_rollups")
    call_command("activity_rollups", "--rebuild")
    assert "Rebuilt 1 rollup rows" in capsys.readouterr().out
    assert ActivityRollup.objects.get(centre=centre).visits == 31


def test_an_unchanged_attendance_sheet_saved_again_leaves_the_rollup_alone(centre):
    lesson = ClassFactory(centre=centre)
    learners = [LearnerFactory(centre=centre) for _ in range(3)]
    enrol(lesson, learners)
    session = SessionFactory(activity=lesson)
    statuses = {learner.pk: Mark.Status.PRESENT for learner in learners}
    save_attendance(session=session, statuses=statuses)
    assert ActivityRollup.objects.get(centre=centre).visits == 3
    with CaptureQueriesContext(connection) as queries:
        save_attendance(session=Session.objects.get(pk=session.pk), statuses=statuses)
    assert not [q for q in queries.captured_queries if "activityrollup" in q["sql"]]


def test_the_unit_rollups_follow_a_centre_moved_to_another_district(province, district, centre):
    from ..factories import CommuneFactory, DistrictFactory

    SessionFactory(activity=ActivityFactory(centre=centre), participants=40)
    assert UnitRollup.objects.get(unit=district).visits == 40
    elsewhere = DistrictFactory(code="337", parent=province)
    moved = Centre.objects.get(pk=centre.pk)
    moved.commune = CommuneFactory(code="12500", parent=elsewhere)
    moved.save()
    assert not UnitRollup.objects.filter(unit=district).exists()
    assert UnitRollup.objects.get(unit=elsewhere).visits == 40
    assert rollups.differences() == []


def test_the_unit_rollups_follow_a_commune_moved_under_another_unit(
    province, district, commune, centre
):
    from ..factories import DistrictFactory

    SessionFactory(activity=ActivityFactory(centre=centre), participants=25)
    elsewhere = DistrictFactory(code="337", parent=province)
    unit = AdministrativeUnit.objects.get(pk=commune.pk)
    unit.parent = elsewhere
    unit.save()
    assert UnitRollup.objects.get(unit=elsewhere).visits == 25
    assert rollups.differences() == []


def test_a_province_summary_from_the_unit_rollups_equals_the_one_from_the_records(
    two_centres, province_viewer, province, district
):
    from ..factories import CommuneFactory, DistrictFactory

    far = CentreFactory(
        commune=CommuneFactory(code="12600", parent=DistrictFactory(code="338", parent=province))
    )
    areas = list(ContentArea.objects.order_by("pk")[:3])
    for step in [("talk", 0, 0, 120), ("talk", 1, 1, 45), ("class", 0, 1, 3)]:
        _apply(step, two_centres, areas)
    _apply(("talk", 0, 1, 70), [far], areas)
    fast = activity_summary(province_viewer, province, *YEARS)
    raw = activity_summary(province_viewer, province, *YEARS, from_records=True)
    assert [(r.key, r.visits, r.talks) for r in fast.by_unit] == [
        (r.key, r.visits, r.talks) for r in raw.by_unit
    ]
    assert fast.by_year == raw.by_year
    assert fast.total.visits == 120 + 45 + 70


def test_an_activity_read_with_deferred_fields_or_built_in_memory_still_moves_its_rollup(centre):
    talk = ActivityFactory(centre=centre, start_date=datetime.date(YEARS[0], 3, 1))
    SessionFactory(activity=talk, participants=10)
    partial = Activity.objects.only("pk", "centre", "end_date").get(pk=talk.pk)
    partial.start_date = datetime.date(YEARS[1], 3, 1)
    partial.end_date = partial.start_date
    partial.save()
    assert rollups.differences() == []
    fields = {f.attname: getattr(talk, f.attname) for f in Activity._meta.concrete_fields}
    rebuilt = Activity(**fields | {"start_date": datetime.date(YEARS[0], 5, 1)})
    rebuilt.end_date = rebuilt.start_date
    rebuilt.save()
    assert rollups.differences() == []
    other = ActivityFactory(centre=centre, start_date=datetime.date(YEARS[1], 4, 1))
    session = Session.objects.only("pk", "participants").get(activity=talk)
    session.activity = other
    session.save()
    assert rollups.differences() == []


def test_a_summary_of_a_province_with_districts_and_its_own_communes_equals_the_records(
    two_centres, province_viewer, province
):
    """Since 2025 a province's communes lie directly under it, beside the districts of the
    years before: both kinds of rows from the rollups as from the records."""
    from ..factories import CommuneFactory

    own = CentreFactory(commune=CommuneFactory(code="12700", name="Xã Mới", parent=province))
    areas = list(ContentArea.objects.order_by("pk")[:3])
    for step in [("talk", 0, 0, 120), ("class", 1, 1, 4)]:
        _apply(step, two_centres, areas)
    _apply(("talk", 0, 1, 70), [own], areas)
    for years in (YEARS, (YEARS[1], YEARS[1])):  # a period, and one year (read apart)
        fast = activity_summary(province_viewer, province, *years)
        raw = activity_summary(province_viewer, province, *years, from_records=True)
        rows = [(r.key, r.name, r.visits, r.talks, r.classes) for r in fast.by_unit]
        assert rows == [(r.key, r.name, r.visits, r.talks, r.classes) for r in raw.by_unit]
        assert "Xã Mới" in [r.name for r in fast.by_unit]
        areas = [(r.key, r.visits, r.classes) for r in fast.by_area]
        assert areas == [(r.key, r.visits, r.classes) for r in raw.by_area]
        assert fast.by_year == raw.by_year
