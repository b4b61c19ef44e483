"""Published figures ("số liệu đã công bố"): a year's totals known only from a document.

Selectors read them for a unit, scoped to the user; services record and delete them with their
history (who changed what, django-simple-history).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from centres.models import AdministrativeUnit
from centres.permissions import can_manage_users
from centres.scope import ADMIN_ROLES, scope_of

from .models import ACTIVITY_FIELDS, GRADE_FIELDS, PublishedFigures

# The fields a change of the history lists, in the order of the form.
HISTORY_FIELDS = ("year", "source", "note", "centres", *GRADE_FIELDS, *ACTIVITY_FIELDS)
TEXT_FIELDS = frozenset({"year", "source", "note"})  # shown as typed, never grouped ("2.011")
ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


def published_figures(
    unit: AdministrativeUnit, years: Iterable[int]
) -> dict[int, PublishedFigures]:
    """The figures published for exactly this unit in the given years, by year (one query)."""
    return {f.year: f for f in PublishedFigures.objects.filter(unit=unit, year__in=list(years))}


def published_units(user) -> QuerySet[AdministrativeUnit]:
    """Provinces and districts whose published figures the user may read."""
    units = AdministrativeUnit.objects.exclude(level=AdministrativeUnit.Level.COMMUNE)
    return scope_of(user).filter(units, "path").order_by("path")


def unit_published_figures(user, unit: AdministrativeUnit) -> QuerySet[PublishedFigures]:
    """The unit's published figures the user may read, the latest year first."""
    return PublishedFigures.objects.for_user(user).filter(unit=unit).order_by("-year")


def can_record_published(user, unit: AdministrativeUnit) -> bool:
    """The unit's admins (and those of the units above it) record its published figures; a
    unit formed in 2025 records its predecessors' years under itself, and its admins correct
    the figures of the units it was formed from (the Scope's past roots)."""
    if unit.level == AdministrativeUnit.Level.COMMUNE:
        return False
    if can_manage_users(user, unit):
        return True
    return unit.valid_until is not None and scope_of(user).covers(unit.path, ADMIN_ROLES, past=True)


@transaction.atomic
def save_published(*, user, figures: PublishedFigures) -> PublishedFigures:
    """Validate and save a unit's figures of a year, the change recorded as the user's."""
    figures.full_clean()
    figures._history_user = user
    figures.save()
    return figures


@transaction.atomic
def delete_published(*, user, figures: PublishedFigures) -> None:
    """Delete a unit's figures of a year; the history keeps what was deleted and by whom."""
    figures._history_user = user
    figures.delete()


@dataclass
class FigureChange:
    label: str
    old: object
    new: object
    kind: str  # "int" for counts (grouped), "text" for the rest


@dataclass
class PublishedEntry:
    when: datetime
    who: str
    action: str
    year: int
    changes: list[FigureChange] = field(default_factory=list)


def published_history(unit: AdministrativeUnit) -> list[PublishedEntry]:
    """Every change to the unit's published figures, deleted ones included, newest first: for a
    change, each field with its old and new value; for a creation, the values recorded."""
    rows = (
        PublishedFigures.history.filter(unit=unit)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    labels = {
        name: capfirst(PublishedFigures._meta.get_field(name).verbose_name)
        for name in HISTORY_FIELDS
    }
    previous_by_id: dict[int, object] = {}
    entries = []
    for row in rows:
        previous = previous_by_id.get(row.id)
        changes = []
        if row.history_type != "-":
            for name in HISTORY_FIELDS:
                old = getattr(previous, name) if previous is not None else None
                new = getattr(row, name)
                if previous is None and (name == "year" or new in (None, "")):
                    continue  # a creation lists what was recorded; its year has a column
                if old != new:
                    kind = "text" if name in TEXT_FIELDS else "int"
                    changes.append(FigureChange(labels[name], old, new, kind))
        previous_by_id[row.id] = row
        if row.history_type == "~" and not changes:
            continue  # saved unchanged
        who = row.history_user
        entries.append(
            PublishedEntry(
                when=row.history_date,
                who=(who.get_full_name() or who.get_username()) if who else "",
                action=str(ACTIONS.get(row.history_type, row.history_type)),
                year=row.year,
                changes=changes,
            )
        )
    entries.reverse()
    return entries
