"""The one Scope: assignments become filters and predicates in one place."""

from django.contrib.auth.models import AnonymousUser

from centres.models import AdministrativeUnit, Centre, Role
from centres.scope import ADMIN_ROLES, EDITING_ROLES, REVIEW_ROLES, Scope, scope_of

from ..factories import UserFactory, assign


def test_an_anonymous_visitor_has_no_scope(centre):
    scope = Scope(AnonymousUser())
    assert not scope.everything
    assert list(scope.filter(Centre.objects.all(), "commune__path")) == []
    assert not scope.covers(centre.commune.path)


def test_an_inactive_superuser_has_no_scope(centre):
    user = UserFactory(is_superuser=True, is_active=False)
    assert list(Scope(user).filter(Centre.objects.all(), "commune__path")) == []


def test_a_superuser_has_everything(centre, foreign_centre):
    scope = Scope(UserFactory(is_superuser=True))
    assert set(scope.filter(Centre.objects.all(), "commune__path")) == {centre, foreign_centre}
    assert scope.covers(foreign_centre.commune.path, ADMIN_ROLES)


def test_a_user_with_two_roles_changes_only_where_the_role_allows(
    province, district, centre, far_centre
):
    user = UserFactory()
    assign(user, province, Role.VIEWER)
    assign(user, district, Role.REVIEWER)
    scope = scope_of(user)
    everything = Centre.objects.all()
    assert set(scope.filter(everything, "commune__path")) == {centre, far_centre}
    assert list(scope.filter(everything, "commune__path", REVIEW_ROLES, write=True)) == [centre]
    assert scope.covers(centre.commune.path, REVIEW_ROLES)
    assert not scope.covers(far_centre.commune.path, REVIEW_ROLES)
    assert not scope.covers(centre.commune.path, EDITING_ROLES)


def test_covers_strictly_excludes_the_assigned_unit_itself(district, commune):
    user = UserFactory()
    assign(user, district, Role.REVIEWER)
    scope = scope_of(user)
    assert scope.covers_strictly(commune.path, REVIEW_ROLES)
    assert not scope.covers_strictly(district.path, REVIEW_ROLES)


def test_touches_sees_subtrees_above_and_below(province, district, other_district):
    user = UserFactory()
    assign(user, district, Role.REVIEWER)
    scope = scope_of(user)
    assert scope.touches(province.path, REVIEW_ROLES)
    assert scope.touches(district.path, REVIEW_ROLES)
    assert not scope.touches(other_district.path, REVIEW_ROLES)


def test_provinces_are_the_provinces_of_the_assigned_units(district, other_province):
    user = UserFactory()
    assign(user, district, Role.UNIT_ADMIN)
    assign(user, other_province, Role.VIEWER)
    assert scope_of(user).provinces(ADMIN_ROLES) == ["34/"]
    assert scope_of(user).provinces() == ["34/", "35/"]


def test_every_scoped_queryset_answers_through_the_scope(province, district, commune):
    user = UserFactory()
    assign(user, district, Role.VIEWER)
    units = AdministrativeUnit.objects.for_user(user)
    assert set(units) == {district, commune}
    assert province not in units


def test_the_scope_is_built_once_per_user_object(django_assert_num_queries, district):
    user = UserFactory()
    assign(user, district, Role.VIEWER)
    user = type(user).objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        scope_of(user).roots()
        scope_of(user).covers(district.path)
