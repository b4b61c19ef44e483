"""Django's own messages that users of this portal can meet and that Django's Vietnamese
catalogue leaves untranslated: listed here so that `makemessages` carries them into ours,
which takes precedence (LOCALE_PATHS)."""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = [
    gettext_noop("Enter a complete value."),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("ManagementForm data is missing or has been tampered with"),
    gettext_noop("The inline value did not match the parent instance."),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop("Date out of range"),
    gettext_noop("Forbidden"),
    gettext_noop("CSRF verification failed. Request aborted."),
]
