"""Who may do what with a rating, by role and state."""

from centres.models import Role
from centres.models.assignments import unit_paths
from centres.permissions import can_change_centre, covers

from .models import Rating

SELF_EDITABLE = {Rating.Status.NOT_STARTED, Rating.Status.DRAFT, Rating.Status.RETURNED}
REVIEW_ROLES = {Role.REVIEWER, Role.UNIT_ADMIN}


def can_open_round(user, unit) -> bool:
    """Reviewers and unit admins open rounds over units under them."""
    return user.is_superuser or covers(user, unit.path, REVIEW_ROLES)


def can_edit_self_assessment(user, rating: Rating) -> bool:
    """The centre's editors fill the self-assessment until it is submitted."""
    return (
        not rating.is_historical
        and rating.status in SELF_EDITABLE
        and can_change_centre(user, rating.centre)
    )


def can_review(user, rating: Rating) -> bool:
    """Reviewers over the centre score, return or approve a submitted rating."""
    return (
        rating.status == Rating.Status.SUBMITTED
        and rating.round_id is not None
        and (user.is_superuser or covers(user, rating.centre.commune.path, REVIEW_ROLES))
    )


def can_reopen(user, rating: Rating) -> bool:
    """Only a user above the round's unit, or a unit admin over the centre, reopens an approval."""
    if rating.status != Rating.Status.APPROVED or rating.is_historical or rating.round_id is None:
        return False
    if user.is_superuser or covers(user, rating.centre.commune.path, {Role.UNIT_ADMIN}):
        return True
    round_path = rating.round.unit.path
    return any(
        round_path.startswith(root) and round_path != root
        for root in unit_paths(user, REVIEW_ROLES)
    )


def can_record_historical(user, centre) -> bool:
    """Past grades are recorded by reviewers and unit admins over the centre."""
    return user.is_superuser or covers(user, centre.commune.path, REVIEW_ROLES)
