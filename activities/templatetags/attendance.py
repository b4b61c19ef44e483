"""The attendance sheet's buttons, written in Python: sixty learners times four statuses would
be a few thousand template lookups on the page clerks open most, often on a phone."""

from django import template
from django.utils.html import format_html_join
from django.utils.text import capfirst

register = template.Library()

COLOURS = {"present": "success", "absent": "danger"}


@register.simple_tag
def status_buttons(row: dict, statuses) -> str:
    """One learner's radio buttons, the saved status checked."""
    pk, saved = row["learner"].pk, row["status"]
    return format_html_join(
        "",
        '<input type="radio" class="btn-check" name="status-{0}" id="s{0}-{1}" value="{1}"{2}>'
        '<label class="btn btn-sm btn-outline-{3}" for="s{0}-{1}">{4}</label>',
        (
            (pk, value, " checked" if value == saved else "", COLOURS.get(value, "secondary"),
             capfirst(label))
            for value, label in statuses
        ),
    )  # fmt: skip
