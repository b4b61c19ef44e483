"""The demo logins, shown on the login page of a development server that has the demo loaded."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

PASSWORD = "tthtcd-demo-2025"  # noqa: S105 (demo logins only)
LOGINS = [
    ("xa", _("staff of a present commune's centre")),
    ("tinh_danhgia", _("reviewer of the province (Sở GD&ĐT)")),
    ("tinh", _("viewer of the province (Ban Tuyên giáo)")),
    ("quantri", _("unit administrator of the province")),
    ("huyen", _("former district reviewer, read only since 01/07/2025")),
    ("admin", _("superuser")),
]


def demo_logins(request) -> dict:
    if not settings.DEBUG or request.path != reverse("login"):
        return {}
    if not get_user_model().objects.filter(username="xa").exists():
        return {}
    return {"demo_logins": LOGINS, "demo_password": PASSWORD}
