"""Published figures of a unit: the list its readers see, the pages its admins record them on."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from centres.models import AdministrativeUnit
from centres.models.assignments import user_assignments
from centres.scope import scope_of
from core.text import whole_number

from .. import published
from ..forms_published import PublishedFiguresForm
from ..models import PublishedFigures


def _chosen_unit(request, units) -> AdministrativeUnit:
    """?unit= among the units the user reads (another is a 404), else their first unit above
    the communes, else (a superuser) the first unit."""
    asked = request.GET.get("unit", "")
    if asked:
        return get_object_or_404(units, pk=whole_number(asked) or 0)
    for assignment in user_assignments(request.user):
        if assignment.unit.level != AdministrativeUnit.Level.COMMUNE:
            return assignment.unit
    unit = units.first() if scope_of(request.user).everything else None
    if unit is None:
        raise PermissionDenied
    return unit


def _changeable(request, pk: int) -> PublishedFigures:
    """The figures if the user reads them (else 404) and records the unit's (else 403)."""
    figures = get_object_or_404(
        PublishedFigures.objects.for_user(request.user).select_related("unit"), pk=pk
    )
    if not published.can_record_published(request.user, figures.unit):
        raise PermissionDenied
    return figures


@require_safe
def published_list(request):
    units = published.published_units(request.user)
    unit = _chosen_unit(request, units)
    return render(
        request,
        "reports/published_list.html",
        {
            "units": units,
            "unit": unit,
            "figures": published.unit_published_figures(request.user, unit),
            "can_record": published.can_record_published(request.user, unit),
        },
    )


@require_http_methods(["GET", "POST"])
def published_create(request):
    units = published.published_units(request.user)
    unit = get_object_or_404(units, pk=whole_number(request.GET.get("unit")) or 0)
    if not published.can_record_published(request.user, unit):
        raise PermissionDenied
    return _edit(request, PublishedFigures(unit=unit), _("The published figures were recorded."))


@require_http_methods(["GET", "POST"])
def published_edit(request, pk: int):
    figures = _changeable(request, pk)
    return _edit(request, figures, _("The published figures were saved."))


def _edit(request, figures: PublishedFigures, done: str):
    form = PublishedFiguresForm(request.POST or None, instance=figures)
    if form.is_valid():
        published.save_published(user=request.user, figures=form.instance)
        messages.success(request, done)
        return redirect(figures.get_absolute_url())
    return render(
        request,
        "reports/published_form.html",
        {"form": form, "figures": figures, "unit": figures.unit},
    )


@require_http_methods(["GET", "POST"])
def published_delete(request, pk: int):
    figures = _changeable(request, pk)
    if request.method == "POST":
        published.delete_published(user=request.user, figures=figures)
        messages.success(
            request, _("The published figures of %(year)s were deleted.") % {"year": figures.year}
        )
        return redirect(figures.get_absolute_url())
    return render(
        request, "reports/published_confirm_delete.html", {"figures": figures, "unit": figures.unit}
    )


@require_safe
def published_history(request):
    unit = get_object_or_404(
        published.published_units(request.user), pk=whole_number(request.GET.get("unit")) or 0
    )
    return render(
        request,
        "reports/published_history.html",
        {"unit": unit, "entries": published.published_history(unit)},
    )
