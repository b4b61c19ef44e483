"""A rating's status as a badge (and "historical" beside an imported one), written once in
Python: round and list pages show one per centre."""

import html

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()

COLOURS = {
    "approved": "text-bg-success",
    "submitted": "text-bg-primary",
    "returned": "text-bg-warning",
    "draft": "text-bg-info",
}


@register.simple_tag
def rating_status(rating) -> str:
    colour = COLOURS.get(rating.status, "text-bg-light")
    label = html.escape(str(capfirst(rating.get_status_display())))
    badge = f'<span class="badge {colour}">{label}</span>'
    if rating.is_historical:
        historical = html.escape(_("historical"))  # outside the f-string: makemessages finds it
        badge += f' <span class="badge text-bg-secondary">{historical}</span>'
    return mark_safe(badge)  # noqa: S308 (the labels escaped, the colours our own)
