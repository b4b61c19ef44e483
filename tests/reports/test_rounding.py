from decimal import Decimal

import pytest

from reports.rounding import shares


def test_the_seed_report_distribution_is_printed_as_published():
    assert shares([158, 125, 3]) == [Decimal("55.2"), Decimal("43.7"), Decimal("1.1")]


@pytest.mark.parametrize(
    "counts",
    [[1, 1, 1], [2, 2, 2, 1], [1, 0, 0, 0], [0, 0, 5, 0], [7, 7, 7, 7, 7, 7], [1, 2, 3, 4, 5, 6, 7],
     [286, 0, 0], [999, 1], [33, 33, 34], [1] * 9],
)  # fmt: skip
def test_every_distribution_adds_up_to_exactly_100(counts):
    result = shares(counts)
    assert sum(result) == Decimal("100.0")
    assert all(value == value.quantize(Decimal("0.1")) for value in result)


def test_ties_go_to_the_earlier_category_so_the_result_is_stable():
    assert shares([1, 1, 1]) == [Decimal("33.4"), Decimal("33.3"), Decimal("33.3")]


def test_zero_counts_stay_zero_and_an_empty_distribution_is_all_zero():
    assert shares([0, 3, 0]) == [Decimal(0), Decimal("100.0"), Decimal(0)]
    assert shares([0, 0]) == [Decimal(0), Decimal(0)]
