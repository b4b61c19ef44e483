from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models.assignments import ScopedQuerySet

share_validators = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))]
points_validators = [MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(100))]


class Frozen(models.Model):
    """Saving or deleting asks `ensure_editable()` first: a used rubric version never changes."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.ensure_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.ensure_editable()
        return super().delete(*args, **kwargs)

    def ensure_editable(self) -> None:
        raise NotImplementedError


class Kind(models.TextChoices):
    """What a rubric assesses: a centre's annual rating (a grade), or a commune's "Cộng đồng học
    tập" title (TT 25/2023/TT-BGDĐT: a level). One workflow; the result rule differs."""

    CENTRE = "centre", _("centre rating")
    COMMUNITY = "community", _("learning community of the commune")


class RubricQuerySet(ScopedQuerySet):
    scope_path = "province__path"


class CriterionQuerySet(ScopedQuerySet):
    scope_path = "rubric__province__path"


class Rubric(Frozen):
    """A province's rating rubric for a range of years, versioned.

    Grade rules: a grade needs its total threshold and, per criterion, at least the given share of
    the criterion's maximum (0 = no condition). A version used by a rating is frozen: a new version
    is made instead, so an old rating never changes meaning.

    A learning-community rubric (kind COMMUNITY) gives levels instead: mức độ 2 by the "good"
    rule, mức độ 1 by the "fair" rule, otherwise chưa đạt; it has no "average" rule.
    """

    province = models.ForeignKey(
        "centres.AdministrativeUnit",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="rubrics",
        limit_choices_to={"level": "province"},
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CENTRE)
    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    good_total = models.DecimalField(_("good: total at least"), max_digits=5, decimal_places=1)
    good_min_share = models.DecimalField(
        _("good: each criterion at least (share of its maximum)"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.5"),
        validators=share_validators,
    )
    fair_total = models.DecimalField(_("fair: total at least"), max_digits=5, decimal_places=1)
    fair_min_share = models.DecimalField(
        _("fair: each criterion at least (share)"),
        max_digits=3,
        decimal_places=2,
        default=Decimal(0),
        validators=share_validators,
    )
    average_total = models.DecimalField(
        _("average: total at least"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    average_min_share = models.DecimalField(
        _("average: each criterion at least (share)"),
        max_digits=3,
        decimal_places=2,
        default=Decimal(0),
        validators=share_validators,
    )

    history = HistoricalRecords()
    objects = RubricQuerySet.as_manager()

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["province", "kind", "-first_year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "kind", "first_year", "version"], name="rubric_unique_version"
            ),
            models.CheckConstraint(
                condition=models.Q(good_total__gt=models.F("fair_total"))
                & (
                    models.Q(
                        kind="centre",
                        average_total__isnull=False,
                        fair_total__gt=models.F("average_total"),
                        average_total__gt=0,
                    )
                    | models.Q(kind="community", average_total__isnull=True, fair_total__gt=0)
                ),
                name="rubric_thresholds_descend",
            ),
            models.CheckConstraint(
                condition=models.Q(last_year__isnull=True)
                | models.Q(last_year__gte=models.F("first_year")),
                name="rubric_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def is_used(self) -> bool:
        from .rounds import Rating

        return Rating.objects.filter(rubric=self).exclude(status=Rating.Status.NOT_STARTED).exists()

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def ensure_editable(self) -> None:
        """Refuse to change a version that ratings use: they would change meaning."""
        if self.pk and self.is_used:
            raise ValidationError(
                _("This rubric version is used by ratings and cannot change. Make a new version.")
            )

    def clean(self) -> None:
        self.ensure_editable()
        if self.kind == Kind.CENTRE and self.average_total is None:
            raise ValidationError({"average_total": _("Give the total for “average”.")})
        if self.kind == Kind.COMMUNITY and self.average_total is not None:
            raise ValidationError(
                {"average_total": _("A learning-community rubric has levels 2 and 1 only.")}
            )


class FrozenWithRubric(Frozen):
    """A part of a rubric: it cannot be added, changed or removed once the rubric is used."""

    class Meta:
        abstract = True

    def rubric_ids(self) -> set[int]:
        """The rubric it belongs to, and the one it belonged to as stored (a move counts too)."""
        raise NotImplementedError

    def ensure_editable(self) -> None:
        from .rounds import Rating

        ids = self.rubric_ids() - {None}
        used = Rating.objects.filter(rubric_id__in=ids).exclude(status=Rating.Status.NOT_STARTED)
        if ids and used.exists():
            raise ValidationError(
                _("This rubric version is used by ratings and cannot change. Make a new version.")
            )

    def clean(self) -> None:
        self.ensure_editable()


class Criterion(FrozenWithRubric):
    """One of the rubric's areas (the four national areas by default)."""

    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.CASCADE, related_name="criteria"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)

    history = HistoricalRecords()
    objects = CriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "order"], name="criterion_unique_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    def rubric_ids(self) -> set[int]:
        stored = Criterion.objects.filter(pk=self.pk).values_list("rubric_id", flat=True)
        return {self.rubric_id, *(stored if self.pk else [])}


class Measure(models.TextChoices):
    """Indicators that recorded data can suggest a value for."""

    NONE = "", _("none")
    BOARD_COMPLETE = "board_complete", _("board complete")
    PLAN_SURVEY = "plan_survey", _("people surveyed for the plan")
    ACTIVITIES_VS_PLAN = "activities_vs_plan", _("activities held versus planned")
    CONTENT_AREAS = "content_areas", _("content areas covered")
    ACTIVE_STAFF = "active_staff", _("active staff")
    PARTNERS = "partners", _("organising partners")
    SOCIAL_FUNDING = "social_funding", _("community contributions")
    LEARNING_MODELS = "learning_models", _("learning families recognised")
    VISITS_PER_ADULT = "visits_per_adult", _("participant-visits per adult resident")
    DIGITAL = "digital", _("digital skills activities, computers and internet")
    CENTRE_RATING = "centre_rating", _("the centre's rating of the year")


class Indicator(FrozenWithRubric):
    """A scored item of a criterion."""

    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="indicators"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("indicator"), max_length=300)
    guidance = models.TextField(_("guidance"), blank=True)
    max_points = models.DecimalField(
        _("maximum points"), max_digits=4, decimal_places=1, validators=points_validators
    )
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    measure = models.CharField(
        _("suggested from recorded data"),
        max_length=20,
        choices=Measure.choices,
        blank=True,
        default=Measure.NONE,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["criterion__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "order"], name="indicator_unique_order"),
            models.CheckConstraint(
                condition=models.Q(max_points__gt=0), name="indicator_points_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    @property
    def code(self) -> str:
        return f"{self.criterion.order}.{self.order}"

    def rubric_ids(self) -> set[int]:
        criteria = {self.criterion_id}
        if self.pk:
            criteria |= set(
                Indicator.objects.filter(pk=self.pk).values_list("criterion_id", flat=True)
            )
        return set(
            Criterion.objects.filter(pk__in=criteria - {None}).values_list("rubric_id", flat=True)
        )
