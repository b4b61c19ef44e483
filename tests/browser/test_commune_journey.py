"""Commune staff on a phone: a class from nothing to attendance, then an Excel import."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from activities.exports import activities_template
from activities.models import Funding

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "mật-khẩu-thử-123"
TODAY = datetime.date.today()


def activities_file(tmp_path, people: int) -> str:
    day = (TODAY - datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    workbook = load_workbook(io.BytesIO(activities_template()))
    sheet = workbook.worksheets[0]
    for title, count in [("Phổ biến Luật Đất đai", 95), ("Phòng chống đuối nước", people)]:
        sheet.append(["Chuyên đề", title, "Pháp luật và chính sách", "", day, "", "", "", day,
                      "08:00", "", count, 40, 0])  # fmt: skip
    path = tmp_path / f"hoat-dong-{people}.xlsx"
    workbook.save(path)
    return str(path)


def test_commune_staff_records_a_class_and_imports_talks_on_a_phone(
    phone, browser, live_server, commune_staff, district_reviewer, centre, tmp_path
):
    page = phone
    log_in(page, "canbo_xa", PASSWORD)

    # A new class.
    page.goto(f"{page.base}/activities/new/")
    page.select_option("#id_kind", "class")
    page.fill("#id_title", "Lớp kỹ năng số cho người lớn tuổi")
    page.select_option("#id_content_area", label="Tin học, kỹ năng số, chuyển đổi số")
    page.fill("#id_start_date", (TODAY - datetime.timedelta(days=7)).isoformat())
    page.fill("#id_end_date", TODAY.isoformat())
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Đã tạo hoạt động.")
    detail_url = page.url

    # Two learners enrolled.
    page.click("text=Ghi danh học viên")
    for name, sex in [("Nguyễn Thị Hoa", "female"), ("Trần Văn Bình", "male")]:
        page.fill("#id_new-full_name", name)
        page.select_option("#id_new-sex", sex)
        page.click("text=Thêm vào lớp")
        page.wait_for_selector(f"text=Đã ghi danh {name}.")

    # A session, then its attendance: everyone present but one.
    page.goto(detail_url)
    page.click("text=Thêm buổi")
    page.fill("#id_date", (TODAY - datetime.timedelta(days=1)).isoformat())
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=Lưu điểm danh")
    assert_accessible(page)
    page.click("#mark-all")
    page.click("label:has-text('Vắng') >> nth=1")
    page.click("text=Lưu điểm danh")
    page.wait_for_selector("text=Đã lưu điểm danh: 1 người có mặt.")
    page.goto(detail_url)
    assert page.inner_text("#activity-visits") == "1"
    assert_accessible(page)

    # An Excel file with a bad row shows the errors per row, and imports nothing.
    page.goto(f"{page.base}/activities/import/{centre.pk}/")
    page.set_input_files("#id_file", activities_file(tmp_path, people=-3))
    page.click("text=Kiểm tra và nhập")
    errors = page.inner_text("#import-errors")
    assert "không có dữ liệu nào được nhập" in errors
    assert "3\tSố người tham dự\tKhông được âm." in errors
    assert_accessible(page)

    # Corrected, it imports.
    page.set_input_files("#id_file", activities_file(tmp_path, people=60))
    page.click("text=Kiểm tra và nhập")
    page.wait_for_selector("text=Đã nhập: 2 buổi mới")
    assert page.inner_text("#total-visits") == "156"  # 95 + 60 + the class's 1

    # The year's funding, typed as a clerk types it: the digits are grouped while typing and
    # the full sum is stored.
    page.goto(f"{page.base}/activities/centre/{centre.pk}/{TODAY.year}/funding/")
    page.locator("#id_state_budget").fill("")
    page.locator("#id_state_budget").press_sequentially("15000000")
    assert page.input_value("#id_state_budget") == "15.000.000"
    assert_accessible(page)
    page.fill("#id_social_contributions", "2.500.000")
    page.fill("#id_spending", "12.000.000")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Đã lưu kinh phí.")
    funding = Funding.objects.get(centre=centre, year=TODAY.year)
    assert (funding.state_budget, funding.total) == (15_000_000, 17_500_000)

    # The district sees the new numbers.
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    desk = context.new_page()
    desk.base = page.base
    log_in(desk, "phong_gd", PASSWORD)
    desk.goto(f"{desk.base}/activities/")
    assert desk.inner_text("#total-visits") == "156"
    assert_accessible(desk)
    context.close()
