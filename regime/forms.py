import datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centres.models import AdministrativeUnit
from centres.scope import REVIEW_ROLES, scope_of
from core.fields import CHOOSE
from core.text import show_decimal
from core.widgets import DateInput
from core.years import FIRST_YEAR, last_year

from .models import PeriodField, ReportingPeriod

TEXT_MARK = "(chữ)"


class OpenPeriodForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"), queryset=AdministrativeUnit.objects.none(), empty_label=CHOOSE
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ReportingPeriod.Kind.choices)
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=FIRST_YEAR)
    half = forms.TypedChoiceField(
        label=gettext_lazy("Half of the year"),
        choices=[(1, gettext_lazy("first 6 months")), (2, gettext_lazy("last 6 months"))],
        coerce=int,
        required=False,
    )
    starts_on = forms.DateField(
        label=gettext_lazy("From (custom dates)"), widget=DateInput(), required=False
    )
    ends_on = forms.DateField(
        label=gettext_lazy("To (custom dates)"), widget=DateInput(), required=False
    )
    deadline = forms.DateField(label=gettext_lazy("Deadline"), widget=DateInput())
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Left empty: “Báo cáo 6 tháng đầu năm 2026” and the like."),
    )
    asked = forms.CharField(
        label=gettext_lazy("Extra figures asked of each centre"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "One per line, e.g. “Số người học xóa mù chữ”. Add (chữ) at the end of a line for an "
            "answer in words rather than a number."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = scope_of(user).filter(
            AdministrativeUnit.objects.exclude(level=AdministrativeUnit.Level.COMMUNE),
            "path", REVIEW_ROLES, write=True,
        )  # fmt: skip
        self.fields["unit"].queryset = units.order_by("path")
        self.fields["year"].max_value = last_year()
        today = datetime.date.today()
        self.initial.setdefault("year", today.year)
        self.initial.setdefault("kind", ReportingPeriod.Kind.HALF_YEAR)
        self.initial.setdefault("half", 1 if today.month <= 6 else 2)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > last_year():
            raise forms.ValidationError(_("Choose a year up to %(year)s.") % {"year": last_year()})
        return year

    def clean(self):
        data = super().clean()
        kind, year = data.get("kind"), data.get("year")
        if kind == ReportingPeriod.Kind.CUSTOM:
            for name in ("starts_on", "ends_on"):
                if not data.get(name):
                    self.add_error(name, _("Give the dates of a custom period."))
            if (
                data.get("starts_on")
                and data.get("ends_on")
                and data["ends_on"] < data["starts_on"]
            ):
                self.add_error("ends_on", _("The period cannot end before it starts."))
        elif year:
            if kind == ReportingPeriod.Kind.YEAR:
                data["starts_on"], data["ends_on"] = (
                    datetime.date(year, 1, 1),
                    datetime.date(year, 12, 31),
                )
            else:
                if not data.get("half"):
                    self.add_error("half", _("Choose which half of the year."))
                    return data
                first = data["half"] == 1
                data["starts_on"] = datetime.date(year, 1 if first else 7, 1)
                data["ends_on"] = datetime.date(year, 6 if first else 12, 30 if first else 31)
        starts, deadline = data.get("starts_on"), data.get("deadline")
        if starts and deadline and deadline < starts:
            self.add_error("deadline", _("The deadline cannot come before the period starts."))
        if not data.get("title") and starts and data.get("ends_on"):
            data["title"] = default_title(kind, starts, data["ends_on"])
        data["extra"] = extra_fields(data.get("asked") or "")
        return data


def default_title(kind: str, starts: datetime.date, ends: datetime.date) -> str:
    if kind == ReportingPeriod.Kind.YEAR:
        return _("Year report %(year)s") % {"year": starts.year}
    if kind == ReportingPeriod.Kind.HALF_YEAR:
        if starts.month == 1:
            return _("Report of the first 6 months of %(year)s") % {"year": starts.year}
        return _("Report of the last 6 months of %(year)s") % {"year": starts.year}
    return _("Report from %(first)s to %(last)s") % {
        "first": starts.strftime("%d/%m/%Y"),
        "last": ends.strftime("%d/%m/%Y"),
    }


def extra_fields(text: str) -> list[tuple[str, str]]:
    found = []
    for line in text.splitlines():
        label = " ".join(line.split())
        if not label:
            continue
        kind = PeriodField.Kind.NUMBER
        if label.casefold().endswith(TEXT_MARK):
            label, kind = label[: -len(TEXT_MARK)].strip(), PeriodField.Kind.TEXT
        if label:
            found.append((label[:200], kind))
    return found


class ReportForm(forms.Form):
    """The extra figures of a period report, one field each, numbers typed "1.250" or "7,5"."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, period: ReportingPeriod, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        saved = report.values if report else {}
        self.initial.setdefault("version", report.version if report else 0)
        for field in period.fields.all():
            key = str(field.pk)
            value = saved.get(key, "")
            if field.kind == PeriodField.Kind.NUMBER:
                widget = forms.TextInput(attrs={"inputmode": "decimal"})
                value = show_decimal(value) if value != "" else ""
            else:
                widget = forms.Textarea(attrs={"rows": 2})
            self.fields[key] = forms.CharField(
                label=field.label, required=False, widget=widget, max_length=2000
            )
            self.initial.setdefault(key, value)

    def raw(self) -> dict[str, str]:
        return {k: self.data.get(k, "") for k in self.fields if k != "version"}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
