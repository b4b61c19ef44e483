"""The report tables as an Excel workbook: one sheet per table under the report's title block."""

from decimal import Decimal

from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from core.xlsx.write import (
    DATE,
    DECIMAL,
    INTEGER,
    PERCENT,
    fit_columns,
    font,
    new_workbook,
    save_workbook,
    set_up_printing,
    sheet_title,
    write_lines,
    write_table,
)

from .tables import Table


def change_format(decimals: int = 1) -> str:
    """A number format that shows a change in points as the reports write it ("tăng 17,3",
    "giảm 2,0", "không đổi") and keeps the cell a number."""
    from django.utils.translation import gettext as _

    number = "0." + "0" * decimals

    def quoted(template: str) -> str:
        before, _mark, after = (_(template) % {"points": "\x00"}).partition("\x00")
        return (f'"{before}"' if before else "") + number + (f'"{after}"' if after else "")

    return f'{quoted("up %(points)s")};{quoted("down %(points)s")};"{_("unchanged")}"'


def decimals_of(value) -> int:
    """1 or 2: the decimals a share or a change was rounded to (Decimal("31.13") has 2)."""
    if isinstance(value, Decimal) and value.is_finite():
        return 2 if value.as_tuple().exponent <= -2 else 1
    return 1


def _cell(value, kind: str) -> tuple[object, str | None]:
    """The value a cell holds (a number stays a number) and its number format."""
    if value is None or isinstance(value, str):
        return value, None
    if kind == "pct":
        return float(Decimal(value) / 100), PERCENT if decimals_of(value) == 1 else "0.00%"
    if kind == "change":
        return float(value), change_format(decimals_of(value))
    if kind == "date":
        return value, DATE
    if kind == "int" and float(value).is_integer():
        return int(value), INTEGER
    if kind in ("int", "dec"):  # an average of counts has a decimal too
        return float(value), DECIMAL + "0" * (decimals_of(value) - 1)
    return (float(value) if isinstance(value, Decimal) else value), None


def _write_sheet(sheet: Worksheet, title_lines: list[str], table: Table) -> None:
    columns = len(table.headers)
    header_first = len(title_lines) + 3  # the title block, the table's title, an empty row
    cells = [[_cell(v, k) for v, k in zip(row, table.kinds, strict=True)] for row in table.rows]
    last = write_table(
        sheet,
        table.headers,
        [[value for value, _format in row] for row in cells],
        first_row=header_first,
        header_rows=table.header_rows,
    )
    header_last = header_first + len(table.header_rows) - 1
    for row_number, row in enumerate(cells, start=header_last + 1):
        for column, (_value, number_format) in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            if number_format:
                cell.number_format = number_format
            if row_number > last - table.total_rows:
                cell.font = font(bold=True)
    fit_columns(
        sheet,
        header_first_row=header_first,
        header_last_row=header_last,
        last_row=last,
        columns=columns,
    )
    lines = [*title_lines, table.title]
    rest: list[Font] = [*(font() for _line in title_lines[1:]), font(bold=True)]
    write_lines(
        sheet, lines[:1], first_row=1, columns=columns, fonts=[font(size=14, bold=True)],
        horizontal="center",
    )  # fmt: skip
    write_lines(sheet, lines[1:], first_row=2, columns=columns, fonts=rest[: len(lines) - 1])
    if table.notes:
        write_lines(
            sheet,
            table.notes,
            first_row=last + 2,
            columns=columns,
            fonts=[font(size=11, italic=True)] * len(table.notes),
        )
    set_up_printing(
        sheet, header_first_row=header_first, header_last_row=header_last, columns=columns
    )


def tables_workbook(title_lines: list[str], tables: list[Table]) -> bytes:
    """One sheet per table under a title block, ready to print: a two-row merged header for
    grouped tables, numbers, percentages and dates as such, totals bold, notes underneath."""
    workbook = new_workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        _write_sheet(workbook.create_sheet(sheet_title(table.title, used)), title_lines, table)
    return save_workbook(workbook)
