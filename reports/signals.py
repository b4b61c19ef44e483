"""Writes that make cached reports stale (see reports/cache.py).

Saves and deletes send Django's signals; the bulk writers of the lower apps, which send none
(imports, rating transitions, `load_units`, the demo loader), announce `core.signals.bulk_written`
with the model they wrote, and the activity rollups announce the centre-years they rewrote
(`centre_years_written`). A write that belongs to one centre's year (or to one centre's profile)
makes stale only the reports counting that centre (in that year); any other write, its whole
topic.
"""

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_init, post_migrate, post_save

from centres.models import AdministrativeUnit, Centre
from core.signals import bulk_written, centre_years_written

from .cache import ACTIVITIES, ANY_YEAR, INDICATORS, RATINGS, TOPICS, bump, bump_centre_years

TOPICS_BY_APP = {
    "centres": TOPICS,  # units, centres, boards and staff appear in every report
    "activities": (ACTIVITIES,),
    "ratings": (RATINGS,),
    "reports": TOPICS,  # published figures stand in for a year's records
}
# The activities app's records that only the indicators beside the activity figures read.
INDICATOR_MODELS = {
    "activities.AnnualPlan", "activities.PlanItem", "activities.Funding",
    "activities.LearningModelCount",
}  # fmt: skip
# Writes no report reads: attendance marks and learners count through the sessions' headcounts.
QUIET = {"activities.Mark", "activities.Enrolment", "activities.Learner"}
# Saves and deletes whose centre-years the rollups announce (activities/rollups.py).
ANNOUNCED = {
    "activities.Activity", "activities.Session",
    "activities.ActivityRollup", "activities.UnitRollup",
}  # fmt: skip
# The centre and year a row belongs to (the year None: every year of the centre).
CENTRE_YEAR = {
    "activities.AnnualPlan": lambda row: (row.centre_id, row.year),
    "activities.Funding": lambda row: (row.centre_id, row.year),
    "activities.LearningModelCount": lambda row: (row.centre_id, row.year),
    "activities.PlanItem": lambda row: (row.plan.centre_id, row.plan.year),
    "ratings.Rating": lambda row: (row.centre_id, row.year),
    "centres.BoardMember": lambda row: (row.centre_id, None),
    "centres.Staff": lambda row: (row.centre_id, None),
    "centres.TrainingCourse": lambda row: (row.staff.centre_id, None),
}


def _label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def _topics(model) -> tuple[str, ...]:
    if _label(model) in INDICATOR_MODELS:
        return (INDICATORS,)
    return TOPICS_BY_APP.get(model._meta.app_label, ())


def _models():
    for label in TOPICS_BY_APP:
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical"):
                yield model


def _stale_centre_years(topics, pairs) -> None:
    """Bump the reports counting these (centre id, year) pairs, at every unit above them."""
    pairs = {(c, y) for c, y in pairs if c is not None}
    if not pairs:
        return
    paths = dict(
        Centre.objects.filter(pk__in={c for c, _ in pairs}).values_list("pk", "commune__path")
    )
    bump_centre_years(
        topics,
        {(paths[c], ANY_YEAR if y is None else y) for c, y in pairs if c in paths},
    )


def _receiver(model):
    topics = _topics(model)
    centre_year = CENTRE_YEAR.get(_label(model))

    def stale(sender, instance=None, **kwargs):
        try:
            pair = None if centre_year is None or instance is None else centre_year(instance)
        except ObjectDoesNotExist:  # a row deleted with what it belonged to
            pair = None
        if pair is None:
            bump(*topics)
        else:
            _stale_centre_years(topics, [pair])

    return stale


def _remember_commune(sender, instance, **kwargs):
    instance._counted_under = instance.__dict__.get("commune_id")


def _centre_written(sender, instance, **kwargs):
    """A centre's profile: every year of the communes it is and was under."""
    paths_years = set()
    communes = {instance.commune_id, getattr(instance, "_counted_under", None)} - {None}
    for path in AdministrativeUnit.objects.filter(pk__in=communes).values_list("path", flat=True):
        paths_years.add((path, ANY_YEAR))
    bump_centre_years(TOPICS_BY_APP["centres"], paths_years)
    instance._counted_under = instance.commune_id


def _after_centre_years(sender, pairs=(), **kwargs):
    _stale_centre_years(_topics(sender), pairs)


def _after_migrate(sender, **kwargs):
    bump()  # data migrations write through historical models, which send no signals


def _after_bulk_write(sender, **kwargs):
    """A model's rows were bulk-written: the topics of its app; every topic if not ours."""
    if _label(sender) in QUIET:
        return
    bump(*_topics(sender))  # none: every topic


def connect() -> None:
    post_migrate.connect(_after_migrate, dispatch_uid="reports:migrate")
    bulk_written.connect(_after_bulk_write, dispatch_uid="reports:bulk")
    centre_years_written.connect(_after_centre_years, dispatch_uid="reports:centre-years")
    post_init.connect(_remember_commune, sender=Centre, dispatch_uid="reports:centre-read")
    for signal in (post_save, post_delete):
        signal.connect(_centre_written, sender=Centre, dispatch_uid=f"reports:centre:{signal}")
    for model in _models():
        if _label(model) in QUIET | ANNOUNCED or model is Centre:
            continue
        receiver = _receiver(model)
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=model, weak=False, dispatch_uid=f"reports:{model}")
    for model in _models():
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _receiver(model), sender=field.remote_field.through, weak=False,
                dispatch_uid=f"reports:{model}:{field.name}",
            )  # fmt: skip
