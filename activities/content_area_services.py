"""A province's own content areas: add, rename, reorder, retire, restore, delete if unused.

The national defaults (no province) are not changed here. Each write keeps its history with
the user who made it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from centres.models import AdministrativeUnit

from .models import Activity, ContentArea, PlanItem


def _own(area: ContentArea) -> None:
    if area.province_id is None:
        raise ValidationError(_("A national content area cannot be changed by a province."))


def _save(area: ContentArea, user) -> ContentArea:
    area.full_clean()
    area._history_user = user  # simple-history's author when no request is at hand
    area.save()
    return area


@transaction.atomic
def create_content_area(
    *, user, province: AdministrativeUnit, name: str, order: int | None = None
) -> ContentArea:
    """A new area of the province, after its last one unless an order is given."""
    if province.level != AdministrativeUnit.Level.PROVINCE:
        raise ValidationError(_("Content areas are added for a province."))
    if order is None:
        last = ContentArea.objects.filter(province=province).aggregate(n=Max("order"))["n"]
        order = (last or 100) + 10
    return _save(ContentArea(province=province, name=name.strip(), order=order), user)


@transaction.atomic
def update_content_area(*, user, area: ContentArea, name: str, order: int) -> ContentArea:
    """Rename or move one of the province's areas (activities keep it under its new name)."""
    _own(area)
    area.name, area.order = name.strip(), order
    return _save(area, user)


@transaction.atomic
def set_content_area_active(*, user, area: ContentArea, active: bool) -> ContentArea:
    """Retire an area (no longer offered for new records; old records keep it) or restore it."""
    _own(area)
    area.is_active = active
    return _save(area, user)


def is_in_use(area: ContentArea) -> bool:
    """Whether an activity or a plan line names the area."""
    return (
        Activity.objects.filter(content_area=area).exists()
        or PlanItem.objects.filter(content_area=area).exists()
    )


@transaction.atomic
def delete_content_area(*, user, area: ContentArea) -> None:
    """Delete an area nobody used; one in use is refused (retire it instead)."""
    _own(area)
    if is_in_use(area):
        raise ValidationError(
            _("Activities or plans use this content area: retire it instead of deleting it.")
        )
    area._history_user = user
    area.delete()
