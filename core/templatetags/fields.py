"""Form fields written without Django's widget templates, for the small forms on pages read
all day (the filters above lists and reports): Django renders every <option> through a
template of its own, a few milliseconds per page. Selects and inputs come out as Django's
templates write them (attributes, selected options, aria-invalid after an error); any other
widget is left to Django."""

from django import forms, template
from django.forms.widgets import Input
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

register = template.Library()
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    """name="value" for each attribute, a bare name for True, nothing for False (attrs.html)."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _label(label) -> str:
    """An option's label as a template writes it: a number in the language's format."""
    return conditional_escape(label if isinstance(label, str) else localize(label))


def _select(widget: dict) -> str:
    parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f'\n  <optgroup label="{_label(group)}">')
        parts += [
            f'\n  <option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
            f"{_label(option['label'])}</option>"
            for option in options
        ]
        if group:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
    attrs = _attrs(widget["attrs"])
    return f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{value}{attrs}>'


def widget_html(field, attrs: dict | None = None) -> str:
    """The bound field's widget, as `field.as_widget(attrs=attrs)` writes it."""
    widget = field.field.widget
    plain_select = isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple)
    plain_input = isinstance(widget, Input) and not isinstance(
        widget, (forms.FileInput, forms.CheckboxInput, forms.MultipleHiddenInput)
    )
    own_templates = (
        widget.template_name.startswith("django/forms/widgets/")
        and getattr(widget, "option_template_name", OPTION) == OPTION
    )
    if (
        not ((plain_select or plain_input) and own_templates)
        or type(widget).render is not forms.Widget.render
        or type(widget)._render is not forms.Widget._render
    ):
        return field.as_widget(attrs=attrs)
    attrs = field.build_widget_attrs(dict(attrs or {}), widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    return mark_safe(_select(context) if plain_select else _input(context))  # noqa: S308 (every part escaped above)


@register.filter
def bootstrap_widget(field) -> str:
    """A form field's widget with Bootstrap's classes (form-select or form-control, is-invalid
    after an error), for the small forms rendered without crispy's templates."""
    base = "form-select" if isinstance(field.field.widget, forms.Select) else "form-control"
    return widget_html(
        field, {"class": " ".join([base, *(["is-invalid"] if field.errors else [])])}
    )
