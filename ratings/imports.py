"""Import of past years' grades from xlsx: all rows valid, or nothing."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centres.lifetime import centre_year_error
from centres.models import Centre
from core.text import fold
from core.xlsx.columns import Column
from core.xlsx.read import ImportResult, Row, open_rows
from core.years import past_years_range

from . import services
from .models import Grade
from .permissions import historical_grade_centres

GRADE_COLUMNS = [
    Column("code", gettext_lazy("Commune code"), True, 14),
    Column("year", gettext_lazy("Year"), True, 8),
    Column("grade", gettext_lazy("Grade"), True, 14, gettext_lazy("good, fair, average or weak")),
]


def _grades() -> dict[str, str]:
    names = {fold(value): value for value in Grade.values}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names |= {fold(str(label)): value for value, label in Grade.choices}
    return names


def _code(raw) -> str:
    """A commune code as typed or as Excel stored it (12454.0, "12454", "0 12454" …)."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    code = "".join(str(raw or "").split())
    return code.zfill(5) if code.isdecimal() else code


def import_grades(*, user, upload) -> ImportResult:
    """Historical grades by commune code and year, for centres the user reviews."""
    result = ImportResult()
    rows = open_rows(upload, GRADE_COLUMNS)
    centres = historical_grade_centres(user)
    by_code: dict[str, list[Centre]] = {}
    for centre in centres:
        by_code.setdefault(centre.commune.code, []).append(centre)
    grades = _grades()
    last_year = timezone.localdate().year - 1
    seen: dict[tuple, int] = {}
    parsed = []
    for number, values in rows:
        row = Row(number, values, GRADE_COLUMNS, result.errors)
        before = len(result.errors)
        code = _code(values.get("code"))
        matches = by_code.get(code, [])
        if not code:
            row.error("code", _("This column is required."))
        elif not matches:
            row.error(
                "code", _("No centre with commune code %(code)s under your units.") % {"code": code}
            )
        year = row.count("year", last_year)
        if len(matches) > 1 and year is not None:
            # A present commune often keeps a former one's code: the centre of that year.
            matches = [c for c in matches if centre_year_error(c, year) is None] or matches
        if len(matches) > 1:
            row.error(
                "code",
                _("Several communes have code %(code)s; record this one by the form.")
                % {"code": code},
            )
        first, _last = past_years_range()
        if year is not None and year < first:
            row.error(
                "year",
                _("A past year's grade is for a year from %(first)s to %(last)s.")
                % {"first": first, "last": last_year},
            )
        grade = row.choice("grade", grades)
        if len(result.errors) > before:
            continue
        key = (code, year)
        if key in seen:
            row.error("code", _("Duplicate of row %(row)s.") % {"row": seen[key]})
            continue
        seen[key] = number
        parsed.append((number, matches[0], year, grade))
    if result.errors:
        return result
    with transaction.atomic():
        for number, centre, year, grade in parsed:
            try:
                services.record_historical_grade(user=user, centre=centre, year=year, grade=grade)
            except ValidationError as error:
                row = Row(number, {}, GRADE_COLUMNS, result.errors)
                row.error("year", " ".join(error.messages))
        if result.errors:
            transaction.set_rollback(True)
            return result
    result.created = len(parsed)
    return result
