from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import WholeNumberField


class ContentAreaForm(forms.Form):
    """A province's own content area: its name and its place in the lists."""

    name = forms.CharField(label=_("Name"), max_length=120)
    order = WholeNumberField(
        label=_("Order"),
        min_value=0,
        max_value=32767,
        help_text=_("Lists show the areas by this number, national and own together."),
    )
