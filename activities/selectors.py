"""Read functions of the activities app, scoped to the user."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from centres.models import Centre
from centres.selectors import report_roots, under

from .models import Activity, ActivityRollup, Enrolment, Mark, Session


def _filtered(rows: QuerySet, content_area, centre, unit) -> QuerySet:
    """Activities or their rollups of a content area, a centre, a unit (and the units it was
    formed from), as chosen."""
    if content_area is not None:
        rows = rows.filter(content_area=content_area)
    if centre is not None:
        rows = rows.filter(centre=centre)
    if unit is not None:
        rows = rows.filter(under(report_roots(unit), "centre__commune__path"))
    return rows


def activity_list(
    user,
    *,
    year: int,
    first_year: int | None = None,
    kind: str = "",
    content_area=None,
    centre: Centre | None = None,
    unit=None,
    search: str = "",
) -> QuerySet[Activity]:
    """The user's activities of a year (or of the years from `first_year`), filtered. A unit
    covers the units it was formed from, as the reports count them."""
    first_year = min(first_year or year, year)
    activities = Activity.objects.for_user(user).filter(
        start_date__gte=datetime.date(first_year, 1, 1),
        start_date__lt=datetime.date(year + 1, 1, 1),
    )
    activities = _filtered(activities, content_area, centre, unit)
    if kind:
        activities = activities.filter(kind=kind)
    if search:
        activities = activities.filter(Q(title__icontains=search) | Q(partner__icontains=search))
    return activities


def with_counts(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """Rows for a list page: related names loaded, session and participant-visit counts."""
    return activities.select_related("centre__commune", "content_area").annotate(
        session_count=Count("sessions"),
        visits=Coalesce(Sum("sessions__participants"), 0),
    )


def activity_totals(activities: QuerySet[Activity]) -> dict:
    """Counts of classes and talks, sessions and participant-visits over the filtered rows."""
    totals = activities.aggregate(
        activities=Count("pk"),
        classes=Count("pk", filter=Q(kind=Activity.Kind.CLASS)),
        talks=Count("pk", filter=Q(kind=Activity.Kind.TALK)),
    )
    totals |= Session.objects.filter(activity__in=activities.values("pk")).aggregate(
        sessions=Count("pk"),
        visits=Coalesce(Sum("participants"), 0),
        women=Coalesce(Sum("participants_women"), 0),
        minority=Coalesce(Sum("participants_minority"), 0),
    )
    return totals


def centre_totals(activities: QuerySet[Activity]) -> list[dict]:
    """Per-centre counts of the filtered activities, for district and province users."""
    per_centre = {
        row["centre"]: row
        for row in activities.order_by()
        .values("centre", "centre__commune__name", "centre__commune__path")
        .annotate(activities=Count("pk"))
    }
    for row in (
        Session.objects.filter(activity__in=activities.values("pk"))
        .order_by()
        .values("activity__centre")
        .annotate(sessions=Count("pk"), visits=Coalesce(Sum("participants"), 0))
    ):
        per_centre[row["activity__centre"]] |= {
            "sessions": row["sessions"],
            "visits": row["visits"],
        }
    return sorted(per_centre.values(), key=lambda r: r["centre__commune__path"])


def rollup_totals(
    user, *, year: int, first_year=None, content_area=None, centre=None, unit=None
) -> tuple[dict, list[dict]]:
    """activity_totals and centre_totals of activity_list's rows, read from the rollups: the
    same figures for the filters the rollups keep (years, content area, centre, unit; not a
    kind or a search), from a few rows per centre instead of a year of sessions."""
    rows = ActivityRollup.objects.for_user(user).filter(
        year__gte=min(first_year or year, year), year__lte=year
    )
    rows = _filtered(rows, content_area, centre, unit)
    per_centre = list(
        rows.order_by("centre__commune__path")
        .values("centre", "centre__commune__name", "centre__commune__path")
        .annotate(
            classes=Sum("classes"), talks=Sum("talks"), sessions=Sum("sessions"),
            visits=Sum("visits"), women=Sum("women"), minority=Sum("minority"),
        )
    )  # fmt: skip
    names = ("classes", "talks", "sessions", "visits", "women", "minority")
    totals = {name: sum(row[name] for row in per_centre) for name in names}
    totals["activities"] = totals["classes"] + totals["talks"]
    for row in per_centre:
        row["activities"] = row["classes"] + row["talks"]
    return totals, per_centre


def activity_detail(user, pk: int) -> QuerySet[Activity]:
    """The activity with its sessions and learner list, in a fixed number of queries."""
    return (
        Activity.objects.for_user(user)
        .filter(pk=pk)
        .select_related("centre__commune__parent", "content_area", "instructor")
        .prefetch_related(
            Prefetch("sessions", queryset=Session.objects.order_by("date", "start_time", "pk")),
            Prefetch(
                "enrolments",
                queryset=Enrolment.objects.select_related("learner").order_by(
                    "learner__search_name"
                ),
            ),
        )
    )


@dataclass(frozen=True)
class SheetLearner:
    """What the sheet shows of a learner (read as values: sixty model instances cost more)."""

    pk: int
    full_name: str
    birth_year: int | None
    search_name: str


def attendance_sheet(session: Session) -> list[dict]:
    """The class list with each learner's saved mark at this session (two queries): learners on
    the list, and those taken off it who have a mark here."""
    saved = dict(Mark.objects.filter(session=session).values_list("learner_id", "status"))
    enrolments = Enrolment.objects.filter(activity_id=session.activity_id).values_list(
        "learner_id", "withdrawn_on", "learner__full_name", "learner__birth_year",
        "learner__search_name",
    )  # fmt: skip
    rows = [
        {"learner": SheetLearner(pk, name, born, search), "status": saved.get(pk, "")}
        for pk, left, name, born, search in enrolments
        if left is None or pk in saved
    ]
    return sorted(rows, key=lambda r: (r["learner"].search_name, r["learner"].pk))


def activity_page(activities: QuerySet[Activity], number) -> Page:
    """One page of the list: counted and sliced on the bare rows, then only its 50 rows get
    their related names and session counts (the grouped join never runs over the whole year)."""
    page = Paginator(activities.order_by("-start_date", "title", "pk"), 50).get_page(number)
    ids = [activity.pk for activity in page.object_list]
    rows = {a.pk: a for a in with_counts(Activity.objects.filter(pk__in=ids))}
    page.object_list = [rows[pk] for pk in ids]
    return page


def available_years(user) -> list[int]:
    """Years from the first activity the user may see to now (another province's records say
    nothing to them, not even when they began)."""
    first = (
        Activity.objects.for_user(user)
        .order_by("start_date")
        .values_list("start_date", flat=True)
        .first()
    )
    this_year = datetime.date.today().year
    start = min(first.year if first else this_year, this_year)
    return list(range(this_year, start - 1, -1))


def plan_versus_done(centre: Centre, year: int) -> dict:
    """The year's plan per content area beside the classes, talks and visits actually held."""
    from .models import AnnualPlan, ContentArea, Funding, LearningModelCount, PlanItem

    plan = AnnualPlan.objects.filter(centre=centre, year=year).first()
    planned = {
        item.content_area_id: item
        for item in PlanItem.objects.filter(plan=plan).select_related("content_area")
    }
    activities = Activity.objects.filter(centre=centre).in_year(year)
    done = {
        row["content_area"]: row
        for row in activities.order_by()
        .values("content_area")
        .annotate(
            classes=Count("pk", filter=Q(kind=Activity.Kind.CLASS)),
            talks=Count("pk", filter=Q(kind=Activity.Kind.TALK)),
        )
    }
    visits = dict(
        Session.objects.filter(activity__in=activities.values("pk"))
        .order_by()
        .values("activity__content_area")
        .annotate(n=Sum("participants"))
        .values_list("activity__content_area", "n")
    )
    rows = []
    for area in ContentArea.objects.all():
        item, held = planned.get(area.pk), done.get(area.pk, {})
        if item is None and not held:
            continue
        rows.append(
            {
                "area": area,
                "people_needing": item.people_needing if item else 0,
                "planned_classes": item.planned_classes if item else 0,
                "planned_talks": item.planned_talks if item else 0,
                "classes": held.get("classes", 0),
                "talks": held.get("talks", 0),
                "visits": visits.get(area.pk) or 0,
            }
        )
    keys = ["people_needing", "planned_classes", "planned_talks", "classes", "talks", "visits"]
    return {
        "plan": plan,
        "rows": rows,
        "totals": {key: sum(row[key] for row in rows) for key in keys},
        "funding": Funding.objects.filter(centre=centre, year=year).first(),
        "learning_models": LearningModelCount.objects.filter(centre=centre, year=year).first(),
    }
