"""A unit's report settings: who issues its reports and how their shares are rounded."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from centres.models import AdministrativeUnit
from centres.scope import EDITING_ROLES, scope_of
from core import history
from core.text import whole_number

from .. import headers
from ..forms import SettingsForm
from ..models import UnitSettings
from .summaries import _default_unit

COMMUNE = AdministrativeUnit.Level.COMMUNE


def _listed(user):
    """The units offered in the chooser: the user's own units (a province admin's hundred
    communes are reached from each centre's report, not listed here)."""
    scope = scope_of(user)
    roots = scope.roots(EDITING_ROLES)
    return headers.editable_units(user).filter(path__in=roots) if not scope.everything else None


def _form(unit: AdministrativeUnit, saved: UnitSettings, data=None) -> SettingsForm:
    form = SettingsForm(data, instance=saved)
    del form.fields["number"]
    fallback = headers.defaults(unit, (data or {}).get("style") or saved.style)
    for name in headers.HEADER_FIELDS:
        form.fields[name].widget.attrs["placeholder"] = getattr(fallback, name)
    if saved.pk is None:  # a first save starts from what the unit above chose
        inherited = headers.effective(unit)
        form.initial.update({name: getattr(inherited, name) for name in headers.INHERITED})
    return form


def settings_edit(request):
    """A unit's report header; ?unit= chooses among the units the user may set (a superuser,
    who has no unit of their own, chooses any). A blank header field is the default of the
    unit's level and format, shown as the field's placeholder."""
    units = headers.editable_units(request.user)
    asked = request.GET.get("unit", "")
    if asked:
        unit = get_object_or_404(units, pk=whole_number(asked) or 0)
    else:
        unit = _default_unit(request.user) or units.filter(level=COMMUNE).first()
        if unit is None and scope_of(request.user).everything:
            choices = units.exclude(level=COMMUNE)
            return render(request, "reports/settings.html", {"units": choices, "unit": None})
    if unit is None or not units.filter(pk=unit.pk).exists():
        raise PermissionDenied
    saved = UnitSettings.objects.filter(unit=unit).first() or UnitSettings(unit=unit)
    form = _form(unit, saved, request.POST or None)
    if form.is_valid():
        form.save()
        messages.success(request, _("The report settings were saved."))
        return redirect(f"{reverse('reports:settings')}?unit={unit.pk}")
    listed = _listed(request.user)
    return render(
        request,
        "reports/settings.html",
        {
            "form": form,
            "unit": unit,
            "units": listed if listed is not None else units.exclude(level=COMMUNE),
            "history": history.object_history(
                (UnitSettings, UnitSettings.history.filter(unit_id=unit.pk))
            ),
        },
    )
