"""The reports' histories a unit's log shows (core/history.py): how its reports are issued and
the figures it published."""

from django.utils.translation import gettext as _

from core.history import Audited, path_under, register

from .models import PublishedFigures, UnitSettings


def register_histories() -> None:
    register(
        Audited(
            UnitSettings,
            path_under("unit__path"),
            related=("unit",),
            subject=lambda row: _("Report settings of %(unit)s") % {"unit": row.unit.name},
        )
    )
    register(
        Audited(
            PublishedFigures,
            path_under("unit__path"),
            related=("unit",),
            subject=lambda row: (
                _("Published figures of %(unit)s, %(year)s")
                % {"unit": row.unit.name, "year": row.year}
            ),
        )
    )
