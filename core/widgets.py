"""Form widgets shared by every app's forms."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class DateInput(forms.DateInput):
    """A date typed and shown dd/mm/yyyy on every browser.

    A native date input shows the browser's order (mm/dd/yyyy in Chromium, whatever the page's
    language), unlike every other date of the portal; a text box with the numeric keypad does
    not. The forms read dd/mm/yyyy, dd-mm-yyyy and yyyy-mm-dd (config/formats).
    """

    input_type = "text"

    def __init__(self, attrs=None, **kwargs):
        attrs = {"inputmode": "numeric", "placeholder": "dd/mm/yyyy", **(attrs or {})}
        super().__init__(attrs=attrs, format="%d/%m/%Y", **kwargs)


class QuickSelect(forms.Select):
    """A select whose options are written in Python, not one template each: a report filter's
    year and unit lists (a hundred options) took most of a cached report page's time. The same
    HTML as Django's Select: attributes, option groups, the selected options."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for group_name, group, _index in widget["optgroups"]:
            items = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (option["value"], flatatt(option["attrs"]), option["label"])
                    for option in group
                ),  # the attributes hold `selected` for the chosen options
            )
            if group_name:
                items = format_html('<optgroup label="{}">{}</optgroup>', group_name, items)
            options.append(items)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(options)),  # noqa: S308 (each part escaped above)
        )
