"""Published figures (a year known only from its totals) in the reports' series and
comparisons, marked as such, in every format."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from ratings.models import Rating
from reports.models import PublishedFigures
from reports.selectors import activity_summary, rating_summary

from ..factories import ActivityFactory, SessionFactory

pytestmark = pytest.mark.django_db
SOURCE = "Báo cáo số 45/BC-SGDĐT ngày 05/01/2012"


@pytest.fixture
def thai_binh_2011(province):
    return PublishedFigures.objects.create(
        unit=province, year=2011, source=SOURCE, centres=286, good=158, fair=125, average=3,
        weak=0, classes=1200, talks=3400, sessions=9000, visits=250_000, women=140_000,
        minority=0,
    )  # fmt: skip


def test_a_published_year_compares_with_a_year_of_per_centre_grades(
    client_for, province_viewer, province, centre, neighbour_centre, thai_binh_2011
):
    for c in (centre, neighbour_centre):
        Rating.objects.create(
            centre=c, year=2012, status="approved", grade="good", is_historical=True
        )
    summary = rating_summary(province_viewer, province, 2012, 2011)
    assert summary.compare_total.counts == [158, 125, 3, 0, 0]
    assert summary.compare_total.shares[:3] == [Decimal("55.2"), Decimal("43.7"), Decimal("1.1")]
    assert summary.published == {2011: SOURCE}
    assert summary.changes[0] == Decimal("100.0") - Decimal("55.2")
    note = summary.notes[0]
    assert note.startswith("2011: số liệu đã công bố (Báo cáo số 45/BC-SGDĐT")
    client = client_for(province_viewer)
    params = {"unit": province.pk, "year": 2012, "compare": 2011}
    html = client.get(reverse("reports:ratings"), params)
    assert note in html.content.decode()
    assert "tăng 44,8 điểm % so với năm 2011" in html.context["headline"]
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("reports:ratings"), params | {"format": "xlsx"}).content)
    ).worksheets[0]
    assert any(note == c.value for row in sheet.iter_rows() for c in row)
    pdf = client.get(reverse("reports:ratings"), params | {"format": "pdf"}).content
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Báo cáo số 45/BC-SGDĐT" in text


def test_a_published_year_shown_alone_prints_its_total_without_rows(
    province_viewer, province, centre, thai_binh_2011
):
    summary = rating_summary(province_viewer, province, 2011)
    assert summary.rows == []
    assert summary.total.centres == 286 and summary.total.counts[0] == 158


def test_per_centre_grades_win_over_published_figures_of_the_same_year(
    province_viewer, province, centre, thai_binh_2011
):
    Rating.objects.create(
        centre=centre, year=2011, status="approved", grade="fair", is_historical=True
    )
    summary = rating_summary(province_viewer, province, 2011)
    assert summary.total.counts[1] == 1 and summary.published == {}


def test_published_activity_totals_fill_their_year_in_the_series(
    client_for, province_viewer, province, centre, thai_binh_2011
):
    day = datetime.date(2012, 3, 1)
    SessionFactory(
        activity=ActivityFactory(centre=centre, start_date=day, end_date=day), participants=30
    )
    summary = activity_summary(province_viewer, province, 2011, 2012)
    assert [r.visits for r in summary.by_year] == [250_000, 30]
    assert summary.by_year[0].women_share == Decimal("56.0")
    assert summary.total.visits == 250_030 and summary.total.classes == 1200
    assert summary.published == {2011: SOURCE}
    html = client_for(province_viewer).get(
        reverse("reports:activities"), {"unit": province.pk, "first_year": 2011, "year": 2012}
    )
    assert "250.030" in html.content.decode()
    assert summary.notes[0] in html.content.decode()


def test_an_edit_of_the_published_figures_shows_in_the_cached_report(
    client_for, province_viewer, province, thai_binh_2011
):
    client = client_for(province_viewer)
    params = {"unit": province.pk, "year": 2011}
    assert client.get(reverse("reports:ratings"), params).context["summary"].total.centres == 286
    thai_binh_2011.centres, thai_binh_2011.average = 287, 4
    thai_binh_2011.save()
    assert client.get(reverse("reports:ratings"), params).context["summary"].total.centres == 287
