"""Grades computed from indicator points and the rubric's rules, never typed by hand."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import Grade, Rubric

ORDER = [Grade.GOOD, Grade.FAIR, Grade.AVERAGE]


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
        return Grade(self.grade).label


def rules(rubric: Rubric) -> list[tuple[str, Decimal, Decimal]]:
    return [
        (Grade.GOOD, rubric.good_total, rubric.good_min_share),
        (Grade.FAIR, rubric.fair_total, rubric.fair_min_share),
        (Grade.AVERAGE, rubric.average_total, rubric.average_min_share),
    ]


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
        for c in short:
            reasons.append(
                _(
                    "Not “%(grade)s”: “%(criterion)s” has %(points)s of %(maximum)s points, "
                    "below %(share)s%% of its maximum."
                )
                % {
                    "grade": Grade(grade).label,
                    "criterion": c.name,
                    "points": f"{c.points:g}".replace(".", ","),
                    "maximum": f"{c.maximum:g}".replace(".", ","),
                    "share": f"{(share * 100).normalize():f}".replace(".", ","),
                }
            )
    return GradeResult(total, maximum, criteria, Grade.WEAK, reasons)
