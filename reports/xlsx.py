"""The report tables as an Excel workbook: one sheet per table under the report's title block."""

import io
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from core.xlsx.write import DECIMAL, INTEGER, PERCENT, write_cell, write_table


def change_format() -> str:
    """A number format that shows a change in points as the reports write it ("tăng 17,3",
    "giảm 2,0", "không đổi") and keeps the cell a number."""
    from django.utils.translation import gettext as _

    def quoted(template: str) -> str:
        before, _mark, after = (_(template) % {"points": "\x00"}).partition("\x00")
        return (f'"{before}"' if before else "") + "0.0" + (f'"{after}"' if after else "")

    return f'{quoted("up %(points)s")};{quoted("down %(points)s")};"{_("unchanged")}"'


def tables_workbook(title_lines: list[str], tables) -> bytes:
    """One sheet per table under a title block; numbers, percentages and totals as numbers."""
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
            "change": change_format(),
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
