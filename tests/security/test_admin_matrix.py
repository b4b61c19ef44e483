"""The Django admin under the Scope: every registered model, as a staff unit admin of another
province holding every model permission, and as a province's own unit admin."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from centres.admin_scope import ScopedMixin, SuperuserOnly
from ratings import services as rating_services
from ratings.default_rubric import create_default_rubric
from ratings.models import Criterion, Indicator, Rating, Rubric

from ..factories import ActivityFactory, BoardMemberFactory, StaffFactory, UserFactory, assign

OUR_APPS = {"centres", "activities", "ratings", "reports"}
# Our models; Django's own (users, groups) and axes' logs are checked for superuser-only below.
MODELS = sorted(
    (m for m in admin.site._registry if m._meta.app_label in OUR_APPS),
    key=lambda m: m._meta.label,
)


def _staff_admin(unit):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.all())
    assign(user, unit, "unit_admin")
    return user


@pytest.fixture
def foreign_admin(other_province):
    """A staff unit admin of province 35 with every model permission."""
    return _staff_admin(other_province)


@pytest.fixture
def province_data(province, district, centre, district_reviewer):
    """Rows of province 34 in every admin: a used rubric, a round, a rating, records."""
    BoardMemberFactory(centre=centre)
    StaffFactory(centre=centre)
    ActivityFactory(centre=centre)
    rating_round = rating_services.open_round(
        user=district_reviewer, unit=district, year=datetime.date.today().year,
        deadline=datetime.date.today(),
    )  # fmt: skip
    Rating.objects.filter(round=rating_round).update(status=Rating.Status.APPROVED, grade="good")
    return rating_round


def test_every_admin_is_either_superuser_only_or_scoped():
    loose = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, SuperuserOnly | ScopedMixin)
        and model._meta.app_label in OUR_APPS
    ]
    assert loose == []


@pytest.mark.parametrize(
    "model",
    [m for m in admin.site._registry if m._meta.app_label not in OUR_APPS],
    ids=lambda m: m._meta.label,
)
def test_djangos_own_admin_models_are_closed_to_a_staff_unit_admin(
    client, foreign_admin, unit_admin, model
):
    """A staff account with every model permission still must not edit users or lockouts:
    that would be every account's takeover."""
    client.force_login(foreign_admin)
    opts = model._meta
    listing = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert listing.status_code == 403


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_a_staff_admin_of_another_province_reaches_no_row_of_this_one(
    client, foreign_admin, province_data, model
):
    client.force_login(foreign_admin)
    opts = model._meta
    listing = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    if listing.status_code == 200:
        assert list(listing.context["cl"].queryset) == []
    else:
        assert listing.status_code in (302, 403)
    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    before = model._default_manager.count()
    assert client.get(add).status_code in (200, 403)
    client.post(add, {"name": "Thêm lạ", "title": "Thêm lạ", "order": 97})
    assert model._default_manager.count() == before  # nothing added anywhere
    for row in model._default_manager.all()[:5]:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
        assert client.get(url).status_code in (302, 403, 404)
        before = model._default_manager.count()
        client.post(url, {"name": "Đổi tên", "title": "Đổi tên"})
        assert model._default_manager.count() == before
        assert client.get(url).status_code in (302, 403, 404)


def test_a_staff_admin_cannot_add_a_criterion_to_another_provinces_rubric(
    client, foreign_admin, province_data, other_province
):
    own = create_default_rubric(other_province)
    rubric = province_data.rubric
    client.force_login(foreign_admin)
    page = client.get(reverse("admin:ratings_criterion_add"))
    assert list(page.context["adminform"].form.fields["rubric"].queryset) == [own]
    before = Criterion.objects.filter(rubric=rubric).count()
    response = client.post(
        reverse("admin:ratings_criterion_add"),
        {
            "rubric": rubric.pk, "name": "Tiêu chí lạ", "order": 98,
            "indicators-TOTAL_FORMS": 1, "indicators-INITIAL_FORMS": 0,
            "indicators-0-order": 1, "indicators-0-text": "Chỉ số lạ",
            "indicators-0-max_points": 10,
        },
    )  # fmt: skip
    assert response.status_code == 200  # the form again, with the error
    assert Criterion.objects.filter(rubric=rubric).count() == before


def test_a_used_rubric_gains_no_criterion_even_from_its_own_province(
    client, province_data, province
):
    own_admin = _staff_admin(province)
    rubric = province_data.rubric
    client.force_login(own_admin)
    before = Criterion.objects.filter(rubric=rubric).count()
    response = client.post(
        reverse("admin:ratings_criterion_add"),
        {
            "rubric": rubric.pk, "name": "Tiêu chí thêm", "order": 98,
            "indicators-TOTAL_FORMS": 0, "indicators-INITIAL_FORMS": 0,
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "đã được dùng để đánh giá nên không thể sửa" in response.content.decode()
    assert Criterion.objects.filter(rubric=rubric).count() == before


def test_the_model_refuses_any_change_to_a_used_rubric(province_data):
    from django.core.exceptions import ValidationError

    rubric = province_data.rubric
    criterion = rubric.criteria.first()
    with pytest.raises(ValidationError):
        Criterion.objects.create(rubric=rubric, order=99, name="Thêm")
    criterion.name = "Đổi"
    with pytest.raises(ValidationError):
        criterion.save()
    indicator = Indicator.objects.filter(criterion=criterion).first()
    with pytest.raises(ValidationError):
        indicator.delete()
    rubric.name = "Đổi"
    with pytest.raises(ValidationError):
        rubric.save()


def test_a_province_admin_edits_an_unused_rubric_of_their_own_province(client, province):
    rubric = create_default_rubric(province)
    own_admin = _staff_admin(province)
    client.force_login(own_admin)
    url = reverse("admin:ratings_rubric_change", args=[rubric.pk])
    assert client.get(url).status_code == 200
    assert list(client.get(reverse("admin:ratings_rubric_changelist")).context["cl"].queryset) == [
        rubric
    ]
    assert Rubric.objects.filter(pk=rubric.pk).exists()


def test_a_district_admin_does_not_edit_the_provinces_rubric(client, province, district):
    rubric = create_default_rubric(province)
    client.force_login(_staff_admin(district))
    url = reverse("admin:ratings_rubric_change", args=[rubric.pk])
    assert client.get(url).status_code in (302, 403, 404)
