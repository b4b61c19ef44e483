"""Readable change history, built from django-simple-history's rows.

An entry says who, when, what (the object, named for people: "Điểm chỉ tiêu 2.3") and, for a
change, which fields went from what to what, with translated field names and displayed values
("Có", "7,5", "05/03/2026", a grade's label), never a raw repr or a UTC timestamp.

Apps register the models whose history decides a grade or an access (`register`) in their
`AppConfig.ready()`, each with how its rows lie under a unit path, so that a unit's log can read
every registered history without importing the apps above it.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import IntegerField, Max, OuterRef, Subquery, Value
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

ACTIONS = {
    "+": gettext_lazy("created"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
}
EMPTY = "—"


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    when: datetime.datetime
    who: str
    action: str
    subject: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""
    kind: str = "~"  # "+" created, "~" changed, "-" deleted
    source: str = ""  # the model's label and the history row: a stable order at equal times
    row_id: int = 0

    @property
    def when_text(self) -> str:
        """dd/mm/yyyy HH:MM in Việt Nam time."""
        return timezone.localtime(self.when).strftime("%d/%m/%Y %H:%M")


@dataclass
class Audited:
    """A model whose history a unit's log shows."""

    model: type[models.Model]
    under: Callable[[models.QuerySet, str], models.QuerySet]  # rows under a unit path
    related: tuple[str, ...] = ()  # select_related of the history rows, for `subject`
    subject: Callable[[models.Model], str] | None = None
    hidden: frozenset[str] = frozenset()  # fields never shown (internal counters, files)
    percent: frozenset[str] = frozenset()  # shares kept as 0..1, shown as "50%"


REGISTRY: dict[str, Audited] = {}


def register(audited: Audited) -> None:
    REGISTRY[audited.model._meta.label_lower] = audited


def path_under(lookup: str) -> Callable[[models.QuerySet, str], models.QuerySet]:
    """`under` for a model whose rows reach a unit path through `lookup`."""
    return lambda rows, path: rows.filter(**{f"{lookup}__startswith": path})


def _display(model_field, value) -> str:
    if value is None or value == "":
        return EMPTY
    if model_field.choices:
        shown = dict(model_field.flatchoices).get(value, value)
        return str(shown) if shown != "" else EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
        return text.replace(".", ",")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _fields(model, historical, hidden: frozenset[str]) -> list[models.Field]:
    """The model's editable fields that its history keeps."""
    kept = {f.name for f in historical._meta.concrete_fields}
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.editable and f.name in kept and f.name not in hidden
    ]


def _related_names(model, rows, names: list[models.Field]) -> dict[tuple, str]:
    """str() of every object a changed foreign key points to, one query per related model."""
    wanted: dict[type, set] = {}
    for row, previous in rows:
        for f in names:
            if f.is_relation:
                for record in (row, previous):
                    if record is not None and getattr(record, f.attname) is not None:
                        wanted.setdefault(f.related_model, set()).add(getattr(record, f.attname))
    shown = {}
    for related, pks in wanted.items():
        audited = REGISTRY.get(related._meta.label_lower)
        paths = audited.related if audited else ()  # what its str() reads, if it is audited
        for obj in related._default_manager.filter(pk__in=pks).select_related(*paths):
            shown[(related, obj.pk)] = _name_of(obj)
    return shown


def _name_of(obj) -> str:
    """What a history line shows of an object: a person's full name (as "who" does), else
    str()."""
    if isinstance(obj, AbstractBaseUser):
        full_name = obj.get_full_name() if hasattr(obj, "get_full_name") else ""
        return full_name or obj.get_username()
    return str(obj)


def _shown(model_field, value, related) -> str:
    if model_field.is_relation:
        if value is None:
            return EMPTY
        return related.get((model_field.related_model, value), f"#{value}")
    return _display(model_field, value)


def _percent(value) -> str:
    if value is None:
        return EMPTY
    return _display_number(value * 100) + "%"


def _display_number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def _changes(row, previous, fields, related, percent=frozenset()) -> list[Change]:
    changes = []
    for f in fields:
        before = getattr(previous, f.attname) if previous is not None else None
        after = getattr(row, f.attname)
        if previous is not None and before == after:
            continue
        if previous is None and after in (None, ""):
            continue  # a new object's empty fields say nothing
        show = _percent if f.name in percent else (lambda v, f=f: _shown(f, v, related))
        changes.append(Change(str(f.verbose_name), show(before), show(after)))
    return changes


def entries(history_rows: models.QuerySet, model, limit: int, **options) -> list[Entry]:
    """The newest `limit` rows of one model's history as entries, each change against the row
    before it (two queries, plus one per related model named in a change)."""
    audited = REGISTRY.get(model._meta.label_lower)
    hidden = options.get("hidden", audited.hidden if audited else frozenset())
    subject = options.get("subject", audited.subject if audited else None)
    related_paths = options.get("related", audited.related if audited else ())
    percent = audited.percent if audited else frozenset()
    historical = history_rows.model
    before = historical.objects.filter(
        id=OuterRef("id"), history_id__lt=OuterRef("history_id")
    ).order_by("-history_id")
    rows = list(
        history_rows.select_related("history_user", *related_paths)
        .annotate(previous_id=Subquery(before.values("history_id")[:1]))
        .order_by("-history_date", "-history_id")[:limit]
    )
    previous = historical.objects.in_bulk([r.previous_id for r in rows if r.previous_id])
    pairs = [(row, previous.get(row.previous_id)) for row in rows]
    fields = _fields(model, historical, hidden)
    related = _related_names(model, pairs, [f for f in fields if f.is_relation])
    result = []
    for row, prev in pairs:
        if row.history_type == "-":
            changes = []
        else:
            changes = _changes(
                row, prev if row.history_type == "~" else None, fields, related, percent
            )
            if row.history_type == "~" and not changes:
                continue  # saved without a change worth showing
        user = row.history_user
        result.append(
            Entry(
                when=row.history_date,
                who=(user.get_full_name() or user.get_username()) if user else "",
                action=str(ACTIONS.get(row.history_type, row.history_type)),
                subject=subject(row) if subject else f"{model._meta.verbose_name}: {row.instance}",
                changes=changes,
                reason=row.history_change_reason or "",
                kind=row.history_type,
                source=model._meta.label_lower,
                row_id=row.history_id,
            )
        )
    return result


def merged(groups: Iterable[list[Entry]], limit: int) -> list[Entry]:
    """Entries of several models, newest first."""
    everything = [entry for group in groups for entry in group]
    everything.sort(key=lambda e: (e.when, e.source, e.row_id), reverse=True)
    return everything[:limit]


def unit_log(
    path: str, limit: int = 50, before: datetime.datetime | None = None, skip: int = 0
) -> list[Entry]:
    """What changed under a unit path in every registered history, newest first: from the
    moment `before` on, past the `skip` entries of that very moment an earlier page showed
    (a bulk import writes many rows at one time)."""
    groups = []
    for audited in REGISTRY.values():
        rows = audited.under(audited.model.history.all(), path)
        if before is not None:
            rows = rows.filter(history_date__lte=before)
        groups.append(entries(rows, audited.model, limit + skip))
    found = merged(groups, limit + skip)
    if before is not None and skip:
        at_moment = [e for e in found if e.when == before][:skip]
        found = [e for e in found if e not in at_moment]
    return found[:limit]


def object_history(*sources: tuple[type[models.Model], models.QuerySet], limit: int = 30):
    """The history of one object and its parts: (model, its history rows) pairs, merged."""
    return merged((entries(rows, model, limit) for model, rows in sources), limit)


def _newest(rows: models.QuerySet) -> Subquery:
    """The newest history row's id among these rows (NULL when none), as a subquery."""
    everything = rows.order_by().annotate(_all=Value(1, output_field=IntegerField()))
    return Subquery(everything.values("_all").annotate(newest=Max("history_id")).values("newest"))


def cached_object_history(
    anchor: models.QuerySet, *sources: tuple[type[models.Model], models.QuerySet], limit: int = 30
) -> list[Entry]:
    """`object_history`, kept in the cache under the newest history row of each source: one
    query on `anchor` (the object itself, a one-row queryset) finds them, and any new row
    makes a new key. Names of people are as they were when the entries were built, for at
    most the cache's timeout."""
    from .cache import get_or_compute

    names = [f"newest_{i}" for i in range(len(sources))]
    newest = (
        anchor.order_by()
        .annotate(
            **{name: _newest(rows) for name, (_model, rows) in zip(names, sources, strict=True)}
        )
        .values_list("pk", *names)
        .first()
    )
    if newest is None:
        return []
    key = ":".join(
        [
            "history",
            anchor.model._meta.label_lower,
            get_language() or "",
            str(limit),
            *map(str, newest),
        ]
    )
    return get_or_compute(key, lambda: object_history(*sources, limit=limit))
