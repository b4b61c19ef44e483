"""Onboarding a province from Excel: centres, boards and staff, accounts with set-password links,
and the centres of the communes that have none (issue 16, part 1)."""

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from centres.models import Assignment, BoardMember, Centre, Role, Staff
from centres.onboarding_columns import ACCOUNT_COLUMNS, CENTRE_COLUMNS, PEOPLE_COLUMNS

from ..factories import (
    BoardMemberFactory,
    CentreFactory,
    CommuneFactory,
    UserFactory,
    assign,
)

pytestmark = pytest.mark.django_db
User = get_user_model()


def workbook(columns, rows: list[dict], name: str = "nhap.xlsx") -> SimpleUploadedFile:
    """An upload made from the template: its header row, then one row per dict."""
    book = Workbook()
    sheet = book.active
    with translation.override("vi"):
        sheet.append([c.header for c in columns])
    for row in rows:
        sheet.append([row.get(c.key) for c in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, unit, kind: str, columns, rows, **extra):
    url = reverse("centres:onboarding_import", args=[unit.pk, kind])
    return client.post(url, {"file": workbook(columns, rows), **extra})


def errors(response) -> list[tuple[int, str, str]]:
    result = response.context["result"]
    assert result is not None
    assert not result.ok
    return [(e.row, e.column, e.message) for e in result.errors]


@pytest.fixture
def ended_commune(district):
    return CommuneFactory(
        code="12460", name="Xã An Cũ", parent=district, valid_until=datetime.date(2025, 6, 30)
    )


@pytest.fixture
def foreign_commune(other_province):
    return CommuneFactory(code="13324", name="Xã Mộc Nam", parent=other_province)


CENTRE_ROW = {
    "code": "12454", "name": "Trung tâm học tập cộng đồng xã An Khê",
    "decision_number": "123/QĐ-UBND", "decision_date": "05/08/2025", "address": "Thôn Đông",
    "premises": "Trụ sở riêng", "rooms": 3, "seats": "1.200", "computers": 4,
    "library_books": 350, "has_internet": "Có", "has_seal": "Không",
}  # fmt: skip


# Centres


def test_centres_import_creates_a_centre_per_commune_with_its_decision_and_facilities(
    client_for, unit_admin, province, commune, neighbour_commune
):
    client = client_for(unit_admin)
    response = upload(client, province, "centres", CENTRE_COLUMNS, [CENTRE_ROW, {"code": 12457}])
    assert response.status_code == 302
    first = Centre.objects.get(commune=commune)
    assert (first.decision_number, first.decision_date) == (
        "123/QĐ-UBND",
        datetime.date(2025, 8, 5),
    )
    assert (first.premises, first.rooms, first.seats, first.library_books) == ("own", 3, 1200, 350)
    assert (first.has_internet, first.has_seal) == (True, False)
    assert first.history.get().history_user == unit_admin
    second = Centre.objects.get(commune=neighbour_commune)
    assert second.name == "Trung tâm học tập cộng đồng Xã An Đồng"


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ({"code": ""}, "Mã xã", "Cột này là bắt buộc."),
        ({"decision_date": "32/13/2026"}, "Ngày quyết định thành lập", "“32/13/2026”"),
        ({"code": "99999"}, "Mã xã", "99999"),
        ({"code": "13324"}, "Mã xã", "ngoài phạm vi"),
        ({"code": "12460"}, "Mã xã", "30/06/2025"),
        ({"seats": "nhiều"}, "Số chỗ ngồi", "“nhiều”"),
        ({"email": "khong-phai-thu"}, "Thư điện tử", "email"),
    ],
)
def test_a_bad_centre_row_is_reported_at_its_row_and_column_and_nothing_is_saved(
    client_for, unit_admin, province, commune, neighbour_commune, ended_commune,
    foreign_commune, row, column, message,
):  # fmt: skip
    client = client_for(unit_admin)
    good = {"code": "12457", "name": "Trung tâm mới"}
    response = upload(client, province, "centres", CENTRE_COLUMNS, [good, CENTRE_ROW | row])
    assert response.status_code == 200
    [(number, title, text)] = errors(response)
    assert (number, title) == (3, column)
    assert message in text
    assert Centre.objects.count() == 0
    assert "Dòng" in response.content.decode()
    assert column in response.content.decode()


def test_uploading_the_same_centres_file_again_changes_nothing(
    client_for, unit_admin, province, commune, neighbour_commune
):
    client = client_for(unit_admin)
    rows = [CENTRE_ROW, {"code": "12457"}]
    upload(client, province, "centres", CENTRE_COLUMNS, rows)
    history = Centre.history.count()
    response = upload(client, province, "centres", CENTRE_COLUMNS, rows)
    assert response.status_code == 302
    assert Centre.objects.count() == 2
    assert Centre.history.count() == history
    page = client.get(response.url)
    assert "0 mới, 0 cập nhật, 2 không đổi" in page.content.decode()


def test_a_centre_row_whose_commune_has_a_centre_updates_it_and_keeps_the_rest(
    client_for, unit_admin, province, centre
):
    centre.address, centre.computers = "Nhà văn hóa xã", 2
    centre.save()
    client = client_for(unit_admin)
    upload(client, province, "centres", CENTRE_COLUMNS, [{"code": "12454", "rooms": 5}])
    centre.refresh_from_db()
    assert (centre.rooms, centre.address, centre.computers) == (5, "Nhà văn hóa xã", 2)
    assert centre.history.first().history_user == unit_admin


# Board and staff


PEOPLE = [
    {"code": "12454", "role": "Giám đốc", "full_name": "Nguyễn Văn Hùng", "sex": "Nam",
     "birth_year": 1972, "post": "Phó Chủ tịch UBND xã", "appointment_date": "10/08/2025"},
    {"code": "12454", "role": "Phó giám đốc", "full_name": "Trần Thị Lan", "sex": "Nữ",
     "post": "Chủ tịch Hội Khuyến học xã"},
    {"code": "12454", "role": "Báo cáo viên", "full_name": "Lê Văn Nam", "sex": "nam",
     "post": "Hội Nông dân xã", "phone": "0912345678"},
]  # fmt: skip


def test_board_and_staff_are_imported_one_row_per_person_and_updated_by_name(
    client_for, unit_admin, province, centre
):
    client = client_for(unit_admin)
    assert upload(client, province, "people", PEOPLE_COLUMNS, PEOPLE).status_code == 302
    director = BoardMember.objects.get(centre=centre, position="director")
    assert (director.full_name, director.birth_year, director.main_post) == (
        "Nguyễn Văn Hùng",
        1972,
        "Phó Chủ tịch UBND xã",
    )
    speaker = Staff.objects.get(centre=centre)
    assert (speaker.kind, speaker.organisation, speaker.phone) == (
        "speaker",
        "Hội Nông dân xã",
        "0912345678",
    )
    changed = [PEOPLE[0], PEOPLE[1], PEOPLE[2] | {"role": "Giáo viên"}]
    response = upload(client, province, "people", PEOPLE_COLUMNS, changed)
    assert response.status_code == 302
    assert Staff.objects.get(centre=centre).kind == "teacher"
    assert (BoardMember.objects.count(), Staff.objects.count()) == (2, 1)
    page = client.get(response.url).content.decode()
    assert "0 mới, 1 cập nhật, 2 không đổi" in page


def test_a_second_current_director_is_refused_until_the_first_has_left(
    client_for, unit_admin, province, centre
):
    BoardMemberFactory(centre=centre, full_name="Phạm Văn Cũ")
    response = upload(client_for(unit_admin), province, "people", PEOPLE_COLUMNS, PEOPLE)
    [(number, column, message)] = errors(response)
    assert (number, column) == (2, "Chức vụ hoặc loại")
    assert "đã có Giám đốc đương nhiệm" in message
    assert Staff.objects.count() == 0


def test_people_of_a_commune_without_a_centre_are_refused(
    client_for, unit_admin, province, commune
):
    response = upload(client_for(unit_admin), province, "people", PEOPLE_COLUMNS, PEOPLE[:1])
    [(number, column, message)] = errors(response)
    assert (number, column) == (2, "Mã xã")
    assert "nhập trung tâm trước" in message


# Accounts


ACCOUNT = {"username": "canbo_ankhe", "full_name": "Đỗ Thị Hoa", "email": "hoa@example.vn",
           "unit_code": "12454", "role": "Cán bộ trung tâm"}  # fmt: skip


def import_accounts(client, unit, rows, **extra):
    return upload(client, unit, "accounts", ACCOUNT_COLUMNS, rows, **extra)


def test_accounts_are_created_without_a_password_with_their_role_and_a_link_page(
    client_for, unit_admin, province, commune, district
):
    client = client_for(unit_admin)
    second = {"username": "phong_qp", "full_name": "Vũ Văn Minh", "email": "",
              "unit_code": "336", "role": "Cán bộ đánh giá"}  # fmt: skip
    response = import_accounts(client, province, [ACCOUNT, second])
    assert response.url == reverse("centres:onboarding_links", args=[province.pk])
    account = User.objects.get(username="canbo_ankhe")
    assert (account.first_name, account.email) == ("Đỗ Thị Hoa", "hoa@example.vn")
    assert not account.has_usable_password()
    assert Assignment.objects.get(user=account).role == Role.CENTRE_STAFF
    assert Assignment.objects.get(user__username="phong_qp").unit == district
    page = client.get(response.url).content.decode()
    assert "canbo_ankhe" in page
    assert "phong_qp" in page
    assert "Vũ Văn Minh" in page
    assert "/accounts/reset/" in page


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ({"role": "Quản trị đơn vị", "unit_code": "34"}, "Vai trò", "quản trị"),
        ({"email": "hoa@"}, "Thư điện tử", "email"),
        ({"username": "có dấu cách"}, "Tên đăng nhập", "tên đăng nhập"),
        ({"unit_code": "77777"}, "Mã đơn vị", "77777"),
        ({"unit_code": "13324"}, "Mã đơn vị", "ngoài phạm vi"),
        ({"unit_code": "12460"}, "Mã đơn vị", "30/06/2025"),
        ({"role": "Giám đốc"}, "Vai trò", "không có trong danh mục"),
        ({"full_name": ""}, "Họ và tên", "bắt buộc"),
    ],
)
def test_a_bad_account_row_is_reported_at_its_row_and_column_and_nothing_is_saved(
    client_for, unit_admin, province, commune, ended_commune, foreign_commune, row, column,
    message,
):  # fmt: skip
    users = User.objects.count()
    response = import_accounts(client_for(unit_admin), province, [ACCOUNT | row])
    [(number, title, text)] = errors(response)
    assert (number, title) == (2, column)
    assert message in text.lower() or message in text
    assert User.objects.count() == users
    assert not mail.outbox


def test_a_login_twice_in_the_file_is_refused_on_the_second_row(
    client_for, unit_admin, province, commune
):
    rows = [ACCOUNT, ACCOUNT | {"username": "CANBO_ANKHE", "full_name": "Người khác"}]
    response = import_accounts(client_for(unit_admin), province, rows)
    assert errors(response) == [(3, "Tên đăng nhập", "Trùng với dòng 2.")]
    assert not User.objects.filter(username__iexact="canbo_ankhe").exists()


def test_a_unit_admin_grants_unit_administration_only_below_their_own_unit(
    client_for, unit_admin, province, district
):
    row = ACCOUNT | {"unit_code": "336", "role": "Quản trị đơn vị"}
    response = import_accounts(client_for(unit_admin), province, [row])
    assert response.status_code == 302
    assert Assignment.objects.get(user__username="canbo_ankhe").role == Role.UNIT_ADMIN


def test_an_existing_account_is_updated_gets_the_role_and_no_new_link(
    client_for, unit_admin, province, commune, neighbour_commune
):
    account = UserFactory(username="canbo_ankhe", first_name="Tên cũ", email="cu@example.vn")
    assign(account, commune, Role.CENTRE_STAFF)
    password = account.password
    row = ACCOUNT | {"unit_code": "12457"}
    response = import_accounts(client_for(unit_admin), province, [row])
    assert response.url == reverse("centres:onboarding", args=[province.pk])
    account.refresh_from_db()
    assert (account.first_name, account.email, account.password) == (
        "Đỗ Thị Hoa",
        "hoa@example.vn",
        password,
    )
    assert set(account.assignments.values_list("unit__code", flat=True)) == {"12454", "12457"}
    assert not mail.outbox


def test_an_existing_account_gets_a_new_link_when_the_admin_asks(
    client_for, unit_admin, province, commune
):
    assign(UserFactory(username="canbo_ankhe", email="hoa@example.vn"), commune, "centre_staff")
    client = client_for(unit_admin)
    response = import_accounts(client, province, [ACCOUNT], relink="on")
    assert response.url == reverse("centres:onboarding_links", args=[province.pk])
    assert len(mail.outbox) == 1


def test_uploading_the_same_accounts_again_changes_nothing_and_sends_nothing(
    client_for, unit_admin, province, commune
):
    client = client_for(unit_admin)
    import_accounts(client, province, [ACCOUNT])
    mail.outbox.clear()
    history = User.history.count()
    response = import_accounts(client, province, [ACCOUNT])
    assert response.url == reverse("centres:onboarding", args=[province.pk])
    assert (User.history.count(), len(mail.outbox)) == (history, 0)
    assert "0 mới, 0 cập nhật, 1 không đổi" in client.get(response.url).content.decode()


def test_an_account_outside_the_admins_management_is_not_changed(
    client_for, unit_admin, province, commune, outsider
):
    response = import_accounts(
        client_for(unit_admin), province, [ACCOUNT | {"username": "nguoi_ngoai"}]
    )
    [(number, column, message)] = errors(response)
    assert (number, column) == (2, "Tên đăng nhập")
    assert "nguoi_ngoai" in message
    outsider.refresh_from_db()
    assert outsider.first_name == "Người ngoài"


def test_accounts_saved_meanwhile_by_another_admin_leave_nothing_half_done(
    client_for, unit_admin, province, commune, monkeypatch
):
    from django.db import IntegrityError

    from centres import onboarding_accounts

    def taken(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(onboarding_accounts, "bulk_update_with_history", taken)
    monkeypatch.setattr(onboarding_accounts, "bulk_create_with_history", taken)
    response = import_accounts(client_for(unit_admin), province, [ACCOUNT])
    assert response.status_code == 200
    assert "tải tệp lên lại" in response.content.decode()
    assert not User.objects.filter(username="canbo_ankhe").exists()
    assert not mail.outbox


def test_new_accounts_are_emailed_their_link_in_vietnamese(
    client_for, unit_admin, province, commune, settings
):
    settings.SITE_URL = "https://tthtcd.example.vn"
    client = client_for(unit_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the admin reads the portal in English
    response = import_accounts(client, province, [ACCOUNT])
    assert "Imported: 1 new" in client.get(response.url).content.decode()
    [message] = mail.outbox
    assert message.to == ["hoa@example.vn"]
    assert message.subject == "Tài khoản của bạn trên Cổng thông tin trung tâm học tập cộng đồng"
    assert "Xin chào Đỗ Thị Hoa" in message.body
    assert "Bạn có tài khoản trên Cổng thông tin" in message.body
    assert "canbo_ankhe" in message.body
    assert re.search(r"https://tthtcd\.example\.vn/accounts/reset/\S+/\S+/", message.body)
    assert re.search(r"\d\d/\d\d/\d{4}", message.body)
    assert "mật-khẩu" not in message.body


def _link(body: str) -> str:
    """The path of the set-password link in an e-mail."""
    return re.search(r"/accounts/reset/\S+/", body).group(0)


def test_the_set_password_link_works_once(client, client_for, unit_admin, province, commune):
    import_accounts(client_for(unit_admin), province, [ACCOUNT])
    link = _link(mail.outbox[0].body)
    client.logout()
    form = client.get(link, follow=True)
    assert form.context["validlink"]
    new = "Mat-khau-moi-2026!"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    login = client.post(reverse("login"), {"username": "canbo_ankhe", "password": new})
    assert login.status_code == 302
    assert login.url == reverse("dashboard")
    client.logout()
    again = client.get(link, follow=True)
    assert not again.context["validlink"]


def test_the_set_password_link_expires(client, client_for, unit_admin, province, commune, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    import_accounts(client_for(unit_admin), province, [ACCOUNT])
    link = _link(mail.outbox[0].body)
    client.logout()
    later = datetime.datetime.now() + datetime.timedelta(hours=2)
    from unittest import mock

    with mock.patch.object(type(default_token_generator), "_now", return_value=later):
        expired = client.get(link, follow=True)
    assert not expired.context["validlink"]


def test_the_links_sheet_lists_the_new_accounts_with_expiry_and_no_password(
    client_for, unit_admin, province, commune, settings
):
    settings.PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
    client = client_for(unit_admin)
    existing = UserFactory(username="da_co")
    assign(existing, commune, Role.VIEWER)
    rows = [ACCOUNT, ACCOUNT | {"username": "da_co", "full_name": "Đã Có", "email": ""}]
    import_accounts(client, province, rows)
    response = client.get(reverse("centres:onboarding_links_xlsx", args=[province.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Tên đăng nhập", "Họ và tên", "Đơn vị", "Liên kết đặt mật khẩu",
                         "Hiệu lực đến"]  # fmt: skip
    assert [row[0] for row in values[1:]] == ["canbo_ankhe"]  # an existing account: no link
    _login, name, unit, link, until = values[1]
    assert (name, unit) == ("Đỗ Thị Hoa", "Xã An Khê (cán bộ trung tâm)")
    assert "/accounts/reset/" in link
    expected = datetime.date.today() + datetime.timedelta(days=3)
    assert until.startswith(expected.strftime("%d/%m/%Y"))
    text = " ".join(str(v) for row in values for v in row)
    password = User.objects.get(username="canbo_ankhe").password
    assert password.startswith("!")
    assert password not in text
    assert password[1:] not in text


def test_the_links_page_drops_an_account_once_its_password_is_set(
    client_for, unit_admin, province, commune
):
    client = client_for(unit_admin)
    import_accounts(client, province, [ACCOUNT])
    url = reverse("centres:onboarding_links", args=[province.pk])
    assert "canbo_ankhe" in client.get(url).content.decode()
    account = User.objects.get(username="canbo_ankhe")
    account.set_password("Mat-khau-moi-2026!")
    account.save()
    assert "canbo_ankhe" not in client.get(url).content.decode()


def test_the_links_are_not_shown_to_another_session(client_for, unit_admin, province, commune):
    import_accounts(client_for(unit_admin), province, [ACCOUNT])
    from django.test import Client

    other = Client()
    other.force_login(unit_admin)
    page = other.get(reverse("centres:onboarding_links", args=[province.pk])).content.decode()
    assert "canbo_ankhe" not in page


# Centres for the communes that have none


def test_the_preview_lists_the_present_communes_without_a_centre_and_the_post_creates_them(
    client_for, unit_admin, province, centre, neighbour_commune, far_commune, ended_commune
):
    client = client_for(unit_admin)
    url = reverse("centres:missing_centres", args=[province.pk])
    page = client.get(url).content.decode()
    assert "Xã An Đồng" in page
    assert "Xã Tân Lễ" in page
    assert "Xã An Cũ" not in page
    assert "Xã An Khê" not in page
    assert "Trung tâm học tập cộng đồng Xã An Đồng" in page
    response = client.post(url)
    assert response.url == reverse("centres:unit", args=[province.pk])
    created = Centre.objects.exclude(pk=centre.pk)
    assert sorted(created.values_list("commune__code", flat=True)) == ["12457", "12541"]
    assert {h.history_user for h in Centre.history.exclude(id=centre.pk)} == {unit_admin}
    assert client.post(url).status_code == 302
    assert Centre.objects.count() == 3


def test_creating_the_missing_centres_is_all_or_nothing(
    client_for, unit_admin, province, neighbour_commune, far_commune, monkeypatch
):
    from django.db import IntegrityError

    from centres import onboarding

    real = onboarding.bulk_create_with_history

    def fail_after_writing(objs, model, **kwargs):
        real(objs[:1], model, **kwargs)
        raise IntegrityError("another admin was quicker")

    monkeypatch.setattr(onboarding, "bulk_create_with_history", fail_after_writing)
    response = client_for(unit_admin).post(reverse("centres:missing_centres", args=[province.pk]))
    assert response.status_code == 302
    assert Centre.objects.count() == 0


def test_the_dashboard_counts_the_communes_without_a_centre(
    client_for, unit_admin, province, centre, neighbour_commune, ended_commune
):
    page = client_for(unit_admin).get(reverse("dashboard")).content.decode()
    assert "1/2 xã chưa có trung tâm" in page
    assert reverse("centres:missing_centres", args=[province.pk]) in page


def test_the_unit_page_links_an_admin_to_onboarding(
    client_for, unit_admin, province_viewer, province
):
    url = reverse("centres:unit", args=[province.pk])
    assert reverse("centres:onboarding", args=[province.pk]) in (
        client_for(unit_admin).get(url).content.decode()
    )
    assert reverse("centres:onboarding", args=[province.pk]) not in (
        client_for(province_viewer).get(url).content.decode()
    )


# Templates


def test_the_centres_template_lists_the_present_communes_with_their_codes(
    client_for, unit_admin, province, centre, neighbour_commune, ended_commune
):
    response = client_for(unit_admin).get(
        reverse("centres:onboarding_template", args=[province.pk, "centres"])
    )
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [[c.value for c in row][:3] for row in sheet.iter_rows(min_row=2)]
    assert rows == [
        ["12454", "Xã An Khê", centre.name],
        ["12457", "Xã An Đồng", "Trung tâm học tập cộng đồng Xã An Đồng"],
    ]


def test_the_filled_template_imports_as_it_was_downloaded(
    client_for, unit_admin, province, centre, neighbour_commune
):
    client = client_for(unit_admin)
    content = client.get(
        reverse("centres:onboarding_template", args=[province.pk, "centres"])
    ).content
    url = reverse("centres:onboarding_import", args=[province.pk, "centres"])
    response = client.post(url, {"file": SimpleUploadedFile("mau.xlsx", content)})
    assert response.status_code == 302
    assert Centre.objects.count() == 2


@pytest.mark.parametrize("kind", ["people", "accounts"])
def test_the_people_and_accounts_templates_list_the_units_codes(
    client_for, unit_admin, province, commune, kind
):
    response = client_for(unit_admin).get(
        reverse("centres:onboarding_template", args=[province.pk, kind])
    )
    book = load_workbook(io.BytesIO(response.content))
    codes = [row[0].value for row in book.worksheets[-1].iter_rows(min_row=2)]
    assert codes == ["34", "12454"]


# Access


ROUTES = [
    ("centres:onboarding", []),
    ("centres:onboarding_template", ["centres"]),
    ("centres:onboarding_import", ["accounts"]),
    ("centres:onboarding_links", []),
    ("centres:onboarding_links_xlsx", []),
    ("centres:missing_centres", []),
]


@pytest.mark.parametrize(("name", "extra"), ROUTES)
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("commune_staff", 404),
        ("district_reviewer", 404),
        ("province_viewer", 403),
        ("outsider", 404),
        ("unit_admin", 200),
    ],
)
def test_onboarding_pages_are_for_the_units_admins(
    request, client_for, province, commune, name, extra, who, status
):
    client = client_for(request.getfixturevalue(who))
    response = client.get(reverse(name, args=[province.pk, *extra]))
    expected = 302 if (status == 200 and name == "centres:onboarding_links_xlsx") else status
    assert response.status_code == expected


def test_an_ended_unit_is_not_onboarded(client_for, unit_admin, ended_commune):
    response = client_for(unit_admin).get(reverse("centres:onboarding", args=[ended_commune.pk]))
    assert response.status_code == 403


def test_an_unknown_kind_of_template_is_not_found(client_for, unit_admin, province):
    url = reverse("centres:onboarding_template", args=[province.pk, "ratings"])
    assert client_for(unit_admin).get(url).status_code == 404


# Query counts


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _add_communes(district, n: int, start: int, centres: bool) -> None:
    for i in range(n):
        commune = CommuneFactory(parent=district, code=f"{start + i:05d}")
        if centres:
            CentreFactory(commune=commune)


@pytest.mark.parametrize("name", ["centres:missing_centres", "centres:onboarding", "dashboard"])
def test_onboarding_pages_run_as_many_queries_for_many_communes_as_for_one(
    client_for, unit_admin, province, district, name
):
    client = client_for(unit_admin)
    url = reverse(name, args=[] if name == "dashboard" else [province.pk])
    _add_communes(district, 1, 30000, centres=False)
    client.get(url)  # the lineage, looked up once and kept
    one = _count(client, url)
    _add_communes(district, 20, 31000, centres=False)
    _add_communes(district, 20, 32000, centres=True)
    assert _count(client, url) == one


def test_the_links_page_runs_as_many_queries_for_many_accounts_as_for_one(
    client_for, unit_admin, province, commune
):
    client = client_for(unit_admin)
    url = reverse("centres:onboarding_links", args=[province.pk])
    import_accounts(client, province, [ACCOUNT])
    one = _count(client, url)
    rows = [ACCOUNT | {"username": f"canbo_{i}", "email": ""} for i in range(15)]
    import_accounts(client, province, rows)
    assert "canbo_14" in client.get(url).content.decode()
    assert _count(client, url) == one


def test_an_import_reads_in_bulk_whatever_the_number_of_rows(
    client_for, unit_admin, province, district
):
    client = client_for(unit_admin)
    _add_communes(district, 40, 40000, centres=False)

    def run(codes) -> int:
        rows = [{"code": code, "rooms": 2} for code in codes]
        with CaptureQueriesContext(connection) as queries:
            assert upload(client, province, "centres", CENTRE_COLUMNS, rows).status_code == 302
        return len(queries)

    few = run([f"{40000 + i:05d}" for i in range(2)])
    many = run([f"{40000 + i:05d}" for i in range(2, 40)])
    assert many <= few + 4  # bulk inserts go in batches; nothing is read row by row


def test_an_account_s_phone_is_recorded_updated_and_kept_when_the_cell_is_empty(
    client_for, unit_admin, province, commune
):
    from centres.models import Contact

    client = client_for(unit_admin)
    import_accounts(client, province, [ACCOUNT | {"phone": "0912 345 678"}])
    account = get_user_model().objects.get(username="canbo_ankhe")
    assert Contact.objects.get(user=account).phone == "0912 345 678"
    import_accounts(client, province, [ACCOUNT | {"phone": "0987.654.321"}])
    assert Contact.objects.get(user=account).phone == "0987.654.321"
    import_accounts(client, province, [ACCOUNT | {"phone": ""}])
    assert Contact.objects.get(user=account).phone == "0987.654.321"
    page = client.get(reverse("centres:user_update", args=[account.pk])).content.decode()
    assert 'value="0987.654.321"' in page
    assert "0912 345 678 → 0987.654.321" in page  # the account's history


def test_a_bad_phone_is_refused_at_its_row(client_for, unit_admin, province, commune):
    response = import_accounts(client_for(unit_admin), province, [ACCOUNT | {"phone": "12ab"}])
    assert [(row, column) for row, column, _m in errors(response)] == [(2, "Điện thoại")]
    assert not get_user_model().objects.filter(username="canbo_ankhe").exists()


# An attacker's review (issue 16): what an import may not reach


def test_an_account_without_any_role_is_not_taken_over_by_an_import(
    client_for, unit_admin, province, commune
):
    orphan = UserFactory(username="old_user", email="old@b.vn")
    row = ACCOUNT | {"username": "old_user", "email": "evil@a.vn"}
    response = import_accounts(client_for(unit_admin), province, [row], relink="on")
    [(number, column, _message)] = errors(response)
    assert (number, column) == (2, "Tên đăng nhập")
    orphan.refresh_from_db()
    assert orphan.email == "old@b.vn"
    assert not orphan.assignments.exists()
    assert not mail.outbox


def test_a_failing_mail_server_keeps_the_sheet_of_links(
    client_for, unit_admin, province, commune, monkeypatch
):
    import smtplib

    from django.core.mail import EmailMessage

    def down(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("no answer")

    monkeypatch.setattr(EmailMessage, "send", down)
    client = client_for(unit_admin)
    second = ACCOUNT | {"username": "canbo_hai", "email": "hai@example.vn"}
    response = import_accounts(client, province, [ACCOUNT, second])
    assert response.url == reverse("centres:onboarding_links", args=[province.pk])
    page = client.get(response.url).content.decode()
    assert "canbo_ankhe" in page
    assert "canbo_hai" in page
    assert "Không gửi được 2 thư" in page  # the first failure stops the sending


def test_the_links_page_drops_an_account_made_privileged_since(
    client_for, unit_admin, province, commune
):
    client = client_for(unit_admin)
    import_accounts(client, province, [ACCOUNT])
    User.objects.filter(username="canbo_ankhe").update(is_staff=True)
    url = reverse("centres:onboarding_links", args=[province.pk])
    response = client.get(url)
    assert "canbo_ankhe" not in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_full_width_login_is_read_as_the_login_it_types(
    client_for, unit_admin, province, commune
):
    wide = "".join(chr(ord(c) + 0xFEE0) for c in "nguoi_moi")  # full-width letters
    import_accounts(client_for(unit_admin), province, [ACCOUNT | {"username": wide}])
    assert User.objects.filter(username="nguoi_moi").exists()


def test_a_login_with_accents_is_refused_at_its_cell(client_for, unit_admin, province, commune):
    response = import_accounts(client_for(unit_admin), province, [ACCOUNT | {"username": "Đức"}])
    [(number, column, message)] = errors(response)
    assert (number, column) == (2, "Tên đăng nhập")
    assert "không dấu" in message


def test_an_empty_email_cell_keeps_the_recorded_email(client_for, unit_admin, province, commune):
    account = UserFactory(username="canbo_ankhe", email="giu@example.vn")
    assign(account, commune, Role.CENTRE_STAFF)
    import_accounts(client_for(unit_admin), province, [ACCOUNT | {"email": ""}])
    account.refresh_from_db()
    assert account.email == "giu@example.vn"


def test_an_account_page_shows_no_role_history_of_other_provinces(
    client_for, unit_admin, province, commune, other_province
):
    from centres.selectors import account_history

    account = UserFactory(username="di_chuyen")
    elsewhere = assign(account, other_province, Role.UNIT_ADMIN)
    elsewhere.delete()
    assign(account, commune, Role.VIEWER)
    subjects = [e.subject for e in account_history(account, unit_admin)]
    assert any(commune.name in s for s in subjects)
    assert not any(other_province.name in s for s in subjects)


def test_the_unit_log_leaves_out_accounts_that_hold_roles_elsewhere(
    unit_admin, province, commune, other_province
):
    from core import history

    shared = UserFactory(username="hai_tinh", email="a@b.vn")
    assign(shared, commune, Role.VIEWER)
    assign(shared, other_province, Role.VIEWER)
    shared.email = "secret@b.vn"
    shared.save()
    entries = history.unit_log(province.path)
    assert not any(e.subject == "Tài khoản hai_tinh" for e in entries)  # its e-mail change
    assert any(e.subject.startswith("Vai trò của hai_tinh") for e in entries)  # its role here


def test_deploy_checks_warn_of_console_mail_and_a_local_site_address(settings):
    from centres.checks import links_reach_people

    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.SITE_URL = "http://localhost:8000"
    assert [w.id for w in links_reach_people(None)] == ["centres.W001", "centres.W002"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.SITE_URL = "https://tthtcd.example.gov.vn"
    assert links_reach_people(None) == []
