"""Grades (and a learning community's levels) computed from indicator points and the rubric's
rules, never typed by hand: one rule for both, the best result whose total and shares are met."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import Grade, Kind, Level, Rubric, result_label


@dataclass
class CriterionResult:
    name: str
    points: Decimal
    maximum: Decimal

    @property
    def share(self) -> Decimal:
        return self.points / self.maximum if self.maximum else Decimal(0)


@dataclass
class GradeResult:
    total: Decimal
    maximum: Decimal
    criteria: list[CriterionResult]
    grade: str
    reasons: list[str] = field(default_factory=list)

    @property
    def grade_label(self) -> str:
        return result_label(self.grade)


def rules(rubric: Rubric) -> list[tuple[str, Decimal, Decimal]]:
    """(result, total at least, each criterion's share at least), best first."""
    if rubric.kind == Kind.COMMUNITY:
        return [
            (Level.LEVEL_2, rubric.good_total, rubric.good_min_share),
            (Level.LEVEL_1, rubric.fair_total, rubric.fair_min_share),
        ]
    return [
        (Grade.GOOD, rubric.good_total, rubric.good_min_share),
        (Grade.FAIR, rubric.fair_total, rubric.fair_min_share),
        (Grade.AVERAGE, rubric.average_total, rubric.average_min_share),
    ]


def _points(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def level_rule(rubric: Rubric) -> str:
    """A learning-community rubric's rule in words, as the rating page states it."""
    return _(
        "Level 2 from %(level_2)s points with no criterion below %(share_2)s%% of its maximum; "
        "level 1 from %(level_1)s points with no criterion below %(share_1)s%%; otherwise not "
        "recognised."
    ) % {
        "level_2": _points(rubric.good_total),
        "share_2": _points(rubric.good_min_share * 100),
        "level_1": _points(rubric.fair_total),
        "share_1": _points(rubric.fair_min_share * 100),
    }


def lowest(rubric: Rubric) -> str:
    """The result when no rule is met: yếu, or chưa đạt for a learning community."""
    return Level.NOT_MET if rubric.kind == Kind.COMMUNITY else Grade.WEAK


def compute_grade(rubric: Rubric, points: Mapping[int, Decimal | None]) -> GradeResult:
    """Total, per-criterion subtotals and the grade for points keyed by indicator id.

    The best grade whose total threshold is met and where no criterion falls below the grade's
    share of its maximum; when a share condition holds a grade back, the reason is recorded.
    """
    criteria = []
    for criterion in rubric.criteria.all():
        indicators = list(criterion.indicators.all())
        criteria.append(
            CriterionResult(
                name=criterion.name,
                points=sum((points.get(i.pk) or Decimal(0) for i in indicators), Decimal(0)),
                maximum=sum((i.max_points for i in indicators), Decimal(0)),
            )
        )
    total = sum((c.points for c in criteria), Decimal(0))
    maximum = sum((c.maximum for c in criteria), Decimal(0))
    reasons = []
    for grade, threshold, share in rules(rubric):
        if total < threshold:
            continue
        short = [c for c in criteria if c.maximum and c.share < share]  # an empty one: no share
        if not short:
            return GradeResult(total, maximum, criteria, grade, reasons)
        # "Chưa đạt mức độ 2: …" for a level; "Không đạt “tốt”: …" for a grade.
        text = (
            _(
                "Not %(grade)s: “%(criterion)s” has %(points)s of %(maximum)s points, below "
                "%(share)s%% of its maximum."
            )
            if rubric.kind == Kind.COMMUNITY
            else _(
                "Not “%(grade)s”: “%(criterion)s” has %(points)s of %(maximum)s points, "
                "below %(share)s%% of its maximum."
            )
        )
        for c in short:
            reasons.append(
                text
                % {
                    "grade": result_label(grade),
                    "criterion": c.name,
                    "points": f"{c.points:g}".replace(".", ","),
                    "maximum": f"{c.maximum:g}".replace(".", ","),
                    "share": f"{(share * 100).normalize():f}".replace(".", ","),
                }
            )
    return GradeResult(total, maximum, criteria, lowest(rubric), reasons)
