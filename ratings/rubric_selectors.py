"""Reads of the rubric editor, scoped to the user."""

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Sum

from core import history

from .models import Criterion, Indicator, Rating, Rubric
from .rubric_permissions import rubric_provinces


def rubric_list(user) -> QuerySet[Rubric]:
    """The versions of the provinces the user edits rubrics for: parts counted, maximum points,
    and whether a rating uses them (Rubric.is_used, as a query)."""
    used = Rating.objects.filter(rubric=OuterRef("pk")).exclude(status=Rating.Status.NOT_STARTED)
    return (
        Rubric.objects.for_user(user)
        .filter(province__in=rubric_provinces(user))
        .select_related("province")
        .annotate(
            criteria_count=Count("criteria", distinct=True),
            indicator_count=Count("criteria__indicators"),
            maximum=Sum("criteria__indicators__max_points"),
            used=Exists(used),
        )
        .order_by("province__path", "kind", "-first_year", "-version")
    )


def rubric_with_parts(user) -> QuerySet[Rubric]:
    """Versions the user reads, each with its criteria and their indicators loaded."""
    return (
        Rubric.objects.for_user(user)
        .select_related("province")
        .prefetch_related(
            Prefetch(
                "criteria",
                queryset=Criterion.objects.prefetch_related(
                    Prefetch("indicators", queryset=Indicator.objects.order_by("order"))
                ),
            )
        )
    )


def criterion_with_indicators(user) -> QuerySet[Criterion]:
    """Criteria the user reads, with their version, its province and their indicators."""
    return (
        Criterion.objects.for_user(user)
        .select_related("rubric__province")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("order")))
    )


def rubric_history(rubric: Rubric, limit: int = 50) -> list:
    """Changes to the version, its criteria and their indicators, newest first (deleted parts
    included: their history rows keep the rubric)."""
    criteria = Criterion.history.filter(rubric_id=rubric.pk)
    return history.object_history(
        (Rubric, Rubric.history.filter(id=rubric.pk)),
        (Criterion, criteria),
        (Indicator, Indicator.history.filter(criterion_id__in=criteria.values("id"))),
        limit=limit,
    )
