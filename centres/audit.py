"""The centres' histories a unit's log shows (core/history.py): centres, boards, staff,
assignments, accounts and successions."""

from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.history import Audited, path_under, register

from .models import Assignment, BoardMember, Centre, Contact, Staff, UnitSuccession


def _accounts_under(rows, path: str, field: str = "id"):
    """Rows of the accounts whose every role lies under the path: an account that also holds
    a role elsewhere, or admin-site access, is not this unit's to read about."""
    assigned = Assignment.objects.filter(unit__path__startswith=path).values("user_id")
    elsewhere = Assignment.objects.exclude(unit__path__startswith=path).values("user_id")
    privileged = User.objects.filter(Q(is_staff=True) | Q(is_superuser=True)).values("id")
    return (
        rows.filter(**{f"{field}__in": assigned})
        .exclude(**{f"{field}__in": elsewhere})
        .exclude(**{f"{field}__in": privileged})
    )


def register_histories() -> None:
    register(
        Audited(
            Centre,
            path_under("commune__path"),
            subject=lambda row: _("Centre: %(name)s") % {"name": row.name},
        )
    )
    register(
        Audited(
            BoardMember,
            path_under("centre__commune__path"),
            related=("centre",),
            subject=lambda row: (
                _("Board member %(name)s — %(centre)s")
                % {"name": row.full_name, "centre": row.centre.name}
            ),
        )
    )
    register(
        Audited(
            Staff,
            path_under("centre__commune__path"),
            related=("centre",),
            subject=lambda row: (
                _("Staff member %(name)s — %(centre)s")
                % {"name": row.full_name, "centre": row.centre.name}
            ),
        )
    )
    register(
        Audited(
            Assignment,
            path_under("unit__path"),
            related=("user", "unit"),
            subject=lambda row: (
                _("Role of %(user)s: %(role)s, %(unit)s")
                % {
                    "user": row.user.get_username(),
                    "role": row.get_role_display(),
                    "unit": row.unit.name,
                }
            ),
        )
    )
    register(
        Audited(
            User,
            _accounts_under,
            subject=lambda row: _("Account %(login)s") % {"login": row.username},
            hidden=frozenset({"date_joined"}),
        )
    )
    register(
        Audited(
            Contact,
            lambda rows, path: _accounts_under(rows, path, "user_id"),
            related=("user",),
            subject=lambda row: _("Account %(login)s") % {"login": row.user.username},
        )
    )
    register(
        Audited(
            UnitSuccession,
            path_under("successor__path"),
            related=("predecessor", "successor"),
            subject=lambda row: capfirst(
                _("%(old)s became part of %(new)s")
                % {"old": row.predecessor.name, "new": row.successor.name}
            ),
        )
    )
