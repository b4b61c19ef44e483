"""The attendance sheet's buttons, written in Python: sixty learners times four statuses would
be a few thousand template lookups on the page clerks open most, often on a phone."""

import html

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

register = template.Library()

COLOURS = {"present": "success", "absent": "danger"}


@register.simple_tag
def status_buttons(row: dict, statuses) -> str:
    """One learner's radio buttons, the saved status checked."""
    pk, saved = int(row["learner"].pk), row["status"]
    buttons = []
    for value, label in statuses:
        checked = " checked" if value == saved else ""
        code = html.escape(value)
        buttons.append(
            f'<input type="radio" class="btn-check" name="status-{pk}" id="s{pk}-{code}" '
            f'value="{code}"{checked}><label class="btn btn-sm btn-outline-'
            f'{COLOURS.get(value, "secondary")}" for="s{pk}-{code}">'
            f"{html.escape(capfirst(str(label)))}</label>"
        )
    return mark_safe("".join(buttons))  # noqa: S308 (the status codes and labels escaped)
