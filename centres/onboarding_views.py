"""Onboarding a unit: templates, imports, the links of new accounts, and the missing centres."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.forms import UploadForm
from core.responses import xlsx_response
from core.xlsx.read import ImportFileError

from . import onboarding, onboarding_accounts, onboarding_templates
from .lineage import centre_name
from .models import AdministrativeUnit
from .permissions import can_create_centre, can_manage_users

KINDS = {
    "centres": (onboarding_templates.centres_template, "mau-trung-tam"),
    "people": (onboarding_templates.people_template, "mau-ban-giam-doc-nhan-su"),
    "accounts": (onboarding_templates.accounts_template, "mau-tai-khoan"),
}


class AccountUploadForm(UploadForm):
    relink = forms.BooleanField(
        label=gettext_lazy("Also make new set-password links for the existing accounts listed"),
        required=False,
    )


def _unit(request, pk: int, kind: str = "centres") -> AdministrativeUnit:
    """A present unit the user administers: what they may not read is a 404, the rest a 403."""
    if kind not in KINDS:
        raise Http404
    unit = get_object_or_404(AdministrativeUnit.objects.for_user(request.user), pk=pk)
    allowed = can_manage_users if kind == "accounts" else can_create_centre
    if not unit.is_current or not allowed(request.user, unit):
        raise PermissionDenied
    return unit


@require_safe
def onboarding_page(request, pk: int):
    unit = _unit(request, pk)
    gap, total = onboarding.centre_gaps([unit])[unit.pk]
    return render(
        request,
        "centres/onboarding.html",
        {"unit": unit, "gap": gap, "total": total, "forms": _forms()},
    )


def _forms() -> dict:
    """One upload form per kind on one page, their ids apart (the names stay those the import
    page reads)."""
    return {
        kind: (AccountUploadForm if kind == "accounts" else UploadForm)(auto_id=f"id_{kind}_%s")
        for kind in KINDS
    }


@require_safe
def onboarding_template(request, pk: int, kind: str):
    unit = _unit(request, pk, kind)
    writer, name = KINDS[kind]
    return xlsx_response(writer(unit), f"{name}-{unit.code}.xlsx")


def onboarding_import(request, pk: int, kind: str):
    """Upload, all-or-nothing import, the errors at their row and column when there are any."""
    unit = _unit(request, pk, kind)
    form_class = AccountUploadForm if kind == "accounts" else UploadForm
    form = form_class(request.POST or None, request.FILES or None)
    result = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = _run(request, unit, kind, upload, form.cleaned_data.get("relink", False))
        except ImportFileError as error:
            form.add_error("file", str(error))
        except IntegrityError:  # another admin saved some of these rows meanwhile: nothing saved
            form.add_error(
                "file", _("Some of these rows were saved meanwhile: upload the file again.")
            )
        else:
            if result.ok:
                return _imported(request, unit, kind, result)
    return render(
        request,
        "centres/onboarding_import.html",
        {"unit": unit, "kind": kind, "form": form, "result": result},
    )


def _run(request, unit, kind: str, upload, relink: bool):
    if kind == "centres":
        return onboarding.import_centres(user=request.user, unit=unit, upload=upload)
    if kind == "people":
        return onboarding.import_people(user=request.user, unit=unit, upload=upload)
    return onboarding_accounts.import_accounts(
        user=request.user, unit=unit, upload=upload, relink=relink,
        saved=lambda accounts: onboarding_accounts.remember_links(
            request.session, unit, accounts
        ),
    )  # fmt: skip


def _imported(request, unit, kind: str, result):
    messages.success(
        request,
        _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
        % vars(result),
    )
    if kind != "accounts" or not result.issued:
        return redirect("centres:onboarding", unit.pk)
    if result.emailed:
        messages.info(request, _("%(n)s set-password links were e-mailed.") % {"n": result.emailed})
    if result.not_emailed:
        messages.warning(
            request,
            _("%(n)s e-mails could not be sent: hand those links out from the sheet.")
            % {"n": result.not_emailed},
        )
    return redirect("centres:onboarding_links", unit.pk)


@never_cache  # the links open accounts: no copy in any cache
@require_safe
def onboarding_links(request, pk: int):
    """The set-password links of the accounts the last import made, to print and hand out."""
    unit = _unit(request, pk, "accounts")
    links = onboarding_accounts.remembered_links(request.session, unit, request.user)
    return render(request, "centres/onboarding_links.html", {"unit": unit, "links": links})


@never_cache
@require_safe
def onboarding_links_xlsx(request, pk: int):
    unit = _unit(request, pk, "accounts")
    links = onboarding_accounts.remembered_links(request.session, unit, request.user)
    if not links:
        messages.info(request, _("No set-password link is waiting to be handed out."))
        return redirect("centres:onboarding_links", unit.pk)
    content = onboarding_templates.links_workbook(unit, links)
    return xlsx_response(content, f"lien-ket-dat-mat-khau-{unit.code}.xlsx")


def missing_centres(request, pk: int):
    """The present communes of the unit without a centre: a preview, then one transaction
    that creates a centre for each."""
    unit = _unit(request, pk)
    if request.method == "POST":
        try:
            created = onboarding.create_missing_centres(user=request.user, unit=unit)
        except IntegrityError:  # another admin created some of them meanwhile: nothing saved
            messages.error(request, _("Some of these centres were created meanwhile: look again."))
            return redirect("centres:missing_centres", unit.pk)
        if created:
            messages.success(request, _("%(n)s centres were created.") % {"n": len(created)})
        else:
            messages.info(request, _("Every present commune of the unit has a centre."))
        return redirect("centres:unit", unit.pk)
    planned = [(c, centre_name(c)) for c in onboarding.communes_lacking_centre(unit)]
    return render(request, "centres/onboarding_missing.html", {"unit": unit, "planned": planned})
