"""A commune's "Cộng đồng học tập" self-assessment, from the commune to its recognition at mức
độ 1 and the province's recognition report, in the browser (issue 19, part 2)."""

import datetime

import pytest
from openpyxl import load_workbook

from ratings.models import Indicator, Measure, Rating

from ..factories import UserFactory, assign, pdf_bytes
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "mật-khẩu-thử-123"
YEAR = datetime.date.today().year


def fill_points(page, share: float) -> None:
    for field in page.query_selector_all("input[name^=points_]"):
        maximum = float(field.get_attribute("data-max") or 0)
        field.fill(f"{maximum * share:.1f}".replace(".", ","))


@pytest.fixture
def province_reviewer(province):
    user = UserFactory(username="so_gddt")
    assign(user, province, "reviewer")
    return user


def test_a_commune_is_recognised_at_level_1_and_the_report_shows_it(
    browser, phone, live_server, province, province_reviewer, commune_staff, centre,
    neighbour_centre, tmp_path,
):  # fmt: skip
    # The centre's own rating of the year was approved "khá": its indicator starts at 7,5.
    Rating.objects.create(
        centre=centre, year=YEAR, status="approved", grade="fair", is_historical=True
    )

    # The province opens this year's learning-community round.
    desk_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    desk = desk_context.new_page()
    desk.set_default_timeout(10_000)
    desk.base = phone.base
    log_in(desk, "so_gddt", PASSWORD)
    desk.goto(f"{desk.base}/ratings/rounds/new/")
    desk.check("input[name=kind][value=community]")
    desk.select_option("#id_unit", str(province.pk))
    desk.fill("#id_year", str(YEAR))
    desk.click("main form button[type=submit]")
    desk.wait_for_selector("text=Đã mở đợt đánh giá.")
    assert "Đợt đánh giá “Cộng đồng học tập”" in desk.inner_text("h1")
    assert desk.inner_text("#completeness") == "0/2"
    assessment = Rating.objects.get(centre=centre, kind="community")

    # The commune fills in its self-assessment on a phone, attaches evidence and submits.
    page = phone
    log_in(page, "canbo_xa", PASSWORD)
    page.goto(f"{page.base}/ratings/")
    page.click(f"a[href='/ratings/{assessment.pk}/']")
    assert "“Cộng đồng học tập” " + centre.commune.name in page.inner_text("h1")
    assert_accessible(page)
    page.click("text=Điền phiếu tự đánh giá")
    centre_indicator = Indicator.objects.get(
        criterion__rubric=assessment.rubric, measure=Measure.CENTRE_RATING
    )
    assert page.input_value(f"#id_points_{centre_indicator.pk}") == "7,5"  # prefilled
    assert "trung tâm xếp loại khá" in page.inner_text("main")
    fill_points(page, 0.8)
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=Đã lưu điểm.")
    evidence = tmp_path / "ke-hoach-xay-dung-xa-hoi-hoc-tap.pdf"
    evidence.write_bytes(pdf_bytes())
    required = Indicator.objects.filter(criterion__rubric=assessment.rubric, evidence_required=True)
    for indicator in required:
        page.select_option("#id_indicator", str(indicator.pk))
        page.set_input_files("#id_file", str(evidence))
        page.click("text=Tải lên")
        page.wait_for_selector("text=Đã thêm tệp minh chứng.")
    page.click("text=Nộp cho cấp thẩm định")
    page.wait_for_selector("text=Đã nộp phiếu tự đánh giá.")

    # The province reviews the points and recognises the commune at level 1.
    desk.goto(f"{desk.base}/ratings/{assessment.pk}/")
    desk.click("text=Chấm điểm thẩm định")
    fill_points(desk, 0.8)
    desk.click("main form button[type=submit]")
    desk.wait_for_selector("text=Đã lưu điểm.")
    desk.click("button:has-text('Phê duyệt')")
    assert desk.inner_text("#confirm-grade") == "Đạt mức độ 1"
    desk.click("text=Xác nhận phê duyệt")
    desk.wait_for_selector("#grade")
    assert "Kết quả: Đạt mức độ 1" in desk.inner_text("#grade")

    # The recognition report shows it; the Excel says the same.
    desk.goto(f"{desk.base}/ratings/")
    desk.click("#main-nav .dropdown-toggle:text-is('Báo cáo')")
    desk.click("#main-nav .dropdown-item:text-is('Cộng đồng học tập')")
    desk.select_option("#id_unit", str(province.pk))
    desk.select_option("#id_year", str(YEAR))
    desk.click("form.d-print-none button[type=submit]")
    headline = desk.inner_text("#headline")
    assert headline.startswith("1/2 xã được công nhận “Cộng đồng học tập” (50,0%)")
    assert "1 đạt mức độ 1 (50,0%)" in headline
    assert_accessible(desk)
    desk.set_viewport_size({"width": 1280, "height": 900})
    # The bar holds on one line and the page does not scroll sideways at 1280 px.
    assert desk.evaluate("document.documentElement.scrollWidth") <= 1280
    assert desk.evaluate("document.querySelector('nav.navbar').offsetHeight") < 70
    with desk.expect_download() as download:
        desk.click("text=Tải về Excel")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"cong-dong-hoc-tap-{YEAR}.xlsx"
    sheet = load_workbook(saved).worksheets[0]
    total = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Tổng cộng")
    assert total[1:10] == (2, 0, 0.0, 1, 0.5, 0, 0.0, 1, 0.5)
    desk.click("text=Đạt mức độ 1 (1)")
    assert centre.commune.name in desk.inner_text("main")
    desk_context.close()
