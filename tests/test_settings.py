"""Settings come from the environment and are safe in production."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-production-secret-key-that-is-long-and-random-enough-1234567890",
    "DJANGO_ALLOWED_HOSTS": "tthtcd.example.gov.vn",
    "DJANGO_SITE_URL": "https://tthtcd.example.gov.vn",
    "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_deploy_check_reports_no_warnings_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_when_links_would_go_to_the_log_or_localhost():
    bare = {
        k: v for k, v in PRODUCTION.items() if k not in ("DJANGO_SITE_URL", "DJANGO_EMAIL_BACKEND")
    }
    result = manage("check", "--deploy", "--fail-level", "WARNING", **bare)
    assert result.returncode != 0
    assert "centres.W001" in result.stderr
    assert "centres.W002" in result.stderr


def test_database_url_selects_the_database():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'])"
    )
    result = manage(
        "shell", "-v", "0", "-c", code, DJANGO_DEBUG="1", DATABASE_URL="sqlite:////tmp/other.db"
    )
    assert result.stdout.split() == ["django.db.backends.sqlite3", "/tmp/other.db"]
    result = manage(
        "shell",
        "-v",
        "0",
        "-c",
        code,
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://u:p@db.example:5432/tthtcd",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "tthtcd"]


def test_vietnamese_is_the_default_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


def test_production_cookies_are_secure_and_http_only_where_possible():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0)"
    )
    result = manage("shell", "-v", "0", "-c", code, **PRODUCTION)
    assert result.stdout.split() == ["True", "True", "True", "True", "True"], result.stderr


def test_the_favicon_is_served_to_anyone(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("favicon.svg")
