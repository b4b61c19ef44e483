import datetime
import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models.assignments import ScopedQuerySet

from .rubrics import Kind


class Grade(models.TextChoices):
    GOOD = "good", _("good")
    FAIR = "fair", _("fair")
    AVERAGE = "average", _("average")
    WEAK = "weak", _("weak")


class Level(models.TextChoices):
    """The result of a "Cộng đồng học tập" assessment (TT 25/2023/TT-BGDĐT)."""

    LEVEL_2 = "level_2", _("recognised at level 2")
    LEVEL_1 = "level_1", _("recognised at level 1")
    NOT_MET = "not_met", _("not recognised")


RESULTS = {**dict(Grade.choices), **dict(Level.choices)}


def result_label(value: str) -> str:
    """A grade's or a level's name ("tốt", "đạt mức độ 1"); empty for none."""
    return str(RESULTS.get(value, ""))


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, outside the web root, with no public URL: they are
    served only through the view that checks who is asking."""

    def __init__(self, folder: str = ""):
        self.folder = folder
        super().__init__()

    @property
    def base_location(self):
        return str(Path(settings.PRIVATE_MEDIA_ROOT) / self.folder)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


evidence_storage = PrivateStorage("evidence")


class RoundQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class RatingRound(models.Model):
    """A year's rating of the centres under a unit (a district, or a province after 2025), or of
    its communes' "Cộng đồng học tập" titles (kind COMMUNITY), in the same workflow."""

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CENTRE)
    unit = models.ForeignKey(
        "centres.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="rating_rounds",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rubric = models.ForeignKey(
        "ratings.Rubric", verbose_name=_("rubric"), on_delete=models.PROTECT, related_name="rounds"
    )
    deadline = models.DateField(_("deadline for self-assessments"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    joint_may_approve = models.BooleanField(
        _("the Hội Khuyến học may approve"),
        default=False,
        help_text=_(
            "Joint reviewers (Hội Khuyến học) over a centre may review, return and approve its "
            "rating like a reviewer."
        ),
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating round")
        verbose_name_plural = _("rating rounds")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "kind"], name="round_once_per_unit_year"
            )
        ]

    def __str__(self) -> str:
        if self.kind == Kind.COMMUNITY:
            return f"{self.unit} — {self.year} ({self.get_kind_display()})"
        return f"{self.unit} — {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("ratings:round", args=[self.pk])


class Rating(models.Model):
    """A centre's rating for one year: scores by indicator, workflow state and the grade.

    Of kind COMMUNITY, the "Cộng đồng học tập" assessment of the centre's commune for the year:
    the commune's centre fills the self-assessment, and `grade` holds a level (Level)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        APPROVED = "approved", _("approved")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CENTRE)
    centre = models.ForeignKey(
        "centres.Centre", verbose_name=_("centre"), on_delete=models.CASCADE, related_name="ratings"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    round = models.ForeignKey(
        RatingRound,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
    )
    rubric = models.ForeignKey(
        "ratings.Rubric",
        verbose_name=_("rubric version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
    )
    self_total = models.DecimalField(
        _("self-assessed total"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    review_total = models.DecimalField(
        _("reviewed total"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    grade = models.CharField(
        _("grade"), max_length=8, choices=[*Grade.choices, *Level.choices], blank=True
    )
    is_historical = models.BooleanField(
        _("historical grade"),
        default=False,
        help_text=_("A past year's grade recorded without rubric scores."),
    )
    version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-year"]
        # A summary reads one year's ratings of every centre under a unit (10.000 nationally).
        indexes = [models.Index(fields=["year", "kind"], name="rating_year_kind")]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "year", "kind"], name="rating_once_per_centre_year"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | ~models.Q(grade=""),
                name="rating_approved_has_grade",
            ),
            models.CheckConstraint(
                condition=models.Q(is_historical=False)
                | models.Q(status="approved", rubric__isnull=True),
                name="rating_historical_is_approved_without_rubric",
            ),
            models.CheckConstraint(
                condition=models.Q(is_historical=False) | models.Q(kind="centre"),
                name="rating_historical_is_a_centre_rating",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} — {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("ratings:detail", args=[self.pk])

    @property
    def is_community(self) -> bool:
        return self.kind == Kind.COMMUNITY

    @property
    def subject(self) -> str:
        """What is assessed: the centre, or the commune's learning community."""
        if self.is_community:
            return _("“Cộng đồng học tập” %(commune)s") % {"commune": self.centre.commune.name}
        return self.centre.name

    @property
    def result_label(self) -> str:
        return result_label(self.grade)

    @property
    def days_late(self) -> int:
        """Days past the round's deadline without a submission (0 if on time or submitted)."""
        if self.round is None or self.status in (self.Status.SUBMITTED, self.Status.APPROVED):
            return 0
        return max(0, (datetime.date.today() - self.round.deadline).days)


class Score(models.Model):
    """Points for one indicator: the centre's own and the reviewer's, with comments."""

    rating = models.ForeignKey(
        Rating, verbose_name=_("rating"), on_delete=models.CASCADE, related_name="scores"
    )
    indicator = models.ForeignKey(
        "ratings.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT
    )
    self_points = models.DecimalField(
        _("self-assessed points"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    self_comment = models.TextField(_("centre's comment"), blank=True)
    review_points = models.DecimalField(
        _("reviewed points"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["rating", "indicator"], name="score_once_per_indicator"
            ),
            models.CheckConstraint(
                condition=models.Q(self_points__isnull=True) | models.Q(self_points__gte=0),
                name="score_self_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(review_points__isnull=True) | models.Q(review_points__gte=0),
                name="score_review_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating}: {self.indicator.code}"


class Evidence(models.Model):
    """A file supporting one indicator of a self-assessment; never served publicly."""

    rating = models.ForeignKey(
        Rating, verbose_name=_("rating"), on_delete=models.CASCADE, related_name="evidence"
    )
    indicator = models.ForeignKey(
        "ratings.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT
    )
    file = models.FileField(_("file"), storage=evidence_storage, upload_to="%Y/")
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["file"])

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["indicator", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("ratings:evidence", args=[self.pk])


class Transition(models.Model):
    """One step of a rating's workflow: who moved it, when, and why."""

    rating = models.ForeignKey(
        Rating, verbose_name=_("rating"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("from"), max_length=12, choices=Rating.Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=Rating.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.rating}: {self.from_status} → {self.to_status}"
