import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models.assignments import ScopedQuerySet
from core.text import group_digits


class UnitSettingsQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class UnitSettings(models.Model):
    """How a unit's reports are issued: the header, number, place and signature of the PDF, and
    how their shares are rounded."""

    class Rounding(models.TextChoices):
        LARGEST_REMAINDER = "remainder", _("so that each distribution adds up to 100%")
        PLAIN = "plain", _("each share rounded on its own")

    class Style(models.TextChoices):
        STATE = "state", _("state format")
        PARTY = "party", _("party format")

    unit = models.OneToOneField(
        "centres.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="report_settings",
    )
    # A blank header field is the default of the unit's level and style (reports/headers.py).
    style = models.CharField(
        _("document format"), max_length=10, choices=Style.choices, default=Style.STATE,
        help_text=_(
            "A state body heads its documents “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM”, a party body "
            "(Ban Tuyên giáo) “ĐẢNG CỘNG SẢN VIỆT NAM”."
        ),
    )  # fmt: skip
    parent_body = models.CharField(
        _("governing body"), max_length=150, blank=True, help_text=_("E.g. UBND TỈNH THÁI BÌNH")
    )
    issuing_body = models.CharField(
        _("issuing body"), max_length=150, blank=True, help_text=_("E.g. SỞ GIÁO DỤC VÀ ĐÀO TẠO")
    )
    number_suffix = models.CharField(
        _("document number suffix"), max_length=30, blank=True, help_text=_("E.g. BC-SGDĐT")
    )
    place = models.CharField(_("place"), max_length=80, blank=True, help_text=_("E.g. Thái Bình"))
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    recipients = models.TextField(
        _("recipients"), blank=True, help_text=_("One per line, e.g. Ban Tuyên giáo Tỉnh ủy;")
    )

    share_decimals = models.PositiveSmallIntegerField(
        _("decimals in shares"), choices=[(1, "55,2%"), (2, "55,24%")], default=1
    )
    rounding = models.CharField(
        _("rounding of shares"), max_length=10, choices=Rounding.choices,
        default=Rounding.LARGEST_REMAINDER,
    )  # fmt: skip

    history = HistoricalRecords()
    objects = UnitSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(share_decimals__in=[1, 2]), name="report_share_decimals"
            ),
            models.CheckConstraint(
                condition=models.Q(rounding__in=["remainder", "plain"]), name="report_rounding"
            ),
            models.CheckConstraint(
                condition=models.Q(style__in=["state", "party"]), name="report_style"
            ),
        ]

    def __str__(self) -> str:
        return str(self.unit)


class PublishedFiguresQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


FIRST_PUBLISHED_YEAR = 1990
LAST_PUBLISHED_YEAR = 2100
GRADE_FIELDS = ("good", "fair", "average", "weak")
ACTIVITY_FIELDS = ("classes", "talks", "sessions", "visits", "women", "minority")


def _sum_of(names) -> models.Expression:
    """The sum of nullable count fields, an empty one counted as 0."""
    total = Coalesce(models.F(names[0]), 0)
    for name in names[1:]:
        total = total + Coalesce(models.F(name), 0)
    return total


def _count(label, help_text=""):
    return models.PositiveIntegerField(label, null=True, blank=True, help_text=help_text)


class PublishedFigures(models.Model):
    """A year's totals for a province (or, before the reform, a district) as a document published
    them, without per-centre data: the rating distribution, the activity totals, or both. A unit
    formed in 2025 records its predecessors' years under itself."""

    unit = models.ForeignKey(
        "centres.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="published_figures",
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[
            MinValueValidator(FIRST_PUBLISHED_YEAR),
            MaxValueValidator(LAST_PUBLISHED_YEAR),
        ],
    )
    source = models.CharField(
        _("source document"),
        max_length=250,
        help_text=_("The document the figures come from, e.g. Báo cáo số 45/BC-SGDĐT."),
    )
    note = models.TextField(_("notes"), blank=True)

    centres = _count(
        _("number of centres"), _("The total the grades are out of, e.g. 286 in 158/286.")
    )
    good = _count(_("graded good"))
    fair = _count(_("graded fair"))
    average = _count(_("graded average"))
    weak = _count(_("graded weak"))

    classes = _count(_("classes"))
    talks = _count(_("talks"))
    sessions = _count(_("sessions"))
    visits = _count(_("participant-visits"), _("One person at one session counts once."))
    women = _count(_("of whom women"))
    minority = _count(_("of whom ethnic minority"))

    history = HistoricalRecords()
    objects = PublishedFiguresQuerySet.as_manager()

    class Meta:
        verbose_name = _("published figures")
        verbose_name_plural = _("published figures")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="published_once_per_unit_year"),
            models.CheckConstraint(
                condition=models.Q(year__gte=FIRST_PUBLISHED_YEAR, year__lte=LAST_PUBLISHED_YEAR),
                name="published_year_range",
            ),
            models.CheckConstraint(
                condition=models.Q(centres__isnull=False)
                | models.Q(**{f"{name}__isnull": True for name in GRADE_FIELDS}),
                name="published_grades_need_centres",
            ),
            models.CheckConstraint(
                condition=models.Q(centres__isnull=True)
                | models.Q(centres__gte=_sum_of(GRADE_FIELDS)),
                name="published_grades_within_centres",
            ),
            models.CheckConstraint(
                condition=models.Q(women__isnull=True)
                | models.Q(visits__isnull=True)
                | models.Q(women__lte=models.F("visits")),
                name="published_women_within_visits",
            ),
            models.CheckConstraint(
                condition=models.Q(minority__isnull=True)
                | models.Q(visits__isnull=True)
                | models.Q(minority__lte=models.F("visits")),
                name="published_minority_within_visits",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    *[models.Q(**{f"{n}__isnull": False}) for n in ("centres", *ACTIVITY_FIELDS)],
                    _connector=models.Q.OR,
                ),
                name="published_some_figure",
            ),
        ]

    def __str__(self) -> str:
        return _("Published figures of %(unit)s, %(year)s") % {
            "unit": self.unit.name if self.unit_id else "",
            "year": self.year,
        }

    def get_absolute_url(self) -> str:
        return f"{reverse('reports:published')}?unit={self.unit_id}"

    @property
    def has_distribution(self) -> bool:
        """The year's rating distribution was published (the number of centres at least)."""
        return self.centres is not None

    @property
    def has_activities(self) -> bool:
        return any(getattr(self, name) is not None for name in ACTIVITY_FIELDS)

    def clean(self) -> None:
        errors = {}
        unit = self.unit if self.unit_id else None
        if unit is not None and unit.level == unit.Level.COMMUNE:
            errors["unit"] = _(
                "Published figures are recorded for a province or a district, not a commune."
            )
        if self.year is not None:
            if self.year > datetime.date.today().year:
                errors["year"] = _("This year has not begun yet.")
            elif unit is not None and unit.valid_until and self.year > unit.valid_until.year:
                errors["year"] = _(
                    "%(unit)s ceased to exist in %(year)s: its figures end with that year."
                ) % {"unit": unit.name, "year": unit.valid_until.year}
            elif (
                unit is not None
                and PublishedFigures.objects.filter(unit=unit, year=self.year)
                .exclude(pk=self.pk)
                .exists()
            ):
                errors["year"] = _(
                    "The figures of %(year)s are already recorded for this unit: edit them instead."
                ) % {"year": self.year}
        grades = [getattr(self, name) for name in GRADE_FIELDS if getattr(self, name) is not None]
        if grades and self.centres is None:
            errors["centres"] = _("Enter the number of centres the grades are out of.")
        elif self.centres is not None and sum(grades) > self.centres:
            errors["centres"] = _(
                "The grades add up to %(total)s centres, more than %(centres)s."
            ) % {"total": group_digits(sum(grades)), "centres": group_digits(self.centres)}
        for name in ("women", "minority"):
            value = getattr(self, name)
            if value is not None and self.visits is not None and value > self.visits:
                errors[name] = _("It cannot be more than the participant-visits (%(visits)s).") % {
                    "visits": group_digits(self.visits)
                }
        if not self.has_distribution and not self.has_activities and not errors:
            errors[NON_FIELD_ERRORS] = _(
                "Enter the rating distribution, the activity totals or both."
            )
        if errors:
            raise ValidationError(errors)
