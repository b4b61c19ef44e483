"""Importers for the activities and learner-list xlsx templates: all rows valid, or nothing."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from centres.models import Centre
from core.text import fold
from core.validators import phone_validator
from core.xlsx.read import ImportResult, Row, open_rows

from . import rollups, services
from .ethnicities import ETHNICITY_BY_NAME, KINH
from .locks import locked_period_of, locked_years
from .models import Activity, ContentArea, Learner, Session
from .models.attendance import MAX_HEADCOUNT
from .rules import (
    activity_date_errors,
    centre_life_errors,
    headcount_errors,
    session_date_errors,
    upcoming,
)
from .xlsx_columns import ACTIVITY_COLUMNS, LEARNER_COLUMNS


def _kinds() -> dict[str, str]:
    """Kinds by their label in any of the portal's languages."""
    names = {fold(value): value for value in Activity.Kind.values}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names |= {fold(str(label)): value for value, label in Activity.Kind.choices}
    return names


def import_activities(*, centre: Centre, upload, user=None) -> ImportResult:
    """Activities and their sessions from the template: one row per session."""
    result = ImportResult()
    rows = open_rows(upload, ACTIVITY_COLUMNS)
    areas = {fold(a.name): a for a in ContentArea.objects.for_centre(centre)}
    kinds = _kinds()
    locked = locked_years(centre.pk)
    today = datetime.date.today()
    activities: dict[tuple, dict] = {}
    seen_sessions: dict[tuple, int] = {}
    for number, values in rows:
        row = Row(number, values, ACTIVITY_COLUMNS, result.errors)
        errors_before = len(result.errors)
        kind = row.choice("kind", kinds)
        title = row.text("title")
        area = row.choice("content_area", areas)
        start, end, day = row.date("start_date"), row.date("end_date"), row.date("session_date")
        end = end or start
        time = row.time("start_time")
        counts = {
            k: row.count(k, MAX_HEADCOUNT)
            for k in ("participants", "participants_women", "participants_minority")
        }
        fields = {
            "partner": row.text("partner", 150), "place": row.text("place"),
            "target_group": row.text("target_group"), "topic": row.text("topic"),
        }  # fmt: skip
        for key, message in activity_date_errors(start, end, today).items():
            row.error(key, message)
        for message in session_date_errors(day, start, end, today).values():
            row.error("session_date", message)
        life = centre_life_errors(centre, start_date=start, end_date=end, session_date=day)
        for key, message in life.items():
            row.error(key, message)
        if start and start.year in locked:
            row.error("start_date", _("The records of %(year)s are locked.") % {"year": start.year})
        elif start and locked_period_of(centre.pk, start, end):
            row.error(
                "start_date", _("The records of this period are locked: its report was accepted.")
            )
        if kind == Activity.Kind.CLASS and any(v is not None for v in counts.values()):
            row.error("participants", _("A class's numbers come from its attendance: leave empty."))
        if kind == Activity.Kind.TALK:
            total = counts["participants"]
            if total is None and not row.failed("participants") and not upcoming(day):
                row.error("participants", _("Enter the number of people present at the talk."))
            elif total is not None:
                women, minority = (
                    counts[k] or 0 for k in ("participants_women", "participants_minority")
                )
                for key, message in headcount_errors(total, women, minority, day).items():
                    row.error(key, message)
        if len(result.errors) > errors_before:
            continue
        key = (kind, fold(title), start)
        first = activities.setdefault(
            key,
            {"row": number, "kind": kind, "title": title, "area": area, "start": start, "end": end,
             "fields": fields, "sessions": []},
        )  # fmt: skip
        if first["row"] != number and (first["end"], first["area"]) != (end, area):
            row.error(
                "end_date",
                _("Differs from row %(row)s of the same activity.") % {"row": first["row"]},
            )
            continue
        session_key = (key, day, time)
        if session_key in seen_sessions:
            row.error(
                "session_date", _("Duplicate of row %(row)s.") % {"row": seen_sessions[session_key]}
            )
            continue
        seen_sessions[session_key] = number
        first["sessions"].append({"date": day, "time": time, "topic": fields["topic"], **counts})
    if not result.errors:
        _refuse_locked_matches(centre, activities, locked, result)
    if result.errors:
        return result
    _save_activities(centre, activities, result, user)
    return result


def _refuse_locked_matches(centre: Centre, parsed: dict, locked: set[int], result) -> None:
    """A row that updates an existing activity whose own days are locked (its year approved, or
    a day in an accepted period) is refused, whatever dates the row gives."""
    existing = {
        (a.kind, fold(a.title), a.start_date): a
        for a in Activity.objects.filter(centre=centre, start_date__in={k[2] for k in parsed})
    }
    for key, item in parsed.items():
        activity = existing.get(key)
        if activity is None:
            continue
        if activity.start_date.year in locked or locked_period_of(
            centre.pk, activity.start_date, max(activity.end_date, item["end"] or activity.end_date)
        ):
            Row(item["row"], {}, ACTIVITY_COLUMNS, result.errors).error(
                "title", _("This activity's records are locked: it cannot be changed by an import.")
            )


@transaction.atomic
def _save_activities(centre: Centre, parsed: dict, result: ImportResult, user) -> None:
    starts = {key[2] for key in parsed}
    existing = {
        (a.kind, fold(a.title), a.start_date): a
        for a in Activity.objects.filter(centre=centre, start_date__in=starts)
    }
    new = [
        Activity(
            centre=centre, kind=item["kind"], title=item["title"], content_area=item["area"],
            start_date=item["start"], end_date=item["end"],
            partner=item["fields"]["partner"], place=item["fields"]["place"],
            target_group=item["fields"]["target_group"],
        )
        for key, item in parsed.items()
        if key not in existing
    ]  # fmt: skip
    if new:
        bulk_create_with_history(new, Activity, default_user=user)
        existing = {
            (a.kind, fold(a.title), a.start_date): a
            for a in Activity.objects.filter(centre=centre, start_date__in=starts)
        }
    activity_ids = [a.pk for a in existing.values()]
    sessions = {
        (s.activity_id, s.date, s.start_time): s
        for s in Session.objects.filter(activity_id__in=activity_ids)
    }
    to_create = []
    for key, item in parsed.items():
        activity = existing[key]
        for data in item["sessions"]:
            counts = {
                "participants": data["participants"] or 0,
                "participants_women": data["participants_women"] or 0,
                "participants_minority": data["participants_minority"] or 0,
            }
            session = sessions.get((activity.pk, data["date"], data["time"]))
            if session is None:
                to_create.append(
                    Session(activity=activity, date=data["date"], start_time=data["time"],
                            topic=data["topic"], **counts)
                )  # fmt: skip
            elif activity.kind == Activity.Kind.TALK and any(
                getattr(session, k) != v for k, v in counts.items()
            ):
                for k, v in counts.items():
                    setattr(session, k, v)
                session.save()
                result.updated += 1
            else:
                result.unchanged += 1
    if to_create:
        bulk_create_with_history(to_create, Session, default_user=user)
    if new or to_create:
        # Bulk inserts send no signals: the refresh announces the centre-years written.
        rollups.refresh({(centre.pk, item["start"].year) for item in parsed.values()})
    result.created = len(to_create)


def import_learners(*, activity: Activity, upload, user=None) -> ImportResult:
    """A class's learner list: learners already recorded at the centre are reused, not copied."""
    result = ImportResult()
    rows = open_rows(upload, LEARNER_COLUMNS)
    sexes = {"nam": "male", "nu": "female", "male": "male", "female": "female"}
    ethnicities = {fold(name): code for name, code in ETHNICITY_BY_NAME.items()}
    this_year = datetime.date.today().year
    people, seen = [], {}
    for number, values in rows:
        row = Row(number, values, LEARNER_COLUMNS, result.errors)
        errors_before = len(result.errors)
        name = row.text("full_name", 100)
        sex = row.choice("sex", sexes)
        year = row.count("birth_year", this_year - 10)
        if year is not None and year < 1910:
            row.error(
                "birth_year",
                _("Enter a birth year between 1910 and %(max)s.") % {"max": this_year - 10},
            )
        ethnicity = row.choice("ethnicity", ethnicities) or KINH
        village = row.text("village", 100)
        phone = row.text("phone", 20)
        if phone:
            try:
                phone_validator(phone)
            except ValidationError as error:
                row.error("phone", error.messages[0])
        if len(result.errors) > errors_before:
            continue
        key = (fold(name), year, fold(village))
        if key in seen:
            row.error("full_name", _("Duplicate of row %(row)s.") % {"row": seen[key]})
            continue
        seen[key] = number
        people.append(
            Learner(centre=activity.centre, full_name=name, sex=sex, birth_year=year,
                    ethnicity=ethnicity, village=village, phone=phone)
        )  # fmt: skip
    if result.errors:
        return result
    with transaction.atomic():
        for person in people:
            matches = person.likely_duplicates()
            learner = matches[0] if matches else None
            if learner is None:
                person.save()
                learner = person
                result.created += 1
            enrolment_before = activity.enrolments.filter(learner=learner).exists()
            services.enrol_learner(activity=activity, learner=learner)
            if enrolment_before:
                result.unchanged += 1
            elif learner is not person:
                result.updated += 1
    return result
