"""A unit's log: every change under it that decides a grade or an access (core/history.py)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core import history

from .models import AdministrativeUnit
from .permissions import can_manage_users

PAGE_SIZE = 50


def _before(text: str) -> datetime.datetime | None:
    """The cursor of an older page (an ISO timestamp the page itself wrote), else None."""
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


@require_safe
def unit_history(request, pk: int):
    """The unit admin's log of their unit, newest first, PAGE_SIZE entries a page."""
    unit = get_object_or_404(AdministrativeUnit.objects.for_user(request.user), pk=pk)
    if not can_manage_users(request.user, unit):
        raise PermissionDenied
    before = _before(request.GET.get("before", ""))
    entries = history.unit_log(unit.path, limit=PAGE_SIZE + 1, before=before)
    older = entries[PAGE_SIZE - 1].when.isoformat() if len(entries) > PAGE_SIZE else ""
    return render(
        request,
        "centres/unit_history.html",
        {"unit": unit, "history": entries[:PAGE_SIZE], "older": older, "paged": before},
    )
