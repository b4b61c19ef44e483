"""Who may change a centre's activity records, and the locks: a year whose rating was approved,
a period whose report was accepted."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from centres.models import Centre
from centres.permissions import can_change_centre

from .locks import is_year_locked, locked_period_of, locked_periods


def lock_reason(
    centre: Centre,
    year: int,
    first: datetime.date | None = None,
    last: datetime.date | None = None,
) -> str | None:
    """Why the centre's records of the year (or of the days first…last) are read-only, if they
    are. A year's own records (plan, funding) lock with a period that covers the whole year."""
    if is_year_locked(centre.pk, year):
        return _(
            "The records of %(year)s are locked: the centre's rating for that year was approved."
        ) % {"year": year}
    if first is None:
        whole = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        period = next(
            (p for p in locked_periods(centre.pk) if p[0] <= whole[0] and p[1] >= whole[1]), None
        )
    else:
        period = locked_period_of(centre.pk, first, last)
    if period is None:
        return None
    return _(
        "The records from %(first)s to %(last)s are locked: the centre's report for that period "
        "was accepted."
    ) % {"first": period[0].strftime("%d/%m/%Y"), "last": period[1].strftime("%d/%m/%Y")}


def can_change_records(user, centre: Centre, year: int, first=None, last=None) -> bool:
    """Editors of the centre change its records until a lock applies."""
    return can_change_centre(user, centre) and lock_reason(centre, year, first, last) is None


def ensure_can_change_records(user, centre: Centre, year: int, first=None, last=None) -> None:
    """Raise 403 with the reason when the user may not change the centre's records."""
    if not can_change_centre(user, centre):
        raise PermissionDenied
    reason = lock_reason(centre, year, first, last)
    if reason:
        raise PermissionDenied(reason)
