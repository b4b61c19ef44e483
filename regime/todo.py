"""The reporting regime's items on the dashboard's to-do list (centres/todo.py)."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from centres.models import Role
from centres.scope import REVIEW_ROLES, scope_of
from centres.todo import Item
from core.text import group_digits

from .models import PeriodReport, ReportingPeriod
from .selectors import own_centres, visible_periods

STAFF = {Role.CENTRE_STAFF}


def items(user, today: datetime.date) -> list[Item]:
    return own_reports(user, today) + reports_waiting(user, today)


def own_reports(user, today: datetime.date) -> list[Item]:
    """For a centre's editors: reports due, late or returned in the periods open to them."""
    scope = scope_of(user)
    if not scope.has_role(STAFF):
        return []  # a unit admin follows the period's completeness page, not each centre's
    centres = list(own_centres(user, STAFF))
    if not centres:
        return []
    periods = list(
        visible_periods(user).filter(
            starts_on__lte=today, deadline__gte=today - datetime.timedelta(days=365)
        )
    )
    reports = {
        (r.period_id, r.centre_id): r
        for r in PeriodReport.objects.filter(period__in=periods, centre__in=centres)
    }
    found = []
    for period in periods:
        for centre in centres:
            if not centre.commune.path.startswith(period.unit.path):
                continue
            report = reports.get((period.pk, centre.pk))
            status = report.status if report else None
            url = reverse("regime:report", args=[period.pk, centre.pk])
            values = {"period": period.title, "centre": centre.name,
                      "date": period.deadline.strftime("%d/%m/%Y")}  # fmt: skip
            if status == PeriodReport.Status.RETURNED:
                text = (
                    _(
                        "%(centre)s: the report “%(period)s” was returned; correct and submit "
                        "it again."
                    )
                    % values
                )
                found.append(Item(text, url, "danger", period.deadline))
            elif status in (None, PeriodReport.Status.DRAFT):
                late = (today - period.deadline).days
                text = (
                    _(
                        "%(centre)s: the report “%(period)s” was due on %(date)s "
                        "(%(late)s days late)."
                    )
                    % {**values, "late": late}
                    if late > 0
                    else _("%(centre)s: submit the report “%(period)s” by %(date)s.") % values
                )
                found.append(Item(text, url, "danger" if late > 0 else "warning", period.deadline))
    return found


def reports_waiting(user, today: datetime.date) -> list[Item]:
    """For reviewers over a period's unit: submitted reports waiting for a decision."""
    scope = scope_of(user)
    if not scope.has_role(REVIEW_ROLES):
        return []
    waiting = PeriodReport.objects.filter(
        period=OuterRef("pk"), status=PeriodReport.Status.SUBMITTED
    )
    periods = (
        scope.filter(ReportingPeriod.objects.all(), "unit__path", REVIEW_ROLES, write=True)
        .filter(Exists(waiting))
        .annotate(n=Count("reports", filter=Q(reports__status=PeriodReport.Status.SUBMITTED)))
        .order_by("deadline")[:20]
    )
    return [
        Item(
            _("%(count)s reports of “%(period)s” wait for your decision.")
            % {"count": group_digits(period.n), "period": period.title},
            period.get_absolute_url() + "?state=submitted",
            "warning",
            period.deadline,
        )
        for period in periods
    ]
