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

        # A new unit lies under existing paths, a new centre has no merges yet: only a moved
        # unit (its path) or a moved centre (its commune) changes a lineage.
        when_changed(AdministrativeUnit, "path", stale)
        when_changed(Centre, "commune_id", stale)
        post_delete.connect(stale, sender=Centre, weak=False, dispatch_uid="lineage:centre-gone")
        bulk_written.connect(
            stale, sender=Centre, weak=False, dispatch_uid="lineage:centres-written"
        )
        _login_without_history()

        from . import checks  # noqa: F401  (deployment checks)
        from .audit import register_histories

        register_histories()


def _login_without_history() -> None:
    """A login stamps `last_login` without writing a row of account history."""
    from django.contrib.auth.models import update_last_login
    from django.contrib.auth.signals import user_logged_in

    def stamp(sender, user, **kwargs):
        user.skip_history_when_saving = True
        try:
            update_last_login(sender, user, **kwargs)
        finally:
            del user.skip_history_when_saving

    user_logged_in.disconnect(dispatch_uid="update_last_login")
    user_logged_in.connect(stamp, dispatch_uid="centres:update_last_login")


def when_changed(model, attname: str, receiver) -> None:
    """Call `receiver` when a saved row of `model` has another `attname` than when it was read
    (not on creation): the value read is kept on the instance by post_init."""
    from django.db.models.signals import post_init, post_save

    kept = f"_read_{attname}"

    def remember(sender, instance, **kwargs):
        setattr(instance, kept, instance.__dict__.get(attname))

    def saved(sender, instance, created=False, **kwargs):
        before = getattr(instance, kept, None)
        setattr(instance, kept, getattr(instance, attname))
        if not created and before != getattr(instance, attname):
            receiver(sender=sender, instance=instance)

    uid = f"changed:{model._meta.label}:{attname}"
    post_init.connect(remember, sender=model, weak=False, dispatch_uid=f"{uid}:read")
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"{uid}:saved")
