"""A centre's year: plan versus done, funding and learning models, and their forms."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from centres.models import Centre
from centres.permissions import can_change_centre
from core import years

from .. import selectors
from ..forms import AnnualPlanForm, FundingForm, LearningModelForm, PlanItemFormSet
from ..models import AnnualPlan, Funding, LearningModelCount
from ..permissions import ensure_can_change_records, lock_reason


def _centre(request, pk: int, year: int) -> Centre:
    if not years.is_supported(year):
        raise Http404  # no page for a year the portal holds no records of
    return get_object_or_404(
        Centre.objects.for_user(request.user).select_related("commune__parent"), pk=pk
    )


@require_safe
def centre_year(request, pk: int, year: int):
    centre = _centre(request, pk, year)
    editor = can_change_centre(request.user, centre)
    locked = editor and lock_reason(centre, year)  # read once: the page says why it is read-only
    return render(
        request,
        "activities/centre_year.html",
        {
            "centre": centre,
            "year": year,
            "report": selectors.plan_versus_done(centre, year),
            "can_change": editor and not locked,
            "locked": locked,
        },
    )


def plan_edit(request, pk: int, year: int):
    centre = _centre(request, pk, year)
    ensure_can_change_records(request.user, centre, year)
    plan = AnnualPlan.objects.filter(centre=centre, year=year).first() or AnnualPlan(
        centre=centre, year=year
    )
    form = AnnualPlanForm(request.POST or None, instance=plan)
    items = PlanItemFormSet(request.POST or None, instance=plan, prefix="items")
    if request.method == "POST" and form.is_valid() and items.is_valid():
        with transaction.atomic():
            form.save()
            items.save()
        messages.success(request, _("The annual plan was saved."))
        return redirect("activities:centre_year", centre.pk, year)
    return render(
        request,
        "activities/plan_form.html",
        {"form": form, "items": items, "centre": centre, "year": year},
    )


def _year_record(request, pk: int, year: int, model, form_class, message: str):
    centre = _centre(request, pk, year)
    ensure_can_change_records(request.user, centre, year)
    record = model.objects.filter(centre=centre, year=year).first() or model(
        centre=centre, year=year
    )
    form = form_class(request.POST or None, instance=record)
    if form.is_valid():
        form.save()
        messages.success(request, message)
        return redirect("activities:centre_year", centre.pk, year)
    return render(
        request,
        "activities/year_record_form.html",
        {"form": form, "centre": centre, "year": year, "title": model._meta.verbose_name},
    )


def funding_edit(request, pk: int, year: int):
    return _year_record(request, pk, year, Funding, FundingForm, _("The funding was saved."))


def learning_models_edit(request, pk: int, year: int):
    return _year_record(
        request,
        pk,
        year,
        LearningModelCount,
        LearningModelForm,
        _("The learning models were saved."),
    )
