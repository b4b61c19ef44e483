import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from centres.models import AdministrativeUnit, Centre
from centres.permissions import can_change_centre
from core.text import whole_number

from .. import selectors, services
from ..forms import ActivityFilterForm, ActivityForm, LearnerForm, SessionForm
from ..models import Activity, Learner, Mark, Session
from ..permissions import ensure_can_change_records, lock_reason

PAGE_SIZE = 50


@require_safe
def activity_list(request):
    user = request.user
    centres = Centre.objects.for_user(user)
    single_centre = centres.count() == 1
    years = selectors.available_years(user)
    data = request.GET.copy()
    data.setdefault("year", str(years[0]))
    filters = ActivityFilterForm(
        data, years=years, user=None if single_centre else user, viewer=user
    )
    criteria = filters.cleaned_data if filters.is_valid() else {"year": years[0]}
    if "unit" in filters.errors:
        raise Http404  # a unit outside the user's scope does not exist for them
    if single_centre and request.GET.get("unit"):
        # No unit filter is shown to a one-centre user, but a unit outside the scope is still
        # refused rather than ignored (its export link would be a dead end).
        get_object_or_404(
            AdministrativeUnit.objects.for_user(user), pk=whole_number(request.GET["unit"])
        )
    centre_pk = request.GET.get("centre", "")
    centre = get_object_or_404(centres, pk=whole_number(centre_pk)) if centre_pk else None
    activities = selectors.activity_list(
        user,
        year=criteria["year"],
        first_year=criteria.get("first_year"),
        centre=centre,
        kind=criteria.get("kind", ""),
        content_area=criteria.get("content_area"),
        unit=criteria.get("unit"),
        search=criteria.get("q", "").strip(),
    )
    page = selectors.activity_page(activities, request.GET.get("page"))
    if criteria.get("kind") or criteria.get("q", "").strip():
        # Filters the rollups do not keep: the figures from the records.
        totals = selectors.activity_totals(activities)
        per_centre = None if single_centre else selectors.centre_totals(activities)
    else:
        totals, per_centre = selectors.rollup_totals(
            user, year=criteria["year"], first_year=criteria.get("first_year"),
            content_area=criteria.get("content_area"), centre=centre, unit=criteria.get("unit"),
        )  # fmt: skip
    query = data.copy()
    query.pop("page", None)
    others = query.copy()
    others.pop("centre", None)  # links that choose a centre replace the chosen one
    # The centre new records go to: the one chosen, else the user's only centre.
    target = centre if centre and can_change_centre(user, centre) else None
    target = target or _only_editable_centre(user, centres)
    return render(
        request,
        "activities/activity_list.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "query_without_centre": others.urlencode(),
            "year": criteria["year"],
            "first_year": criteria.get("first_year"),
            "centre": centre,
            "totals": totals,
            "per_centre": None if single_centre else per_centre,
            "can_create": target is not None,
            "import_centre": target,
        },
    )


@require_safe
def activity_detail(request, pk: int):
    activity = get_object_or_404(selectors.activity_detail(request.user, pk))
    sessions = list(activity.sessions.all())
    # The lock is read once: the page shows why its edit buttons are gone.
    editor = can_change_centre(request.user, activity.centre)
    locked = editor and lock_reason(
        activity.centre, activity.year, activity.start_date, activity.end_date
    )
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "sessions": sessions,
            "enrolments": list(activity.enrolments.all()),
            "visits": sum(s.participants for s in sessions),
            "can_change": editor and not locked,
            "locked": locked,
        },
    )


def _only_editable_centre(user, centres) -> Centre | None:
    """The centre the user edits when it is the only one they can see (commune staff)."""
    first_two = list(centres.select_related("commune")[:2])
    if len(first_two) == 1 and can_change_centre(user, first_two[0]):
        return first_two[0]
    return None


def _editable_centre(request) -> Centre:
    """The centre a new activity is for: ?centre=<pk>, or the user's only centre."""
    centres = Centre.objects.for_user(request.user).select_related("commune")
    pk = request.GET.get("centre") or request.POST.get("centre")
    if pk:
        number = whole_number(pk)
        centre = get_object_or_404(centres, pk=number) if number else None
    else:
        centre = _only_editable_centre(request.user, centres)
    if centre is None:
        messages.info(request, _("Open the centre the activity belongs to, then add it there."))
        return None
    if not can_change_centre(request.user, centre):
        raise PermissionDenied
    return centre


def activity_create(request):
    centre = _editable_centre(request)
    if centre is None:
        return redirect("centres:list")
    form = ActivityForm(request.POST or None, centre=centre)
    if form.is_valid():
        new = form.instance
        ensure_can_change_records(request.user, centre, new.year, new.start_date, new.end_date)
        activity = form.save()
        messages.success(request, _("The activity was created."))
        return redirect(activity)
    return render(request, "activities/activity_form.html", {"form": form, "centre": centre})


def changeable_activity(request, pk: int) -> Activity:
    activity = get_object_or_404(
        Activity.objects.for_user(request.user).select_related("centre__commune"), pk=pk
    )
    ensure_can_change_records(
        request.user, activity.centre, activity.year, activity.start_date, activity.end_date
    )
    return activity


def activity_update(request, pk: int):
    activity = changeable_activity(request, pk)
    form = ActivityForm(request.POST or None, instance=activity, centre=activity.centre)
    if form.is_valid():
        new = form.instance
        ensure_can_change_records(
            request.user, activity.centre, new.year, new.start_date, new.end_date
        )
        form.save()
        messages.success(request, _("The activity was saved."))
        return redirect(activity)
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "centre": activity.centre, "activity": activity},
    )


def session_edit(request, activity_pk: int, pk: int | None = None):
    activity = changeable_activity(request, activity_pk)
    session = get_object_or_404(activity.sessions, pk=pk) if pk else Session(activity=activity)
    form = SessionForm(request.POST or None, instance=session, activity=activity)
    if form.is_valid():
        session = form.save()
        messages.success(request, _("The session was saved."))
        if activity.is_class and not pk:
            return redirect("activities:attendance", session.pk)
        return redirect(activity)
    return render(
        request,
        "activities/session_form.html",
        {"form": form, "activity": activity, "session": session},
    )


def _walk_in(request, session, learner):
    """Enrol a learner met at the door and mark them present; nothing saved if refused."""
    try:
        services.add_walk_in(session=session, learner=learner, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s was added and marked present.") % {"name": learner})
    return redirect("activities:attendance", session.pk)


def attendance(request, pk: int):
    session = get_object_or_404(
        Session.objects.for_user(request.user).select_related("activity__centre__commune"), pk=pk
    )
    activity = session.activity
    if not activity.is_class:
        return redirect("activities:session_update", activity.pk, session.pk)
    # Everyone who sees the session reads its sheet; its editors change it while the year is
    # open and once the session has taken place.
    locked = lock_reason(activity.centre, activity.year, activity.start_date, activity.end_date)
    editable = can_change_centre(request.user, activity.centre) and not locked
    upcoming = session.date > datetime.date.today()
    if request.method == "POST":
        # ensure_can_change_records' two checks, with the lock already read above
        if not can_change_centre(request.user, activity.centre):
            raise PermissionDenied
        if locked:
            raise PermissionDenied(locked)
        if upcoming:
            raise PermissionDenied(_("Attendance is taken once the session has taken place."))
    walk_in = LearnerForm(prefix="new", centre=activity.centre)
    if request.method == "POST" and "add_walk_in" in request.POST:
        walk_in = LearnerForm(request.POST, prefix="new", centre=activity.centre)
        existing = request.POST.get("existing_learner")
        if existing:
            learner = get_object_or_404(
                Learner.objects.filter(centre=activity.centre), pk=whole_number(existing)
            )
            return _walk_in(request, session, learner)
        if walk_in.is_valid():
            return _walk_in(request, session, walk_in.save(commit=False))
    elif request.method == "POST":
        statuses = {}
        for key, value in request.POST.items():
            learner_id = whole_number(key[7:]) if key.startswith("status-") else None
            if learner_id is not None and value:
                statuses[learner_id] = value
        try:
            services.save_attendance(
                session=session,
                statuses=statuses,
                mark_all_present="mark_all" in request.POST,
                user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Attendance saved: %(count)s present.") % {"count": session.participants},
            )
            return redirect("activities:attendance", session.pk)
    return render(
        request,
        "activities/attendance.html",
        {
            "session": session,
            "activity": activity,
            "rows": selectors.attendance_sheet(session),
            "statuses": Mark.Status.choices,
            "walk_in": walk_in,
            "editable": editable and not upcoming,
            "upcoming": upcoming,
            "locked": locked,
        },
    )


def session_delete(request, activity_pk: int, pk: int):
    """Delete a session recorded by mistake, with its attendance marks (POST only)."""
    activity = changeable_activity(request, activity_pk)
    session = get_object_or_404(activity.sessions, pk=pk)
    if request.method == "POST":
        session.delete()
        messages.success(request, _("The session was deleted."))
        return redirect(activity)
    return render(
        request,
        "activities/confirm_delete.html",
        {"object": session, "activity": activity, "cancel": activity.get_absolute_url()},
    )


def activity_delete(request, pk: int):
    """Delete an activity recorded by mistake, with its sessions and attendance (POST only)."""
    activity = changeable_activity(request, pk)
    if request.method == "POST":
        activity.delete()
        messages.success(request, _("The activity was deleted."))
        return redirect(f"{redirect('activities:list').url}?centre={activity.centre_id}")
    return render(
        request,
        "activities/confirm_delete.html",
        {"object": activity, "activity": activity, "cancel": activity.get_absolute_url()},
    )
