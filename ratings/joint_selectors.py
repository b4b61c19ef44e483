"""Read functions for the Hội Khuyến học's opinions of a rating."""

from django.db.models import Prefetch

from .models import JointReview, JointScore, Rating


def joint_reviews(rating: Rating) -> list[JointReview]:
    """The rating's joint reviews with their reviewers and points, oldest first (two queries);
    each carries `by_indicator`, its scores keyed by indicator."""
    reviews = list(
        JointReview.objects.filter(rating=rating)
        .select_related("user")
        .prefetch_related(Prefetch("scores", queryset=JointScore.objects.order_by("pk")))
        .order_by("pk")
    )
    for review in reviews:
        review.by_indicator = {s.indicator_id: s for s in review.scores.all()}
    return reviews


def with_joint_scores(rows: list[dict], reviews: list[JointReview]) -> list[dict]:
    """The rating page's rows (selectors.rubric_rows), each indicator with the joint reviewers'
    (review, score) pairs beside the reviewer's points."""
    for block in rows:
        for row in block["indicators"]:
            pk = row["indicator"].pk
            row["joint"] = [
                (review, review.by_indicator[pk]) for review in reviews if pk in review.by_indicator
            ]
    return rows
