"""Hypothesis throws odd input at the importers and forms: a clear error or a correct save,
nothing half-imported, never a server error."""

import datetime
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from activities.exports import activities_template
from activities.imports import ImportFileError, import_activities
from activities.models import Activity, Session

pytestmark = pytest.mark.django_db
SETTINGS = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

odd_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        ["=1+1", "+SUM(A1)", "-2", "@cmd", '=HYPERLINK("x")', "\u202e", "Ω" * 500, "\x00"]
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


def workbook_with(rows) -> SimpleUploadedFile:
    workbook = load_workbook(io.BytesIO(activities_template()))
    sheet = workbook.worksheets[0]
    for row in rows:
        sheet.append([c.replace("\x00", "") if isinstance(c, str) else c for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("hoat-dong.xlsx", buffer.getvalue())


@SETTINGS
@given(rows=st.lists(st.lists(odd_cell, min_size=14, max_size=14), min_size=1, max_size=5))
def test_random_rows_are_either_all_imported_or_all_refused(centre, rows):
    before = (Activity.objects.count(), Session.objects.count())
    try:
        upload = workbook_with(rows)
    except Exception:  # openpyxl refuses to write some values (e.g. control characters)
        return
    try:
        result = import_activities(centre=centre, upload=upload)
    except ImportFileError:
        assert (Activity.objects.count(), Session.objects.count()) == before
        return
    if result.ok:
        assert Session.objects.count() - before[1] == result.created
    else:
        assert result.errors
        assert all(error.row >= 2 and error.column and error.message for error in result.errors)
        assert (Activity.objects.count(), Session.objects.count()) == before


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
    decision_date=st.one_of(odd_text, st.dates().map(lambda d: d.isoformat())),
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
