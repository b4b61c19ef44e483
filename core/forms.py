"""Forms that are not about any one domain."""

from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    """One Excel workbook to import."""

    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
