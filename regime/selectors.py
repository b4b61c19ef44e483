"""Reads of the reporting regime: the periods a user sees, a centre's computed figures for a
period, and a period's completeness (every centre's state) in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

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


def _session_counts(sessions: QuerySet, *group) -> QuerySet:
    return (
        sessions.values(*group)
        .annotate(
            classes=Count("activity", distinct=True, filter=Q(activity__kind=Activity.Kind.CLASS)),
            talks=Count("activity", distinct=True, filter=Q(activity__kind=Activity.Kind.TALK)),
            sessions=Count("pk"),
            visits=Coalesce(Sum("participants"), 0),
            women=Coalesce(Sum("participants_women"), 0),
            minority=Coalesce(Sum("participants_minority"), 0),
        )
        .order_by()
    )


def centre_figures(period: ReportingPeriod, centre: Centre) -> Figures:
    """What the centre's records say for the period: activities with a session in it, their
    sessions and lượt người by content area (every area in use shown, 0 where none)."""
    sessions = Session.objects.filter(_sessions_in(period), activity__centre=centre)
    by_area = {
        r["activity__content_area"]: r for r in _session_counts(sessions, "activity__content_area")
    }
    totals = _session_counts(sessions).first() or {}
    rows = [
        {"name": area.name, **{k: by_area.get(area.pk, {}).get(k, 0) for k in FIGURES}}
        for area in ContentArea.objects.filter(Q(is_active=True) | Q(pk__in=by_area))
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


def completeness(
    period: ReportingPeriod, *, state: str = "", unit_path: str = "", today=None
) -> tuple[list[Centre], dict[str, int]]:
    """Every centre of the period with its report's state, days late and figures (0 where
    nothing was recorded), and the count of each state: four queries whatever the size."""
    today = today or datetime.date.today()
    reports = PeriodReport.objects.filter(period=period, centre=OuterRef("pk"))
    centres = period_centres(period).annotate(
        state=Coalesce(
            Subquery(reports.values("status")[:1]), Value(NOT_STARTED), output_field=CharField()
        ),
        submitted_at=Subquery(reports.values("submitted_at")[:1], output_field=DateTimeField()),
    )
    if unit_path:
        centres = centres.filter(commune__path__startswith=unit_path)
    whens = [When(submitted_at__date__gt=period.deadline, then=1)]
    if today > period.deadline:
        whens.insert(0, When(state__in=UNSUBMITTED, then=1))
    late = Case(*whens, default=0, output_field=IntegerField())
    counts = {
        row["state"]: row["n"] for row in centres.values("state").annotate(n=Count("pk")).order_by()
    }
    counts["late"] = centres.aggregate(n=Coalesce(Sum(late), 0))["n"]
    counts["all"] = sum(counts.get(s, 0) for s in [NOT_STARTED, *PeriodReport.Status.values])
    if state == "late":
        centres = centres.annotate(is_late=late).filter(is_late=1)
    elif state:
        centres = centres.filter(state=state)
    rows = list(centres.select_related("commune__parent").order_by("commune__path"))
    figures = {
        r["activity__centre"]: r
        for r in _session_counts(
            Session.objects.filter(_sessions_in(period), activity__centre__in=centres.values("pk")),
            "activity__centre",
        )
    }
    for centre in rows:
        centre.figures = {k: figures.get(centre.pk, {}).get(k, 0) for k in FIGURES}
        centre.days_late = days_late(period, centre.state, centre.submitted_at, today)
    return rows, counts


def days_late(period, state, submitted_at, today) -> int:
    """Days past the deadline: until today while unsubmitted, until the submission otherwise."""
    until = today if state in UNSUBMITTED else submitted_at.date() if submitted_at else today
    return max(0, (until - period.deadline).days)
