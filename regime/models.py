"""Reporting periods a province (before 2025 also a district) sets for its centres, the
centres' period reports, their history, and the reminders sent about them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from centres.models.assignments import ScopedQuerySet


class PeriodQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class ReportingPeriod(models.Model):
    class Kind(models.TextChoices):
        HALF_YEAR = "half", _("6 months")
        YEAR = "year", _("year")
        CUSTOM = "custom", _("custom dates")

    unit = models.ForeignKey(
        "centres.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="reporting_periods",
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    deadline = models.DateField(_("deadline"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-ends_on", "unit__path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="period_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("starts_on")),
                name="period_deadline_after_start",
            ),
            models.UniqueConstraint(
                fields=["unit", "starts_on", "ends_on"], name="period_once_per_unit_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("regime:period", args=[self.pk])


class PeriodField(models.Model):
    """A figure the province asks for that no record holds (literacy learners, clubs…)."""

    class Kind(models.TextChoices):
        NUMBER = "number", _("number")
        TEXT = "text", _("text")

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="fields"
    )
    label = models.CharField(_("label"), max_length=200)
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.NUMBER)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("extra field")
        verbose_name_plural = _("extra fields")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["period", "label"], name="period_field_label_once")
        ]

    def __str__(self) -> str:
        return self.label


class PeriodReport(models.Model):
    """A centre's report for a period: its extra figures and where it stands."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        ACCEPTED = "accepted", _("accepted")

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="reports"
    )
    centre = models.ForeignKey(
        "centres.Centre",
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="period_reports",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    values = models.JSONField(_("extra figures"), default=dict, blank=True)
    figures = models.JSONField(
        _("figures as submitted"),
        default=dict,
        blank=True,
        help_text=_("The figures computed from the records when the report was submitted."),
    )
    version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("period report")
        verbose_name_plural = _("period reports")
        constraints = [
            models.UniqueConstraint(fields=["period", "centre"], name="report_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.centre} — {self.period.title}"

    def get_absolute_url(self) -> str:
        return reverse("regime:report", args=[self.period_id, self.centre_id])


class ReportEvent(models.Model):
    """One step of a report's history: saved, submitted, returned, accepted, reopened."""

    report = models.ForeignKey(
        PeriodReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("from"), max_length=10, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=PeriodReport.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report}: {self.from_status} → {self.to_status}"


class Reminder(models.Model):
    """An e-mail owed to a user about a deadline or a decision; sent once (`key` is unique),
    kept unsent with the error when the mail server refused it, and tried again next run."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class ReminderOptOut(models.Model):
    """A user who asked not to receive reminders by e-mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reminder_opt_out",
    )
    since = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder opt-out")
        verbose_name_plural = _("reminder opt-outs")

    def __str__(self) -> str:
        return str(self.user)
