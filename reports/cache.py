"""Report data kept in the cache until a record it is computed from changes.

Each report reads one or more topics ("ratings", "activities"). Every topic has a generation
number in the cache; a report is stored under the generations it was computed with, and a write
to a model of the topic bumps the generation (reports/signals.py, and the bulk writers that send
no signals), so the next request computes afresh. The bump happens at once and again when the
transaction commits: a request that read the old rows before the commit may store them under the
first bump's number, never under the second's.

Report data are cached only where every process sees the same cache (REPORTS_CACHE_DATA: with
REDIS_URL, or in development's single process): gunicorn workers with a cache each would miss
each other's bumps. The cache is an optimisation, never a dependency: when it fails, writes still
succeed and reports are computed. Keys carry a digest of the selectors' source, so a deploy that
changes the cached objects' shape never unpickles old ones; migrations bump every topic.

Charts depend only on the numbers drawn, so they are cached by a digest of their input and need no
invalidation.
"""

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

RATINGS, ACTIVITIES = "ratings", "activities"
TOPICS = (RATINGS, ACTIVITIES)
TIMEOUT = 10 * 60  # a safety net for a bump lost while the cache was unreachable
CODE = hashlib.sha256((Path(__file__).parent / "selectors.py").read_bytes()).hexdigest()[:8]
log = logging.getLogger(__name__)


def _generation_key(topic: str) -> str:
    return f"reports:generation:{topic}"


def generations(topics: Iterable[str]) -> list[int]:
    keys = [_generation_key(topic) for topic in topics]
    found = cache.get_many(keys)
    if len(found) < len(keys):
        # A lost or evicted number restarts from the clock, never from a number already used.
        for key in keys:
            if key not in found:
                cache.add(key, time.time_ns(), None)
        found = cache.get_many(keys)
    return [found[key] for key in keys]


def _bump_now(topics: Iterable[str]) -> None:
    for topic in topics:
        try:
            try:
                cache.incr(_generation_key(topic))
            except ValueError:
                cache.set(_generation_key(topic), time.time_ns(), None)
        except Exception:  # the write itself must not fail because the cache is down
            log.warning("Could not mark cached %s reports stale", topic, exc_info=True)


class _BumpOnCommit:
    """The commit-time bump of one transaction; later writes in it add their topics here."""

    def __init__(self, topics: set[str]):
        self.topics = topics

    def __call__(self) -> None:
        _bump_now(self.topics)


def bump(*topics: str) -> None:
    """Mark the cached reports of these topics as stale, now and when the transaction commits.

    One commit-time bump per transaction, however many rows it writes (deleting a class sends a
    signal per attendance mark).
    """
    topics = set(topics or TOPICS)
    _bump_now(topics)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    registered = next(
        (entry[1] for entry in connection.run_on_commit if isinstance(entry[1], _BumpOnCommit)),
        None,
    )
    if registered is None:
        transaction.on_commit(_BumpOnCommit(topics), robust=True)
    else:
        registered.topics |= topics


def _get_or_compute(key: str, compute: Callable):
    try:
        value = cache.get(key)
    except Exception:
        log.warning("Report cache unreachable; computing", exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, TIMEOUT)
        except Exception:
            log.warning("Report cache unreachable; not stored", exc_info=True)
    return value


def report_key(name: str, topics: Iterable[str], parts: Iterable) -> str | None:
    """The key of a report's data under the current generations; None when not cached."""
    if not settings.REPORTS_CACHE_DATA:
        return None
    try:
        numbers = generations(topics)
    except Exception:
        log.warning("Report cache unreachable; computing", exc_info=True)
        return None
    return ":".join(["reports", name, CODE, *map(str, parts), *map(str, numbers)])


def cached_under(key: str | None, compute: Callable):
    """The value of `compute()`, kept under `key` (from report_key; None: not kept)."""
    return compute() if key is None else _get_or_compute(key, compute)


def cached(name: str, topics: Iterable[str], parts: Iterable, compute: Callable):
    """The value of `compute()`, reused until a write to one of `topics`."""
    return cached_under(report_key(name, topics, parts), compute)


def cached_by_content(name: str, content: str, compute: Callable[[], str]) -> str:
    """A value that depends only on `content` (e.g. a chart of given numbers)."""
    return _get_or_compute(
        f"reports:{name}:{hashlib.sha256(content.encode()).hexdigest()}", compute
    )
