"""The dashboard's to-do list, by role: reports and ratings due and returned, reviews waiting,
terms of office ended or ending, locked years explained, communes without a centre."""

import datetime

from django.urls import reverse
from django.utils import timezone

from centres.todo import items_for
from ratings import services as rating_services
from ratings.models import Rating
from regime import services

from ..factories import BoardMemberFactory, CommuneFactory
from .test_workflow import raw


def texts(user, today=None):
    return [item.text for item in items_for(user, today)]


def test_centre_staff_see_the_report_due(period, centre, commune_staff):
    assert any("nộp báo cáo “Báo cáo 6 tháng”" in t for t in texts(commune_staff, period.starts_on))


def test_centre_staff_see_how_late_the_report_is(period, centre, commune_staff):
    late = period.deadline + datetime.timedelta(days=3)
    assert any("(trễ 3 ngày)" in t for t in texts(commune_staff, late))


def test_a_returned_report_comes_first(period, centre, commune_staff, province_reviewer):
    report = services.submit(
        user=commune_staff, period=period, centre=centre, raw=raw(period), version=0
    )
    services.return_report(
        user=province_reviewer, report=report, reason="x", version=report.version
    )
    items = items_for(commune_staff, period.starts_on)
    assert items[0].level == "danger"
    assert "bị trả lại" in items[0].text


def test_a_submitted_report_leaves_the_staff_list_and_waits_on_the_reviewers(
    period, centre, commune_staff, province_reviewer, district_reviewer
):
    services.submit(user=commune_staff, period=period, centre=centre, raw=raw(period), version=0)
    assert not any("Báo cáo 6 tháng" in t for t in texts(commune_staff, period.starts_on))
    assert "1 báo cáo “Báo cáo 6 tháng” đang chờ anh/chị xử lý." in texts(province_reviewer)
    assert not any("đang chờ anh/chị xử lý" in t for t in texts(district_reviewer))


def test_a_term_of_office_that_ended_is_flagged(centre, commune_staff):
    BoardMemberFactory(
        centre=centre,
        full_name="Nguyễn Văn Hết",
        term_end=datetime.date.today() - datetime.timedelta(days=40),
    )
    found = [t for t in texts(commune_staff) if "Nguyễn Văn Hết" in t]
    assert found
    assert "nhiệm kỳ đã hết ngày" in found[0]


def test_a_term_ending_soon_is_a_warning_and_a_later_one_is_not_listed(centre, commune_staff):
    soon = datetime.date.today() + datetime.timedelta(days=20)
    BoardMemberFactory(centre=centre, full_name="Trần Thị Sắp", term_end=soon, position="deputy")
    BoardMemberFactory(
        centre=centre, full_name="Lê Văn Xa", position="member",
        term_end=datetime.date.today() + datetime.timedelta(days=400),
    )  # fmt: skip
    listed = texts(commune_staff)
    assert any("Trần Thị Sắp" in t and "nhiệm kỳ hết ngày" in t for t in listed)
    assert not any("Lê Văn Xa" in t for t in listed)


def test_a_locked_year_is_explained(centre, commune_staff, district_reviewer, district):
    year = datetime.date.today().year
    rating_round = rating_services.open_round(
        user=district_reviewer, unit=district, year=year, deadline=datetime.date.today()
    )
    Rating.objects.filter(round=rating_round, centre=centre).update(
        status="approved", grade="good", approved_at=timezone.now()
    )
    expected = (
        f"Năm {year} của {centre.name} đã khóa vì kết quả xếp loại đã được phê duyệt ngày "
        f"{datetime.date.today():%d/%m/%Y}"
    )
    assert any(t.startswith(expected) for t in texts(commune_staff))


def test_a_self_assessment_due_is_listed_for_the_centre(
    centre, commune_staff, district_reviewer, district
):
    year = datetime.date.today().year
    deadline = datetime.date.today() + datetime.timedelta(days=10)
    rating_services.open_round(user=district_reviewer, unit=district, year=year, deadline=deadline)
    assert any(f"nộp bản tự đánh giá năm {year}" in t for t in texts(commune_staff))


def test_a_unit_admin_sees_communes_without_a_centre(unit_admin, province, district, centre):
    CommuneFactory(code="12460", name="Xã Chưa Có", parent=district)
    assert f"{province.name}: 1 xã chưa có trung tâm." in texts(unit_admin)


def test_the_dashboard_shows_the_list_with_links(client_for, period, centre, commune_staff):
    page = client_for(commune_staff).get(reverse("dashboard"))
    body = page.content.decode()
    assert "Việc cần làm" in body
    assert reverse("regime:report", args=[period.pk, centre.pk]) in body


def test_a_viewer_has_no_to_do_of_centres(period, centre, province_viewer):
    assert texts(province_viewer) == []


def test_a_report_overdue_for_months_stays_on_the_list(period, centre, commune_staff):
    months_later = period.deadline + datetime.timedelta(days=140)
    assert any("(trễ 140 ngày)" in t for t in texts(commune_staff, months_later))
