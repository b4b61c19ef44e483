import datetime

from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centres.models import AdministrativeUnit, Centre, Staff
from centres.scope import under
from core.fields import CHOOSE, vietnamese_formfield
from core.widgets import DateInput, QuickSelect
from core.years import FIRST_YEAR, last_year

from .models import Proposal
from .permissions import proposing_units


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Staff) -> str:
        return f"{obj.full_name} — {obj.centre.commune.name}"


class ProposalForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        formfield_callback = vietnamese_formfield
        model = Proposal
        fields = [
            "year", "proposing_unit", "recipient", "centre", "staff", "name", "position",
            "achievement", "award", "deciding_level",
        ]  # fmt: skip
        widgets = {
            "achievement": forms.Textarea(attrs={"rows": 4}),
            "centre": QuickSelect,
            "proposing_unit": QuickSelect,
            "staff": QuickSelect,
        }
        field_classes = {"staff": StaffChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = proposing_units(user)
        self.fields["proposing_unit"].queryset = units
        roots = [u.path for u in units]
        self.fields["centre"].queryset = (
            Centre.objects.filter(under("commune__path", roots))
            .select_related("commune")
            .order_by("commune__path")
        )
        staff = self.fields["staff"]
        staff.queryset = (
            Staff.objects.filter(under("centre__commune__path", roots))
            .filter(Q(is_active=True) | Q(pk=self.instance.staff_id))
            .select_related("centre__commune")
            .order_by("centre__commune__path", "full_name")
        )
        if self.instance.pk is None:
            self.initial.setdefault("year", datetime.date.today().year)
            if len(roots) == 1:
                self.initial.setdefault("proposing_unit", units[0].pk)
        self.initial.setdefault("version", self.instance.version if self.instance.pk else 0)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= last_year():
            raise forms.ValidationError(
                _("Choose a year between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": last_year()}
            )
        return year


class DecisionForm(forms.Form):
    decision_number = forms.CharField(
        label=gettext_lazy("Decision number"),
        max_length=50,
        help_text=gettext_lazy("E.g. 123/QĐ-UBND."),
    )
    decision_date = forms.DateField(
        label=gettext_lazy("Decision date"),
        widget=DateInput(),
        error_messages={"invalid": gettext_lazy("Enter the date as dd/mm/yyyy, e.g. 05/03/2026.")},
    )
    deciding_body = forms.CharField(
        label=gettext_lazy("Deciding authority"),
        max_length=200,
        help_text=gettext_lazy("E.g. Chủ tịch UBND tỉnh Thái Bình."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


def year_choices(empty_label=None) -> list[tuple]:
    years = [(y, str(y)) for y in range(last_year(), FIRST_YEAR - 1, -1)]
    return [("", empty_label), *years] if empty_label else years


class ProposalFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=gettext_lazy("Year"), coerce=int, required=False, widget=QuickSelect
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        widget=QuickSelect,
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(_("All years"))
        self.fields["status"].choices = [
            ("", _("All")),
            *((value, capfirst(label)) for value, label in Proposal.Status.choices),
        ]
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("All units")


class UnitYearForm(forms.Form):
    """The unit and the year of a register or of the candidates."""

    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"), queryset=AdministrativeUnit.objects.none(), widget=QuickSelect
    )
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, widget=QuickSelect)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = CHOOSE
        self.fields["year"].choices = year_choices()
