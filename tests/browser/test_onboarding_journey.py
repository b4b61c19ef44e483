"""A province's unit admin onboards 104 centres and 110 accounts from Excel, downloads the sheet
of set-password links, and a new commune user chooses a password from a link and logs in."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from openpyxl import load_workbook

from centres.models import Assignment, Centre, Role
from centres.models.units import REFORM_DATE
from centres.onboarding_columns import ACCOUNT_COLUMNS, CENTRE_COLUMNS

from ..factories import CommuneFactory, UnitFactory, UserFactory, assign
from .conftest import ARTIFACTS, assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "mật-khẩu-thử-123"
NEW_PASSWORD = "Mật-khẩu-mới-2026"
COMMUNES = 104
FIRST = ["An", "Bình", "Đông", "Hòa", "Minh", "Phú", "Tân", "Thanh"]
SECOND = ["Lạc", "Thịnh", "Phong", "Hưng", "Tiến", "Long", "Xuân", "Hải", "Sơn", "Lợi", "Mỹ",
          "Yên", "Khánh"]  # fmt: skip
EXTRA = [  # six accounts beyond one centre staff per commune
    ("chuyenvien_1", "Nguyễn Thị Thu Hằng", "hang.ntt@sogd.example.vn", "33", "Người xem"),
    ("chuyenvien_2", "Phạm Văn Quang", "", "33", "Người xem"),
    ("danhgia_1", "Lê Thị Mai Anh", "maianh@sogd.example.vn", "33", "Cán bộ đánh giá"),
    ("danhgia_2", "Vũ Đức Thắng", "", "33", "Cán bộ đánh giá"),
    ("canbo2_20001", "Đặng Thị Ngọc Lan", "", "20001", "Cán bộ trung tâm"),
    ("canbo2_20002", "Hoàng Văn Tùng", "tung.hv@example.vn", "20002", "Cán bộ trung tâm"),
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = ["Văn Minh", "Thị Hoa", "Đức Anh", "Thị Thu", "Quang Huy", "Thị Lan", "Văn Hải"]


@pytest.fixture
def hung_yen(db):
    """A province after the 2025 reform: its 104 communes directly under it."""
    province = UnitFactory(code="33", name="Tỉnh Hưng Yên")
    names = [f"Xã {a} {b}" for a in FIRST for b in SECOND][:COMMUNES]
    for number, name in enumerate(names, start=20001):
        CommuneFactory(code=str(number), name=name, parent=province, valid_from=REFORM_DATE)
    admin = UserFactory(username="quantri_tinh", first_name="Trần Văn Quản", email="qt@example.vn")
    assign(admin, province, Role.UNIT_ADMIN)
    return province


@pytest.fixture
def desktop(browser, live_server, request):
    """A 1280 x 900 page, with a screenshot saved if the test fails."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    yield page
    if getattr(request.node, "failed", False):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-admin.png"), full_page=True)
    context.close()


def download(page, link, folder):
    """Click the link, save what the browser downloads under its own name, return the path."""
    with page.expect_download() as info:
        link.click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def upload(page, kind: str, path) -> None:
    page.set_input_files(f"#id_{kind}_file", str(path))
    with page.expect_navigation():
        page.click(f"form:has(#id_{kind}_file) button[type=submit]")


def test_the_province_admin_onboards_104_centres_and_110_accounts_and_a_user_sets_a_password(
    desktop, phone, live_server, hung_yen, settings, tmp_path
):
    settings.SITE_URL = live_server.url  # the links are made for where the portal runs
    page = desktop
    log_in(page, "quantri_tinh", PASSWORD)
    page.goto(f"{page.base}/centres/units/{hung_yen.pk}/")
    page.click("main a:has-text('Nhập ban đầu từ Excel')")
    page.wait_for_url(re.compile(r"/onboarding/$"))
    assert "104/104 xã chưa có trung tâm" in page.inner_text("#gap")
    assert_accessible(page)

    # 1. The centres: the template lists the 104 communes; a decision for each.
    template = download(
        page, page.locator("section[aria-labelledby=centres-heading] a").first, tmp_path
    )
    assert template.name == "mau-trung-tam-33.xlsx"
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    headers = [c.value for c in sheet[1]]
    column = {c.key: n for n, c in enumerate(CENTRE_COLUMNS, start=1)}
    assert headers[column["decision_number"] - 1] == "Số quyết định thành lập"
    assert headers[column["decision_date"] - 1] == "Ngày quyết định thành lập"
    codes = [sheet.cell(row, 1).value for row in range(2, sheet.max_row + 1)]
    assert codes == [str(n) for n in range(20001, 20001 + COMMUNES)]
    for row in range(2, COMMUNES + 2):
        sheet.cell(row, column["decision_number"], f"{row + 100}/QĐ-UBND")
        sheet.cell(row, column["decision_date"], "05/03/2026")
        sheet.cell(row, column["address"], f"Nhà văn hóa {sheet.cell(row, 2).value}")
    centres_file = tmp_path / "trung-tam.xlsx"
    workbook.save(centres_file)
    upload(page, "centres", centres_file)
    assert re.search(r"/onboarding/$", page.url), page.inner_text("main")
    assert "Đã nhập: 104 mới, 0 cập nhật, 0 không đổi." in page.inner_text("main")
    assert "0/104 xã chưa có trung tâm" in page.inner_text("#gap")
    assert Centre.objects.filter(decision_date=datetime.date(2026, 3, 5)).count() == COMMUNES

    # 2. The accounts: one centre staff per commune, six more; some with an e-mail.
    template = download(
        page, page.locator("section[aria-labelledby=accounts-heading] a").first, tmp_path
    )
    assert template.name == "mau-tai-khoan-33.xlsx"
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    assert sheet.max_row == 1  # no row prefilled: the communes are on the sheet of units
    units = workbook.worksheets[-1]
    communes = [
        (units.cell(row, 1).value, units.cell(row, 2).value)
        for row in range(2, units.max_row + 1)
        if units.cell(row, 3).value == "xã"
    ]
    assert len(communes) == COMMUNES, [c.value for c in units[2]]
    accounts = []
    for index, (code, _name) in enumerate(communes):
        full_name = f"{FAMILY[index % len(FAMILY)]} {GIVEN[index % len(GIVEN)]}"
        email = f"canbo.{code}@example.vn" if index % 10 == 0 else ""
        accounts.append((f"canbo_{code}", full_name, email, code, "Cán bộ trung tâm"))
    accounts += EXTRA
    position = {c.key: n for n, c in enumerate(ACCOUNT_COLUMNS, start=1)}
    assert [c.value for c in sheet[1]] == [c.header for c in ACCOUNT_COLUMNS]
    for row, values in enumerate(accounts, start=2):
        keys = ("username", "full_name", "email", "unit_code", "role")
        for key, value in zip(keys, values, strict=True):
            if value:
                sheet.cell(row, position[key], value)
    accounts_file = tmp_path / "tai-khoan.xlsx"
    workbook.save(accounts_file)
    emailed = sorted(email for _l, _n, email, _c, _r in accounts if email)
    mail.outbox.clear()
    upload(page, "accounts", accounts_file)
    assert re.search(r"/onboarding/links/$", page.url), page.inner_text("main")
    text = page.inner_text("main")
    assert "Đã nhập: 110 mới, 0 cập nhật, 0 không đổi." in text
    assert f"Đã gửi {len(emailed)} liên kết đặt mật khẩu qua thư điện tử." in text
    assert page.locator("#links tbody tr").count() == 110
    assert Assignment.objects.filter(unit__path__startswith=hung_yen.path).count() == 111
    assert sorted(to for message in mail.outbox for to in message.to) == emailed
    assert_accessible(page)

    # 3. The sheet of links: 110 rows, a link each, no password anywhere.
    sheet_file = download(page, page.locator("main a:has-text('Tải về dạng Excel')"), tmp_path)
    assert sheet_file.name == "lien-ket-dat-mat-khau-33.xlsx"
    values = [[c.value for c in row] for row in load_workbook(sheet_file).active.iter_rows()]
    header = values[0]
    at = {
        key: header.index(title)
        for key, title in [("login", "Tên đăng nhập"), ("name", "Họ và tên"), ("unit", "Đơn vị"),
                           ("link", "Liên kết đặt mật khẩu"), ("until", "Hiệu lực đến")]
    }  # fmt: skip
    rows = {row[at["login"]]: {k: row[i] for k, i in at.items()} for row in values[1:]}
    assert len(values) == 111 and set(rows) == {login for login, *_rest in accounts}
    for row in rows.values():
        assert row["link"].startswith(f"{live_server.url}/accounts/reset/"), row
        assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", row["until"])
    assert len({row["link"] for row in rows.values()}) == 110
    everything = " ".join(str(v) for row in values for v in row)
    hashes = [a.password for a in get_user_model().objects.all()]
    assert not any(h in everything or h.lstrip("!") in everything for h in hashes)
    assert PASSWORD not in everything and NEW_PASSWORD not in everything
    login, chosen = "canbo_20042", rows["canbo_20042"]
    assert (chosen["name"], chosen["unit"]) == ("Trần Văn Hải", "Xã Hòa Phong (cán bộ trung tâm)")
    link = chosen["link"]

    # 4. The new user, on a phone, opens the link, chooses a password and logs in.
    user = phone
    user.goto(link)
    assert "Đặt mật khẩu mới" in user.inner_text("main")
    user.fill("#id_new_password1", NEW_PASSWORD)
    user.fill("#id_new_password2", NEW_PASSWORD)
    user.click("main button[type=submit]")
    user.wait_for_selector("text=Mật khẩu mới đã được lưu.")
    log_in(user, login, NEW_PASSWORD)
    assert user.url.rstrip("/") == user.base
    assert "Tổng quan" in user.inner_text("main h1")
    assert "Trung tâm của bạn" in user.inner_text("main")
    # The link worked once.
    user.goto(link)
    assert "Đường dẫn không hợp lệ hoặc đã được sử dụng." in user.inner_text("main")
    assert user.locator("#id_new_password1").count() == 0

    # The admin's list of links no longer holds the account whose password is set.
    page.reload()
    assert page.locator("#links tbody tr").count() == 109
    assert login not in page.inner_text("#links")
