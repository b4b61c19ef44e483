"""Who may change a centre's activity records, and the yearly lock."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from centres.models import Centre
from centres.permissions import can_change_centre

from .locks import is_year_locked


def can_change_records(user, centre: Centre, year: int) -> bool:
    """Editors of the centre change its records of a year until that year's rating is approved."""
    return can_change_centre(user, centre) and not is_year_locked(centre.pk, year)


def ensure_can_change_records(user, centre: Centre, year: int) -> None:
    """Raise 403 with the reason when the user may not change the centre's records of the year."""
    if not can_change_centre(user, centre):
        raise PermissionDenied
    if is_year_locked(centre.pk, year):
        raise PermissionDenied(
            _("The records of %(year)s are locked: the centre's rating for that year was approved.")
            % {"year": year}
        )
