from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .rounds import Rating


class JointReview(models.Model):
    """The Hội Khuyến học's opinion of a submitted rating: one per rating and joint reviewer,
    with points by indicator beside the reviewer's (they decide no grade)."""

    rating = models.ForeignKey(
        Rating, verbose_name=_("rating"), on_delete=models.CASCADE, related_name="joint_reviews"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("joint reviewer"),
        on_delete=models.PROTECT,
        related_name="joint_reviews",
    )
    comment = models.TextField(_("opinion"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("opinion of the Hội Khuyến học")
        verbose_name_plural = _("opinions of the Hội Khuyến học")
        ordering = ["rating", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rating", "user"], name="joint_review_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.rating} — {self.user}"


class JointScore(models.Model):
    """A joint reviewer's points and comment for one indicator."""

    joint_review = models.ForeignKey(
        JointReview,
        verbose_name=_("opinion of the Hội Khuyến học"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    indicator = models.ForeignKey(
        "ratings.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT
    )
    points = models.DecimalField(
        _("points"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("points of the Hội Khuyến học")
        verbose_name_plural = _("points of the Hội Khuyến học")
        constraints = [
            models.UniqueConstraint(
                fields=["joint_review", "indicator"], name="joint_score_once_per_indicator"
            ),
            models.CheckConstraint(
                condition=models.Q(points__isnull=True) | models.Q(points__gte=0),
                name="joint_score_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.joint_review}: {self.indicator.code}"
