"""Form widgets shared by every app's forms."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
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
    HTML as Django's Select: attributes, option groups, the chosen option."""

    def _options(self, choices, selected: set[str], chosen: list[bool]):
        for value, label in choices:
            if isinstance(label, list | tuple):  # an option group
                yield format_html(
                    '<optgroup label="{}">{}</optgroup>',
                    value,
                    mark_safe("".join(self._options(label, selected, chosen))),  # noqa: S308
                )
                continue
            text = "" if value is None else str(value)
            picked = text in selected and not (chosen and not self.allow_multiple_selected)
            if picked:
                chosen.append(True)
            form = (
                '<option value="{}" selected>{}</option>'
                if picked
                else '<option value="{}">{}</option>'
            )
            yield format_html(form, text, label)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in self.format_value(value)}
        options = "".join(self._options(self.choices, selected, []))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(attrs),
            mark_safe(options),  # noqa: S308 (each option escaped above)
        )
