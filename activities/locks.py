"""The question "which years of a centre's records are locked?", answered by higher layers.

Activities owns the question; the ratings app answers it (an approved rating locks its year) by
registering an answerer in its AppConfig.ready(), so activities never imports ratings.
"""

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
