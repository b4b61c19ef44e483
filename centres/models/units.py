import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import fold

from .assignments import ScopedQuerySet

# The last day of the three-level administration (Resolution 202/2025/QH15).
REFORM_DATE = datetime.date(2025, 7, 1)
LAST_THREE_LEVEL_DAY = datetime.date(2025, 6, 30)


class UnitQuerySet(ScopedQuerySet):
    scope_path = "path"

    def in_force(self, day: datetime.date | None = None):
        """Units that exist on the day (today by default)."""
        day = day or datetime.date.today()
        return self.filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day),
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
        )


class AdministrativeUnit(models.Model):
    """A province, district or commune, identified by its GSO code.

    `path` is the chain of codes from the province down, e.g. "34/336/12454/" for a
    commune before the reform and "33/12454/" after it: old and new communes may share a
    code, never a path, and a subtree is everything whose path starts with its root's.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        DISTRICT = "district", _("district")
        COMMUNE = "commune", _("commune")

    code = models.CharField(_("official code"), max_length=5)
    name = models.CharField(_("name"), max_length=100)
    search_name = models.CharField(max_length=100, editable=False, db_index=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(_("ancestor path"), max_length=40, unique=True, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="province", parent__isnull=True)
                | (~models.Q(level="province") & models.Q(parent__isnull=False)),
                name="unit_only_provinces_have_no_parent",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="unit_valid_until_after_valid_from",
            ),
        ]
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.path = self.build_path(self.code, self.parent)
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    @staticmethod
    def build_path(code: str, parent: "AdministrativeUnit | None") -> str:
        return f"{parent.path if parent else ''}{code}/"

    def clean(self) -> None:
        allowed = {
            self.Level.PROVINCE: {None},
            self.Level.DISTRICT: {self.Level.PROVINCE},
            self.Level.COMMUNE: {self.Level.DISTRICT, self.Level.PROVINCE},
        }[self.level]
        parent_level = self.parent.level if self.parent_id else None
        if parent_level not in allowed:
            raise ValidationError(
                {"parent": _("A unit of this level cannot have that parent unit.")}
            )

    @property
    def is_current(self) -> bool:
        return self.valid_until is None


class UnitSuccession(models.Model):
    """An old unit's part in a new one: the 2025 reform, or an earlier merger.

    A commune divided between several new communes has one succession per new commune; exactly
    one of them is the default, which carries the old commune's records in reports so that they
    are counted once. Every successor may read them.
    """

    predecessor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("former unit"),
        on_delete=models.CASCADE,
        related_name="successions",
    )
    successor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("successor unit"),
        on_delete=models.CASCADE,
        related_name="formations",
    )
    effective_on = models.DateField(_("effective on"), default=REFORM_DATE)
    is_default = models.BooleanField(
        _("default successor"),
        default=True,
        help_text=_("The successor that carries the former unit's records in reports."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        ordering = ["successor__path", "predecessor__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="succession_unique_pair"
            ),
            models.UniqueConstraint(
                fields=["predecessor"],
                condition=models.Q(is_default=True),
                name="succession_one_default",
            ),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")),
                name="succession_not_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
