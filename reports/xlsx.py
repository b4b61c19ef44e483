"""Shared helpers for the xlsx files the portal writes: safe text, headers, formats."""

import datetime
from collections.abc import Iterable, Sequence

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

INTEGER = "#,##0"
DECIMAL = "#,##0.0"
PERCENT = "0.0%"
DATE = "dd/mm/yyyy"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
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


def tables_workbook(title_lines: list[str], tables) -> bytes:
    """One sheet per table under a title block; numbers, percentages and totals as numbers."""
    import io
    import re
    from decimal import Decimal

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    used = set()
    for table in tables:
        name = re.sub(r"[\[\]:*?/\\]", " ", table.title)[:28].strip() or "Sheet"
        while name in used:
            name = name[:26] + f" {len(used)}"
        used.add(name)
        sheet = workbook.create_sheet(name)
        for row_number, line in enumerate([*title_lines, table.title], start=1):
            write_cell(sheet, row_number, 1, line).font = Font(bold=row_number == 1)
        first = len(title_lines) + 3
        formats = {
            "int": INTEGER,
            "dec": DECIMAL,
            "pct": PERCENT,
        }
        rows = [
            [
                (float(value) / 100 if kind == "pct" and value is not None else
                 float(value) if isinstance(value, Decimal) else value)
                for value, kind in zip(row, table.kinds, strict=True)
            ]
            for row in table.rows
        ]  # fmt: skip
        last = write_table(
            sheet,
            table.headers,
            rows,
            first_row=first,
            widths=[34] + [12] * (len(table.headers) - 1),
            formats={i: formats[k] for i, k in enumerate(table.kinds, start=1) if k in formats},
        )
        for row_number, row in enumerate(rows, start=first + 1):
            for column, value in enumerate(row, start=1):
                if (
                    isinstance(value, float)
                    and not value.is_integer()
                    and table.kinds[column - 1] == "int"
                ):
                    sheet.cell(row=row_number, column=column).number_format = DECIMAL
        for row_number in range(last - table.total_rows + 1, last + 1):
            for column in range(1, len(table.headers) + 1):
                sheet.cell(row=row_number, column=column).font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
