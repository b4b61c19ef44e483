"""Pages of a province's unit admins for the province's own content areas."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from centres.models import AdministrativeUnit

from . import content_area_selectors as selectors
from . import content_area_services as services
from .content_area_forms import ContentAreaForm
from .content_area_permissions import administered_provinces, can_manage_content_areas
from .models import ContentArea


def _own_area(request, pk: int) -> ContentArea:
    """An area the user may read (else 404) and manage (else 403)."""
    area = get_object_or_404(ContentArea.objects.for_user(request.user), pk=pk)
    if not can_manage_content_areas(request.user, area.province):
        raise PermissionDenied
    return area


def _refused(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _put_errors(form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@require_safe
def content_area_list(request):
    provinces = list(administered_provinces(request.user))
    if not provinces:
        raise PermissionDenied
    own = selectors.province_content_areas(provinces)
    return render(
        request,
        "activities/content_area_list.html",
        {
            "national": selectors.national_content_areas(),
            "sections": [(p, own[p.pk]) for p in provinces],
        },
    )


def content_area_create(request, province_pk: int):
    province = get_object_or_404(AdministrativeUnit.objects.for_user(request.user), pk=province_pk)
    if not can_manage_content_areas(request.user, province):
        raise PermissionDenied
    form = ContentAreaForm(request.POST or None, initial={"order": 200})
    if form.is_valid():
        try:
            services.create_content_area(user=request.user, province=province, **form.cleaned_data)
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("The content area was added."))
            return redirect("activities:content_areas")
    return render(
        request, "activities/content_area_form.html", {"form": form, "province": province}
    )


def content_area_update(request, pk: int):
    area = _own_area(request, pk)
    form = ContentAreaForm(request.POST or None, initial={"name": area.name, "order": area.order})
    if form.is_valid():
        try:
            services.update_content_area(user=request.user, area=area, **form.cleaned_data)
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("The content area was saved."))
            return redirect("activities:content_areas")
    return render(
        request,
        "activities/content_area_form.html",
        {"form": form, "province": area.province, "area": area},
    )


def _set_active(request, pk: int, active: bool, message: str):
    area = _own_area(request, pk)
    services.set_content_area_active(user=request.user, area=area, active=active)
    messages.success(request, message % {"name": area.name})
    return redirect("activities:content_areas")


@require_POST
def content_area_retire(request, pk: int):
    return _set_active(
        request, pk, False, _("“%(name)s” is retired: new records no longer offer it.")
    )


@require_POST
def content_area_restore(request, pk: int):
    return _set_active(request, pk, True, _("“%(name)s” is in use again."))


def content_area_delete(request, pk: int):
    area = _own_area(request, pk)
    in_use = services.is_in_use(area)
    if request.method == "POST":
        try:
            services.delete_content_area(user=request.user, area=area)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The content area was deleted."))
        return redirect("activities:content_areas")
    return render(request, "activities/content_area_delete.html", {"area": area, "in_use": in_use})
