"""Uploaded documents checked by parsing them, not by their first bytes.

A file is accepted only if a real parser reads it as the type its name says: pypdf (strict) for
PDF, Pillow for images, zipfile plus the package's own content-type part for Office Open XML and
OpenDocument, olefile for the old Office formats. Polyglots are refused: a PDF or an image that is
also a zip archive, or that carries HTML in its first kilobyte. So is active content a reviewer
would run by opening the file: PDF actions and JavaScript, Office macros, OOXML parts fetched
from elsewhere (an external template).
"""

import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".doc", ".xls", ".docx", ".xlsx", ".odt", ".ods")
HTML = re.compile(rb"<\s*(?:!doctype|html|script|body|iframe|svg)\b", re.IGNORECASE)
OOXML_MAIN_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
ODF_MIMETYPE = {
    ".odt": b"application/vnd.oasis.opendocument.text",
    ".ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
OLE_STREAMS = {".doc": "WordDocument", ".xls": "Workbook"}
PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|OpenAction|AA|Launch|EmbeddedFile|RichMedia)\b")
OLE_MACROS = ("Macros", "_VBA_PROJECT_CUR", "VBA")
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}


def suffix_of(name: str) -> str:
    name = name.lower()
    return name[name.rfind(".") :] if "." in name else ""


def check_document(upload, suffix: str) -> None:
    """Raise ValidationError unless `upload` parses as a file of type `suffix`."""
    mismatch = ValidationError(_("The file's content does not match its type."))
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    try:
        if suffix in (".pdf", *IMAGE_FORMATS):
            if HTML.search(head) or zipfile.is_zipfile(upload):
                raise mismatch
            upload.seek(0)
            ok = _pdf(upload) if suffix == ".pdf" else _image(upload, IMAGE_FORMATS[suffix])
        elif suffix in OOXML_MAIN_PART or suffix in ODF_MIMETYPE:
            ok = _package(upload, suffix)
        elif suffix in OLE_STREAMS:
            ok = _ole(upload, OLE_STREAMS[suffix])
        else:
            ok = False
    except ValidationError:
        raise
    except Exception:  # every parser raises its own kinds for damaged files
        ok = False
    finally:
        upload.seek(0)
    if not ok:
        raise mismatch


def _pdf(upload) -> bool:
    from pypdf import PdfReader

    if upload.read(5) != b"%PDF-":
        return False
    upload.seek(0)
    if PDF_ACTIVE.search(upload.read()):  # the upload is at most EVIDENCE_MAX_BYTES
        return False
    upload.seek(0)
    return len(PdfReader(upload, strict=True).pages) > 0


def _image(upload, expected: str) -> bool:
    from PIL import Image

    with Image.open(upload) as image:
        if image.format != expected:
            return False
        image.verify()
    return True


def _package(upload, suffix: str) -> bool:
    if not zipfile.is_zipfile(upload):
        return False
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        names = set(archive.namelist())
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            return False  # macros
        for name in (n for n in names if n.endswith(".rels")):
            with archive.open(name) as member:
                if b'TargetMode="External"' in member.read(2**20):
                    return False  # a part (template, frame) fetched from elsewhere
        if suffix in OOXML_MAIN_PART:
            return "[Content_Types].xml" in names and OOXML_MAIN_PART[suffix] in names
        if "mimetype" not in names:
            return False
        with archive.open("mimetype") as member:
            return member.read(100).strip() == ODF_MIMETYPE[suffix]


def _ole(upload, stream: str) -> bool:
    import olefile

    if not olefile.isOleFile(upload):
        return False
    upload.seek(0)
    with olefile.OleFileIO(upload) as ole:
        macros = any(ole.exists(name) for name in OLE_MACROS) or any(
            "VBA" in part for entry in ole.listdir(storages=True) for part in entry
        )
        return ole.exists(stream) and not macros
