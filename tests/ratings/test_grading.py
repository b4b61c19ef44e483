"""The grade follows from the points and the rubric's rules at and around every threshold."""

from decimal import Decimal

import pytest

from ratings.default_rubric import create_default_rubric
from ratings.grading import compute_grade

pytestmark = pytest.mark.django_db


@pytest.fixture
def rubric(province):
    return create_default_rubric(province)


def points_for(rubric, shares: list[Decimal]) -> dict[int, Decimal]:
    """Give every indicator of criterion n the share shares[n] of its maximum."""
    points = {}
    for criterion, share in zip(rubric.criteria.all(), shares, strict=True):
        for indicator in criterion.indicators.all():
            points[indicator.pk] = indicator.max_points * share
    return points


def with_total(rubric, total: Decimal) -> dict[int, Decimal]:
    """Points spread evenly (every criterion at total%), so no area condition interferes."""
    return points_for(rubric, [total / 100] * 4)


def test_default_rubric_has_four_areas_of_20_30_20_30(rubric):
    maxima = [sum(i.max_points for i in c.indicators.all()) for c in rubric.criteria.all()]
    assert maxima == [20, 30, 20, 30]
    assert rubric.criteria.first().name == "Tổ chức, bộ máy quản lý"


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "good"), ("85", "good"), ("84.9", "fair"),
        ("70", "fair"), ("69.9", "average"),
        ("50", "average"), ("49.9", "weak"), ("0", "weak"),
    ],
)  # fmt: skip
def test_grade_at_and_around_each_threshold(rubric, total, grade):
    result = compute_grade(rubric, with_total(rubric, Decimal(total)))
    assert result.total == Decimal(total)
    assert result.grade == grade
    assert result.reasons == []


def test_an_area_below_half_its_maximum_caps_a_good_total_at_fair(rubric):
    # 9,5 of 20 in the first area (47,5 %), full marks elsewhere: 89,5 points.
    points = points_for(rubric, [Decimal("0.475"), Decimal(1), Decimal(1), Decimal(1)])
    result = compute_grade(rubric, points)
    assert result.total == Decimal("89.5")
    assert result.grade == "fair"
    assert len(result.reasons) == 1
    assert "Tổ chức, bộ máy quản lý" in result.reasons[0]
    assert "9,5" in result.reasons[0]


def test_an_area_at_exactly_half_does_not_cap(rubric):
    points = points_for(rubric, [Decimal("0.5"), Decimal(1), Decimal(1), Decimal(1)])
    result = compute_grade(rubric, points)
    assert result.total == Decimal(90)
    assert result.grade == "good"


def test_missing_points_count_as_zero(rubric):
    assert compute_grade(rubric, {}).grade == "weak"


def test_subtotals_per_area_are_reported(rubric):
    result = compute_grade(rubric, points_for(rubric, [Decimal(1), Decimal("0.5"), 0, 0]))
    assert [(c.points, c.maximum) for c in result.criteria] == [
        (20, 20), (15, 30), (0, 20), (0, 30)
    ]  # fmt: skip
