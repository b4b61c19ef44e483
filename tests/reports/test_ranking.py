"""Ranking the sub-units, their change against an earlier year, the unit's rounding settings,
and drill-down over a whole period."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ratings.models import Rating
from reports.models import UnitSettings
from reports.rounding import PLAIN, ShareRounding, shares
from reports.selectors import rating_summary

from ..factories import (
    ActivityFactory,
    CentreFactory,
    CommuneFactory,
    DistrictFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def grade(centre, year, value):
    return Rating.objects.create(
        centre=centre, year=year, status="approved", grade=value, is_historical=True
    )


def centres_in(district, n, first_code):
    return [
        CentreFactory(commune=CommuneFactory(parent=district, code=f"{first_code + i:05d}"))
        for i in range(n)
    ]


@pytest.fixture
def three_districts(province):
    """Quỳnh Phụ 3/4 good, Hưng Hà 1/4, Đông Hưng 4/4 in 2011; in 2010 each had 1/4 good."""
    districts = {
        name: DistrictFactory(code=code, name=name, parent=province)
        for code, name in (("336", "Huyện Quỳnh Phụ"), ("338", "Huyện Hưng Hà"),
                           ("339", "Huyện Đông Hưng"))
    }  # fmt: skip
    goods = {"Huyện Quỳnh Phụ": 3, "Huyện Hưng Hà": 1, "Huyện Đông Hưng": 4}
    for offset, (name, district) in enumerate(districts.items()):
        for i, centre in enumerate(centres_in(district, 4, 70000 + 10 * offset)):
            grade(centre, 2011, "good" if i < goods[name] else "fair")
            grade(centre, 2010, "good" if i < 1 else "average")
    return districts


def test_the_sub_units_sort_by_any_column_in_every_format(
    client_for, province_viewer, province, three_districts
):
    client = client_for(province_viewer)
    url = reverse("reports:ratings")
    params = {"unit": province.pk, "year": 2011, "sort": "good", "dir": "desc"}
    html = client.get(url, params)
    names = [row.name for row in html.context["summary"].rows]
    assert names == ["Huyện Đông Hưng", "Huyện Quỳnh Phụ", "Huyện Hưng Hà"]
    sheet = load_workbook(io.BytesIO(client.get(url, params | {"format": "xlsx"}).content))
    column = [c.value for c in sheet.worksheets[0]["A"] if c.value in names]
    assert column == names
    ascending = client.get(url, params | {"dir": "asc"}).context["summary"].rows
    assert [row.name for row in ascending] == list(reversed(names))
    by_code = client.get(url, {"unit": province.pk, "year": 2011, "sort": "x"}).context["summary"]
    by_code = by_code.rows
    assert [row.name for row in by_code] == ["Huyện Quỳnh Phụ", "Huyện Hưng Hà", "Huyện Đông Hưng"]


def test_the_header_links_sort_and_reverse_the_shown_column(
    client_for, province_viewer, province, three_districts
):
    html = client_for(province_viewer).get(
        reverse("reports:ratings"), {"unit": province.pk, "year": 2011, "sort": "good"}
    )
    links = html.context["sort_links"]
    assert "sort=good" in links["good"] and "dir=asc" in links["good"]
    assert "sort=centres" in links["centres"] and "dir=desc" in links["centres"]
    assert f'href="?{links["good"].replace("&", "&amp;")}"' in html.content.decode()


def test_the_leading_units_are_named_in_the_published_style(
    client_for, province_viewer, province, three_districts
):
    html = client_for(province_viewer).get(
        reverse("reports:ratings"), {"unit": province.pk, "year": 2011}
    )
    leaders = (
        "Huyện Đông Hưng (100,0%), Huyện Quỳnh Phụ (75,0%), Huyện Hưng Hà (25,0%) là những "
        "đơn vị có tỷ lệ trung tâm xếp loại tốt cao nhất."
    )
    assert html.context["leaders"] == leaders
    assert leaders in html.content.decode()
    pdf = client_for(province_viewer).get(
        reverse("reports:ratings"), {"unit": province.pk, "year": 2011, "format": "pdf"}
    )
    from pypdf import PdfReader

    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert "Huyện Đông Hưng (100,0%), Huyện Quỳnh Phụ (75,0%)" in text


def test_each_sub_unit_changes_against_the_comparison_year(
    client_for, province_viewer, province, three_districts
):
    summary = rating_summary(province_viewer, province, 2011, 2010)
    changes = {row.name: row.change for row in summary.rows}
    assert changes == {
        "Huyện Quỳnh Phụ": Decimal("50.0"),
        "Huyện Hưng Hà": Decimal("0.0"),
        "Huyện Đông Hưng": Decimal("75.0"),
    }
    client = client_for(province_viewer)
    params = {"unit": province.pk, "year": 2011, "compare": 2010}
    html = client.get(reverse("reports:ratings"), params | {"sort": "change"})
    assert html.context["summary"].rows[0].name == "Huyện Đông Hưng"
    assert "tăng 75,0" in html.content.decode()
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("reports:ratings"), params | {"format": "xlsx"}).content)
    ).worksheets[0]
    rows = {r[0].value: r[12].value for r in sheet.iter_rows() if r[0].value in changes}
    assert rows == {name: float(value) for name, value in changes.items()}


def test_a_unit_that_did_not_exist_in_the_comparison_year_has_no_change(
    province_viewer, province, three_districts
):
    new = DistrictFactory(code="340", name="Huyện Mới", parent=province)
    centre = centres_in(new, 1, 79000)[0]
    centre.decision_date = datetime.date(2011, 3, 1)  # the centre began in 2011
    centre.save()
    grade(centre, 2011, "good")
    summary = rating_summary(province_viewer, province, 2011, 2010)
    assert {r.name: r.change for r in summary.rows}["Huyện Mới"] is None


def test_two_decimals_print_the_seed_shares_as_published():
    assert shares([47, 104], decimals=2) == [Decimal("31.13"), Decimal("68.87")]
    assert shares([1, 1, 1]) == [Decimal("33.4"), Decimal("33.3"), Decimal("33.3")]
    assert shares([1, 1, 1], method=PLAIN) == [Decimal("33.3")] * 3
    assert shares([1, 1, 1], decimals=2, method=PLAIN) == [Decimal("33.33")] * 3
    assert sum(shares([1, 1, 1], decimals=2)) == Decimal("100.00")


@pytest.mark.parametrize(
    ("decimals", "method", "shown", "note"),
    [
        (2, "remainder", "31,13%", "2 chữ số thập phân theo phương pháp phần dư lớn nhất"),
        (1, "plain", "31,1%", "làm tròn riêng từng tỷ lệ đến 1 chữ số thập phân"),
    ],
)
def test_the_units_rounding_setting_shows_in_every_format_with_its_note(
    client_for, province_viewer, province, district, decimals, method, shown, note
):
    for i, centre in enumerate(centres_in(district, 151, 80000)):
        grade(centre, 2011, "good" if i < 47 else "fair")
    UnitSettings.objects.create(
        unit=province, issuing_body="SỞ GIÁO DỤC VÀ ĐÀO TẠO", place="Thái Bình",
        share_decimals=decimals, rounding=method,
    )  # fmt: skip
    client = client_for(province_viewer)
    params = {"unit": province.pk, "year": 2011}
    html = client.get(reverse("reports:ratings"), params)
    body = html.content.decode()
    assert f"47/151 trung tâm xếp loại tốt (chiếm tỷ lệ {shown})" in body
    assert note in body
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("reports:ratings"), params | {"format": "xlsx"}).content)
    ).worksheets[0]
    total = next(r for r in sheet.iter_rows() if r[0].value == "Tổng cộng")
    assert round(total[3].value * 100, decimals) == float(shown[:-1].replace(",", "."))
    assert total[3].number_format == ("0.00%" if decimals == 2 else "0.0%")
    assert any(note in str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    from pypdf import PdfReader

    pdf = client.get(reverse("reports:ratings"), params | {"format": "pdf"})
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert shown in text and note in text


def test_a_changed_rounding_setting_is_not_served_from_the_cache(
    client_for, province_viewer, province, district
):
    for i, centre in enumerate(centres_in(district, 3, 81000)):
        grade(centre, 2011, "good" if i < 1 else "fair")
    client = client_for(province_viewer)
    params = {"unit": province.pk, "year": 2011}
    assert client.get(reverse("reports:ratings"), params).context["summary"].total.shares[0] == (
        Decimal("33.3")
    )
    UnitSettings.objects.create(
        unit=province, issuing_body="SỞ", place="Thái Bình", share_decimals=2, rounding="plain"
    )
    shares_now = client.get(reverse("reports:ratings"), params).context["summary"].total.shares
    assert shares_now[0] == Decimal("33.33")


def test_the_rounding_note_states_the_method():
    assert "phần dư lớn nhất" in ShareRounding(1).note
    assert "riêng từng tỷ lệ" in ShareRounding(2, PLAIN).note


def test_a_multi_year_summary_drills_down_to_the_whole_period(
    client_for, province_viewer, province, centre, far_centre
):
    for year in (2023, 2024, 2025, 2026):
        day = datetime.date(year, 3, 1)
        SessionFactory(
            activity=ActivityFactory(centre=centre, start_date=day, end_date=day), participants=5
        )
    client = client_for(province_viewer)
    summary_page = client.get(
        reverse("reports:activities"), {"unit": province.pk, "first_year": 2023, "year": 2026}
    )
    body = summary_page.content.decode()
    area = summary_page.context["summary"].by_area[0]
    link = (
        f"{reverse('activities:list')}?first_year=2023&amp;year=2026&amp;unit={province.pk}"
        f"&amp;content_area={area.key}"
    )
    assert link in body
    listing = client.get(link.replace("&amp;", "&"))
    assert listing.context["totals"]["talks"] == area.talks == 4
    assert listing.context["totals"]["visits"] == area.visits == 20
    assert "2023–2026" in listing.content.decode()
    export = client.get(
        reverse("activities:export"),
        {"first_year": 2023, "year": 2026, "unit": province.pk},
    )
    assert export["Content-Disposition"].endswith('hoat-dong-2023-2026.xlsx"')
