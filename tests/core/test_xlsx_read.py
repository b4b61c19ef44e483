"""The importer's date cells: a real date cell is held to the same years as a typed date."""

import datetime

from django.utils import translation

from core.xlsx.columns import Column
from core.xlsx.read import Row

COLUMNS = [Column("day", "Ngày", kind="date")]


def read(value):
    errors = []
    with translation.override("vi"):
        found = Row(2, {"day": value}, COLUMNS, errors).date("day")
    return found, [(e.row, e.column) for e in errors]


def test_a_date_cell_of_1800_is_refused_like_a_typed_one():
    assert read(datetime.datetime(1800, 1, 1)) == (None, [(2, "Ngày")])
    assert read("01/01/1800") == (None, [(2, "Ngày")])


def test_a_date_cell_of_this_century_is_read():
    assert read(datetime.datetime(2026, 3, 5)) == (datetime.date(2026, 3, 5), [])
    assert read("05/03/2026") == (datetime.date(2026, 3, 5), [])


def test_a_cell_written_with_a_number_format_keeps_its_value():
    from openpyxl import Workbook

    from core.xlsx.write import write_cell

    sheet = Workbook().active
    cell = write_cell(sheet, 1, 1, 4999497, "#,##0")
    assert (cell.value, cell.number_format) == (4999497, "#,##0")
