"""Forms of the rubric editor: a version's rules, its criteria, a criterion's indicators, and
the preview's sample points. Numbers are typed the Vietnamese way ("7,5"); the shares of a
criterion's maximum as a percent ("50" or "50%")."""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.fields import DecimalCommaField, comma_decimal, vietnamese_formfield
from core.years import FIRST_YEAR

from .models import Criterion, Indicator, Kind, Measure, Rubric

LAST_YEAR = 2100  # a version may be planned far ahead; a later year is a typing error


class SharePercentField(DecimalCommaField):
    """A share of a criterion's maximum typed as a whole percent ("50", "50%"), kept as 0,50."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", _("A percent of the criterion's maximum, e.g. 50; 0 for no condition.")
        )
        super().__init__(
            min_value=0,
            max_value=100,
            max_digits=3,
            decimal_places=0,
            error_messages={
                "max_decimal_places": _("A whole percent, e.g. 50."),
                "max_digits": _("A percent from 0 to 100."),
                "max_whole_digits": _("A percent from 0 to 100."),
            },
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("%")
        percent = super().to_python(value)
        if percent is not None and percent == percent.to_integral_value():
            percent = percent.to_integral_value()  # "50,0" is a whole percent
        return percent

    def clean(self, value):
        percent = super().clean(value)
        return None if percent is None else (percent / 100).quantize(Decimal("0.01"))

    def prepare_value(self, value):
        if isinstance(value, Decimal):  # the stored share, shown as a percent
            return comma_decimal(value * 100)
        return super().prepare_value(value)


class RubricForm(forms.ModelForm):
    """A version's name, years of validity and grade thresholds."""

    good_min_share = SharePercentField(label=_("Good: each criterion at least (%)"))
    fair_min_share = SharePercentField(label=_("Fair: each criterion at least (%)"))
    average_min_share = SharePercentField(label=_("Average: each criterion at least (%)"))

    class Meta:
        formfield_callback = vietnamese_formfield
        model = Rubric
        fields = [
            "name", "first_year", "last_year", "good_total", "good_min_share", "fair_total",
            "fair_min_share", "average_total", "average_min_share",
        ]  # fmt: skip
        help_texts = {"last_year": _("Empty: until a newer version replaces it.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.kind == Kind.COMMUNITY:
            # A learning community's levels: mức độ 2 by the "good" rule, mức độ 1 by "fair".
            del self.fields["average_total"], self.fields["average_min_share"]
            self.fields["good_total"].label = _("Level 2: total at least")
            self.fields["good_min_share"].label = _("Level 2: each criterion at least (%)")
            self.fields["fair_total"].label = _("Level 1: total at least")
            self.fields["fair_min_share"].label = _("Level 1: each criterion at least (%)")
        else:
            self.fields["average_total"].required = True
        for name in ("first_year", "last_year"):
            year = self.fields[name]
            year.min_value, year.max_value = FIRST_YEAR, LAST_YEAR
            year.validators += [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
            year.widget.attrs.update({"min": FIRST_YEAR, "max": LAST_YEAR})

    def _post_clean(self):
        """The service validates and writes (rubric_services.update_rubric); the instance is
        left as it is until then."""


class CriterionRowForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Criterion"), max_length=200)


class IndicatorRowForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label=_("Indicator"), max_length=300)
    max_points = DecimalCommaField(
        label=_("Maximum points"), min_value=Decimal("0.5"), max_value=100, max_digits=4,
        decimal_places=1,
    )  # fmt: skip
    guidance = forms.CharField(
        label=_("Guidance"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_required = forms.BooleanField(label=_("Evidence required"), required=False)
    measure = forms.ChoiceField(label=_("Suggested from recorded data"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [
            (value, capfirst(label)) for value, label in Measure.choices
        ]


class PartFormSet(forms.BaseFormSet):
    """Rows of a criterion list or an indicator list: ordered, deletable, ids of the parent's."""

    def __init__(self, *args, known: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.known = known

    def clean(self):
        super().clean()
        for form in self.forms:
            pk = form.cleaned_data.get("id") if hasattr(form, "cleaned_data") else None
            if pk is not None and pk not in self.known:
                raise forms.ValidationError(
                    _("The page was out of date: open it again and repeat the change.")
                )

    def parts(self):
        """(kept rows in their new order as (id, values), ids removed)."""
        kept = [
            (f.cleaned_data.get("id"), {k: v for k, v in f.cleaned_data.items() if k not in
             ("id", "ORDER", "DELETE")})
            for f in self.ordered_forms
        ]  # fmt: skip
        removed = [f.cleaned_data["id"] for f in self.deleted_forms if f.cleaned_data.get("id")]
        return kept, removed


CriterionFormSet = forms.formset_factory(
    CriterionRowForm, formset=PartFormSet, extra=1, can_order=True, can_delete=True,
    max_num=30, validate_max=True,
)  # fmt: skip
IndicatorFormSet = forms.formset_factory(
    IndicatorRowForm, formset=PartFormSet, extra=2, can_order=True, can_delete=True,
    max_num=40, validate_max=True, min_num=1, validate_min=True,
)  # fmt: skip


def criterion_rows(rubric: Rubric) -> list[dict]:
    return [{"id": c.pk, "name": c.name, "ORDER": c.order} for c in rubric.criteria.all()]


def indicator_rows(criterion: Criterion) -> list[dict]:
    fields = ("text", "max_points", "guidance", "evidence_required", "measure")
    return [
        {"id": i.pk, "ORDER": i.order, **{name: getattr(i, name) for name in fields}}
        for i in criterion.indicators.all()
    ]


class PreviewForm(forms.Form):
    """Sample points per indicator (empty counts as 0), to see the total and the grade."""

    def __init__(self, *args, rubric: Rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(rubric.criteria.all())
        self.indicators: list[Indicator] = [i for c in self.criteria for i in c.indicators.all()]
        for indicator in self.indicators:
            self.fields[f"points_{indicator.pk}"] = DecimalCommaField(
                label=_("Points (max %(max)s)") % {"max": comma_decimal(indicator.max_points)},
                required=False, min_value=0, max_value=indicator.max_points, max_digits=4,
                decimal_places=1,
            )  # fmt: skip

    def points(self) -> dict[int, Decimal | None]:
        return {i.pk: self.cleaned_data.get(f"points_{i.pk}") for i in self.indicators}

    def blocks(self):
        """(criterion, [(indicator, its points field)]) in the rubric's order."""
        return [
            (c, [(i, self[f"points_{i.pk}"]) for i in c.indicators.all()]) for c in self.criteria
        ]
