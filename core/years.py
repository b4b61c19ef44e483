"""The years the portal holds records for, in one place.

Records, plans and ratings start in 2000 (an earlier year is a typing error); the latest year is
next year, which a centre plans for in December. Past grades are for years before this one.
"""

import datetime

FIRST_YEAR = 2000


def last_year() -> int:
    return datetime.date.today().year + 1


def is_supported(year: int) -> bool:
    return FIRST_YEAR <= year <= last_year()


def past_years_range() -> tuple[int, int]:
    """First and last year a grade of a past year can be recorded for."""
    return FIRST_YEAR, datetime.date.today().year - 1
