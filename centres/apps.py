from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentresConfig(AppConfig):
    name = "centres"
    verbose_name = _("Centres")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from core.cache import bump
        from core.signals import bulk_written

        from .lineage_cache import LINEAGE
        from .models import Centre, UnitSuccession

        def stale(sender, **kwargs):
            bump([LINEAGE])

        merges = Centre.merged_from.through  # a centre's own lineage widens its users' scope
        for sender in (UnitSuccession, merges):
            for signal in (post_save, post_delete, bulk_written):
                signal.connect(
                    stale, sender=sender, weak=False, dispatch_uid=f"lineage:{sender}:{signal}"
                )
        m2m_changed.connect(stale, sender=merges, weak=False, dispatch_uid="lineage:merges")
