"""Fixtures: a small two-district province, a centre in each commune, and a user per role."""

import pytest
from django.core.cache import cache

from centres.models import Role

from .factories import (
    CentreFactory,
    CommuneFactory,
    DistrictFactory,
    UnitFactory,
    UserFactory,
    assign,
)


@pytest.fixture
def province(db):
    return UnitFactory(code="34", name="Tỉnh Thái Bình")


@pytest.fixture
def district(province):
    return DistrictFactory(code="336", name="Huyện Quỳnh Phụ", parent=province)


@pytest.fixture
def other_district(province):
    return DistrictFactory(code="338", name="Huyện Hưng Hà", parent=province)


@pytest.fixture
def commune(district):
    return CommuneFactory(code="12454", name="Xã An Khê", parent=district)


@pytest.fixture
def neighbour_commune(district):
    return CommuneFactory(code="12457", name="Xã An Đồng", parent=district)


@pytest.fixture
def far_commune(other_district):
    return CommuneFactory(code="12541", name="Xã Tân Lễ", parent=other_district)


@pytest.fixture
def centre(commune):
    return CentreFactory(commune=commune)


@pytest.fixture
def neighbour_centre(neighbour_commune):
    return CentreFactory(commune=neighbour_commune)


@pytest.fixture
def far_centre(far_commune):
    return CentreFactory(commune=far_commune)


@pytest.fixture
def other_province(db):
    return UnitFactory(code="35", name="Tỉnh Hà Nam")


@pytest.fixture
def foreign_centre(other_province):
    district = DistrictFactory(code="347", name="Huyện Duy Tiên", parent=other_province)
    return CentreFactory(commune=CommuneFactory(code="13324", name="Xã Mộc Nam", parent=district))


@pytest.fixture
def commune_staff(commune):
    user = UserFactory(username="canbo_xa", first_name="Cán bộ xã")
    assign(user, commune, Role.CENTRE_STAFF)
    return user


@pytest.fixture
def district_reviewer(district):
    user = UserFactory(username="phong_gd", first_name="Chuyên viên huyện")
    assign(user, district, Role.REVIEWER)
    return user


@pytest.fixture
def province_viewer(province):
    user = UserFactory(username="so_gd", first_name="Chuyên viên tỉnh")
    assign(user, province, Role.VIEWER)
    return user


@pytest.fixture
def unit_admin(province):
    user = UserFactory(username="quan_tri", first_name="Quản trị tỉnh")
    assign(user, province, Role.UNIT_ADMIN)
    return user


@pytest.fixture
def outsider(other_province):
    user = UserFactory(username="nguoi_ngoai", first_name="Người ngoài")
    assign(user, other_province, Role.UNIT_ADMIN)
    return user


@pytest.fixture
def client_for(client):
    """Log the test client in as the given user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Hashing real passwords costs a third of a second each; tests do not need the strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_media_in_tmp(settings, tmp_path):
    """Evidence files (the demo writes some too) never land in the project's private/."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached reports of one test's rows must not be found by the next test (ids are reused)."""
    cache.clear()
    yield
    cache.clear()
