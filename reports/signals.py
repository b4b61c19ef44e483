"""Writes that make cached reports stale (see reports/cache.py).

Saves and deletes send Django's signals; the bulk writers of the lower apps, which send none
(imports, rating transitions, `load_units`, the demo loader), announce `core.signals.bulk_written`
with the model they wrote.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from core.signals import bulk_written

from .cache import ACTIVITIES, RATINGS, bump

TOPICS_BY_APP = {
    "centres": (RATINGS, ACTIVITIES),  # units, centres, boards and staff appear in both
    "activities": (ACTIVITIES,),
    "ratings": (RATINGS,),
    "reports": (RATINGS, ACTIVITIES),  # published figures stand in for a year's records
}


def _models():
    for label in TOPICS_BY_APP:
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical"):
                yield model


def _receiver(topics):
    def stale(sender, **kwargs):
        bump(*topics)

    return stale


def _after_migrate(sender, **kwargs):
    bump()  # data migrations write through historical models, which send no signals


def _after_bulk_write(sender, **kwargs):
    """A model's rows were bulk-written: the topics of its app; every topic if not ours."""
    bump(*TOPICS_BY_APP.get(sender._meta.app_label, ()))


def connect() -> None:
    post_migrate.connect(_after_migrate, dispatch_uid="reports:migrate")
    bulk_written.connect(_after_bulk_write, dispatch_uid="reports:bulk")
    for model in _models():
        receiver = _receiver(TOPICS_BY_APP[model._meta.app_label])
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=model, weak=False, dispatch_uid=f"reports:{model}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                receiver, sender=field.remote_field.through, weak=False,
                dispatch_uid=f"reports:{model}:{field.name}",
            )  # fmt: skip
