"""Charts written as SVG from their numbers."""

from decimal import Decimal
from xml.etree import ElementTree

import pytest

from reports import charts, svg


@pytest.mark.parametrize(
    ("highest", "ticks"),
    [
        (0, [0.0, 1.0]),
        (55.2, [0, 20, 40, 60]),
        (100, [0, 20, 40, 60, 80, 100]),
        (4_999_497, [0, 1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000]),
        (7, [0, 2, 4, 6, 8]),
    ],
)
def test_ticks_are_round_numbers_reaching_the_highest_value(highest, ticks):
    assert svg.nice_ticks(highest) == pytest.approx(ticks)


def _texts(chart: str) -> list[str]:
    root = ElementTree.fromstring(chart)  # noqa: S314 (our own output)
    return [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_the_rating_chart_shows_shares_with_a_decimal_comma_and_a_legend():
    chart = charts._draw_rating_chart(
        ["Tốt", "Khá", "Trung bình", "Yếu"],
        [
            ("2007", [Decimal("37.9"), Decimal("50.1"), Decimal("10.8"), Decimal("1.2")], "#bbb"),
            ("2011", [Decimal("55.2"), Decimal("43.7"), Decimal("1.1"), Decimal("0.0")], "#48d"),
        ],
        "Tỷ lệ trung tâm",
    )
    texts = _texts(chart)
    assert {"Tốt", "Trung bình", "55,2", "1,1", "0,0", "2007", "2011", "60%"} <= set(texts)
    assert "Tỷ lệ trung tâm" in texts
    assert chart.count('fill="#48d"') == 5  # four bars and the legend's key


def test_the_activity_chart_writes_thousands_with_dots_and_escapes_its_labels():
    chart = charts._draw_activity_chart(
        [str(year) for year in range(2012, 2027)], [4_999_497] * 15, "Lượt người <tham gia>"
    )
    texts = _texts(chart)
    assert "5.000.000" in texts
    assert "Lượt người <tham gia>" in texts  # escaped in the file, parsed back
    assert "rotate(-45" in chart  # fifteen years: the labels slant
