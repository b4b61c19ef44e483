"""Long lists streamed as sheet XML: what openpyxl reads back is what was written."""

import datetime
import io

from openpyxl import load_workbook

from core.xlsx.stream import list_workbook

LONG = "Chuyển giao khoa học kỹ thuật trồng trọt, chăn nuôi, thủy sản cho bà con " * 3


def _sheet(rows):
    data = list_workbook(
        sheet_name="Hoạt động",
        title="Hoạt động năm 2026",
        headers=["Mã xã", "Tên", "Ngày", "Lượt người"],
        rows=rows,
        formats={3: "dd/mm/yyyy", 4: "#,##0"},
    )
    return load_workbook(io.BytesIO(data)).active


def test_values_come_back_as_their_types_and_text_never_as_a_formula():
    sheet = _sheet([["00101", '=HYPERLINK("http://x","bấm")', datetime.date(2026, 3, 5), 1234]])
    assert sheet.title == "Hoạt động"
    assert [c.value for c in sheet[3]][:4] == ["Mã xã", "Tên", "Ngày", "Lượt người"]
    code, text, day, people = sheet[4][:4]
    assert (code.value, code.data_type) == ("00101", "s")  # a code keeps its leading zeros
    assert (text.value, text.data_type) == ('=HYPERLINK("http://x","bấm")', "s")
    assert day.is_date
    assert day.value.date() == datetime.date(2026, 3, 5)
    assert day.number_format == "dd/mm/yyyy"
    assert (people.value, people.number_format) == (1234, "#,##0")
    assert sheet.max_row == 4


def test_a_long_text_wraps_and_its_row_grows_control_characters_are_dropped():
    sheet = _sheet([["00101", LONG, None, None], ["00102", "Bell\x07 & <b>", None, 0]])
    assert sheet["B4"].alignment.wrap_text
    assert sheet.row_dimensions[4].height > 20
    assert sheet["B5"].value == "Bell & <b>"
    assert sheet["C4"].value is None
    assert sheet["D5"].value == 0
    assert sheet.freeze_panes == "A4"
    assert sheet.print_title_rows == "$3:$3"


def test_values_of_other_types_are_written_as_escaped_text():
    from django.utils.safestring import mark_safe

    sheet = _sheet([[mark_safe("</v><x>"), "a\uffffb", True, float("nan")]])
    assert [c.value for c in sheet[4][:4]] == ["</v><x>", "ab", "True", "nan"]
