"""Who may do what with reporting periods and period reports."""

from centres.models import Centre
from centres.permissions import can_change_centre
from centres.scope import ADMIN_ROLES, REVIEW_ROLES, scope_of

from .models import PeriodReport, ReportingPeriod

EDITABLE = {PeriodReport.Status.DRAFT, PeriodReport.Status.RETURNED}


def can_open_period(user, unit=None) -> bool:
    """Reviewers and unit admins open periods over the units under them."""
    scope = scope_of(user)
    if unit is None:
        return scope.has_role(REVIEW_ROLES)
    return scope.covers(unit.path, REVIEW_ROLES)


def can_view_period(user, period: ReportingPeriod) -> bool:
    """The completeness page is for users over the period's unit."""
    return scope_of(user).covers(period.unit.path, write=False)


def covers_centre(period: ReportingPeriod, centre: Centre) -> bool:
    return centre.commune.path.startswith(period.unit.path)


def can_edit_report(user, report: PeriodReport | None, centre: Centre) -> bool:
    """The centre's editors fill and submit the report until it is submitted."""
    status = report.status if report else PeriodReport.Status.DRAFT
    return status in EDITABLE and can_change_centre(user, centre)


def can_decide(user, period: ReportingPeriod) -> bool:
    """Reviewers and unit admins over the period's unit accept or return its reports."""
    return scope_of(user).covers(period.unit.path, REVIEW_ROLES)


def can_reopen(user, period: ReportingPeriod) -> bool:
    """A unit admin over the period's unit reopens an accepted report (logged, with a reason)."""
    return scope_of(user).covers(period.unit.path, ADMIN_ROLES)
