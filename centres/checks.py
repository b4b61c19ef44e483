"""Deployment checks (`manage.py check --deploy`): set-password and reminder links must reach
people, never a server log or localhost."""

from django.conf import settings
from django.core.checks import Warning, register

CONSOLE = "django.core.mail.backends.console.EmailBackend"


@register("deploy")
def links_reach_people(app_configs, **kwargs):
    found = []
    if settings.EMAIL_BACKEND == CONSOLE:
        found.append(
            Warning(
                "E-mail goes to the console: set-password links would be written to the log.",
                hint="Set DJANGO_EMAIL_BACKEND (e.g. django.core.mail.backends.smtp.EmailBackend)"
                " and DJANGO_EMAIL_HOST.",
                id="centres.W001",
            )
        )
    if "localhost" in settings.SITE_URL or "127.0.0.1" in settings.SITE_URL:
        found.append(
            Warning(
                "DJANGO_SITE_URL is a local address: links in e-mails and sheets would not open.",
                hint="Set DJANGO_SITE_URL to the portal's public address, e.g. "
                "https://tthtcd.example.gov.vn.",
                id="centres.W002",
            )
        )
    return found
