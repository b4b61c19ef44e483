"""Who may do what with a rating, by role and state."""

from centres.models import Centre, Role
from centres.permissions import can_change_centre
from centres.scope import ADMIN_ROLES, REVIEW_ROLES, scope_of

from .models import Rating

SELF_EDITABLE = {Rating.Status.NOT_STARTED, Rating.Status.DRAFT, Rating.Status.RETURNED}
# The Hội Khuyến học rates beside the reviewer; it decides only where the round grants it.
JOINT_ROLES = frozenset({Role.JOINT_REVIEWER})


def can_view_round(user, rating_round) -> bool:
    """The round's overview is for users over its unit (a centre sees its own rating only)."""
    return scope_of(user).covers(rating_round.unit.path, write=False)


def can_open_round(user, unit) -> bool:
    """Reviewers and unit admins open rounds over units under them."""
    return scope_of(user).covers(unit.path, REVIEW_ROLES)


def can_edit_self_assessment(user, rating: Rating) -> bool:
    """The centre's editors fill the self-assessment until it is submitted."""
    return (
        not rating.is_historical
        and rating.status in SELF_EDITABLE
        and can_change_centre(user, rating.centre)
    )


def _over(user, rating_round, path: str, roles) -> bool:
    """Whether the user holds one of the roles over a centre at `path` in the round: over it;
    for the round of a unit that has since ceased to exist (a district's round left open in
    2025), over its successor (the province carries its districts' open business)."""
    scope = scope_of(user)
    if scope.covers(path, roles):
        return True
    ended = rating_round.unit.valid_until is not None
    return ended and scope.covers(path, roles, past=True)


def reviews(user, rating_round, path: str) -> bool:
    """Whether the user reviews a centre at `path` in the round: a reviewer over it, or a joint
    reviewer over it in a round that lets the Hội Khuyến học approve."""
    if _over(user, rating_round, path, REVIEW_ROLES):
        return True
    return rating_round.joint_may_approve and _over(user, rating_round, path, JOINT_ROLES)


def joint_reviews(user, rating_round, path: str) -> bool:
    """Whether the user gives the Hội Khuyến học's opinion on a centre at `path` in the round."""
    return _over(user, rating_round, path, JOINT_ROLES)


def can_review_round(user, rating_round) -> bool:
    """Whether the user reviews some of the round's centres (the round page's bulk actions)."""
    roles = REVIEW_ROLES | JOINT_ROLES if rating_round.joint_may_approve else REVIEW_ROLES
    scope = scope_of(user)
    if scope.touches(rating_round.unit.path, roles):
        return True
    ended = rating_round.unit.valid_until is not None
    return ended and scope.covers(rating_round.unit.path, roles, past=True)


def can_review(user, rating: Rating) -> bool:
    """Reviewers over the centre score, return or approve a submitted rating."""
    return (
        rating.status == Rating.Status.SUBMITTED
        and rating.round_id is not None
        and reviews(user, rating.round, rating.centre.commune.path)
    )


def can_joint_review(user, rating: Rating) -> bool:
    """Joint reviewers over the centre give their points and opinion while it is under review."""
    return (
        rating.status == Rating.Status.SUBMITTED
        and rating.round_id is not None
        and joint_reviews(user, rating.round, rating.centre.commune.path)
    )


def can_grant_joint_approval(user, rating_round) -> bool:
    """Whoever may open the round decides whether the Hội Khuyến học may approve in it."""
    return can_open_round(user, rating_round.unit)


def can_reopen(user, rating: Rating) -> bool:
    """Only a user above the round's unit, or a unit admin over the centre, reopens an approval."""
    if rating.status != Rating.Status.APPROVED or rating.is_historical or rating.round_id is None:
        return False
    scope = scope_of(user)
    if scope.covers(rating.centre.commune.path, ADMIN_ROLES):
        return True
    if rating.round.unit.valid_until is not None:  # the round of a unit that ceased to exist
        return scope.covers(rating.centre.commune.path, REVIEW_ROLES, past=True)
    return scope.covers_strictly(rating.round.unit.path, REVIEW_ROLES)


def historical_grade_centres(user):
    """Centres whose past grades the user records: those they review, and, for a unit admin,
    the centres their units were formed from (today's province enters its predecessors' past)."""
    scope = scope_of(user)
    centres = Centre.objects.select_related("commune")
    return scope.filter(centres, "commune__path", REVIEW_ROLES, write=True) | scope.filter(
        centres, "commune__path", ADMIN_ROLES, past=True
    )
