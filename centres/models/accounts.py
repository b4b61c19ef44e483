"""Account changes are kept as history, like assignments: who gave or took away an access."""

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords

from core.validators import phone_validator

# The password hash and the last login are not history: a login is not an account change.
register(User, app="centres", excluded_fields=["password", "last_login"])


class Contact(models.Model):
    """How to reach an account's holder besides e-mail (recorded by onboarding and the user
    forms): the phone a set-password sheet is handed out by."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
        related_name="contact",
    )  # fmt: skip
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.phone


def phone_of(account) -> str:
    """The account's phone, "" when none (reads `contact`, select_related it for lists)."""
    try:
        return account.contact.phone
    except Contact.DoesNotExist:
        return ""
