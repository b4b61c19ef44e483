import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models.assignments import ScopedQuerySet

from ..rules import activity_date_errors, centre_life_errors


class ContentArea(models.Model):
    """A content area (lĩnh vực) of activities; provinces extend the list."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("content area")
        verbose_name_plural = _("content areas")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class FundingSource(models.TextChoices):
    STATE = "state", _("state budget")
    COMMUNE = "commune", _("commune budget")
    SOCIAL = "social", _("community contributions")
    OTHER = "other", _("other")
    NONE = "none", _("no funding")


class ActivityQuerySet(ScopedQuerySet):
    def in_year(self, year: int) -> "ActivityQuerySet":
        """Activities whose start date falls in the year (an activity's year)."""
        return self.filter(
            start_date__gte=datetime.date(year, 1, 1), start_date__lt=datetime.date(year + 1, 1, 1)
        )


class Activity(models.Model):
    """A class (several sessions, named learners) or a talk (headcounts only) of a centre."""

    class Kind(models.TextChoices):
        CLASS = "class", _("class")
        TALK = "talk", _("talk")

    centre = models.ForeignKey(
        "centres.Centre",
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    content_area = models.ForeignKey(
        ContentArea,
        verbose_name=_("content area"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    partner = models.CharField(
        _("organising partner"),
        max_length=150,
        blank=True,
        help_text=_("E.g. Farmers' Association, Women's Union, Youth Union, health station."),
    )
    instructor = models.ForeignKey(
        "centres.Staff",
        verbose_name=_("instructor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    instructor_name = models.CharField(
        _("instructor (if not on the staff list)"), max_length=100, blank=True
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    planned_learners = models.PositiveIntegerField(
        _("planned number of learners"), null=True, blank=True, validators=[MaxValueValidator(5000)]
    )
    funding_source = models.CharField(
        _("funding source"),
        max_length=10,
        choices=FundingSource.choices,
        default=FundingSource.NONE,
    )
    funding_amount = models.PositiveBigIntegerField(
        _("funding amount (VND)"), default=0, validators=[MaxValueValidator(100_000_000_000)]
    )

    history = HistoricalRecords()
    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-start_date", "title"]
        indexes = [
            models.Index(fields=["centre", "start_date"]),
            models.Index(fields=["start_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="activity_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_learners__isnull=True)
                | models.Q(planned_learners__lte=5000),
                name="activity_planned_learners_plausible",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", args=[self.pk])

    @property
    def year(self) -> int:
        return self.start_date.year

    @property
    def is_class(self) -> bool:
        return self.kind == self.Kind.CLASS

    def clean(self) -> None:
        errors = activity_date_errors(self.start_date, self.end_date)
        if self.centre_id:
            errors = (
                centre_life_errors(self.centre, start_date=self.start_date, end_date=self.end_date)
                | errors
            )
        if self.instructor_id and self.centre_id and self.instructor.centre_id != self.centre_id:
            errors["instructor"] = _("The instructor must be on this centre's staff list.")
        if errors:
            raise ValidationError(errors)
