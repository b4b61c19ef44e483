"""The rubric editor of a province's unit admins: versions, a new version from one, edits of
a version no rating uses, and a preview that grades sample points with ratings/grading.py."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from centres.models import AdministrativeUnit

from . import rubric_selectors as selectors
from . import rubric_services as services
from .default_community_rubric import create_community_rubric
from .default_rubric import create_default_rubric
from .grading import compute_grade
from .models import Kind, Rubric
from .rubric_forms import (
    CriterionFormSet,
    IndicatorFormSet,
    PreviewForm,
    RubricForm,
    criterion_rows,
    indicator_rows,
)
from .rubric_permissions import can_edit_rubric, can_edit_rubrics, rubric_provinces


class CriterionNameForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Criterion"), max_length=200)


def _rubric(request, pk: int) -> Rubric:
    """A version the user reads (else 404) and edits rubrics of (else 403), with its parts."""
    rubric = get_object_or_404(selectors.rubric_with_parts(request.user), pk=pk)
    if not can_edit_rubric(request.user, rubric):
        raise PermissionDenied
    return rubric


def _show(request, form, error: ValidationError) -> None:
    """The service's refusal on the form's fields, or at the top of the page."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def _frozen_message(rubric: Rubric) -> str | None:
    try:
        rubric.ensure_editable()
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def _maximum(rubric: Rubric):
    return sum((i.max_points for c in rubric.criteria.all() for i in c.indicators.all()), 0)


@require_safe
def rubric_list(request):
    provinces = list(rubric_provinces(request.user))
    if not provinces:
        raise PermissionDenied
    rubrics = list(selectors.rubric_list(request.user))
    sections = [
        (p, [(kind, label, [r for r in rubrics if r.province_id == p.pk and r.kind == kind])
             for kind, label in Kind.choices])
        for p in provinces
    ]  # fmt: skip
    return render(request, "ratings/rubric_list.html", {"sections": sections})


@require_POST
def rubric_start(request, province_pk: int):
    """The default rubric of a kind (centre rating, or learning community) for a province that
    has none of that kind yet, to edit before a round opens."""
    province = get_object_or_404(AdministrativeUnit.objects.for_user(request.user), pk=province_pk)
    if not can_edit_rubrics(request.user, province):
        raise PermissionDenied
    kind = Kind.COMMUNITY if request.POST.get("kind") == Kind.COMMUNITY else Kind.CENTRE
    if Rubric.objects.filter(province=province, kind=kind).exists():
        messages.warning(request, _("The province has rubric versions: make a new one from one."))
        return redirect("ratings:rubrics")
    if kind == Kind.COMMUNITY:
        rubric = create_community_rubric(province)
    else:
        rubric = create_default_rubric(province)
    messages.success(request, _("The default rubric was added as version 1."))
    return redirect("ratings:rubric", rubric.pk)


def rubric_edit(request, pk: int):
    rubric = _rubric(request, pk)
    frozen = _frozen_message(rubric)
    form = RubricForm(None if frozen else request.POST or None, instance=rubric)
    known = {c.pk for c in rubric.criteria.all()}
    criteria = CriterionFormSet(
        None if frozen else request.POST or None,
        initial=criterion_rows(rubric), known=known, prefix="criteria",
    )  # fmt: skip
    if request.method == "POST" and frozen:
        messages.error(request, frozen)
    elif request.method == "POST" and form.is_valid() and criteria.is_valid():
        kept, removed = criteria.parts()
        try:
            services.update_rubric(
                user=request.user, rubric=rubric, values=form.cleaned_data,
                criteria=[services.Part(pk, values) for pk, values in kept], removed=removed,
            )  # fmt: skip
        except ValidationError as error:
            _show(request, form, error)
        else:
            messages.success(request, _("The rubric version was saved."))
            return redirect("ratings:rubric", rubric.pk)
    return render(
        request,
        "ratings/rubric_edit.html",
        {
            "rubric": rubric, "form": form, "criteria": criteria, "frozen": frozen,
            "maximum": _maximum(rubric), "history": selectors.rubric_history(rubric),
        },
    )  # fmt: skip


def rubric_criterion(request, pk: int):
    criterion = get_object_or_404(selectors.criterion_with_indicators(request.user), pk=pk)
    rubric = criterion.rubric
    if not can_edit_rubric(request.user, rubric):
        raise PermissionDenied
    frozen = _frozen_message(rubric)
    data = None if frozen else request.POST or None
    form = CriterionNameForm(data, initial={"name": criterion.name})
    indicators = IndicatorFormSet(
        data, initial=indicator_rows(criterion), prefix="indicators",
        known={i.pk for i in criterion.indicators.all()},
    )  # fmt: skip
    if request.method == "POST" and frozen:
        messages.error(request, frozen)
    elif request.method == "POST" and form.is_valid() and indicators.is_valid():
        kept, removed = indicators.parts()
        try:
            services.update_criterion(
                user=request.user, criterion=criterion, name=form.cleaned_data["name"],
                indicators=[services.Part(pk, values) for pk, values in kept], removed=removed,
            )  # fmt: skip
        except ValidationError as error:
            _show(request, form, error)
        else:
            messages.success(request, _("The criterion was saved."))
            return redirect("ratings:rubric", rubric.pk)
    return render(
        request,
        "ratings/rubric_criterion.html",
        {"rubric": rubric, "criterion": criterion, "form": form, "indicators": indicators,
         "frozen": frozen},
    )  # fmt: skip


@require_POST
def rubric_copy(request, pk: int):
    rubric = _rubric(request, pk)
    copy = services.new_version(user=request.user, rubric=rubric)
    messages.success(
        request,
        _("Version %(version)s was made from version %(from)s: edit it below.")
        % {"version": copy.version, "from": rubric.version},
    )
    return redirect("ratings:rubric", copy.pk)


@require_safe
def rubric_preview(request, pk: int):
    rubric = _rubric(request, pk)
    form = PreviewForm(request.GET or None, rubric=rubric)
    result = compute_grade(rubric, form.points()) if form.is_bound and form.is_valid() else None
    return render(
        request,
        "ratings/rubric_preview.html",
        {"rubric": rubric, "form": form, "result": result, "maximum": _maximum(rubric)},
    )
