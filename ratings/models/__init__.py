from .joint import JointReview, JointScore
from .rounds import Evidence, Grade, Rating, RatingRound, Score, Transition
from .rubrics import Criterion, Indicator, Measure, Rubric

__all__ = [
    "Criterion",
    "Evidence",
    "Grade",
    "Indicator",
    "JointReview",
    "JointScore",
    "Measure",
    "Rating",
    "RatingRound",
    "Rubric",
    "Score",
    "Transition",
]
