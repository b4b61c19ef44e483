"""A unit's log: every change under it that decides a grade or an access (core/history.py)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core import history

from .models import AdministrativeUnit
from .permissions import can_manage_users

PAGE_SIZE = 50


def _cursor(text: str) -> tuple[datetime.datetime | None, int]:
    """The cursor of an older page ("time|entries of that time already shown", as the page
    itself wrote it), else (None, 0)."""
    moment, _bar, shown = text.partition("|")
    try:
        when = datetime.datetime.fromisoformat(moment)
    except ValueError:
        return None, 0
    if when.tzinfo is None:
        return None, 0
    return when, int(shown) if shown.isdigit() and len(shown) < 7 else 0


@require_safe
def unit_history(request, pk: int):
    """The unit admin's log of their unit, newest first, PAGE_SIZE entries a page."""
    unit = get_object_or_404(AdministrativeUnit.objects.for_user(request.user), pk=pk)
    if not can_manage_users(request.user, unit):
        raise PermissionDenied
    before, skip = _cursor(request.GET.get("before", ""))
    entries = history.unit_log(unit.path, limit=PAGE_SIZE + 1, before=before, skip=skip)
    older = ""
    if len(entries) > PAGE_SIZE:
        last = entries[PAGE_SIZE - 1].when
        same = sum(1 for e in entries[:PAGE_SIZE] if e.when == last)
        older = f"{last.isoformat()}|{same + (skip if last == before else 0)}"
    return render(
        request,
        "centres/unit_history.html",
        {"unit": unit, "history": entries[:PAGE_SIZE], "older": older, "paged": before},
    )
