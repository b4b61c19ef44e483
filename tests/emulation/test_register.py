"""The register of a unit's year (sổ khen thưởng): the decided commendations under the unit,
the same in HTML, Excel and the PDF list in the state format."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from ..factories import ProposalFactory

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year - 1
DECIDED = datetime.date.today() - datetime.timedelta(days=3)


def decided(**fields):
    values = {
        "year": YEAR, "status": "approved", "decision_number": "Số 12/QĐ-UBND",
        "decision_date": DECIDED, "deciding_body": "Chủ tịch UBND huyện Quỳnh Phụ",
        "deciding_level": "district",
    } | fields  # fmt: skip
    return ProposalFactory(**values)


@pytest.fixture
def register_rows(centre, neighbour_centre, far_centre, foreign_centre, commune, district):
    decided(centre=centre)
    decided(centre=neighbour_centre, award="diploma", deciding_level="province",
            decision_number="789/QĐ-UBND",
            deciding_body="Chủ tịch UBND tỉnh Thái Bình")  # fmt: skip
    decided(centre=None, proposing_unit=commune, recipient="family",
            name="Gia đình ông Phạm Văn Học")  # fmt: skip
    decided(centre=None, proposing_unit=district, recipient="staff",
            name="Trần Thị Dạy", position="Giáo viên Trường Tiểu học An Khê")  # fmt: skip
    decided(centre=None, proposing_unit=commune, recipient="learner", name="=Lê Văn Chăm")
    # Not in the register: another district, another year, not decided, another province.
    decided(centre=far_centre)
    decided(centre=centre, year=YEAR - 1)
    ProposalFactory(centre=centre, year=YEAR, status="submitted")
    decided(centre=foreign_centre)


def test_the_register_lists_the_decided_commendations_under_the_unit_for_the_year(
    client_for, province_viewer, district, register_rows
):
    response = client_for(province_viewer).get(
        reverse("emulation:register"), {"unit": district.pk, "year": YEAR}
    )
    register = response.context["register"]
    assert [r.name for r in register.collectives] == [
        "Trung tâm học tập cộng đồng Xã An Khê",
        "Gia đình ông Phạm Văn Học",
        "Trung tâm học tập cộng đồng Xã An Đồng",
    ]
    assert [r.name for r in register.individuals] == ["Trần Thị Dạy", "=Lê Văn Chăm"]
    assert register.total == (3, 2, 5)
    assert "Xã Mộc Nam" not in response.content.decode()


def test_the_three_formats_show_the_same_figures(
    client_for, province_viewer, district, register_rows
):
    client = client_for(province_viewer)
    url, query = reverse("emulation:register"), {"unit": district.pk, "year": YEAR}
    register = client.get(url, query).context["register"]
    names = [r.name for r in register.rows]
    decisions = [r.decision for r in register.rows]
    assert decisions[0] == "Số 12/QĐ-UBND ngày " + DECIDED.strftime("%d/%m/%Y")
    assert "Số 789/QĐ-UBND ngày " + DECIDED.strftime("%d/%m/%Y") in decisions

    workbook = load_workbook(io.BytesIO(client.get(url, {**query, "format": "xlsx"}).content))
    listed, by_form = workbook.worksheets
    rows = [row for row in listed.iter_rows(min_row=5, values_only=True) if row[0] is not None]
    assert [row[1] for row in rows] == names
    assert [row[6] for row in rows] == decisions
    assert [row[0] for row in rows] == [1, 2, 3, 1, 2]
    learner = listed.cell(row=4 + len(rows) + 2, column=2)  # after the two group headings
    assert (learner.value, learner.data_type) == ("=Lê Văn Chăm", "s")  # text, not a formula
    summary = [row[:4] for row in by_form.iter_rows(min_row=5, values_only=True) if row[0]]
    assert summary == [
        ("Giấy khen", 2, 2, 4), ("Bằng khen", 1, 0, 1), ("Tổng cộng", 3, 2, 5),
    ]  # fmt: skip

    pdf = client.get(url, {**query, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.content)).pages
    )
    for name in names:
        assert name in text
    assert "Số 789/QĐ-UBND" in text
    assert "Tổng cộng 3 2 5" in text
    assert "Giấy khen 2 2 4" in text
    assert "UBND HUYỆN QUỲNH PHỤ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_centre_staff_read_the_register_of_their_commune_not_the_districts(
    client_for, commune_staff, commune, district, register_rows
):
    client = client_for(commune_staff)
    response = client.get(reverse("emulation:register"), {"year": YEAR})
    register = response.context["register"]
    assert register.unit == commune
    assert [r.name for r in register.rows] == [
        "Trung tâm học tập cộng đồng Xã An Khê", "Gia đình ông Phạm Văn Học", "=Lê Văn Chăm",
    ]  # fmt: skip
    refused = client.get(reverse("emulation:register"), {"unit": district.pk, "year": YEAR})
    assert refused.status_code == 404


def test_the_register_of_another_province_is_not_found(client_for, outsider, district):
    response = client_for(outsider).get(
        reverse("emulation:register"), {"unit": district.pk, "year": YEAR, "format": "xlsx"}
    )
    assert response.status_code == 404


def test_an_empty_register_says_so_in_every_format(client_for, province_viewer, district):
    client = client_for(province_viewer)
    url, query = reverse("emulation:register"), {"unit": district.pk, "year": YEAR}
    assert client.get(url, query).context["register"].total == (0, 0, 0)
    workbook = load_workbook(io.BytesIO(client.get(url, {**query, "format": "xlsx"}).content))
    assert workbook.worksheets[1].cell(row=5, column=4).value == 0
    pdf = client.get(url, {**query, "format": "pdf"}).content
    assert "Tổng cộng 0 0 0" in " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
