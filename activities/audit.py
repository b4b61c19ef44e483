"""The activities' histories a unit's log shows (core/history.py): a province's own content
areas (the national defaults lie under no unit, so no unit's log lists them)."""

from django.utils.translation import gettext as _

from core.history import Audited, path_under, register

from .models import ContentArea


def register_histories() -> None:
    register(
        Audited(
            ContentArea,
            path_under("province__path"),
            subject=lambda row: _("Content area: %(name)s") % {"name": row.name},
        )
    )
