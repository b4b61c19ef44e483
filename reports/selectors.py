"""One selector per report: HTML, Excel and PDF render what these return, so they agree."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext

from activities.models import Activity, ActivityRollup, ContentArea, Session, UnitRollup
from centres.lifetime import counted_in, open_between, open_during
from centres.models import AdministrativeUnit, BoardMember, Centre, Staff, UnitSuccession
from centres.models.units import REFORM_DATE
from centres.scope import scope_of
from centres.selectors import report_roots, under
from ratings.models import Grade, Kind, Level, Rating

from .published import published_figures
from .rounding import DEFAULT_ROUNDING, ShareRounding

GRADES = [Grade.GOOD, Grade.FAIR, Grade.AVERAGE, Grade.WEAK]
LEVELS = [Level.LEVEL_2, Level.LEVEL_1, Level.NOT_MET]
RESULTS_OF = {Kind.CENTRE: GRADES, Kind.COMMUNITY: LEVELS}
UNGRADED = "ungraded"
AS_THEN, AS_NOW = "then", "now"
REFORM_YEAR = REFORM_DATE.year
ACTIVITY_FIELDS = ("classes", "talks", "sessions", "visits", "women", "minority")


def _sub_unit(unit: AdministrativeUnit, commune_field: str, grouping: str = AS_THEN):
    """The row a centre falls in: its district under a province, else its commune ("as then");
    "as now", a former commune's centre falls in the commune that succeeded it."""
    then = Case(
        When(**{f"{commune_field}__parent_id": unit.pk}, then=F(f"{commune_field}_id")),
        default=F(f"{commune_field}__parent_id"),
        output_field=IntegerField(),
    )
    if grouping != AS_NOW:
        return then
    successor = UnitSuccession.objects.filter(
        predecessor_id=OuterRef(f"{commune_field}_id"), is_default=True
    ).values("successor_id")[:1]
    return Case(
        When(
            **{f"{commune_field}__valid_until__isnull": False},
            then=Coalesce(Subquery(successor, output_field=IntegerField()), then),
        ),
        default=then,
        output_field=IntegerField(),
    )


def _names(keys) -> dict[int, AdministrativeUnit]:
    return {u.pk: u for u in AdministrativeUnit.objects.filter(pk__in=set(keys))}


@dataclass
class DistributionRow:
    unit: AdministrativeUnit | None
    name: str
    centres: int
    counts: list[int]  # per grade (or level), then the centres not graded
    rounding: ShareRounding = DEFAULT_ROUNDING
    change: Decimal | None = None  # the share graded good against the comparison year, in points
    results: list[str] = field(default_factory=lambda: GRADES)  # LEVELS for learning communities

    @property
    def shares(self) -> list[Decimal]:
        return self.rounding.shares(self.counts)

    @property
    def graded(self) -> int:
        return sum(self.counts[: len(self.results)])

    @property
    def graded_cells(self) -> list[tuple[int, Decimal]]:
        return list(zip(self.counts[: len(self.results)], self.graded_shares, strict=True))

    @property
    def graded_shares(self) -> list[Decimal]:
        """Each grade's share of the graded centres (a round still open leaves others out)."""
        return self.rounding.shares(self.counts[: len(self.results)])

    @property
    def cells(self) -> list[tuple[str, int, Decimal]]:
        return list(zip([*self.results, UNGRADED], self.counts, self.shares, strict=True))


@dataclass
class RatingSummary:
    unit: AdministrativeUnit
    year: int
    compare_year: int | None
    rows: list[DistributionRow]
    total: DistributionRow
    compare_total: DistributionRow | None
    read_at: datetime.datetime
    grouping: str = AS_THEN
    open_years: frozenset = frozenset()  # years whose round is still under way
    notes: list[str] = field(default_factory=list)  # what a comparison across the reform compares
    rounding: ShareRounding = DEFAULT_ROUNDING
    published: dict = field(default_factory=dict)  # year → source, for years from published totals
    kind: str = Kind.CENTRE  # COMMUNITY: the communes' "Cộng đồng học tập" levels

    @property
    def results(self) -> list[str]:
        return RESULTS_OF[self.kind]

    @property
    def is_open(self) -> bool:
        return self.year in self.open_years

    @property
    def compares_graded(self) -> bool:
        """While either year's round is open, the years compare shares of the graded centres,
        so that centres not yet graded never read as a fall."""
        return self.compare_year in self.open_years or self.year in self.open_years

    @property
    def changes(self) -> list[Decimal | None] | None:
        """Change per grade in percentage points, from the shown (rounded) shares."""
        if self.compare_total is None:
            return None
        if self.compares_graded:
            pairs = zip(self.total.graded_shares, self.compare_total.graded_shares, strict=True)
            return [a - b for a, b in pairs] + [None]
        return [a - b for a, b in zip(self.total.shares, self.compare_total.shares, strict=True)]

    @property
    def compared_shares(self) -> tuple[list[Decimal], list[Decimal]] | None:
        """The shares the comparison compares: (earlier year, shown year)."""
        if self.compare_total is None:
            return None
        if self.compares_graded:
            return self.compare_total.graded_shares, self.total.graded_shares
        n = len(self.results)
        return self.compare_total.shares[:n], self.total.shares[:n]


def _distribution(
    user,
    unit: AdministrativeUnit,
    year: int,
    grouping: str = AS_THEN,
    rounding: ShareRounding = DEFAULT_ROUNDING,
    kind: str = Kind.CENTRE,
) -> tuple[list[DistributionRow], DistributionRow, bool]:
    """The rows and total of a year, and whether its round is under way (a rating of a round
    not approved yet), from two grouped queries; of kind COMMUNITY, the communes' levels (one
    centre per commune: each counts its commune)."""
    results = RESULTS_OF[kind]
    roots = report_roots(unit)
    # The centres of the year: those open on its 31 December (a grade of a centre not open then,
    # recorded before the dates were checked, still counts: each row counts at least its grades).
    centres = (
        Centre.objects.for_user(user)
        .filter(under(roots, "commune__path"))
        .filter(counted_in(year))
        .annotate(key=_sub_unit(unit, "commune", grouping))
    )
    if grouping == AS_THEN:  # the row's name and order come with its count
        own = Q(commune__parent_id=unit.pk)
        centres = centres.annotate(
            label=Case(When(own, then=F("commune__name")), default=F("commune__parent__name")),
            order=Case(When(own, then=F("commune__path")), default=F("commune__parent__path")),
            level=Case(When(own, then=F("commune__level")), default=F("commune__parent__level")),
        ).values("key", "label", "order", "level")
    else:
        centres = centres.values("key")
    centres = centres.annotate(n=Count("pk"))
    approved = Q(status=Rating.Status.APPROVED)
    graded = (
        Rating.objects.for_user(user)
        .filter(under(roots, "centre__commune__path"))
        .filter(approved | Q(round__isnull=False), year=year, kind=kind)
        .annotate(key=_sub_unit(unit, "centre__commune", grouping))
        .values("key", "grade")
        .annotate(n=Count("pk", filter=approved), pending=Count("pk", filter=~approved))
    )
    totals, names = {}, {}
    for row in centres:
        totals[row["key"]] = row["n"]
        if "label" in row:
            names[row["key"]] = AdministrativeUnit(
                pk=row["key"], name=row["label"], path=row["order"], level=row["level"]
            )
    counts: dict[int, dict[str, int]] = {}
    under_way = False
    for row in graded:
        under_way = under_way or row["pending"] > 0
        if not row["n"]:
            continue
        counts.setdefault(row["key"], {})[row["grade"]] = row["n"]
        totals.setdefault(row["key"], 0)
    if set(totals) - set(names):
        names |= _names(set(totals) - set(names))
    rows = []
    for key in sorted(totals, key=lambda k: names[k].path):
        by_grade = [counts.get(key, {}).get(g, 0) for g in results]
        centre_count = max(totals[key], sum(by_grade))
        rows.append(
            DistributionRow(
                names[key],
                names[key].name,
                centre_count,
                [*by_grade, centre_count - sum(by_grade)],
                rounding,
                results=results,
            )
        )
    total_counts = [sum(row.counts[i] for row in rows) for i in range(len(results) + 1)]
    total = DistributionRow(
        unit, unit.name, sum(r.centres for r in rows), total_counts, rounding, results=results
    )
    return rows, total, under_way


def _reform_notes(
    unit: AdministrativeUnit, years: list[int], totals: dict[int, int], kind: str = Kind.CENTRE
) -> list[str]:
    """What each year counts, when a report on a unit formed in 2025 reaches back before it:
    its centres, or for the learning-community assessment its communes."""
    roots = report_roots(unit)
    if len(roots) == 1 or all(y >= REFORM_YEAR for y in years):
        return []
    former = AdministrativeUnit.objects.filter(path__in=roots[1:]).order_by("path")
    names = ", ".join(u.name for u in former)
    notes = []
    community = kind == Kind.COMMUNITY
    for year in sorted(set(years)):
        values = {"year": year, "n": totals[year], "unit": unit.name, "former": names}
        if year < REFORM_YEAR and community:
            text = gettext(
                "%(year)s: the %(n)s communes with a centre that year in %(unit)s and the former "
                "units it was formed from (%(former)s), as they were then."
            )
        elif year < REFORM_YEAR:
            text = gettext(
                "%(year)s: the %(n)s centres of that year in %(unit)s and the former units "
                "it was formed from (%(former)s), as they were then."
            )
        elif community:
            text = gettext("%(year)s: the %(n)s present communes of %(unit)s with a centre.")
        else:
            text = gettext("%(year)s: the %(n)s centres of %(unit)s in its present communes.")
        notes.append(text % values)
    return notes


def _published_total(unit, figures, rounding) -> DistributionRow:
    """A year's total as a document published it: the grades out of its number of centres."""
    grades = [getattr(figures, name) or 0 for name in ("good", "fair", "average", "weak")]
    counts = [*grades, figures.centres - sum(grades)]
    return DistributionRow(unit, unit.name, figures.centres, counts, rounding)


def _published_notes(published: dict) -> list[str]:
    return [
        gettext(
            "%(year)s: published figures (%(source)s), recorded without per-centre data; "
            "they have no breakdown by unit."
        )
        % {"year": year, "source": source}
        for year, source in sorted(published.items())
    ]


def _row_changes(rows, compare_rows, *, graded: bool) -> None:
    """Each sub-unit's change in the share graded good, against the same unit's row of the
    comparison year (none when the unit had no row then, e.g. a commune formed since)."""
    before = {r.unit.pk: r for r in compare_rows}
    for row in rows:
        earlier = before.get(row.unit.pk)
        if earlier is None or not earlier.centres:
            continue
        if graded:
            if row.graded and earlier.graded:
                row.change = row.graded_shares[0] - earlier.graded_shares[0]
        else:
            row.change = row.shares[0] - earlier.shares[0]


def rating_summary(
    user,
    unit: AdministrativeUnit,
    year: int,
    compare_year: int | None = None,
    grouping: str = AS_THEN,
    rounding: ShareRounding = DEFAULT_ROUNDING,
    kind: str = Kind.CENTRE,
) -> RatingSummary:
    """Grades of the centres under a unit in a year, per sub-unit, with an optional comparison;
    of kind COMMUNITY, the levels at which the communes were recognised "Cộng đồng học tập".

    The unit covers the units it was formed from (centres/selectors.report_roots); each year
    counts the centres open on its 31 December; rows group them as the units were then, or
    as now (a former commune's centre under the commune that succeeded it). Published figures
    (recorded without per-centre data) are centre grades only."""
    years = [year] + ([compare_year] if compare_year else [])
    known = (
        {y: f for y, f in published_figures(unit, years).items() if f.has_distribution}
        if kind == Kind.CENTRE
        else {}
    )
    rows, total, under_way = _distribution(user, unit, year, grouping, rounding, kind)
    published = {}
    if year in known and not total.graded:
        rows, total, under_way = [], _published_total(unit, known[year], rounding), False
        published[year] = known[year].source
    open_years = {year} if under_way else set()
    compare_total = None
    if compare_year:
        compare_rows, compare_total, compare_under_way = _distribution(
            user, unit, compare_year, grouping, rounding, kind
        )
        if compare_year in known and not compare_total.graded:
            compare_rows = []
            compare_total = _published_total(unit, known[compare_year], rounding)
            compare_under_way = False
            published[compare_year] = known[compare_year].source
        open_years |= {compare_year} if compare_under_way else set()
        _row_changes(rows, compare_rows, graded=bool(open_years))
    totals = {year: total.centres} | ({compare_year: compare_total.centres} if compare_year else {})
    return RatingSummary(
        unit, year, compare_year, rows, total, compare_total, timezone.now(), grouping,
        frozenset(open_years),
        _published_notes(published) + _reform_notes(unit, years, totals, kind), rounding, published,
        kind,
    )  # fmt: skip


@dataclass
class ActivityRow:
    key: object
    name: str
    classes: int = 0
    talks: int = 0
    sessions: int = 0
    visits: int = 0
    women: int = 0
    minority: int = 0
    unknown: frozenset = frozenset()  # figures a published year did not give (counted as 0)

    @property
    def activities(self) -> int:
        return self.classes + self.talks

    @property
    def women_share(self) -> Decimal | None:
        if self.unknown & {"women", "visits"}:
            return None  # a share over a year that did not publish it would understate it
        return (
            (Decimal(100) * self.women / self.visits).quantize(Decimal("0.1"))
            if self.visits
            else None
        )

    @property
    def minority_share(self) -> Decimal | None:
        if self.unknown & {"minority", "visits"}:
            return None
        return (
            (Decimal(100) * self.minority / self.visits).quantize(Decimal("0.1"))
            if self.visits
            else None
        )

    def add(self, other: "ActivityRow") -> None:
        for name in ("classes", "talks", "sessions", "visits", "women", "minority"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.unknown |= other.unknown


@dataclass
class ActivitySummary:
    unit: AdministrativeUnit
    first_year: int
    last_year: int
    by_year: list[ActivityRow]
    by_area: list[ActivityRow]
    by_unit: list[ActivityRow]
    total: ActivityRow
    read_at: datetime.datetime
    extras: dict = field(default_factory=dict)
    grouping: str = AS_THEN
    published: dict = field(default_factory=dict)  # year → source, for years from published totals

    @property
    def notes(self) -> list[str]:
        if not self.published:
            return []
        return [
            *_published_notes(self.published),
            gettext("The tables by content area and by unit count the recorded activities only."),
        ]

    @property
    def years(self) -> int:
        return self.last_year - self.first_year + 1

    @property
    def average(self) -> dict[str, Decimal]:
        """The yearly average of each total, to one decimal."""
        return {
            name: (Decimal(getattr(self.total, name)) / self.years).quantize(Decimal("0.1"))
            for name in ("classes", "talks", "sessions", "visits")
        }


def _sums():
    # SUM of a bigint is a numeric, read as Decimal: cast back, the figures are whole numbers.
    return {f"sum_{name}": Cast(Sum(name), BigIntegerField()) for name in ACTIVITY_FIELDS}


def rollup_groups(user, unit, roots, years, grouping: str = AS_THEN) -> list[tuple]:
    """The summary's groups in these years, from the rollups (activities/rollups.py): rows
    (year, content area, None, classes, talks, sessions, visits, women, minority) and rows
    (year, None, sub-unit, …), which the tables by year, area and unit add up.

    Rows by the units as they were, for a reader of all the roots (none of them a commune):
    the unit rollups, and for the communes directly under the unit their centre rollups; a
    few rows per district instead of one per centre. Otherwise the centre rollups alone."""
    years = list(years)
    scope = scope_of(user)
    by_units = (
        grouping == AS_THEN
        and all(scope.covers(root, write=False) for root in roots)
        and unit.level != AdministrativeUnit.Level.COMMUNE
        and not AdministrativeUnit.objects.filter(
            path__in=roots, level=AdministrativeUnit.Level.COMMUNE
        ).exists()
    )
    if not by_units:
        centres = (
            ActivityRollup.objects.for_user(user)
            .filter(under(roots, "centre__commune__path"), year__in=years)
            .order_by()
        )
        return [
            *(
                (y, a, None, *counts)
                for y, a, *counts in centres.values_list("year", "content_area_id").annotate(
                    **_sums()
                )
            ),
            *(
                (y, None, k, *counts)
                for y, k, *counts in centres.annotate(
                    k=_sub_unit(unit, "centre__commune", grouping)
                )
                .values_list("year", "k")
                .annotate(**_sums())
            ),
        ]
    units = (
        UnitRollup.objects.for_user(user)
        .filter(under(roots, "unit__path"), year__in=years)
        .order_by()
    )

    def own():
        """The communes directly under the unit, from their centres' rollups."""
        return (
            ActivityRollup.objects.for_user(user)
            .filter(centre__commune__parent_id=unit.pk, year__in=years)
            .order_by()
            .values_list("year", "centre__commune_id")
            .annotate(**_sums())
        )

    if len(years) > 1:  # many rows (a national period: 15.000): the database adds them up
        return [
            *(
                (y, a, None, *counts)
                for y, a, *counts in units.values_list("year", "content_area_id").annotate(
                    **_sums()
                )
            ),
            *(
                (y, None, k, *counts)
                for y, k, *counts in units.exclude(unit_id=unit.pk)
                .values_list("year", "unit_id")
                .annotate(**_sums())
            ),
            *((y, None, k, *counts) for y, k, *counts in own()),
        ]
    # One year (what a write makes stale): one read by area and unit, added up both ways here.
    # The unit's own row (the sums of the communes directly under it) counts by area only; those
    # communes' rows come from their centres' rollups, read only when there are some.
    rows = list(units.values_list("year", "content_area_id", "unit_id").annotate(**_sums()))
    has_own = any(k == unit.pk for _y, _a, k, *_counts in rows)
    return [
        *_both_ways(rows, by_area_only=unit.pk),
        *((y, None, k, *counts) for y, k, *counts in (own() if has_own else ())),
    ]


_NO_UNIT = object()  # no sub-unit is left out of the rows by unit


def _both_ways(rows, by_area_only=_NO_UNIT) -> list[tuple]:
    """Rows (year, content area, sub-unit, six counts) added up in the rollups' shape: rows
    (year, area, None, …) and (year, None, sub-unit, …); the sub-unit `by_area_only` counts in
    the first only."""
    by_area: dict[tuple, list[int]] = {}
    by_unit: dict[tuple, list[int]] = {}
    for y, a, k, *counts in rows:
        targets = [(by_area, (y, a, None))] + (
            [] if k == by_area_only else [(by_unit, (y, None, k))]
        )
        for table, key in targets:
            sums = table.setdefault(key, [0] * len(counts))
            for i, n in enumerate(counts):
                sums[i] += n
    return [(*key, *counts) for table in (by_area, by_unit) for key, counts in table.items()]


def _record_groups(user, unit, roots, first_year: int, last_year: int, grouping: str):
    """The same groups computed from the records (the rollups' check and the benchmarks' floor):
    two grouped queries, activities and sessions."""
    period = {
        "start_date__gte": datetime.date(first_year, 1, 1),
        "start_date__lt": datetime.date(last_year + 1, 1, 1),
    }
    activities = (
        Activity.objects.for_user(user)
        .filter(under(roots, "centre__commune__path"), **period)
        .order_by()
        .annotate(y=ExtractYear("start_date"), k=_sub_unit(unit, "centre__commune", grouping))
        .values_list("y", "content_area", "k")
        .annotate(
            classes=Count("pk", filter=Q(kind=Activity.Kind.CLASS)),
            talks=Count("pk", filter=Q(kind=Activity.Kind.TALK)),
        )
    )
    # The same conditions as `activities`, written on the session's joins (no IN subquery).
    sessions = (
        Session.objects.for_user(user)
        .filter(
            under(roots, "activity__centre__commune__path"),
            **{f"activity__{name}": value for name, value in period.items()},
        )
        .order_by()
        .annotate(
            y=ExtractYear("activity__start_date"),
            k=_sub_unit(unit, "activity__centre__commune", grouping),
        )
        .values_list("y", "activity__content_area", "k")
        .annotate(
            n=Count("pk"),
            v=Coalesce(Sum("participants"), 0),
            w=Coalesce(Sum("participants_women"), 0),
            m=Coalesce(Sum("participants_minority"), 0),
        )
    )
    groups = {(y, a, k): [classes, talks, 0, 0, 0, 0] for y, a, k, classes, talks in activities}
    for y, a, k, *counts in sessions:
        groups.setdefault((y, a, k), [0, 0, 0, 0, 0, 0])[2:] = counts
    return _both_ways((y, a, k, *counts) for (y, a, k), counts in groups.items())


def units_with_centres(user, unit, roots, first_year: int, last_year: int, grouping: str):
    """The sub-units (rows) of the summary that had a centre open during the years, so that
    one with nothing recorded shows as 0 instead of missing (one query)."""
    first, last = datetime.date(first_year, 1, 1), datetime.date(last_year, 12, 31)
    return set(
        Centre.objects.for_user(user)
        .filter(under(roots, "commune__path"), open_between(first, last))
        .annotate(k=_sub_unit(unit, "commune", grouping))
        .values_list("k", flat=True)
        .distinct()
        .order_by()
    )


def activity_summary(
    user,
    unit: AdministrativeUnit,
    first_year: int,
    last_year: int,
    grouping: str = AS_THEN,
    *,
    from_records: bool = False,
    groups=rollup_groups,
    units=units_with_centres,
) -> ActivitySummary:
    """Classes, talks, sessions and participant-visits under a unit over a period of years.

    A few grouped queries over the rollups by year and content area, and by year and sub-unit
    (`groups`: another reader of them, e.g. one that caches each year; `from_records`: the same
    groups from the records); the three tables are sums of those groups, so each total equals
    the sum of its rows. `units`: another reader of the sub-units with a centre open then.
    """
    roots = report_roots(unit)  # the unit and the units it was formed from
    years = range(first_year, last_year + 1)
    if from_records:
        found = _record_groups(user, unit, roots, first_year, last_year, grouping)
    else:
        found = groups(user, unit, roots, years, grouping)
    sums: dict[tuple, list[int]] = {}  # ("year"|"area"|"unit", key) → the six figures
    for year, area, key, *counts in found:
        targets = (("year", year), ("area", area)) if key is None else (("unit", key),)
        for target in targets:
            total = sums.setdefault(target, [0] * 6)
            for i, n in enumerate(counts):
                total[i] += n
    by_year = {y: ActivityRow(y, str(y), *sums.get(("year", y), [0] * 6)) for y in years}
    by_area = {k: ActivityRow(k, "", *v) for (t, k), v in sums.items() if t == "area"}
    by_unit = {k: ActivityRow(k, "", *v) for (t, k), v in sums.items() if t == "unit"}
    for key in units(user, unit, roots, first_year, last_year, grouping):
        by_unit.setdefault(key, ActivityRow(key, "", *[0] * 6))  # nothing recorded: a row of 0
    area_names = {a.pk: a for a in ContentArea.objects.filter(pk__in=by_area)}
    for row in by_area.values():
        row.name = area_names[row.key].name
    unit_names = _names(by_unit)
    for row in by_unit.values():
        row.name = unit_names[row.key].name
    published = {}
    for year, figures in published_figures(unit, by_year).items():
        row = by_year[year]
        if figures.has_activities and not (row.activities or row.sessions):
            by_year[year] = ActivityRow(
                year, str(year), *(getattr(figures, n) or 0 for n in ACTIVITY_FIELDS),
                unknown=frozenset(n for n in ACTIVITY_FIELDS if getattr(figures, n) is None),
            )  # fmt: skip
            published[year] = figures.source
    years = [by_year[y] for y in range(first_year, last_year + 1)]
    total = ActivityRow(None, unit.name)
    for row in years:
        total.add(row)
    return ActivitySummary(
        unit, first_year, last_year, years,
        sorted(by_area.values(), key=lambda r: (area_names[r.key].order, area_names[r.key].name)),
        sorted(by_unit.values(), key=lambda r: unit_names[r.key].path),
        total, timezone.now(), grouping=grouping, published=published,
    )  # fmt: skip


def unit_extras(user, unit: AdministrativeUnit, year: int) -> dict:
    """Board completeness under a unit: the centres open in the year without a current
    director."""
    centres = Centre.objects.for_user(user).filter(
        under(report_roots(unit), "commune__path"), open_during(year)
    )
    directors = BoardMember.objects.current().filter(
        centre__in=centres, position=BoardMember.Position.DIRECTOR
    )
    counts = centres.aggregate(
        n=Count("pk"), without_director=Count("pk", filter=~Q(pk__in=directors.values("centre_id")))
    )
    return {"centres": counts["n"], "without_director": counts["without_director"]}


@dataclass
class CentreReport:
    centre: Centre
    year: int
    board: list
    staff: list
    activities: list
    activity_total: dict
    plan: dict
    rating: Rating | None
    grade_result: object
    read_at: datetime.datetime


def centre_report(user, centre: Centre, year: int) -> CentreReport:
    """One centre's year: profile, board, staff, activities, plan versus done, funding, grade."""
    from activities.selectors import activity_totals, plan_versus_done, with_counts
    from ratings.services import grade_of

    activities = Activity.objects.filter(centre=centre).in_year(year)
    rating = (
        Rating.objects.filter(centre=centre, year=year, kind=Kind.CENTRE)
        .select_related("rubric")
        .first()
    )
    reviewed = rating is not None and rating.rubric_id and rating.status == Rating.Status.APPROVED
    staff = dict(
        Staff.objects.filter(centre=centre, is_active=True)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    return CentreReport(
        centre=centre,
        year=year,
        board=list(
            BoardMember.objects.current().filter(centre=centre).order_by("position", "full_name")
        ),
        staff=[(label, staff.get(kind, 0)) for kind, label in Staff.Kind.choices],
        activities=list(with_counts(activities).order_by("start_date", "pk")),
        activity_total=activity_totals(activities),
        plan=plan_versus_done(centre, year),
        rating=rating,
        grade_result=grade_of(rating) if reviewed else None,
        read_at=timezone.now(),
    )
