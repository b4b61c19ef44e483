from django.db import models
from django.utils.translation import gettext_lazy as _

from centres.models.assignments import ScopedQuerySet


class UnitSettingsQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class UnitSettings(models.Model):
    """How a unit's reports are issued: the header, number, place and signature of the PDF, and
    how their shares are rounded."""

    class Rounding(models.TextChoices):
        LARGEST_REMAINDER = "remainder", _("so that each distribution adds up to 100%")
        PLAIN = "plain", _("each share rounded on its own")

    unit = models.OneToOneField(
        "centres.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="report_settings",
    )
    parent_body = models.CharField(
        _("governing body"), max_length=150, blank=True, help_text=_("E.g. UBND TỈNH THÁI BÌNH")
    )
    issuing_body = models.CharField(
        _("issuing body"), max_length=150, help_text=_("E.g. SỞ GIÁO DỤC VÀ ĐÀO TẠO")
    )
    number_suffix = models.CharField(
        _("document number suffix"), max_length=30, default="BC-SGDĐT", blank=True
    )
    place = models.CharField(_("place"), max_length=80, help_text=_("E.g. Thái Bình"))
    signer_title = models.CharField(_("signer's title"), max_length=100, default="GIÁM ĐỐC")
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
        ]

    def __str__(self) -> str:
        return str(self.unit)
