"""The onboarding templates of a unit, listing its present communes with their codes, and the
sheet of set-password links to hand out."""

import io

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from core.xlsx.write import (
    TEXT,
    fit_columns,
    new_workbook,
    save_workbook,
    set_up_printing,
    sheet_title,
    template_workbook,
    write_cell,
    write_table,
)

from .lineage import centre_name
from .models import AdministrativeUnit, BoardMember, Centre, Role, Sex, Staff
from .onboarding import COMMUNE
from .onboarding_columns import ACCOUNT_COLUMNS, CENTRE_COLUMNS, PEOPLE_COLUMNS

FLAG_KEYS = ("has_internet", "has_audio_equipment", "has_seal", "has_bank_account")


def _present_communes(unit: AdministrativeUnit):
    return (
        AdministrativeUnit.objects.in_force()
        .filter(path__startswith=unit.path, level=COMMUNE)
        .select_related("centre")
        .order_by("path")
    )


def _yes_no() -> list[str]:
    return [_("Yes"), _("No")]


def _finish(content: bytes, columns, rows: list[list], units: list[list] | None) -> bytes:
    """The template with its code columns kept as text, `rows` prefilled on the first sheet and
    a sheet listing the units and their codes."""
    workbook = load_workbook(io.BytesIO(content))
    data = workbook.worksheets[0]
    for position, column in enumerate(columns, start=1):
        if column.key in ("code", "unit_code"):
            data.column_dimensions[get_column_letter(position)].number_format = TEXT
    for number, values in enumerate(rows, start=2):
        for position, value in enumerate(values, start=1):
            if value not in (None, ""):
                write_cell(data, number, position, value, TEXT)
    if units is not None:
        sheet = workbook.create_sheet(sheet_title(_("Units and codes"), set(workbook.sheetnames)))
        headers = [_("Code"), _("Name"), _("Level"), _("Centre")]
        last = write_table(sheet, headers, units)
        fit_columns(sheet, header_first_row=1, header_last_row=1, last_row=last, columns=4)
        set_up_printing(sheet, header_first_row=1, header_last_row=1, columns=4)
    return save_workbook(workbook)


def _unit_rows(unit: AdministrativeUnit, communes) -> list[list]:
    rows = [[unit.code, unit.name, unit.get_level_display(), ""]] if unit.level != COMMUNE else []
    for commune in communes:
        centre = getattr(commune, "centre", None)
        rows.append([commune.code, commune.name, commune.get_level_display(),
                     centre.name if centre else ""])  # fmt: skip
    return rows


def centres_template(unit: AdministrativeUnit) -> bytes:
    """One row per present commune of the unit, with its code and its centre's name."""
    communes = list(_present_communes(unit))
    content = template_workbook(
        CENTRE_COLUMNS,
        {
            "premises": [str(label).capitalize() for label in Centre.Premises.labels],
            **{k: _yes_no() for k in FLAG_KEYS},
        },
        [
            _("How to fill in the centres template of %(unit)s") % {"unit": unit.name},
            _(
                "The first sheet lists every present commune of the unit, one row each, with its "
                "code: fill in what you know of each commune's centre. Columns marked * are "
                "required; do not change the codes."
            ),
            _(
                "A commune without a centre gets one; a commune that has one has it updated. An "
                "empty cell leaves what is recorded unchanged, and an empty name gives the usual "
                "name, “Trung tâm học tập cộng đồng” and the commune's name."
            ),
            _(
                "The board and the staff are imported next, with the template of people: one "
                "row per person, with the commune code."
            ),
            _("Dates are written dd/mm/yyyy, e.g. 05/03/2025; numbers as whole numbers."),
            _(
                "Uploading the same file again changes nothing. If a row is wrong, nothing is "
                "imported and every error is listed with its row and column."
            ),
        ],
    )
    rows = []
    for commune in communes:
        centre = getattr(commune, "centre", None)
        rows.append([commune.code, commune.name, centre.name if centre else centre_name(commune)])
    return _finish(content, CENTRE_COLUMNS, rows, None)


def people_template(unit: AdministrativeUnit) -> bytes:
    """Board members and staff, one row per person, with a sheet of the communes' codes."""
    communes = list(_present_communes(unit))
    content = template_workbook(
        PEOPLE_COLUMNS,
        {
            "role": [str(x).capitalize() for x in BoardMember.Position.labels + Staff.Kind.labels],
            "sex": [str(label).capitalize() for label in Sex.labels],
            "is_concurrent": _yes_no(),
        },
        [
            _("How to fill in the board and staff of %(unit)s") % {"unit": unit.name},
            _(
                "One row per person: the commune code of the centre (see the sheet of units and "
                "codes), then the person's position on the board (director, deputy director, "
                "member) or kind of staff (teacher, speaker, instructor, volunteer collaborator)."
            ),
            _(
                "Import the centres first: a commune without a centre is an error. A board "
                "member is recognised by the centre and the full name among the current board, "
                "a staff member among the staff: the row updates them. An empty cell leaves "
                "what is recorded unchanged."
            ),
            _(
                "A centre has one current director: to name a new one, record the day the "
                "former director left the board first, on the centre's page."
            ),
            _(
                "Uploading the same file again changes nothing. If a row is wrong, nothing is "
                "imported and every error is listed with its row and column."
            ),
        ],
    )
    return _finish(content, PEOPLE_COLUMNS, [], _unit_rows(unit, communes))


def accounts_template(unit: AdministrativeUnit) -> bytes:
    """Accounts, one row per login, with a sheet of the unit's codes."""
    communes = list(_present_communes(unit))
    content = template_workbook(
        ACCOUNT_COLUMNS,
        {"role": [str(label).capitalize() for label in Role.labels]},
        [
            _("How to fill in the accounts of %(unit)s") % {"unit": unit.name},
            _(
                "One row per account: its login, the person's full name, e-mail, the code of "
                "the unit it works for (see the sheet of units and codes) and its role there."
            ),
            _(
                "A new account gets no password: the portal makes a link with which its owner "
                "chooses one, e-mails it where an e-mail is given and lists every link for you "
                "to print and hand out. A link works once and for a limited time."
            ),
            _(
                "An account whose login already exists has its name, e-mail and phone updated "
                "and the role added; it keeps its password. An empty phone cell keeps the "
                "phone recorded."
            ),
            _(
                "Uploading the same file again changes nothing. If a row is wrong, nothing is "
                "imported and every error is listed with its row and column."
            ),
        ],
    )
    return _finish(content, ACCOUNT_COLUMNS, [], _unit_rows(unit, communes))


def links_workbook(unit: AdministrativeUnit, links: list) -> bytes:
    """The set-password links to hand out: login, name, unit, link, until when it works."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = sheet_title(_("Set-password links"), set())
    headers = [_("Login"), _("Full name"), _("Unit"), _("Set-password link"), _("Valid until")]
    rows = [
        [link.account.username, link.account.first_name, link.units, link.url,
         link.expires.strftime("%d/%m/%Y %H:%M")]
        for link in links
    ]  # fmt: skip
    last = write_table(sheet, headers, rows)
    fit_columns(sheet, header_first_row=1, header_last_row=1, last_row=last, columns=5)
    set_up_printing(sheet, header_first_row=1, header_last_row=1, columns=5, landscape=True)
    return save_workbook(workbook)
