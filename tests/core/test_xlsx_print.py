"""Every workbook prints properly: A4, one page wide, the header repeated and frozen, widths
from content, Times New Roman, sheet names Excel accepts, templates that keep typed dates."""

import io

import pytest
from openpyxl import load_workbook

from core.xlsx.write import (
    FONT_NAME,
    INTEGER,
    fit_columns,
    new_workbook,
    save_workbook,
    set_up_printing,
    sheet_title,
    shown,
    write_header,
    write_table,
)


def reopened(workbook):
    return load_workbook(io.BytesIO(save_workbook(workbook)))


def table_sheet(headers, rows, formats=None):
    """A sheet holding one table under a title row, laid out as every workbook lays it out."""
    workbook = new_workbook()
    sheet = workbook.active
    last = write_table(sheet, headers, rows, first_row=3, formats=formats)
    fit_columns(sheet, header_first_row=3, header_last_row=3, last_row=last, columns=len(headers))
    set_up_printing(sheet, header_first_row=3, header_last_row=3, columns=len(headers))
    return reopened(workbook).active


def test_a_table_prints_on_a4_one_page_wide_with_its_header_repeated():
    sheet = table_sheet(["Nguồn", "Số tiền"], [["Ngân sách nhà nước", 11_418_000_000]])
    assert sheet.page_setup.paperSize == 9
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.freeze_panes == "A4"
    assert sheet.print_options.horizontalCentered is True
    assert 0.4 <= sheet.page_margins.left <= 1
    assert 0.4 <= sheet.page_margins.top <= 1


def test_a_table_of_more_than_eight_columns_prints_landscape_with_its_first_column_frozen():
    headers = [f"Cột {n}" for n in range(1, 10)]
    sheet = table_sheet(headers, [list(range(9))])
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.freeze_panes == "B4"


def test_a_few_columns_too_wide_for_portrait_print_landscape():
    sheet = table_sheet([f"Nguồn {n}" for n in range(1, 9)], [[11_418_000_000] * 8])
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.freeze_panes == "A4"  # eight columns: only the header is frozen


def test_long_text_wraps_in_narrower_columns_so_a_few_columns_print_portrait():
    sheet = table_sheet(["Tên", "Ghi chú", "Địa điểm"], [["chữ " * 20, "chữ " * 20, "chữ " * 20]])
    assert sheet.page_setup.orientation == "portrait"
    widths = [sheet.column_dimensions[c].width for c in "ABC"]
    assert all(24 <= w < 60 for w in widths)
    assert sum(w * 8 + 5 for w in widths) <= 679
    assert sheet["A4"].alignment.wrap_text is True


def test_numbers_are_measured_as_they_show_in_vietnamese():
    assert shown(11_418_000_000, INTEGER) == "11.418.000.000"
    assert shown(0.552, "0.0%") == "55,2%"
    assert shown(0.3113, "0.00%") == "31,13%"
    assert shown(2.5, "#,##0.0") == "2,5"
    assert shown(-8.87, '"tăng "0.00;"giảm "0.00;"không đổi"') == "giảm 8,87"


def test_a_column_is_wide_enough_for_its_longest_figure_so_no_hashes_show():
    sheet = table_sheet(
        ["Nguồn", "Số tiền"],
        [["Ngân sách nhà nước", 11_418_000_000], ["Tổng cộng", 11_425_500_000]],
        formats={2: INTEGER},
    )
    assert sheet.column_dimensions["B"].width >= len("11.418.000.000") + 1
    assert sheet.column_dimensions["A"].width >= len("Ngân sách nhà nước")


def test_column_widths_stay_between_eight_and_sixty_and_long_text_wraps():
    sheet = table_sheet(["A", "Nội dung"], [[1, "Phổ biến pháp luật về đất đai " * 6]])
    assert sheet.column_dimensions["A"].width == 8
    assert sheet.column_dimensions["B"].width == 60
    assert sheet["B4"].alignment.wrap_text is True
    assert sheet.row_dimensions[4].height > 2 * 15


def test_a_long_header_wraps_between_words_instead_of_widening_its_column():
    sheet = table_sheet(["Trong đó đồng bào dân tộc thiểu số"], [[12]])
    assert 12 <= sheet.column_dimensions["A"].width < len("Trong đó đồng bào dân tộc thiểu số")
    assert sheet["A3"].alignment.wrap_text is True
    assert sheet.row_dimensions[3].height >= 2 * 15


def test_cells_and_the_workbook_default_are_times_new_roman_12():
    sheet = table_sheet(["Nguồn"], [["Ngân sách"]])
    assert (sheet["A3"].font.name, sheet["A3"].font.sz, sheet["A3"].font.b) == (FONT_NAME, 12, True)
    assert (sheet["A4"].font.name, sheet["A4"].font.sz, sheet["A4"].font.b) == (
        FONT_NAME,
        12,
        False,
    )
    assert sheet["Z99"].font.name == FONT_NAME  # what a user types takes it too
    assert sheet["A4"].border.left.style == "thin"


def test_a_two_row_header_is_merged_across_groups_and_down_single_columns():
    workbook = new_workbook()
    sheet = workbook.active
    last = write_header(
        sheet,
        [
            [("Đơn vị", 1, 2), ("Tốt", 2, 1), ("Khá", 2, 1)],
            [("trung tâm", 1, 1), ("%", 1, 1), ("trung tâm", 1, 1), ("%", 1, 1)],
        ],
        first_row=5,
    )
    assert last == 6
    sheet = reopened(workbook).active
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A5:A6", "B5:C5", "D5:E5"}
    assert [c.value for c in sheet[6]] == [None, "trung tâm", "%", "trung tâm", "%"]
    assert sheet["B5"].alignment.horizontal == "center"
    assert sheet["C5"].border.top.style == "thin"  # the merged cells keep their borders


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Kế hoạch và kết quả thực hiện", "Kế hoạch và kết quả thực hiện"),
        ("Thông tin chung và cơ sở vật chất", "Thông tin chung và cơ sở vật"),
        ("So sánh với năm 2007 — tỷ lệ trên số trung tâm đã xếp loại (4/4 và 1/2)",
         "So sánh với năm 2007"),
        ("Xếp loại: Tốt", "Xếp loại Tốt"),
        ("[Bảng]*?/\\", "Bảng"),
    ],
)  # fmt: skip
def test_sheet_names_are_cut_between_words_and_keep_no_forbidden_characters(title, expected):
    assert sheet_title(title, set()) == expected


def test_repeated_sheet_names_are_numbered_within_31_characters():
    used: set[str] = set()
    title = "Thông tin chung và cơ sở vật chất"
    names = [sheet_title(title, used) for _ in range(3)]
    assert names == [
        "Thông tin chung và cơ sở vật",
        "Thông tin chung và cơ sở (2)",
        "Thông tin chung và cơ sở (3)",
    ]
    assert sheet_title("BAN GIÁM ĐỐC", {"Ban giám đốc"}) == "BAN GIÁM ĐỐC (2)"
    assert all(len(name) <= 31 for name in names)


def test_learner_template_lists_are_headed_by_the_columns_they_serve():
    from activities.exports import learners_template

    workbook = load_workbook(io.BytesIO(learners_template()))
    lists = workbook["Danh mục"]
    assert [c.value for c in lists[1]] == ["Giới tính", "Dân tộc"]
    for sheet in workbook.worksheets:
        assert sheet.page_setup.paperSize == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert lists.print_title_rows == "$1:$1"
    assert lists.freeze_panes == "A2"
    assert workbook["Hướng dẫn"]["A1"].font.sz == 14


def test_grades_template_lists_are_headed_in_vietnamese():
    from django.test import RequestFactory

    from ratings.views import grades_template

    workbook = load_workbook(io.BytesIO(grades_template(RequestFactory().get("/")).content))
    assert workbook["Danh mục"]["A1"].value == "Xếp loại"
    assert workbook["Dữ liệu"].print_title_rows == "$1:$1"


@pytest.mark.django_db
def test_activities_template_keeps_typed_dates_as_text_and_says_so():
    from activities.exports import activities_template

    workbook = load_workbook(io.BytesIO(activities_template()))
    data = workbook["Dữ liệu"]
    headers = [c.value for c in data[1]]
    for title in ("Ngày bắt đầu *", "Ngày kết thúc", "Ngày buổi học *"):
        letter = data.cell(row=1, column=headers.index(title) + 1).column_letter
        assert data.column_dimensions[letter].number_format == "@"
    time = data.cell(row=1, column=headers.index("Giờ bắt đầu") + 1).column_letter
    assert data.column_dimensions[time].number_format == "General"
    lists = [c.value for c in workbook["Danh mục"][1]]
    assert lists == ["Loại", "Lĩnh vực"]
    assert not {"kind", "content_area"} & set(lists)
    lines = [str(c.value) for c in workbook["Hướng dẫn"]["A"] if c.value]
    dates = ("Ngày bắt đầu", "Ngày kết thúc", "Ngày buổi học", "dd/mm/yyyy")
    assert any(all(word in line for word in dates) for line in lines)  # one line on all three
    assert data.page_setup.orientation == "landscape"
    assert data.print_title_rows == "$1:$1"
