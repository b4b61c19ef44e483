"""Who edits a province's rubric versions: the province's unit admins."""

from django.db.models import QuerySet

from centres.models import AdministrativeUnit
from centres.scope import ADMIN_ROLES, scope_of

from .models import Rubric


def rubric_provinces(user) -> QuerySet[AdministrativeUnit]:
    """The existing provinces whose rubrics the user edits (a unit admin of the province)."""
    provinces = AdministrativeUnit.objects.in_force().filter(
        level=AdministrativeUnit.Level.PROVINCE
    )
    return scope_of(user).filter(provinces, "path", ADMIN_ROLES, write=True).order_by("path")


def can_edit_rubrics(user, province: AdministrativeUnit) -> bool:
    """A unit admin of the whole province (a district's unit admin does not)."""
    return province.level == AdministrativeUnit.Level.PROVINCE and scope_of(user).covers(
        province.path, ADMIN_ROLES
    )


def can_edit_rubric(user, rubric: Rubric) -> bool:
    return can_edit_rubrics(user, rubric.province)
