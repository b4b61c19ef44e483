"""Reads for the content-area pages of a province's unit admins."""

from django.db.models import Exists, OuterRef, QuerySet

from centres.models import AdministrativeUnit

from .models import Activity, ContentArea, PlanItem


def _with_use(areas: QuerySet[ContentArea]) -> QuerySet[ContentArea]:
    return areas.annotate(
        in_use=Exists(Activity.objects.filter(content_area=OuterRef("pk")))
        | Exists(PlanItem.objects.filter(content_area=OuterRef("pk")))
    )


def national_content_areas() -> QuerySet[ContentArea]:
    """The national defaults, retired ones too, in their order."""
    return ContentArea.objects.national().order_by("order", "name")


def province_content_areas(
    provinces: list[AdministrativeUnit],
) -> dict[int, list[ContentArea]]:
    """Each province's own areas (with `in_use`), keyed by province id, in one query."""
    found: dict[int, list[ContentArea]] = {p.pk: [] for p in provinces}
    rows = _with_use(ContentArea.objects.filter(province__in=provinces)).order_by("order", "name")
    for area in rows:
        found[area.province_id].append(area)
    return found
