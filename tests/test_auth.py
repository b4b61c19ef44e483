"""Login, lockout, password change and reset, in Vietnamese."""

import pytest
from django.core import mail
from django.urls import reverse

from .factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "mật-khẩu-thử-123"


def test_user_logs_in_and_lands_on_the_dashboard(client):
    UserFactory(username="canbo")
    response = client.post(reverse("login"), {"username": "canbo", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_wrong_password_gets_a_vietnamese_error(client):
    UserFactory(username="canbo")
    response = client.post(reverse("login"), {"username": "canbo", "password": "sai"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


def test_repeated_failed_logins_lock_the_username(client, settings):
    UserFactory(username="canbo")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "canbo", "password": "sai"})
    locked = client.post(reverse("login"), {"username": "canbo", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Tài khoản tạm thời bị khóa" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_change_works_in_vietnamese(client):
    user = UserFactory(username="canbo")
    client.force_login(user)
    page = client.get(reverse("password_change"))
    assert "Đổi mật khẩu" in page.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Mới-và-dài-2025!",
            "new_password2": "Mới-và-dài-2025!",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Mới-và-dài-2025!")


def test_password_reset_sends_a_vietnamese_email(client):
    UserFactory(username="canbo", email="canbo@example.gov.vn")
    response = client.post(reverse("password_reset"), {"email": "canbo@example.gov.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Đặt lại mật khẩu trên Cổng TTHTCĐ"
    assert "Tên đăng nhập của bạn: canbo" in mail.outbox[0].body


def test_logout_needs_a_post_and_ends_the_session(client):
    client.force_login(UserFactory())
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302
