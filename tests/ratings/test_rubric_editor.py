"""The rubric editor of a province's unit admins: versions, a new version from one, edits,
the frozen version, the preview's grades, access and query counts."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ratings import rubric_services as services
from ratings.default_rubric import create_default_rubric
from ratings.grading import compute_grade
from ratings.models import Criterion, Indicator, Rating, Rubric
from ratings.rubric_forms import SharePercentField

from ..factories import UserFactory, assign

pytestmark = pytest.mark.django_db


@pytest.fixture
def rubric(province):
    return create_default_rubric(province)


@pytest.fixture
def foreign_rubric(other_province):
    return create_default_rubric(other_province)


def used(rubric, rating) -> Rubric:
    """The rubric as the rubric of a rating that has left "not started"."""
    Rating.objects.filter(pk=rating.pk).update(rubric=rubric, status=Rating.Status.DRAFT)
    return rubric


def parts(rubric) -> list[tuple]:
    return [
        (c.order, c.name, i.order, i.text, i.max_points, i.guidance, i.evidence_required, i.measure)
        for c in rubric.criteria.all()
        for i in c.indicators.all()
    ]


def by_code(rubric) -> dict[str, Indicator]:
    return {
        f"{i.criterion.order}.{i.order}": i
        for i in Indicator.objects.filter(criterion__rubric=rubric).select_related("criterion")
    }


# A new version from an existing one


def test_a_new_version_copies_every_criterion_and_indicator_as_the_next_version(rubric, unit_admin):
    Indicator.objects.filter(pk=by_code(rubric)["1.1"].pk).update(guidance="Xem quyết định")
    copy = services.new_version(user=unit_admin, rubric=rubric)
    assert copy.pk != rubric.pk
    assert copy.version == rubric.version + 1
    assert (copy.name, copy.first_year, copy.good_total, copy.good_min_share) == (
        rubric.name, rubric.first_year, rubric.good_total, rubric.good_min_share,
    )  # fmt: skip
    assert parts(copy) == parts(rubric)
    assert not set(copy.criteria.values_list("pk", flat=True)) & set(
        rubric.criteria.values_list("pk", flat=True)
    )


def test_a_new_version_leaves_the_original_unchanged(rubric, unit_admin):
    before = parts(rubric)
    copy = services.new_version(user=unit_admin, rubric=rubric)
    services.update_criterion(
        user=unit_admin, criterion=copy.criteria.first(), name="Bộ máy",
        indicators=[services.Part(None, {"text": "Chỉ một chỉ tiêu", "max_points": Decimal(20)})],
        removed=list(copy.criteria.first().indicators.values_list("pk", flat=True)),
    )  # fmt: skip
    rubric.refresh_from_db()
    assert parts(rubric) == before
    assert rubric.version == 1


def test_a_new_version_is_written_with_history_by_the_user(rubric, unit_admin):
    copy = services.new_version(user=unit_admin, rubric=rubric)
    assert copy.history.get().history_user == unit_admin
    criteria = Criterion.history.filter(rubric_id=copy.pk)
    assert criteria.count() == 4
    assert {row.history_user for row in criteria} == {unit_admin}
    indicators = Indicator.history.filter(criterion_id__in=copy.criteria.values("pk"))
    assert indicators.count() == Indicator.objects.filter(criterion__rubric=rubric).count()
    assert {row.history_user for row in indicators} == {unit_admin}


def test_a_new_version_follows_the_provinces_latest_version(rubric, unit_admin):
    second = services.new_version(user=unit_admin, rubric=rubric)
    third = services.new_version(user=unit_admin, rubric=rubric)
    assert (second.version, third.version) == (2, 3)


def test_a_used_version_can_still_be_copied(rubric, rating, unit_admin):
    copy = services.new_version(user=unit_admin, rubric=used(rubric, rating))
    assert parts(copy) == parts(rubric)


# Editing


def test_editing_renames_reorders_adds_and_removes_criteria(rubric, unit_admin):
    first, second, third, fourth = rubric.criteria.all()
    services.update_rubric(
        user=unit_admin, rubric=rubric, values={"name": "Bộ tiêu chí 2027", "first_year": 2027},
        criteria=[
            services.Part(third.pk, {"name": "Huy động xã hội"}),
            services.Part(first.pk, {"name": first.name}),
            services.Part(None, {"name": "Chuyển đổi số"}),
            services.Part(second.pk, {"name": second.name}),
        ],
        removed=[fourth.pk],
    )  # fmt: skip
    rubric.refresh_from_db()
    assert (rubric.name, rubric.first_year) == ("Bộ tiêu chí 2027", 2027)
    assert list(rubric.criteria.values_list("order", "name")) == [
        (1, "Huy động xã hội"), (2, first.name), (3, "Chuyển đổi số"), (4, second.name),
    ]  # fmt: skip
    assert not Indicator.objects.filter(criterion_id=fourth.pk).exists()
    assert by_code(rubric)["1.1"].text.startswith("Phối hợp")  # indicators moved with it


def test_editing_indicators_changes_points_guidance_evidence_and_measure(rubric, unit_admin):
    criterion = rubric.criteria.first()
    one, two, three, four = criterion.indicators.all()
    services.update_criterion(
        user=unit_admin, criterion=criterion, name=criterion.name,
        indicators=[
            services.Part(two.pk, {"text": two.text, "max_points": Decimal("7.5"),
                                   "guidance": "Đếm thành viên", "evidence_required": False,
                                   "measure": ""}),
            services.Part(one.pk, {"text": "Có quyết định thành lập", "max_points": one.max_points,
                                   "guidance": "", "evidence_required": True,
                                   "measure": "board_complete"}),
            services.Part(None, {"text": "Có trang thông tin", "max_points": Decimal("2.5"),
                                 "guidance": "", "evidence_required": False, "measure": ""}),
        ],
        removed=[three.pk, four.pk],
    )  # fmt: skip
    rows = list(
        criterion.indicators.values_list(
            "order", "text", "max_points", "guidance", "evidence_required", "measure"
        )
    )
    assert rows == [
        (1, two.text, Decimal("7.5"), "Đếm thành viên", False, ""),
        (2, "Có quyết định thành lập", one.max_points, "", True, "board_complete"),
        (3, "Có trang thông tin", Decimal("2.5"), "", False, ""),
    ]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"good_total": Decimal(70)}, "good_total"),
        ({"fair_total": Decimal(40)}, "fair_total"),
        ({"last_year": 2000}, "last_year"),
    ],
)
def test_thresholds_out_of_order_and_years_backwards_are_refused_in_words(
    rubric, unit_admin, values, field
):
    with pytest.raises(ValidationError) as refused:
        services.update_rubric(user=unit_admin, rubric=rubric, values=values)
    assert field in refused.value.message_dict
    assert "Constraint" not in str(refused.value)


def page_data(rubric, **changes) -> dict:
    criteria = list(rubric.criteria.all())
    data = {
        "name": rubric.name, "first_year": "2026", "last_year": "",
        "good_total": "85", "good_min_share": "50", "fair_total": "70", "fair_min_share": "0",
        "average_total": "50", "average_min_share": "0",
        "criteria-TOTAL_FORMS": str(len(criteria) + 1),
        "criteria-INITIAL_FORMS": str(len(criteria)),
        "criteria-MIN_NUM_FORMS": "0", "criteria-MAX_NUM_FORMS": "30",
    }  # fmt: skip
    for n, c in enumerate(criteria):
        data |= {f"criteria-{n}-id": c.pk, f"criteria-{n}-name": c.name,
                 f"criteria-{n}-ORDER": c.order}  # fmt: skip
    return data | changes


def test_the_edit_page_saves_numbers_typed_the_vietnamese_way(client_for, unit_admin, rubric):
    client = client_for(unit_admin)
    data = page_data(rubric, good_total="87,5", good_min_share="60%", fair_min_share="25")
    response = client.post(reverse("ratings:rubric", args=[rubric.pk]), data)
    assert response.status_code == 302
    rubric.refresh_from_db()
    assert (rubric.good_total, rubric.good_min_share, rubric.fair_min_share) == (
        Decimal("87.5"), Decimal("0.60"), Decimal("0.25"),
    )  # fmt: skip
    page = client.get(reverse("ratings:rubric", args=[rubric.pk])).content.decode()
    assert 'value="87,5"' in page
    assert 'value="60"' in page


def test_the_edit_page_reorders_and_adds_criteria(client_for, unit_admin, rubric):
    first = rubric.criteria.first()
    data = page_data(rubric, **{"criteria-0-ORDER": "9", "criteria-4-name": "Chuyển đổi số",
                                "criteria-4-ORDER": "5"})  # fmt: skip
    response = client_for(unit_admin).post(reverse("ratings:rubric", args=[rubric.pk]), data)
    assert response.status_code == 302
    names = list(rubric.criteria.values_list("name", flat=True))
    assert names[-2:] == ["Chuyển đổi số", first.name]


def test_the_edit_page_shows_the_refusal_on_its_field(client_for, unit_admin, rubric):
    data = page_data(rubric, good_total="60")
    response = client_for(unit_admin).post(reverse("ratings:rubric", args=[rubric.pk]), data)
    assert response.status_code == 200
    assert "Tổng điểm cho loại “tốt” phải cao hơn" in response.content.decode()


def test_the_indicator_page_accepts_points_with_a_comma(client_for, unit_admin, rubric):
    criterion = rubric.criteria.first()
    indicators = list(criterion.indicators.all())
    data = {"name": "Bộ máy quản lý", "indicators-TOTAL_FORMS": str(len(indicators)),
            "indicators-INITIAL_FORMS": str(len(indicators)), "indicators-MIN_NUM_FORMS": "1",
            "indicators-MAX_NUM_FORMS": "40"}  # fmt: skip
    for n, i in enumerate(indicators):
        data |= {f"indicators-{n}-id": i.pk, f"indicators-{n}-text": i.text,
                 f"indicators-{n}-max_points": "7,5", f"indicators-{n}-ORDER": i.order,
                 f"indicators-{n}-measure": i.measure}  # fmt: skip
    response = client_for(unit_admin).post(
        reverse("ratings:rubric_criterion", args=[criterion.pk]), data
    )
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.name == "Bộ máy quản lý"
    assert set(criterion.indicators.values_list("max_points", flat=True)) == {Decimal("7.5")}


@pytest.mark.parametrize(
    ("typed", "share"),
    [("50", Decimal("0.50")), ("50%", Decimal("0.50")), ("50,0", Decimal("0.50")),
     (" 0 ", Decimal("0.00")), ("100", Decimal("1.00"))],
)  # fmt: skip
def test_a_share_is_typed_as_a_percent(typed, share):
    assert SharePercentField().clean(typed) == share


@pytest.mark.parametrize("typed", ["50,5", "101", "-1", "nửa"])
def test_a_share_that_is_not_a_whole_percent_is_refused(typed):
    with pytest.raises(ValidationError):
        SharePercentField().clean(typed)


# A used version is frozen


def test_the_services_refuse_to_change_a_version_a_rating_uses(rubric, rating, unit_admin):
    used(rubric, rating)
    criterion = rubric.criteria.first()
    with pytest.raises(ValidationError) as refused:
        services.update_rubric(user=unit_admin, rubric=rubric, values={"name": "Khác"})
    assert "tạo phiên bản mới" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        services.update_rubric(user=unit_admin, rubric=rubric, values={}, removed=[criterion.pk])
    with pytest.raises(ValidationError):
        services.update_criterion(
            user=unit_admin, criterion=criterion, name="Khác", indicators=[], removed=[]
        )
    rubric.refresh_from_db()
    assert rubric.name != "Khác"
    assert rubric.criteria.count() == 4


def test_a_used_version_is_shown_read_only_with_the_new_version_button(
    client_for, unit_admin, rubric, rating
):
    used(rubric, rating)
    client = client_for(unit_admin)
    url = reverse("ratings:rubric", args=[rubric.pk])
    page = client.get(url).content.decode()
    assert 'id="frozen"' in page
    assert 'name="good_total"' not in page
    assert reverse("ratings:rubric_copy", args=[rubric.pk]) in page
    response = client.post(url, page_data(rubric, name="Khác"))
    assert response.status_code == 200
    assert "không thể sửa" in response.content.decode()
    rubric.refresh_from_db()
    assert rubric.name != "Khác"


def test_the_indicator_page_of_a_used_version_is_read_only(client_for, unit_admin, rubric, rating):
    used(rubric, rating)
    criterion = rubric.criteria.first()
    url = reverse("ratings:rubric_criterion", args=[criterion.pk])
    client = client_for(unit_admin)
    assert 'name="indicators-0-text"' not in client.get(url).content.decode()
    response = client.post(url, {"name": "Khác"})
    assert response.status_code == 200
    criterion.refresh_from_db()
    assert criterion.name != "Khác"


def test_the_new_version_button_makes_an_editable_copy(client_for, unit_admin, rubric, rating):
    used(rubric, rating)
    response = client_for(unit_admin).post(reverse("ratings:rubric_copy", args=[rubric.pk]))
    copy = Rubric.objects.get(province=rubric.province, version=2)
    assert response.url == reverse("ratings:rubric", args=[copy.pk])
    assert not copy.is_used


# Preview


FULL = {"1.1": 4, "1.2": 6, "1.3": 5, "1.4": 5, "2.1": 10, "2.2": 8, "2.3": 6, "2.4": 6,
        "3.1": 8, "3.2": 7, "3.3": 5, "4.1": 12, "4.2": 10, "4.3": 8}  # fmt: skip


def preview(client, rubric, **changes):
    indicators = by_code(rubric)
    points = {**FULL, **{code.replace("_", "."): value for code, value in changes.items()}}
    query = {f"points_{indicators[code].pk}": str(value).replace(".", ",")
             for code, value in points.items()}  # fmt: skip
    response = client.get(reverse("ratings:rubric_preview", args=[rubric.pk]), query)
    assert response.status_code == 200
    return response.context["result"], response.content.decode()


@pytest.mark.parametrize(
    ("changes", "total", "grade"),
    [
        ({"4_1": 0, "2_1": 7}, Decimal(85), "good"),  # exactly the threshold
        ({"4_1": 0, "2_1": "6.5"}, Decimal("84.5"), "fair"),
        ({"1_1": 0, "1_2": 0, "1_3": 4}, Decimal(89), "fair"),  # an area below half
        ({"4_1": 0, "4_2": 0, "4_3": 0, "2_1": 0, "3_2": 0, "2_3": 3}, Decimal(50), "average"),
        ({"4_1": 0, "4_2": 0, "4_3": 0, "2_1": 0, "3_2": 0, "2_3": "2.5"}, Decimal("49.5"),
         "weak"),
    ],
)  # fmt: skip
def test_the_preview_grades_sample_points_like_a_rating(
    client_for, unit_admin, rubric, changes, total, grade
):
    result, _page = preview(client_for(unit_admin), rubric, **changes)
    assert (result.total, result.grade) == (total, grade)
    points = {
        by_code(rubric)[code].pk: Decimal(str(value))
        for code, value in {**FULL, **{k.replace("_", "."): v for k, v in changes.items()}}.items()
    }
    assert compute_grade(rubric, points).grade == grade


def test_the_preview_says_why_an_area_below_half_holds_the_grade_back(
    client_for, unit_admin, rubric
):
    result, page = preview(client_for(unit_admin), rubric, **{"1_1": 0, "1_2": 0, "1_3": 4})
    assert result.grade_label == "khá"
    assert "Không đạt “tốt”" in page
    assert "Khá" in page


def test_the_preview_refuses_points_above_an_indicators_maximum(client_for, unit_admin, rubric):
    result, page = preview(client_for(unit_admin), rubric, **{"1_1": 5})
    assert result is None
    assert "Tối đa 4" in page


def test_the_preview_shows_the_versions_changed_thresholds(client_for, unit_admin, rubric):
    services.update_rubric(user=unit_admin, rubric=rubric, values={"good_total": Decimal(90)})
    result, _page = preview(client_for(unit_admin), rubric, **{"4_1": 0, "2_1": 7})
    assert result.grade == "fair"


# Access


def test_the_provinces_unit_admin_sees_its_versions(client_for, unit_admin, rubric, foreign_rubric):
    response = client_for(unit_admin).get(reverse("ratings:rubrics"))
    assert response.status_code == 200
    shown = [
        r
        for _province, kinds in response.context["sections"]
        for _kind, _label, rubrics in kinds
        for r in rubrics
    ]
    assert shown == [rubric]


@pytest.mark.parametrize("role", ["commune_staff", "district_reviewer", "province_viewer"])
def test_other_roles_cannot_open_the_rubric_editor(client_for, request, rubric, role):
    user = request.getfixturevalue(role)
    client = client_for(user)
    assert client.get(reverse("ratings:rubrics")).status_code == 403
    expected = 403 if role == "province_viewer" else 404  # the version lies above their unit
    assert client.get(reverse("ratings:rubric", args=[rubric.pk])).status_code == expected
    assert client.post(reverse("ratings:rubric_copy", args=[rubric.pk])).status_code == expected
    assert Rubric.objects.count() == 1


def test_a_district_unit_admin_cannot_edit_the_provinces_rubric(client_for, district, rubric):
    admin = UserFactory(username="quan_tri_huyen")
    assign(admin, district, "unit_admin")
    client = client_for(admin)
    assert client.get(reverse("ratings:rubrics")).status_code == 403
    assert client.get(reverse("ratings:rubric", args=[rubric.pk])).status_code == 404


@pytest.mark.parametrize(
    "name", ["ratings:rubric", "ratings:rubric_preview", "ratings:rubric_copy"]
)
def test_another_provinces_versions_do_not_exist_for_a_unit_admin(
    client_for, unit_admin, foreign_rubric, name
):
    client = client_for(unit_admin)
    url = reverse(name, args=[foreign_rubric.pk])
    assert client.get(url).status_code in {404, 405}
    assert client.post(url).status_code in {404, 405}
    criterion = foreign_rubric.criteria.first()
    assert client.get(reverse("ratings:rubric_criterion", args=[criterion.pk])).status_code == 404
    assert Rubric.objects.count() == 1


def test_a_province_without_a_rubric_starts_from_the_default(
    client_for, unit_admin, province, other_province
):
    client = client_for(unit_admin)
    page = client.get(reverse("ratings:rubrics")).content.decode()
    assert "Bắt đầu từ bộ tiêu chí mặc định" in page
    response = client.post(reverse("ratings:rubric_start", args=[province.pk]))
    rubric = Rubric.objects.get(province=province)
    assert response.url == reverse("ratings:rubric", args=[rubric.pk])
    assert client.post(reverse("ratings:rubric_start", args=[other_province.pk])).status_code == 404
    client.post(reverse("ratings:rubric_start", args=[province.pk]))
    assert Rubric.objects.count() == 1


def test_the_ratings_index_links_the_editor_for_the_provinces_unit_admin_only(
    client_for, unit_admin, province_viewer
):
    link = reverse("ratings:rubrics")
    assert link in client_for(unit_admin).get(reverse("ratings:index")).content.decode()
    assert link not in client_for(province_viewer).get(reverse("ratings:index")).content.decode()


# Query counts


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_version_list_runs_the_same_queries_for_one_version_and_many(
    client_for, unit_admin, rubric
):
    client = client_for(unit_admin)
    url = reverse("ratings:rubrics")
    client.get(url)
    one = count(client, url)
    for _n in range(5):
        services.new_version(user=unit_admin, rubric=rubric)
    assert count(client, url) == one


def test_the_edit_and_preview_pages_run_the_same_queries_for_few_and_many_indicators(
    client_for, unit_admin, rubric
):
    client = client_for(unit_admin)
    urls = [reverse("ratings:rubric", args=[rubric.pk]),
            reverse("ratings:rubric_preview", args=[rubric.pk])]  # fmt: skip
    for url in urls:
        client.get(url)
    few = [count(client, url) for url in urls]
    for criterion in rubric.criteria.all():
        Indicator.objects.bulk_create(
            Indicator(criterion=criterion, order=10 + n, text=f"Thêm {n}", max_points=1)
            for n in range(5)
        )
    assert [count(client, url) for url in urls] == few


def test_the_version_page_shows_its_history_in_vietnamese(client_for, unit_admin, rubric):
    from django.utils import translation

    with translation.override("vi"):
        new = services.new_version(user=unit_admin, rubric=rubric)
        page = client_for(unit_admin).get(reverse("ratings:rubric", args=[new.pk]))
    text = page.content.decode()
    section = text[text.index('id="history"') :]
    assert "Đã tạo: Bộ tiêu chí" in section
    assert "Quản trị tỉnh" in section
    assert "+00:00" not in section


def test_a_version_keeps_at_least_one_criterion_and_each_criterion_an_indicator(unit_admin, rubric):
    new = services.new_version(user=unit_admin, rubric=rubric)
    with pytest.raises(ValidationError, match=r"ít nhất một tiêu chí|at least one criterion"):
        services.update_rubric(user=unit_admin, rubric=new, values={}, criteria=[])
    criterion = new.criteria.first()
    with pytest.raises(ValidationError, match=r"ít nhất một chỉ tiêu|at least one indicator"):
        services.update_criterion(
            user=unit_admin, criterion=criterion, name=criterion.name, indicators=[]
        )
    assert new.criteria.count() == rubric.criteria.count()


def test_a_held_back_grade_gives_its_share_the_vietnamese_way(rubric):
    from django.utils import translation

    points = {i.pk: i.max_points for c in rubric.criteria.all() for i in c.indicators.all()}
    left = Decimal(9)  # 9 of the first area's 20 points: 45%, the total still 89
    for indicator in rubric.criteria.first().indicators.all():
        points[indicator.pk] = min(indicator.max_points, left)
        left -= points[indicator.pk]
    with translation.override("vi"):
        result = compute_grade(rubric, points)
    assert any("50%" in reason for reason in result.reasons), result.reasons
    assert not any("50.00" in reason for reason in result.reasons)


def test_the_history_gives_a_minimum_share_as_a_percent(unit_admin, rubric):
    from django.utils import translation

    new = services.new_version(user=unit_admin, rubric=rubric)
    services.update_rubric(user=unit_admin, rubric=new, values={"good_min_share": Decimal("0.6")})
    with translation.override("vi"):
        entries = services_history(new)
    changes = [(c.before, c.after) for e in entries for c in e.changes if "tỷ lệ" in c.label]
    assert ("50%", "60%") in changes


def services_history(rubric):
    from ratings.rubric_selectors import rubric_history

    return rubric_history(rubric)


def test_a_round_is_not_opened_on_a_rubric_with_an_empty_criterion(
    unit_admin, province, district_reviewer, district
):
    import datetime

    from ratings import services as rating_services
    from ratings.default_rubric import rubric_for

    year = datetime.date.today().year
    rubric = rubric_for(province, year)
    Criterion.objects.create(rubric=rubric, order=9, name="Trống")
    with pytest.raises(ValidationError, match=r"chỉ tiêu|indicators"):
        rating_services.open_round(
            user=unit_admin, unit=province, year=year,
            deadline=datetime.date(year, 12, 31),
        )  # fmt: skip
