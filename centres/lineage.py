"""Which centres a centre was formed from, proposed from the units' succession and recorded by the
province: one new centre per new commune, formed from the old communes' centres (MOET, 2025)."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import AdministrativeUnit, Centre, UnitSuccession
from .models.units import REFORM_DATE

ONE_DAY = datetime.timedelta(days=1)


def proposed_predecessors(commune: AdministrativeUnit):
    """The centres of the communes this one was formed from (a divided commune's centre goes to
    its default successor), not yet recorded as merged into another centre."""
    former = UnitSuccession.objects.filter(successor=commune, is_default=True).values(
        "predecessor_id"
    )
    return (
        Centre.objects.filter(commune_id__in=former, merged_into__isnull=True)
        .exclude(status=Centre.Status.CLOSED)
        .select_related("commune__parent")
        .order_by("commune__path")
    )


def lineage_errors(centre: Centre, predecessors, first_day: datetime.date | None) -> list[str]:
    """Why the centre cannot be recorded as formed from these centres (none: it can)."""
    first_day = first_day or REFORM_DATE
    errors = []
    taken = dict(
        Centre.merged_from.through.objects.filter(to_centre__in=[p.pk for p in predecessors])
        .exclude(from_centre_id=centre.pk)
        .values_list("to_centre_id", "from_centre__name")
    )
    for old in predecessors:
        if old.pk == centre.pk:
            errors.append(_("A centre cannot be formed from itself."))
        elif old.first_day and old.first_day >= first_day:
            errors.append(
                _("%(centre)s began on %(date)s, after the new centre.")
                % {"centre": old.name, "date": old.first_day.strftime("%d/%m/%Y")}
            )
        elif old.pk in taken:
            errors.append(
                _("%(centre)s is already recorded as merged into %(other)s.")
                % {"centre": old.name, "other": taken[old.pk]}
            )
        elif old.status == Centre.Status.CLOSED or (
            old.closed_on and old.closed_on < _last_day(old, first_day)
        ):
            errors.append(
                _("%(centre)s had closed on %(date)s, before the new centre.")
                % {"centre": old.name, "date": (old.closed_on or first_day).strftime("%d/%m/%Y")}
            )
    return errors


def _last_day(old: Centre, first_day: datetime.date) -> datetime.date:
    """A former centre's last day: the day before the new one's first, or its commune's end."""
    last = first_day - ONE_DAY
    if old.commune.valid_until:
        last = min(last, old.commune.valid_until)
    return last


def _check(centre: Centre, predecessors: list[Centre], first_day: datetime.date) -> None:
    errors = lineage_errors(centre, predecessors, first_day)
    if errors:
        raise ValidationError({"merged_from": errors})


@transaction.atomic
def record_lineage(*, centre: Centre, predecessors, decision_number: str = "") -> Centre:
    """The centre was formed from the predecessors: each is merged, its last day the day before
    the new centre's first (or its commune's last day, if earlier), with the decision."""
    predecessors = list(predecessors)
    first_day = centre.first_day or REFORM_DATE
    _check(centre, predecessors, first_day)
    centre.merged_from.set(predecessors)
    for old in predecessors:
        last = _last_day(old, first_day)
        if (old.status, old.closed_on) == (Centre.Status.MERGED, last):
            continue
        old.status = Centre.Status.MERGED
        old.closed_on = last
        old.closure_decision = decision_number or centre.decision_number or old.closure_decision
        old.save()  # one by one: each change is kept in the centre's history
    return centre


@dataclass
class PlannedCentre:
    commune: AdministrativeUnit
    name: str
    predecessors: list[Centre] = field(default_factory=list)


def centre_name(commune: AdministrativeUnit) -> str:
    """The official name, in Vietnamese whatever the page's language (it is data)."""
    return f"Trung tâm học tập cộng đồng {commune.name}"


def plan_new_centres(province: AdministrativeUnit) -> list[PlannedCentre]:
    """The province's present communes without a centre, each with the former centres it
    would be formed from: the preview of `create_centres_from_lineage`."""
    communes = list(
        AdministrativeUnit.objects.filter(
            path__startswith=province.path,
            level=AdministrativeUnit.Level.COMMUNE,
            valid_until__isnull=True,
            centre__isnull=True,
        ).order_by("path")
    )
    successions = (
        UnitSuccession.objects.filter(
            successor__in=communes, is_default=True, predecessor__centre__isnull=False
        )
        .exclude(predecessor__centre__status=Centre.Status.CLOSED)
        .values_list("successor_id", "predecessor__centre")
    )
    taken = set(
        Centre.merged_from.through.objects.filter(
            to_centre_id__in=[c for _s, c in successions]
        ).values_list("to_centre_id", flat=True)
    )
    former = {
        c.pk: c
        for c in Centre.objects.filter(pk__in=[c for _s, c in successions]).select_related(
            "commune__parent"
        )
    }
    by_commune: dict[int, list[Centre]] = {}
    for successor_id, centre_id in successions:
        if centre_id not in taken:
            by_commune.setdefault(successor_id, []).append(former[centre_id])
    return [
        PlannedCentre(
            commune,
            centre_name(commune),
            sorted(by_commune.get(commune.pk, []), key=lambda c: c.commune.path),
        )
        for commune in communes
    ]


@transaction.atomic
def create_centres_from_lineage(
    *, province: AdministrativeUnit, first_day: datetime.date, decision_number: str = ""
) -> list[Centre]:
    """Create every planned centre of the province in one transaction, each formed from its
    former centres, which are marked merged."""
    if first_day < REFORM_DATE:
        raise ValidationError({"first_day": _("The new centres begin on or after 01/07/2025.")})
    created = []
    for planned in plan_new_centres(province):
        centre = Centre(
            commune=planned.commune,
            name=planned.name,
            decision_number=decision_number,
            decision_date=first_day,
        )
        centre.full_clean()
        centre.save()
        record_lineage(
            centre=centre, predecessors=planned.predecessors, decision_number=decision_number
        )
        created.append(centre)
    return created
