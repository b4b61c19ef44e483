"""The seeds' other indicators in the activity summary: learning models, facilities and
library, staff by kind, plan versus done, funding by source and year; the same figures in the
HTML, the xlsx cells and the PDF text."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from activities.models import AnnualPlan, ContentArea, Funding, LearningModelCount, PlanItem
from centres.models import Centre, Staff
from reports.cache import bump as reports_stale

from ..factories import ActivityFactory, CentreFactory, CommuneFactory, StaffFactory

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def recorded(centre, neighbour_centre, far_centre):
    """Quỳnh Phụ: two centres (one with its own premises, seal, account, internet); Hưng Hà:
    one with audio equipment only. Plans, funding over 2024–2025, learning models of 2025."""
    Centre.objects.filter(pk=centre.pk).update(
        premises="own", has_seal=True, has_bank_account=True, has_internet=True,
        computers=5, library_books=1200,
    )  # fmt: skip
    Centre.objects.filter(pk=far_centre.pk).update(has_audio_equipment=True, library_books=300)
    area = ContentArea.objects.first()
    for c, classes, talks in ((centre, 4, 10), (far_centre, 2, 0)):
        plan = AnnualPlan.objects.create(centre=c, year=YEAR)
        PlanItem.objects.create(
            plan=plan, content_area=area, planned_classes=classes, planned_talks=talks
        )
    day = datetime.date(YEAR, 4, 2)
    for kind in ("class", "talk", "talk", "talk", "talk", "talk"):
        ActivityFactory(centre=centre, kind=kind, start_date=day, end_date=day)
    Funding.objects.create(centre=centre, year=YEAR - 1, state_budget=5_000_000)
    Funding.objects.create(
        centre=centre, year=YEAR, state_budget=11_418_000_000, commune_budget=2_000_000,
        spending=1_000_000,
    )  # fmt: skip
    Funding.objects.create(centre=far_centre, year=YEAR, social_contributions=3_000_000)
    LearningModelCount.objects.create(
        centre=centre, year=YEAR, families=700, clans=12, communities=3, units=2, citizens=1400
    )
    LearningModelCount.objects.create(centre=far_centre, year=YEAR, families=300, citizens=600)
    StaffFactory(centre=centre, kind=Staff.Kind.TEACHER)
    StaffFactory(centre=centre, kind=Staff.Kind.SPEAKER)
    StaffFactory(centre=far_centre, kind=Staff.Kind.SPEAKER)
    StaffFactory(centre=far_centre, kind=Staff.Kind.SPEAKER, is_active=False)


def page_text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def tables_of(response) -> dict:
    return {t.title: t for t in response.context["indicator_tables"]}


def test_every_indicator_totals_its_sub_units(client_for, province_viewer, province, recorded):
    params = {"unit": province.pk, "first_year": YEAR - 1, "year": YEAR}
    found = tables_of(client_for(province_viewer).get(reverse("reports:activities"), params))
    models = found["Mô hình học tập được công nhận năm 2025"].rows
    assert models == [
        ["Huyện Quỳnh Phụ", 700, 12, 3, 2, 1400],
        ["Huyện Hưng Hà", 300, 0, 0, 0, 600],
        ["Tổng cộng", 1000, 12, 3, 2, 2000],
    ]
    facilities = found["Cơ sở vật chất và thư viện năm 2025"].rows
    assert facilities[0][:4] == ["Huyện Quỳnh Phụ", 2, 1, 50]
    assert facilities[-1][:4] == ["Tổng cộng", 3, 1, 33.3] or str(facilities[-1][3]) == "33.3"
    assert facilities[-1][-2:] == [5, 1500]
    staff = found["Đội ngũ theo loại"].rows
    assert staff[-1][0] == "Tổng cộng" and staff[-1][-1] == 3  # the inactive one not counted
    plan = found["Kế hoạch và kết quả thực hiện, 2024–2025"].rows
    assert plan[0][:4] == ["Huyện Quỳnh Phụ", 4, 1, 25]
    assert plan[0][4:] == [10, 5, 50]
    assert plan[1][2] == 0 and plan[1][3] == 0  # Hưng Hà planned two classes, held none
    by_year = found["Kinh phí theo nguồn và năm (đồng)"].rows
    assert by_year[0] == ["2024", 5_000_000, 0, 0, 0, 5_000_000, 0]
    assert by_year[1] == [
        "2025",
        11_418_000_000,
        2_000_000,
        3_000_000,
        0,
        11_423_000_000,
        1_000_000,
    ]
    assert by_year[-1][5] == 11_428_000_000
    by_unit = found["Kinh phí theo đơn vị, 2024–2025 (đồng)"].rows
    assert sum(r[5] for r in by_unit[:-1]) == by_unit[-1][5] == 11_428_000_000


def test_the_indicators_read_alike_in_html_excel_and_pdf(
    client_for, province_viewer, province, recorded
):
    client = client_for(province_viewer)
    params = {"unit": province.pk, "first_year": YEAR - 1, "year": YEAR}
    html = client.get(reverse("reports:activities"), params)
    body = html.content.decode()
    assert "11.423.000.000" in body and "2.000" in body and "33,3%" in body
    facilities = (
        "1/3 trung tâm có trụ sở riêng (33,3%), 1/3 có con dấu riêng, 1/3 có tài khoản, "
        "1/3 có kết nối internet, 1/3 có thiết bị âm thanh."
    )
    assert html.context["facilities"] == facilities and facilities in body
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("reports:activities"), params | {"format": "xlsx"}).content)
    )
    cells = [c.value for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
    assert 11_423_000_000 in cells and 2000 in cells and 1400 in cells
    text = page_text(client.get(reverse("reports:activities"), params | {"format": "pdf"}).content)
    assert "11.423.000.000" in text and "Công dân học tập" in text and "33,3%" in text
    assert facilities in text


def test_learning_citizens_are_recorded_with_the_centres_learning_models(
    client_for, commune_staff, centre
):
    client = client_for(commune_staff)
    url = reverse("activities:learning_models_edit", args=[centre.pk, YEAR])
    response = client.post(
        url, {"families": "1.200", "clans": "3", "communities": "2", "units": "1",
              "citizens": "2.400"},
    )  # fmt: skip
    assert response.status_code == 302
    assert LearningModelCount.objects.get(centre=centre, year=YEAR).citizens == 2400


def test_the_indicator_queries_do_not_grow_with_the_centres(
    client_for, province_viewer, province, district, recorded
):
    client = client_for(province_viewer)
    params = {"unit": province.pk, "first_year": YEAR - 1, "year": YEAR}

    def count():
        reports_stale()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reports:activities"), params).status_code == 200
        return len(queries)

    count()
    few = count()
    for i in range(10):
        extra = CentreFactory(commune=CommuneFactory(parent=district, code=f"{90000 + i:05d}"))
        Funding.objects.create(centre=extra, year=YEAR, state_budget=1000)
        LearningModelCount.objects.create(centre=extra, year=YEAR, families=1)
        StaffFactory(centre=extra)
    assert count() == few
