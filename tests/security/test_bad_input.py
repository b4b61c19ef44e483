"""Hypothesis throws odd input at the importers and forms: a clear error or a correct save,
nothing half-imported, never a server error."""

import datetime
import functools
import io
import os
import re
import struct
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from activities.exports import activities_template
from activities.imports import import_activities
from activities.models import Activity, Session
from centres.models import Centre
from core.xlsx.read import ImportFileError

from ..activities.test_spreadsheets import talk_row

pytestmark = pytest.mark.django_db
SETTINGS = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

odd_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "=1+1",
            "+SUM(A1)",
            "-2",
            "@cmd",
            '=HYPERLINK("x")',
            "\u202e",
            "Ω" * 500,
            "\x00",
            "²",
            "①",
            "١٢",
            "9" * 30,
            "9" * 5000,
            " 12 ",
            "1e3",
            "0x1F",
        ]
    ),
)
odd_cell = st.one_of(
    st.none(),
    odd_text,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)),
    st.sampled_from(["Chuyên đề", "Lớp học", "Thời sự", "31/12/2025", "01/01/1900", "99/99/9999"]),
)


def workbook_with(rows, template: bytes | None = None) -> SimpleUploadedFile:
    workbook = load_workbook(io.BytesIO(template or activities_template()))
    sheet = workbook.worksheets[0]
    for row in rows:
        sheet.append([c.replace("\x00", "") if isinstance(c, str) else c for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("hoat-dong.xlsx", buffer.getvalue())


@SETTINGS
@given(rows=st.lists(st.lists(odd_cell, min_size=14, max_size=14), min_size=1, max_size=5))
def test_random_rows_are_either_all_imported_or_all_refused(centre, rows):
    before = activity_counts()
    try:
        upload = workbook_with(rows)
    except Exception:  # openpyxl refuses to write some values (e.g. control characters)
        return
    result = all_or_nothing(
        lambda: import_activities(centre=centre, upload=upload), activity_counts
    )
    if result is not None:
        assert Session.objects.count() - before[1] == result.created


@SETTINGS
@given(content=st.binary(max_size=5000), name=st.sampled_from(["a.xlsx", "a.xls", "a.csv", "a"]))
def test_random_bytes_are_refused_with_a_clear_message(centre, content, name):
    with pytest.raises(ImportFileError) as error:
        import_activities(centre=centre, upload=SimpleUploadedFile(name, content))
    assert str(error.value)


@SETTINGS
@given(
    name=odd_text,
    rooms=st.one_of(st.integers(min_value=-(10**9), max_value=10**9), odd_text),
    seats=st.one_of(st.integers(min_value=-(10**12), max_value=10**12), odd_text),
    email=odd_text,
    decision_date=st.one_of(
        odd_text, st.dates().map(lambda d: d.strftime("%d/%m/") + f"{d.year:04d}")
    ),
)
def test_the_centre_form_never_fails_on_odd_input(
    client, commune_staff, centre, name, rooms, seats, email, decision_date
):
    client.force_login(commune_staff)
    data = {
        "name": name, "status": "active", "premises": "own", "rooms": rooms, "seats": seats,
        "computers": 0, "library_books": 0, "email": email, "decision_date": decision_date,
    }  # fmt: skip
    data = {k: (v.replace("\x00", "") if isinstance(v, str) else v) for k, v in data.items()}
    response = client.post(reverse("centres:update", args=[centre.pk]), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors
    else:
        centre.refresh_from_db()
        decided = centre.decision_date
        assert decided is None or datetime.date(1990, 1, 1) <= decided <= datetime.date.today()


# --- Damaged and hostile files --------------------------------------------------------------


@functools.cache
def sound_workbook() -> bytes:
    """The template with one valid talk, as the bytes a user would upload."""
    return workbook_with([talk_row()]).read()


def rezipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def parts_of(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def all_or_nothing(run_import, counts):
    """Run an import: a refusal with a message, or row errors, leave `counts()` unchanged.

    Returns the result when the import went through, else None.
    """
    before = counts()
    try:
        result = run_import()
    except ImportFileError as error:
        refusal = str(error)
    else:
        refusal = None
    if refusal is not None:
        assert refusal
        assert counts() == before
        return None
    if not result.ok:
        assert all(error.row >= 2 and error.column and error.message for error in result.errors)
        assert counts() == before
        return None
    return result


def activity_counts() -> tuple[int, int]:
    return Activity.objects.count(), Session.objects.count()


def assert_refused_or_all_or_nothing(centre, content: bytes) -> None:
    all_or_nothing(
        lambda: import_activities(centre=centre, upload=SimpleUploadedFile("a.xlsx", content)),
        activity_counts,
    )


@SETTINGS
@given(data=st.data())
def test_a_workbook_cut_short_is_refused_with_a_clear_message(centre, data):
    content = sound_workbook()
    cut = data.draw(st.integers(min_value=0, max_value=len(content) - 1))
    with pytest.raises(ImportFileError) as error:
        import_activities(centre=centre, upload=SimpleUploadedFile("a.xlsx", content[:cut]))
    assert str(error.value)


@SETTINGS
@given(data=st.data(), garbage=st.binary(max_size=64))
def test_a_damaged_part_inside_a_sound_zip_is_refused_or_read_whole(centre, data, garbage):
    parts = parts_of(sound_workbook())
    name = data.draw(st.sampled_from(sorted(parts)))
    keep = data.draw(st.integers(min_value=0, max_value=len(parts[name])))
    parts[name] = parts[name][:keep] + garbage
    assert_refused_or_all_or_nothing(centre, rezipped(parts))


def with_declared_size(content: bytes, member: str, declared: int) -> bytes:
    """The zip with the central directory claiming `declared` unpacked bytes for `member`."""
    raw = bytearray(content)
    position = 0
    while True:
        position = raw.index(b"PK\x01\x02", position)
        name_length = struct.unpack_from("<H", raw, position + 28)[0]
        if raw[position + 46 : position + 46 + name_length].decode() == member:
            struct.pack_into("<I", raw, position + 24, declared)
            return bytes(raw)
        position += 46


@settings(SETTINGS, max_examples=min(SETTINGS.max_examples, 6))
@given(
    member=st.sampled_from(["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"]),
    megabytes=st.integers(min_value=41, max_value=120),
    lie=st.one_of(st.none(), st.integers(min_value=0, max_value=40 * 2**20)),
)
def test_zip_bombs_are_refused_without_being_unpacked(centre, member, megabytes, lie):
    parts = parts_of(sound_workbook())
    parts[member] = b" " * (megabytes * 2**20)
    content = rezipped(parts)
    if lie is not None:  # the directory understates the size; unpacking stops at the lie
        content = with_declared_size(content, member, lie)
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError) as error:
            import_activities(centre=centre, upload=SimpleUploadedFile("a.xlsx", content))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(error.value)
    assert peak < 80 * 2**20 + len(content)  # never the whole bomb in memory
    assert Activity.objects.count() == 0


# --- The other importers --------------------------------------------------------------------


@SETTINGS
@given(rows=st.lists(st.lists(odd_cell, min_size=6, max_size=6), min_size=1, max_size=5))
def test_random_learner_rows_are_either_all_imported_or_all_refused(centre, rows):
    from activities.exports import learners_template
    from activities.imports import import_learners
    from activities.models import Enrolment, Learner

    from ..factories import ClassFactory

    course = ClassFactory(centre=centre)
    try:
        upload = workbook_with(rows, learners_template())
    except Exception:  # openpyxl refuses to write some values (e.g. control characters)
        return
    result = all_or_nothing(
        lambda: import_learners(activity=course, upload=upload),
        lambda: (Learner.objects.count(), Enrolment.objects.count()),
    )
    if result is not None:
        assert Enrolment.objects.filter(activity=course).count() >= 1


@SETTINGS
@given(
    rows=st.lists(
        st.tuples(
            st.one_of(odd_cell, st.sampled_from(["12454", "12455", "00001", "99999"])),
            st.one_of(odd_cell, st.integers(min_value=1900, max_value=2200)),
            st.one_of(odd_cell, st.sampled_from(["Tốt", "khá", "TRUNG BÌNH", "Yếu", "good"])),
        ).map(list),
        min_size=1,
        max_size=5,
    )
)
def test_random_grade_rows_are_either_all_imported_or_all_refused(
    district_reviewer, centre, far_centre, rows
):
    from ratings.imports import GRADE_COLUMNS, import_grades
    from ratings.models import Rating

    try:
        upload = workbook_with(rows, grades_template(district_reviewer))
    except Exception:
        return
    result = all_or_nothing(
        lambda: import_grades(user=district_reviewer, upload=upload), Rating.objects.count
    )
    if result is not None:  # only centres in the reviewer's district, never the far one
        assert not Rating.objects.filter(centre=far_centre).exists()
    assert len(GRADE_COLUMNS) == 3


def grades_template(user) -> bytes:
    from django.test import RequestFactory

    from ratings.views import grades_template as view

    request = RequestFactory().get("/")
    request.user = user
    return view(request).content


# --- Forms and addresses --------------------------------------------------------------------

odd_date = st.one_of(
    odd_text,
    st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)).map(
        lambda d: d.strftime("%d/%m/") + f"{d.year:04d}"
    ),
)
odd_number = st.one_of(st.integers(min_value=-(10**20), max_value=10**20), odd_text)
recent_date = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date.today()).map(
    lambda d: d.strftime("%d/%m/%Y")
)
some_date = st.one_of(recent_date, odd_date)


def clean(data: dict) -> dict:
    return {k: (v.replace("\x00", "") if isinstance(v, str) else v) for k, v in data.items()}


@SETTINGS
@given(
    title=odd_text, start=some_date, end=some_date, planned=odd_number, amount=odd_number,
    kind=st.sampled_from(["class", "talk", "x", ""]), area=st.one_of(st.integers(1, 12), odd_number),
)  # fmt: skip
def test_the_activity_form_never_fails_on_odd_input(
    client, commune_staff, centre, title, start, end, planned, amount, kind, area
):
    client.force_login(commune_staff)
    before = Activity.objects.count()
    response = client.post(
        reverse("activities:create") + f"?centre={centre.pk}",
        clean({"kind": kind, "title": title, "content_area": area, "start_date": start,
               "end_date": end, "planned_learners": planned, "funding_amount": amount,
               "funding_source": "state"}),
    )  # fmt: skip
    event(f"status {response.status_code}")
    assert response.status_code in (200, 302, 403)
    if response.status_code == 200:
        assert response.context["form"].errors
        assert Activity.objects.count() == before
    if response.status_code == 302:
        activity = Activity.objects.latest("pk")
        assert datetime.date(2000, 1, 1) <= activity.start_date <= datetime.date.today()


@SETTINGS
@given(
    day=st.one_of(st.integers(0, 9), odd_date),
    start=st.one_of(st.just(""), st.times().map(lambda t: t.strftime("%H:%M")), odd_text),
    people=st.one_of(st.integers(0, 6000), odd_number),
    women=st.one_of(st.integers(0, 6000), odd_number),
    minority=st.one_of(st.integers(0, 6000), odd_number),
)
def test_the_session_form_never_fails_on_odd_input(
    client, commune_staff, centre, day, start, people, women, minority
):
    from ..factories import ActivityFactory

    talk = ActivityFactory(centre=centre, kind="talk")
    if isinstance(day, int):  # a day inside the talk's dates, or just after them
        day = (talk.start_date + datetime.timedelta(days=day)).strftime("%d/%m/%Y")
    client.force_login(commune_staff)
    response = client.post(
        reverse("activities:session_create", args=[talk.pk]),
        clean({"date": day, "start_time": start, "participants": people,
               "participants_women": women, "participants_minority": minority}),
    )  # fmt: skip
    event(f"status {response.status_code}")
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors
        assert not Session.objects.filter(activity=talk).exists()
    else:
        session = Session.objects.get(activity=talk)
        assert 0 <= session.participants_women <= session.participants <= 5000
        assert 0 <= session.participants_minority <= session.participants
        assert talk.start_date <= session.date <= talk.end_date


@SETTINGS
@given(
    points=st.lists(
        st.one_of(st.decimals(0, 30, places=1).map(lambda d: str(d).replace(".", ",")), odd_number),
        min_size=1,
        max_size=14,
    ),
    version=st.one_of(st.integers(1, 3), odd_number),
)
def test_the_score_form_never_fails_on_odd_input(
    client, commune_staff, district_reviewer, district, centre, points, version
):
    from ratings import services
    from ratings.models import Indicator, Rating, Score

    if not Rating.objects.filter(centre=centre).exists():  # examples share the database
        services.open_round(
            user=district_reviewer, unit=district, year=datetime.date.today().year,
            deadline=datetime.date.today(),
        )  # fmt: skip
    rating = Rating.objects.get(centre=centre)
    indicators = list(Indicator.objects.filter(criterion__rubric=rating.rubric))
    data = {"version": version}
    data |= {f"points_{i.pk}": p for i, p in zip(indicators, points, strict=False)}
    client.force_login(commune_staff)
    response = client.post(reverse("ratings:self_assessment", args=[rating.pk]), clean(data))
    event(f"status {response.status_code}")
    assert response.status_code in (200, 302, 409)
    for score in Score.objects.filter(rating=rating).select_related("indicator"):
        assert score.self_points is None or 0 <= score.self_points <= score.indicator.max_points


LIST_PAGES = [
    "activities:list", "activities:export", "centres:list", "reports:ratings",
    "reports:activities", "reports:rating_centres", "reports:centre", "ratings:index",
]  # fmt: skip


@SETTINGS
@given(
    page=st.sampled_from(LIST_PAGES),
    params=st.dictionaries(
        st.sampled_from(["year", "unit", "centre", "kind", "area", "q", "page", "status",
                         "compare", "first_year", "grade", "format", "issuing_body"]),
        odd_number,
        max_size=5,
    ),
)  # fmt: skip
def test_odd_addresses_never_fail(client, province_viewer, centre, page, params):
    client.force_login(province_viewer)
    response = client.get(reverse(page), clean(params))
    assert response.status_code in (200, 302, 400, 403, 404)


# --- What the hypothesis tests found, pinned ------------------------------------------------


@pytest.mark.parametrize("start", ["01/01/0001", "31/12/1999"])
def test_an_activity_before_2000_is_refused_in_the_form_and_the_importer(
    client, commune_staff, centre, start
):
    client.force_login(commune_staff)
    response = client.post(
        reverse("activities:create") + f"?centre={centre.pk}",
        {"kind": "talk", "title": "Phổ biến pháp luật", "content_area": 1, "start_date": start,
         "end_date": start, "funding_source": "state", "funding_amount": 0},
    )  # fmt: skip
    assert response.context["form"].errors["start_date"] == [
        "Ngày bắt đầu không được trước 01/01/2000."
    ]
    result = import_activities(centre=centre, upload=workbook_with([talk_row(day=start)]))
    assert {e.message for e in result.errors} == {  # the start date, and the session's date
        "Ngày bắt đầu không được trước 01/01/2000."
        if start == "31/12/1999"
        else "“01/01/0001” không phải là ngày hợp lệ theo dạng dd/mm/yyyy."
    }
    assert not Activity.objects.exists()


def test_a_sheet_cut_inside_a_sound_zip_is_refused_not_a_server_error(
    client, commune_staff, centre
):
    parts = parts_of(sound_workbook())
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:400]
    assert_import_page_refuses(client, commune_staff, centre, rezipped(parts))


def assert_import_page_refuses(client, user, centre, content: bytes) -> None:
    """The import page answers with the invalid-file message, not a server error."""
    client.force_login(user)
    response = client.post(
        reverse("activities:import", args=[centre.pk]),
        {"file": SimpleUploadedFile("a.xlsx", content)},
    )
    assert response.status_code == 200
    assert "không phải là tệp .xlsx hợp lệ" in response.content.decode()


def test_a_bomb_that_understates_its_size_is_refused(centre):
    parts = parts_of(sound_workbook())
    parts["xl/styles.xml"] = b" " * (200 * 2**20)
    content = with_declared_size(rezipped(parts), "xl/styles.xml", 1000)
    assert len(content) < 2 * 2**20
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError, match="quá lớn khi giải nén"):
            import_activities(centre=centre, upload=SimpleUploadedFile("a.xlsx", content))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20


@pytest.mark.parametrize("value", ["²", "①", "9" * 30, "9" * 5000])
@pytest.mark.parametrize(
    ("page", "key"),
    [("activities:list", "centre"), ("activities:export", "centre"), ("reports:ratings", "unit"),
     ("reports:rating_centres", "unit"), ("reports:rating_centres", "year"),
     ("reports:centre", "centre"), ("reports:centre", "year"), ("activities:create", "centre")],
)  # fmt: skip
def test_digits_that_int_cannot_read_are_a_404_not_a_server_error(
    client, unit_admin, centre, page, key, value
):
    client.force_login(unit_admin)
    response = client.get(reverse(page), {key: value})
    assert response.status_code in (200, 302, 404)


# --- Small files that unpack into a lot of work (found by review, pinned) --------------------


def with_part(name: str, content: bytes) -> SimpleUploadedFile:
    parts = parts_of(sound_workbook())
    parts[name] = content
    return SimpleUploadedFile("a.xlsx", rezipped(parts))


def refusal_of(upload) -> tuple[str, int]:
    """The importer's message and its peak memory in bytes."""
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError) as error:
            import_activities(centre=Centre.objects.get(), upload=upload)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return str(error.value), peak


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 9)
    )
    + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    b'uniqueCount="1"><si><t>&lol8;</t></si></sst>'
)


@pytest.mark.parametrize(
    ("part", "content", "message"),
    [
        ("xl/sharedStrings.xml", LAUGHS, "không phải là tệp .xlsx hợp lệ"),  # entity expansion
        ("xl/styles.xml", b"<styleSheet><cellXfs>" + b"<xf/>" * 1_000_000 + b"</cellXfs>"
         b"</styleSheet>", "quá lớn khi giải nén"),
        ("xl/sharedStrings.xml", b"<sst>" + b"<si/>" * 1_000_000 + b"</sst>",
         "quá lớn khi giải nén"),
        ("xl/workbook.xml", b"<workbook>" + b" " * (3 * 2**20) + b"</workbook>",
         "quá lớn khi giải nén"),
    ],
)  # fmt: skip
def test_a_small_upload_that_unpacks_into_a_flood_is_refused_before_parsing(
    centre, part, content, message
):
    text, peak = refusal_of(with_part(part, content))
    assert message in text
    assert peak < 20 * 2**20


def test_a_row_numbered_in_the_billions_is_refused_not_looped_to(centre):
    sheet = parts_of(sound_workbook())["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(r"<dimension [^>]*/>", "", sheet).replace(
        "</sheetData>",
        '<row r="1000000000000"><c r="A1000000000000" t="inlineStr"><is><t>x</t></is></c>'
        "</row></sheetData>",
    )
    text, _peak = refusal_of(with_part("xl/worksheets/sheet1.xml", sheet.encode()))
    assert text == "Bảng tính kéo dài quá dòng 10.001: hãy xóa các dòng bên dưới dữ liệu."


@pytest.mark.parametrize("flag", [0x1, 0x20, 0x40])
def test_a_member_flagged_encrypted_or_patched_is_refused_not_a_server_error(
    client, commune_staff, centre, flag
):
    raw = bytearray(sound_workbook())
    position = raw.index(b"PK\x01\x02")
    raw[position + 8] |= flag  # general purpose flags of the first directory entry
    assert_import_page_refuses(client, commune_staff, centre, bytes(raw))


@SETTINGS
@given(data=st.data())
def test_bytes_flipped_in_the_zip_headers_are_refused_or_read_whole(centre, data):
    raw = bytearray(sound_workbook())
    headers = [
        position + offset
        for signature in (b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06")
        for position in [m.start() for m in re.finditer(re.escape(signature), bytes(raw))]
        for offset in range(4, 30)
        if position + offset < len(raw)
    ]
    for _ in range(data.draw(st.integers(1, 3))):
        raw[data.draw(st.sampled_from(headers))] = data.draw(st.integers(0, 255))
    assert_refused_or_all_or_nothing(centre, bytes(raw))


@pytest.mark.parametrize("value", ["²", "①", "9" * 5000])
def test_posted_ids_that_int_cannot_read_are_refused_not_a_server_error(
    client, commune_staff, district_reviewer, district, centre, value
):
    from ratings import services

    from ..factories import ClassFactory, SessionFactory

    session = SessionFactory(activity=ClassFactory(centre=centre))
    client.force_login(commune_staff)
    response = client.post(
        reverse("activities:attendance", args=[session.pk]),
        {"add_walk_in": "1", "existing_learner": value},
    )
    assert response.status_code == 404
    rating_round = services.open_round(
        user=district_reviewer, unit=district, year=datetime.date.today().year,
        deadline=datetime.date.today(),
    )  # fmt: skip
    client.force_login(district_reviewer)
    response = client.post(
        reverse("ratings:round", args=[rating_round.pk]), {"ratings": [value], "confirm": "1"}
    )
    assert response.status_code == 302
