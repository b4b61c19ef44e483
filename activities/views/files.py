"""Excel templates, imports and exports, and the printable sign-in sheet."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from centres.models import Centre
from centres.permissions import can_change_centre
from core.forms import UploadForm
from core.responses import pdf_response, xlsx_response
from core.text import whole_number
from core.xlsx.read import ImportFileError

from .. import exports, imports, selectors
from ..forms import ActivityFilterForm
from ..models import Activity, ContentArea
from ..pdf import signin_sheet_pdf
from .records import changeable_activity


@require_safe
def activities_template(request):
    areas = ContentArea.objects.for_user(request.user)
    return xlsx_response(exports.activities_template(areas), "mau-nhap-hoat-dong.xlsx")


@require_safe
def learners_template(request):
    return xlsx_response(exports.learners_template(), "mau-danh-sach-hoc-vien.xlsx")


def _import_page(request, run, success: str, done_url: str, context: dict):
    """Upload form, all-or-nothing import, and the errors per row when there are any."""
    form = UploadForm(request.POST or None, request.FILES or None)
    result = None
    if form.is_valid():
        try:
            result = run(form.cleaned_data["file"])
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if result.ok:
                messages.success(request, success % vars(result))
                return redirect(done_url)
    return render(request, "activities/import.html", {"form": form, "result": result, **context})


def activities_import(request, centre_pk: int):
    centre = get_object_or_404(
        Centre.objects.for_user(request.user).select_related("commune"), pk=centre_pk
    )
    if not can_change_centre(request.user, centre):
        raise PermissionDenied
    return _import_page(
        request,
        lambda upload: imports.import_activities(centre=centre, upload=upload, user=request.user),
        _(
            "Imported: %(created)s new sessions, %(updated)s updated, "
            "%(unchanged)s already recorded."
        ),
        f"{reverse('activities:list')}?centre={centre.pk}",
        {"centre": centre, "kind": "activities"},
    )


def learners_import(request, pk: int):
    activity = changeable_activity(request, pk)
    if not activity.is_class:
        raise PermissionDenied(_("Talks keep headcounts only, without a list of learners."))
    return _import_page(
        request,
        lambda upload: imports.import_learners(activity=activity, upload=upload, user=request.user),
        _(
            "Imported: %(created)s new learners, %(updated)s already recorded and "
            "enrolled, %(unchanged)s already in the class."
        ),
        reverse("activities:learners", args=[activity.pk]),
        {"activity": activity, "kind": "learners"},
    )


def _period(criteria) -> str:
    first, last = criteria.get("first_year"), criteria["year"]
    return f"{first}–{last}" if first and first < last else str(last)


@require_safe
def activities_export(request):
    years = selectors.available_years(request.user)
    filters = ActivityFilterForm(request.GET, years=years, user=request.user)
    if not filters.is_valid():
        if "unit" in filters.errors:
            raise Http404
        return redirect("activities:list")
    criteria = filters.cleaned_data
    centre_pk = request.GET.get("centre", "")
    centre = (
        get_object_or_404(Centre.objects.for_user(request.user), pk=whole_number(centre_pk))
        if centre_pk
        else None
    )
    activities = selectors.activity_list(
        request.user,
        year=criteria["year"],
        first_year=criteria.get("first_year"),
        kind=criteria.get("kind", ""),
        content_area=criteria.get("content_area"),
        unit=criteria.get("unit"),
        centre=centre,
        search=criteria.get("q", "").strip(),
    )
    period = _period(criteria)
    title = _("Activities of %(year)s") % {"year": period}
    if centre:
        title += f" — {centre.name}"
    return xlsx_response(
        exports.activities_workbook(activities, title=title),
        f"hoat-dong-{period.replace('–', '-')}.xlsx",
    )


@require_safe
def signin_sheet(request, pk: int):
    activity = get_object_or_404(
        Activity.objects.for_user(request.user).select_related("centre__commune__parent"),
        pk=pk,
    )
    if not activity.is_class:
        raise PermissionDenied(_("Talks keep headcounts only, without a list of learners."))
    return pdf_response(signin_sheet_pdf(activity), f"diem-danh-{activity.pk}.pdf")
