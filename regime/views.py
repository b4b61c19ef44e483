from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from centres.models import AdministrativeUnit, Centre
from core.responses import xlsx_response
from core.text import show_decimal, whole_number
from core.xlsx.stream import list_workbook
from core.xlsx.write import INTEGER

from . import permissions, selectors, services
from .forms import OpenPeriodForm, ReasonForm, ReportForm
from .models import PeriodField, PeriodReport, ReminderOptOut, ReportingPeriod

PAGE_SIZE = 100


def _states():
    return [(selectors.NOT_STARTED, _("not started")), *PeriodReport.Status.choices]


@require_safe
def index(request):
    periods = list(selectors.visible_periods(request.user).order_by("-ends_on", "unit__path")[:100])
    own = list(selectors.own_centres(request.user))
    for period in periods:
        # Users over the period's unit open its completeness; a centre's staff their report.
        period.links = (
            [(period.title, period.get_absolute_url())]
            if permissions.can_view_period(request.user, period)
            else [
                (
                    f"{period.title} · {c.commune.name}",
                    reverse("regime:report", args=[period.pk, c.pk]),
                )
                for c in own
                if permissions.covers_centre(period, c)
            ]
        )
    return render(
        request,
        "regime/index.html",
        {"periods": periods, "can_open": permissions.can_open_period(request.user)},
    )


def period_open(request):
    if not permissions.can_open_period(request.user):
        raise PermissionDenied
    form = OpenPeriodForm(request.POST or None, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            period = services.open_period(
                user=request.user, unit=data["unit"], title=data["title"], kind=data["kind"],
                starts_on=data["starts_on"], ends_on=data["ends_on"], deadline=data["deadline"],
                fields=data["extra"],
            )  # fmt: skip
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The reporting period was opened."))
            return redirect(period)
    return render(request, "regime/period_form.html", {"form": form})


def _period(request, pk: int) -> ReportingPeriod:
    return get_object_or_404(selectors.visible_periods(request.user), pk=pk)


def _state_and_unit(request, period):
    state = request.GET.get("state", "")
    if state not in {s for s, _label in _states()} | {"late"}:
        state = ""
    unit = None
    if request.GET.get("unit"):
        unit = get_object_or_404(
            AdministrativeUnit.objects.filter(parent=period.unit),
            pk=whole_number(request.GET["unit"]),
        )
    return state, unit


@require_safe
def period_detail(request, pk: int):
    period = _period(request, pk)
    if not permissions.can_view_period(request.user, period):
        raise PermissionDenied  # a centre's staff see their own report, not the others'
    state, unit = _state_and_unit(request, period)
    rows, counts = selectors.completeness(period, state=state, unit_path=unit.path if unit else "")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.with_figures(period, page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "regime/period_detail.html",
        {
            "period": period, "page": page, "query": query.urlencode(), "counts": counts,
            "state": state, "unit": unit,
            "states": _states(), "fields": list(period.fields.all()),
            "units": AdministrativeUnit.objects.filter(parent=period.unit)
            .exclude(level=AdministrativeUnit.Level.COMMUNE).order_by("path"),
        },
    )  # fmt: skip


@require_safe
def period_missing_xlsx(request, pk: int):
    """The centres that have not reported (not started, draft, returned), as Excel."""
    period = _period(request, pk)
    if not permissions.can_view_period(request.user, period):
        raise PermissionDenied
    centres, _counts = selectors.completeness(period)
    labels = dict(_states())
    rows = [
        (c.unit, c.code, c.commune, c.name, str(labels[c.state]).capitalize(), c.days_late)
        for c in centres
        if c.state in selectors.UNSUBMITTED
    ]
    content = list_workbook(
        sheet_name=_("Not reported"),
        title=_("%(period)s — centres that have not reported (deadline %(date)s)")
        % {"period": period.title, "date": period.deadline.strftime("%d/%m/%Y")},
        headers=[
            _("Unit"),
            _("Commune code"),
            _("Commune"),
            _("Centre"),
            _("Status"),
            _("Days late"),
        ],
        rows=rows,
        formats={6: INTEGER},
    )
    return xlsx_response(content, f"chua-bao-cao-{period.pk}.xlsx")


def _report_page(request, period_pk: int, centre_pk: int):
    period = _period(request, period_pk)
    centre = get_object_or_404(
        Centre.objects.for_user(request.user).select_related("commune"), pk=centre_pk
    )
    if not permissions.covers_centre(period, centre):
        raise PermissionDenied
    if not selectors.period_centres(period).filter(pk=centre.pk).exists():
        raise Http404  # the centre was not open during the period: nothing is asked of it
    report = PeriodReport.objects.filter(period=period, centre=centre).first()
    return period, centre, report


def report(request, period_pk: int, centre_pk: int):
    period, centre, saved = _report_page(request, period_pk, centre_pk)
    editable = permissions.can_edit_report(request.user, saved, centre)
    form = ReportForm(request.POST or None, period=period, report=saved)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            action = services.submit if "submit" in request.POST else services.save_draft
            try:
                action(
                    user=request.user, period=period, centre=centre, raw=form.raw(),
                    version=form.cleaned_data.get("version"),
                )  # fmt: skip
            except services.ConcurrentEdit:
                messages.warning(
                    request,
                    _(
                        "The report changed after you opened the page; nothing was saved. "
                        "Check it and save again."
                    ),
                )
                return redirect("regime:report", period.pk, centre.pk)
            except ValidationError as error:
                for field, errors in (
                    error.error_dict.items()
                    if hasattr(error, "error_dict")
                    else [(None, error.messages)]
                ):
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    _("The report was submitted.")
                    if "submit" in request.POST
                    else _("The report was saved as a draft."),
                )
                return redirect("regime:report", period.pk, centre.pk)
    # What was submitted is what the unit decides on: the figures as they were then.
    if saved and saved.figures and saved.status not in permissions.EDITABLE:
        shown_figures = selectors.Figures(**saved.figures)
    else:
        shown_figures = selectors.centre_figures(period, centre)
    shown = {}
    if saved:
        for field in period.fields.all():
            value = saved.values.get(str(field.pk), "")
            shown[field.label] = (
                show_decimal(value) if value and field.kind == PeriodField.Kind.NUMBER else value
            )
    return render(
        request,
        "regime/report.html",
        {
            "period": period, "centre": centre, "report": saved, "form": form,
            "editable": editable, "shown": shown,
            "figures": shown_figures,
            "frozen": bool(saved and saved.figures and not editable),
            "can_decide": saved is not None and saved.status == PeriodReport.Status.SUBMITTED
            and permissions.can_decide(request.user, period),
            "can_reopen": saved is not None and saved.status == PeriodReport.Status.ACCEPTED
            and permissions.can_reopen(request.user, period),
            "events": saved.events.select_related("user") if saved else [],
            "reason_form": ReasonForm(initial={"version": saved.version if saved else 0}),
        },
    )  # fmt: skip


def _decision(request, period_pk, centre_pk, allowed, action, *, needs_reason, done):
    period, _centre, saved = _report_page(request, period_pk, centre_pk)
    if saved is None or not allowed(request.user, period):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    data = {}
    if needs_reason:
        if not form.is_valid():
            messages.error(request, _("Give a reason."))
            return redirect(saved)
        data = form.cleaned_data
    else:
        version = whole_number(request.POST.get("version"))
        if version is None:
            messages.error(request, _("The page was incomplete; open it again."))
            return redirect(saved)
        data = {"version": version}
    try:
        with transaction.atomic():
            action(user=request.user, report=saved, **data)
    except services.ConcurrentEdit:
        messages.warning(
            request,
            _("The report changed after you opened the page; nothing was done twice. Check it."),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(saved)


@require_POST
def report_accept(request, period_pk: int, centre_pk: int):
    return _decision(
        request, period_pk, centre_pk, permissions.can_decide, services.accept,
        needs_reason=False, done=_("The report was accepted; the period's records are locked."),
    )  # fmt: skip


@require_POST
def report_return(request, period_pk: int, centre_pk: int):
    return _decision(
        request, period_pk, centre_pk, permissions.can_decide, services.return_report,
        needs_reason=True, done=_("The report was returned to the centre."),
    )  # fmt: skip


@require_POST
def report_reopen(request, period_pk: int, centre_pk: int):
    return _decision(
        request, period_pk, centre_pk, permissions.can_reopen, services.reopen,
        needs_reason=True, done=_("The report was reopened; the period's records are unlocked."),
    )  # fmt: skip


def reminder_settings(request):
    opted_out = ReminderOptOut.objects.filter(user=request.user).exists()
    if request.method == "POST":
        wanted = request.POST.get("reminders") == "on"
        if wanted:
            ReminderOptOut.objects.filter(user=request.user).delete()
        else:
            ReminderOptOut.objects.get_or_create(user=request.user)
        messages.success(request, _("Your choice was saved."))
        return redirect("regime:reminder_settings")
    return render(request, "regime/reminder_settings.html", {"opted_out": opted_out})
