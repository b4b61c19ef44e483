"""The lock on a centre's records of a year once that year's rating is approved."""

from .models import Kind, Rating


def approved_years(centre_id: int) -> set[int]:
    """Years whose rating of the centre is approved: their activity records are read-only.
    (A commune's "Cộng đồng học tập" assessment locks nothing: it does not score the records.)"""
    approved = Rating.objects.filter(
        centre_id=centre_id, status=Rating.Status.APPROVED, kind=Kind.CENTRE
    )
    return set(approved.values_list("year", flat=True))
