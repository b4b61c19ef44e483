import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import phone_validator

from .assignments import ScopedQuerySet

birth_year_validators = [MinValueValidator(1900), MaxValueValidator(2020)]


class Sex(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class CentreChildQuerySet(ScopedQuerySet):
    def current(self) -> "CentreChildQuerySet":
        """Board members who have not left: the one definition of "current"."""
        return self.filter(left_on__isnull=True)


class BoardMember(models.Model):
    """A member of a centre's management board (Ban giám đốc); past members stay as history."""

    class Position(models.TextChoices):
        DIRECTOR = "director", _("director")
        DEPUTY = "deputy", _("deputy director")
        MEMBER = "member", _("member")

    centre = models.ForeignKey(
        "centres.Centre",
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="board_members",
    )
    position = models.CharField(_("position"), max_length=10, choices=Position.choices)
    full_name = models.CharField(_("full name"), max_length=100)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), null=True, blank=True, validators=birth_year_validators
    )
    main_post = models.CharField(
        _("main post"),
        max_length=150,
        blank=True,
        help_text=_("E.g. Vice-chairman of the commune People's Committee."),
    )
    is_concurrent = models.BooleanField(_("held concurrently"), default=True)
    appointment_decision = models.CharField(_("appointment decision"), max_length=50, blank=True)
    appointment_date = models.DateField(_("appointment date"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    left_on = models.DateField(
        _("left the board on"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the member is serving."),
    )

    history = HistoricalRecords()
    objects = CentreChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("board member")
        verbose_name_plural = _("board members")
        ordering = ["left_on", "position", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre"],
                condition=models.Q(position="director", left_on__isnull=True),
                name="board_one_current_director_per_centre",
            ),
            models.CheckConstraint(
                condition=models.Q(birth_year__isnull=True)
                | models.Q(birth_year__gte=1900, birth_year__lte=2020),
                name="board_birth_year_plausible",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(appointment_date__isnull=True)
                | models.Q(left_on__gte=models.F("appointment_date")),
                name="board_left_after_appointed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_position_display()})"

    def get_absolute_url(self) -> str:
        return reverse("centres:detail", args=[self.centre_id]) + "#board"

    @property
    def is_current(self) -> bool:
        return self.left_on is None

    def clean(self) -> None:
        errors = {}
        last = self.centre.last_day if self.centre_id else None
        if last and self.appointment_date and self.appointment_date > last:
            errors["appointment_date"] = _(
                "The centre's last day was %(date)s: appoint the board of its successor."
            ) % {"date": last.strftime("%d/%m/%Y")}
        if self.left_on and self.appointment_date and self.left_on < self.appointment_date:
            errors["left_on"] = _("The leaving date cannot be before the appointment date.")
        if self.left_on and self.left_on > datetime.date.today():
            errors["left_on"] = _("The leaving date cannot be in the future.")
        if self.term_end and self.appointment_date and self.term_end < self.appointment_date:
            errors["term_end"] = _("The term cannot end before the appointment date.")
        if (
            self.position == self.Position.DIRECTOR
            and self.left_on is None
            and self.centre_id
            and BoardMember.objects.current()
            .filter(centre_id=self.centre_id, position=self.Position.DIRECTOR)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["position"] = _(
                "This centre already has a current director. Record the date the current "
                "director left the board first."
            )
        if errors:
            raise ValidationError(errors)


class Staff(models.Model):
    """A teacher, speaker, instructor or volunteer collaborator of a centre."""

    class Kind(models.TextChoices):
        TEACHER = "teacher", _("teacher")
        SPEAKER = "speaker", _("speaker")
        INSTRUCTOR = "instructor", _("instructor")
        COLLABORATOR = "collaborator", _("volunteer collaborator")

    centre = models.ForeignKey(
        "centres.Centre", verbose_name=_("centre"), on_delete=models.CASCADE, related_name="staff"
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    full_name = models.CharField(_("full name"), max_length=100)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    organisation = models.CharField(
        _("organisation"),
        max_length=150,
        blank=True,
        help_text=_("E.g. Farmers' Association, primary school, health station."),
    )
    field = models.CharField(_("field"), max_length=150, blank=True)
    qualification = models.CharField(_("qualification"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["-is_active", "kind", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_kind_display()})"

    def get_absolute_url(self) -> str:
        return reverse("centres:detail", args=[self.centre_id]) + "#staff"


class TrainingCourse(models.Model):
    """A training course a staff member received."""

    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="training_courses",
    )
    name = models.CharField(_("course"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1975), MaxValueValidator(2100)]
    )

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=1975, year__lte=2100),
                name="training_year_plausible",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"
