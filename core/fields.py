"""Form fields for numbers typed the Vietnamese way: "15.000.000" đồng, "1.234" people, "7,5".

A dot groups thousands and a comma separates decimals; spaces (and the narrow no-break space a
phone keyboard may insert) are ignored. Whole numbers refuse a decimal part with a message that
says so, instead of reading "15.000.000" as fifteen.
"""

import re
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .text import SPACES, group_digits, parse_whole_number
from .widgets import DateInput


def _add_limits(field: forms.Field, max_value, min_value, written) -> None:
    """Range validators whose messages write the limit the Vietnamese way (`written`)."""
    field.max_value, field.min_value = max_value, min_value
    if max_value is not None:
        message = _("At most %(limit)s.") % {"limit": written(max_value)}
        field.validators.append(MaxValueValidator(max_value, message))
    if min_value is not None:
        message = _("At least %(limit)s.") % {"limit": written(min_value)}
        field.validators.append(MinValueValidator(min_value, message))


class GroupedNumberInput(forms.TextInput):
    """A text box for whole numbers: the numeric keypad on phones, digits shown grouped
    ("15.000.000") and regrouped while typing (static/js/numbers.js)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "data-grouped": "", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return group_digits(value)
        return super().format_value(value)


class WholeNumberField(forms.IntegerField):
    """A count or a sum of đồng; limits are stated with grouped digits ("at most 5.000")."""

    widget = GroupedNumberInput

    def __init__(self, *, max_value=None, min_value=None, **kwargs):
        super().__init__(**kwargs)
        _add_limits(self, max_value, min_value, group_digits)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        number = parse_whole_number(value)
        if number is None:
            return None
        return number

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # No min/max/step attributes on a text box: the validators say what is wrong, in words.
        for name in ("min", "max", "step"):
            attrs.pop(name, None)
        return attrs


def comma_decimal(value) -> str:
    """Decimal("4.0") -> "4", Decimal("7.5") -> "7,5"."""
    return f"{Decimal(value).normalize():f}".replace(".", ",")


class DecimalCommaField(forms.DecimalField):
    """A decimal typed "7,5" (or "7.5"), shown "7,5"; limits stated with a comma."""

    def __init__(self, *args, max_value=None, min_value=None, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        kwargs["localize"] = True
        super().__init__(*args, **kwargs)
        _add_limits(self, max_value, min_value, comma_decimal)

    def to_python(self, value):
        if isinstance(value, str):
            value = SPACES.sub("", value)
            if re.fullmatch(r"\d+\.\d+", value):
                value = value.replace(".", ",")
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for name in ("min", "max", "step"):
            attrs.pop(name, None)
        return attrs


CHOOSE = _("— Choose —")
BLANK_LABEL = "---------"


def vietnamese_formfield(model_field: models.Field, **kwargs):
    """ModelForm.Meta.formfield_callback: counts and đồng grouped, decimals with a comma,
    dates dd/mm/yyyy, selects that start at "— Chọn —" with capitalised options.

    Years stay plain four-digit numbers ("1975", never "1.975")."""
    if isinstance(model_field, models.DateField) and not isinstance(
        model_field, models.DateTimeField
    ):
        kwargs.setdefault("widget", DateInput())
        kwargs.setdefault(
            "error_messages",
            {"invalid": _("Enter the date as dd/mm/yyyy, e.g. 05/03/2026.")},
        )
    if model_field.choices or isinstance(model_field, models.AutoField | models.ForeignKey):
        return _readable_choices(model_field.formfield(**kwargs))
    limits = _limits(model_field)
    if isinstance(model_field, models.IntegerField) and "year" not in model_field.name:
        return model_field.formfield(form_class=WholeNumberField, **{**limits, **kwargs})
    if isinstance(model_field, models.DecimalField):
        return model_field.formfield(form_class=DecimalCommaField, **{**limits, **kwargs})
    return model_field.formfield(**kwargs)


def _readable_choices(field: forms.Field | None) -> forms.Field | None:
    """ "— Chọn —" for Django's "---------"; option labels (lower-case in sentences) capitalised."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == BLANK_LABEL:
            field.empty_label = CHOOSE
    elif isinstance(field, forms.ChoiceField):
        field.choices = [
            ("", CHOOSE) if value == "" and label == BLANK_LABEL else (value, capfirst(label))
            for value, label in field.choices
        ]
    return field


def _limits(model_field: models.Field) -> dict:
    """The model field's range validators as the form field's limits (stated in the form's
    words, before the model's own messages could be shown)."""
    maxima, minima = [], []
    for validator in model_field.validators:  # the model's own and the database's range
        if callable(validator.__dict__.get("limit_value")):
            continue
        if isinstance(validator, MaxValueValidator):
            maxima.append(validator.limit_value)
        elif isinstance(validator, MinValueValidator):
            minima.append(validator.limit_value)
    limits = {}
    if maxima:
        limits["max_value"] = min(maxima)
    if minima:
        limits["min_value"] = max(minima)
    return limits
