"""The question "which years of a centre's records are locked?", answered by higher layers.

Activities owns the question; the ratings app answers it (an approved rating locks its year) by
registering an answerer in its AppConfig.ready(), so activities never imports ratings. The
reporting regime answers a second question the same way: which periods an accepted report locks.
"""

import datetime
from collections.abc import Callable

LockedYears = Callable[[int], set[int]]
_answerers: list[LockedYears] = []


def register(answerer: LockedYears) -> LockedYears:
    """Add a function centre_id -> the years it locks; usable as a decorator."""
    if answerer not in _answerers:
        _answerers.append(answerer)
    return answerer


def locked_years(centre_id: int) -> set[int]:
    """Years whose records of the centre are read-only, by any answerer."""
    years: set[int] = set()
    for answerer in _answerers:
        years |= answerer(centre_id)
    return years


def is_year_locked(centre_id: int, year: int) -> bool:
    return year in locked_years(centre_id)


LockedPeriods = Callable[[int], list[tuple[datetime.date, datetime.date]]]
_period_answerers: list[LockedPeriods] = []


def register_periods(answerer: LockedPeriods) -> LockedPeriods:
    """Add a function centre_id -> the (first, last) days it locks (an accepted period report)."""
    if answerer not in _period_answerers:
        _period_answerers.append(answerer)
    return answerer


def locked_periods(centre_id: int) -> list[tuple[datetime.date, datetime.date]]:
    periods: list[tuple[datetime.date, datetime.date]] = []
    for answerer in _period_answerers:
        periods += answerer(centre_id)
    return periods


def locked_period_of(
    centre_id: int, first: datetime.date | None, last: datetime.date | None = None
) -> tuple[datetime.date, datetime.date] | None:
    """The accepted period that the days first…last overlap, if any: records dated in it are
    read-only (an activity is locked if any of its days is, a new session dated in it refused)."""
    if first is None:
        return None
    last = last or first
    for start, end in locked_periods(centre_id):
        if first <= end and start <= last:
            return start, end
    return None
