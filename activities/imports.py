"""Importers for the activities and learner-list xlsx templates: all rows valid, or nothing."""

import copy
import datetime
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from centres.models import Centre
from centres.text import fold, whole_number
from ratings.locks import locked_years
from reports.cache import ACTIVITIES
from reports.cache import bump as reports_stale

from . import services
from .ethnicities import ETHNICITY_BY_NAME, KINH
from .models import Activity, ContentArea, Learner, Session
from .models.activities import EARLIEST_START
from .models.attendance import MAX_HEADCOUNT, phone_validator
from .xlsx_columns import ACTIVITY_COLUMNS, LEARNER_COLUMNS, Column

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024
MAX_ROWS = 5000
MAX_ROW_NUMBER = 2 * MAX_ROWS + 1  # blank rows between data rows are fine, within reason
# Parts openpyxl reads whole, building an object per element: how many elements they may hold
# (Excel itself allows 64.000 cell formats). Other parts besides the sheets: at most 2 MB each.
ELEMENT_LIMITS = {
    "sharedstrings.xml": (re.compile(rb"<(?:\w+:)?si[\s/>]"), 200_000),
    "styles.xml": (re.compile(rb"<(?:\w+:)?xf[\s/>]"), 65_000),
}
CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")
MAX_CELLS = MAX_ROW_NUMBER * 60
MAX_OTHER_PART_BYTES = 2 * 1024 * 1024
DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong type, empty, too large, not our template."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _data_rows(workbook, columns: list[Column]) -> list[tuple[int, dict]]:
    sheet = workbook.worksheets[0]
    # At most the template's columns of each row; rows are counted, blank ones included, since
    # openpyxl yields a blank row for every number skipped (a row numbered 10^12 in a tiny file).
    rows = sheet.iter_rows(values_only=True, max_col=len(columns))
    header = [fold(str(v or "")).rstrip(" *") for v in next(rows, ())][: len(columns)]
    if header not in _expected_headers(columns):
        raise ImportFileError(
            _("The first sheet does not have the template's columns. Download the template again.")
        )
    data = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROW_NUMBER:
            raise ImportFileError(
                _("The sheet goes on past row %(row)s: delete the rows below the data.")
                % {"row": f"{MAX_ROW_NUMBER:,}".replace(",", ".")}
            )
        values = list(values[: len(columns)]) + [None] * (len(columns) - len(values))
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        if len(data) >= MAX_ROWS:
            raise ImportFileError(_("Too many rows (at most %(rows)s).") % {"rows": MAX_ROWS})
        data.append((number, dict(zip([c.key for c in columns], values, strict=True))))
    return data


def _part_limit(name: str) -> tuple[re.Pattern | None, int, int]:
    """(element pattern, element limit, byte limit) of a part of the workbook."""
    base = name.lower().rsplit("/", 1)[-1]
    if base in ELEMENT_LIMITS:
        return *ELEMENT_LIMITS[base], MAX_UNCOMPRESSED_BYTES
    if "/worksheets/" in name.lower():
        return CELL, MAX_CELLS, MAX_UNCOMPRESSED_BYTES
    return None, 0, MAX_OTHER_PART_BYTES


def _check_unpacked_sizes(upload) -> None:
    """Refuse zip bombs and XML floods before openpyxl unpacks anything.

    The sizes a zip's directory declares cannot be trusted: zipfile cuts a member at its
    declared size only after inflating a whole chunk, so a small declared size on a huge member
    would still fill the memory. Each member is inflated here a megabyte at a time, counting
    the real bytes, with the declared size lifted; members not deflated or stored (bzip2 and
    lzma inflate without a bound) are refused, as is any member whose real size differs from
    the declared one, any DOCTYPE or ENTITY (entity expansion), and parts with more elements
    than a real workbook of MAX_ROWS rows has (openpyxl builds an object for each).
    """
    invalid = ImportFileError(_("The file is not a valid .xlsx workbook."))
    too_large = ImportFileError(_("The workbook is too large once unpacked."))
    total = 0
    try:
        with zipfile.ZipFile(upload) as archive:
            for info in archive.infolist():
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise invalid
                pattern, element_limit, byte_limit = _part_limit(info.filename)
                unbounded = copy.copy(info)
                unbounded.file_size = MAX_UNCOMPRESSED_BYTES + 1
                real = elements = 0
                tail = b""
                with archive.open(unbounded) as member:
                    while chunk := member.read(2**20):
                        real += len(chunk)
                        if total + real > MAX_UNCOMPRESSED_BYTES or real > byte_limit:
                            raise too_large
                        window = tail + chunk  # a tag cut between two chunks is seen whole
                        if DOCTYPE.search(window):
                            raise invalid
                        if pattern is not None:
                            elements += len(pattern.findall(window)) - len(pattern.findall(tail))
                            if elements > element_limit:
                                raise too_large
                        tail = chunk[-16:]
                if real != info.file_size:
                    raise invalid
                total += real
    except ImportFileError:
        raise
    except Exception as error:  # zipfile raises many kinds: encrypted, unknown flags, ...
        raise invalid from error


def open_rows(upload, columns: list[Column]) -> list[tuple[int, dict]]:
    """Data rows of the first sheet keyed by column, after checking the file itself."""
    from openpyxl import load_workbook

    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise ImportFileError(
            _("The file must be an Excel workbook (.xlsx) made from the template.")
        )
    if upload.size == 0:
        raise ImportFileError(_("The file is empty."))
    if upload.size > MAX_UPLOAD_BYTES:
        raise ImportFileError(
            _("The file is too large (at most %(size)s MB).") % {"size": MAX_UPLOAD_BYTES // 2**20}
        )
    upload.seek(0)
    if not zipfile.is_zipfile(upload):
        raise ImportFileError(_("The file is not a valid .xlsx workbook."))
    upload.seek(0)
    _check_unpacked_sizes(upload)
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for damaged files
        raise ImportFileError(_("The file is not a valid .xlsx workbook.")) from error
    try:
        data = _data_rows(workbook, columns)
    except ImportFileError:
        raise
    except Exception as error:  # a damaged sheet inside a sound zip (cut XML, bad CRC, ...)
        raise ImportFileError(_("The file is not a valid .xlsx workbook.")) from error
    finally:
        workbook.close()
    if not data:
        raise ImportFileError(_("The file has no data rows."))
    return data


def _expected_headers(columns: list[Column]) -> list[list[str]]:
    """The template's header row in each language: a file made in English imports in Vietnamese."""
    headers = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            headers.append([fold(str(c.title)) for c in columns])
    return headers


class Row:
    """Typed reading of one row, collecting a Vietnamese message per bad cell."""

    def __init__(self, number: int, values: dict, columns: list[Column], errors: list[RowError]):
        self.number, self.values, self.errors = number, values, errors
        self.titles = {c.key: str(c.title) for c in columns}
        self.required = {c.key for c in columns if c.required}

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, self.titles[key], message))

    def text(self, key: str, max_length: int = 200) -> str:
        value = self.values.get(key)
        text = "" if value is None else " ".join(str(value).split())
        if not text and key in self.required:
            self.error(key, _("This column is required."))
        elif len(text) > max_length:
            self.error(key, _("At most %(n)s characters.") % {"n": max_length})
            return text[:max_length]
        return text

    def date(self, key: str) -> datetime.date | None:
        value = self.values.get(key)
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = self.text(key)
        if not text:
            return None
        for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
            try:
                parsed = datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
            if parsed.year < 1990:
                break
            return parsed
        self.error(key, _("“%(value)s” is not a date written dd/mm/yyyy.") % {"value": text})
        return None

    def time(self, key: str) -> datetime.time | None:
        value = self.values.get(key)
        if isinstance(value, datetime.time):
            return value
        if isinstance(value, datetime.datetime):
            return value.time()
        text = self.text(key)
        if not text:
            return None
        for pattern in ("%H:%M", "%H:%M:%S", "%Hh%M", "%Hh"):
            try:
                return datetime.datetime.strptime(text, pattern).time()
            except ValueError:
                continue
        self.error(key, _("“%(value)s” is not a time written hh:mm.") % {"value": text})
        return None

    def count(self, key: str, maximum: int) -> int | None:
        value = self.values.get(key)
        if value is None or str(value).strip() == "":
            if key in self.required:
                self.error(key, _("This column is required."))
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and (number := whole_number(value)) is not None:
            value = number
        if not isinstance(value, int) or isinstance(value, bool):
            self.error(key, _("“%(value)s” is not a whole number.") % {"value": value})
            return None
        if value < 0:
            self.error(key, _("Cannot be negative."))
            return None
        if value > maximum:
            self.error(
                key,
                _("%(value)s is implausibly large (at most %(max)s).")
                % {"value": value, "max": maximum},
            )
            return None
        return value

    def choice(self, key: str, options: dict[str, object]):
        text = self.text(key)
        if not text:
            return None
        found = options.get(fold(text))
        if found is None:
            self.error(key, _("“%(value)s” is not in the list.") % {"value": text})
        return found


def _kinds() -> dict[str, str]:
    """Kinds by their label in any of the portal's languages."""
    names = {fold(value): value for value in Activity.Kind.values}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names |= {fold(str(label)): value for value, label in Activity.Kind.choices}
    return names


def import_activities(*, centre: Centre, upload, user=None) -> ImportResult:
    """Activities and their sessions from the template: one row per session."""
    result = ImportResult()
    rows = open_rows(upload, ACTIVITY_COLUMNS)
    areas = {fold(a.name): a for a in ContentArea.objects.filter(is_active=True)}
    kinds = _kinds()
    locked = locked_years(centre.pk)
    today = datetime.date.today()
    activities: dict[tuple, dict] = {}
    seen_sessions: dict[tuple, int] = {}
    for number, values in rows:
        row = Row(number, values, ACTIVITY_COLUMNS, result.errors)
        errors_before = len(result.errors)
        kind = row.choice("kind", kinds)
        title = row.text("title")
        area = row.choice("content_area", areas)
        start, end, day = row.date("start_date"), row.date("end_date"), row.date("session_date")
        end = end or start
        time = row.time("start_time")
        counts = {
            k: row.count(k, MAX_HEADCOUNT)
            for k in ("participants", "participants_women", "participants_minority")
        }
        fields = {
            "partner": row.text("partner", 150), "place": row.text("place"),
            "target_group": row.text("target_group"), "topic": row.text("topic"),
        }  # fmt: skip
        if start and start > today:
            row.error("start_date", _("The start date cannot be in the future."))
        elif start and start < EARLIEST_START:
            row.error("start_date", _("The start date cannot be before 01/01/2000."))
        if start and end and end < start:
            row.error("end_date", _("The end date cannot be before the start date."))
        elif start and end and (end - start).days > 366:
            row.error("end_date", _("An activity cannot last more than a year."))
        if day and day > today:
            row.error("session_date", _("A session cannot be recorded before it takes place."))
        elif day and start and end and not start <= day <= end:
            row.error("session_date", _("The session date must fall within the activity's dates."))
        if start and start.year in locked:
            row.error("start_date", _("The records of %(year)s are locked.") % {"year": start.year})
        if kind == Activity.Kind.CLASS and any(v is not None for v in counts.values()):
            row.error("participants", _("A class's numbers come from its attendance: leave empty."))
        if kind == Activity.Kind.TALK:
            total = counts["participants"]
            if total is None:
                row.error("participants", _("Enter the number of people present at the talk."))
            else:
                for key in ("participants_women", "participants_minority"):
                    if (counts[key] or 0) > total:
                        row.error(key, _("Cannot be more than the people present."))
        if len(result.errors) > errors_before:
            continue
        key = (kind, fold(title), start)
        first = activities.setdefault(
            key,
            {"row": number, "kind": kind, "title": title, "area": area, "start": start, "end": end,
             "fields": fields, "sessions": []},
        )  # fmt: skip
        if first["row"] != number and (first["end"], first["area"]) != (end, area):
            row.error(
                "end_date",
                _("Differs from row %(row)s of the same activity.") % {"row": first["row"]},
            )
            continue
        session_key = (key, day, time)
        if session_key in seen_sessions:
            row.error(
                "session_date", _("Duplicate of row %(row)s.") % {"row": seen_sessions[session_key]}
            )
            continue
        seen_sessions[session_key] = number
        first["sessions"].append({"date": day, "time": time, "topic": fields["topic"], **counts})
    if result.errors:
        return result
    _save_activities(centre, activities, result, user)
    return result


@transaction.atomic
def _save_activities(centre: Centre, parsed: dict, result: ImportResult, user) -> None:
    starts = {key[2] for key in parsed}
    existing = {
        (a.kind, fold(a.title), a.start_date): a
        for a in Activity.objects.filter(centre=centre, start_date__in=starts)
    }
    new = [
        Activity(
            centre=centre, kind=item["kind"], title=item["title"], content_area=item["area"],
            start_date=item["start"], end_date=item["end"],
            partner=item["fields"]["partner"], place=item["fields"]["place"],
            target_group=item["fields"]["target_group"],
        )
        for key, item in parsed.items()
        if key not in existing
    ]  # fmt: skip
    if new:
        bulk_create_with_history(new, Activity, default_user=user)
        existing = {
            (a.kind, fold(a.title), a.start_date): a
            for a in Activity.objects.filter(centre=centre, start_date__in=starts)
        }
    activity_ids = [a.pk for a in existing.values()]
    sessions = {
        (s.activity_id, s.date, s.start_time): s
        for s in Session.objects.filter(activity_id__in=activity_ids)
    }
    to_create = []
    for key, item in parsed.items():
        activity = existing[key]
        for data in item["sessions"]:
            counts = {
                "participants": data["participants"] or 0,
                "participants_women": data["participants_women"] or 0,
                "participants_minority": data["participants_minority"] or 0,
            }
            session = sessions.get((activity.pk, data["date"], data["time"]))
            if session is None:
                to_create.append(
                    Session(activity=activity, date=data["date"], start_time=data["time"],
                            topic=data["topic"], **counts)
                )  # fmt: skip
            elif activity.kind == Activity.Kind.TALK and any(
                getattr(session, k) != v for k, v in counts.items()
            ):
                for k, v in counts.items():
                    setattr(session, k, v)
                session.save()
                result.updated += 1
            else:
                result.unchanged += 1
    if to_create:
        bulk_create_with_history(to_create, Session, default_user=user)
    if new or to_create:
        reports_stale(ACTIVITIES)  # bulk inserts send no signals
    result.created = len(to_create)


def import_learners(*, activity: Activity, upload, user=None) -> ImportResult:
    """A class's learner list: learners already recorded at the centre are reused, not copied."""
    result = ImportResult()
    rows = open_rows(upload, LEARNER_COLUMNS)
    sexes = {"nam": "male", "nu": "female", "male": "male", "female": "female"}
    ethnicities = {fold(name): code for name, code in ETHNICITY_BY_NAME.items()}
    this_year = datetime.date.today().year
    people, seen = [], {}
    for number, values in rows:
        row = Row(number, values, LEARNER_COLUMNS, result.errors)
        errors_before = len(result.errors)
        name = row.text("full_name", 100)
        sex = row.choice("sex", sexes)
        year = row.count("birth_year", this_year - 10)
        if year is not None and year < 1910:
            row.error(
                "birth_year",
                _("Enter a birth year between 1910 and %(max)s.") % {"max": this_year - 10},
            )
        ethnicity = row.choice("ethnicity", ethnicities) or KINH
        village = row.text("village", 100)
        phone = row.text("phone", 20)
        if phone:
            try:
                phone_validator(phone)
            except ValidationError as error:
                row.error("phone", error.messages[0])
        if len(result.errors) > errors_before:
            continue
        key = (fold(name), year, fold(village))
        if key in seen:
            row.error("full_name", _("Duplicate of row %(row)s.") % {"row": seen[key]})
            continue
        seen[key] = number
        people.append(
            Learner(centre=activity.centre, full_name=name, sex=sex, birth_year=year,
                    ethnicity=ethnicity, village=village, phone=phone)
        )  # fmt: skip
    if result.errors:
        return result
    with transaction.atomic():
        for person in people:
            matches = person.likely_duplicates()
            learner = matches[0] if matches else None
            if learner is None:
                person.save()
                learner = person
                result.created += 1
            enrolment_before = activity.enrolments.filter(learner=learner).exists()
            services.enrol_learner(activity=activity, learner=learner)
            if enrolment_before:
                result.unchanged += 1
            elif learner is not person:
                result.updated += 1
    return result
