import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from centres.models import AdministrativeUnit
from core.widgets import QuickSelect

from .models import FIRST_PUBLISHED_YEAR, UnitSettings


def year_choices() -> list[tuple[int, str]]:
    this_year = datetime.date.today().year
    return [(y, str(y)) for y in range(this_year, FIRST_PUBLISHED_YEAR - 1, -1)]


class ReportFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=AdministrativeUnit.objects.none())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=year_choices)
    compare = forms.TypedChoiceField(
        label=_("Compare with"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=lambda: [("", _("No comparison")), *year_choices()],
    )
    first_year = forms.TypedChoiceField(
        label=_("From year"), coerce=int, required=False, empty_value=None, choices=year_choices
    )

    grouping = forms.ChoiceField(
        label=_("Group by"),
        required=False,
        choices=[
            ("then", _("Units then")),  # the districts and communes of the year shown
            ("now", _("Units now")),  # the present communes the centres became
        ],
    )

    def clean_grouping(self):
        return self.cleaned_data.get("grouping") or "then"

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        for name, field in self.fields.items():  # a hundred years and units: written in Python
            choices = field.widget.choices
            if name == "unit":  # read once, without the server-side cursor of ModelChoiceIterator
                empty = [] if field.empty_label is None else [("", field.empty_label)]
                choices = [*empty, *((u.pk, field.label_from_instance(u)) for u in units)]
            field.widget = QuickSelect(choices=choices)


class DocumentForm(forms.ModelForm):
    """The PDF's header and signature, prefilled from the unit's settings, editable per print."""

    number = forms.CharField(label=_("Document number"), required=False, max_length=20)

    class Meta:
        model = UnitSettings
        fields = [
            "style",
            "parent_body",
            "issuing_body",
            "number_suffix",
            "place",
            "signer_title",
            "signer_name",
            "recipients",
        ]
        widgets = {"recipients": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["style"].required = False  # a form or a link from before formats: state

    def clean_style(self):
        return self.cleaned_data.get("style") or UnitSettings.Style.STATE


class SettingsForm(DocumentForm):
    """A unit's saved settings: the PDF's header and signature, and how shares are rounded."""

    class Meta(DocumentForm.Meta):
        fields = [*DocumentForm.Meta.fields, "share_decimals", "rounding"]
        widgets = DocumentForm.Meta.widgets | {"rounding": forms.RadioSelect}
