from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentresConfig(AppConfig):
    name = "centres"
    verbose_name = _("Centres")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

        from core.cache import bump
        from core.signals import bulk_written

        from .lineage_cache import LINEAGE
        from .models import AdministrativeUnit, Centre, UnitSuccession

        def stale(sender, **kwargs):
            bump([LINEAGE])

        merges = Centre.merged_from.through  # a centre's own lineage widens its users' scope
        for sender in (UnitSuccession, merges):
            for signal in (post_save, post_delete, bulk_written):
                signal.connect(
                    stale, sender=sender, weak=False, dispatch_uid=f"lineage:{sender}:{signal}"
                )
        m2m_changed.connect(stale, sender=merges, weak=False, dispatch_uid="lineage:merges")
        # Lineages are paths: a unit's path or parent, a centre's commune, a deleted centre's
        # merge links (deleted with it, without signals) change them too.
        for signal in (post_delete, bulk_written):
            signal.connect(
                stale, sender=AdministrativeUnit, weak=False, dispatch_uid=f"lineage:unit:{signal}"
            )

        def remember_path(sender, instance, **kwargs):
            instance._lineage_path = instance.__dict__.get("path")

        def unit_saved(sender, instance, created=False, **kwargs):
            """A new unit lies under existing paths; a moved or recoded one changes them."""
            before = getattr(instance, "_lineage_path", None)
            instance._lineage_path = instance.path
            if not created and before != instance.path:
                bump([LINEAGE])

        post_init.connect(
            remember_path, sender=AdministrativeUnit, weak=False, dispatch_uid="lineage:unit-read"
        )
        post_save.connect(
            unit_saved, sender=AdministrativeUnit, weak=False, dispatch_uid="lineage:unit-moved"
        )
        post_delete.connect(stale, sender=Centre, weak=False, dispatch_uid="lineage:centre-gone")
        bulk_written.connect(
            stale, sender=Centre, weak=False, dispatch_uid="lineage:centres-written"
        )

        def remember_commune(sender, instance, **kwargs):
            instance._lineage_commune = instance.__dict__.get("commune_id")

        def centre_saved(sender, instance, created=False, **kwargs):
            before = getattr(instance, "_lineage_commune", None)
            instance._lineage_commune = instance.commune_id
            if not created and before != instance.commune_id:
                bump([LINEAGE])

        post_init.connect(
            remember_commune, sender=Centre, weak=False, dispatch_uid="lineage:centre-read"
        )
        post_save.connect(
            centre_saved, sender=Centre, weak=False, dispatch_uid="lineage:centre-moved"
        )
