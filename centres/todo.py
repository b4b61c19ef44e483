"""The dashboard's to-do list: what each user has to do next, by role.

Centres owns the list and answers for its own records (terms of office, communes without a
centre); higher layers register their items (ratings due and to review, period reports) in
their AppConfig.ready(), as activities/locks.py does for locked years.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from . import selectors
from .models import AdministrativeUnit, BoardMember
from .scope import ADMIN_ROLES, EDITING_ROLES, scope_of

TERM_WARNING_DAYS = 60


@dataclass(frozen=True)
class Item:
    text: str
    url: str
    level: str = "info"  # Bootstrap's danger / warning / info / secondary
    due: datetime.date | None = None


Provider = Callable[[object, datetime.date], list[Item]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


_ORDER = {"danger": 0, "warning": 1, "info": 2, "secondary": 3}


def items_for(user, today: datetime.date | None = None) -> list[Item]:
    """Every provider's items for the user, the urgent first, then by due date."""
    today = today or datetime.date.today()
    found: list[Item] = []
    for provider in [terms_of_office, communes_without_centre, *_providers]:
        found += provider(user, today)
    return sorted(found, key=lambda i: (_ORDER.get(i.level, 9), i.due or datetime.date.max))


def terms_of_office(user, today: datetime.date) -> list[Item]:
    """Board members still serving whose term ended or ends within 60 days."""
    scope = scope_of(user)
    if not scope.has_role(EDITING_ROLES):
        return []
    soon = today + datetime.timedelta(days=TERM_WARNING_DAYS)
    members = (
        scope.filter(
            BoardMember.objects.filter(left_on__isnull=True, term_end__lte=soon),
            "centre__commune__path",
            EDITING_ROLES,
            write=True,
        )
        .select_related("centre")
        .order_by("term_end")[:20]
    )
    items = []
    for member in members:
        values = {
            "name": member.full_name,
            "centre": member.centre.name,
            "date": member.term_end.strftime("%d/%m/%Y"),
        }
        ended = member.term_end < today
        text = (
            _("%(name)s (%(centre)s): the term of office ended on %(date)s.")
            if ended
            else _("%(name)s (%(centre)s): the term of office ends on %(date)s.")
        ) % values
        items.append(
            Item(
                text,
                reverse("centres:board_update", args=[member.centre_id, member.pk]),
                "danger" if ended else "warning",
                member.term_end,
            )
        )
    return items


def communes_without_centre(user, today: datetime.date) -> list[Item]:
    """For a unit admin: how many communes under each of their units have no centre."""
    scope = scope_of(user)
    items = []
    for root in scope.roots(ADMIN_ROLES):
        unit = AdministrativeUnit.objects.filter(path=root).first()
        if unit is None or unit.level == AdministrativeUnit.Level.COMMUNE:
            continue
        missing = selectors.communes_without_centre(user, unit, today).count()
        if missing:
            items.append(
                Item(
                    _("%(unit)s: %(count)s communes have no centre yet.")
                    % {"unit": unit.name, "count": missing},
                    reverse("centres:unit", args=[unit.pk]) + "?missing=1",
                    "warning",
                )
            )
    return items
