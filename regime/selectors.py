"""Reads of the reporting regime: the periods a user sees, a centre's computed figures for a
period, and a period's completeness (every centre's state) in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from activities.models import Activity, ContentArea, Funding, LearningModelCount, Session
from centres.lifetime import open_between
from centres.models import Centre
from centres.scope import EDITING_ROLES, scope_of

from .models import PeriodReport, ReportingPeriod

NOT_STARTED = "not_started"
UNSUBMITTED = {NOT_STARTED, PeriodReport.Status.DRAFT, PeriodReport.Status.RETURNED}
FIGURES = ("classes", "talks", "sessions", "visits", "women", "minority")


def visible_periods(user) -> QuerySet[ReportingPeriod]:
    """Periods over the user's units, and those over the centres the user edits."""
    scope = scope_of(user)
    periods = ReportingPeriod.objects.for_user(user)
    prefixes = set()
    for root in scope.roots(EDITING_ROLES):
        parts = root.strip("/").split("/")
        prefixes |= {"/".join(parts[:n]) + "/" for n in range(1, len(parts))}
    if prefixes:
        periods = periods | ReportingPeriod.objects.filter(unit__path__in=prefixes)
    return periods.select_related("unit").distinct()


def own_centres(user, roles=EDITING_ROLES) -> QuerySet[Centre]:
    """The centres the user edits with these roles (a commune's staff: one)."""
    return (
        scope_of(user)
        .filter(Centre.objects.all(), "commune__path", roles, write=True)
        .select_related("commune")
        .order_by("commune__path")[:20]
    )


def period_centres(period: ReportingPeriod) -> QuerySet[Centre]:
    """The centres a period asks a report of: under its unit, open on a day of the period."""
    return Centre.objects.filter(
        open_between(period.starts_on, period.ends_on),
        commune__path__startswith=period.unit.path,
    )


@dataclass
class Figures:
    rows: list[dict]  # per content area: name and FIGURES
    total: dict
    models: dict = field(default_factory=dict)  # learning models of the period's last year
    funding: dict = field(default_factory=dict)


def _sessions_in(period: ReportingPeriod) -> Q:
    return Q(date__gte=period.starts_on, date__lte=period.ends_on)


def _counts() -> dict:
    return {
        "classes": Count("activity", distinct=True, filter=Q(activity__kind=Activity.Kind.CLASS)),
        "talks": Count("activity", distinct=True, filter=Q(activity__kind=Activity.Kind.TALK)),
        "sessions": Count("pk"),
        "visits": Coalesce(Sum("participants"), 0),
        "women": Coalesce(Sum("participants_women"), 0),
        "minority": Coalesce(Sum("participants_minority"), 0),
    }


def _session_counts(sessions: QuerySet, *group) -> QuerySet:
    return sessions.values(*group).annotate(**_counts()).order_by()


def centre_figures(period: ReportingPeriod, centre: Centre) -> Figures:
    """What the centre's records say for the period: activities with a session in it, their
    sessions and lượt người by content area (every area in use shown, 0 where none)."""
    sessions = Session.objects.filter(_sessions_in(period), activity__centre=centre)
    by_area = {
        r["activity__content_area"]: r for r in _session_counts(sessions, "activity__content_area")
    }
    totals = sessions.aggregate(**_counts())
    rows = [
        {"name": area.name, **{k: by_area.get(area.pk, {}).get(k, 0) for k in FIGURES}}
        for area in ContentArea.objects.of_province(
            centre.commune.path.split("/", 1)[0] + "/"
        ).filter(Q(is_active=True) | Q(pk__in=by_area))
    ]
    year = period.ends_on.year
    models = (
        LearningModelCount.objects.filter(centre=centre, year=year)
        .values("families", "clans", "communities", "units", "citizens")
        .first()
    )
    funding = (
        Funding.objects.filter(centre=centre, year=year)
        .values(
            "state_budget", "commune_budget", "social_contributions", "other_sources", "spending"
        )
        .first()
    )
    return Figures(rows, {k: totals.get(k, 0) for k in FIGURES}, models or {}, funding or {})


@dataclass
class CentreState:
    """One centre's line on the completeness page."""

    pk: int
    name: str
    commune: str
    code: str
    unit: str
    state: str
    submitted_at: datetime.datetime | None
    days_late: int
    figures: dict = field(default_factory=dict)


def completeness(
    period: ReportingPeriod, *, state: str = "", unit_path: str = "", today=None
) -> tuple[list[CentreState], dict[str, int]]:
    """Every centre of the period with its report's state and days late, and the count of each
    state (of the sub-unit chosen, whatever the state filter): two queries, read as tuples.
    The centres' figures are added by `with_figures` for the rows shown."""
    today = today or datetime.date.today()
    centres = period_centres(period)
    if unit_path:
        centres = centres.filter(commune__path__startswith=unit_path)
    reports = {
        centre: (status, submitted)
        for centre, status, submitted in PeriodReport.objects.filter(period=period).values_list(
            "centre_id", "status", "submitted_at"
        )
    }
    rows = []
    for pk, name, commune, code, unit in centres.order_by("commune__path").values_list(
        "pk", "name", "commune__name", "commune__code", "commune__parent__name"
    ):
        status, submitted = reports.get(pk, (NOT_STARTED, None))
        late = days_late(period, status, submitted, today)
        rows.append(CentreState(pk, name, commune, code, unit or "", status, submitted, late))
    counts = dict.fromkeys([NOT_STARTED, *PeriodReport.Status.values], 0)
    for row in rows:  # the rows are read for the page anyway: counted as they are listed
        counts[row.state] += 1
    counts["late"] = sum(1 for row in rows if row.days_late)
    counts["all"] = len(rows)
    if state == "late":
        rows = [row for row in rows if row.days_late]
    elif state:
        rows = [row for row in rows if row.state == state]
    return rows, counts


def with_figures(period: ReportingPeriod, rows: list[CentreState]) -> list[CentreState]:
    """The rows with their classes, talks, sessions and lượt người in the period (0 where
    nothing was recorded): one query for the rows given (a page)."""
    figures = {
        r["activity__centre"]: r
        for r in _session_counts(
            Session.objects.filter(_sessions_in(period), activity__centre__in=[r.pk for r in rows]),
            "activity__centre",
        )
    }
    for row in rows:
        row.figures = {k: figures.get(row.pk, {}).get(k, 0) for k in FIGURES}
    return rows


def days_late(period, state, submitted_at, today) -> int:
    """Days past the deadline: until today while unsubmitted, until the submission otherwise."""
    if state in UNSUBMITTED or submitted_at is None:
        until = today
    else:
        until = timezone.localdate(submitted_at)  # the day in Việt Nam, not in UTC
    return max(0, (until - period.deadline).days)
