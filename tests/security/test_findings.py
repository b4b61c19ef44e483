"""The independent probe's findings, each pinned: bulk approval per rating, peer takeover,
lockout behind a proxy, roles shown across provinces, year choices, out-of-scope filters,
evidence polyglots, the superuser's report settings."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from centres.models import Role
from ratings import services
from ratings.models import Rating

from ..factories import UserFactory, assign, pdf_bytes, png_bytes
from ..ratings.conftest import reviewed, submitted

YEAR = datetime.date.today().year
PASSWORD = "mật-khẩu-thử-123"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def province_round(province, centre, far_centre):
    opener = UserFactory(username="so_mo_dot")
    assign(opener, province, Role.REVIEWER)
    return services.open_round(
        user=opener, unit=province, year=YEAR, deadline=datetime.date.today()
    )


@pytest.fixture
def viewer_and_district_reviewer(province, district):
    user = UserFactory(username="xem_tinh_duyet_huyen")
    assign(user, province, Role.VIEWER)
    assign(user, district, Role.REVIEWER)
    return user


def test_bulk_approval_checks_each_rating_like_the_single_approval(
    client_for, province_round, centre, far_centre, viewer_and_district_reviewer
):
    staff = UserFactory()
    assign(staff, province_round.unit, Role.CENTRE_STAFF)
    reviewer = UserFactory()
    assign(reviewer, province_round.unit, Role.REVIEWER)
    own, other = (Rating.objects.get(round=province_round, centre=c) for c in (centre, far_centre))
    for rating in (own, other):
        reviewed(submitted(rating, staff), reviewer, Decimal("0.9"))
    client = client_for(viewer_and_district_reviewer)
    single = client.post(reverse("ratings:approve", args=[other.pk]), {"version": 0})
    assert single.status_code == 403
    client.post(province_round.get_absolute_url(), {"ratings": [own.pk, other.pk], "confirm": "1"})
    assert Rating.objects.get(pk=own.pk).status == Rating.Status.APPROVED
    assert Rating.objects.get(pk=other.pk).status == Rating.Status.SUBMITTED


@pytest.fixture
def staff_peer(province):
    """A unit admin of the province with admin-site access."""
    peer = UserFactory(username="quan_tri_2", email="peer@so.gov.vn", is_staff=True)
    assign(peer, province, Role.UNIT_ADMIN)
    return peer


def test_a_unit_admin_cannot_edit_a_peer_with_admin_site_access(client_for, unit_admin, staff_peer):
    client = client_for(unit_admin)
    url = reverse("centres:user_update", args=[staff_peer.pk])
    assert client.get(url).status_code == 403
    client.post(url, {"first_name": "x", "email": "attacker@example.com", "is_active": "on"})
    staff_peer.refresh_from_db()
    assert staff_peer.email == "peer@so.gov.vn"


def test_a_unit_admin_cannot_edit_a_peer_admin_of_the_same_unit(client_for, unit_admin, province):
    peer = UserFactory(username="quan_tri_3", email="peer3@so.gov.vn")
    assign(peer, province, Role.UNIT_ADMIN)
    assert (
        client_for(unit_admin).get(reverse("centres:user_update", args=[peer.pk])).status_code
        == 403
    )


def test_the_email_of_a_lower_unit_admin_is_not_changed_by_the_province_admin(
    client_for, unit_admin, district
):
    lower = UserFactory(username="quan_tri_huyen", email="huyen@pgd.gov.vn")
    assign(lower, district, Role.UNIT_ADMIN)
    client = client_for(unit_admin)
    url = reverse("centres:user_update", args=[lower.pk])
    assert client.get(url).status_code == 200
    client.post(url, {
        "first_name": "Quản trị huyện", "email": "attacker@example.com", "is_active": "on",
        "roles-TOTAL_FORMS": 0, "roles-INITIAL_FORMS": 0,
    })  # fmt: skip
    lower.refresh_from_db()
    assert lower.email == "huyen@pgd.gov.vn"
    client.post(reverse("password_reset"), {"email": "attacker@example.com"})
    assert mail.outbox == []


def test_a_unit_admin_still_edits_the_centre_staff_under_them(
    client_for, unit_admin, commune_staff
):
    client = client_for(unit_admin)
    url = reverse("centres:user_update", args=[commune_staff.pk])
    client.post(url, {
        "first_name": "Cán bộ mới", "email": "canbo@xa.gov.vn", "is_active": "on",
        "roles-TOTAL_FORMS": 0, "roles-INITIAL_FORMS": 0,
    })  # fmt: skip
    commune_staff.refresh_from_db()
    assert commune_staff.email == "canbo@xa.gov.vn"


def test_the_user_list_shows_only_the_roles_inside_the_viewers_scope(
    client_for, unit_admin, commune, other_province
):
    both = UserFactory(username="hai_tinh")
    assign(both, commune, Role.CENTRE_STAFF)
    assign(both, other_province, Role.VIEWER)
    page = client_for(unit_admin).get(reverse("centres:users")).content.decode()
    assert "Xã An Khê" in page
    assert "Tỉnh Hà Nam" not in page


def test_the_user_list_links_only_to_accounts_the_admin_may_edit(
    client_for, unit_admin, commune_staff
):
    page = client_for(unit_admin).get(reverse("centres:users")).content.decode()
    assert reverse("centres:user_update", args=[commune_staff.pk]) in page
    assert reverse("centres:user_update", args=[unit_admin.pk]) not in page


def _log_in(client, address, forwarded):
    """The right password for "canbo", from `address`, with an X-Forwarded-For header."""
    return client.post(
        reverse("login"), {"username": "canbo", "password": PASSWORD},
        REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=forwarded,
    )  # fmt: skip


def _fail(client, username, address=None, forwarded=None):
    extra = {}
    if address:
        extra["REMOTE_ADDR"] = address
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": "sai"}, **extra)


def test_behind_a_proxy_one_clients_failures_do_not_lock_out_another(client, settings):
    settings.TRUSTED_PROXIES = 1
    UserFactory(username="canbo")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, "canbo", "127.0.0.1", "203.0.113.7")
    locked = _log_in(client, "127.0.0.1", "203.0.113.7")
    assert locked.status_code == 429
    other = _log_in(client, "127.0.0.1", "198.51.100.20")
    assert other.status_code == 302


def test_behind_a_proxy_a_spoofed_left_part_of_the_header_is_ignored(client, settings):
    settings.TRUSTED_PROXIES = 1
    UserFactory(username="canbo")
    for number in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, "canbo", "127.0.0.1", f"10.0.0.{number}, 203.0.113.7")
    locked = _log_in(client, "127.0.0.1", "203.0.113.7")
    assert locked.status_code == 429


def test_without_a_proxy_the_forwarded_header_cannot_dodge_the_lockout(client, settings):
    settings.TRUSTED_PROXIES = 0
    UserFactory(username="canbo")
    for number in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, "canbo", "203.0.113.7", f"198.51.100.{number}")
    locked = _log_in(client, "203.0.113.7", "192.0.2.1")
    assert locked.status_code == 429


def _zip(entries: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _docx() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def _upload(client, district, district_reviewer, centre, name, content):
    """A file posted as evidence of the centre's rating in a new round."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ratings.models import Indicator

    rating_round = services.open_round(
        user=district_reviewer, unit=district, year=YEAR, deadline=datetime.date.today()
    )
    rating = Rating.objects.get(round=rating_round, centre=centre)
    indicator = Indicator.objects.filter(criterion__rubric=rating.rubric).first()
    return client.post(
        reverse("ratings:evidence_upload", args=[rating.pk]),
        {"indicator": indicator.pk, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("polyglot.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF"),
        ("polyglot.pdf", pdf_bytes() + _docx()),
        ("nua-pdf.pdf", pdf_bytes()[:200]),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"<html><script>alert(1)</script>"),
        ("anh.png", png_bytes() + _docx()),
        ("anh.jpg", png_bytes()),
        ("van-ban.docx", b"PK\x03\x04" + b"0" * 100),
        ("van-ban.docx", _zip({"index.html": b"<script>alert(1)</script>"})),
        ("bang.xlsx", _docx()),
        ("van-ban.odt", _zip({"mimetype": b"text/html"})),
        ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 600),
        (
            "hanh-dong.pdf",
            pdf_bytes().replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction 3 0 R"),
        ),
        (
            "macro.docx",
            _zip(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "word/document.xml": b"<w/>",
                    "word/vbaProject.bin": b"\0" * 10,
                }
            ),
        ),
        (
            "mau-ngoai.docx",
            _zip(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "word/document.xml": b"<w/>",
                    "word/_rels/settings.xml.rels": b'<Relationship Target="http://x/t.dotm" TargetMode="External"/>',
                }
            ),
        ),
    ],
)
def test_evidence_that_does_not_parse_as_its_type_is_refused(
    client_for, commune_staff, centre, district, district_reviewer, name, content
):
    from ratings.models import Evidence

    client = client_for(commune_staff)
    response = _upload(client, district, district_reviewer, centre, name, content)
    assert "không đúng với loại tệp" in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bien-ban.pdf", pdf_bytes()),
        ("anh.png", png_bytes()),
        ("van-ban.docx", _docx()),
        ("bang.ods", _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})),
    ],
)
def test_real_documents_of_each_type_are_accepted(
    client_for, commune_staff, centre, district, district_reviewer, name, content
):
    from ratings.models import Evidence

    client = client_for(commune_staff)
    _upload(client, district, district_reviewer, centre, name, content)
    assert Evidence.objects.filter(original_name=name).exists()


def test_a_one_centre_user_asking_for_a_unit_outside_the_scope_gets_404(
    client_for, commune_staff, other_district, commune, centre
):
    client = client_for(commune_staff)
    assert client.get(reverse("activities:list"), {"unit": other_district.pk}).status_code == 404
    assert client.get(reverse("activities:list"), {"unit": commune.pk}).status_code == 200


def test_the_year_choices_come_from_the_users_own_scope(
    client_for, commune_staff, centre, foreign_centre
):
    from ..factories import ActivityFactory

    ActivityFactory(centre=foreign_centre, start_date=datetime.date(2005, 3, 1),
                    end_date=datetime.date(2005, 3, 1))  # fmt: skip
    ActivityFactory(centre=centre, start_date=datetime.date(YEAR - 1, 3, 1),
                    end_date=datetime.date(YEAR - 1, 3, 1))  # fmt: skip
    form = client_for(commune_staff).get(reverse("activities:list")).context["filters"]
    assert [year for year, _label in form.fields["year"].choices] == [YEAR, YEAR - 1]


def test_the_superuser_chooses_the_unit_of_the_report_settings(client_for, province, district):
    from reports.models import UnitSettings

    client = client_for(UserFactory(username="sieu", is_superuser=True, is_staff=True))
    url = reverse("reports:settings")
    chooser = client.get(url)
    assert chooser.status_code == 200
    assert "Tỉnh Thái Bình" in chooser.content.decode()
    assert client.get(url, {"unit": province.pk}).status_code == 200
    saved = client.post(
        f"{url}?unit={district.pk}",
        {
            "issuing_body": "PHÒNG GD&ĐT QUỲNH PHỤ",
            "place": "Quỳnh Phụ",
            "number_suffix": "BC-PGDĐT",
            "signer_title": "TRƯỞNG PHÒNG",
            "share_decimals": "1",
            "rounding": "remainder",
        },
    )
    assert saved.status_code == 302, saved.context["form"].errors
    assert UnitSettings.objects.get(unit=district).issuing_body == "PHÒNG GD&ĐT QUỲNH PHỤ"


def test_report_settings_of_a_unit_outside_the_scope_are_404(
    client_for, unit_admin, other_province
):
    response = client_for(unit_admin).get(reverse("reports:settings"), {"unit": other_province.pk})
    assert response.status_code == 404


def test_a_province_admin_cannot_demote_a_lower_unit_admin_to_open_their_email(
    client_for, unit_admin, district
):
    from centres.models import Assignment

    lower = UserFactory(username="quan_tri_huyen_2", email="huyen2@pgd.gov.vn")
    assign(lower, district, Role.UNIT_ADMIN)
    role = Assignment.objects.get(user=lower)
    url = reverse("centres:user_update", args=[lower.pk])
    page = client_for(unit_admin).post(url, {
        "first_name": "x", "is_active": "on",
        "roles-TOTAL_FORMS": 1, "roles-INITIAL_FORMS": 1,
        "roles-0-id": role.pk, "roles-0-user": lower.pk, "roles-0-unit": district.pk,
        "roles-0-role": "centre_staff",
    })  # fmt: skip
    assert page.status_code == 200
    assert Assignment.objects.get(pk=role.pk).role == Role.UNIT_ADMIN


def test_a_unit_admin_cannot_make_a_peer_admin_of_their_own_unit(client_for, unit_admin, province):
    page = client_for(unit_admin).post(reverse("centres:user_create"), {
        "username": "ban_sao", "first_name": "Bản sao", "password1": "Mật-khẩu-rất-dài-123",
        "password2": "Mật-khẩu-rất-dài-123", "unit": province.pk, "role": "unit_admin",
    })  # fmt: skip
    assert page.status_code == 200
    assert "role" in page.context["form"].errors
    assert not get_user_model().objects.filter(username="ban_sao").exists()
