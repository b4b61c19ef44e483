import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    CENTRE_STAFF = "centre_staff", _("centre staff")
    REVIEWER = "reviewer", _("reviewer")
    VIEWER = "viewer", _("viewer")
    UNIT_ADMIN = "unit_admin", _("unit administrator")
    # Reads like a viewer; comments and scores submitted ratings beside the reviewer, and
    # approves only in a round that grants it (ratings/permissions.py).
    JOINT_REVIEWER = "joint_reviewer", _("joint reviewer (Hội Khuyến học)")


class Assignment(models.Model):
    """A user's role over one administrative unit and everything under it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    unit = models.ForeignKey(
        "centres.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["user", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], name="assignment_unique_user_unit_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"

    @property
    def is_ended(self) -> bool:
        """The unit has ceased to exist: the assignment only reads (centres/scope.py)."""
        until = self.unit.valid_until
        return until is not None and until < datetime.date.today()


def user_assignments(user) -> list[Assignment]:
    """The user's assignments with their units, read once per request and cached on the user."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_assignments_cache", None)
    if cached is None:
        cached = list(Assignment.objects.filter(user=user).select_related("unit"))
        user._assignments_cache = cached
    return cached


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows lie under a unit path; subclasses name the path field."""

    scope_path = "centre__commune__path"

    def for_user(self, user):
        """Rows the user may read (everything for a superuser): see centres/scope.py."""
        from ..scope import scope_of  # the Scope reads assignments, defined above

        return scope_of(user).filter(self, self.scope_path)
