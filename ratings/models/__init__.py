from .rounds import Evidence, Grade, Rating, RatingRound, Score, Transition
from .rubrics import Criterion, Indicator, Measure, Rubric

__all__ = [
    "Criterion",
    "Evidence",
    "Grade",
    "Indicator",
    "Measure",
    "Rating",
    "RatingRound",
    "Rubric",
    "Score",
    "Transition",
]
