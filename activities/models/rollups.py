from django.db import models
from django.utils.translation import gettext_lazy as _

from centres.models.assignments import ScopedQuerySet


class UnitRollupQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class Counts(models.Model):
    """A year's figures in one content area: what the summaries add up."""

    year = models.PositiveSmallIntegerField(_("year"))
    content_area = models.ForeignKey(
        "activities.ContentArea",
        verbose_name=_("content area"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    classes = models.PositiveIntegerField(default=0)
    talks = models.PositiveIntegerField(default=0)
    sessions = models.PositiveIntegerField(default=0)
    visits = models.PositiveBigIntegerField(default=0)
    women = models.PositiveBigIntegerField(default=0)
    minority = models.PositiveBigIntegerField(default=0)

    class Meta:
        abstract = True


class ActivityRollup(Counts):
    """The counts the summaries add up, per centre, year (of the activity's start) and content
    area: kept by activities/rollups.py in the transaction that changes the records."""

    centre = models.ForeignKey(
        "centres.Centre", verbose_name=_("centre"), on_delete=models.CASCADE, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity rollup")
        verbose_name_plural = _("activity rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "year", "content_area"], name="one_rollup_per_centre_year_area"
            )
        ]
        indexes = [models.Index(fields=["year", "centre"])]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.year} {self.content_area_id}"


class UnitRollup(Counts):
    """The sums of the centre rollups per unit directly above the centres' communes (a
    district before the 2025 reform, a province after), year and content area: a province's
    summary adds up a few rows per district instead of one per centre."""

    unit = models.ForeignKey(
        "centres.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    objects = UnitRollupQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit activity rollup")
        verbose_name_plural = _("unit activity rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "content_area"], name="one_rollup_per_unit_year_area"
            )
        ]
        indexes = [models.Index(fields=["year", "unit"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.content_area_id}"
