"""Who may change what: predicates over the user's assignments."""

from .models import AdministrativeUnit, Centre, Role
from .models.assignments import unit_paths

EDITING_ROLES = {Role.CENTRE_STAFF, Role.UNIT_ADMIN}


def covers(user, path: str, roles: set[str]) -> bool:
    """Whether a unit path lies under one of the user's units held in one of the roles."""
    return any(path.startswith(root) for root in unit_paths(user, roles))


def can_change_centre(user, centre: Centre) -> bool:
    """Centre staff and unit admins change the centres under their units."""
    return user.is_superuser or covers(user, centre.commune.path, EDITING_ROLES)


def can_create_centre(user, commune: AdministrativeUnit | None = None) -> bool:
    """Unit admins create centres for communes under their units."""
    if user.is_superuser:
        return True
    if commune is None:
        return bool(unit_paths(user, {Role.UNIT_ADMIN}))
    return covers(user, commune.path, {Role.UNIT_ADMIN})


def can_manage_users(user, unit: AdministrativeUnit | None = None) -> bool:
    """Unit admins manage the users assigned under their units."""
    if user.is_superuser:
        return True
    if unit is None:
        return bool(unit_paths(user, {Role.UNIT_ADMIN}))
    return covers(user, unit.path, {Role.UNIT_ADMIN})


def can_edit_user(user, account) -> bool:
    """A unit admin edits a user only if every one of the user's roles lies under their units."""
    if user.is_superuser:
        return True
    if account.is_superuser or account.pk == user.pk:
        return False
    roots = unit_paths(user, {Role.UNIT_ADMIN})
    return all(
        any(a.unit.path.startswith(root) for root in roots) for a in account.assignments.all()
    )
