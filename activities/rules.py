"""The date and headcount rules of activities and sessions, written once.

Used by the models' clean() (forms, services) and by the importer, so a row of an uploaded file
is refused for exactly the reasons a form would be, with the same message. Each function returns
{field: message} for what is wrong.
"""

import datetime

from django.utils.translation import gettext as _

from centres.lifetime import centre_error, centre_year_open_error

# Records, plans and ratings start in 2000; an earlier date is a typing error.
EARLIEST_START = datetime.date(2000, 1, 1)
LONGEST_ACTIVITY_DAYS = 366
# Classes and talks are planned ahead (the sign-in sheet is printed before the first session);
# only what happened, attendance and headcounts, waits for the day.
PLANNING_AHEAD_DAYS = 366


def activity_date_errors(
    start: datetime.date | None, end: datetime.date | None, today: datetime.date | None = None
) -> dict[str, str]:
    today = today or datetime.date.today()
    errors = {}
    if start and (start - today).days > PLANNING_AHEAD_DAYS:
        errors["start_date"] = _("The start date can be at most a year ahead.")
    elif start and start < EARLIEST_START:
        errors["start_date"] = _("The start date cannot be before 01/01/2000.")
    if start and end:
        if end < start:
            errors["end_date"] = _("The end date cannot be before the start date.")
        elif (end - start).days > LONGEST_ACTIVITY_DAYS:
            errors["end_date"] = _("An activity cannot last more than a year.")
    return errors


def session_date_errors(
    day: datetime.date | None,
    start: datetime.date | None,
    end: datetime.date | None,
    today: datetime.date | None = None,
) -> dict[str, str]:
    """A session takes place within its activity's dates (it may be planned ahead)."""
    if not day:
        return {}
    if start and end and not start <= day <= end:
        return {
            "date": _("The session date must fall within the activity (%(start)s to %(end)s).")
            % {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")}
        }
    return {}


def upcoming(day: datetime.date | None, today: datetime.date | None = None) -> bool:
    """Whether a session is still to come: its attendance and headcount wait for the day."""
    return day is not None and day > (today or datetime.date.today())


def headcount_errors(
    participants: int, women: int, minority: int, day: datetime.date | None = None
) -> dict[str, str]:
    """Women and ethnic-minority participants are counted among the people present, who are
    counted once the session has taken place."""
    if upcoming(day) and (participants or women or minority):
        return {"participants": _("People present are counted once the session has taken place.")}
    errors = {}
    if women > participants:
        errors["participants_women"] = _("Cannot be more than the people present.")
    if minority > participants:
        errors["participants_minority"] = _("Cannot be more than the people present.")
    return errors


def centre_life_errors(centre, **days: datetime.date | None) -> dict[str, str]:
    """Each field whose day falls outside the centre's life (or its commune's), with the reason
    naming the successor: a record of a day belongs to a centre open that day."""
    errors = {}
    for field, day in days.items():
        message = centre_error(centre, day) if centre is not None and day else None
        if message:
            errors[field] = message
    return errors


def centre_year_errors(centre, year: int | None, field: str = "year") -> dict[str, str]:
    """The year's plan or funding needs the centre open on at least one day of it."""
    message = centre_year_open_error(centre, year) if centre is not None and year else None
    return {field: message} if message else {}
