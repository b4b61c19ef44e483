"""A six-month period from the province to an accepted commune report, in the browser."""

import datetime
import io

import openpyxl
import pytest

from regime.models import PeriodReport, ReportingPeriod

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "mật-khẩu-thử-123"


def test_the_province_opens_a_period_a_commune_reports_is_returned_resubmits_and_is_accepted(
    browser, phone, live_server, commune_staff, unit_admin, province, centre, neighbour_centre,
    far_centre,
):  # fmt: skip
    today = datetime.date.today()
    half = 1 if today.month <= 6 else 2

    # The province opens this half-year's period with one extra figure.
    desk_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    desk = desk_context.new_page()
    desk.base = phone.base
    log_in(desk, "quan_tri", PASSWORD)
    desk.goto(f"{desk.base}/periods/new/")
    desk.select_option("#id_unit", str(province.pk))
    desk.select_option("#id_kind", "half")
    desk.fill("#id_year", str(today.year))
    desk.select_option("#id_half", str(half))
    desk.fill("#id_deadline", (today + datetime.timedelta(days=5)).strftime("%d/%m/%Y"))
    desk.fill("#id_asked", "Số người học xóa mù chữ")
    desk.click("main form button[type=submit]")
    desk.wait_for_selector("text=Đã mở kỳ báo cáo.")
    period = ReportingPeriod.objects.get()
    assert desk.inner_text("#accepted") == "0/3"

    # The commune fills the figure on a phone, as a clerk types it, and submits.
    page = phone
    log_in(page, "canbo_xa", PASSWORD)
    assert "Việc cần làm" in page.inner_text("main")
    page.click(f"text=nộp báo cáo “{period.title}”")
    assert_accessible(page)
    page.fill("main form input[inputmode=decimal]", "1.250")
    page.click("text=Nộp báo cáo")
    page.wait_for_selector("text=Đã nộp báo cáo.")

    # The province returns it with a reason.
    report_url = f"{desk.base}/periods/{period.pk}/centres/{centre.pk}/"
    desk.goto(report_url)
    desk.fill("#id_reason", "Số người học chưa khớp danh sách lớp")
    desk.click("text=Trả lại trung tâm")
    desk.wait_for_selector("text=Đã trả lại báo cáo cho trung tâm.")

    # The commune sees the reason, corrects and submits again.
    page.goto(page.base + "/")
    page.click(f"text=báo cáo “{period.title}” bị trả lại")
    assert "Số người học chưa khớp danh sách lớp" in page.inner_text("main")
    page.fill("main form input[inputmode=decimal]", "1.245")
    page.click("text=Nộp báo cáo")
    page.wait_for_selector("text=Đã nộp báo cáo.")

    # The province accepts; completeness shows 1 of 3 and the Excel lists the other two.
    desk.goto(report_url)
    desk.click("main button:has-text('Chấp nhận')")
    desk.wait_for_selector("text=Đã chấp nhận báo cáo")
    assert PeriodReport.objects.get().status == "accepted"
    desk.goto(f"{desk.base}/periods/{period.pk}/")
    assert desk.inner_text("#accepted") == "1/3"
    assert_accessible(desk)
    with desk.expect_download() as download:
        desk.click("text=Excel: các trung tâm chưa báo cáo")
    with open(download.value.path(), "rb") as saved:
        sheet = openpyxl.load_workbook(io.BytesIO(saved.read())).active
    communes = {row[2] for row in sheet.iter_rows(values_only=True)}
    assert {neighbour_centre.commune.name, far_centre.commune.name} <= communes
    assert centre.commune.name not in communes
    desk_context.close()
