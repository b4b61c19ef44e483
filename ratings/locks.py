"""The lock on a centre's records of a year once that year's rating is approved."""

from .models import Rating


def approved_years(centre_id: int) -> set[int]:
    """Years whose rating of the centre is approved: their activity records are read-only."""
    return set(
        Rating.objects.filter(centre_id=centre_id, status=Rating.Status.APPROVED).values_list(
            "year", flat=True
        )
    )
