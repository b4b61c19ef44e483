"""Regressions for an independent review of the reporting regime (session 7)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from activities.imports import import_activities
from activities.models import Session
from centres.todo import items_for
from regime import reminders, selectors, services
from regime.models import PeriodReport, Reminder

from ..activities.test_spreadsheets import LAW, filled
from ..factories import (
    ActivityFactory,
    CentreFactory,
    ClassFactory,
    CommuneFactory,
    LearnerFactory,
    SessionFactory,
    enrol,
)
from .test_workflow import raw

TODAY = datetime.date.today()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def accepted_past_period(province, province_reviewer, centre, commune_staff):
    period = services.open_period(
        user=province_reviewer, unit=province, title="Kỳ thử", kind="custom",
        starts_on=days(-30), ends_on=days(-20), deadline=days(-15),
    )  # fmt: skip
    report = services.submit(user=commune_staff, period=period, centre=centre, raw={}, version=0)
    services.accept(user=province_reviewer, report=report, version=report.version)
    return period


def test_an_import_cannot_change_an_activity_that_reaches_into_an_accepted_period(
    centre, accepted_past_period
):
    talk = ActivityFactory(centre=centre, title="Phổ biến Luật Đất đai", start_date=days(-40),
                           end_date=days(-25))  # fmt: skip
    SessionFactory(activity=talk, date=days(-38), participants=10)
    start, end, day = (f"{days(n):%d/%m/%Y}" for n in (-40, -35, -38))
    row = ["Chuyên đề", "Phổ biến Luật Đất đai", LAW, "", start, end, "", "", day, "08:00", "",
           99, 0, 0]  # fmt: skip
    result = import_activities(centre=centre, upload=filled([row]))
    assert not result.ok
    assert "khóa" in str(result.errors[0])
    assert Session.objects.get().participants == 10


def test_a_learner_correction_cannot_recount_a_locked_class(
    client_for, centre, commune_staff, accepted_past_period
):
    learner = LearnerFactory(centre=centre, sex="female")
    locked = ClassFactory(centre=centre, start_date=days(-28), end_date=days(-22))
    open_class = ClassFactory(centre=centre, start_date=days(-10), end_date=days(-1))
    enrol(locked, [learner])
    enrol(open_class, [learner])
    url = reverse("activities:learner_update", args=[open_class.pk, learner.pk])
    page = client_for(commune_staff).get(url)
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data.update({"full_name": learner.full_name, "sex": "male", "birth_year": 1970,
                 "village": learner.village, "ethnicity": learner.ethnicity})  # fmt: skip
    response = client_for(commune_staff).post(url, data)
    assert response.status_code == 200
    assert "khóa" in response.content.decode()
    learner.refresh_from_db()
    assert learner.sex == "female"


def test_a_long_or_multiline_title_makes_a_one_line_subject_that_fits(
    province, province_reviewer, centre, commune_staff
):
    commune_staff.email = "canbo@example.vn"
    commune_staff.save()
    services.open_period(
        user=province_reviewer, unit=province, title="Kỳ\nBcc: evil@example.com " + "x" * 170,
        kind="custom", starts_on=days(-10), ends_on=days(-1), deadline=TODAY,
    )  # fmt: skip
    reminders.collect(TODAY)
    subject = Reminder.objects.get().subject
    assert "\n" not in subject
    assert len(subject) <= 250


def test_a_reminder_refused_ten_times_is_given_up(province, centre, commune_staff, settings):
    commune_staff.email = "canbo@example.vn"
    commune_staff.save()
    Reminder.objects.create(key="x", user=commune_staff, subject="s", body="b", attempts=10)
    assert reminders.send_pending() == (0, 0)


def test_the_decision_mail_is_in_vietnamese_whatever_the_reviewer_reads(
    client_for, period, centre, commune_staff, province_reviewer
):
    commune_staff.email = "canbo@example.vn"
    commune_staff.save()
    report = services.submit(
        user=commune_staff, period=period, centre=centre, raw=raw(period), version=0
    )
    client = client_for(province_reviewer)
    client.cookies["django_language"] = "en"
    client.post(
        reverse("regime:return", args=[period.pk, centre.pk]),
        {"reason": "Thiếu", "version": report.version},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert PeriodReport.objects.get().status == "returned"
    assert Reminder.objects.get().subject.startswith("Báo cáo bị trả lại")


def test_a_submission_an_hour_after_midnight_in_vietnam_is_a_day_late(period):
    deadline_night = datetime.datetime.combine(
        period.deadline + datetime.timedelta(days=1), datetime.time(1, 0)
    )
    submitted = timezone.make_aware(deadline_night)  # 01:00 in Asia/Ho_Chi_Minh, 18:00 UTC before
    assert selectors.days_late(period, "submitted", submitted, period.deadline) == 1


def test_a_unit_admin_gets_no_line_per_centre(period, centre, neighbour_centre, unit_admin):
    assert not any("nộp báo cáo" in i.text for i in items_for(unit_admin, period.starts_on))


def test_a_centre_not_open_during_the_period_files_nothing(
    client_for, period, district, unit_admin
):
    later = CentreFactory(
        commune=CommuneFactory(code="99998", name="Xã Mở Sau", parent=district),
        decision_date=period.ends_on + datetime.timedelta(days=2),
    )
    url = reverse("regime:report", args=[period.pk, later.pk])
    assert client_for(unit_admin).get(url).status_code == 404


def test_a_period_that_has_not_started_cannot_be_submitted(
    province, province_reviewer, centre, commune_staff
):
    future = services.open_period(
        user=province_reviewer, unit=province, title="Kỳ sau", kind="custom",
        starts_on=days(100), ends_on=days(200), deadline=days(210),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.submit(user=commune_staff, period=future, centre=centre, raw={}, version=0)


def test_the_index_links_centre_staff_to_their_report(client_for, period, centre, commune_staff):
    body = client_for(commune_staff).get(reverse("regime:index")).content.decode()
    assert reverse("regime:report", args=[period.pk, centre.pk]) in body
    assert f'href="{reverse("regime:period", args=[period.pk])}"' not in body
