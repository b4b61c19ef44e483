"""Lineages (which units a unit was formed from, or became) kept in the cache until a
succession or a centre's merge changes: every request's scope and every report needs them, and
they change a few times a decade. Only where every process shares the cache (the setting
REPORTS_CACHE_DATA); the generation is bumped by centres/apps.py."""

from collections.abc import Callable

from django.conf import settings

from core import cache as generational

LINEAGE = "centres:lineage"


def cached_lineage(kind: str, root: str, compute: Callable[[], list[str]]) -> list[str]:
    if not settings.REPORTS_CACHE_DATA:
        return compute()
    key = generational.key_under_generations(f"lineage:{kind}", [LINEAGE], [root])
    return compute() if key is None else generational.get_or_compute(key, compute)
