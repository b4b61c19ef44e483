"""Report data kept in the cache until a record it is computed from changes.

Each report reads one or more topics: "ratings"; "activities" (activities, sessions and their
rollups); "indicators" (what the activity summary prints beside them: centres' profiles, plans,
funding, learning models, staff, boards), so that an attendance save leaves the indicators
cached. A topic has generation numbers
(core/cache.py) at three grains: the whole topic; a unit's centres in a year (`topic:path:year`);
a unit's centres in every year (`topic:path:*`). A report on a unit over some years is stored
under the whole topic's number and those of its roots (the unit and the units it was formed
from) in its years. A write to a centre's year bumps that year at every unit above the centre's
commune (and the commune), so it makes stale exactly the reports that count that centre and
year; a write to a centre's profile bumps its units' "every year"; other writes (units, content
areas, rubrics, rounds…) bump the whole topic. reports/signals.py listens to saves, deletes and
the lower apps' announcements (core/signals.py).

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

RATINGS, ACTIVITIES, INDICATORS = "ratings", "activities", "indicators"
TOPICS = (RATINGS, ACTIVITIES, INDICATORS)
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


ANY_YEAR = "*"


def ancestors(path: str) -> list[str]:
    """A unit path and the paths above it: "34/336/12454/" → "34/", "34/336/", itself."""
    parts = path.strip("/").split("/")
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _scoped_names(topics: Iterable[str], roots: Iterable[str], years: Iterable) -> list[str]:
    """The generation names a report on these roots over these years is stored under."""
    names = []
    for topic in topics:
        names.append(f"reports:{topic}")
        for root in roots:
            names += [f"reports:{topic}:{root}:{year}" for year in (ANY_YEAR, *years)]
    return names


def bump_centre_years(topics: Iterable[str], paths_years: Iterable[tuple[str, object]]) -> None:
    """Mark stale the reports counting centres of these communes (paths) in these years
    (ANY_YEAR: every year), at every unit above the commune."""
    names = {
        f"reports:{topic}:{path}:{year}"
        for topic in topics
        for commune, year in paths_years
        for path in ancestors(commune)
    }
    if names:
        generational.bump(names)


def report_key(
    name: str, topics: Iterable[str], parts: Iterable, *, roots=(), years=()
) -> str | None:
    """The key of a report's data under the current generations; None when not cached.

    With `roots` and `years`, the key also changes when a centre under the roots changes in one
    of the years (and only then, besides writes to the whole topic)."""
    if not settings.REPORTS_CACHE_DATA:
        return None
    return generational.key_under_generations(
        f"reports:{name}:{CODE}", _scoped_names(topics, roots, years), parts
    )


def cached_years(
    name: str, topic: str, roots: list[str], years: Iterable[int], parts: Iterable, compute
) -> dict:
    """Per year, the value of `compute(years)` (a dict year → value) for that year, each year
    kept under its own generations: a write to one year recomputes that year only."""
    years = list(years)
    if not settings.REPORTS_CACHE_DATA:
        return compute(years)
    names = {year: _scoped_names([topic], roots, [year]) for year in years}
    union = sorted({n for year_names in names.values() for n in year_names})
    try:
        numbers = dict(zip(union, generational.generations(union), strict=True))
    except Exception:
        generational.log.warning("Cache unreachable; computing", exc_info=True)
        return compute(years)
    prefix = ":".join([f"reports:{name}:{CODE}", *map(str, parts)])
    keys = {
        year: ":".join(
            [prefix, str(year), generational.numbers_digest(numbers[n] for n in names[year])]
        )
        for year in years
    }
    stored = generational.get_many(list(keys.values()))
    found = {year: stored[key] for year, key in keys.items() if key in stored}
    missing = [year for year in years if year not in found]
    if missing:
        computed = compute(missing)
        generational.set_many({keys[year]: computed[year] for year in missing})
        found |= {year: computed[year] for year in missing}
    return found


def cached_under(key: str | None, compute: Callable):
    """The value of `compute()`, kept under `key` (from report_key; None: not kept)."""
    return compute() if key is None else generational.get_or_compute(key, compute)


def cached(name: str, topics: Iterable[str], parts: Iterable, compute: Callable):
    """The value of `compute()`, reused until a write to one of `topics`."""
    return cached_under(report_key(name, topics, parts), compute)


def cached_by_content(name: str, content: str, compute: Callable[[], str]) -> str:
    """A value that depends only on `content` (e.g. a chart of given numbers)."""
    return generational.cached_by_content(f"reports:{name}", content, compute)
