"""The columns of the onboarding templates (centres, their people, accounts), shared by the
template writer and the importers."""

from django.utils.translation import gettext_lazy as _

from core.xlsx.columns import Column

YES_NO = _("Yes or No; empty: unchanged")

CENTRE_COLUMNS = [
    Column("code", _("Commune code"), True, 10, _("As listed: one row per commune")),
    Column("commune", _("Commune"), False, 24, _("For reading only: not imported")),
    Column("name", _("Centre name"), False, 40, _("Empty: the usual name after the commune")),
    Column("decision_number", _("Establishment decision number"), False, 18),
    Column("decision_date", _("Establishment decision date"), False, 14, _("dd/mm/yyyy"),
           kind="date"),
    Column("address", _("Address"), False, 30),
    Column("phone", _("Phone"), False, 14),
    Column("email", _("Email"), False, 24),
    Column("premises", _("Premises"), False, 18, _("From the list")),
    Column("rooms", _("Rooms"), False, 8, kind="count"),
    Column("seats", _("Seats"), False, 8, kind="count"),
    Column("computers", _("Computers"), False, 10, kind="count"),
    Column("library_books", _("Library books"), False, 10, kind="count"),
    Column("has_internet", _("Internet connection"), False, 10, YES_NO),
    Column("has_audio_equipment", _("Audio equipment"), False, 10, YES_NO),
    Column("has_seal", _("Own seal"), False, 10, YES_NO),
    Column("has_bank_account", _("Bank account"), False, 10, YES_NO),
    Column("adult_population", _("Adult population of the commune"), False, 12, kind="count"),
]  # fmt: skip

BOARD_ONLY = _("Board members only")
STAFF_ONLY = _("Staff only")

PEOPLE_COLUMNS = [
    Column("code", _("Commune code"), True, 10, _("The commune of the centre")),
    Column("role", _("Position or kind"), True, 22,
           _("From the list: a board position or a kind of staff")),
    Column("full_name", _("Full name"), True, 28),
    Column("sex", _("Sex"), True, 8, _("From the list")),
    Column("birth_year", _("Birth year"), False, 8, BOARD_ONLY, kind="count"),
    Column("post", _("Main post or organisation"), False, 30,
           _("A board member's main post; a staff member's organisation")),
    Column("is_concurrent", _("Held concurrently"), False, 10, BOARD_ONLY),
    Column("appointment_decision", _("Appointment decision"), False, 18, BOARD_ONLY),
    Column("appointment_date", _("Appointment date"), False, 13, BOARD_ONLY, kind="date"),
    Column("term_end", _("Term ends"), False, 13, BOARD_ONLY, kind="date"),
    Column("field", _("Field"), False, 18, STAFF_ONLY),
    Column("qualification", _("Qualification"), False, 18, STAFF_ONLY),
    Column("phone", _("Phone"), False, 14, STAFF_ONLY),
]  # fmt: skip
BOARD_COLUMNS = ("birth_year", "is_concurrent", "appointment_decision", "appointment_date",
                 "term_end")  # fmt: skip
STAFF_COLUMNS = ("field", "qualification", "phone")

ACCOUNT_COLUMNS = [
    Column(
        "username", _("Login"), True, 18, _("Letters without accents, digits and @ . + - _ only")
    ),
    Column("full_name", _("Full name"), True, 28),
    Column("email", _("Email"), False, 28, _("The set-password link is sent there")),
    Column("phone", _("Phone"), False, 14, _("E.g. 0912 345 678")),
    Column("unit_code", _("Unit code"), True, 10, _("See the sheet of units")),
    Column("role", _("Role"), True, 20, _("From the list")),
]
