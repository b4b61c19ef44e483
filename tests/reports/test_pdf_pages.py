"""A report's PDF breaks its pages sensibly: no page holds a lone title, total row or note."""

import datetime

import pytest
from django.template.loader import render_to_string

from reports.tables import Table

pytestmark = pytest.mark.django_db
NOTE = "Tỷ lệ trên số trung tâm hoạt động trong năm."


def _pages(rows: int, *, wide_last: bool = False) -> list[str]:
    from weasyprint import HTML

    wide = Table(
        "Cơ sở vật chất",
        ["Đơn vị", *(f"Cột {i}" for i in range(13))],
        [[f"Xã Số {r}", *range(13)] for r in range(rows)] + [["Tổng cộng", *range(13)]],
        ["text", *["int"] * 13],
        notes=[NOTE, "Ghi chú thứ hai.", "Ghi chú thứ ba."],
    )
    narrow = Table("Đội ngũ", ["Đơn vị", "Giáo viên"], [["Xã Số 1", 3]], ["text", "int"], 0)
    doc = {
        "title": "Báo cáo", "subtitle": "Tỉnh Hưng Yên", "issuing_body": "Sở GD&ĐT",
        "read_at": datetime.datetime(2026, 12, 1, 8, 0, tzinfo=datetime.UTC),
        "tables": [narrow, wide] if wide_last else [wide, narrow], "has_wide": True,
        "signer_title": "Giám đốc",
    }  # fmt: skip
    html = render_to_string("reports/document_pdf.html", {"doc": doc})
    pages = HTML(string=html, base_url="static").render().pages

    def text(box) -> str:
        own = getattr(box, "text", "") or ""
        return own + " " + " ".join(text(child) for child in getattr(box, "children", []))

    return [" ".join(text(page._page_box).split()) for page in pages]


@pytest.mark.parametrize("rows", range(22, 28))
def test_a_tables_total_and_note_never_stand_on_a_page_alone(rows):
    for page in _pages(rows):
        if NOTE in page or "Tổng cộng" in page:
            assert "Xã Số" in page, page  # with at least the table's last row
        if "Ghi chú thứ ba" in page:
            assert "Xã Số" in page, page
        if "1. Cơ sở vật chất" in page:
            assert "Xã Số 0" in page  # the title with its first rows
        if "Nơi nhận" in page:
            assert "Đội ngũ" in page  # the signature with what it signs


@pytest.mark.parametrize("rows", [5, 24, 25])
def test_after_a_wide_last_table_the_signature_stays_on_its_landscape_page(rows):
    pages = _pages(rows, wide_last=True)
    signed = next(page for page in pages if "Nơi nhận" in page)
    assert "Xã Số" in signed, signed  # with the table's last rows, not on a page of its own
