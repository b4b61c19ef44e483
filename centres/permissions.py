"""Who may change what: predicates over the user's Scope (centres/scope.py)."""

from .models import AdministrativeUnit, Centre
from .scope import ADMIN_ROLES, EDITING_ROLES, scope_of


def can_change_centre(user, centre: Centre) -> bool:
    """Centre staff and unit admins change the centres under their units."""
    return scope_of(user).covers(centre.commune.path, EDITING_ROLES)


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
    """A unit admin edits a user only if every one of the user's roles lies under their units."""
    scope = scope_of(user)
    if scope.everything:
        return True
    if account.is_superuser or account.pk == user.pk:
        return False
    return scope.contains_all((a.unit.path for a in account.assignments.all()), ADMIN_ROLES)
