"""Who may change what: predicates over the user's Scope (centres/scope.py)."""

import datetime

from .models import AdministrativeUnit, Centre, Role
from .scope import ADMIN_ROLES, EDITING_ROLES, scope_of


def can_change_centre(user, centre: Centre) -> bool:
    """Centre staff and unit admins change the centres under their units; a unit admin also
    corrects the records of the centres their units were formed from (with history), while
    what happens after a centre's last day is refused by its dates (centres/lifetime.py)."""
    scope = scope_of(user)
    return scope.covers(centre.commune.path, EDITING_ROLES) or scope.covers(
        centre.commune.path, ADMIN_ROLES, past=True
    )


def can_create_centre(user, commune: AdministrativeUnit | None = None) -> bool:
    """Unit admins create centres for communes under their units."""
    scope = scope_of(user)
    return (
        scope.has_role(ADMIN_ROLES) if commune is None else scope.covers(commune.path, ADMIN_ROLES)
    )


def can_manage_users(user, unit: AdministrativeUnit | None = None) -> bool:
    """Unit admins manage the users assigned under their units."""
    scope = scope_of(user)
    return scope.has_role(ADMIN_ROLES) if unit is None else scope.covers(unit.path, ADMIN_ROLES)


def can_edit_user(user, account) -> bool:
    """A unit admin edits an account only if its powers lie strictly inside their own.

    Every role of the account lies under the editor's units, a unit-admin role strictly below
    them (not a peer of the same unit), and the account has no admin-site access; the account's
    own roles elsewhere, staff status or a peer's powers would otherwise be taken over (change
    the e-mail, reset the password). Nobody edits their own roles here.
    """
    scope = scope_of(user)
    if scope.everything:
        return True
    if account.is_superuser or account.is_staff or account.pk == user.pk:
        return False
    roles = list(account.assignments.all())
    # An account without a role is nobody's to take over (its roles were taken away elsewhere).
    return bool(roles) and all(_manages(scope, a) for a in roles)


def _manages(scope, assignment) -> bool:
    """An assignment inside the editor's powers: under their units (a unit admin's strictly
    below), or on a unit that ceased to exist among those their units were formed from."""
    path, until = assignment.unit.path, assignment.unit.valid_until
    if (
        until is not None
        and until < datetime.date.today()
        and scope.covers(path, ADMIN_ROLES, past=True)
    ):
        return True
    if assignment.role == Role.UNIT_ADMIN:
        return scope.covers_strictly(path, ADMIN_ROLES)
    return scope.covers(path, ADMIN_ROLES)


def can_change_email(user, account) -> bool:
    """The e-mail of a privileged account (a unit admin) leads to its password: only a superuser
    changes it here, the owner through their own account."""
    if scope_of(user).everything:
        return True
    return not any(a.role == Role.UNIT_ADMIN for a in account.assignments.all())
