"""Write functions of the activities app."""

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .ethnicities import KINH
from .models import Activity, Enrolment, Learner, Mark, Session
from .rules import centre_life_errors, upcoming

COUNT_FIELDS = ("participants", "participants_women", "participants_minority")


def recount_session(session: Session) -> Session:
    """Set a class session's counts from its marks (one aggregate query, one update if they
    changed: an unchanged sheet saved again writes nothing and keeps cached reports)."""
    counts = Mark.objects.filter(session=session, status=Mark.Status.PRESENT).aggregate(
        total=Count("pk"),
        women=Count("pk", filter=Q(learner__sex="female")),
        minority=Count("pk", filter=~Q(learner__ethnicity=KINH)),
    )
    fields = dict(
        zip(COUNT_FIELDS, (counts["total"], counts["women"], counts["minority"]), strict=True)
    )
    if any(getattr(session, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(session, name, value)
        session.save(update_fields=list(fields))
    return session


@transaction.atomic
def save_attendance(
    *,
    session: Session,
    statuses: Mapping[int, str],
    mark_all_present: bool = False,
    user=None,
) -> Session:
    """Save a class session's sheet in a fixed number of queries.

    `statuses` maps learner ids to a status for the rows the user set. With `mark_all_present`,
    enrolled learners with neither a status in the sheet nor a saved mark become present; a
    saved mark is never overwritten by it.
    """
    if session.activity.kind != Activity.Kind.CLASS:
        raise ValidationError(_("Attendance by name is kept for classes only."))
    if upcoming(session.date):
        raise ValidationError(_("Attendance is taken once the session has taken place."))
    life = centre_life_errors(session.activity.centre, date=session.date)
    if life:
        raise ValidationError(life["date"])
    # Lock the session: two people saving the same sheet take turns (neither inserts a mark the
    # other has just inserted), and the counts compared in recount_session are the saved ones.
    saved_counts = Session.objects.select_for_update().values(*COUNT_FIELDS).get(pk=session.pk)
    for name, value in saved_counts.items():
        setattr(session, name, value)
    listed = dict(
        Enrolment.objects.filter(activity_id=session.activity_id).values_list(
            "learner_id", "withdrawn_on"
        )
    )
    enrolled = {learner_id for learner_id, left in listed.items() if left is None}
    saved = {m.learner_id: m for m in Mark.objects.filter(session=session).select_for_update()}
    # A learner taken off the list keeps, and may correct, the marks saved before.
    markable = enrolled | (set(saved) & set(listed))
    strangers = set(statuses) - markable
    if strangers:
        raise ValidationError(_("Only learners enrolled in the class can be marked."))
    valid = set(Mark.Status.values)
    if any(status not in valid for status in statuses.values()):
        raise ValidationError(_("Unknown attendance status."))
    wanted = dict(statuses)
    if mark_all_present:
        for learner_id in enrolled - set(saved) - set(wanted):
            wanted[learner_id] = Mark.Status.PRESENT
    new, changed = [], []
    for learner_id, status in wanted.items():
        mark = saved.get(learner_id)
        if mark is None:
            new.append(Mark(session=session, learner_id=learner_id, status=status))
        elif mark.status != status:
            mark.status = status
            changed.append(mark)
    if new:
        bulk_create_with_history(new, Mark, default_user=user)
    if changed:
        bulk_update_with_history(changed, Mark, ["status"], default_user=user)
    return recount_session(session)


@transaction.atomic
def recount_sessions_of(learner: Learner) -> int:
    """After a learner's sex or ethnicity changed: recount the sessions they were present at."""
    sessions = list(
        Session.objects.select_for_update().filter(
            marks__learner=learner, marks__status=Mark.Status.PRESENT
        )
    )
    for session in sessions:
        recount_session(session)
    return len(sessions)


@transaction.atomic
def enrol_learner(*, activity: Activity, learner: Learner) -> Enrolment:
    """Put a learner of the centre on a class's list (once)."""
    if activity.kind != Activity.Kind.CLASS:
        raise ValidationError(_("Only classes have a list of learners."))
    if learner.centre_id != activity.centre_id:
        raise ValidationError(_("The learner belongs to another centre."))
    enrolment, _created = Enrolment.objects.get_or_create(activity=activity, learner=learner)
    if enrolment.withdrawn_on is not None:
        enrolment.withdrawn_on = None  # back on the list
        enrolment.save(update_fields=["withdrawn_on"])
    return enrolment


@transaction.atomic
def withdraw_learner(*, activity: Activity, learner: Learner) -> Enrolment:
    """Take a learner off a class's list; their saved marks and the sessions' counts stay."""
    enrolment = Enrolment.objects.select_for_update().get(activity=activity, learner=learner)
    if enrolment.withdrawn_on is None:
        enrolment.withdrawn_on = datetime.date.today()
        enrolment.save(update_fields=["withdrawn_on"])
    return enrolment


@transaction.atomic
def update_learner(*, learner: Learner, changed: Iterable[str]) -> Learner:
    """Save a corrected learner; a changed sex or ethnicity recounts their sessions."""
    learner.full_clean()
    learner.save()
    if {"sex", "ethnicity"} & set(changed):
        recount_sessions_of(learner)
    return learner


@transaction.atomic
def add_walk_in(*, session: Session, learner: Learner, user=None) -> Session:
    """Enrol a learner met at the door and mark them present at this session."""
    if learner.pk is None:
        learner.full_clean()
        learner.save()
    enrol_learner(activity=session.activity, learner=learner)
    return save_attendance(session=session, statuses={learner.pk: Mark.Status.PRESENT}, user=user)
