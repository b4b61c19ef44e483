"""The activity rollups: per centre, year and content area, the counts the summaries add up.

They are written in the transaction that changes the records they count: saves and deletes of
activities and sessions recompute the centre-years they touch (signals, connected in apps.py),
and the bulk writers (imports, the demo loader, benchmarks) call `refresh` with the centre-years
they wrote. Recomputing a centre-year from its records, rather than adding differences, keeps a
rollup right whatever happened before; `verify` compares every rollup with the raw aggregate and
`manage.py activity_rollups` rebuilds or checks them.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear

from core.signals import bulk_written, centre_years_written

from .models import Activity, ActivityRollup, Session

FIELDS = ("classes", "talks", "sessions", "visits", "women", "minority")
Pair = tuple[int, int]  # (centre id, year)


def _in_pairs(pairs: set[Pair], centre: str, start: str) -> Q:
    """The records of these centre-years: one condition per year, over its centres."""
    by_year: dict[int, list[int]] = {}
    for centre_id, year in pairs:
        by_year.setdefault(year, []).append(centre_id)
    condition = Q()
    for year, centres in by_year.items():
        condition |= Q(
            **{
                f"{centre}__in": centres,
                f"{start}__gte": datetime.date(year, 1, 1),
                f"{start}__lt": datetime.date(year + 1, 1, 1),
            }
        )
    return condition


def raw_counts(activities: QuerySet, sessions: QuerySet) -> dict[tuple, dict[str, int]]:
    """The rollups' figures computed from the records: (centre, year, area) → counts."""
    counts: dict[tuple, dict[str, int]] = {}
    activity_groups = (
        activities.order_by()
        .annotate(y=ExtractYear("start_date"))
        .values_list("centre_id", "y", "content_area_id")
        .annotate(
            classes=Count("pk", filter=Q(kind=Activity.Kind.CLASS)),
            talks=Count("pk", filter=Q(kind=Activity.Kind.TALK)),
        )
    )
    for centre_id, year, area, classes, talks in activity_groups:
        counts[(centre_id, year, area)] = dict.fromkeys(FIELDS, 0) | {
            "classes": classes,
            "talks": talks,
        }
    session_groups = (
        sessions.order_by()
        .annotate(y=ExtractYear("activity__start_date"))
        .values_list("activity__centre_id", "y", "activity__content_area_id")
        .annotate(
            n=Count("pk"),
            v=Coalesce(Sum("participants"), 0),
            w=Coalesce(Sum("participants_women"), 0),
            m=Coalesce(Sum("participants_minority"), 0),
        )
    )
    for centre_id, year, area, n, visits, women, minority in session_groups:
        row = counts.setdefault((centre_id, year, area), dict.fromkeys(FIELDS, 0))
        row |= {"sessions": n, "visits": visits, "women": women, "minority": minority}
    return counts


@transaction.atomic
def refresh(pairs: Iterable[Pair]) -> None:
    """Recompute the rollups of these centre-years from their records (four queries)."""
    pairs = {(int(c), int(y)) for c, y in pairs if c is not None and y is not None}
    if not pairs:
        return
    counts = raw_counts(
        Activity.objects.filter(_in_pairs(pairs, "centre_id", "start_date")),
        Session.objects.filter(_in_pairs(pairs, "activity__centre_id", "activity__start_date")),
    )
    by_year: dict[int, list[int]] = {}
    for centre_id, year in pairs:
        by_year.setdefault(year, []).append(centre_id)
    stale = Q()
    for year, centres in by_year.items():
        stale |= Q(year=year, centre_id__in=centres)
    ActivityRollup.objects.filter(stale).delete()
    ActivityRollup.objects.bulk_create(
        [
            ActivityRollup(centre_id=c, year=y, content_area_id=a, **row)
            for (c, y, a), row in counts.items()
        ],
        batch_size=2000,
    )
    centre_years_written.send(sender=ActivityRollup, pairs=pairs)


def rebuild(centres=None) -> int:
    """Recompute every rollup (or those of these centres) from the records; the rows written."""
    activities, sessions, kept = (
        Activity.objects.all(),
        Session.objects.all(),
        ActivityRollup.objects.all(),
    )
    if centres is not None:
        activities = activities.filter(centre__in=centres)
        sessions = sessions.filter(activity__centre__in=centres)
        kept = kept.filter(centre__in=centres)
    with transaction.atomic():
        kept.delete()
        counts = raw_counts(activities, sessions)
        ActivityRollup.objects.bulk_create(
            [
                ActivityRollup(centre_id=c, year=y, content_area_id=a, **row)
                for (c, y, a), row in counts.items()
            ],
            batch_size=5000,
        )
    bulk_written.send(sender=ActivityRollup)
    return len(counts)


def differences() -> list[str]:
    """Where the rollups and the raw aggregate disagree (empty when they agree)."""
    raw = raw_counts(Activity.objects.all(), Session.objects.all())
    kept = {
        (r.centre_id, r.year, r.content_area_id): {name: getattr(r, name) for name in FIELDS}
        for r in ActivityRollup.objects.all()
    }
    found = []
    for key in sorted(set(raw) | set(kept)):
        if raw.get(key) != kept.get(key):
            found.append(f"{key}: records {raw.get(key)}, rollup {kept.get(key)}")
    return found


# Signals: a saved or deleted record recomputes the centre-years it was and is counted in.


def _pair(activity: Activity) -> Pair | None:
    start = activity.__dict__.get("start_date")
    centre_id = activity.__dict__.get("centre_id")
    if start is None or centre_id is None:
        return None
    return centre_id, start.year


def _remember(sender, instance: Activity, **kwargs) -> None:
    """The centre-year an activity was counted in when read, so a move refreshes both."""
    instance._counted_in = _pair(instance)


def _activity_saved(sender, instance: Activity, **kwargs) -> None:
    refresh({_pair(instance), getattr(instance, "_counted_in", None)} - {None})
    instance._counted_in = _pair(instance)


def _origin_model(origin):
    return getattr(origin, "model", type(origin))


def _activity_deleted(sender, instance: Activity, origin=None, **kwargs) -> None:
    if _origin_model(origin) in (Activity, Session):  # a centre's rollups go with it
        refresh({_pair(instance), getattr(instance, "_counted_in", None)} - {None})


def _session_pair(session: Session) -> Pair | None:
    activity = session._state.fields_cache.get("activity")
    if activity is None or _pair(activity) is None:
        found = (
            Activity.objects.filter(pk=session.activity_id)
            .values_list("centre_id", "start_date")
            .first()
        )
        return None if found is None else (found[0], found[1].year)
    return _pair(activity)


def _remember_session(sender, instance: Session, **kwargs) -> None:
    instance._counted_under = instance.__dict__.get("activity_id")


def _session_saved(sender, instance: Session, update_fields=None, **kwargs) -> None:
    moved_from = getattr(instance, "_counted_under", None)
    instance._counted_under = instance.activity_id
    if moved_from not in (None, instance.activity_id):  # moved to another activity
        earlier = Activity.objects.filter(pk=moved_from).values_list("centre_id", "start_date")
        refresh({(c, start.year) for c, start in earlier})
    elif update_fields is not None and not set(update_fields) & {
        "participants", "participants_women", "participants_minority", "activity",
        "activity_id",
    }:  # fmt: skip
        return
    refresh({_session_pair(instance)} - {None})


def _session_deleted(sender, instance: Session, origin=None, **kwargs) -> None:
    if _origin_model(origin) is Session:  # an activity's sessions: the activity refreshes
        refresh({_session_pair(instance)} - {None})


def connect() -> None:
    from django.db.models.signals import post_delete, post_init, post_save

    post_init.connect(_remember, sender=Activity, dispatch_uid="rollups:activity-read")
    post_save.connect(_activity_saved, sender=Activity, dispatch_uid="rollups:activity-saved")
    post_delete.connect(_activity_deleted, sender=Activity, dispatch_uid="rollups:activity-deleted")
    post_init.connect(_remember_session, sender=Session, dispatch_uid="rollups:session-read")
    post_save.connect(_session_saved, sender=Session, dispatch_uid="rollups:session-saved")
    post_delete.connect(_session_deleted, sender=Session, dispatch_uid="rollups:session-deleted")
