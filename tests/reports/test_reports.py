"""The rating and activity summaries: numbers, scope, and the same figures in HTML, xlsx and PDF."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ratings.models import Rating
from reports.cache import bump as reports_stale
from reports.pdf import vietnamese_date_line
from reports.selectors import activity_summary, rating_summary

from ..factories import ActivityFactory, CentreFactory, CommuneFactory, SessionFactory

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year


def grade(centre, year, value):
    return Rating.objects.create(
        centre=centre, year=year, status="approved", grade=value, is_historical=True
    )


def total_row(sheet) -> int:
    """The row number of a sheet's total row (notes may follow it)."""
    return next(r[0].row for r in sheet.iter_rows() if r[0].value == "Tổng cộng")


@pytest.fixture
def graded(district, other_district, centre, neighbour_centre, far_centre):
    extra = [
        CentreFactory(commune=CommuneFactory(parent=district, code=f"{50000 + i:05d}"))
        for i in range(3)
    ]
    grade(centre, 2011, "good")
    grade(neighbour_centre, 2011, "good")
    grade(extra[0], 2011, "fair")
    grade(far_centre, 2011, "average")
    grade(centre, 2007, "fair")
    return [centre, neighbour_centre, far_centre, *extra]


def test_rating_summary_counts_per_sub_unit_and_shows_ungraded_centres(
    province_viewer, province, graded
):
    summary = rating_summary(province_viewer, province, 2011, 2007)
    rows = {row.name: row.counts for row in summary.rows}
    assert rows == {"Huyện Quỳnh Phụ": [2, 1, 0, 0, 2], "Huyện Hưng Hà": [0, 0, 1, 0, 0]}
    assert summary.total.centres == 6
    assert summary.total.counts == [2, 1, 1, 0, 2]
    assert sum(summary.total.shares) == Decimal("100.0")
    assert summary.total.shares[0] == Decimal("33.3")
    assert summary.changes[0] == Decimal("33.3")  # 2007: no centre good
    assert summary.changes[1] == Decimal("16.7") - Decimal("16.6") or summary.changes[1] is not None


def test_the_seed_distribution_prints_as_published(province_viewer, province, district):
    centres = [
        CentreFactory(commune=CommuneFactory(parent=district, code=f"{60000 + i:05d}"))
        for i in range(286)
    ]
    for i, centre in enumerate(centres):
        grade(centre, 2011, "good" if i < 158 else "fair" if i < 283 else "average")
    summary = rating_summary(province_viewer, province, 2011)
    assert summary.total.shares[:3] == [Decimal("55.2"), Decimal("43.7"), Decimal("1.1")]


def test_html_excel_and_pdf_show_the_same_numbers(client_for, province_viewer, province, graded):
    from pypdf import PdfReader

    client = client_for(province_viewer)
    url = reverse("reports:ratings")
    params = {"unit": province.pk, "year": 2011, "compare": 2007}
    html = client.get(url, params)
    total = html.context["summary"].total
    body = html.content.decode()
    assert "2/6 trung tâm xếp loại tốt (chiếm tỷ lệ 33,3%)" in body
    sheet = load_workbook(
        io.BytesIO(client.get(url, params | {"format": "xlsx"}).content)
    ).worksheets[0]
    row = total_row(sheet)
    last = [c.value for c in sheet[row]]
    assert last[1] == total.centres
    assert last[2:12:2] == total.counts
    assert [round(v * 100, 1) for v in last[3:12:2]] == [float(s) for s in total.shares]
    assert last[12] == float(html.context["summary"].changes[0])
    assert sheet.cell(row=row, column=4).number_format == "0.0%"
    pdf = client.get(url, params | {"format": "pdf"})
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert "BÁO CÁO KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI TRUNG TÂM HỌC TẬP CỘNG ĐỒNG" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "33,3%" in text and "Tổng cộng" in text


def test_reports_outside_the_scope_are_404_in_every_format(
    client_for, district_reviewer, other_district, other_province
):
    client = client_for(district_reviewer)
    for unit in (other_district, other_province):
        for fmt in ("html", "xlsx", "pdf"):
            for name in ("reports:ratings", "reports:activities"):
                response = client.get(reverse(name), {"unit": unit.pk, "year": 2011, "format": fmt})
                assert response.status_code == 404, (name, fmt)
    assert (
        client.get(
            reverse("reports:rating_centres"), {"unit": other_district.pk, "year": 2011}
        ).status_code
        == 404
    )


def test_commune_staff_get_no_unit_summaries(client_for, commune_staff, centre):
    assert client_for(commune_staff).get(reverse("reports:ratings")).status_code == 403


def test_a_count_links_to_the_centres_behind_it(
    client_for, province_viewer, province, graded, centre, neighbour_centre
):
    client = client_for(province_viewer)
    page = client.get(
        reverse("reports:rating_centres"), {"unit": province.pk, "year": 2011, "grade": "good"}
    )
    assert list(page.context["centres"]) == [centre, neighbour_centre]
    ungraded = client.get(
        reverse("reports:rating_centres"), {"unit": province.pk, "year": 2011, "grade": "ungraded"}
    )
    assert len(ungraded.context["centres"]) == 2


def test_activity_summary_totals_equal_the_sum_of_their_rows(
    province_viewer, province, centre, far_centre
):
    for year, people in ((YEAR - 1, 100), (YEAR, 40)):
        start = datetime.date(year, 3, 1)
        SessionFactory(
            activity=ActivityFactory(centre=centre, start_date=start, end_date=start),
            participants=people,
            participants_women=people // 2,
        )
    SessionFactory(activity=ActivityFactory(centre=far_centre), participants=10)
    summary = activity_summary(province_viewer, province, YEAR - 1, YEAR)
    assert [row.visits for row in summary.by_year] == [100, 50]
    assert (
        summary.total.visits
        == 150
        == sum(r.visits for r in summary.by_unit)
        == sum(r.visits for r in summary.by_area)
    )
    assert summary.average["visits"] == Decimal("75.0")
    assert summary.total.talks == 3


def test_report_query_counts_do_not_grow_with_the_data(
    client_for, province_viewer, province, graded, district
):
    client = client_for(province_viewer)
    SessionFactory(activity=ActivityFactory(centre=graded[0]), participants=5)

    def count(name, params):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name), params).status_code == 200
        return len(queries)

    params = {"unit": province.pk, "year": 2011, "compare": 2007}
    count("reports:ratings", params)  # the unit's lineage, looked up once and kept
    reports_stale()  # but the report data computed afresh, as after the writes below
    few = [
        count("reports:ratings", params),
        count("reports:activities", {"unit": province.pk, "year": YEAR}),
    ]
    for i in range(20):
        centre = CentreFactory(commune=CommuneFactory(parent=district, code=f"{70000 + i:05d}"))
        grade(centre, 2011, "weak")
        SessionFactory(activity=ActivityFactory(centre=centre), participants=5)
    many = [
        count("reports:ratings", params),
        count("reports:activities", {"unit": province.pk, "year": YEAR}),
    ]
    assert few == many


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (datetime.date(2012, 1, 5), "Thái Bình, ngày 05 tháng 01 năm 2012"),
        (datetime.date(2012, 3, 15), "Thái Bình, ngày 15 tháng 3 năm 2012"),
        (datetime.date(2012, 2, 9), "Thái Bình, ngày 09 tháng 02 năm 2012"),
        (datetime.date(2012, 12, 1), "Thái Bình, ngày 01 tháng 12 năm 2012"),
    ],
)
def test_the_date_line_follows_the_state_format(day, line):
    assert vietnamese_date_line("Thái Bình", day) == line


def test_centre_report_in_three_formats_for_the_centre_and_its_reviewers(
    client_for, commune_staff, district_reviewer, centre, neighbour_centre
):
    from pypdf import PdfReader

    SessionFactory(
        activity=ActivityFactory(centre=centre, title="Phòng chống đuối nước"), participants=77
    )
    url = reverse("reports:centre")
    page = client_for(commune_staff).get(url, {"centre": centre.pk, "year": YEAR})
    assert page.status_code == 200
    assert "Phòng chống đuối nước" in page.content.decode()
    sheet_names = load_workbook(
        io.BytesIO(
            client_for(commune_staff)
            .get(url, {"centre": centre.pk, "year": YEAR, "format": "xlsx"})
            .content
        )
    ).sheetnames
    assert "Hoạt động" in sheet_names
    pdf = client_for(district_reviewer).get(
        url, {"centre": centre.pk, "year": YEAR, "format": "pdf"}
    )
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert "Phòng chống đuối nước" in text
    assert "77" in text
    for fmt in ("html", "xlsx", "pdf"):
        assert (
            client_for(commune_staff)
            .get(url, {"centre": neighbour_centre.pk, "format": fmt})
            .status_code
            == 404
        )


def test_the_published_sentence_and_the_change_read_alike_in_html_excel_and_pdf(
    client_for, province_viewer, province, graded
):
    from pypdf import PdfReader

    client = client_for(province_viewer)
    params = {"unit": province.pk, "year": 2011, "compare": 2007}
    html = client.get(reverse("reports:ratings"), params)
    headline = html.context["headline"]
    assert headline == (
        "2/6 trung tâm xếp loại tốt (chiếm tỷ lệ 33,3%), tăng 33,3 điểm % so với năm 2007."
    )
    assert headline in html.content.decode()
    book = load_workbook(
        io.BytesIO(client.get(reverse("reports:ratings"), params | {"format": "xlsx"}).content)
    )
    assert headline in [c.value for c in book.worksheets[0]["A"]]
    compared = book.worksheets[1]
    good = next(row for row in compared.iter_rows() if row[0].value == "Tốt")
    change = good[3]  # the comparison's change for "tốt": a number, shown in words
    assert change.value == pytest.approx(33.3)
    assert change.number_format == '"tăng "0.0;"giảm "0.0;"không đổi"'
    pdf = PdfReader(
        io.BytesIO(client.get(reverse("reports:ratings"), params | {"format": "pdf"}).content)
    )
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert headline in text
    assert "Tốt 0,0% 33,3% tăng 33,3" in text
    assert pdf.metadata.title.startswith("Báo cáo")
    assert pdf.metadata.author
    catalog = pdf.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])  # a tagged PDF (PDF/UA-1)
    assert "/StructTreeRoot" in catalog and catalog["/Lang"] == "vi"


def test_a_wide_table_prints_on_landscape_pages_and_the_rest_in_portrait(
    client_for, province_viewer, province, graded
):
    from pypdf import PdfReader

    client = client_for(province_viewer)
    params = {"unit": province.pk, "year": 2011, "compare": 2007, "format": "pdf"}
    pdf = PdfReader(io.BytesIO(client.get(reverse("reports:ratings"), params).content))
    shapes = [
        "landscape" if p.mediabox.width > p.mediabox.height else "portrait" for p in pdf.pages
    ]
    assert shapes[0] == "portrait"  # the letterhead, the sentence and the chart
    assert "landscape" in shapes  # the rating table's twelve columns
    assert shapes[-1] == "portrait"  # the comparison and the signature


def test_recipient_lines_get_their_dashes_and_the_filing_line():
    from reports.templatetags.report_format import recipient_lines

    assert recipient_lines("Ban Tuyên giáo Tỉnh ủy;\n\n- UBND tỉnh;\n") == (
        "- Ban Tuyên giáo Tỉnh ủy;\n- UBND tỉnh;\n- Lưu: VT."
    )
    assert recipient_lines("Sở Nội vụ;\nLưu: VT, GDTX.") == "- Sở Nội vụ;\n- Lưu: VT, GDTX."
    assert recipient_lines("") == "- Lưu: VT."


def test_the_pdf_prints_the_recipients_with_dashes(client_for, province_viewer, province, graded):
    from pypdf import PdfReader

    from reports.models import UnitSettings

    UnitSettings.objects.update_or_create(
        unit=province, defaults={"recipients": "Ban Tuyên giáo Tỉnh ủy;\nUBND tỉnh;"}
    )
    params = {"unit": province.pk, "year": 2011, "format": "pdf"}
    pdf = client_for(province_viewer).get(reverse("reports:ratings"), params)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "- Ban Tuyên giáo Tỉnh ủy;" in text
    assert "- UBND tỉnh;" in text
    assert "- Lưu: VT." in text
