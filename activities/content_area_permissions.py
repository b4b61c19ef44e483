"""Who manages a province's own content areas: the province's unit admins."""

from django.db.models import QuerySet

from centres.models import AdministrativeUnit
from centres.scope import ADMIN_ROLES, scope_of


def administered_provinces(user) -> QuerySet[AdministrativeUnit]:
    """The existing provinces the user administers as a whole (a unit admin of the province)."""
    provinces = AdministrativeUnit.objects.in_force().filter(
        level=AdministrativeUnit.Level.PROVINCE
    )
    return scope_of(user).filter(provinces, "path", ADMIN_ROLES, write=True).order_by("path")


def can_manage_content_areas(user, province: AdministrativeUnit | None) -> bool:
    """A province's unit admins manage its own areas; the national defaults are nobody's here."""
    return (
        province is not None
        and province.level == AdministrativeUnit.Level.PROVINCE
        and scope_of(user).covers(province.path, ADMIN_ROLES)
    )
