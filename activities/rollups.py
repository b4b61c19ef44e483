"""The activity rollups: per centre, year and content area, the counts the summaries add up;
and their sums per unit directly above the centres' communes (UnitRollup: a district, or since
2025 a province), which a province's summary reads.

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
from django.db.models.signals import post_save

from centres.models import AdministrativeUnit, Centre
from core.signals import bulk_written, centre_years_written

from .models import Activity, ActivityRollup, Session, UnitRollup

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


def _lock(model, ids: set[int]) -> None:
    """Lock these rows until the transaction ends, in one order (no deadlock between writers)."""
    list(model.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))


@transaction.atomic
def refresh(pairs: Iterable[Pair]) -> None:
    """Recompute the rollups of these centre-years from their records (four queries)."""
    pairs = {(int(c), int(y)) for c, y in pairs if c is not None and y is not None}
    if not pairs:
        return
    # Writers of the same centres take turns: each deletes the rows the previous one inserted
    # (under READ COMMITTED a delete that waited would miss them, and the insert would clash).
    _lock(Centre, {c for c, _ in pairs})
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
    parents = dict(
        Centre.objects.filter(pk__in={c for c, _ in pairs}).values_list("pk", "commune__parent_id")
    )
    refresh_units({(parents.get(c), y) for c, y in pairs})
    centre_years_written.send(sender=ActivityRollup, pairs=pairs)


def _unit_rows(rollups: QuerySet) -> list[UnitRollup]:
    groups = (
        rollups.filter(centre__commune__parent__isnull=False)
        .order_by()
        .values_list("centre__commune__parent_id", "year", "content_area_id")
        .annotate(*(Sum(name) for name in FIELDS))
    )
    return [
        UnitRollup(
            unit_id=unit, year=year, content_area_id=area, **dict(zip(FIELDS, sums, strict=True))
        )
        for unit, year, area, *sums in groups
    ]


@transaction.atomic
def refresh_units(pairs: Iterable[tuple[int | None, int | None]]) -> None:
    """Recompute the unit rollups of these (unit id, year) pairs from the centre rollups (the
    year None: every year of the unit)."""
    pairs = {(u, y) for u, y in pairs if u is not None}
    if not pairs:
        return
    every_year = {u for u, y in pairs if y is None}
    by_year: dict[int, set[int]] = {}
    for unit, year in pairs:
        if year is not None and unit not in every_year:
            by_year.setdefault(year, set()).add(unit)
    centres = Q(centre__commune__parent_id__in=every_year) if every_year else Q(pk__in=[])
    units = Q(unit_id__in=every_year) if every_year else Q(pk__in=[])
    for year, ids in by_year.items():
        centres |= Q(year=year, centre__commune__parent_id__in=ids)
        units |= Q(year=year, unit_id__in=ids)
    _lock(AdministrativeUnit, {u for u, _ in pairs})  # as refresh: writers take turns
    UnitRollup.objects.filter(units).delete()
    UnitRollup.objects.bulk_create(
        _unit_rows(ActivityRollup.objects.filter(centres)), batch_size=5000
    )


def rebuild_units() -> int:
    """Recompute every unit rollup from the centre rollups; the rows written."""
    with transaction.atomic():
        UnitRollup.objects.all().delete()
        rows = _unit_rows(ActivityRollup.objects.all())
        UnitRollup.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


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
    bulk_written.send(sender=ActivityRollup)  # which rebuilds the unit rollups (below)
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
    summed = {
        (r.unit_id, r.year, r.content_area_id): [getattr(r, name) for name in FIELDS]
        for r in _unit_rows(ActivityRollup.objects.all())
    }
    units = {
        (r.unit_id, r.year, r.content_area_id): [getattr(r, name) for name in FIELDS]
        for r in UnitRollup.objects.all()
    }
    for key in sorted(set(summed) | set(units)):
        if summed.get(key) != units.get(key):
            found.append(f"unit {key}: centres {summed.get(key)}, unit rollup {units.get(key)}")
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


def _activity_saving(sender, instance: Activity, raw=False, **kwargs) -> None:
    """An existing activity about to be saved: the centre-year it is counted in now, from the
    database (an instance read with deferred fields, or built in memory, does not know it)."""
    if instance.pk is None or raw:
        return
    found = Activity.objects.filter(pk=instance.pk).values_list("centre_id", "start_date").first()
    if found is not None:
        instance._counted_in = (found[0], found[1].year)


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


def _session_saving(sender, instance: Session, update_fields=None, raw=False, **kwargs) -> None:
    """An existing session whose activity may change: the activity it is counted under now,
    when the instance does not know it (read with deferred fields, or built in memory)."""
    if (
        instance.pk is None
        or raw
        or (update_fields is not None and not {"activity", "activity_id"} & set(update_fields))
    ):
        return
    if getattr(instance, "_counted_under", None) in (None, instance.__dict__.get("activity_id")):
        saved = Session.objects.filter(pk=instance.pk).values_list("activity_id", flat=True).first()
        if saved is not None:
            instance._counted_under = saved


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


def _remember_commune(sender, instance: Centre, **kwargs) -> None:
    instance._rolled_under = instance.__dict__.get("commune_id")


def _centre_written(sender, instance: Centre, **kwargs) -> None:
    """A centre moved to another commune (or deleted): its units' sums, every year."""
    before = getattr(instance, "_rolled_under", None)
    instance._rolled_under = instance.commune_id
    if kwargs.get("signal") is post_save and before in (None, instance.commune_id):
        return
    communes = {before, instance.commune_id} - {None}
    parents = AdministrativeUnit.objects.filter(pk__in=communes).values_list("parent_id", flat=True)
    refresh_units({(parent, None) for parent in parents})


def _remember_parent(sender, instance: AdministrativeUnit, **kwargs) -> None:
    instance._rolled_parent = instance.__dict__.get("parent_id")


def _unit_saved(sender, instance: AdministrativeUnit, created=False, **kwargs) -> None:
    """A commune moved under another unit: both units' sums, every year."""
    before = getattr(instance, "_rolled_parent", None)
    instance._rolled_parent = instance.parent_id
    if not created and before != instance.parent_id:
        refresh_units({(before, None), (instance.parent_id, None)})


def _bulk_written(sender, **kwargs) -> None:
    """Units, centres or centre rollups written in bulk (load_units, the demo's bulk delete):
    every unit's sums from the centre rollups."""
    if sender in (AdministrativeUnit, Centre, ActivityRollup):
        rebuild_units()


def connect() -> None:
    from django.db.models.signals import post_delete, post_init, pre_save

    post_init.connect(_remember_commune, sender=Centre, dispatch_uid="rollups:centre-read")
    for signal in (post_save, post_delete):
        signal.connect(_centre_written, sender=Centre, dispatch_uid=f"rollups:centre:{signal}")
    post_init.connect(_remember_parent, sender=AdministrativeUnit, dispatch_uid="rollups:unit-read")
    post_save.connect(_unit_saved, sender=AdministrativeUnit, dispatch_uid="rollups:unit-saved")
    bulk_written.connect(_bulk_written, dispatch_uid="rollups:bulk")

    post_init.connect(_remember, sender=Activity, dispatch_uid="rollups:activity-read")
    pre_save.connect(_activity_saving, sender=Activity, dispatch_uid="rollups:activity-saving")
    pre_save.connect(_session_saving, sender=Session, dispatch_uid="rollups:session-saving")
    post_save.connect(_activity_saved, sender=Activity, dispatch_uid="rollups:activity-saved")
    post_delete.connect(_activity_deleted, sender=Activity, dispatch_uid="rollups:activity-deleted")
    post_init.connect(_remember_session, sender=Session, dispatch_uid="rollups:session-read")
    post_save.connect(_session_saved, sender=Session, dispatch_uid="rollups:session-saved")
    post_delete.connect(_session_deleted, sender=Session, dispatch_uid="rollups:session-deleted")
