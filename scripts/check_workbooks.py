"""Check that every kind of workbook the portal writes prints properly.

Each sheet of each workbook is printed to PDF by LibreOffice on its own (the other sheets
hidden) and read back with poppler: the sheet must print on A4 in the orientation it asks for,
its whole header on every page (one page wide, the header repeated), every row printed, no
page after the one holding the last row, and no number shown as ###.

    DJANGO_DEBUG=1 .venv/bin/python scripts/check_workbooks.py [--keep DIR]

Needs LibreOffice (soffice) and poppler-utils (pdftotext, pdfinfo). The report tables, the
learner list template and the grades template need no database; the activities template and
the activity export are made in a throwaway test database (migrated, then dropped).
"""

import argparse
import datetime
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

A4_POINTS = (595, 842)


@dataclass
class SheetCheck:
    workbook: str
    sheet: str
    pages: int = 0
    orientation: str = ""
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        verdict = "ok" if not self.problems else "FAILED: " + "; ".join(self.problems)
        where = f"{self.workbook} / {self.sheet}"
        return f"{where:<60} {self.pages:>2} page(s) {self.orientation:<9} {verdict}"


def sample_tables() -> list:
    """Report tables as the reports build them: a wide rating table with groups and shares of
    two decimals, a funding table in the billions, a dated list and a comparison."""
    from reports.tables import Table

    grades = ["Tốt", "Khá", "Trung bình", "Yếu", "Chưa xếp loại"]
    headers, kinds = ["Đơn vị", "Trung tâm"], ["text", "int"]
    groups, subheaders = [("Đơn vị", 1), ("Trung tâm", 1)], ["", ""]
    for grade in grades:
        headers += [f"{grade}: trung tâm", f"{grade}: %"]
        kinds += ["int", "pct"]
        groups.append((grade, 2))
        subheaders += ["trung tâm", "%"]
    shares = [
        Decimal("55.24"),
        Decimal("31.13"),
        Decimal("12.58"),
        Decimal("1.05"),
        Decimal("0.00"),
    ]
    rows = [
        [f"Huyện Quỳnh Phụ mẫu {n:02d}", 286, *(v for s in shares for v in (int(s), s))]
        for n in range(1, 31)
    ]
    rows.append(["Tổng cộng", 8580, *(v for s in shares for v in (int(s) * 30, s))])
    note = (
        "Tỷ lệ làm tròn đến 2 chữ số thập phân theo phương pháp phần dư lớn nhất, để mỗi dòng "
        "cộng lại đúng 100%."
    )
    money = 11_418_000_000
    long_title = "kỹ thuật trồng lúa chất lượng cao và phòng trừ sâu bệnh cho bà con nông dân"
    return [
        Table("Xếp loại trung tâm năm 2026", headers, rows, kinds, groups=groups,
              subheaders=subheaders, notes=[note]),
        Table("Kinh phí theo nguồn (đồng)", ["Nguồn", "Số tiền"],
              [["Ngân sách nhà nước", money], ["Xã hội hóa", 7_500_000],
               ["Tổng cộng", money + 7_500_000]],
              ["text", "int"]),
        Table("Hoạt động", ["Bắt đầu", "Loại", "Tên", "Lĩnh vực", "Buổi học", "Lượt người"],
              [*([datetime.date(2026, 4, n), "Lớp học", f"Lớp mẫu {n:02d}: {long_title}",
                  "Chuyển giao khoa học kỹ thuật (trồng trọt, chăn nuôi, thủy sản)", 12, 1234]
                 for n in range(1, 21)),
               ["Tổng cộng", "", "", "", 240, 24680]],
              ["date", "text", "text", "text", "int", "int"]),
        Table("So sánh với năm 2025 — tỷ lệ trên số trung tâm đã xếp loại (4/4 và 1/2)",
              ["Xếp loại", "2025", "2026", "Thay đổi (điểm %)"],
              [["Tốt", Decimal("50.00"), Decimal("55.24"), Decimal("5.24")],
               ["Khá", Decimal("40.00"), Decimal("31.13"), Decimal("-8.87")]],
              ["text", "pct", "pct", "change"], total_rows=0, notes=[note]),
    ]  # fmt: skip


def report_workbook() -> bytes:
    from reports.xlsx import tables_workbook

    title = [
        "BÁO CÁO KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI TRUNG TÂM HỌC TẬP CỘNG ĐỒNG",
        "Tỉnh Thái Bình",
        "Số liệu tính đến 10:00 01/05/2026",
        "16/30 trung tâm xếp loại tốt (chiếm tỷ lệ 55,24%), tăng 5,24 điểm % so với năm 2025.",
    ]
    return tables_workbook(title, sample_tables())


def templates_without_database() -> dict[str, bytes]:
    from django.test import RequestFactory

    from activities.exports import learners_template
    from ratings.views import grades_template

    return {
        "mau-hoc-vien.xlsx": learners_template(),
        "mau-xep-loai.xlsx": grades_template(RequestFactory().get("/")).content,
    }


def database_workbooks(activities: int = 120) -> dict[str, bytes]:
    """The activities template and an export of `activities` talks, from a test database."""
    from activities.exports import activities_template, activities_workbook
    from activities.models import Activity, ContentArea, Session
    from centres.models import AdministrativeUnit, Centre

    day = datetime.date(2026, 3, 2)
    parent = None
    for level, code, name in [("province", "34", "Tỉnh Thái Bình"),
                              ("district", "336", "Huyện Quỳnh Phụ"),
                              ("commune", "12454", "Xã An Khê")]:  # fmt: skip
        parent = AdministrativeUnit.objects.create(
            level=level, code=code, name=name, parent=parent,
            path=AdministrativeUnit.build_path(code, parent),
        )  # fmt: skip
    centre = Centre.objects.create(commune=parent, name="Trung tâm học tập cộng đồng xã An Khê")
    areas = list(ContentArea.objects.all())
    made = Activity.objects.bulk_create(
        Activity(
            centre=centre, kind="talk", content_area=areas[n % len(areas)],
            title=f"Chuyên đề mẫu {n:03d}: phổ biến pháp luật về đất đai cho bà con nông dân",
            partner="Hội Nông dân xã", start_date=day, end_date=day,
        )
        for n in range(1, activities + 1)
    )  # fmt: skip
    Session.objects.bulk_create(Session(activity=a, date=day, participants=1234) for a in made)
    export = activities_workbook(
        Activity.objects.filter(centre=centre), title="Danh sách hoạt động năm 2026"
    )
    return {"mau-hoat-dong.xlsx": activities_template(), "hoat-dong-2026.xlsx": export}


def _squeeze(text: str) -> str:
    """Text without any white space, composed: pdftotext splits some Vietnamese letters."""
    return "".join(unicodedata.normalize("NFC", str(text)).split())


def _printed(header: str, text: str) -> bool:
    """Whether the words of a header cell are on the page in their order (a wrapped header's
    lines come out between the lines of its neighbours)."""
    position = 0
    for word in header.split():
        position = text.find(_squeeze(word), position)
        if position < 0:
            return False
        position += len(_squeeze(word))
    return True


def _one_sheet_visible(content: bytes, index: int) -> bytes:
    """The workbook with every sheet but the `index`-th hidden, so it prints alone."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                parts = re.split(r'(?<=<sheet )([^>]*?)state="\w+"', data.decode())
                # parts: text, then (attributes before the state, text) for each sheet
                for number in range(len(parts) // 2):
                    state = "visible" if number == index else "hidden"
                    parts[2 * number + 1] += f'state="{state}"'
                text = re.sub(r'(activeTab|firstSheet)="\d+"', rf'\1="{index}"', "".join(parts))
                data = text.encode()
            target.writestr(item, data)
    return buffer.getvalue()


def _expected(content: bytes) -> list[dict]:
    """What each sheet should print: its name, orientation, header words and row keys."""
    from openpyxl import load_workbook

    sheets = []
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        first = last = 0
        if sheet.print_title_rows:
            first, last = (int(n) for n in re.findall(r"\d+", sheet.print_title_rows)[:2])
        header = [
            cell.value
            for row in sheet.iter_rows(min_row=first or 1, max_row=last or 0)
            for cell in row
            if isinstance(cell.value, str) and cell.value.strip()
        ]
        keys = []
        for row in sheet.iter_rows(min_row=last + 1, max_row=sheet.max_row):
            values = [c.value for c in row if isinstance(c.value, str) and c.value.strip()]
            if values:
                keys.append(values[0])
        sheets.append(
            {"name": sheet.title, "orientation": sheet.page_setup.orientation or "portrait",
             "header": header, "keys": keys}
        )  # fmt: skip
    return sheets


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        package = "LibreOffice" if name == "soffice" else "poppler-utils"
        raise RuntimeError(f"{name} ({package}) is not installed")
    return path


def _pdf_pages(pdf: Path) -> list[tuple[str, tuple[int, int]]]:
    """(text, (width, height) in points) of each page."""
    info = subprocess.run(  # noqa: S603 (our own files)
        [_tool("pdfinfo"), "-f", "1", "-l", "9999", str(pdf)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    sizes = [
        (round(float(w)), round(float(h)))
        for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    ]
    pages = []
    for number, size in enumerate(sizes, start=1):
        text = subprocess.run(  # noqa: S603
            [_tool("pdftotext"), "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        pages.append((text, size))
    return pages


def _check_sheet(check: SheetCheck, expected: dict, pdf: Path) -> None:
    if not pdf.exists():
        check.problems.append("LibreOffice made no PDF")
        return
    pages = _pdf_pages(pdf)
    check.pages = len(pages)
    if not pages:
        check.problems.append("the PDF has no pages")
        return
    texts = [_squeeze(text) for text, _size in pages]
    landscape = expected["orientation"] == "landscape"
    check.orientation = expected["orientation"]
    wanted = (A4_POINTS[1], A4_POINTS[0]) if landscape else A4_POINTS
    if any(size != wanted for _text, size in pages):
        check.problems.append(f"not A4 {expected['orientation']}: {sorted({s for _t, s in pages})}")
    for number, text in enumerate(texts, start=1):
        missing = [h for h in expected["header"] if not _printed(h, text)]
        if missing:
            where = "the first page" if number == 1 else f"page {number}"
            check.problems.append(f"header not whole on {where} (missing {missing[:3]})")
            break
    shrunk = [n for n, text in enumerate(texts, start=1) if "###" in text]
    if shrunk:
        check.problems.append(f"### on page {shrunk[0]}: a column is too narrow")
    # A row's first cell may wrap in its column: its words in order, as for the headers.
    lost = [k for k in expected["keys"] if not any(_printed(k, text) for text in texts)]
    if lost:
        check.problems.append(f"{len(lost)} row(s) not printed, e.g. {lost[0]!r}")
    elif expected["keys"]:
        last = expected["keys"][-1]
        holding = max(n for n, text in enumerate(texts, start=1) if _printed(last, text))
        if holding != len(texts):
            check.problems.append(
                f"{len(texts)} pages where the rows end on page {holding}: columns spill over"
            )
    elif len(texts) != 1:
        check.problems.append(f"{len(texts)} pages for a sheet without rows")


def check_workbooks(workbooks: dict[str, bytes], directory: Path) -> list[SheetCheck]:
    """Print each sheet of each workbook to PDF with LibreOffice and check the pages."""
    directory.mkdir(parents=True, exist_ok=True)
    jobs = []
    for name, content in workbooks.items():
        (directory / name).write_bytes(content)
        for index, expected in enumerate(_expected(content)):
            path = directory / f"{Path(name).stem}--{index + 1}.xlsx"
            path.write_bytes(_one_sheet_visible(content, index))
            jobs.append((SheetCheck(name, expected["name"]), expected, path))
    soffice = _tool("soffice")
    for tool in ("pdftotext", "pdfinfo"):  # before the long conversion, not after it
        _tool(tool)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(  # noqa: S603
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(directory), *(str(p) for _c, _e, p in jobs)],
            capture_output=True, check=False, timeout=600,
        )  # fmt: skip
    for check, expected, path in jobs:
        _check_sheet(check, expected, path.with_suffix(".pdf"))
    return [check for check, _expected, _path in jobs]


def all_workbooks() -> dict[str, bytes]:
    """Every kind of workbook the portal writes; the database ones in a test database."""
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    workbooks = {"bao-cao.xlsx": report_workbook(), **templates_without_database()}
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        workbooks |= database_workbooks()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    return workbooks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="keep the workbooks and PDFs in this folder")
    parser.add_argument(
        "files", nargs="*", type=Path,
        help="check these xlsx files (e.g. downloaded from the demo) instead of generating them",
    )  # fmt: skip
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.utils import translation

    translation.activate("vi")
    with tempfile.TemporaryDirectory(prefix="check-workbooks-") as scratch:
        directory = args.keep or Path(scratch)
        workbooks = (
            {path.name: path.read_bytes() for path in args.files} if args.files else all_workbooks()
        )
        checks = check_workbooks(workbooks, directory)
    for check in checks:
        print(check.line())
    failed = [c for c in checks if c.problems]
    print(f"{len(checks) - len(failed)}/{len(checks)} sheets print properly")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
