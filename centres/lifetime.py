"""When a unit or a centre exists, asked the same way by forms, importers, services and reports.

A centre lives from its establishment decision (else its commune's first day) to its merger or
closure (else its commune's last day). Records of a day go to the centres open that day; a year
belongs to the centres open on its last day, 31 December. So the split year 2025 is rated for
the centres formed from 01/07/2025, while each activity counts once, for the centre that ran it
(the old centres to 30/06/2025, the new ones from their first day).
"""

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from .models import AdministrativeUnit, Centre, UnitSuccession


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def open_between(first: datetime.date, last: datetime.date, prefix: str = "") -> Q:
    """Centres (through `prefix`, e.g. "centre__") open on at least one day from `first` to
    `last`, as a filter."""
    p = prefix
    starts = Q(**{f"{p}decision_date__lte": last}) | Q(
        Q(**{f"{p}decision_date__isnull": True}),
        Q(**{f"{p}commune__valid_from__isnull": True})
        | Q(**{f"{p}commune__valid_from__lte": last}),
    )
    closed = Q(**{f"{p}closed_on__isnull": True}, **{f"{p}status": Centre.Status.ACTIVE}) | Q(
        **{f"{p}closed_on__gte": first}
    )
    commune = Q(**{f"{p}commune__valid_until__isnull": True}) | Q(
        **{f"{p}commune__valid_until__gte": first}
    )
    return starts & closed & commune


def open_on(day: datetime.date, prefix: str = "") -> Q:
    """Centres open on the day, as a filter."""
    return open_between(day, day, prefix)


def counted_in(year: int, prefix: str = "") -> Q:
    """Centres a year's rating counts: those open on 31 December of the year."""
    return open_on(year_end(year), prefix)


def open_during(year: int, prefix: str = "") -> Q:
    """Centres open on at least one day of the year (plans and funding of that year)."""
    return open_between(datetime.date(year, 1, 1), year_end(year), prefix)


def default_successor(unit: AdministrativeUnit) -> AdministrativeUnit | None:
    succession = (
        UnitSuccession.objects.filter(predecessor=unit)
        .select_related("successor")
        .order_by("-is_default", "successor__path")
        .first()
    )
    return succession.successor if succession else None


def unit_error(unit: AdministrativeUnit, day: datetime.date) -> str | None:
    """Why nothing can be recorded for the unit on the day, naming its successor; None if it can."""
    if unit.valid_from and day < unit.valid_from:
        return _("%(unit)s exists from %(date)s.") % {
            "unit": unit.name,
            "date": _day(unit.valid_from),
        }
    if unit.valid_until and day > unit.valid_until:
        successor = default_successor(unit)
        after = _day(unit.valid_until + datetime.timedelta(days=1))
        if successor is None:
            return _("%(unit)s ceased to exist on %(date)s.") % {
                "unit": unit.name,
                "date": _day(unit.valid_until),
            }
        return _("%(unit)s was merged into %(successor)s, from %(date)s.") % {
            "unit": unit.name,
            "successor": successor.name,
            "date": after,
        }
    return None


def centre_error(centre: Centre, day: datetime.date) -> str | None:
    """Why the centre can record nothing on the day, naming its successor; None if it can."""
    if centre.first_day and day < centre.first_day:
        return _("%(centre)s was established on %(date)s.") % {
            "centre": centre.name,
            "date": _day(centre.first_day),
        }
    commune_problem = unit_error(centre.commune, day)
    if commune_problem:
        return commune_problem
    if centre.is_open_on(day):
        return None
    successor = centre.merged_into.order_by("pk").first()
    if centre.closed_on is None:
        return _("%(centre)s is no longer active.") % {"centre": centre.name}
    after = _day(centre.closed_on + datetime.timedelta(days=1))
    if successor is not None:
        return _("%(centre)s was merged into %(successor)s, from %(date)s.") % {
            "centre": centre.name,
            "successor": successor.name,
            "date": after,
        }
    return _("%(centre)s closed on %(date)s.") % {
        "centre": centre.name,
        "date": _day(centre.closed_on),
    }


def centre_year_error(centre: Centre, year: int) -> str | None:
    """Why the centre has no rating for the year (closed on 31 December); None if it has one."""
    return centre_error(centre, year_end(year))


def centre_year_open_error(centre: Centre, year: int) -> str | None:
    """Why the centre has no plan or funding in the year (closed all year); None if it may."""
    first, last = datetime.date(year, 1, 1), year_end(year)
    if centre.first_day and centre.first_day > last:
        return centre_error(centre, last)
    end = centre.last_day
    if (end and end < first) or (centre.status != Centre.Status.ACTIVE and end is None):
        return centre_error(centre, first)
    return None
