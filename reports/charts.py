"""Server-rendered SVG charts (matplotlib): the same chart in the HTML page and in the PDF."""

import base64
import io

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .cache import cached_by_content
from .selectors import GRADES, ActivitySummary, RatingSummary

COLOURS = ["#1b7f3b", "#4a90d9", "#f0ad4e", "#d9534f", "#b0b0b0"]


def _svg(figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    return buffer.getvalue()


def data_uri(svg: str) -> str:
    """The chart as an image URI: an SVG image keeps its own styles under the page's strict
    Content Security Policy (inline SVG styles would be blocked), in the page and the PDF."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _figure(width: float = 6.4, height: float = 3.0):
    from matplotlib.figure import Figure  # lazily: only report pages need matplotlib

    figure = Figure(figsize=(width, height))
    figure.set_layout_engine("tight")
    return figure


def _vn(number: float) -> str:
    return f"{number:,.0f}".replace(",", ".")


def _cached(name: str, draw, *inputs) -> str:
    """Drawing takes ~40 ms; the same numbers in the same language give the same SVG."""
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
    from matplotlib import rcParams
    from matplotlib.ticker import FuncFormatter

    rcParams["svg.fonttype"] = "path"  # text as outlines: identical in browsers and WeasyPrint
    figure = _figure()
    axes = figure.add_subplot()
    width = 0.8 / len(series)
    for index, (name, values, colour) in enumerate(series):
        positions = [i + (index - (len(series) - 1) / 2) * width for i in range(len(labels))]
        bars = axes.bar(positions, [float(v) for v in values], width, label=name, color=colour)
        axes.bar_label(bars, labels=[f"{v}".replace(".", ",") for v in values], fontsize=8)
    axes.set_xticks(range(len(labels)), labels)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f}%"))
    axes.set_ylabel(ylabel)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(frameon=False)
    return _svg(figure)


def activity_chart(summary: ActivitySummary) -> str:
    """Participant-visits per year over the period."""
    years = [row.name for row in summary.by_year]
    visits = [row.visits for row in summary.by_year]
    return _cached("activity-chart", _draw_activity_chart, years, visits, _("Participant-visits"))


def _draw_activity_chart(years: list[str], visits: list[int], ylabel: str) -> str:
    from matplotlib import rcParams
    from matplotlib.ticker import FuncFormatter

    rcParams["svg.fonttype"] = "path"
    figure = _figure()
    axes = figure.add_subplot()
    axes.bar(years, visits, color=COLOURS[1])
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _vn(v)))
    axes.set_ylabel(ylabel)
    axes.tick_params(axis="x", labelrotation=45 if len(years) > 8 else 0)
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)
