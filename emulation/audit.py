"""The proposals' history in a unit's log (core/history.py): who proposed, decided, returned."""

from django.utils.translation import gettext as _

from core.history import Audited, path_under, register

from .models import Proposal


def register_histories() -> None:
    register(
        Audited(
            Proposal,
            path_under("proposing_unit__path"),
            related=("centre",),
            subject=lambda row: (
                _("Commendation proposal for %(name)s, %(year)s")
                % {"name": row.name or (row.centre.name if row.centre else ""), "year": row.year}
            ),
        )
    )
