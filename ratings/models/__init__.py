from .joint import JointReview, JointScore
from .rounds import (
    RESULTS,
    Evidence,
    Grade,
    Level,
    Rating,
    RatingRound,
    Score,
    Transition,
    result_label,
)
from .rubrics import Criterion, Indicator, Kind, Measure, Rubric

__all__ = [
    "RESULTS",
    "Criterion",
    "Evidence",
    "Grade",
    "Indicator",
    "JointReview",
    "JointScore",
    "Kind",
    "Level",
    "Measure",
    "Rating",
    "RatingRound",
    "Rubric",
    "Score",
    "Transition",
    "result_label",
]
