"""Server-rendered SVG charts (reports/svg.py): the same chart in the HTML page and in the PDF."""

import base64

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import svg
from .cache import cached_by_content
from .selectors import GRADES, ActivitySummary, RatingSummary

COLOURS = ["#1b7f3b", "#4a90d9", "#f0ad4e", "#d9534f", "#b0b0b0"]


def data_uri(chart: str) -> str:
    """The chart as an image URI: an SVG image keeps its own styles under the page's strict
    Content Security Policy (inline SVG styles would be blocked), in the page and the PDF."""
    return "data:image/svg+xml;base64," + base64.b64encode(chart.encode()).decode()


def _vn(number: float) -> str:
    return f"{number:,.0f}".replace(",", ".")


def _cached(name: str, draw, *inputs) -> str:
    """The same numbers in the same language give the same SVG: drawn once."""
    return cached_by_content(name, repr((get_language(), inputs)), lambda: draw(*inputs))


def rating_chart(summary: RatingSummary) -> str:
    """Share of centres per grade, for the year and the comparison year."""
    labels = [str(g.label).capitalize() for g in GRADES]
    series = [(str(summary.year), summary.total.shares[:4], COLOURS[1])]
    ylabel = _("Share of centres")
    if summary.compare_total is not None:
        # The shares the comparison compares: of the graded centres while a round is open.
        before, after = summary.compared_shares
        series = [
            (str(summary.compare_year), before, COLOURS[4]),
            (str(summary.year), after, COLOURS[1]),
        ]
        if summary.compares_graded:
            ylabel = _("Share of the graded centres")
    return _cached("rating-chart", _draw_rating_chart, labels, series, ylabel)


def _draw_rating_chart(labels: list[str], series: list, ylabel: str) -> str:
    return svg.bar_chart(
        labels, series, ylabel=ylabel,
        tick_format=lambda v: f"{v:.0f}%",
        value_format=lambda v: f"{v}".replace(".", ","),
    )  # fmt: skip


def activity_chart(summary: ActivitySummary) -> str:
    """Participant-visits per year over the period."""
    years = [row.name for row in summary.by_year]
    visits = [row.visits for row in summary.by_year]
    return _cached("activity-chart", _draw_activity_chart, years, visits, _("Participant-visits"))


def _draw_activity_chart(years: list[str], visits: list[int], ylabel: str) -> str:
    return svg.bar_chart(
        years, [(ylabel, visits, COLOURS[1])], ylabel=ylabel, tick_format=_vn, legend=False
    )
