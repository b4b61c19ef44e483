"""The indicators the provinces' reports print beside the activity figures, per sub-unit and in
total: learning models, facilities and library, staff by kind, plan versus done, funding by
source and year. A handful of grouped queries; every total is the sum of its rows."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from activities.models import Funding, LearningModelCount, PlanItem
from centres.lifetime import open_during
from centres.models import AdministrativeUnit, Centre, Staff
from centres.selectors import report_roots, under

from .selectors import AS_THEN, _names, _sub_unit

MODELS = ("families", "clans", "communities", "units", "citizens")
FACILITIES = ("own_premises", "seal", "account", "internet", "audio")
SOURCES = ("state", "commune", "social", "other")
STAFF_KINDS = tuple(Staff.Kind.values)


@dataclass
class IndicatorRow:
    key: object
    name: str
    values: dict = field(default_factory=dict)
    order: str = ""  # the unit's path: rows follow the units' codes

    def get(self, name: str) -> int:
        return self.values.get(name, 0)

    def add(self, values: dict) -> None:
        for name, value in values.items():
            self.values[name] = self.get(name) + (value or 0)

    def share(self, name: str, decimals: int = 1) -> Decimal | None:
        """n/N of the centres, in percent (facilities): each share on its own, not a
        distribution."""
        if not self.get("centres"):
            return None
        step = Decimal(1).scaleb(-decimals)
        return (Decimal(100 * self.get(name)) / self.get("centres")).quantize(
            step, rounding=ROUND_HALF_UP
        )

    def done(self, planned: str, held: str, decimals: int = 1) -> Decimal | None:
        """What was held as a percentage of what was planned."""
        if not self.get(planned):
            return None
        step = Decimal(1).scaleb(-decimals)
        return (Decimal(100 * self.get(held)) / self.get(planned)).quantize(
            step, rounding=ROUND_HALF_UP
        )


@dataclass
class Indicators:
    unit: AdministrativeUnit
    first_year: int
    last_year: int
    by_unit: list[IndicatorRow]  # every indicator per sub-unit
    total: IndicatorRow
    funding_by_year: list[IndicatorRow]


def _grouped(queryset, unit, commune_field, grouping, **sums) -> dict:
    rows = (
        queryset.order_by()
        .annotate(k=_sub_unit(unit, commune_field, grouping))
        .values("k")
        .annotate(**sums)
    )
    return {row.pop("k"): row for row in rows}


def indicators(
    user, unit: AdministrativeUnit, first_year: int, last_year: int, grouping: str = AS_THEN
) -> Indicators:
    """The indicators under a unit: the state of the last year (learning models, facilities,
    staff) and the whole period (plan versus done, funding)."""
    roots = report_roots(unit)
    centres = Centre.objects.for_user(user).filter(
        under(roots, "commune__path"), open_during(last_year)
    )
    facilities = _grouped(
        centres, unit, "commune", grouping,
        centres=Count("pk"),
        own_premises=Count("pk", filter=Q(premises=Centre.Premises.OWN)),
        seal=Count("pk", filter=Q(has_seal=True)),
        account=Count("pk", filter=Q(has_bank_account=True)),
        internet=Count("pk", filter=Q(has_internet=True)),
        audio=Count("pk", filter=Q(has_audio_equipment=True)),
        computers=Coalesce(Sum("computers"), 0), books=Coalesce(Sum("library_books"), 0),
    )  # fmt: skip
    models = _grouped(
        LearningModelCount.objects.for_user(user).filter(
            under(roots, "centre__commune__path"), year=last_year
        ),
        unit, "centre__commune", grouping,
        **{name: Coalesce(Sum(name), 0) for name in MODELS},
    )  # fmt: skip
    staff = _grouped(
        Staff.objects.filter(centre__in=centres, is_active=True),
        unit, "centre__commune", grouping,
        **{f"staff_{kind}": Count("pk", filter=Q(kind=kind)) for kind in STAFF_KINDS},
    )  # fmt: skip
    plans = _grouped(
        PlanItem.objects.filter(
            plan__centre__in=Centre.objects.for_user(user).filter(under(roots, "commune__path")),
            plan__year__gte=first_year,
            plan__year__lte=last_year,
        ),
        unit, "plan__centre__commune", grouping,
        planned_classes=Coalesce(Sum("planned_classes"), 0),
        planned_talks=Coalesce(Sum("planned_talks"), 0),
    )  # fmt: skip
    funding = (
        Funding.objects.for_user(user)
        .filter(under(roots, "centre__commune__path"), year__gte=first_year, year__lte=last_year)
        .order_by()
        .annotate(k=_sub_unit(unit, "centre__commune", grouping))
        .values("year", "k")
        .annotate(
            state=Coalesce(Sum("state_budget"), 0), commune=Coalesce(Sum("commune_budget"), 0),
            social=Coalesce(Sum("social_contributions"), 0),
            other=Coalesce(Sum("other_sources"), 0), spending=Coalesce(Sum("spending"), 0),
        )
    )  # fmt: skip
    by_unit: dict[object, IndicatorRow] = {}
    for groups in (facilities, models, staff, plans):
        for key, values in groups.items():
            by_unit.setdefault(key, IndicatorRow(key, "")).add(values)
    by_year = {y: IndicatorRow(y, str(y)) for y in range(first_year, last_year + 1)}
    for row in funding:
        values = {name: row[name] for name in (*SOURCES, "spending")}
        values["funding"] = sum(row[name] for name in SOURCES)
        by_year[row["year"]].add(values)
        by_unit.setdefault(row["k"], IndicatorRow(row["k"], "")).add(values)
    names = _names(by_unit)
    for row in by_unit.values():
        row.name, row.order = names[row.key].name, names[row.key].path
    total = IndicatorRow(None, unit.name)
    for row in by_unit.values():
        total.add(row.values)
    rows = sorted(by_unit.values(), key=lambda r: r.order)
    return Indicators(unit, first_year, last_year, rows, total, list(by_year.values()))


def add_held(result: Indicators, summary) -> None:
    """The classes and talks held over the period, per sub-unit, from the activity summary of
    the same unit, period and grouping (so the two reports cannot disagree)."""
    rows = {row.key: row for row in result.by_unit}
    missing = [row.key for row in summary.by_unit if row.key not in rows]
    for key, unit in _names(missing).items() if missing else ():
        rows[key] = IndicatorRow(key, unit.name, order=unit.path)
        result.by_unit.append(rows[key])
    for row in summary.by_unit:
        rows[row.key].values |= {"classes": row.classes, "talks": row.talks}
    # The total of the recorded rows (a year known only from published totals has no plan).
    result.total.values |= {
        "classes": sum(r.classes for r in summary.by_unit),
        "talks": sum(r.talks for r in summary.by_unit),
    }
    result.by_unit.sort(key=lambda r: r.order)
