"""Writing a province's rubric versions: a new version from an existing one, and edits of a
version no rating uses yet (a used version is frozen: `ensure_editable()` refuses).

Every write is one transaction and keeps its history with the user who made it."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.signals import bulk_written

from .models import Criterion, Indicator, Kind, Rubric

RUBRIC_FIELDS = (
    "name", "first_year", "last_year", "good_total", "good_min_share", "fair_total",
    "fair_min_share", "average_total", "average_min_share",
)  # fmt: skip
INDICATOR_FIELDS = ("text", "max_points", "guidance", "evidence_required", "measure")
# Orders are moved out of the way while a list is renumbered (unique per parent).
PARKED = 10_000


@dataclass
class Part:
    """A criterion or an indicator as edited: `pk` None for a new one; the list's order is
    the new order."""

    pk: int | None
    values: dict = field(default_factory=dict)


def _as(user, *objects) -> None:
    for obj in objects:
        obj._history_user = user  # simple-history's author outside a request


@transaction.atomic
def new_version(*, user, rubric: Rubric) -> Rubric:
    """A copy of the rubric with its criteria and indicators as the province's next version
    (the copy is editable; the original does not change)."""
    criteria = list(rubric.criteria.prefetch_related("indicators"))
    latest = Rubric.objects.filter(province_id=rubric.province_id, kind=rubric.kind).aggregate(
        n=Max("version")
    )
    copy = Rubric(
        province_id=rubric.province_id,
        kind=rubric.kind,
        version=(latest["n"] or 0) + 1,
        **{name: getattr(rubric, name) for name in RUBRIC_FIELDS},
    )
    copy.full_clean()
    _as(user, copy)
    copy.save()
    new_criteria = bulk_create_with_history(
        [Criterion(rubric=copy, order=c.order, name=c.name) for c in criteria],
        Criterion,
        default_user=user,
    )
    indicators = [
        Indicator(
            criterion=new, order=i.order, **{name: getattr(i, name) for name in INDICATOR_FIELDS}
        )
        for old, new in zip(criteria, new_criteria, strict=True)
        for i in old.indicators.all()
    ]
    bulk_create_with_history(indicators, Indicator, default_user=user)
    bulk_written.send(sender=Criterion)
    bulk_written.send(sender=Indicator)
    return copy


def _check_version_free(rubric: Rubric) -> None:
    taken = (
        Rubric.objects.filter(
            province_id=rubric.province_id,
            kind=rubric.kind,
            first_year=rubric.first_year,
            version=rubric.version,
        )
        .exclude(pk=rubric.pk)
        .exists()
    )
    if taken:
        raise ValidationError(
            {
                "first_year": _(
                    "Another rubric of the province is version %(version)s from %(year)s."
                )
                % {"version": rubric.version, "year": rubric.first_year}
            }
        )


def _check_rules(rubric: Rubric) -> None:
    """The grade thresholds descend and the years are in order, said in words (the database's
    constraints would only say which constraint failed)."""
    errors = {}
    community = rubric.kind == Kind.COMMUNITY
    good, fair, average = rubric.good_total, rubric.fair_total, rubric.average_total
    if good is not None and fair is not None and not good > fair:
        errors["good_total"] = (
            _("The total for level 2 must be higher than the one for level 1.")
            if community
            else _("The total for “good” must be higher than the one for “fair”.")
        )
    if not community and fair is not None and average is not None and not fair > average:
        errors["fair_total"] = _("The total for “fair” must be higher than the one for “average”.")
    if community:
        rubric.average_total = None  # a learning community has two levels and "not recognised"
        if fair is not None and not fair > 0:
            errors["fair_total"] = _("The total for level 1 must be more than 0.")
    elif average is None:
        errors["average_total"] = _("Give the total for “average”.")
    elif not average > 0:
        errors["average_total"] = _("The total for “average” must be more than 0.")
    if rubric.last_year is not None and rubric.last_year < rubric.first_year:
        errors["last_year"] = _("The last year cannot be before the first year.")
    if errors:
        raise ValidationError(errors)


def _apply(model, parent: dict, rows, parts: Sequence[Part], removed: Sequence[int], user):
    """Delete, change, reorder and add the rows of one parent as the parts say: the parts'
    order is the new order (1, 2, 3…), rows the parts do not name follow in their old order."""
    by_pk = {obj.pk: obj for obj in rows}
    unknown = ({p.pk for p in parts} | set(removed)) - set(by_pk) - {None}
    if unknown:
        raise ValidationError(_("The page was out of date: open it again and repeat the change."))
    for pk in removed:
        _as(user, by_pk[pk])
        by_pk.pop(pk).delete()
    listed, changed = [], []
    for part in parts:
        if part.pk in by_pk:
            obj = by_pk.pop(part.pk)
            if any(getattr(obj, name) != value for name, value in part.values.items()):
                changed.append(obj)
            for name, value in part.values.items():
                setattr(obj, name, value)
        else:
            obj = model(**part.values, **parent)
        listed.append(obj)
    listed += sorted(by_pk.values(), key=lambda obj: obj.order)
    moving = [obj for n, obj in enumerate(listed, start=1) if obj.pk and obj.order != n]
    # The order is unique under the parent: rows that move are parked out of the way first.
    model.objects.filter(pk__in=[obj.pk for obj in moving]).update(order=F("order") + PARKED)
    for n, obj in enumerate(listed, start=1):
        obj.order = n
        obj.full_clean(validate_unique=False, validate_constraints=False)
    for obj in listed:
        if obj.pk and (obj in changed or obj in moving):
            _as(user, obj)
            obj.save()
    bulk_create_with_history([o for o in listed if not o.pk], model, default_user=user)
    bulk_written.send(sender=model)


@transaction.atomic
def update_rubric(
    *,
    user,
    rubric: Rubric,
    values: dict,
    criteria: Sequence[Part] | None = None,
    removed: Sequence[int] = (),
) -> Rubric:
    """A version's name, years and thresholds, and its criteria (renamed, reordered, added,
    removed with their indicators); refused for a version a rating uses."""
    rubric.ensure_editable()
    for name in RUBRIC_FIELDS:
        if name in values:
            setattr(rubric, name, values[name])
    rubric.full_clean(validate_unique=False, validate_constraints=False)
    _check_rules(rubric)
    _check_version_free(rubric)
    _as(user, rubric)
    rubric.save()
    if criteria is not None and not criteria:
        raise ValidationError(_("A rubric version has at least one criterion."))
    if criteria is not None or removed:
        parts = [Part(p.pk, {"name": p.values["name"]}) for p in criteria or []]
        _apply(Criterion, {"rubric": rubric}, rubric.criteria.all(), parts, removed, user)
    return rubric


@transaction.atomic
def update_criterion(
    *,
    user,
    criterion: Criterion,
    name: str,
    indicators: Sequence[Part],
    removed: Sequence[int] = (),
) -> Criterion:
    """A criterion's name and its indicators (text, points, guidance, evidence, measure;
    reordered, added, removed); refused for a version a rating uses."""
    criterion.rubric.ensure_editable()
    if not indicators:
        raise ValidationError(_("A criterion has at least one indicator."))
    if criterion.name != name:
        criterion.name = name
        criterion.full_clean(validate_unique=False, validate_constraints=False)
        _as(user, criterion)
        criterion.save()
    parts = [
        Part(p.pk, {k: v for k, v in p.values.items() if k in INDICATOR_FIELDS}) for p in indicators
    ]
    _apply(Indicator, {"criterion": criterion}, criterion.indicators.all(), parts, removed, user)
    return criterion
