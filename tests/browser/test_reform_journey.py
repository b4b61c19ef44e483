"""New Hưng Yên's viewer reads its predecessors' 2011 rating as then and as now, compares 2024
with the open 2026 round, drills down to the old centres and downloads the same figures."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ratings.models import Rating

from .. import reform
from ..factories import UserFactory, assign
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def world(db):
    world = reform.build()
    for centre, in_2011, in_2024 in [
        (world.centre_an_khe, "good", "good"),
        (world.centre_an_dong, "fair", "good"),
        (world.centre_an_bai, "good", "fair"),
        (world.centre_thien_phien, "average", "fair"),
    ]:
        for year, grade in ((2011, in_2011), (2024, in_2024)):
            Rating.objects.create(
                centre=centre, year=year, status="approved", grade=grade, is_historical=True
            )
    reform.merge(world)
    reform.open_2026_round(world)
    viewer = UserFactory(username="tinh")
    assign(viewer, world.hung_yen, "viewer")
    return world


def rows(page) -> dict[str, str]:
    cells = page.locator("#rating-table tbody tr")
    return {
        cells.nth(i).locator("td").nth(0).inner_text(): cells.nth(i)
        .locator("td")
        .nth(1)
        .inner_text()
        for i in range(cells.count())
    }


def test_the_province_viewer_reads_across_the_reform_and_downloads(phone, world):
    page = phone
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "tinh", "mật-khẩu-thử-123")
    page.goto(f"{page.base}/reports/ratings/")
    page.select_option("#id_year", "2011")
    page.click("main form button[type=submit]")
    # As then: the old districts of the two former provinces.
    assert rows(page) == {"Huyện Quỳnh Phụ": "3", "Huyện Tiên Lữ": "1"}
    assert "2/4 trung tâm xếp loại tốt" in page.inner_text("#headline")
    assert "Tỉnh Thái Bình" in page.inner_text("#reform-notes")
    assert_accessible(page)

    page.select_option("#id_grouping", "now")
    page.click("main form button[type=submit]")
    assert rows(page) == {"Xã Quỳnh Phụ": "3", "Xã Tiên Lữ": "1"}  # Xã An Bài once

    page.select_option("#id_year", "2026")
    page.select_option("#id_compare", "2024")
    page.click("main form button[type=submit]")
    headline = page.inner_text("#headline")
    assert "đã xếp loại 1/2" in headline
    assert "tỷ lệ trên số trung tâm đã xếp loại" in headline  # never a fall: graded shares
    assert "tăng 50,0 điểm % so với năm 2024" in headline
    query = page.url.split("?", 1)[1]

    # Drill down, as then, to the old centres graded good in 2011.
    page.select_option("#id_year", "2011")
    page.select_option("#id_compare", "")
    page.select_option("#id_grouping", "then")
    page.click("main form button[type=submit]")
    page.click("#rating-table tbody tr:has-text('Huyện Quỳnh Phụ') a >> nth=0")
    listed = page.inner_text("main")
    assert "Xã An Khê" in listed
    assert "Xã An Bài" in listed
    assert "Xã An Đồng" not in listed
    assert_accessible(page)

    excel = page.request.get(f"{page.base}/reports/ratings/?{query}&format=xlsx")
    book = load_workbook(io.BytesIO(excel.body()))
    values = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    total = next(row for row in values if row[0] == "Tổng cộng")
    assert total[:3] == ["Tổng cộng", 2, 1]
    compared = [[c.value for c in row] for row in book.worksheets[1].iter_rows()]
    assert any("đã xếp loại (4/4 và 1/2)" in str(row[0]) for row in compared)  # what it compares
    pdf = page.request.get(f"{page.base}/reports/ratings/?{query}&format=pdf")
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.body())).pages
    )
    assert "Tổng cộng 2 1 50,0%" in text
