from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models.assignments import ScopedQuerySet
from core.fields import group_digits

from ..rules import centre_year_errors

year_validators = [MinValueValidator(2000), MaxValueValidator(2100)]
MAX_VND = 100_000_000_000


def refuse_outside_life(centre, year: int | None) -> None:
    """A year's plan or funding belongs to a centre open on one of its days (not a field of the
    form, which takes the year from the address)."""
    errors = centre_year_errors(centre, year)
    if errors:
        raise ValidationError(errors["year"])


class AnnualPlan(models.Model):
    """A centre's plan for a year, built from its survey of learning needs."""

    centre = models.ForeignKey(
        "centres.Centre", verbose_name=_("centre"), on_delete=models.CASCADE, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators)
    people_surveyed = models.PositiveIntegerField(
        _("people surveyed"), default=0, validators=[MaxValueValidator(1_000_000)]
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "year"], name="plan_once_per_centre_year")
        ]

    def __str__(self) -> str:
        return f"{self.centre} — {self.year}"

    def clean(self) -> None:
        refuse_outside_life(self.centre, self.year)


class PlanItem(models.Model):
    """Needs and planned classes and talks of one content area in an annual plan."""

    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("annual plan"), on_delete=models.CASCADE, related_name="items"
    )
    content_area = models.ForeignKey(
        "activities.ContentArea", verbose_name=_("content area"), on_delete=models.PROTECT
    )
    people_needing = models.PositiveIntegerField(
        _("people who need it"), default=0, validators=[MaxValueValidator(1_000_000)]
    )
    planned_classes = models.PositiveSmallIntegerField(
        _("planned classes"), default=0, validators=[MaxValueValidator(1000)]
    )
    planned_talks = models.PositiveSmallIntegerField(
        _("planned talks"), default=0, validators=[MaxValueValidator(1000)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan line")
        verbose_name_plural = _("plan lines")
        ordering = ["content_area__order", "content_area__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "content_area"], name="plan_item_once_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.content_area}"


class Funding(models.Model):
    """A centre's money for a year, by source, and what it spent (VND)."""

    centre = models.ForeignKey(
        "centres.Centre", verbose_name=_("centre"), on_delete=models.CASCADE, related_name="funding"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators)
    state_budget = models.PositiveBigIntegerField(
        _("state budget"), default=0, validators=[MaxValueValidator(MAX_VND)]
    )
    commune_budget = models.PositiveBigIntegerField(
        _("commune budget"), default=0, validators=[MaxValueValidator(MAX_VND)]
    )
    social_contributions = models.PositiveBigIntegerField(
        _("community contributions"), default=0, validators=[MaxValueValidator(MAX_VND)]
    )
    other_sources = models.PositiveBigIntegerField(
        _("other sources"), default=0, validators=[MaxValueValidator(MAX_VND)]
    )
    spending = models.PositiveBigIntegerField(
        _("spending"), default=0, validators=[MaxValueValidator(MAX_VND)]
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "year"], name="funding_once_per_centre_year")
        ]

    def __str__(self) -> str:
        return f"{self.centre} — {self.year}"

    @property
    def total(self) -> int:
        return (
            self.state_budget + self.commune_budget + self.social_contributions + self.other_sources
        )

    def clean(self) -> None:
        refuse_outside_life(self.centre, self.year)
        # Refused rather than warned: a report summing spending over funds would print a
        # centre that spent money it never had.
        if self.spending > self.total:
            raise ValidationError(
                {
                    "spending": _(
                        "The spending (%(spent)s) is more than the funds of the year "
                        "(%(total)s). Enter every source of the money, or correct the spending."
                    )
                    % {"spent": group_digits(self.spending), "total": group_digits(self.total)}
                }
            )


class LearningModelCount(models.Model):
    """Recognised learning families, clans, communities, units and citizens of a commune in a
    year (gia đình, dòng họ, cộng đồng, đơn vị, công dân học tập)."""

    centre = models.ForeignKey(
        "centres.Centre",
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="learning_models",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators)
    families = models.PositiveIntegerField(
        _("learning families"), default=0, validators=[MaxValueValidator(100_000)]
    )
    clans = models.PositiveIntegerField(
        _("learning clans"), default=0, validators=[MaxValueValidator(10_000)]
    )
    communities = models.PositiveIntegerField(
        _("learning communities (villages, residential groups)"),
        default=0,
        validators=[MaxValueValidator(1_000)],
    )
    units = models.PositiveIntegerField(
        _("learning units"), default=0, validators=[MaxValueValidator(1_000)]
    )
    citizens = models.PositiveIntegerField(
        _("learning citizens"), default=0, validators=[MaxValueValidator(1_000_000)]
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("learning models")
        verbose_name_plural = _("learning models")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "year"], name="learning_models_once_per_centre_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.centre} — {self.year}"

    def clean(self) -> None:
        refuse_outside_life(self.centre, self.year)
