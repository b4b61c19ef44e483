from django.db import models
from django.utils.translation import gettext_lazy as _

from centres.models.assignments import ScopedQuerySet


class Rating(models.Model):
    """A centre's rating for one year. The rubric, scores and workflow log come with the
    ratings issue; what exists now is what the activity lock needs: the year and the status."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        APPROVED = "approved", _("approved")

    centre = models.ForeignKey(
        "centres.Centre", verbose_name=_("centre"), on_delete=models.CASCADE, related_name="ratings"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "year"], name="rating_once_per_centre_year")
        ]

    def __str__(self) -> str:
        return f"{self.centre} — {self.year}"
