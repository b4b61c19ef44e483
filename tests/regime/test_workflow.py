"""A period report's states and transitions, who may take each, and the lock it puts on the
period's records once accepted."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities.permissions import can_change_records, lock_reason
from regime import services
from regime.models import PeriodReport, ReportEvent

from ..factories import ActivityFactory
from .conftest import fields_of


def raw(period, number="1.250", text="Đủ"):
    n, t = fields_of(period)
    return {str(n.pk): number, str(t.pk): text}


def test_a_draft_keeps_numbers_typed_the_vietnamese_way(period, centre, commune_staff):
    report = services.save_draft(
        user=commune_staff, period=period, centre=centre, raw=raw(period, "1.250,5"), version=0
    )
    number, _text = fields_of(period)
    assert report.status == PeriodReport.Status.DRAFT
    assert report.values[str(number.pk)] == "1250.5"


def test_a_wrong_number_is_refused_at_its_field_and_nothing_is_saved(period, centre, commune_staff):
    number, _text = fields_of(period)
    with pytest.raises(ValidationError) as error:
        services.save_draft(
            user=commune_staff, period=period, centre=centre, raw=raw(period, "12a"), version=0
        )
    assert str(number.pk) in error.value.message_dict
    assert "1.250" in error.value.message_dict[str(number.pk)][0]
    assert not PeriodReport.objects.exists()


def test_submitting_needs_every_required_field(period, centre, commune_staff):
    with pytest.raises(ValidationError) as error:
        services.submit(
            user=commune_staff, period=period, centre=centre, raw=raw(period, ""), version=0
        )
    assert "Số người học xóa mù chữ" in str(error.value)
    assert not PeriodReport.objects.exists()


def test_submit_return_resubmit_accept_and_reopen_are_logged(
    period, centre, commune_staff, province_reviewer, unit_admin
):
    report = services.submit(
        user=commune_staff, period=period, centre=centre, raw=raw(period), version=0
    )
    assert report.status == "submitted"
    assert report.submitted_at
    services.return_report(
        user=province_reviewer, report=report, reason="Thiếu số liệu", version=report.version
    )
    assert report.status == "returned"
    assert report.return_reason == "Thiếu số liệu"
    report = services.submit(
        user=commune_staff, period=period, centre=centre, raw=raw(period, "1.300"),
        version=report.version,
    )  # fmt: skip
    services.accept(user=province_reviewer, report=report, version=report.version)
    assert report.status == "accepted"
    services.reopen(user=unit_admin, report=report, reason="Sửa số liệu", version=report.version)
    assert report.status == "submitted"
    steps = list(ReportEvent.objects.filter(report=report).values_list("from_status", "to_status"))
    assert steps == [
        ("", "draft"), ("draft", "submitted"), ("submitted", "returned"),
        ("returned", "submitted"), ("submitted", "accepted"), ("accepted", "submitted"),
    ]  # fmt: skip
    assert ReportEvent.objects.get(to_status="submitted", from_status="accepted").reason == (
        "Sửa số liệu"
    )


def test_a_double_submit_from_two_tabs_writes_once(period, centre, commune_staff):
    services.submit(user=commune_staff, period=period, centre=centre, raw=raw(period), version=0)
    with pytest.raises((services.ConcurrentEdit, ValidationError)):
        services.submit(
            user=commune_staff, period=period, centre=centre, raw=raw(period), version=0
        )
    assert ReportEvent.objects.filter(to_status="submitted").count() == 1


def test_a_decision_on_a_stale_page_changes_nothing(
    period, centre, commune_staff, province_reviewer
):
    report = services.submit(
        user=commune_staff, period=period, centre=centre, raw=raw(period), version=0
    )
    stale = report.version
    services.accept(user=province_reviewer, report=report, version=stale)
    with pytest.raises((services.ConcurrentEdit, ValidationError)):
        services.return_report(user=province_reviewer, report=report, reason="x", version=stale)
    assert PeriodReport.objects.get().status == "accepted"


def test_returning_needs_a_reason(period, centre, commune_staff, province_reviewer):
    report = services.submit(
        user=commune_staff, period=period, centre=centre, raw=raw(period), version=0
    )
    with pytest.raises(ValidationError):
        services.return_report(user=province_reviewer, report=report, reason=" ", version=2)


def test_an_accepted_report_locks_the_records_of_its_period_only(
    period, centre, commune_staff, province_reviewer, talk_in_period, half_year
):
    report = services.submit(
        user=commune_staff, period=period, centre=centre, raw=raw(period), version=0
    )
    starts, ends = half_year
    assert can_change_records(commune_staff, centre, starts.year, starts, starts)
    services.accept(user=province_reviewer, report=report, version=report.version)
    assert not can_change_records(commune_staff, centre, starts.year, starts, starts)
    assert lock_reason(centre, starts.year, starts, starts) == (
        f"Số liệu từ {starts:%d/%m/%Y} đến {ends:%d/%m/%Y} đã khóa: báo cáo kỳ đó của trung tâm "
        "đã được chấp nhận."
    )
    after = ends + datetime.timedelta(days=1)
    assert can_change_records(commune_staff, centre, after.year, after, after)


def test_the_locked_activity_page_refuses_an_edit_with_the_reason(
    client_for, period, centre, commune_staff, province_reviewer, talk_in_period
):
    report = services.submit(
        user=commune_staff, period=period, centre=centre, raw=raw(period), version=0
    )
    services.accept(user=province_reviewer, report=report, version=report.version)
    response = client_for(commune_staff).get(reverse("activities:update", args=[talk_in_period.pk]))
    assert response.status_code == 403


def test_staff_fill_and_submit_the_report_in_the_browser_form(
    client_for, period, centre, commune_staff, talk_in_period
):
    client = client_for(commune_staff)
    url = reverse("regime:report", args=[period.pk, centre.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Số người học xóa mù chữ" in page.content.decode()
    assert page.context["figures"].total["visits"] == 40
    response = client.post(url, {**raw(period, "7,5"), "version": 0, "submit": "1"})
    assert response.status_code == 302
    report = PeriodReport.objects.get()
    assert report.status == "submitted"
    assert "7,5" in client.get(url).content.decode()


def test_a_wrong_number_in_the_form_shows_at_the_field(client_for, period, centre, commune_staff):
    client = client_for(commune_staff)
    url = reverse("regime:report", args=[period.pk, centre.pk])
    response = client.post(url, {**raw(period, "mười"), "version": 0, "submit": "1"})
    assert response.status_code == 200
    number, _text = fields_of(period)
    assert response.context["form"].errors[str(number.pk)]
    assert not PeriodReport.objects.exists()


def test_a_reviewer_of_another_province_gets_404(client_for, period, centre, outsider):
    response = client_for(outsider).get(reverse("regime:report", args=[period.pk, centre.pk]))
    assert response.status_code == 404


def test_a_viewer_reads_but_cannot_decide(
    client_for, period, centre, commune_staff, province_viewer
):
    report = services.submit(
        user=commune_staff, period=period, centre=centre, raw=raw(period), version=0
    )
    client = client_for(province_viewer)
    url = reverse("regime:accept", args=[period.pk, centre.pk])
    assert client.post(url, {"version": report.version}).status_code == 403
    assert PeriodReport.objects.get().status == "submitted"


def test_the_province_accepts_through_the_page(
    client_for, period, centre, commune_staff, province_reviewer
):
    report = services.submit(
        user=commune_staff, period=period, centre=centre, raw=raw(period), version=0
    )
    client = client_for(province_reviewer)
    page = client.get(reverse("regime:report", args=[period.pk, centre.pk]))
    assert page.context["can_decide"]
    client.post(reverse("regime:accept", args=[period.pk, centre.pk]), {"version": report.version})
    assert PeriodReport.objects.get().status == "accepted"


def test_a_period_cannot_end_before_it_starts(province, province_reviewer):
    today = datetime.date.today()
    with pytest.raises(ValidationError):
        services.open_period(
            user=province_reviewer, unit=province, title="Sai", kind="custom",
            starts_on=today, ends_on=today - datetime.timedelta(days=1), deadline=today,
        )  # fmt: skip


def test_the_open_form_derives_the_half_year_dates(client_for, province, province_reviewer):
    client = client_for(province_reviewer)
    response = client.post(
        reverse("regime:period_open"),
        {"unit": province.pk, "kind": "half", "year": 2026, "half": 1,
         "deadline": "15/07/2026", "asked": "Số câu lạc bộ\nGhi chú (chữ)"},
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    from regime.models import ReportingPeriod

    period = ReportingPeriod.objects.get()
    assert (period.starts_on, period.ends_on) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 6, 30),
    )
    assert period.title == "Báo cáo 6 tháng đầu năm 2026"
    assert [(f.label, f.kind) for f in period.fields.all()] == [
        ("Số câu lạc bộ", "number"), ("Ghi chú", "text"),
    ]  # fmt: skip


def test_centre_staff_cannot_open_a_period(client_for, commune_staff):
    assert client_for(commune_staff).get(reverse("regime:period_open")).status_code == 403


def test_an_activity_outside_the_period_stays_editable(
    period, centre, commune_staff, province_reviewer, half_year
):
    starts, _ends = half_year
    before = starts - datetime.timedelta(days=3)
    activity = ActivityFactory(centre=centre, start_date=before, end_date=before)
    report = services.submit(
        user=commune_staff, period=period, centre=centre, raw=raw(period), version=0
    )
    services.accept(user=province_reviewer, report=report, version=report.version)
    assert can_change_records(
        commune_staff, centre, activity.year, activity.start_date, activity.end_date
    )
    assert lock_reason(centre, activity.year, before, before) is None


def test_the_activity_page_says_why_its_edit_buttons_are_gone(
    client_for, period, centre, commune_staff, province_reviewer, talk_in_period
):
    report = services.submit(
        user=commune_staff, period=period, centre=centre, raw=raw(period), version=0
    )
    services.accept(user=province_reviewer, report=report, version=report.version)
    page = client_for(commune_staff).get(reverse("activities:detail", args=[talk_in_period.pk]))
    body = page.content.decode()
    assert 'id="locked"' in body
    assert "báo cáo kỳ đó của trung tâm đã được chấp nhận" in body
    assert reverse("activities:update", args=[talk_in_period.pk]) not in body


def test_the_total_of_the_figures_is_the_sum_of_its_rows(period, centre, half_year):
    from regime.selectors import centre_figures

    from ..factories import SessionFactory

    starts, _ends = half_year
    for n in range(3):
        talk = ActivityFactory(centre=centre, start_date=starts, end_date=starts)
        SessionFactory(activity=talk, date=starts, participants=10 + n)
    figures = centre_figures(period, centre)
    assert figures.total["talks"] == 3
    assert figures.total["sessions"] == 3
    assert figures.total["visits"] == 33
    assert figures.total["talks"] == sum(row["talks"] for row in figures.rows)


def test_a_reviewer_cannot_reopen_only_a_unit_admin_can(
    client_for, period, centre, commune_staff, province_reviewer, unit_admin
):
    report = services.submit(
        user=commune_staff, period=period, centre=centre, raw=raw(period), version=0
    )
    services.accept(user=province_reviewer, report=report, version=report.version)
    url = reverse("regime:reopen", args=[period.pk, centre.pk])
    data = {"reason": "Sửa số liệu", "version": PeriodReport.objects.get().version}
    assert client_for(province_reviewer).post(url, data).status_code == 403
    assert PeriodReport.objects.get().status == "accepted"
    client_for(unit_admin).post(url, data)
    assert PeriodReport.objects.get().status == "submitted"


def test_a_district_reviewer_cannot_decide_on_the_province_period(
    client_for, period, centre, commune_staff, district_reviewer
):
    report = services.submit(
        user=commune_staff, period=period, centre=centre, raw=raw(period), version=0
    )
    url = reverse("regime:accept", args=[period.pk, centre.pk])
    assert client_for(district_reviewer).post(url, {"version": report.version}).status_code == 404
    assert PeriodReport.objects.get().status == "submitted"


def test_the_centre_cannot_edit_a_submitted_report(client_for, period, centre, commune_staff):
    report = services.submit(
        user=commune_staff, period=period, centre=centre, raw=raw(period), version=0
    )
    url = reverse("regime:report", args=[period.pk, centre.pk])
    response = client_for(commune_staff).post(url, {**raw(period, "9"), "version": report.version})
    assert response.status_code == 403
    number, _text = fields_of(period)
    assert PeriodReport.objects.get().values[str(number.pk)] == "1250"


def test_the_unit_decides_on_the_figures_as_submitted(
    client_for, period, centre, commune_staff, province_reviewer, talk_in_period, half_year
):
    from ..factories import SessionFactory

    report = services.submit(
        user=commune_staff, period=period, centre=centre, raw=raw(period), version=0
    )
    starts, _ends = half_year
    SessionFactory(activity=talk_in_period, date=starts, participants=500)  # after submitting
    url = reverse("regime:report", args=[period.pk, centre.pk])
    page = client_for(province_reviewer).get(url)
    assert page.context["figures"].total["visits"] == 40
    assert "Số liệu tại thời điểm nộp" in page.content.decode()
    services.return_report(
        user=province_reviewer, report=report, reason="x", version=report.version
    )
    assert client_for(commune_staff).get(url).context["figures"].total["visits"] == 540


def test_a_negative_number_is_refused_as_negative(period, centre, commune_staff):
    number, _text = fields_of(period)
    with pytest.raises(ValidationError) as error:
        services.save_draft(
            user=commune_staff, period=period, centre=centre, raw=raw(period, "-3"), version=0
        )
    assert "không được âm" in error.value.message_dict[str(number.pk)][0]
