import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models.assignments import ScopedQuerySet
from centres.scope import scope_of
from core.text import fold

from ..rules import activity_date_errors, centre_life_errors


class ContentAreaQuerySet(models.QuerySet):
    def national(self) -> "ContentAreaQuerySet":
        """The national defaults, shared by every province."""
        return self.filter(province__isnull=True)

    def of_province(self, province_path: str) -> "ContentAreaQuerySet":
        """The national defaults and the province's own areas."""
        return self.filter(models.Q(province__isnull=True) | models.Q(province__path=province_path))

    def for_user(self, user) -> "ContentAreaQuerySet":
        """The national defaults and the own areas of the provinces the user reads in."""
        scope = scope_of(user)
        if scope.everything:
            return self.all()
        provinces = {root.split("/", 1)[0] + "/" for root in scope.read_roots()}
        return self.filter(
            models.Q(province__isnull=True) | models.Q(province__path__in=sorted(provinces))
        )

    def for_centre(self, centre, keep=None) -> "ContentAreaQuerySet":
        """What a centre's activities and plans choose from: the active national defaults and
        its province's own; `keep` (an area already chosen, even retired) stays."""
        areas = self.of_province(province_path_of(centre.commune.path))
        chosen = models.Q(is_active=True)
        if keep is not None:
            chosen |= models.Q(pk=keep)
        return areas.filter(chosen)


def province_path_of(path: str) -> str:
    """ "34/336/12454/" -> "34/": the province a unit path lies in."""
    return path.split("/", 1)[0] + "/"


class ContentArea(models.Model):
    """A content area (lĩnh vực) of activities: a national default (no province), shared by
    everyone, or one a province adds for its own centres."""

    province = models.ForeignKey(
        "centres.AdministrativeUnit",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="content_areas",
        limit_choices_to={"level": "province"},
        help_text=_("Empty for a national default shared by every province."),
    )
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()
    objects = ContentAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("content area")
        verbose_name_plural = _("content areas")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(province__isnull=True),
                name="content_area_unique_national_name",
                violation_error_message=_("A national content area has this name."),
            ),
            models.UniqueConstraint(
                fields=["province", "name"],
                name="content_area_unique_province_name",
                violation_error_message=_("The province already has a content area of this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """A name is unique among the national defaults and the province's own, typed with or
        without diacritics (the importer matches names that way): a province cannot add a
        name the national list already has."""
        same = ContentArea.objects.national()
        if self.province_id is not None:
            same = ContentArea.objects.filter(
                models.Q(province__isnull=True) | models.Q(province_id=self.province_id)
            )
        wanted = fold(self.name or "")
        for name, province_id in same.exclude(pk=self.pk).values_list("name", "province_id"):
            if fold(name) == wanted:
                raise ValidationError(
                    {
                        "name": _("A national content area has this name.")
                        if province_id is None
                        else _("The province already has a content area of this name.")
                    }
                )


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
