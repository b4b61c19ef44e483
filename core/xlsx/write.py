"""Writing xlsx workbooks: formula-safe cells, header rows, Vietnamese number formats, templates."""

import datetime
import io
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .columns import Column

INTEGER = "#,##0"
DECIMAL = "#,##0.0"
PERCENT = "0.0%"
DATE = "dd/mm/yyyy"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def write_cell(sheet: Worksheet, row: int, column: int, value, number_format: str | None = None):
    """Write a value; text that a spreadsheet would run as a formula stays text."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # never a formula, whatever the first character
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    elif isinstance(value, datetime.date):
        cell.number_format = DATE
    elif isinstance(value, int) and not isinstance(value, bool):
        cell.number_format = INTEGER
    return cell


def write_table(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    first_row: int = 1,
    widths: Sequence[int] | None = None,
    formats: dict[int, str] | None = None,
) -> int:
    """A header row (bold, filled, frozen) and data rows below it; returns the last row."""
    for column, title in enumerate(headers, start=1):
        cell = write_cell(sheet, first_row, column, title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    row_number = first_row
    for row_number, row in enumerate(rows, start=first_row + 1):
        for column, value in enumerate(row, start=1):
            write_cell(sheet, row_number, column, value, (formats or {}).get(column))
    sheet.freeze_panes = sheet.cell(row=first_row + 1, column=1)
    for column, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    return row_number


def save_workbook(workbook: Workbook) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_workbook(
    columns: list[Column], lists: dict[str, list[str]], instructions: list[str]
) -> bytes:
    """A template to fill in: the columns' headers, drop-down lists, and a sheet of instructions."""
    workbook = Workbook()
    data = workbook.active
    data.title = _("Data")
    write_table(data, [c.header for c in columns], [], widths=[c.width for c in columns])
    options = workbook.create_sheet(_("Lists"))
    for index, (key, values) in enumerate(lists.items(), start=1):
        write_cell(options, 1, index, key).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            write_cell(options, row, index, value)
        letter = options.cell(row=1, column=index).column_letter
        position = next(i for i, c in enumerate(columns, start=1) if c.key == key)
        target = data.cell(row=1, column=position).column_letter
        validation = DataValidation(
            type="list",
            formula1=f"='{options.title}'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Not in the list"),
            error=_("Choose a value from the list."),
        )
        validation.add(f"{target}2:{target}5001")
        data.add_data_validation(validation)
        options.column_dimensions[letter].width = 40
    help_sheet = workbook.create_sheet(_("Instructions"))
    help_sheet.column_dimensions["A"].width = 110
    for row, line in enumerate(instructions, start=1):
        write_cell(help_sheet, row, 1, line)
    help_sheet["A1"].font = Font(bold=True, size=13)
    notes = [f"{c.header}: {c.note}" for c in columns if c.note]
    for row, line in enumerate(notes, start=len(instructions) + 2):
        write_cell(help_sheet, row, 1, line)
    return save_workbook(workbook)
