from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentresConfig(AppConfig):
    name = "centres"
    verbose_name = _("Centres")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from core.cache import bump
        from core.signals import bulk_written

        from .models import UnitSuccession
        from .selectors import LINEAGE

        def stale(sender, **kwargs):
            bump([LINEAGE])

        for signal in (post_save, post_delete, bulk_written):
            signal.connect(
                stale, sender=UnitSuccession, weak=False, dispatch_uid=f"lineage:{signal}"
            )
