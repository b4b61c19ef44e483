import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.text import whole_number
from core.years import FIRST_YEAR, last_year

from . import lineage, onboarding, selectors, todo
from .forms import (
    AssignmentFormSet,
    BoardMemberForm,
    CentreFilterForm,
    CentreForm,
    LineageForm,
    StaffForm,
    TrainingCourseFormSet,
    UserCreateForm,
    UserUpdateForm,
)
from .models import AdministrativeUnit, BoardMember, Centre, Staff
from .models.assignments import user_assignments
from .permissions import (
    can_change_centre,
    can_change_email,
    can_create_centre,
    can_edit_user,
    can_manage_users,
)

PAGE_SIZE = 50


@require_safe
def dashboard(request):
    return render(
        request,
        "centres/dashboard.html",
        {
            "own_centres": selectors.own_centres(request.user),
            "summaries": onboarding.with_gaps(
                request.user, selectors.dashboard_summaries(request.user)
            ),
            "todo": todo.items_for(request.user),
        },
    )


@require_safe
def centre_list(request):
    filters = CentreFilterForm(request.GET or None, user=request.user)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    if filters.is_bound and "unit" in filters.errors:
        raise Http404  # a unit outside the user's scope does not exist for them
    centres = selectors.centre_list(
        request.user,
        unit=criteria.get("unit"),
        status=criteria.get("status", ""),
        search=criteria.get("q", "").strip(),
    )
    page = Paginator(centres, PAGE_SIZE).get_page(request.GET.get("page"))
    covered = criteria.get("unit") or next(
        (a.unit for a in user_assignments(request.user) if a.unit.level != "commune"), None
    )
    uncovered = (
        selectors.communes_without_centre(request.user, covered).count()
        if covered is not None and covered.level != "commune"
        else None
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "centres/centre_list.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "can_create": can_create_centre(request.user),
            "covered": covered,
            "uncovered": uncovered,
        },
    )


@require_safe
def centre_detail(request, pk: int):
    centre = get_object_or_404(selectors.centre_detail(request.user, pk))
    board = list(centre.board_members.all())
    return render(
        request,
        "centres/centre_detail.html",
        {
            "centre": centre,
            "current_board": [m for m in board if m.is_current],
            "past_board": [m for m in board if not m.is_current],
            "history": selectors.centre_history(centre),
            "can_change": can_change_centre(request.user, centre),
            "this_year": timezone.localdate().year,
            "proposals": []
            if centre.merged_from.all()
            else list(lineage.proposed_predecessors(centre.commune)),
        },
    )


def centre_create(request):
    if not can_create_centre(request.user):
        raise PermissionDenied
    form = CentreForm(request.POST or None, user=request.user)
    if form.is_valid():
        centre = form.save()
        messages.success(request, _("The centre was created."))
        return redirect(centre)
    return render(request, "centres/centre_form.html", {"form": form})


def _changeable_centre(request, pk: int) -> Centre:
    centre = get_object_or_404(
        Centre.objects.for_user(request.user).select_related("commune"), pk=pk
    )
    if not can_change_centre(request.user, centre):
        raise PermissionDenied
    return centre


def centre_update(request, pk: int):
    centre = _changeable_centre(request, pk)
    form = CentreForm(
        request.POST or None,
        instance=centre,
        user=request.user,
        propose=request.GET.get("propose") == "1",
    )
    if form.is_valid():
        form.save()
        messages.success(request, _("The centre was saved."))
        return redirect(centre)
    return render(request, "centres/centre_form.html", {"form": form, "centre": centre})


def board_member_edit(request, centre_pk: int, pk: int | None = None):
    centre = _changeable_centre(request, centre_pk)
    member = get_object_or_404(centre.board_members, pk=pk) if pk else BoardMember(centre=centre)
    form = BoardMemberForm(request.POST or None, instance=member, centre=centre)
    if form.is_valid():
        form.save()
        messages.success(request, _("The board member was saved."))
        return redirect(member)
    return render(
        request, "centres/boardmember_form.html", {"form": form, "centre": centre, "member": member}
    )


def staff_edit(request, centre_pk: int, pk: int | None = None):
    centre = _changeable_centre(request, centre_pk)
    staff = get_object_or_404(centre.staff, pk=pk) if pk else Staff(centre=centre)
    form = StaffForm(request.POST or None, instance=staff, centre=centre)
    courses = TrainingCourseFormSet(request.POST or None, instance=staff, prefix="courses")
    if request.method == "POST" and form.is_valid() and courses.is_valid():
        with transaction.atomic():
            form.save()
            courses.save()
        messages.success(request, _("The staff member was saved."))
        return redirect(staff)
    return render(
        request,
        "centres/staff_form.html",
        {"form": form, "courses": courses, "centre": centre, "staff": staff},
    )


def user_list(request):
    if not can_manage_users(request.user):
        raise PermissionDenied
    page = Paginator(selectors.managed_users(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    editable = {account.pk for account in page if can_edit_user(request.user, account)}
    return render(request, "centres/user_list.html", {"page": page, "editable": editable})


def user_create(request):
    if not can_manage_users(request.user):
        raise PermissionDenied
    form = UserCreateForm(request.POST or None, user=request.user)
    if form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The user was created."))
        return redirect("centres:users")
    return render(request, "centres/user_form.html", {"form": form})


def user_update(request, pk: int):
    account = get_object_or_404(selectors.managed_users(request.user), pk=pk)
    if not can_edit_user(request.user, account):
        raise PermissionDenied
    form = UserUpdateForm(
        request.POST or None,
        instance=account,
        email_editable=can_change_email(request.user, account),
    )
    roles = AssignmentFormSet(
        request.POST or None,
        instance=account,
        prefix="roles",
        form_kwargs={"manager": request.user},
    )
    if request.method == "POST" and form.is_valid() and roles.is_valid():
        with transaction.atomic():
            form.save()
            roles.save()
        messages.success(request, _("The user was saved."))
        return redirect("centres:users")
    return render(
        request,
        "centres/user_update.html",
        {
            "form": form,
            "roles": roles,
            "account": account,
            "history": selectors.account_history(account, request.user),
        },
    )


@require_safe
def unit_detail(request, pk: int):
    """A unit: its dates, the units it was formed from and became, its communes and centres."""
    unit = get_object_or_404(AdministrativeUnit.objects.for_user(request.user), pk=pk)
    readable = set(
        AdministrativeUnit.objects.for_user(request.user)
        .filter(pk__in=[u.pk for u in selectors.linked_units(unit)])
        .values_list("pk", flat=True)
    )
    year = whole_number(request.GET.get("year"))
    day = datetime.date(year, 12, 31) if year and FIRST_YEAR <= year <= last_year() else None
    missing = request.GET.get("missing") == "1" or day is not None
    if missing:
        communes = selectors.communes_without_centre(request.user, unit, day)
    else:
        communes = selectors.unit_communes(request.user, unit)
    return render(
        request,
        "centres/unit_detail.html",
        {
            "unit": unit,
            "readable": readable,
            "predecessors": selectors.predecessors_of(unit),
            "successors": selectors.successors_of(unit),
            "communes": communes,
            "missing": missing,
            "day": day,
            "can_plan": unit.level == AdministrativeUnit.Level.PROVINCE
            and unit.is_current
            and can_create_centre(request.user, unit),
            "can_see_log": can_manage_users(request.user, unit),
        },
    )


def lineage_plan(request, pk: int):
    """The province's new communes without a centre, each formed from its former centres:
    a preview, then one transaction that creates them all."""
    province = get_object_or_404(
        AdministrativeUnit.objects.for_user(request.user),
        pk=pk,
        level=AdministrativeUnit.Level.PROVINCE,
    )
    if not province.is_current or not can_create_centre(request.user, province):
        raise PermissionDenied
    planned = lineage.plan_new_centres(province)
    form = LineageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = lineage.create_centres_from_lineage(province=province, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        except IntegrityError:  # another admin created some of them meanwhile: nothing saved
            form.add_error(None, _("Some of these centres were created meanwhile: look again."))
            planned = lineage.plan_new_centres(province)
        else:
            messages.success(
                request,
                _("%(n)s centres were created from the former centres.") % {"n": len(created)},
            )
            return redirect("centres:unit", province.pk)
    return render(
        request,
        "centres/lineage_plan.html",
        {"province": province, "planned": planned, "form": form},
    )
