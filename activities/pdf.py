"""The printable sign-in sheet of a class (A4)."""

from django.utils import timezone

from core.pdf import render_pdf

from .models import Activity

BLANK_DATE_COLUMNS = 8


def signin_sheet_pdf(activity: Activity) -> bytes:
    """Learner names and a column per session date; blank columns when no session is recorded."""
    learners = [
        e.learner
        for e in activity.enrolments.select_related("learner").order_by("learner__search_name")
    ]
    dates = list(activity.sessions.order_by("date").values_list("date", flat=True).distinct())
    return render_pdf(
        "activities/signin_sheet_pdf.html",
        {
            "activity": activity,
            "learners": learners,
            "dates": dates,
            "blank_dates": range(max(0, BLANK_DATE_COLUMNS - len(dates))),
            "blank_rows": range(max(3, 25 - len(learners))),
            "printed": timezone.localdate(),
        },
    )
