"""The register of a unit's year as Excel and as a PDF list in the state format, from the one
Register that the page shows too (emulation/selectors.py), so the three agree."""

import datetime

from django.utils.translation import gettext as _

from core.pdf import render_pdf
from core.xlsx.write import (
    INTEGER,
    fit_columns,
    font,
    new_workbook,
    save_workbook,
    set_up_printing,
    sheet_title,
    write_lines,
    write_table,
)

from .selectors import Register

PLACE_PREFIXES = ("Thành phố ", "Tỉnh ", "Huyện ", "Quận ", "Thị xã ", "Xã ", "Phường ",
                  "Thị trấn ", "Đặc khu ")  # fmt: skip


def title(register: Register) -> str:
    return _("Register of commendations %(year)s — %(unit)s") % {
        "year": register.year,
        "unit": register.unit.name,
    }


def list_headers() -> list[str]:
    return [
        _("No."), _("Collective or individual"), _("Position or organisation"), _("Kind"),
        _("Proposing unit"), _("Form of commendation"), _("Decision (number, date)"),
        _("Deciding authority"),
    ]  # fmt: skip


def summary_headers() -> list[str]:
    return [_("Form of commendation"), _("Collectives"), _("Individuals"), _("Total")]


def list_rows(register: Register) -> list[list]:
    """The list as the sheet holds it: a heading row before the collectives and the
    individuals (I., II.), then one row each."""
    rows = []
    for heading, group in ((_("I. Collectives"), register.collectives),
                           (_("II. Individuals"), register.individuals)):  # fmt: skip
        if not group:
            continue
        rows.append([None, heading, None, None, None, None, None, None])
        rows.extend(
            [r.number, r.name, r.position, r.kind, r.proposing_unit, r.award, r.decision,
             r.deciding_body]
            for r in group
        )  # fmt: skip
    return rows


def summary_rows(register: Register) -> list[list]:
    return [
        *([label, c, i, t] for label, c, i, t in register.by_award),
        [_("Total"), *register.total],
    ]


def _sheet(sheet, heading: list[str], headers, rows, formats, *, bold_rows=()) -> None:
    columns = len(headers)
    first = len(heading) + 2
    last = write_table(sheet, headers, rows, first_row=first, formats=formats)
    for offset in bold_rows:
        for column in range(1, columns + 1):
            sheet.cell(row=first + 1 + offset, column=column).font = font(bold=True)
    fit_columns(
        sheet, header_first_row=first, header_last_row=first, last_row=last, columns=columns
    )
    write_lines(
        sheet, heading[:1], first_row=1, columns=columns, fonts=[font(size=14, bold=True)],
        horizontal="center",
    )  # fmt: skip
    if heading[1:]:
        write_lines(sheet, heading[1:], first_row=2, columns=columns, fonts=[font()])
    set_up_printing(sheet, header_first_row=first, header_last_row=first, columns=columns)


def register_xlsx(register: Register) -> bytes:
    """Two sheets: the list of who was commended, and the counts by form."""
    workbook = new_workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    heading = [title(register), _("Decided commendations proposed under the unit.")]
    rows = list_rows(register)
    _sheet(
        workbook.create_sheet(sheet_title(_("Commended"), used)), heading, list_headers(), rows,
        {1: INTEGER}, bold_rows=[n for n, row in enumerate(rows) if row[0] is None],
    )  # fmt: skip
    summary = summary_rows(register)
    _sheet(
        workbook.create_sheet(sheet_title(_("By form"), used)), heading, summary_headers(),
        summary, {2: INTEGER, 3: INTEGER, 4: INTEGER}, bold_rows=[len(summary) - 1],
    )  # fmt: skip
    return save_workbook(workbook)


def place_of(register: Register) -> str:
    """The place of the date line: the province's name without "Tỉnh"."""
    unit = register.unit
    while unit.parent_id is not None:
        unit = unit.parent
    name = unit.name
    for prefix in PLACE_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def date_line(place: str, day: datetime.date) -> str:
    """ "Thái Bình, ngày 05 tháng 01 năm 2026": days below 10 and months 1 and 2 take a zero
    (Nghị định 30/2020/NĐ-CP)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def register_pdf(register: Register, today: datetime.date) -> bytes:
    """The list attached to a decision: the issuing body, the motto, the date, the title,
    the list in two parts and the counts by form."""
    context = {
        "register": register,
        "issuing_body": f"UBND {register.unit.name}",
        "date_line": date_line(place_of(register), today),
        "title": title(register),
        "headers": list_headers(),
        "summary_headers": summary_headers(),
        "summary": summary_rows(register),
    }
    return render_pdf("emulation/register_pdf.html", context, tagged=True)
