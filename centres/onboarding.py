"""Onboarding a unit from xlsx templates: its centres, their boards and staff, all rows or none.

Everything a file names is read in bulk before any row is checked (the unit's communes, their
centres, the people recorded), so that a province's 3.321 rows cost a handful of queries; writes
are bulk and keep history. A row whose key matches a record updates it; an empty cell leaves what
is recorded unchanged; the same file uploaded again changes nothing.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.signals import bulk_written
from core.text import fold
from core.xlsx.read import ImportResult, Row, open_rows

from .lineage import centre_name
from .models import AdministrativeUnit, BoardMember, Centre, Sex, Staff
from .onboarding_columns import (
    BOARD_COLUMNS,
    CENTRE_COLUMNS,
    PEOPLE_COLUMNS,
    STAFF_COLUMNS,
)
from .permissions import can_create_centre

COMMUNE = AdministrativeUnit.Level.COMMUNE
MAX_ROOMS, MAX_SEATS, MAX_COMPUTERS = 500, 100_000, 5_000
MAX_BOOKS, MAX_POPULATION = 10_000_000, 10_000_000
CENTRE_FIELDS = (
    "name", "decision_number", "decision_date", "address", "phone", "email", "premises", "rooms",
    "seats", "computers", "library_books", "has_internet", "has_audio_equipment", "has_seal",
    "has_bank_account", "adult_population",
)  # fmt: skip
BOARD_FIELDS = ("position", "sex", "birth_year", "main_post", "is_concurrent",
                "appointment_decision", "appointment_date", "term_end")  # fmt: skip
STAFF_FIELDS = ("kind", "sex", "organisation", "field", "qualification", "phone")


def labels(choices: Iterable[tuple[str, object]], *extra: tuple[str, object]) -> dict:
    """Options by their folded label in every language of the portal (and by their value)."""
    choices = list(choices)
    found = {fold(str(value)): value for value, _label in choices}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found |= {fold(str(label)): value for value, label in choices}
    return found | {fold(text): value for text, value in extra}


def yes_no() -> dict:
    return labels([(True, _("Yes")), (False, _("No"))], ("co", True), ("x", True),
                  ("khong", False), ("yes", True), ("no", False))  # fmt: skip


def is_current(unit: AdministrativeUnit, today: datetime.date) -> bool:
    return unit.valid_until is None or unit.valid_until >= today


def raw_code(value) -> str:
    """A unit code as typed or as Excel stored it (12454, 12454.0, " 12454 ")."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "".join(str(value or "").split())


class UnitCodes:
    """The units under a unit by their code, read once; resolves a row's code to a present unit
    or says why not: unknown, outside the unit (ngoài phạm vi), or no longer existing."""

    def __init__(self, unit: AdministrativeUnit, codes: Iterable[str], *, levels=(COMMUNE,)):
        self.unit, self.today = unit, datetime.date.today()
        self.by_code: dict[str, list[AdministrativeUnit]] = {}
        units = AdministrativeUnit.objects.filter(path__startswith=unit.path, level__in=levels)
        for found in units.order_by("path"):
            self.by_code.setdefault(found.code, []).append(found)
        wanted = {c for code in codes for c in self._candidates(code)}
        self.elsewhere: dict[str, list[AdministrativeUnit]] = {}
        others = AdministrativeUnit.objects.filter(code__in=wanted - set(self.by_code)).exclude(
            path__startswith=unit.path
        )
        for found in others.only("code", "name", "valid_until").order_by("path"):
            self.elsewhere.setdefault(found.code, []).append(found)

    @staticmethod
    def _candidates(code: str) -> list[str]:
        if not code.isdecimal():
            return [code]
        return list(dict.fromkeys([code, code.zfill(5), code.zfill(3), code.zfill(2)]))

    def resolve(self, row: Row, key: str) -> AdministrativeUnit | None:
        code = raw_code(row.values.get(key))
        if not code:
            row.error(key, _("This column is required."))
            return None
        candidates = self._candidates(code)
        matches = next((self.by_code[c] for c in candidates if c in self.by_code), [])
        present = [u for u in matches if is_current(u, self.today)]
        outside = next((self.elsewhere[c] for c in candidates if c in self.elsewhere), [])
        if len(present) == 1:
            return present[0]
        if present:
            row.error(key, _("Several units have code %(code)s.") % {"code": code})
        elif outside and any(is_current(u, self.today) for u in outside):
            row.error(
                key,
                _("Code %(code)s is outside the scope of %(unit)s.")
                % {"code": code, "unit": self.unit.name},
            )
        elif matches or outside:
            matches = matches or outside
            row.error(
                key,
                _("The unit with code %(code)s (%(name)s) ceased to exist after %(date)s.")
                % {"code": code, "name": matches[-1].name,
                   "date": matches[-1].valid_until.strftime("%d/%m/%Y")},
            )  # fmt: skip
        else:
            row.error(key, _("No unit has code %(code)s.") % {"code": code})
        return None


def _codes(rows) -> list[str]:
    return [raw_code(values.get("code")) for _number, values in rows]


def _model_errors(row: Row, error: ValidationError, columns: dict[str, str]) -> None:
    """A model's validation errors, each on the column of its field (else on `__all__`'s)."""
    for field_name, messages in error.message_dict.items():
        key = columns.get(field_name, columns.get("__all__"))
        if not row.failed(key):
            row.error(key, " ".join(messages))


def _apply(instance, values: dict) -> list[str]:
    """Set the values that differ from the instance's; returns the fields changed."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _filled(values: dict) -> dict:
    """The values given in the row: an empty cell leaves the record unchanged."""
    return {k: v for k, v in values.items() if v is not None and v != ""}


def import_centres(*, user, unit: AdministrativeUnit, upload) -> ImportResult:
    """One centre per present commune under the unit, keyed by the commune code."""
    result = ImportResult()
    rows = open_rows(upload, CENTRE_COLUMNS)
    codes = UnitCodes(unit, _codes(rows))
    centres = {
        c.commune_id: c
        for c in Centre.objects.filter(commune__path__startswith=unit.path).select_related(
            "commune"
        )
    }
    premises, flags = labels(Centre.Premises.choices), yes_no()
    today = datetime.date.today()
    seen: dict[int, int] = {}
    new, changed, fields = [], [], set()
    for number, values in rows:
        row = Row(number, values, CENTRE_COLUMNS, result.errors)
        before = len(result.errors)
        commune = codes.resolve(row, "code")
        given = {
            "name": row.text("name", 200),
            "decision_number": row.text("decision_number", 50),
            "decision_date": row.date("decision_date"),
            "address": row.text("address", 255),
            "phone": row.text("phone", 20),
            "email": row.text("email", 254),
            "premises": row.choice("premises", premises),
            "rooms": row.count("rooms", MAX_ROOMS),
            "seats": row.count("seats", MAX_SEATS),
            "computers": row.count("computers", MAX_COMPUTERS),
            "library_books": row.count("library_books", MAX_BOOKS),
            "adult_population": row.count("adult_population", MAX_POPULATION),
            **{k: row.choice(k, flags) for k in
               ("has_internet", "has_audio_equipment", "has_seal", "has_bank_account")},
        }  # fmt: skip
        if given["decision_date"] and given["decision_date"] > today:
            row.error("decision_date", _("The decision date cannot be in the future."))
        if commune is None or len(result.errors) > before:
            continue
        if commune.pk in seen:
            row.error("code", _("Duplicate of row %(row)s.") % {"row": seen[commune.pk]})
            continue
        seen[commune.pk] = number
        centre = centres.get(commune.pk)
        creating = centre is None
        if creating:
            centre = Centre(commune=commune, name=centre_name(commune))
        changes = _apply(centre, _filled(given))
        try:
            # The commune is known; its foreign key check would be a query per row.
            centre.full_clean(
                exclude=["commune"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            _model_errors(row, error, {f: f for f in CENTRE_FIELDS} | {"__all__": "code"})
            continue
        if creating:
            new.append(centre)
        elif changes:
            changed.append(centre)
            fields.update(changes)
        else:
            result.unchanged += 1
    if result.errors:
        return result
    with transaction.atomic():
        if new:
            bulk_create_with_history(new, Centre, batch_size=500, default_user=user)
        if changed:
            bulk_update_with_history(
                changed, Centre, sorted(fields), batch_size=500, default_user=user
            )
    if new or changed:
        bulk_written.send(sender=Centre)  # bulk writes send no signals: the report cache
    result.created, result.updated = len(new), len(changed)
    return result


def _people_roles() -> dict:
    board = [(("board", v), label) for v, label in BoardMember.Position.choices]
    staff = [(("staff", v), label) for v, label in Staff.Kind.choices]
    return labels(board + staff)


def import_people(*, user, unit: AdministrativeUnit, upload) -> ImportResult:
    """Board members and staff of the unit's centres, one row per person: a board member is
    keyed by centre and full name among the current board, a staff member among the staff."""
    result = ImportResult()
    rows = open_rows(upload, PEOPLE_COLUMNS)
    codes = UnitCodes(unit, _codes(rows))
    centres = {
        c.commune_id: c
        for c in Centre.objects.filter(commune__path__startswith=unit.path).select_related(
            "commune"
        )
    }
    by_id = {c.pk: c for c in centres.values()}
    board = {}
    for m in BoardMember.objects.current().filter(centre__commune__path__startswith=unit.path):
        m.centre = by_id[m.centre_id]  # loaded above, with its commune: no query per row
        board[(m.centre_id, fold(m.full_name))] = m
    staff: dict[tuple, Staff] = {}
    for s in Staff.objects.filter(centre__commune__path__startswith=unit.path).order_by(
        "is_active", "pk"
    ):
        s.centre = by_id[s.centre_id]
        staff[(s.centre_id, fold(s.full_name))] = s  # an active one wins over a former one
    roles, sexes, flags = _people_roles(), labels(Sex.choices, ("nu", "female")), yes_no()
    seen: dict[tuple, int] = {}
    directors: dict[int, int] = {}  # centre -> the file's row naming its director
    parsed = []
    for number, values in rows:
        row = Row(number, values, PEOPLE_COLUMNS, result.errors)
        before = len(result.errors)
        commune = codes.resolve(row, "code")
        role = row.choice("role", roles)
        name = row.text("full_name", 100)
        given = {
            "sex": row.choice("sex", sexes),
            "post": row.text("post", 150),
            "birth_year": row.count("birth_year", 2020),
            "is_concurrent": row.choice("is_concurrent", flags),
            "appointment_decision": row.text("appointment_decision", 50),
            "appointment_date": row.date("appointment_date"),
            "term_end": row.date("term_end"),
            "field": row.text("field", 150),
            "qualification": row.text("qualification", 150),
            "phone": row.text("phone", 20),
        }
        if given["birth_year"] is not None and given["birth_year"] < 1900:
            row.error("birth_year", _("Enter a birth year between 1900 and 2020."))
        if role:
            other = STAFF_COLUMNS if role[0] == "board" else BOARD_COLUMNS
            for key in other:
                if given[key] not in (None, "") and not row.failed(key):
                    row.error(
                        key,
                        _("Only for staff: leave it empty for a board member.")
                        if role[0] == "board"
                        else _("Only for board members: leave it empty for staff."),
                    )
        centre = centres.get(commune.pk) if commune else None
        if commune and centre is None:
            row.error("code", _("This commune has no centre yet: import the centres first."))
        if len(result.errors) > before:
            continue
        key = (role[0], centre.pk, fold(name))
        if key in seen:
            row.error("full_name", _("Duplicate of row %(row)s.") % {"row": seen[key]})
            continue
        seen[key] = number
        if role == ("board", BoardMember.Position.DIRECTOR):
            if centre.pk in directors:
                row.error(
                    "role",
                    _("The centre's director is already on row %(row)s.")
                    % {"row": directors[centre.pk]},
                )
                continue
            directors[centre.pk] = number
        parsed.append((row, role, centre, name, given))
    _check_directors(parsed, board)
    if result.errors:
        return result
    new_board, new_staff, changed_board, changed_staff = [], [], [], []
    board_fields, staff_fields = set(), set()
    for row, (kind, value), centre, name, given in parsed:
        if kind == "board":
            member = board.get((centre.pk, fold(name)))
            creating = member is None
            if creating:
                member = BoardMember(centre=centre, full_name=name)
            values = {
                "position": value, "sex": given["sex"], "birth_year": given["birth_year"],
                "main_post": given["post"], "is_concurrent": given["is_concurrent"],
                "appointment_decision": given["appointment_decision"],
                "appointment_date": given["appointment_date"], "term_end": given["term_end"],
            }  # fmt: skip
            changes = _apply(member, _filled(values))
            if not _valid_member(row, member):
                continue
            _sort(creating, changes, member, new_board, changed_board, board_fields, result)
        else:
            person = staff.get((centre.pk, fold(name)))
            creating = person is None
            if creating:
                person = Staff(centre=centre, full_name=name)
            values = {
                "kind": value, "sex": given["sex"], "organisation": given["post"],
                "field": given["field"], "qualification": given["qualification"],
                "phone": given["phone"],
            }  # fmt: skip
            changes = _apply(person, _filled(values))
            try:
                person.full_clean(
                    exclude=["centre"], validate_unique=False, validate_constraints=False
                )
            except ValidationError as error:
                _model_errors(row, error, {"phone": "phone", "__all__": "full_name"})
                continue
            _sort(creating, changes, person, new_staff, changed_staff, staff_fields, result)
    if result.errors:
        return result
    with transaction.atomic():
        for model, created, changed, fields in (
            (BoardMember, new_board, changed_board, board_fields),
            (Staff, new_staff, changed_staff, staff_fields),
        ):
            if changed:
                bulk_update_with_history(
                    changed, model, sorted(fields), batch_size=500, default_user=user
                )
            if created:
                bulk_create_with_history(created, model, batch_size=500, default_user=user)
            if created or changed:
                bulk_written.send(sender=model)
    result.created = len(new_board) + len(new_staff)
    result.updated = len(changed_board) + len(changed_staff)
    return result


def _sort(creating, changes, obj, new, changed, fields, result) -> None:
    if creating:
        new.append(obj)
    elif changes:
        changed.append(obj)
        fields.update(changes)
    else:
        result.unchanged += 1


def _check_directors(parsed, board: dict) -> None:
    """One current director per centre, once the file is applied: a director named in the file
    for a centre whose current director is someone else is refused until that one has left."""
    named = {(c.pk, fold(n)): role for _r, role, c, n, _g in parsed if role[0] == "board"}
    current: dict[int, list[tuple[str, BoardMember]]] = {}
    for (centre_id, other), member in board.items():
        current.setdefault(centre_id, []).append((other, member))
    for row, role, centre, name, _given in parsed:
        if role != ("board", BoardMember.Position.DIRECTOR):
            continue
        for other, member in current.get(centre.pk, []):
            if other == fold(name):
                continue
            stays = named.get((centre.pk, other), ("board", member.position))[1]
            if stays == BoardMember.Position.DIRECTOR:
                row.error(
                    "role",
                    _("This centre already has a current director. Record the date the current "
                      "director left the board first."),
                )  # fmt: skip
                break


def _valid_member(row: Row, member: BoardMember) -> bool:
    """The board member's own checks, without BoardMember.clean()'s per-row query (the one
    director per centre is checked for the whole file above)."""
    columns = {f: f for f in BOARD_FIELDS} | {"main_post": "post", "__all__": "full_name"}
    try:
        member.clean_fields(exclude=["centre"])
    except ValidationError as error:
        _model_errors(row, error, columns)
        return False
    last = member.centre.last_day
    if last and member.appointment_date and member.appointment_date > last:
        row.error(
            "appointment_date",
            _("The centre's last day was %(date)s: appoint the board of its successor.")
            % {"date": last.strftime("%d/%m/%Y")},
        )
        return False
    if member.term_end and member.appointment_date and member.term_end < member.appointment_date:
        row.error("term_end", _("The term cannot end before the appointment date."))
        return False
    return True


# Communes without a centre, and creating their centres in one step.


def communes_lacking_centre(unit: AdministrativeUnit):
    """The present communes under the unit that have no centre at all (a commune whose centre
    closed keeps it: its successor is recorded by the lineage page), by path."""
    return (
        AdministrativeUnit.objects.in_force()
        .filter(path__startswith=unit.path, level=COMMUNE, centre__isnull=True)
        .select_related("parent")
        .order_by("path")
    )


def centre_gaps(units: list[AdministrativeUnit]) -> dict[int, tuple[int, int]]:
    """For each unit, (present communes without a centre, present communes), in one query."""
    if not units:
        return {}
    aggregates = {}
    for unit in units:
        under = Q(path__startswith=unit.path)
        aggregates[f"all_{unit.pk}"] = Count("pk", filter=under)
        aggregates[f"gap_{unit.pk}"] = Count("pk", filter=under & Q(centre__isnull=True))
    paths = Q(pk__in=[])
    for unit in units:
        paths |= Q(path__startswith=unit.path)
    counts = (
        AdministrativeUnit.objects.in_force().filter(paths, level=COMMUNE).aggregate(**aggregates)
    )
    return {u.pk: (counts[f"gap_{u.pk}"], counts[f"all_{u.pk}"]) for u in units}


def with_gaps(user, summaries: list) -> list:
    """The dashboard's unit summaries, each with `gap` and `communes` (present communes without
    a centre, and all of them) and `can_fill` (the user may create the missing centres)."""
    gaps = centre_gaps([s.unit for s in summaries])
    for summary in summaries:
        summary.gap, summary.communes = gaps[summary.unit.pk]
        summary.can_fill = summary.unit.is_current and can_create_centre(user, summary.unit)
    return summaries


@transaction.atomic
def create_missing_centres(*, user, unit: AdministrativeUnit) -> list[Centre]:
    """A centre, named after its commune, for every present commune under the unit that has
    none: all in one transaction, with history."""
    centres = [
        Centre(commune=commune, name=centre_name(commune))
        for commune in communes_lacking_centre(unit)
    ]
    for centre in centres:
        centre.full_clean(exclude=["commune"], validate_unique=False, validate_constraints=False)
    if centres:
        bulk_create_with_history(centres, Centre, batch_size=500, default_user=user)
        bulk_written.send(sender=Centre)
    return centres
