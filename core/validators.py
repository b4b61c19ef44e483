"""Validators shared by every app's models and importers."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

phone_validator = RegexValidator(
    r"^\+?[0-9 .]{8,15}$", _("Enter a phone number of 8 to 15 digits, e.g. 0912 345 678.")
)
