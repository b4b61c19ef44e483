"""Reminders by e-mail through a real SMTP server on 127.0.0.1 (aiosmtpd), received, parsed
and checked: subject, recipient, link; none twice; a refusing server leaves them unsent and
the next run sends them; opted-out users get none."""

import datetime
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.core.management.base import CommandError

from ratings import services as rating_services
from ratings.models import Rating
from regime import services
from regime.models import Reminder, ReminderOptOut

from ..factories import UserFactory, assign
from .test_workflow import raw


class Inbox:
    def __init__(self, refuse: bool = False):
        self.messages = []
        self.refuse = refuse

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 Requested action aborted: try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, Received(message)))
        return "250 OK"


class Received:
    """A received message: its unfolded subject and its text."""

    def __init__(self, message):
        self.subject = " ".join(str(message["Subject"]).split())
        self.text = message.get_content()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    servers = []

    def start(refuse: bool = False) -> Inbox:
        inbox = Inbox(refuse)
        port = free_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        servers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = 5
        return inbox

    yield start
    for controller in servers:
        controller.stop()


@pytest.fixture
def staff_with_email(commune_staff):
    commune_staff.email = "canbo.ankhe@example.vn"
    commune_staff.save()
    return commune_staff


def _run(day):
    call_command("send_reminders", date=day.isoformat())


def test_a_reminder_is_received_a_week_before_the_deadline_once(
    smtp, period, centre, staff_with_email, settings
):
    settings.SITE_URL = "https://tthtcd.example.vn"
    inbox = smtp()
    week_before = period.deadline - datetime.timedelta(days=7)
    _run(week_before)
    _run(week_before)  # a second run the same day sends nothing again
    _run(week_before + datetime.timedelta(days=1))  # nor the next day
    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert recipients == ["canbo.ankhe@example.vn"]
    assert message.subject.startswith("Hạn nộp " + period.deadline.strftime("%d/%m/%Y"))
    body = message.text
    assert f"https://tthtcd.example.vn/periods/{period.pk}/centres/{centre.pk}/" in body
    assert "Báo cáo 6 tháng" in body


def test_on_the_deadline_a_second_reminder_and_none_after_submitting(
    smtp, period, centre, staff_with_email
):
    inbox = smtp()
    _run(period.deadline - datetime.timedelta(days=7))
    _run(period.deadline)
    assert [m.subject.split(":")[0] for _r, m in inbox.messages] == [
        f"Hạn nộp {period.deadline:%d/%m/%Y}", "Đến hạn hoặc quá hạn",
    ]  # fmt: skip
    services.submit(user=staff_with_email, period=period, centre=centre, raw=raw(period), version=0)
    Reminder.objects.all().delete()  # even forgetting what was sent: nothing for a submitted one
    _run(period.deadline + datetime.timedelta(days=1))
    assert len(inbox.messages) == 2


def test_a_returned_report_is_mailed_with_its_reason(
    smtp, period, centre, staff_with_email, province_reviewer
):
    inbox = smtp()
    report = services.submit(
        user=staff_with_email, period=period, centre=centre, raw=raw(period), version=0
    )
    services.return_report(
        user=province_reviewer, report=report, reason="Thiếu số lớp học", version=report.version
    )
    _run(period.starts_on)
    assert len(inbox.messages) == 1
    _recipients, message = inbox.messages[0]
    assert message.subject == f"Báo cáo bị trả lại: Báo cáo 6 tháng — {centre.name}"
    assert "Thiếu số lớp học" in message.text


def test_a_refusing_server_leaves_the_reminder_unsent_and_the_next_run_sends_it(
    smtp, period, centre, staff_with_email
):
    smtp(refuse=True)
    day = period.deadline
    with pytest.raises(CommandError):
        _run(day)
    reminder = Reminder.objects.get()
    assert reminder.sent_at is None
    assert reminder.attempts == 1
    assert reminder.last_error
    inbox = smtp()
    _run(day)
    assert len(inbox.messages) == 1
    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    assert reminder.last_error == ""


def test_an_unreachable_server_fails_the_run_and_keeps_the_reminder(
    settings, period, centre, staff_with_email
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    with pytest.raises(CommandError):
        _run(period.deadline)
    assert Reminder.objects.get().sent_at is None


def test_an_opted_out_user_gets_nothing(smtp, period, centre, staff_with_email, client_for):
    inbox = smtp()
    client_for(staff_with_email).post("/periods/reminders/", {})
    assert ReminderOptOut.objects.filter(user=staff_with_email).exists()
    _run(period.deadline)
    assert inbox.messages == []


def test_a_returned_self_assessment_is_mailed(
    smtp, district_reviewer, district, centre, staff_with_email
):
    inbox = smtp()
    year = datetime.date.today().year
    rating_round = rating_services.open_round(
        user=district_reviewer, unit=district, year=year,
        deadline=datetime.date.today() + datetime.timedelta(days=60),
    )  # fmt: skip
    rating = Rating.objects.get(round=rating_round, centre=centre)
    Rating.objects.filter(pk=rating.pk).update(status="submitted")
    rating.refresh_from_db()
    rating_services.return_rating(
        user=district_reviewer, rating=rating, reason="Thiếu minh chứng", version=rating.version
    )
    _run(datetime.date.today())
    subjects = [m.subject for _r, m in inbox.messages]
    assert subjects == [f"Bản tự đánh giá bị trả lại: {year} — {centre.name}"]


def test_a_user_of_another_commune_is_not_mailed(smtp, period, centre, neighbour_commune):
    inbox = smtp()
    other = UserFactory(username="canbo_khac", email="khac@example.vn")
    assign(other, neighbour_commune, "centre_staff")
    _run(period.deadline)
    assert all("khac@example.vn" not in r for r, _m in inbox.messages)
