"""Long lists written with XlsxWriter from plain tuples (no model instances), several times
faster than openpyxl; past half a million cells in constant-memory mode, rows streaming to disk. The
sheet looks and prints as write.py's: the same fonts, header, number formats, widths from the
content, wrapping, A4 one page wide with the header repeated and frozen; text is always text,
never a formula."""

import datetime
import io
import math
from collections.abc import Iterable, Sequence

import xlsxwriter

from .write import (
    COLUMN_PADDING_PX,
    DIGIT_PX,
    FONT_NAME,
    MARGINS,
    MAX_WIDTH,
    MIN_WIDTH,
    PORTRAIT_PX,
    WIDE_COLUMNS,
    _narrow,
    header_width,
    line_height,
    shown,
    text_width,
    wrapped_lines,
)

HEADER_COLOUR = "#DDEBF7"
CONSTANT_MEMORY_CELLS = 500_000


def _widths(headers: Sequence[str], rows: list[Sequence], formats: dict[int, str]) -> list[int]:
    """As write.fit_columns: the longest shown value and the header of each column, between
    MIN_WIDTH and MAX_WIDTH, text columns narrowed (and wrapped) to fit the page."""
    needs = [max(float(MIN_WIDTH), header_width(h)) for h in headers]
    prose = [0.0] * len(headers)
    for index in range(len(headers)):
        number_format = formats.get(index + 1, "General")
        values = {row[index] for row in rows} - {None}  # a long list repeats its names and dates
        for value in values:
            need = text_width(shown(value, number_format)) + 2
            if need > needs[index]:
                needs[index] = need
            if isinstance(value, str) and need > prose[index]:
                prose[index] = need
    widths = [min(MAX_WIDTH, math.ceil(need)) for need in needs]
    _narrow(widths, [math.ceil(p) >= w for p, w in zip(prose, widths, strict=True)])
    return widths


def list_workbook(
    *,
    sheet_name: str,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    formats: dict[int, str],
) -> bytes:
    """A title line, a one-row header and the rows (`formats`: number format by column, from
    1), as the bytes of an .xlsx file."""
    rows = list(rows)
    columns = len(headers)
    widths = _widths(headers, rows, formats)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            # Rows stream to a temporary file past a size where keeping them would cost
            # memory; below it, kept rows and shared strings write twice as fast.
            "constant_memory": len(rows) * columns > CONSTANT_MEMORY_CELLS,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "default_date_format": "dd/mm/yyyy",
        },
    )
    base = {"font_name": FONT_NAME, "font_size": 12}
    workbook.formats[0].set_font_name(FONT_NAME)  # the default font, as write.new_workbook
    workbook.formats[0].set_font_size(12)
    body = {**base, "border": 1, "valign": "top"}
    cell_formats = {
        (column, wrap): workbook.add_format(
            {
                **body,
                "text_wrap": wrap,
                **({"num_format": formats[column]} if column in formats else {}),
            }
        )
        for column in range(1, columns + 1)
        for wrap in (False, True)
    }
    header = workbook.add_format(
        {**base, "bold": True, "bg_color": HEADER_COLOUR, "border": 1, "align": "center",
         "valign": "vcenter", "text_wrap": True}
    )  # fmt: skip
    heading = workbook.add_format({**base, "font_size": 14, "bold": True, "text_wrap": True,
                                   "valign": "top"})  # fmt: skip
    sheet = workbook.add_worksheet(sheet_name)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    # The title, merged across the table (and a spare column to portrait width), wrapped.
    table_px = sum(w * DIGIT_PX + COLUMN_PADDING_PX for w in widths)
    spare = (PORTRAIT_PX - table_px - COLUMN_PADDING_PX) / DIGIT_PX
    span, across = columns, sum(widths) - 1.5
    if spare >= MIN_WIDTH:
        sheet.set_column(columns, columns, math.floor(spare))
        span, across = columns + 1, across + math.floor(spare)
    title_lines = wrapped_lines(title, across, bold=True, size=14)
    sheet.set_row(0, title_lines * line_height(14) + 2)
    sheet.merge_range(0, 0, 0, span - 1, title, heading)
    header_lines = max(
        wrapped_lines(h, w - 1.5, bold=True) for h, w in zip(headers, widths, strict=True)
    )
    sheet.set_row(2, header_lines * line_height() + 2)
    for column, text in enumerate(headers):
        sheet.write_string(2, column, str(text), header)
    for number, row in enumerate(rows, start=3):
        lines = 1
        for index, value in enumerate(row):
            if isinstance(value, str):
                room = widths[index] - 1.5
                if text_width(value) > room or "\n" in value:
                    lines = max(lines, wrapped_lines(value, room))
        if lines > 1:
            sheet.set_row(number, lines * line_height() + 2)
        for index, value in enumerate(row):
            cell_format = cell_formats[(index + 1, lines > 1 and isinstance(value, str))]
            if value is None:
                sheet.write_blank(number, index, None, cell_format)
            elif isinstance(value, str):
                sheet.write_string(number, index, value, cell_format)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(number, index, value, cell_format)
            else:
                sheet.write_number(number, index, value, cell_format)
    wide = columns > WIDE_COLUMNS
    sheet.set_paper(9)  # A4
    if wide or table_px > PORTRAIT_PX:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(
        left=MARGINS["left"], right=MARGINS["right"], top=MARGINS["top"], bottom=MARGINS["bottom"]
    )
    sheet.set_footer(f'&C&"{FONT_NAME},Regular"&10&P/&N', {"margin": MARGINS["footer"]})
    sheet.set_header("", {"margin": MARGINS["header"]})
    sheet.center_horizontally()
    sheet.set_default_row(line_height())
    sheet.repeat_rows(2)
    sheet.freeze_panes(3, 1 if wide else 0)
    workbook.close()
    return buffer.getvalue()
