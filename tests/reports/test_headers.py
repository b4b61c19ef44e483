"""Every PDF names its issuing body out of the box: by level, inherited rounding, the party
format, and a centre's own header (issue 16, part 3)."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from centres.models import Role
from reports import headers
from reports.models import UnitSettings

from ..factories import UserFactory, assign
from .test_reports import grade

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_vietnamese():
    with translation.override("vi"):
        yield


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_province_issues_as_its_department_of_education_by_default(province):
    found = headers.effective(province)
    assert found.parent_body == f"UBND {province.name.upper()}"
    assert found.issuing_body == "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    assert found.number_suffix == "BC-SGDĐT"
    assert found.place == province.name.split(" ", 1)[1]
    assert found.signer_title == "GIÁM ĐỐC"


def test_a_district_before_the_reform_issues_as_its_phong_with_its_own_number(district):
    found = headers.effective(district)
    assert found.parent_body == "UBND HUYỆN QUỲNH PHỤ"
    assert found.issuing_body == "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"
    assert found.number_suffix == "BC-PGDĐT"
    assert found.place == "Quỳnh Phụ"
    assert found.signer_title == "TRƯỞNG PHÒNG"


def test_a_commune_issues_as_its_centre_under_the_commune_people_s_committee(commune):
    found = headers.effective(commune)
    assert found.parent_body == f"UBND {commune.name.upper()}"
    assert found.issuing_body == "TRUNG TÂM HỌC TẬP CỘNG ĐỒNG"
    assert found.number_suffix == "BC-TTHTCĐ"


@pytest.mark.parametrize(
    ("name", "kind", "bare"),
    [("Thành phố Hà Nội", "Thành phố", "Hà Nội"), ("Thị trấn An Bài", "Thị trấn", "An Bài"),
     ("Đặc khu Phú Quốc", "Đặc khu", "Phú Quốc"), ("Bắc Ninh", "", "Bắc Ninh")],
)  # fmt: skip
def test_a_unit_name_splits_into_its_kind_and_its_place(name, kind, bare):
    assert headers.split_name(name) == (kind, bare)


def test_the_party_format_defaults_to_the_committee_s_propaganda_board(province, district, commune):
    province_party = headers.defaults(province, UnitSettings.Style.PARTY)
    assert province_party.parent_body == f"ĐẢNG BỘ {province.name.upper()}"
    assert province_party.issuing_body == "BAN TUYÊN GIÁO TỈNH ỦY"
    assert province_party.number_suffix == "BC/BTGTU"
    district_party = headers.defaults(district, UnitSettings.Style.PARTY)
    assert (district_party.parent_body, district_party.issuing_body) == (
        "ĐẢNG BỘ HUYỆN QUỲNH PHỤ",
        "BAN TUYÊN GIÁO HUYỆN ỦY",
    )
    assert district_party.number_suffix == "BC/BTGHU"
    commune_party = headers.defaults(commune, UnitSettings.Style.PARTY)
    assert commune_party.parent_body == "ĐẢNG BỘ HUYỆN QUỲNH PHỤ"
    assert commune_party.issuing_body == f"ĐẢNG ỦY {commune.name.upper()}"


def test_rounding_is_inherited_below_a_unit_until_changed_there(province, district, commune):
    UnitSettings.objects.create(unit=province, share_decimals=2, rounding="plain")
    assert (headers.effective(commune).share_decimals, headers.effective(commune).rounding) == (
        2,
        "plain",
    )
    UnitSettings.objects.create(unit=district, share_decimals=1, rounding="remainder")
    assert headers.effective(commune).share_decimals == 1
    # the header is the commune's own, never the province's Sở
    assert headers.effective(commune).issuing_body == "TRUNG TÂM HỌC TẬP CỘNG ĐỒNG"


def test_a_saved_field_wins_and_a_blank_one_keeps_the_default(province):
    UnitSettings.objects.create(unit=province, issuing_body="", signer_name="Nguyễn Văn An")
    found = headers.effective(province)
    assert found.issuing_body == "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    assert found.signer_name == "Nguyễn Văn An"


def test_a_district_pdf_out_of_the_box_is_the_phong_s(
    client_for, district_reviewer, district, centre
):
    grade(centre, 2011, "good")
    params = {"unit": district.pk, "year": 2011, "format": "pdf"}
    text = pdf_text(client_for(district_reviewer).get(reverse("reports:ratings"), params))
    assert "UBND HUYỆN QUỲNH PHỤ" in text
    assert "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO" in text
    assert "/BC-PGDĐT" in text
    assert "SGDĐT" not in text
    assert "Quỳnh Phụ, ngày" in text


def test_the_party_format_prints_the_party_s_header(client_for, unit_admin, province, centre):
    grade(centre, 2011, "good")
    UnitSettings.objects.create(unit=province, style="party", signer_name="Trần Thị Bình")
    params = {"unit": province.pk, "year": 2011, "format": "pdf"}
    text = pdf_text(client_for(unit_admin).get(reverse("reports:ratings"), params))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "BAN TUYÊN GIÁO TỈNH ỦY" in text
    assert f"ĐẢNG BỘ {province.name.upper()}" in text
    assert "Số ......-BC/BTGTU" in text
    assert "Cộng hòa xã hội chủ nghĩa" not in text
    assert "TRƯỞNG BAN" in text


def test_a_centre_s_staff_set_their_centre_s_header_and_its_report_prints_it(
    client_for, commune_staff, commune, centre
):
    client = client_for(commune_staff)
    url = f"{reverse('reports:settings')}?unit={commune.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert 'placeholder="TRUNG TÂM HỌC TẬP CỘNG ĐỒNG"' in page.content.decode()
    response = client.post(
        url,
        {"style": "state", "issuing_body": "TRUNG TÂM HTCĐ XÃ AN KHÊ", "signer_name": "Lê Văn Cường",
         "share_decimals": 1, "rounding": "remainder"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = UnitSettings.objects.get(unit=commune)
    assert saved.parent_body == ""  # left to the default
    report = client.get(reverse("reports:centre"), {"centre": centre.pk, "format": "pdf"})
    text = pdf_text(report)
    assert "TRUNG TÂM HTCĐ XÃ AN KHÊ" in text
    assert f"UBND {commune.name.upper()}" in text
    assert "Lê Văn Cường" in text
    history = client.get(url).content.decode()
    assert "Lê Văn Cường" in history[history.index('id="history"') :]


def test_centre_staff_cannot_set_the_district_s_or_another_commune_s_header(
    client_for, commune_staff, district, neighbour_commune
):
    client = client_for(commune_staff)
    for unit in (district, neighbour_commune):
        response = client.get(reverse("reports:settings"), {"unit": unit.pk})
        assert response.status_code == 404


def test_a_reviewer_has_no_settings_to_change(client_for, district_reviewer, district):
    response = client_for(district_reviewer).get(reverse("reports:settings"))
    assert response.status_code == 403


def test_a_user_with_two_roles_sets_the_units_of_both(client_for, district, commune, province):
    both = UserFactory(username="hai_vai")
    assign(both, district, Role.UNIT_ADMIN)
    assign(both, commune, Role.CENTRE_STAFF)
    client = client_for(both)
    for unit in (district, commune):
        assert client.get(reverse("reports:settings"), {"unit": unit.pk}).status_code == 200
    assert client.get(reverse("reports:settings"), {"unit": province.pk}).status_code == 404


def test_a_report_page_links_to_the_settings_only_for_who_may_change_them(
    client_for, unit_admin, province_viewer, province, centre
):
    grade(centre, 2011, "good")
    params = {"unit": province.pk, "year": 2011}
    link = f"{reverse('reports:settings')}?unit={province.pk}"
    admin_page = client_for(unit_admin).get(reverse("reports:ratings"), params).content.decode()
    viewer_page = client_for(province_viewer).get(reverse("reports:ratings"), params)
    assert link in admin_page.replace("&amp;", "&")
    assert link not in viewer_page.content.decode().replace("&amp;", "&")
