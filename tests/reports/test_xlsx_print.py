"""The report tables in Excel print properly: a merged two-row header for grouped tables, widths
from content, numbers, shares and dates as such, notes under the table, and LibreOffice prints
every kind of workbook one page wide."""

import datetime
import io
import shutil
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.xlsx.write import FONT_NAME
from reports.tables import Table
from reports.xlsx import tables_workbook

TITLE = [
    "BÁO CÁO KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI TRUNG TÂM HỌC TẬP CỘNG ĐỒNG",
    "Tỉnh Thái Bình",
    "Số liệu tính đến 10:00 01/05/2026",
]
NOTE = "Tỷ lệ làm tròn đến 2 chữ số thập phân theo phương pháp phần dư lớn nhất."
HEADER = len(TITLE) + 3  # the title block, the table's title, an empty row


def rating_table() -> Table:
    """Twelve columns: unit, centres, then centres and share for five grades."""
    headers, kinds = ["Đơn vị", "Trung tâm"], ["text", "int"]
    groups, subheaders = [("Đơn vị", 1), ("Trung tâm", 1)], ["", ""]
    for grade in ["Tốt", "Khá", "Trung bình", "Yếu", "Chưa xếp loại"]:
        headers += [f"{grade}: trung tâm", f"{grade}: %"]
        kinds += ["int", "pct"]
        groups.append((grade, 2))
        subheaders += ["trung tâm", "%"]
    shares = [
        Decimal("55.24"),
        Decimal("31.13"),
        Decimal("12.58"),
        Decimal("1.05"),
        Decimal("0.00"),
    ]
    row = [v for s in shares for v in (int(s), s)]
    return Table(
        "Xếp loại trung tâm năm 2026",
        headers,
        [["Huyện Quỳnh Phụ", 100, *row], ["Tổng cộng", 100, *row]],
        kinds,
        groups=groups,
        subheaders=subheaders,
        notes=[NOTE],
    )


def funding_table() -> Table:
    return Table(
        "Kinh phí theo nguồn (đồng)",
        ["Nguồn", "Số tiền"],
        [["Ngân sách nhà nước", 11_418_000_000], ["Tổng cộng", 11_418_000_000]],
        ["text", "int"],
    )


def dated_table() -> Table:
    return Table(
        "Kế hoạch và kết quả thực hiện",
        ["Bắt đầu", "Tên hoạt động"],
        [[datetime.date(2026, 4, 3), "Phổ biến Luật Đất đai"]],
        ["date", "text"],
        total_rows=0,
    )


def compared_table() -> Table:
    return Table(
        "So sánh với năm 2025 — tỷ lệ trên số trung tâm đã xếp loại (4/4 và 1/2)",
        ["Xếp loại", "2025", "2026", "Thay đổi (điểm %)"],
        [
            ["Tốt", Decimal("50.0"), Decimal("55.2"), Decimal("5.2")],
            ["Khá", Decimal("40.00"), Decimal("31.13"), Decimal("-8.87")],
        ],
        ["text", "pct", "pct", "change"],
        total_rows=0,
    )


def workbook_of(*tables: Table):
    return load_workbook(io.BytesIO(tables_workbook(TITLE, list(tables))))


def test_a_wide_table_prints_landscape_one_page_wide_its_two_header_rows_repeated():
    sheet = workbook_of(rating_table()).worksheets[0]
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation) == (9, "landscape")
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == f"${HEADER}:${HEADER + 1}"
    assert sheet.freeze_panes == f"B{HEADER + 2}"  # below the header, right of the units


def test_a_narrow_table_prints_portrait_frozen_below_its_one_header_row():
    sheet = workbook_of(funding_table()).worksheets[0]
    assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (9, "portrait")
    assert sheet.print_title_rows == f"${HEADER}:${HEADER}"
    assert sheet.freeze_panes == f"A{HEADER + 1}"
    assert not [r for r in sheet.merged_cells.ranges if r.min_row >= HEADER]


def test_a_grouped_table_has_a_merged_two_row_header():
    sheet = workbook_of(rating_table()).worksheets[0]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    first, second = HEADER, HEADER + 1
    assert {f"A{first}:A{second}", f"B{first}:B{second}", f"C{first}:D{first}",
            f"K{first}:L{first}"} <= merged  # fmt: skip
    assert [sheet.cell(row=first, column=c).value for c in (1, 2, 3, 5, 11)] == [
        "Đơn vị", "Trung tâm", "Tốt", "Khá", "Chưa xếp loại",
    ]  # fmt: skip
    assert [c.value for c in sheet[second]][2:6] == ["trung tâm", "%", "trung tâm", "%"]
    top = sheet.cell(row=first, column=3)
    assert top.alignment.horizontal == "center"
    assert top.alignment.wrap_text is True
    assert top.fill.fgColor.rgb.endswith("DDEBF7")
    assert sheet.cell(row=second, column=12).border.bottom.style == "thin"


def test_the_funding_column_is_wide_enough_for_eleven_billion_and_totals_are_bold():
    sheet = workbook_of(funding_table()).worksheets[0]
    assert sheet.column_dimensions["B"].width >= len("11.418.000.000") + 1
    total = sheet.cell(row=HEADER + 2, column=2)
    assert (total.value, total.number_format) == (11_418_000_000, "#,##0")
    assert total.font.b is True
    assert total.border.left.style == "thin"
    assert sheet.cell(row=HEADER + 1, column=2).font.b is False


def test_fonts_are_times_new_roman_title_14_bold_lines_12_data_12_notes_italic_11():
    sheet = workbook_of(rating_table()).worksheets[0]

    def font(row, column=1):
        f = sheet.cell(row=row, column=column).font
        return f.name, f.sz, bool(f.b), bool(f.i)

    assert font(1) == (FONT_NAME, 14, True, False)
    assert font(2) == (FONT_NAME, 12, False, False)
    assert font(HEADER) == (FONT_NAME, 12, True, False)
    assert font(HEADER + 2, 4) == (FONT_NAME, 12, False, False)
    assert font(HEADER + 5) == (FONT_NAME, 11, False, True)


def test_notes_are_written_under_the_table_after_one_empty_row():
    sheet = workbook_of(rating_table()).worksheets[0]
    total = next(r[0].row for r in sheet.iter_rows() if r[0].value == "Tổng cộng")
    assert all(c.value is None for c in sheet[total + 1])
    assert sheet.cell(row=total + 2, column=1).value == NOTE
    assert sheet.max_row == total + 2
    assert f"A{total + 2}:L{total + 2}" in {str(r) for r in sheet.merged_cells.ranges}


def test_shares_keep_their_decimals_as_percentages_and_changes_as_points():
    rating, compared = workbook_of(rating_table(), compared_table()).worksheets
    share = rating.cell(row=HEADER + 2, column=6)
    assert (share.value, share.number_format) == (pytest.approx(0.3113), "0.00%")
    one, two = compared.cell(row=HEADER + 1, column=3), compared.cell(row=HEADER + 2, column=3)
    assert (one.value, one.number_format) == (pytest.approx(0.552), "0.0%")
    assert (two.value, two.number_format) == (pytest.approx(0.3113), "0.00%")
    change = compared.cell(row=HEADER + 2, column=4)
    assert change.value == pytest.approx(-8.87)
    assert change.number_format == '"tăng "0.00;"giảm "0.00;"không đổi"'
    assert compared.cell(row=HEADER + 1, column=4).number_format == (
        '"tăng "0.0;"giảm "0.0;"không đổi"'
    )


def test_dates_are_real_dates_shown_dd_mm_yyyy():
    cell = workbook_of(dated_table()).worksheets[0].cell(row=HEADER + 1, column=1)
    assert cell.is_date
    assert cell.value.date() == datetime.date(2026, 4, 3)
    assert cell.number_format == "dd/mm/yyyy"


def test_sheet_names_are_meaningful_at_most_31_characters_and_never_cut_mid_word():
    names = workbook_of(
        dated_table(), compared_table(), funding_table(), funding_table()
    ).sheetnames
    assert names == [
        "Kế hoạch và kết quả thực hiện",
        "So sánh với năm 2025",
        "Kinh phí theo nguồn (đồng)",
        "Kinh phí theo nguồn (đồng) (2)",
    ]
    assert all(len(name) <= 31 for name in names)


def test_a_narrow_table_s_title_block_is_as_wide_as_a_portrait_page():
    sheet = workbook_of(funding_table()).worksheets[0]
    title = next(r for r in sheet.merged_cells.ranges if r.min_row == 1)
    assert title.max_col == 3  # the two columns and a spare one
    widths = sum(sheet.column_dimensions[c].width for c in "ABC")
    assert 75 <= widths <= 84
    assert sheet.row_dimensions[1].height >= 14 * 1.3


@pytest.mark.django_db
def test_the_ratings_report_workbook_is_set_up_for_printing(client_for, province_viewer, province):
    response = client_for(province_viewer).get(
        reverse("reports:ratings"), {"unit": province.pk, "year": 2011, "format": "xlsx"}
    )
    workbook = load_workbook(io.BytesIO(response.content))
    for sheet in workbook.worksheets:
        assert sheet.page_setup.paperSize == 9
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows
        assert len(sheet.title) <= 31
    first = workbook.worksheets[0]
    assert first.page_setup.orientation == "landscape"
    assert any(r.min_row < r.max_row for r in first.merged_cells.ranges)  # the two-row header


@pytest.mark.django_db
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_every_kind_of_workbook_prints_one_page_wide_in_libreoffice(tmp_path):
    from scripts.check_workbooks import (
        check_workbooks,
        database_workbooks,
        report_workbook,
        templates_without_database,
    )

    workbooks = {
        "bao-cao.xlsx": report_workbook(),
        **templates_without_database(),
        **database_workbooks(activities=60),
    }
    checks = check_workbooks(workbooks, tmp_path)
    assert {c.workbook for c in checks} == set(workbooks)
    assert [c.line() for c in checks if c.problems] == []
    wide = next(c for c in checks if c.sheet == "Xếp loại trung tâm năm 2026")
    assert wide.orientation == "landscape"
    export = next(c for c in checks if c.workbook == "hoat-dong-2026.xlsx")
    assert export.pages > 1  # a long list goes on down the pages, never across
