"""Time the onboarding imports at national size (not part of the test suite).

A province of 3.321 present communes (code 94; 3.321 is the number of communes in Việt Nam since
01/07/2025): its missing centres created in one step; its centres workbook (one row per commune,
every column filled); a workbook of 4.821 board members and staff (a director per centre, a
speaker for 1.500 of them); and one of 3.321 accounts (a centre-staff account per commune, each
e-mailed its set-password link through the in-memory mail backend). Each import runs three times:
creating, the same file again (unchanged), and the file with a column changed on every row
(updated). Target: under 60 s for 3.321 rows. Run against a scratch database; the province 94's
rows are deleted first and at the end:

    DJANGO_DEBUG=1 .venv/bin/python benchmarks/onboarding.py          # SQLite, /tmp scratch file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \\
        DJANGO_DEBUG=1 .venv/bin/python benchmarks/onboarding.py
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault(
    "DATABASE_URL", f"sqlite:///{Path(tempfile.gettempdir()) / 'tthtcd-onboarding.sqlite3'}"
)
os.environ["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import translation  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from centres.models import AdministrativeUnit, Assignment, BoardMember, Centre, Staff  # noqa: E402
from centres.models.units import REFORM_DATE  # noqa: E402
from centres.onboarding import (  # noqa: E402
    create_missing_centres,
    import_centres,
    import_people,
)
from centres.onboarding_accounts import import_accounts  # noqa: E402
from centres.onboarding_columns import (  # noqa: E402
    ACCOUNT_COLUMNS,
    CENTRE_COLUMNS,
    PEOPLE_COLUMNS,
)
from core.text import fold  # noqa: E402

PROVINCE = "94"
COMMUNES = 3321
SPEAKERS = 1500
PREFIX = "bench_onb_"


def dots(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def log(message: str) -> None:
    print(message, flush=True)


def clean() -> None:
    """The benchmark province's rows, from a run before (or this one)."""
    User = get_user_model()
    Centre.objects.filter(commune__path__startswith=f"{PROVINCE}/").delete()
    Assignment.objects.filter(unit__path__startswith=f"{PROVINCE}/").delete()
    User.objects.filter(username__startswith=PREFIX).delete()
    AdministrativeUnit.objects.filter(path__startswith=f"{PROVINCE}/", level="commune").delete()
    AdministrativeUnit.objects.filter(path=f"{PROVINCE}/").delete()


def build() -> tuple[AdministrativeUnit, object, list[AdministrativeUnit]]:
    province = AdministrativeUnit.objects.create(
        code=PROVINCE, name="Tỉnh Đo Nhập Liệu", level="province"
    )
    communes = [
        AdministrativeUnit(
            code=f"{9 * 10_000 + i:05d}", name=f"Xã Nhập {i + 1}", search_name=fold(f"Xã Nhập {i + 1}"),
            level="commune", parent=province, path=f"{PROVINCE}/{9 * 10_000 + i:05d}/",
            valid_from=REFORM_DATE,
        )
        for i in range(COMMUNES)
    ]  # fmt: skip
    AdministrativeUnit.objects.bulk_create(communes, batch_size=1000)
    admin = get_user_model().objects.create(username=f"{PREFIX}admin", first_name="Quản trị đo")
    Assignment.objects.create(user=admin, unit=province, role="unit_admin")
    return province, admin, communes


def workbook(columns, rows, name: str) -> SimpleUploadedFile:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    with translation.override("vi"):
        sheet.append([c.header for c in columns])
    for row in rows:
        sheet.append([row.get(c.key) for c in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def centre_rows(communes, rooms: int) -> list[dict]:
    return [
        {"code": c.code, "commune": c.name, "name": f"Trung tâm học tập cộng đồng {c.name}",
         "decision_number": f"{i + 1}/QĐ-UBND", "decision_date": "15/08/2025",
         "address": f"Nhà văn hóa {c.name}", "phone": "0221 3861 234",
         "email": f"tthtcd{i}@example.vn", "premises": "Dùng chung trụ sở", "rooms": rooms,
         "seats": 120, "computers": 3, "library_books": 450, "has_internet": "Có",
         "has_audio_equipment": "Có", "has_seal": "Có", "has_bank_account": "Không",
         "adult_population": 8000 + i}
        for i, c in enumerate(communes)
    ]  # fmt: skip


def people_rows(communes, post: str) -> list[dict]:
    rows = [
        {"code": c.code, "role": "Giám đốc", "full_name": f"Nguyễn Văn Giám {i}", "sex": "Nam",
         "birth_year": 1970, "post": post, "is_concurrent": "Có",
         "appointment_decision": f"{i}/QĐ-UBND", "appointment_date": "20/08/2025"}
        for i, c in enumerate(communes)
    ]  # fmt: skip
    rows += [
        {"code": c.code, "role": "Báo cáo viên", "full_name": f"Trần Thị Báo {i}", "sex": "Nữ",
         "post": "Hội Liên hiệp Phụ nữ xã", "phone": "0912345678"}
        for i, c in enumerate(communes[:SPEAKERS])
    ]  # fmt: skip
    return rows


def account_rows(communes, suffix: str) -> list[dict]:
    return [
        {"username": f"{PREFIX}{c.code}", "full_name": f"Cán bộ {c.name}{suffix}",
         "email": f"canbo{c.code}@example.vn", "unit_code": c.code, "role": "Cán bộ trung tâm"}
        for c in communes
    ]  # fmt: skip


def timed(label: str, run, check=None) -> None:
    queries = {"n": 0}

    def counter(execute, sql, params, many, context):
        queries["n"] += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        result = run()
    seconds = time.perf_counter() - started
    assert result.ok, result.errors[:5]
    log(
        f"  {label:<34} {seconds:7.2f} s  {queries['n']:6d} queries  "
        f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}"
    )
    if check:
        check(result)


def main() -> None:
    vendor = connection.vendor
    log(f"Onboarding benchmark on {vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)
    clean()
    province, admin, communes = build()
    try:
        started = time.perf_counter()
        created = create_missing_centres(user=admin, unit=province)
        log(
            f"  {'missing centres: create':<34} {time.perf_counter() - started:7.2f} s  "
            f"created {len(created)}"
        )
        Centre.objects.filter(commune__path__startswith=f"{PROVINCE}/").delete()
        centres = workbook(CENTRE_COLUMNS, centre_rows(communes, 2), "trung-tam.xlsx")
        changed = workbook(CENTRE_COLUMNS, centre_rows(communes, 3), "trung-tam-2.xlsx")
        log(f"Centres workbook: {dots(COMMUNES)} rows, {dots(centres.size // 1024)} KB")
        for label, upload in (("centres: create", centres), ("centres: same file", centres),
                              ("centres: every row updated", changed)):  # fmt: skip
            timed(label, lambda u=upload: import_centres(user=admin, unit=province, upload=u))
        assert Centre.objects.filter(commune__path__startswith=f"{PROVINCE}/").count() == COMMUNES

        people = workbook(PEOPLE_COLUMNS, people_rows(communes, "Phó Chủ tịch UBND xã"), "ns.xlsx")
        people2 = workbook(PEOPLE_COLUMNS, people_rows(communes, "Chủ tịch UBND xã"), "ns2.xlsx")
        count = COMMUNES + SPEAKERS
        log(f"People workbook: {dots(count)} rows, {dots(people.size // 1024)} KB")
        for label, upload in (("people: create", people), ("people: same file", people),
                              ("people: every director updated", people2)):  # fmt: skip
            timed(label, lambda u=upload: import_people(user=admin, unit=province, upload=u))
        under = {"centre__commune__path__startswith": f"{PROVINCE}/"}
        assert BoardMember.objects.filter(**under).count() == COMMUNES
        assert Staff.objects.filter(**under).count() == SPEAKERS

        accounts = workbook(ACCOUNT_COLUMNS, account_rows(communes, ""), "tk.xlsx")
        accounts2 = workbook(ACCOUNT_COLUMNS, account_rows(communes, " (mới)"), "tk2.xlsx")
        log(f"Accounts workbook: {dots(COMMUNES)} rows, {dots(accounts.size // 1024)} KB")

        def emailed(result):
            log(f"    e-mailed {result.emailed} links, {len(mail.outbox)} messages in the outbox")
            mail.outbox.clear()

        mail.outbox = []
        for label, upload in (("accounts: create + e-mail", accounts),
                              ("accounts: same file", accounts),
                              ("accounts: every name updated", accounts2)):  # fmt: skip
            timed(
                label,
                lambda u=upload: import_accounts(user=admin, unit=province, upload=u),
                emailed,
            )
    finally:
        clean()
    log(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
