"""Reminders by e-mail: owed reminders are recorded first (one row per key, so each is sent
once however often the command runs), then sent; a refused message stays unsent with its
error and is tried again on the next run. Users who opted out get none.

Owed: N days before a period's or a rating round's deadline and on the day (to the centre's
staff while its report or self-assessment is not submitted), and when a report or a rating is
returned or approved/accepted."""

import contextlib
import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from centres.models import Assignment, Role
from ratings.models import Rating, RatingRound, Transition
from ratings.permissions import SELF_EDITABLE

from .models import PeriodReport, Reminder, ReminderOptOut, ReportingPeriod
from .selectors import period_centres

log = logging.getLogger(__name__)
LOOK_BACK_DAYS = 14  # decisions and deadlines older than this are not reminded of any more
MAX_ATTEMPTS = 10  # a reminder refused this often (a daily run: ten days) is given up


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def _staff_of(commune_ids) -> dict[int, list]:
    """The active centre-staff accounts with an e-mail address of each commune, opted-out
    users left out (one query)."""
    users = (
        Assignment.objects.filter(role=Role.CENTRE_STAFF, unit_id__in=commune_ids)
        .filter(user__is_active=True)
        .exclude(user__email="")
        .exclude(Exists(ReminderOptOut.objects.filter(user=OuterRef("user"))))
        .values_list("unit_id", "user_id")
    )
    found: dict[int, list] = {}
    for unit_id, user_id in users:
        found.setdefault(unit_id, []).append(user_id)
    return found


def _one_line(text: str, limit: int) -> str:
    """A subject as mail allows it: one line (no CR/LF or other control characters), cut."""
    text = " ".join("".join(" " if ord(c) < 32 or ord(c) == 127 else c for c in text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _owe(rows: list[Reminder]) -> int:
    """Record reminders not recorded yet; returns how many rows were asked for."""
    limit = Reminder._meta.get_field("subject").max_length
    for row in rows:
        row.subject = _one_line(row.subject, limit)
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _body(lines: list[str], path: str) -> str:
    settings_link = _link(reverse("regime:reminder_settings"))
    return "\n\n".join([
        *lines,
        _("Open the page: %(link)s") % {"link": _link(path)},
        _("You receive this because you work at the centre. You can turn these e-mails off on "
          "the page %(link)s.") % {"link": settings_link},
    ])  # fmt: skip


def report_decided(report: PeriodReport) -> None:
    """A report was returned or accepted: its centre's staff hear of it (in the portal's
    language, whatever the reviewer reads it in)."""
    with translation.override(settings.LANGUAGE_CODE):
        _report_decided(report)


def _report_decided(report: PeriodReport) -> None:
    centre = report.centre
    values = {"centre": centre.name, "period": report.period.title}
    if report.status == PeriodReport.Status.RETURNED:
        subject = _("Report returned: %(period)s — %(centre)s") % values
        lines = [_("The report “%(period)s” of %(centre)s was returned. Reason: %(reason)s")
                 % {**values, "reason": report.return_reason}]  # fmt: skip
    else:
        subject = _("Report accepted: %(period)s — %(centre)s") % values
        lines = [_("The report “%(period)s” of %(centre)s was accepted; the records of the "
                   "period are now locked.") % values]  # fmt: skip
    path = report.get_absolute_url()
    _owe([
        Reminder(key=f"report:{report.pk}:v{report.version}:{report.status}:u{user_id}",
                 user_id=user_id, subject=subject, body=_body(lines, path))
        for user_id in _staff_of([centre.commune_id]).get(centre.commune_id, [])
    ])  # fmt: skip


def _deadline_step(deadline: datetime.date, today: datetime.date) -> str | None:
    """Which deadline reminder is owed today: "before" (N days ahead), "due" (on or after the
    day, for LOOK_BACK_DAYS), or none."""
    before = deadline - datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE)
    if before <= today < deadline:
        return "before"
    if deadline <= today <= deadline + datetime.timedelta(days=LOOK_BACK_DAYS):
        return "due"
    return None


def _deadline_lines(what: str, deadline: datetime.date, step: str) -> tuple[str, str]:
    values = {"what": what, "date": _day(deadline)}
    if step == "before":
        return _("Due on %(date)s: %(what)s") % values, _(
            "%(what)s is due on %(date)s and has not been submitted yet."
        ) % values
    return _("Due today or overdue: %(what)s") % values, _(
        "%(what)s was due on %(date)s and has not been submitted yet."
    ) % values


def period_deadlines(today: datetime.date) -> int:
    rows = []
    window = ReportingPeriod.objects.filter(
        starts_on__lte=today,
        deadline__gte=today - datetime.timedelta(days=LOOK_BACK_DAYS),
        deadline__lte=today + datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE),
    ).select_related("unit")
    for period in window:
        step = _deadline_step(period.deadline, today)
        if step is None:
            continue
        done = PeriodReport.objects.filter(
            period=period, centre=OuterRef("pk"),
            status__in=[PeriodReport.Status.SUBMITTED, PeriodReport.Status.ACCEPTED],
        )  # fmt: skip
        centres = list(
            period_centres(period).exclude(Exists(done)).only("pk", "name", "commune_id")
        )
        staff = _staff_of([c.commune_id for c in centres])
        for centre in centres:
            what = _("the report “%(period)s” of %(centre)s") % {
                "period": period.title,
                "centre": centre.name,
            }
            subject, line = _deadline_lines(what, period.deadline, step)
            path = reverse("regime:report", args=[period.pk, centre.pk])
            rows += [
                Reminder(key=f"period:{period.pk}:c{centre.pk}:{step}:u{user_id}", user_id=user_id,
                         subject=subject, body=_body([line], path))
                for user_id in staff.get(centre.commune_id, [])
            ]  # fmt: skip
    return _owe(rows)


def rating_deadlines(today: datetime.date) -> int:
    rows = []
    rounds = RatingRound.objects.filter(
        deadline__gte=today - datetime.timedelta(days=LOOK_BACK_DAYS),
        deadline__lte=today + datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE),
    )
    for rating_round in rounds:
        step = _deadline_step(rating_round.deadline, today)
        if step is None:
            continue
        ratings = list(
            Rating.objects.filter(round=rating_round, status__in=SELF_EDITABLE).select_related(
                "centre__commune"
            )
        )
        staff = _staff_of([r.centre.commune_id for r in ratings])
        for rating in ratings:
            what = _("the self-assessment of %(year)s of %(centre)s") % {
                "year": rating.year,
                "centre": rating.subject,
            }
            subject, line = _deadline_lines(what, rating_round.deadline, step)
            rows += [
                Reminder(key=f"rating:{rating.pk}:{step}:u{user_id}", user_id=user_id,
                         subject=subject, body=_body([line], rating.get_absolute_url()))
                for user_id in staff.get(rating.centre.commune_id, [])
            ]  # fmt: skip
    return _owe(rows)


def rating_decisions(today: datetime.date) -> int:
    since = timezone.now() - datetime.timedelta(days=LOOK_BACK_DAYS)
    steps = Transition.objects.filter(
        at__gte=since, to_status__in=[Rating.Status.RETURNED, Rating.Status.APPROVED]
    ).select_related("rating__centre__commune")
    steps = list(steps)
    staff = _staff_of([t.rating.centre.commune_id for t in steps])
    rows = []
    for step in steps:
        rating = step.rating
        values = {"year": rating.year, "centre": rating.subject, "reason": step.reason}
        if step.to_status == Rating.Status.RETURNED:
            subject = _("Self-assessment returned: %(year)s — %(centre)s") % values
            line = _("The self-assessment of %(year)s of %(centre)s was returned. Reason: "
                     "%(reason)s") % values  # fmt: skip
        elif rating.is_community:
            values["result"] = rating.result_label
            subject = _("Result approved: %(year)s — %(centre)s") % values
            line = _("The result of %(year)s of %(centre)s was approved: %(result)s.") % values
        else:
            subject = _("Rating approved: %(year)s — %(centre)s") % values
            line = _("The rating of %(year)s of %(centre)s was approved.") % values
        rows += [
            Reminder(key=f"transition:{step.pk}:u{user_id}", user_id=user_id, subject=subject,
                     body=_body([line], rating.get_absolute_url()))
            for user_id in staff.get(rating.centre.commune_id, [])
        ]  # fmt: skip
    return _owe(rows)


def collect(today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        return period_deadlines(today) + rating_deadlines(today) + rating_decisions(today)


def send_pending() -> tuple[int, int]:
    """Send every recorded, unsent reminder; returns (sent, failed)."""
    sent = failed = 0
    pending = (
        Reminder.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .exclude(Exists(ReminderOptOut.objects.filter(user=OuterRef("user"))))
        .select_related("user")
        .order_by("pk")
    )
    connection = get_connection(fail_silently=False)
    for reminder in pending:
        if not reminder.user.email or not reminder.user.is_active:
            continue
        message = EmailMessage(
            reminder.subject, reminder.body, to=[reminder.user.email], connection=connection
        )
        try:
            message.send()
        except Exception as error:  # the mail server refused or was unreachable: try next run
            log.warning("reminder %s not sent: %s", reminder.pk, error)
            Reminder.objects.filter(pk=reminder.pk).update(
                attempts=reminder.attempts + 1, last_error=str(error)[:1000]
            )
            failed += 1
            continue
        Reminder.objects.filter(pk=reminder.pk).update(
            sent_at=timezone.now(), attempts=reminder.attempts + 1, last_error=""
        )
        sent += 1
    with contextlib.suppress(Exception):  # closing a connection that failed to open
        connection.close()
    return sent, failed
