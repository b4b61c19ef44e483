from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from centres.models import Centre, Staff
from core.responses import pdf_response, xlsx_response
from core.text import group_digits, whole_number

from . import exports, permissions, selectors, services
from .forms import (
    DecisionForm,
    ProposalFilterForm,
    ProposalForm,
    ReasonForm,
    UnitYearForm,
    VersionForm,
)
from .models import Proposal, Recipient

PAGE_SIZE = 50
CHANGED_MEANWHILE = gettext_lazy(
    "The proposal changed after you opened the page; nothing was saved. Check it and try again."
)


@require_safe
def proposal_list(request):
    units = selectors.filter_units(request.user)
    form = ProposalFilterForm(request.GET or None, units=units)
    data = form.cleaned_data if form.is_valid() else {}
    proposals = selectors.filtered_proposals(
        request.user, year=data.get("year"), status=data.get("status", ""), unit=data.get("unit")
    )
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "emulation/proposal_list.html",
        {
            "form": form, "page": page, "query": query.urlencode(),
            "can_propose": permissions.can_propose(request.user),
        },
    )  # fmt: skip


def _proposal(request, pk: int) -> Proposal:
    return get_object_or_404(selectors.visible_proposals(request.user), pk=pk)


def _prefill(request) -> dict:
    """A draft started from the candidates page: its unit, year, recipient and achievement."""
    initial = {}
    for name in ("proposing_unit", "year"):
        if whole_number(request.GET.get(name)) is not None:
            initial[name] = whole_number(request.GET[name])
    if request.GET.get("recipient") in Recipient.values:
        initial["recipient"] = request.GET["recipient"]
    centre = whole_number(request.GET.get("centre"))
    if centre is not None and Centre.objects.for_user(request.user).filter(pk=centre).exists():
        initial["centre"] = centre
    staff = Staff.objects.for_user(request.user).filter(pk=whole_number(request.GET.get("staff")))
    staff = staff.select_related("centre").first() if request.GET.get("staff") else None
    if staff is not None:
        initial |= {"staff": staff.pk, "name": staff.full_name, "position": staff.organisation}
    initial["achievement"] = request.GET.get("achievement", "")[:2000]
    return initial


def _edit(request, proposal: Proposal | None):
    form = ProposalForm(
        request.POST or None,
        instance=proposal,
        initial=None if proposal else _prefill(request),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_proposal(
                user=request.user, proposal=form.instance, version=form.cleaned_data["version"]
            )
        except services.ConcurrentEdit:
            messages.warning(request, CHANGED_MEANWHILE)
            return redirect(proposal)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The proposal was saved as a draft."))
            return redirect(saved)
    return render(request, "emulation/proposal_form.html", {"form": form, "proposal": proposal})


def proposal_create(request):
    if not permissions.can_propose(request.user):
        raise PermissionDenied
    return _edit(request, None)


def proposal_update(request, pk: int):
    proposal = _proposal(request, pk)
    if not permissions.can_edit(request.user, proposal):
        raise PermissionDenied
    return _edit(request, proposal)


@require_safe
def proposal_detail(request, pk: int):
    proposal = _proposal(request, pk)
    user = request.user
    version = {"version": proposal.version}
    return render(
        request,
        "emulation/proposal_detail.html",
        {
            "proposal": proposal,
            "can_edit": permissions.can_edit(user, proposal),
            "can_decide": permissions.can_decide(user, proposal),
            "can_return": permissions.can_return(user, proposal),
            # Three forms on one page: their fields' ids apart.
            "decision_form": DecisionForm(initial=version, auto_id="decision_%s"),
            "reject_form": ReasonForm(initial=version, auto_id="reject_%s"),
            "return_form": ReasonForm(initial=version, auto_id="return_%s"),
            "history": selectors.proposal_history(proposal),
        },
    )


def _transition(request, pk: int, allowed, action, form_class, done: str):
    """Run a transition posted from the detail page; a form's errors come back as messages."""
    proposal = _proposal(request, pk)
    if not allowed(request.user, proposal):
        raise PermissionDenied
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect(proposal)
    try:
        action(user=request.user, proposal=proposal, **form.cleaned_data)
    except services.ConcurrentEdit:
        messages.warning(request, CHANGED_MEANWHILE)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(proposal)


@require_POST
def proposal_submit(request, pk: int):
    return _transition(
        request, pk, permissions.can_edit, services.submit, VersionForm,
        _("The proposal was submitted."),
    )  # fmt: skip


@require_POST
def proposal_return(request, pk: int):
    return _transition(
        request, pk, permissions.can_return, services.return_to_draft, ReasonForm,
        _("The proposal was returned to draft."),
    )  # fmt: skip


@require_POST
def proposal_approve(request, pk: int):
    return _transition(
        request, pk, permissions.can_decide, services.approve, DecisionForm,
        _("The decision was recorded."),
    )  # fmt: skip


@require_POST
def proposal_reject(request, pk: int):
    return _transition(
        request, pk, permissions.can_decide, services.reject, ReasonForm,
        _("The proposal was rejected."),
    )  # fmt: skip


def _unit_and_year(request, units, default_year):
    """The unit and year asked for, the user's first unit by default and `default_year(unit)`;
    a unit the user may not choose is not found (None throughout: the user has no unit)."""
    first = units.first()
    if first is None:
        return None, None, None
    data = {"unit": request.GET.get("unit") or first.pk, "year": request.GET.get("year")}
    if not data["year"]:
        chosen = units.filter(pk=whole_number(data["unit"])).first()
        data["year"] = default_year(chosen) if chosen else timezone.localdate().year
    form = UnitYearForm(data, units=units)
    if not form.is_valid():
        if "unit" in form.errors:
            raise Http404
        form = UnitYearForm({**data, "year": timezone.localdate().year}, units=units)
        form.is_valid()
    return form, form.cleaned_data["unit"], form.cleaned_data["year"]


@require_safe
def register(request):
    form, unit, year = _unit_and_year(
        request,
        selectors.filter_units(request.user),
        lambda unit: selectors.latest_decided_year(request.user, unit) or timezone.localdate().year,
    )
    if unit is None:
        raise PermissionDenied  # no unit to read
    data = selectors.register(request.user, unit, year)
    kind = request.GET.get("format")
    if kind == "xlsx":
        return xlsx_response(exports.register_xlsx(data), f"khen-thuong-{unit.code}-{year}.xlsx")
    if kind == "pdf":
        content = exports.register_pdf(data, timezone.localdate())
        return pdf_response(content, f"khen-thuong-{unit.code}-{year}.pdf")
    query = f"unit={unit.pk}&year={year}"
    return render(
        request,
        "emulation/register.html",
        {"form": form, "register": data, "query": query,
         "summary": exports.summary_rows(data), "summary_headers": exports.summary_headers(),
         "can_propose": permissions.can_propose(request.user)},
    )  # fmt: skip


def _propose_url(unit, year: int, achievement: str, **recipient) -> str:
    query = {"proposing_unit": unit.pk, "year": year, "achievement": achievement, **recipient}
    return reverse("emulation:create") + "?" + urlencode(query)


@require_safe
def candidates(request):
    """Who might be proposed: a page of suggestions, each a button to a prefilled draft."""
    if not permissions.can_propose(request.user):
        raise PermissionDenied
    last_year = timezone.localdate().year - 1  # a year's grades are approved after it ends
    form, unit, year = _unit_and_year(
        request, permissions.proposing_units(request.user), lambda unit: last_year
    )
    if unit is None:
        raise PermissionDenied
    good = list(selectors.good_two_years(unit, year))
    for centre in good:
        text = _("Graded good in %(before)s and %(year)s.") % {"before": year - 1, "year": year}
        centre.propose_url = _propose_url(unit, year, text, recipient="centre", centre=centre.pk)
    staff = list(selectors.busiest_staff(unit, year))
    for person in staff:
        text = _("Led %(sessions)s sessions with %(visits)s participant-visits in %(year)s.") % {
            "sessions": group_digits(person.sessions), "visits": group_digits(person.visits),
            "year": year,
        }  # fmt: skip
        person.propose_url = _propose_url(unit, year, text, recipient="staff", staff=person.pk)
    centres = list(selectors.busiest_centres(unit, year))
    for centre in centres:
        text = _("%(visits)s participant-visits in %(sessions)s sessions in %(year)s.") % {
            "sessions": group_digits(centre.sessions), "visits": group_digits(centre.visits),
            "year": year,
        }  # fmt: skip
        centre.propose_url = _propose_url(unit, year, text, recipient="centre", centre=centre.pk)
    return render(
        request,
        "emulation/candidates.html",
        {"form": form, "unit": unit, "year": year, "good": good, "staff": staff,
         "centres": centres, "can_propose": True},
    )  # fmt: skip
