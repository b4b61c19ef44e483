"""Report data kept in the cache until a record it is computed from changes.

Each report reads one or more topics ("ratings", "activities"). Every topic has a generation
number (core/cache.py); a report is stored under the generations it was computed with, and a write
to a model of the topic bumps the generation (reports/signals.py listens to saves, deletes and the
lower apps' `bulk_written` announcements), so the next request computes afresh.

Report data are cached only where every process sees the same cache (REPORTS_CACHE_DATA: with
REDIS_URL, or in development's single process): gunicorn workers with a cache each would miss
each other's bumps. Keys carry a digest of the selectors' source, so a deploy that changes the
cached objects' shape never unpickles old ones; migrations bump every topic.

Charts depend only on the numbers drawn, so they are cached by a digest of their input and need no
invalidation.
"""

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings

from core import cache as generational

RATINGS, ACTIVITIES = "ratings", "activities"
TOPICS = (RATINGS, ACTIVITIES)
# The code of what is cached: a deploy that changes it never reads objects pickled before.
CODE = hashlib.sha256(
    b"".join(
        (Path(__file__).parent / name).read_bytes()
        for name in ("selectors.py", "indicators.py", "rounding.py", "centre_lists.py")
    )
).hexdigest()[:8]


def _names(topics: Iterable[str]) -> list[str]:
    return [f"reports:{topic}" for topic in topics]


def generations(topics: Iterable[str]) -> list[int]:
    return generational.generations(_names(topics))


def bump(*topics: str) -> None:
    """Mark the cached reports of these topics (all when none) as stale."""
    generational.bump(_names(topics or TOPICS))


def report_key(name: str, topics: Iterable[str], parts: Iterable) -> str | None:
    """The key of a report's data under the current generations; None when not cached."""
    if not settings.REPORTS_CACHE_DATA:
        return None
    return generational.key_under_generations(f"reports:{name}:{CODE}", _names(topics), parts)


def cached_under(key: str | None, compute: Callable):
    """The value of `compute()`, kept under `key` (from report_key; None: not kept)."""
    return compute() if key is None else generational.get_or_compute(key, compute)


def cached(name: str, topics: Iterable[str], parts: Iterable, compute: Callable):
    """The value of `compute()`, reused until a write to one of `topics`."""
    return cached_under(report_key(name, topics, parts), compute)


def cached_by_content(name: str, content: str, compute: Callable[[], str]) -> str:
    """A value that depends only on `content` (e.g. a chart of given numbers)."""
    return generational.cached_by_content(f"reports:{name}", content, compute)
