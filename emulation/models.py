"""Commendations (khen thưởng): a unit's or a centre's proposal for a collective or an
individual, its way from draft to a decision, and the decision itself (number, date, body)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import AdministrativeUnit
from centres.models.assignments import ScopedQuerySet
from core.years import FIRST_YEAR

LAST_YEAR = 2100


class Recipient(models.TextChoices):
    """Who is commended: a collective (a centre, a learning family…) or an individual."""

    CENTRE = "centre", _("centre")
    FAMILY = "family", _("learning family")
    CLAN = "clan", _("learning clan")
    COMMUNITY = "community", _("learning community")
    COLLECTIVE = "collective", _("other collective")
    STAFF = "staff", _("centre staff member")
    LEARNER = "learner", _("learner")
    DONOR = "donor", _("donor")
    PERSON = "person", _("other individual")


COLLECTIVES = frozenset(
    {
        Recipient.CENTRE,
        Recipient.FAMILY,
        Recipient.CLAN,
        Recipient.COMMUNITY,
        Recipient.COLLECTIVE,
    }
)


class Award(models.TextChoices):
    """The form of the commendation."""

    CERTIFICATE = "certificate", _("certificate of merit (giấy khen)")
    DIPLOMA = "diploma", _("diploma of merit (bằng khen)")
    FLAG = "flag", _("emulation flag")
    TITLE = "title", _("emulation title")
    OTHER = "other", _("other form")


class Level(models.TextChoices):
    """Who decides: the People's Committee of a commune, district or province, a ministry,
    the government."""

    COMMUNE = "commune", _("commune")
    DISTRICT = "district", _("district")
    PROVINCE = "province", _("province")
    MINISTRY = "ministry", _("ministry")
    GOVERNMENT = "government", _("government")


LEVEL_RANK = {
    Level.COMMUNE: 0,
    Level.DISTRICT: 1,
    Level.PROVINCE: 2,
    Level.MINISTRY: 3,
    Level.GOVERNMENT: 4,
}
UNIT_RANK = {
    AdministrativeUnit.Level.COMMUNE: 0,
    AdministrativeUnit.Level.DISTRICT: 1,
    AdministrativeUnit.Level.PROVINCE: 2,
}
# Luật Thi đua, khen thưởng 2022: a giấy khen is given by a commune's, a district's chairman or
# a department's director; a bằng khen by a province's chairman, a minister or the government.
AWARD_LEVELS = {
    Award.CERTIFICATE: {Level.COMMUNE, Level.DISTRICT, Level.PROVINCE},
    Award.DIPLOMA: {Level.PROVINCE, Level.MINISTRY, Level.GOVERNMENT},
}


class ProposalQuerySet(ScopedQuerySet):
    scope_path = "proposing_unit__path"

    def decided(self) -> "ProposalQuerySet":
        return self.filter(status=Proposal.Status.APPROVED)


class Proposal(models.Model):
    """A proposal to commend a collective or an individual for a year's achievement."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("decision made")
        REJECTED = "rejected", _("rejected")

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    proposing_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("proposing unit"),
        on_delete=models.PROTECT,
        related_name="commendation_proposals",
    )
    recipient = models.CharField(_("commended"), max_length=12, choices=Recipient.choices)
    centre = models.ForeignKey(
        "centres.Centre",
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendation_proposals",
    )
    staff = models.ForeignKey(
        "centres.Staff",
        verbose_name=_("staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commendation_proposals",
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("Of the family, clan, community or person; a centre's is its own."),
    )
    position = models.CharField(
        _("position or organisation"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Teacher, Primary school of An Khê; for individuals."),
    )
    achievement = models.TextField(_("achievement"), max_length=4000)
    award = models.CharField(_("form of commendation"), max_length=12, choices=Award.choices)
    deciding_level = models.CharField(_("deciding level"), max_length=10, choices=Level.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    reason = models.TextField(_("reason"), blank=True)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    deciding_body = models.CharField(_("deciding body"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("commendation proposal")
        verbose_name_plural = _("commendation proposals")
        ordering = ["-year", "proposing_unit__path", "pk"]
        indexes = [models.Index(fields=["status", "year"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient="centre", centre__isnull=False)
                | (~models.Q(recipient="centre") & models.Q(centre__isnull=True)),
                name="proposal_centre_only_for_a_centre",
            ),
            models.CheckConstraint(
                condition=models.Q(staff__isnull=True) | models.Q(recipient="staff"),
                name="proposal_staff_only_for_staff",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved")
                | (~models.Q(decision_number="") & models.Q(decision_date__isnull=False)),
                name="proposal_decided_has_a_decision",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(reason=""),
                name="proposal_rejected_has_a_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="proposal_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} — {self.get_award_display()} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("emulation:detail", args=[self.pk])

    @property
    def recipient_name(self) -> str:
        return self.name or (self.centre.name if self.centre_id else "")

    @property
    def is_collective(self) -> bool:
        return self.recipient in COLLECTIVES

    def deciding_unit(self) -> AdministrativeUnit | None:
        """The unit at the deciding level on the proposing unit's chain (the province for a
        ministry's or the government's decision); None if the chain has no such level.
        Reads the chain through `proposing_unit.parent`, loaded with it by the selectors."""
        wanted = {
            Level.COMMUNE: AdministrativeUnit.Level.COMMUNE,
            Level.DISTRICT: AdministrativeUnit.Level.DISTRICT,
        }.get(self.deciding_level, AdministrativeUnit.Level.PROVINCE)
        unit = self.proposing_unit
        while unit is not None:
            if unit.level == wanted:
                return unit
            unit = unit.parent
        return None

    def clean(self) -> None:
        errors = {}
        if self.recipient == Recipient.CENTRE:
            if not self.centre_id:
                errors["centre"] = _("Choose the centre.")
            self.staff = None
        else:
            self.centre = None
            if self.recipient != Recipient.STAFF:
                self.staff = None
            if self.staff_id:
                self.name = self.name or self.staff.full_name
            if not self.name.strip():
                errors["name"] = _("Give the name of who is commended.")
        if self.centre_id:
            self.name = ""  # the centre's own name, as it is when the register is printed
        self.name, self.position = " ".join(self.name.split()), " ".join(self.position.split())
        if self.proposing_unit_id:
            path = self.proposing_unit.path
            if self.centre_id and not self.centre.commune.path.startswith(path):
                errors["centre"] = _("The centre must lie under the proposing unit.")
            if self.staff_id and not self.staff.centre.commune.path.startswith(path):
                errors["staff"] = _("The staff member must work at a centre under the unit.")
            if self.deciding_level:
                errors |= self._level_errors()
        allowed = AWARD_LEVELS.get(self.award)
        if allowed and self.deciding_level and self.deciding_level not in allowed:
            errors["deciding_level"] = _(
                "A %(award)s is not decided at the level of a %(level)s."
            ) % {"award": self.get_award_display(), "level": self.get_deciding_level_display()}
        if errors:
            raise ValidationError(errors)

    def _level_errors(self) -> dict:
        unit = self.proposing_unit
        if LEVEL_RANK[self.deciding_level] < UNIT_RANK[unit.level]:
            return {"deciding_level": _("The deciding level cannot be below the proposing unit.")}
        if self.deciding_unit() is None:
            return {"deciding_level": _("The proposing unit has no unit of this level above it.")}
        return {}
