"""Values cached under generation numbers: bumping a name's number makes every value stored
under the old number stale at once, without finding or deleting them (pretix's namespaces).

The bump happens at once and again when the transaction commits: a request that read the old rows
before the commit may store them under the first bump's number, never under the second's. The
cache is an optimisation, never a dependency: when it fails, writes still succeed (logged) and
values are computed.
"""

import hashlib
import logging
import time
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import transaction

TIMEOUT = 10 * 60  # a safety net for a bump lost while the cache was unreachable
log = logging.getLogger(__name__)


def _generation_key(name: str) -> str:
    return f"generation:{name}"


def generations(names: Iterable[str]) -> list[int]:
    """The current generation number of each name."""
    keys = [_generation_key(name) for name in names]
    found = cache.get_many(keys)
    if len(found) < len(keys):
        # A lost or evicted number restarts from the clock, never from a number already used.
        for key in keys:
            if key not in found:
                cache.add(key, time.time_ns(), None)
        found = cache.get_many(keys)
    return [found[key] for key in keys]


def _bump_now(names: Iterable[str]) -> None:
    for name in names:
        try:
            try:
                cache.incr(_generation_key(name))
            except ValueError:
                cache.set(_generation_key(name), time.time_ns(), None)
        except Exception:  # the write itself must not fail because the cache is down
            log.warning("Could not mark cached %s values stale", name, exc_info=True)


class BumpOnCommit:
    """The commit-time bump of one transaction; later writes in it add their names here."""

    def __init__(self, names: set[str]):
        self.names = names

    def __call__(self) -> None:
        _bump_now(self.names)


def bump(names: Iterable[str]) -> None:
    """Make the values cached under these names stale, now and when the transaction commits.

    One commit-time bump per transaction, however many rows it writes.
    """
    names = set(names)
    _bump_now(names)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    registered = next(
        (entry[1] for entry in connection.run_on_commit if isinstance(entry[1], BumpOnCommit)),
        None,
    )
    if registered is None:
        transaction.on_commit(BumpOnCommit(names), robust=True)
    else:
        registered.names |= names


def get_or_compute(key: str, compute: Callable, timeout: int = TIMEOUT):
    """The value under `key`, or `compute()` stored there; computed when the cache fails."""
    try:
        value = cache.get(key)
    except Exception:
        log.warning("Cache unreachable; computing", exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout)
        except Exception:
            log.warning("Cache unreachable; not stored", exc_info=True)
    return value


def get_many(keys: list[str]) -> dict:
    """The values stored under these keys (none when the cache is unreachable)."""
    try:
        return cache.get_many(keys)
    except Exception:
        log.warning("Cache unreachable; computing", exc_info=True)
        return {}


def set_many(values: dict, timeout: int = TIMEOUT) -> None:
    try:
        cache.set_many(values, timeout)
    except Exception:
        log.warning("Cache unreachable; not stored", exc_info=True)


def key_under_generations(prefix: str, names: Iterable[str], parts: Iterable) -> str | None:
    """A key that changes when any of the names is bumped; None when the cache is unreachable."""
    try:
        numbers = generations(names)
    except Exception:
        log.warning("Cache unreachable; computing", exc_info=True)
        return None
    return ":".join([prefix, *map(str, parts), numbers_digest(numbers)])


def numbers_digest(numbers: Iterable[int]) -> str:
    """The generation numbers a key is under, in a few characters however many they are (a
    15-year report reads ~50), so that keys stay short enough for any cache backend."""
    return hashlib.sha256(",".join(map(str, numbers)).encode()).hexdigest()[:20]


def cached_by_content(name: str, content: str, compute: Callable[[], str]) -> str:
    """A value that depends only on `content` (e.g. a chart of given numbers): never stale."""
    digest = hashlib.sha256(content.encode()).hexdigest()
    return get_or_compute(f"{name}:{digest}", compute)
