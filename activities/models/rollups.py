from django.db import models
from django.utils.translation import gettext_lazy as _

from centres.models.assignments import ScopedQuerySet


class ActivityRollup(models.Model):
    """The counts the summaries add up, per centre, year (of the activity's start) and content
    area: kept by activities/rollups.py in the transaction that changes the records."""

    centre = models.ForeignKey(
        "centres.Centre", verbose_name=_("centre"), on_delete=models.CASCADE, related_name="+"
    )
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
