"""A district's proposal to commend a centre, decided by the province, in the register."""

import io

import openpyxl
import pytest
from pypdf import PdfReader

from emulation.models import Proposal

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "mật-khẩu-thử-123"
YEAR = 2024  # before the 2025 reform, when districts still proposed
NUMBER = "125/QĐ-UBND"


def test_a_district_proposes_a_centre_the_province_records_the_decision_and_the_register_lists_it(
    browser, phone, live_server, district_reviewer, unit_admin, district, centre,
    neighbour_centre,
):  # fmt: skip
    # The district reviewer, on a phone, opens the commendations from the top bar.
    page = phone
    log_in(page, "phong_gd", PASSWORD)
    page.click("nav.navbar .navbar-toggler")
    page.click("#main-nav >> text=Khen thưởng")
    page.wait_for_selector("main h1:text('Khen thưởng')")
    page.click("text=Đề xuất mới")
    page.wait_for_selector("main h1:text('Đề xuất mới')")
    assert_accessible(page)
    # The district is the only unit the reviewer proposes for: it is already chosen.
    assert page.input_value("#id_proposing_unit") == str(district.pk)
    page.fill("#id_year", str(YEAR))
    page.select_option("#id_recipient", label="Trung tâm")
    page.select_option("#id_centre", label=centre.name)
    page.fill(
        "#id_achievement",
        "Duy trì 12 lớp tin học và 45 chuyên đề pháp luật; 1.200 lượt người dân tham gia.",
    )
    page.select_option("#id_award", label="Bằng khen")
    page.select_option("#id_deciding_level", label="Tỉnh")
    page.click("text=Lưu nháp")
    page.wait_for_selector("text=Đã lưu nháp đề xuất.")
    assert "Đang soạn" in page.inner_text("main")
    page.click("text=Gửi đề xuất")
    page.wait_for_selector("text=Đã gửi đề xuất.")
    assert page.query_selector("text=Ghi quyết định khen thưởng") is None  # not the district's
    proposal = Proposal.objects.get()
    assert (proposal.status, proposal.proposing_unit, proposal.centre) == (
        "submitted", district, centre,
    )  # fmt: skip

    # The province's admin, at a desk, finds it among the submitted proposals and decides.
    desk_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    desk = desk_context.new_page()
    desk.set_default_timeout(10_000)
    desk.base = phone.base
    log_in(desk, "quan_tri", PASSWORD)
    desk.click("#main-nav >> text=Khen thưởng")
    desk.wait_for_selector("main h1:text('Khen thưởng')")
    desk.select_option("#id_status", label="Đã nộp")
    desk.click("main form button[type=submit]")
    desk.wait_for_url("**/emulation/?*status=submitted*")
    desk.click(f"#proposals >> text={centre.name}")
    desk.wait_for_selector("#decide-heading")
    assert_accessible(desk)
    desk.fill("#decision_decision_number", NUMBER)
    desk.fill("#decision_decision_date", f"05/03/{YEAR + 1}")
    desk.fill("#decision_deciding_body", "Chủ tịch UBND tỉnh Thái Bình")
    desk.click("main button:has-text('Ghi quyết định khen thưởng')")
    desk.wait_for_selector("text=Đã ghi nhận quyết định khen thưởng.")
    assert "Đã có quyết định" in desk.inner_text("main")
    assert desk.inner_text("#decision") == (
        f"{NUMBER} · 05/03/{YEAR + 1} · Chủ tịch UBND tỉnh Thái Bình"
    )

    # The district's register of that year lists it, on the page, in Excel and in the PDF.
    desk.click("main .breadcrumb >> text=Khen thưởng")
    desk.click("main .nav-tabs >> text=Sổ khen thưởng")
    desk.select_option("#id_unit", str(district.pk))
    desk.select_option("#id_year", str(YEAR))
    desk.click("main form button[type=submit]")
    desk.wait_for_selector(f"h1:text('Sổ khen thưởng năm {YEAR} — {district.name}')")
    register = desk.inner_text("#register")
    assert centre.name in register
    assert f"Số {NUMBER} ngày 05/03/{YEAR + 1}" in register
    assert neighbour_centre.name not in register
    assert_accessible(desk)
    with desk.expect_download() as download:
        desk.click("text=Tải về Excel")
    with open(download.value.path(), "rb") as saved:
        workbook = openpyxl.load_workbook(io.BytesIO(saved.read()))
    rows = {row[1]: row for row in workbook.worksheets[0].iter_rows(values_only=True)}
    assert rows[centre.name][6] == f"Số {NUMBER} ngày 05/03/{YEAR + 1}"
    assert neighbour_centre.name not in rows
    # The PDF opens in a new tab; its address is the page's with format=pdf.
    link = desk.eval_on_selector("text=Danh sách PDF", "a => a.href")
    pdf = desk.request.get(link, fail_on_status_code=True)
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    text = " ".join(text.split())  # the narrow columns wrap the name and the number
    assert centre.name in text
    assert f"Số {NUMBER} ngày 05/03/{YEAR + 1}" in text
    desk_context.close()

    # Back on the phone, the district sees its proposal decided.
    page.click("main .breadcrumb >> text=Khen thưởng")
    row = page.inner_text(f"#proposals tr:has-text('{centre.name}')")
    assert "Đã có quyết định" in row
    assert NUMBER in row
