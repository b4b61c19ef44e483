"""A province viewer reads the rating summary, compares years, drills down and downloads."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ratings.models import Rating

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_province_viewer_compares_years_drills_down_and_downloads(
    phone, province_viewer, province, centre, neighbour_centre, far_centre
):
    for c, grade_2011, grade_2007 in [
        (centre, "good", "fair"),
        (neighbour_centre, "good", "good"),
        (far_centre, "fair", "average"),
    ]:
        Rating.objects.create(
            centre=c, year=2011, status="approved", grade=grade_2011, is_historical=True
        )
        Rating.objects.create(
            centre=c, year=2007, status="approved", grade=grade_2007, is_historical=True
        )
    page = phone
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "so_gd", "mật-khẩu-thử-123")
    page.goto(f"{page.base}/reports/ratings/")
    assert_accessible(page)
    page.select_option("#id_year", "2011")
    page.select_option("#id_compare", "2007")
    page.click("main form button[type=submit]")
    headline = page.inner_text("#headline")
    assert (
        "2/3 trung tâm xếp loại tốt (chiếm tỷ lệ 66,7%), tăng 33,3 điểm % so với năm 2007"
        in headline
    )

    # The total count of "good" leads to the two centres behind it.
    page.click("#rating-table tfoot a >> nth=0")
    names = page.inner_text("main")
    assert "Xã An Khê" in names and "Xã An Đồng" in names and "Xã Tân Lễ" not in names
    page.go_back()

    query = page.url.split("?", 1)[1]
    excel = page.request.get(f"{page.base}/reports/ratings/?{query}&format=xlsx")
    sheet = load_workbook(io.BytesIO(excel.body())).worksheets[0]
    total = next([c.value for c in row] for row in sheet.iter_rows() if row[0].value == "Tổng cộng")
    assert total[:4] == ["Tổng cộng", 3, 2, 0.667]
    pdf = page.request.get(f"{page.base}/reports/ratings/?{query}&format=pdf")
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.body())).pages
    )
    assert "Tổng cộng 3 2 66,7%" in text
