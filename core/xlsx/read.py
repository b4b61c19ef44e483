"""Reading xlsx uploads made from a template, hardened against hostile files.

Every row is read and checked before anything is saved; `Row` collects one Vietnamese message per
bad cell, with its row and column, so an import is all rows or nothing.
"""

import copy
import datetime
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from ..text import fold, group_digits, parse_whole_number
from .columns import Column

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

    def failed(self, key: str) -> bool:
        """Whether the cell already has an error (one message per cell is enough)."""
        title = self.titles[key]
        return any(e.row == self.number and e.column == title for e in self.errors)

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
            value = value.date()
        if isinstance(value, datetime.date):  # a date cell: the same years as a typed one
            if value.year >= 1990:
                return value
            self.error(
                key,
                _("“%(value)s” is not a date written dd/mm/yyyy.")
                % {"value": value.strftime("%d/%m/%Y")},
            )
            return None
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
        if isinstance(value, str):
            try:
                number = parse_whole_number(value)  # "1.234" is 1234, the Vietnamese way
            except ValidationError as error:
                message = (
                    error.messages[0]
                    if error.code == "decimal"
                    else _("“%(value)s” is not a whole number.") % {"value": value}
                )
                self.error(key, message)
                return None
            if number is not None:
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
                % {"value": group_digits(value), "max": group_digits(maximum)},
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
