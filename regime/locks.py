"""Accepted period reports lock the centre's records of their period (activities/locks.py)."""

import datetime

from .models import PeriodReport


def accepted_periods(centre_id: int) -> list[tuple[datetime.date, datetime.date]]:
    return list(
        PeriodReport.objects.filter(
            centre_id=centre_id, status=PeriodReport.Status.ACCEPTED
        ).values_list("period__starts_on", "period__ends_on")
    )
