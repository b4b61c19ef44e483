"""Sorting a summary's sub-unit rows by any column, and the units that lead a ranking."""

from .selectors import GRADES, UNGRADED, ActivityRow, DistributionRow

RATING_SORTS = ("name", "centres", *GRADES, UNGRADED, "change")
ACTIVITY_SORTS = ("name", "classes", "talks", "sessions", "visits", "women", "minority")


def _rating_value(row: DistributionRow, sort: str):
    if sort == "centres":
        return row.centres
    if sort == "change":
        return row.change
    index = [*GRADES, UNGRADED].index(sort)
    return (row.shares[index], row.counts[index])


def _activity_value(row: ActivityRow, sort: str):
    if sort == "women":
        return row.women_share
    if sort == "minority":
        return row.minority_share
    return getattr(row, sort)


def sort_rows(rows: list, sort: str, descending: bool) -> list:
    """The rows in the asked order; "name" (or an unknown column) keeps the units' own order
    (by code), reversed when descending. Rows without a value (no change, no visits) go last."""
    if isinstance(rows[0] if rows else None, DistributionRow):
        allowed, value = RATING_SORTS, _rating_value
    else:
        allowed, value = ACTIVITY_SORTS, _activity_value
    if sort not in allowed or sort == "name":
        return list(reversed(rows)) if descending and sort == "name" else list(rows)
    return known_first(rows, lambda r: value(r, sort), descending)


def known_first(rows: list, key, descending: bool) -> list:
    """The rows by `key`, a stable sort (equal values keep the rows' own order, in either
    direction), the rows without a value last."""
    present = [r for r in rows if key(r) is not None]
    absent = [r for r in rows if key(r) is None]
    return sorted(present, key=key, reverse=descending) + absent


def leading_units(rows: list[DistributionRow], count: int = 3) -> list[DistributionRow]:
    """The sub-units with the highest share of centres graded good (then the most of them),
    when there are several to rank and at least one centre graded good."""
    ranked = [r for r in rows if r.centres and r.counts[0]]
    if len(rows) < 2 or not ranked:
        return []
    return sorted(ranked, key=lambda r: (r.shares[0], r.counts[0]), reverse=True)[:count]


def leading_activity_units(rows: list[ActivityRow], count: int = 3) -> list[ActivityRow]:
    """The sub-units with the most participant-visits, when there are several."""
    ranked = [r for r in rows if r.visits]
    if len(rows) < 2 or not ranked:
        return []
    return sorted(ranked, key=lambda r: (r.visits, r.activities), reverse=True)[:count]
