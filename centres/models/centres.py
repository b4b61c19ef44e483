import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import phone_validator

from .assignments import ScopedQuerySet
from .units import AdministrativeUnit


class CentreQuerySet(ScopedQuerySet):
    scope_path = "commune__path"


class Centre(models.Model):
    """The community learning centre (TTHTCĐ) of one commune."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        MERGED = "merged", _("merged")
        CLOSED = "closed", _("closed")

    class Premises(models.TextChoices):
        OWN = "own", _("own premises")
        SHARED = "shared", _("shared premises")
        NONE = "none", _("no premises")

    commune = models.OneToOneField(
        AdministrativeUnit,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="centre",
        limit_choices_to={"level": AdministrativeUnit.Level.COMMUNE},
    )
    name = models.CharField(_("name"), max_length=200)
    decision_number = models.CharField(
        _("establishment decision number"), max_length=50, blank=True
    )
    decision_date = models.DateField(_("establishment decision date"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    merged_from = models.ManyToManyField(
        "self",
        verbose_name=_("merged from"),
        symmetrical=False,
        blank=True,
        related_name="merged_into",
        help_text=_("The former centres this centre was formed from (2025 commune mergers)."),
    )
    closed_on = models.DateField(
        _("merged or closed on"),
        null=True,
        blank=True,
        help_text=_("The centre's last day; from the next day its records go to its successor."),
    )
    closure_decision = models.CharField(_("merger or closure decision"), max_length=50, blank=True)
    premises = models.CharField(
        _("premises"), max_length=10, choices=Premises.choices, default=Premises.SHARED
    )
    rooms = models.PositiveSmallIntegerField(_("rooms"), default=0)
    seats = models.PositiveIntegerField(_("seats"), default=0)
    computers = models.PositiveSmallIntegerField(_("computers"), default=0)
    has_internet = models.BooleanField(_("internet connection"), default=False)
    has_audio_equipment = models.BooleanField(_("audio equipment"), default=False)
    library_books = models.PositiveIntegerField(_("library books"), default=0)
    has_seal = models.BooleanField(_("own seal"), default=False)
    has_bank_account = models.BooleanField(_("bank account"), default=False)
    adult_population = models.PositiveIntegerField(
        _("adult population of the commune"), null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["merged_from"])
    objects = CentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["commune__path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seats__lte=100000), name="centre_seats_plausible"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("centres:detail", args=[self.pk])

    def clean(self) -> None:
        if self.commune_id and self.commune.level != AdministrativeUnit.Level.COMMUNE:
            raise ValidationError({"commune": _("A centre belongs to a commune.")})
        commune = self.commune if self.commune_id else None
        if commune and self.decision_date:
            if commune.valid_until and self.decision_date > commune.valid_until:
                raise ValidationError(
                    {"decision_date": _("The commune ceased to exist before that day.")}
                )
            if commune.valid_from and self.decision_date < commune.valid_from:
                raise ValidationError(
                    {"decision_date": _("The commune did not exist yet on that day.")}
                )
        if self.status != self.Status.ACTIVE and not self.closed_on:
            raise ValidationError({"closed_on": _("Give the day the centre was merged or closed.")})
        if self.status == self.Status.ACTIVE and self.closed_on:
            raise ValidationError(
                {"status": _("A centre with a closing day is merged or closed, not active.")}
            )
        if self.closed_on and self.decision_date and self.closed_on < self.decision_date:
            raise ValidationError(
                {"closed_on": _("The closing day cannot be before the establishment decision.")}
            )

    @property
    def first_day(self) -> datetime.date | None:
        """The centre's first day: its establishment decision, else its commune's first day."""
        return self.decision_date or self.commune.valid_from

    @property
    def last_day(self) -> datetime.date | None:
        """The centre's last day: its merger or closure, or its commune's end, whichever first."""
        ends = [d for d in (self.closed_on, self.commune.valid_until) if d]
        return min(ends) if ends else None

    def is_open_on(self, day: datetime.date) -> bool:
        first, last = self.first_day, self.last_day
        if self.status != self.Status.ACTIVE and last is None:
            return False
        return (first is None or first <= day) and (last is None or day <= last)
