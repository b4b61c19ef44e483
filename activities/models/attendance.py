from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Sex
from centres.models.assignments import ScopedQuerySet
from core.text import fold
from core.validators import phone_validator

from ..ethnicities import ETHNICITY_CHOICES, KINH
from ..rules import centre_life_errors, headcount_errors, session_date_errors

MAX_HEADCOUNT = 5000


class SessionQuerySet(ScopedQuerySet):
    scope_path = "activity__centre__commune__path"


class Session(models.Model):
    """One session (buổi) of an activity, with the number of people present.

    For talks the counts are typed in; for classes they are recounted from the marks by
    `services.save_attendance`, the only writer of marks, so they always agree.
    """

    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(
        _("people present"), default=0, validators=[MaxValueValidator(MAX_HEADCOUNT)]
    )
    participants_women = models.PositiveIntegerField(
        _("of whom women"), default=0, validators=[MaxValueValidator(MAX_HEADCOUNT)]
    )
    participants_minority = models.PositiveIntegerField(
        _("of whom ethnic minority"), default=0, validators=[MaxValueValidator(MAX_HEADCOUNT)]
    )

    history = HistoricalRecords()
    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "start_time", "pk"]
        indexes = [models.Index(fields=["activity", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(participants__lte=MAX_HEADCOUNT),
                name="session_participants_plausible",
            ),
            models.CheckConstraint(
                condition=models.Q(participants_women__lte=models.F("participants")),
                name="session_women_within_total",
            ),
            models.CheckConstraint(
                condition=models.Q(participants_minority__lte=models.F("participants")),
                name="session_minority_within_total",
            ),
            models.CheckConstraint(
                condition=models.Q(end_time__isnull=True)
                | models.Q(start_time__isnull=True)
                | models.Q(end_time__gt=models.F("start_time")),
                name="session_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} — {self.date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", args=[self.activity_id]) + f"#session-{self.pk}"

    def clean(self) -> None:
        activity = self.activity
        errors = session_date_errors(self.date, activity.start_date, activity.end_date)
        errors = centre_life_errors(activity.centre, date=self.date) | errors
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The end time must be after the start time.")
        errors |= headcount_errors(
            self.participants, self.participants_women, self.participants_minority, self.date
        )
        if errors:
            raise ValidationError(errors)


class Learner(models.Model):
    """A person who learns at a centre; enrolled in one or more of its classes."""

    centre = models.ForeignKey(
        "centres.Centre",
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="learners",
    )
    full_name = models.CharField(_("full name"), max_length=100)
    search_name = models.CharField(max_length=100, editable=False, db_index=True)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1910), MaxValueValidator(2015)],
    )
    ethnicity = models.CharField(
        _("ethnicity"), max_length=2, choices=ETHNICITY_CHOICES, default=KINH
    )
    village = models.CharField(_("village / residential group"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])

    history = HistoricalRecords(excluded_fields=["search_name"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("learner")
        verbose_name_plural = _("learners")
        ordering = ["search_name", "birth_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_year__isnull=True)
                | models.Q(birth_year__gte=1910, birth_year__lte=2015),
                name="learner_birth_year_plausible",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)

    def likely_duplicates(self) -> list["Learner"]:
        """Learners of the same centre with the same name, birth year and village.

        Compared without case or diacritics ("Thôn Đông" = "thon dong"), as people type them."""
        same_name = Learner.objects.filter(
            centre_id=self.centre_id, search_name=fold(self.full_name), birth_year=self.birth_year
        ).exclude(pk=self.pk)
        village = fold(self.village)
        return [learner for learner in same_name[:50] if fold(learner.village) == village]


class Enrolment(models.Model):
    """A learner on a class's list."""

    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    learner = models.ForeignKey(
        Learner, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="enrolments"
    )
    # Taken off the list (enrolled by mistake, or left the class): the marks already saved stay,
    # and so do the counts of past sessions; later sheets no longer list the learner.
    withdrawn_on = models.DateField(_("taken off the list on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["activity", "learner"], name="enrolment_once_per_class")
        ]

    def __str__(self) -> str:
        return f"{self.learner} — {self.activity}"


class Mark(models.Model):
    """A learner's attendance at one session of a class."""

    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        EXCUSED = "excused", _("excused")

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="marks"
    )
    learner = models.ForeignKey(
        Learner, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="marks"
    )
    status = models.CharField(_("attendance"), max_length=7, choices=Status.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance mark")
        verbose_name_plural = _("attendance marks")
        constraints = [
            models.UniqueConstraint(fields=["session", "learner"], name="mark_once_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.learner}: {self.get_status_display()}"

    def clean(self) -> None:
        if not Enrolment.objects.filter(
            activity_id=self.session.activity_id, learner_id=self.learner_id
        ).exists():
            raise ValidationError(_("Only learners enrolled in the class can be marked."))
