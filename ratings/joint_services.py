"""The Hội Khuyến học's opinion of a rating, and the round's grant of approval to it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .models import JointReview, JointScore, Rating, RatingRound
from .permissions import can_grant_joint_approval, can_joint_review
from .services import Points, _check_points


@transaction.atomic
def save_joint_review(*, user, rating: Rating, points: Points, comment: str) -> JointReview:
    """A joint reviewer's points by indicator and opinion on a rating under review; each change
    is kept in the rating's history. The reviewer's points and the grade are not touched."""
    # Locked so that an approval or a return in between is seen: no opinion after the decision.
    current = Rating.objects.select_for_update(of=("self",)).select_related(
        "round__unit", "centre__commune"
    )
    rating = current.get(pk=rating.pk)
    if rating.status != Rating.Status.SUBMITTED:
        raise ValidationError(_("The Hội Khuyến học gives its opinion while a rating is reviewed."))
    if not can_joint_review(user, rating):
        raise PermissionDenied
    _check_points(rating, points)
    review = JointReview.objects.filter(rating=rating, user=user).first()
    if review is None or review.comment != comment:
        review = review or JointReview(rating=rating, user=user)
        review.comment = comment
        review.full_clean()
        review._history_user = user
        review.save()
    saved = {s.indicator_id: s for s in review.scores.all()}
    new, changed = [], []
    for indicator_id, (value, note) in points.items():
        score = saved.get(indicator_id)
        if score is None:
            if value is not None or note:
                new.append(
                    JointScore(joint_review=review, indicator_id=indicator_id, points=value,
                               comment=note)
                )  # fmt: skip
        elif (score.points, score.comment) != (value, note):
            score.points, score.comment = value, note
            changed.append(score)
    # Each score's change is history: "Điểm Hội Khuyến học, chỉ tiêu 2.3 — Điểm: 3 → 1".
    bulk_create_with_history(new, JointScore, default_user=user)
    bulk_update_with_history(changed, JointScore, ["points", "comment"], default_user=user)
    return review


@transaction.atomic
def set_joint_may_approve(*, user, rating_round: RatingRound, allowed: bool) -> RatingRound:
    """Let the joint reviewers of the round's centres review and approve like reviewers, or not."""
    if not can_grant_joint_approval(user, rating_round):
        raise PermissionDenied
    RatingRound.objects.filter(pk=rating_round.pk).update(joint_may_approve=allowed)
    rating_round.joint_may_approve = allowed
    return rating_round
