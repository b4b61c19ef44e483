"""Writing xlsx workbooks: formula-safe cells, header rows, Vietnamese number formats, templates,
and the layout every sheet prints with: A4, one page wide, the header repeated and frozen, widths
from the content, Times New Roman throughout.
"""

import datetime
import functools
import io
import math
import re
from collections.abc import Iterable, Sequence
from copy import copy
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from .columns import Column

FONT_NAME = "Times New Roman"  # what Vietnamese administrative documents are printed in
INTEGER = "#,##0"
DECIMAL = "#,##0.0"
PERCENT = "0.0%"
DATE = "dd/mm/yyyy"
TEXT = "@"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TEMPLATE_ROWS = 5000  # rows of a template its drop-down lists cover
MIN_WIDTH, MAX_WIDTH = 8, 60
# Column widths are counted in digits of the default font (Times New Roman 12 pt: 8 px); the
# printable width of A4 in pixels at 96 dpi, inside the margins below.
DIGIT_PX, COLUMN_PADDING_PX = 8, 5
MARGINS = {"left": 0.7, "right": 0.5, "top": 0.75, "bottom": 0.75, "header": 0.3, "footer": 0.3}
PORTRAIT_PX = round((8.27 - MARGINS["left"] - MARGINS["right"]) * 96)
LANDSCAPE_PX = round((11.69 - MARGINS["left"] - MARGINS["right"]) * 96)
WRAP_FLOOR = 24  # text columns narrow to this, wrapping, for a table to fit the page
WIDE_COLUMNS = 8  # more columns than this print landscape, with the first column frozen


def font(*, size: int = 12, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic)


BODY_FONT = font()
TOP = Alignment(vertical="top")
WRAP = Alignment(vertical="top", wrap_text=True)


def new_workbook() -> Workbook:
    """An empty workbook whose default font is FONT_NAME 12 pt.

    Column widths are measured in digits of the default font, and what a user types into a
    template takes it; openpyxl has no public way to change it, so the first font is replaced.
    """
    workbook = Workbook()
    workbook._fonts = IndexedList([font()])
    workbook._named_styles["Normal"].font = font()
    return workbook


def _put(cell, value) -> str | None:
    """Set the value (text that a spreadsheet would run as a formula stays text); returns the
    number format the value needs unless the caller gives one."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the first character
    elif isinstance(value, datetime.date):
        return DATE
    elif isinstance(value, int) and not isinstance(value, bool):
        return INTEGER
    return None


def write_cell(sheet: Worksheet, row: int, column: int, value, number_format: str | None = None):
    """Write a value in the body font; text that a spreadsheet would run as a formula stays text."""
    cell = sheet.cell(row=row, column=column)
    shown = _put(cell, value)  # always written; a format given wins over the value's own
    number_format = number_format or shown
    cell.font = BODY_FONT
    if number_format:
        cell.number_format = number_format
    return cell


def _styled(cell, cache: dict, key, **styles) -> None:
    """Give the cell `styles`, set once per `key` and copied after: openpyxl hashes each style
    object it is given, which costs more than all the rest of writing a large sheet."""
    if key in cache:
        cell._style = copy(cache[key])
        return
    for name, value in styles.items():
        setattr(cell, name, value)
    cache[key] = copy(cell._style)


def style_header(cell) -> None:
    cell.font = font(bold=True)
    cell.fill = HEADER_FILL
    cell.border = BORDER
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def write_header(
    sheet: Worksheet, header_rows: Sequence[Sequence[tuple[str, int, int]]], *, first_row: int
) -> int:
    """Header rows of (text, columns spanned, rows spanned), merged as spanned, placed left to
    right around the cells merged down from the row above; returns the last header row."""
    taken: set[tuple[int, int]] = set()
    for row_number, cells in enumerate(header_rows, start=first_row):
        column = 1
        for text, across, down in cells:
            while (row_number, column) in taken:
                column += 1
            write_cell(sheet, row_number, column, str(text))
            last_row, last_column = row_number + down - 1, column + across - 1
            if (last_row, last_column) != (row_number, column):
                sheet.merge_cells(
                    start_row=row_number,
                    start_column=column,
                    end_row=last_row,
                    end_column=last_column,
                )
            for r in range(row_number, last_row + 1):
                for c in range(column, last_column + 1):
                    taken.add((r, c))
                    style_header(sheet.cell(row=r, column=c))
            column = last_column + 1
    return first_row + len(header_rows) - 1


def write_table(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    first_row: int = 1,
    formats: dict[int, str] | None = None,
    header_rows: Sequence[Sequence[tuple[str, int, int]]] | None = None,
) -> int:
    """A header (one row of `headers`, or `header_rows`) and bordered data rows below it;
    returns the last row."""
    header_last = write_header(
        sheet, header_rows or [[(h, 1, 1) for h in headers]], first_row=first_row
    )
    row_number, cache = header_last, {}
    for row_number, row in enumerate(rows, start=header_last + 1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            default = _put(cell, value)
            number_format = (formats or {}).get(column) or default or "General"
            _styled(
                cell, cache, number_format,
                font=BODY_FONT, border=BORDER, alignment=TOP, number_format=number_format,
            )  # fmt: skip
    return row_number


def shown(value, number_format: str = "General") -> str:
    """The text a spreadsheet shows for a value, Vietnamese style: 11.418.000.000, 55,2%."""
    if value is None:
        return ""
    if isinstance(value, str):
        return max(value.splitlines() or [""], key=len)
    if isinstance(value, datetime.datetime):
        return "00/00/0000 00:00"
    if isinstance(value, datetime.date):
        return "00/00/0000"
    if isinstance(value, datetime.time):
        return "00:00"
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    sections, number = number_format.replace(TEXT, "General").split(";"), float(value)
    index = 1 if number < 0 and len(sections) > 1 else 0
    index = 2 if number == 0 and len(sections) > 2 else index
    sign = "-" if number < 0 and index == 0 else ""
    parts = []
    for literal, code in re.findall(r'"([^"]*)"|([^"]+)', sections[index]):
        if not re.search(r"[0#]", code):
            parts.append(literal or code.replace("General", f"{number:.10g}".replace(".", ",")))
            continue
        decimals = len(code.partition(".")[2].rstrip("%"))
        scaled = abs(number) * (100 if "%" in code else 1)
        text = f"{scaled:{',' if ',' in code else ''}.{decimals}f}{'%' if '%' in code else ''}"
        parts.append(sign + text.translate(str.maketrans(",.", ".,")))
    return "".join(parts)


@functools.lru_cache(maxsize=4096)
def text_width(text: str, *, bold: bool = False, size: int = 12) -> float:
    """Roughly how many digits of the default font `text` takes in Times New Roman: a digit
    one, a small letter 0,9, a capital 1,3, a % 1,7, a space or a stop 0,6."""
    alnum, digits = sum(map(str.isalnum, text)), sum(map(str.isdigit, text))
    wide = text.count("%") + text.count("@")
    units = (
        0.9 * (alnum - digits) + 0.4 * sum(map(str.isupper, text)) + digits
        + 0.6 * (len(text) - alnum - wide) + 1.7 * wide
    )  # fmt: skip
    return units * (1.1 if bold else 1.0) * size / 12


def wrapped_lines(text: str, width: float, *, bold: bool = False, size: int = 12) -> int:
    """How many lines `text` wraps into at `width` digits, breaking between words (and inside
    a word longer than a line, as spreadsheets do)."""
    space = text_width(" ", bold=bold, size=size)
    lines = 0
    for paragraph in str(text).splitlines() or [""]:
        lines += 1
        used = 0.0
        for word in paragraph.split():
            need = text_width(word, bold=bold, size=size)
            if used and used + space + need > width:
                lines, used = lines + 1, 0.0
            if used:
                used += space + need
            else:
                extra, used = divmod(need, width) if need > width else (0, need)
                lines += int(extra)
    return lines


def header_width(text: str, *, one_line: float = 14) -> float:
    """The width a bold header needs: on one line when short, else wrapped between words into
    at most three lines, as few as fit in `one_line` digits."""
    single = text_width(str(text), bold=True) + 2
    if single <= one_line:
        return single
    width = max((text_width(word, bold=True) for word in str(text).split()), default=0)
    while wrapped_lines(text, width, bold=True) > 3:
        width += 0.5
    return max(width + 2, one_line)


def line_height(size: int = 12) -> float:
    return size * 1.3125  # 15,75 pt for a line of 12 pt, as Excel sets it


def _width(sheet: Worksheet, column: int) -> float:
    return sheet.column_dimensions[get_column_letter(column)].width or 13


def _pixels(sheet: Worksheet, columns: int) -> float:
    """How wide the first `columns` columns print at 100%, padding included."""
    return sum(_width(sheet, c) * DIGIT_PX + COLUMN_PADDING_PX for c in range(1, columns + 1))


def _narrow(widths: list[int], narrowable: list[bool]) -> None:
    """Narrow the widest of the columns made wide by their text (which then wraps), down to
    WRAP_FLOOR, until the table fits A4 unscaled (portrait for a few columns, else landscape),
    so that long text prints legibly rather than shrunk."""
    page = PORTRAIT_PX if len(widths) <= WIDE_COLUMNS else LANDSCAPE_PX
    while sum(w * DIGIT_PX + COLUMN_PADDING_PX for w in widths) > page:
        candidates = [i for i, w in enumerate(widths) if narrowable[i] and w > WRAP_FLOOR]
        if not candidates:
            return
        widths[max(candidates, key=widths.__getitem__)] -= 1


def fit_columns(
    sheet: Worksheet,
    *,
    header_first_row: int,
    header_last_row: int,
    last_row: int,
    columns: int,
    minimum: Sequence[float] = (),
) -> None:
    """Widths from the longest shown value of each column and its header (which may wrap),
    between MIN_WIDTH and MAX_WIDTH; longer text wraps, and rows are made tall enough."""
    merges = {
        (m.min_row, m.min_col): m
        for m in sheet.merged_cells.ranges
        if m.min_row >= header_first_row and m.max_row <= last_row
    }
    needs = [float(MIN_WIDTH)] * columns
    for index, value in enumerate(minimum[:columns]):
        needs[index] = max(needs[index], value)
    texts = []  # (cell, bold, width on one line) of the text cells, to wrap once widths are known
    prose = [0.0] * columns  # the widest text of each column, below the header
    for row in sheet.iter_rows(min_row=header_first_row, max_row=last_row, max_col=columns):
        bold = bool(row[0].font.b)  # totals are bold all along their row
        for cell in row:
            merged = merges.get((cell.row, cell.column))
            if cell.value is None:
                continue
            one_line = text_width(shown(cell.value, cell.number_format), bold=bold)
            if isinstance(cell.value, str):
                texts.append((cell, bold, one_line))
            if merged and merged.max_col > merged.min_col:
                continue
            need = header_width(cell.value) if cell.row <= header_last_row else one_line + 2
            needs[cell.column - 1] = max(needs[cell.column - 1], need)
            if cell.row > header_last_row and isinstance(cell.value, str):
                prose[cell.column - 1] = max(prose[cell.column - 1], need)
    widths = [min(MAX_WIDTH, math.ceil(need)) for need in needs]
    _narrow(widths, [math.ceil(p) >= w for p, w in zip(prose, widths, strict=True)])
    for (row, column), merged in merges.items():  # a heading over several columns: widen them
        if merged.max_col > merged.min_col and row <= header_last_row:
            count = merged.max_col - merged.min_col + 1
            short = header_width(sheet.cell(row=row, column=column).value)
            short -= sum(widths[column - 1 : merged.max_col])
            for index in range(column - 1, merged.max_col):
                widths[index] += max(0, math.ceil(short / count))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    lines: dict[int, int] = {}
    for cell, bold, one_line in texts:
        merged = merges.get((cell.row, cell.column))
        last_column, down = cell.column, 1
        if merged:
            last_column, down = merged.max_col, merged.max_row - merged.min_row + 1
        width = sum(widths[cell.column - 1 : last_column]) - 1.5  # the cell's inner margins
        if one_line <= width and "\n" not in cell.value:
            continue
        needed = wrapped_lines(cell.value, width, bold=bold)
        if cell.row > header_last_row:
            cell.alignment = WRAP
        lines[cell.row] = max(lines.get(cell.row, 1), math.ceil(needed / down))
    for row_number, count in lines.items():
        if count > 1:
            sheet.row_dimensions[row_number].height = count * line_height() + 2


def write_lines(
    sheet: Worksheet,
    lines: Sequence[str],
    *,
    first_row: int,
    columns: int,
    fonts: Sequence[Font],
    horizontal: str = "left",
) -> int:
    """Lines of text, each merged across the table's columns (and a spare column making a
    narrow table's lines as wide as portrait A4) and wrapped within them, the rows as tall as
    the wrapped text; returns the last row."""
    spare = (PORTRAIT_PX - _pixels(sheet, columns) - COLUMN_PADDING_PX) / DIGIT_PX
    if spare >= MIN_WIDTH:
        sheet.column_dimensions[get_column_letter(columns + 1)].width = math.floor(spare)
        columns += 1
    width = sum(_width(sheet, c) for c in range(1, columns + 1)) - 1.5
    row_number = first_row - 1
    for row_number, (line, line_font) in enumerate(zip(lines, fonts, strict=True), first_row):
        cell = write_cell(sheet, row_number, 1, line)
        cell.font = line_font
        cell.alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=True)
        if columns > 1:
            sheet.merge_cells(
                start_row=row_number, start_column=1, end_row=row_number, end_column=columns
            )
        size = int(line_font.sz or 12)
        count = wrapped_lines(line, width, bold=bool(line_font.b), size=size)
        sheet.row_dimensions[row_number].height = count * line_height(size) + 2
    return row_number


def set_up_printing(
    sheet: Worksheet,
    *,
    header_first_row: int | None,
    header_last_row: int | None,
    columns: int,
    landscape: bool | None = None,
) -> None:
    """A4, one page wide and as many tall as needed, the header repeated on every page and
    frozen on screen; landscape when the table has many columns or is wider than portrait."""
    wide = columns > WIDE_COLUMNS
    if landscape is None:
        landscape = wide or _pixels(sheet, columns) > PORTRAIT_PX
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = sheet.ORIENTATION_LANDSCAPE if landscape else sheet.ORIENTATION_PORTRAIT
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(**MARGINS)
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "&P/&N"
    sheet.oddFooter.center.font = f"{FONT_NAME},Regular"
    sheet.oddFooter.center.size = 10
    sheet.sheet_format.defaultRowHeight = line_height()
    if header_first_row is not None and header_last_row is not None:
        sheet.print_title_rows = f"{header_first_row}:{header_last_row}"
        sheet.freeze_panes = sheet.cell(row=header_last_row + 1, column=2 if wide else 1)


def sheet_title(title: str, used: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), cut between words, unique
    among `used` (compared as Excel does, ignoring case); the name is added to `used`."""
    clean = " ".join(re.sub(r"[\[\]:*?/\\]", " ", str(title)).split()).strip("'") or _("Sheet")

    def cut(text: str, limit: int) -> str:
        if len(text) <= limit:
            return text
        head = text[: limit + 1]
        for mark in (" — ", " \u2013 ", " - ", " (", "; "):  # before an aside, if one fits
            if mark in head and head.rindex(mark) >= limit // 3:
                return head[: head.rindex(mark)]
        if " " not in head.strip():
            return text[:limit]
        return head.rsplit(" ", 1)[0].rstrip(" -—\u2013,;(")

    name, number = cut(clean, 31), 1
    while name.casefold() in {u.casefold() for u in used}:
        number += 1
        name = f"{cut(clean, 31 - len(f' ({number})'))} ({number})"
    used.add(name)
    return name


def save_workbook(workbook: Workbook) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _instructions_sheet(workbook: Workbook, lines: list[str]) -> None:
    sheet = workbook.create_sheet(_("Instructions"))
    sheet.column_dimensions["A"].width = 82  # as wide as portrait A4 prints
    fonts = [font(size=14, bold=True), *(font() for _line in lines[1:])]
    write_lines(sheet, lines, first_row=1, columns=1, fonts=fonts)
    set_up_printing(sheet, header_first_row=None, header_last_row=None, columns=1)


def template_workbook(
    columns: list[Column], lists: dict[str, list[str]], instructions: list[str]
) -> bytes:
    """A template to fill in: the columns' headers, drop-down lists headed like the columns they
    serve, date columns kept as typed text, and a sheet of instructions."""
    workbook = new_workbook()
    data = workbook.active
    data.title = _("Data")
    write_table(data, [c.header for c in columns], [])
    fit_columns(
        data, header_first_row=1, header_last_row=1, last_row=1, columns=len(columns),
        minimum=[c.width for c in columns],
    )  # fmt: skip
    for position, column in enumerate(columns, start=1):
        if column.kind == "date":
            # The whole column as text (what Excel's Format Cells > Text on a column writes):
            # every cell typed into it takes the format, so no locale reads 03/04/2026 as the
            # 4th of March, and no empty cells are written that would weigh on every upload.
            data.column_dimensions[get_column_letter(position)].number_format = TEXT
    set_up_printing(data, header_first_row=1, header_last_row=1, columns=len(columns))
    options = workbook.create_sheet(_("Lists"))
    by_key = {c.key: c for c in columns}
    for index, (key, values) in enumerate(lists.items(), start=1):
        style_header(write_cell(options, 1, index, str(by_key[key].title)))
        for row, value in enumerate(values, start=2):
            write_cell(options, row, index, value).border = BORDER
        letter = get_column_letter(index)
        position = next(i for i, c in enumerate(columns, start=1) if c.key == key)
        target = get_column_letter(position)
        validation = DataValidation(
            type="list",
            formula1=f"='{options.title}'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Not in the list"),
            error=_("Choose a value from the list."),
        )
        validation.add(f"{target}2:{target}{TEMPLATE_ROWS + 1}")
        data.add_data_validation(validation)
    longest, count = max((len(v) for v in lists.values()), default=0), max(1, len(lists))
    fit_columns(options, header_first_row=1, header_last_row=1, last_row=longest + 1, columns=count)
    set_up_printing(options, header_first_row=1, header_last_row=1, columns=count)
    dates = [str(c.title) for c in columns if c.kind == "date"]
    notes = [f"{c.header}: {c.note}" for c in columns if c.note]
    if dates:
        notes.append(
            _(
                "The date columns (%(columns)s) are formatted as text: type dates as "
                "dd/mm/yyyy, e.g. 05/03/2025, and they are kept exactly as typed."
            )
            % {"columns": ", ".join(dates)}
        )
    _instructions_sheet(workbook, [*instructions, "", *notes])
    return save_workbook(workbook)
