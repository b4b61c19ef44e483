"""What decides a grade or an access keeps a readable history in Vietnamese (issue 16)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from centres.models import Assignment, Role
from core import history
from ratings import services
from ratings.models import Indicator, Rating
from ratings.selectors import rating_history

from .factories import UserFactory, assign

YEAR = datetime.date.today().year
ENGLISH = re.compile(r"\b(created|changed|deleted|Changed|Created|Deleted|as of|None|True|False)\b")


@pytest.fixture(autouse=True)
def in_vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def rating(district_reviewer, district, centre):
    services.open_round(
        user=district_reviewer, unit=district, year=YEAR,
        deadline=datetime.date.today() + datetime.timedelta(days=10),
    )  # fmt: skip
    return Rating.objects.get(centre=centre, year=YEAR)


def _first_indicator(rating) -> Indicator:
    return Indicator.objects.filter(criterion__rubric=rating.rubric).order_by(
        "criterion__order", "order"
    )[0]


def _score_twice(rating, user) -> Indicator:
    indicator = _first_indicator(rating)
    for points in (Decimal(3), Decimal(1)):
        rating.refresh_from_db()
        services.save_self_assessment(
            user=user, rating=rating, points={indicator.pk: (points, "")}, version=rating.version
        )
    return indicator


def test_a_score_changed_twice_keeps_both_values_and_who_changed_them(rating, commune_staff):
    indicator = _score_twice(rating, commune_staff)
    entries = [e for e in rating_history(rating) if "chỉ tiêu" in e.subject]
    assert [e.kind for e in entries] == ["~", "+"]
    assert entries[0].subject.startswith(f"Điểm chỉ tiêu {indicator.code}")
    change = next(c for c in entries[0].changes if c.label == "điểm tự đánh giá")
    assert (change.before, change.after) == ("3", "1")
    assert entries[0].who == "Cán bộ xã"


def test_the_rating_page_shows_the_points_going_from_3_to_1(rating, commune_staff, client_for):
    indicator = _score_twice(rating, commune_staff)
    page = client_for(commune_staff).get(reverse("ratings:detail", args=[rating.pk]))
    text = page.content.decode()
    assert f"Điểm chỉ tiêu {indicator.code}" in text
    assert "Điểm tự đánh giá: 3 → 1" in text


def test_a_guarded_rating_update_is_history_too(rating, commune_staff):
    _score_twice(rating, commune_staff)
    changes = [
        (c.label, c.before, c.after)
        for e in rating_history(rating)
        if e.subject.startswith("Xếp loại")
        for c in e.changes
    ]
    assert ("tình trạng", "chưa bắt đầu", "đang soạn") in changes
    assert ("tổng điểm tự đánh giá", "3", "1") in changes


def test_an_assignment_added_and_removed_is_in_the_account_history(
    unit_admin, commune, neighbour_commune, client_for
):
    account = UserFactory(username="canbo_moi", email="moi@example.vn")
    role = assign(account, commune, Role.CENTRE_STAFF)
    kept = assign(account, neighbour_commune, Role.CENTRE_STAFF)
    url = reverse("centres:user_update", args=[account.pk])
    client = client_for(unit_admin)
    form = {
        "first_name": account.first_name, "last_name": "", "email": account.email,
        "is_active": "on", "roles-TOTAL_FORMS": "2", "roles-INITIAL_FORMS": "2",
        "roles-MIN_NUM_FORMS": "0", "roles-MAX_NUM_FORMS": "1000",
        "roles-0-id": role.pk, "roles-0-unit": commune.pk, "roles-0-role": Role.CENTRE_STAFF,
        "roles-0-DELETE": "on",
        "roles-1-id": kept.pk, "roles-1-unit": neighbour_commune.pk,
        "roles-1-role": Role.CENTRE_STAFF,
    }  # fmt: skip
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(Assignment.objects.filter(user=account)) == [kept]
    entries = history.object_history((Assignment, Assignment.history.filter(id=role.pk)))
    assert [e.kind for e in entries] == ["-", "+"]
    assert entries[0].who == "Quản trị tỉnh"
    text = client.get(url).content.decode()
    assert f"Đã xóa: Vai trò của canbo_moi: cán bộ trung tâm, {commune.name}" in text
    assert "Đã xóa" in text


def test_a_login_writes_no_account_history(client, commune_staff):
    commune_staff.set_password("mật-khẩu-dài-2026")
    commune_staff.save()
    before = commune_staff.history.count()
    response = client.post(
        reverse("login"), {"username": "canbo_xa", "password": "mật-khẩu-dài-2026"}
    )
    assert response.status_code == 302
    commune_staff.refresh_from_db()
    assert commune_staff.last_login is not None
    assert commune_staff.history.count() == before


def test_a_rubric_version_made_is_in_the_province_log(rating, unit_admin, province):
    entries = history.unit_log(province.path)
    made = [e for e in entries if e.subject.startswith("Bộ tiêu chí") and e.kind == "+"]
    assert len(made) == 2  # the default versions before and from 2026
    assert any(e.subject.startswith("Chỉ tiêu 1.1") for e in entries)


def test_the_unit_log_is_the_province_admins_and_pages_by_time(
    rating, commune_staff, unit_admin, district_reviewer, client_for, province
):
    _score_twice(rating, commune_staff)
    url = reverse("centres:unit_history", args=[province.pk])
    assert client_for(district_reviewer).get(url).status_code == 404
    page = client_for(unit_admin).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Điểm tự đánh giá: 3 → 1" in text
    assert "Nhật ký thay đổi" in text


def test_the_unit_log_takes_the_same_queries_for_few_and_many_changes(
    rating, commune_staff, unit_admin, client_for, province, django_assert_num_queries
):
    url = reverse("centres:unit_history", args=[province.pk])
    client = client_for(unit_admin)
    _score_twice(rating, commune_staff)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for indicator in Indicator.objects.filter(criterion__rubric=rating.rubric)[:10]:
        rating.refresh_from_db()
        services.save_self_assessment(
            user=commune_staff, rating=rating, points={indicator.pk: (Decimal(1), "x")},
            version=rating.version,
        )  # fmt: skip
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


@pytest.mark.parametrize("page", ["centre", "rating", "account", "log"])
def test_no_history_view_shows_english_words_or_utc_times(
    page, rating, commune_staff, unit_admin, client_for, centre, province
):
    _score_twice(rating, commune_staff)
    centre.name = "Trung tâm HTCĐ xã An Bài mới"
    centre.save()
    url = {
        "centre": reverse("centres:detail", args=[centre.pk]),
        "rating": reverse("ratings:detail", args=[rating.pk]),
        "account": reverse("centres:user_update", args=[commune_staff.pk]),
        "log": reverse("centres:unit_history", args=[province.pk]),
    }[page]
    text = client_for(unit_admin).get(url).content.decode()
    section = text[text.index('id="history"') if 'id="history"' in text else 0 :]
    assert "→" in section or "Đã tạo" in section
    assert "+00:00" not in section
    assert not ENGLISH.search(section), ENGLISH.search(section)


def test_the_unit_log_pages_through_many_changes_of_one_moment_without_losing_any(
    unit_admin, client_for, province, centre
):
    from centres.models import Centre

    for number in range(60):
        centre.seats = number + 1
        centre.save()
    moment = Centre.history.order_by("-history_id").first().history_date
    Centre.history.all().update(history_date=moment)  # one bulk write: one moment
    client = client_for(unit_admin)
    url = reverse("centres:unit_history", args=[province.pk])
    first = client.get(url)
    shown = list(first.context["history"])
    older = first.context["older"]
    assert len(shown) == 50
    assert older
    second = client.get(url, {"before": older})
    rest = list(second.context["history"])
    keys = [(e.source, e.row_id) for e in shown + rest]
    assert len(keys) == len(set(keys))  # none twice
    assert sum(1 for source, _id in keys if source == "centres.centre") == Centre.history.count()


def test_a_person_in_a_changed_field_is_shown_by_full_name(rating, commune_staff):
    from django.core.files.base import ContentFile

    from ratings.models import Evidence

    commune_staff.first_name, commune_staff.last_name = "Nguyễn Thị", "Hoa"
    commune_staff.save()
    Evidence.objects.create(
        rating=rating, indicator=_first_indicator(rating), original_name="bien-ban.pdf",
        file=ContentFile(b"%PDF-1.4 x", name="bien-ban.pdf"), size=10, uploaded_by=commune_staff,
    )  # fmt: skip
    shown = [change.after for entry in rating_history(rating) for change in entry.changes]
    assert "Nguyễn Thị Hoa" in shown
    assert "canbo_xa" not in shown


def test_a_ratings_history_is_read_once_and_a_new_change_shows_at_once(rating, commune_staff):
    indicator = _first_indicator(rating)
    services.save_self_assessment(
        user=commune_staff, rating=rating, points={indicator.pk: (Decimal(3), "")},
        version=rating.version,
    )  # fmt: skip
    with CaptureQueriesContext(connection) as first:
        built = rating_history(rating)
    with CaptureQueriesContext(connection) as again:
        assert rating_history(rating) == built
    assert len(again) == 1 < len(first)  # the newest row of each history, then the cache
    rating.refresh_from_db()
    services.save_self_assessment(
        user=commune_staff, rating=rating, points={indicator.pk: (Decimal(1), "")},
        version=rating.version,
    )  # fmt: skip
    changes = [(c.before, c.after) for e in rating_history(rating) for c in e.changes]
    assert ("3", "1") in changes


def test_a_cached_history_follows_the_language_it_is_read_in(rating, commune_staff):
    _score_twice(rating, commune_staff)
    vietnamese = rating_history(rating)[0].action
    with translation.override("en"):
        english = rating_history(rating)[0].action
    assert (vietnamese, english) == ("đã sửa", "changed")
