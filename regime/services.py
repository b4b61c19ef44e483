"""The reporting regime's writes. Every state change of a report is one guarded UPDATE
(optimistic locking on `version`, as ratings do), logged as a ReportEvent, in a transaction;
a decision leaves a reminder for the centre's staff (regime/reminders.py sends it)."""

import datetime
from dataclasses import asdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from centres.lifetime import unit_error
from centres.models import AdministrativeUnit, Centre
from core.text import parse_decimal

from . import reminders
from .models import PeriodField, PeriodReport, ReportEvent, ReportingPeriod
from .permissions import EDITABLE
from .selectors import centre_figures


class ConcurrentEdit(Exception):
    """Someone saved the report after this page was opened; nothing was written."""


@transaction.atomic
def open_period(
    *,
    user,
    unit: AdministrativeUnit,
    title: str,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    deadline: datetime.date,
    fields: list[tuple[str, str]] = (),
) -> ReportingPeriod:
    """A period over the centres under a district or province, with the extra fields it asks."""
    if unit.level == AdministrativeUnit.Level.COMMUNE:
        raise ValidationError({"unit": _("A reporting period covers a district or a province.")})
    gone = unit_error(unit, ends_on)
    if gone:
        raise ValidationError({"unit": gone})
    if ReportingPeriod.objects.filter(unit=unit, starts_on=starts_on, ends_on=ends_on).exists():
        raise ValidationError({"starts_on": _("This unit already has a period with these dates.")})
    period = ReportingPeriod(
        unit=unit, title=" ".join(title.split()), kind=kind, starts_on=starts_on, ends_on=ends_on,
        deadline=deadline, opened_by=user,
    )  # fmt: skip
    period.full_clean()
    try:
        with transaction.atomic():
            period.save()
    except IntegrityError:  # opened at the same moment by someone else
        raise ValidationError(
            {"starts_on": _("This unit already has a period with these dates.")}
        ) from None
    labels = set()
    for order, (label, field_kind) in enumerate(fields):
        if label.casefold() in labels:
            raise ValidationError(
                {"fields": _("The field “%(label)s” is listed twice.") % {"label": label}}
            )
        labels.add(label.casefold())
        PeriodField.objects.create(period=period, label=label, kind=field_kind, order=order)
    return period


def clean_values(period: ReportingPeriod, raw: dict[str, str], *, complete: bool) -> dict:
    """The extra figures as stored (numbers as whole or decimal strings, text trimmed), with an
    error at each field that is wrong; `complete` also requires the required ones."""
    values, errors = {}, {}
    for field in period.fields.all():
        text = (raw.get(str(field.pk)) or "").strip()
        if not text:
            if complete and field.required:
                errors[str(field.pk)] = _("Fill in “%(label)s”.") % {"label": field.label}
            continue
        if field.kind == PeriodField.Kind.NUMBER:
            if text.lstrip().startswith("-") and parse_decimal(text.lstrip()[1:]) is not None:
                errors[str(field.pk)] = _("“%(label)s” cannot be negative.") % {
                    "label": field.label
                }
                continue
            number = parse_decimal(text)
            if number is None or number > Decimal("1e12"):
                errors[str(field.pk)] = _("“%(label)s”: write a number such as 1.250 or 7,5.") % {
                    "label": field.label
                }
                continue
            values[str(field.pk)] = f"{number.normalize():f}"
        else:
            values[str(field.pk)] = text[:2000]
    if errors:
        raise ValidationError(errors)
    return values


def _log(report, before: str, user, reason: str = "") -> None:
    ReportEvent.objects.create(
        report=report, from_status=before, to_status=report.status, user=user, reason=reason
    )


def _update_if_unchanged(report: PeriodReport, version: int, **fields) -> None:
    updated = PeriodReport.objects.filter(pk=report.pk, version=version).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise ConcurrentEdit
    report.refresh_from_db()


def _move(report, *, to: str, user, version: int, reason: str = "", **fields) -> PeriodReport:
    before = report.status
    _update_if_unchanged(report, version, status=to, **fields)
    _log(report, before, user, reason)
    return report


@transaction.atomic
def save_draft(
    *, user, period: ReportingPeriod, centre: Centre, raw: dict[str, str], version: int | None
) -> PeriodReport:
    """Save the extra figures (a draft; the first save creates the report)."""
    values = clean_values(period, raw, complete=False)
    report = PeriodReport.objects.filter(period=period, centre=centre).first()
    if report is None:
        if version not in (None, 0):
            raise ConcurrentEdit
        try:
            with transaction.atomic():
                report = PeriodReport.objects.create(period=period, centre=centre, values=values)
        except IntegrityError:  # another tab created it meanwhile
            raise ConcurrentEdit from None
        _log(report, "", user)
        return report
    if report.status not in EDITABLE:
        raise ValidationError(_("This report was already submitted."))
    _update_if_unchanged(report, version or 0, values=values)
    return report


@transaction.atomic
def submit(
    *, user, period: ReportingPeriod, centre: Centre, raw: dict[str, str], version: int | None
) -> PeriodReport:
    """Save and send the report to the unit that opened the period: every required field."""
    if timezone.localdate() < period.starts_on:
        raise ValidationError(
            _("The period has not started yet: the report is submitted from %(date)s.")
            % {"date": period.starts_on.strftime("%d/%m/%Y")}
        )
    clean_values(period, raw, complete=True)
    report = save_draft(user=user, period=period, centre=centre, raw=raw, version=version)
    return _move(
        report, to=PeriodReport.Status.SUBMITTED, user=user, version=report.version,
        submitted_at=timezone.now(), return_reason="",
        figures=asdict(centre_figures(period, centre)),
    )  # fmt: skip


@transaction.atomic
def accept(*, user, report: PeriodReport, version: int) -> PeriodReport:
    """Accept a submitted report: the centre's records of the period lock."""
    if report.status != PeriodReport.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be accepted."))
    _move(
        report,
        to=PeriodReport.Status.ACCEPTED,
        user=user,
        version=version,
        decided_at=timezone.now(),
    )
    reminders.report_decided(report)
    return report


@transaction.atomic
def return_report(*, user, report: PeriodReport, reason: str, version: int) -> PeriodReport:
    """Send a submitted report back to the centre, saying why."""
    if report.status != PeriodReport.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why it is returned.")})
    _move(
        report, to=PeriodReport.Status.RETURNED, user=user, version=version, reason=reason,
        decided_at=timezone.now(), return_reason=reason.strip(),
    )  # fmt: skip
    reminders.report_decided(report)
    return report


@transaction.atomic
def reopen(*, user, report: PeriodReport, reason: str, version: int) -> PeriodReport:
    """Take an acceptance back (logged with the reason): the period's records unlock and the
    report is back with the reviewer."""
    if report.status != PeriodReport.Status.ACCEPTED:
        raise ValidationError(_("Only an accepted report can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why it is reopened.")})
    return _move(
        report, to=PeriodReport.Status.SUBMITTED, user=user, version=version, reason=reason,
        decided_at=None,
    )  # fmt: skip
