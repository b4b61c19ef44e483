import datetime

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from centres.forms import UnitFilterField
from centres.models import Centre, Staff
from core.fields import vietnamese_formfield
from core.text import fold, whole_number
from core.widgets import DateInput

from .models import (
    Activity,
    AnnualPlan,
    ContentArea,
    Funding,
    Learner,
    LearningModelCount,
    PlanItem,
    Session,
)


class ActivityFilterForm(forms.Form):
    first_year = forms.TypedChoiceField(
        label=_("From year"), coerce=int, choices=(), required=False, empty_value=None
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *Activity.Kind.choices], required=False
    )
    content_area = forms.ModelChoiceField(
        label=_("Content area"), queryset=ContentArea.objects.all(), required=False
    )
    unit = UnitFilterField(label=_("Unit"))
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, years: list[int], user=None, viewer=None, **kwargs):
        """`user`: the unit filter for them; none (a one-centre user) shows no unit filter.
        The content areas are those of `viewer` (or `user`): the national defaults and their
        provinces' own; with neither, the national defaults only."""
        super().__init__(*args, **kwargs)
        reader = viewer or user
        areas = ContentArea.objects.all()
        self.fields["content_area"].queryset = (
            areas.for_user(reader) if reader is not None else areas.national()
        )
        self.fields["year"].choices = [(y, str(y)) for y in years]
        # A period (a multi-year summary's drill-down) may begin before the first record.
        self.fields["first_year"].choices = [
            ("", _("Same year")), *((y, str(y)) for y in range(years[0], 1989, -1))
        ]  # fmt: skip
        self.fields["kind"].choices = [
            (value, capfirst(label)) for value, label in self.fields["kind"].choices
        ]
        self.fields["content_area"].empty_label = _("All areas")
        if user is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].empty_label = _("All units")
            self.fields["unit"].limit_to(user, whole_number(self.data.get("unit")))
            if len(self.fields["unit"].widget.choices) == 1:  # "all units" and nothing else:
                del self.fields["unit"]  # a commune's staff reading its former centres too

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("year")
        if first is not None and last is not None and first > last:
            data["first_year"], data["year"] = last, first
        return data


class ActivityForm(forms.ModelForm):
    class Meta:
        formfield_callback = vietnamese_formfield
        model = Activity
        fields = [
            "kind",
            "title",
            "content_area",
            "partner",
            "instructor",
            "instructor_name",
            "start_date",
            "end_date",
            "place",
            "target_group",
            "planned_learners",
            "funding_source",
            "funding_amount",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, centre: Centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.centre = centre
        # The centre's province's areas and the national ones; a retired area already chosen stays.
        self.fields["content_area"].queryset = ContentArea.objects.for_centre(
            centre, keep=self.instance.content_area_id if self.instance.pk else None
        )
        self.fields["instructor"].queryset = Staff.objects.filter(centre=centre, is_active=True)
        if self.instance.pk and self.instance.kind == Activity.Kind.TALK:
            # A talk is given by a speaker (báo cáo viên), not taught.
            self.fields["instructor"].label = _("Speaker")
            self.fields["instructor_name"].label = _("Speaker (if not on the staff list)")
        if self.instance.pk:
            # A class with a learner list cannot become a talk, nor a talk with counts a class.
            self.fields["kind"].disabled = True

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if self.instance.pk and start and end:
            outside = self.instance.sessions.exclude(date__range=(start, end)).order_by("date")
            first = outside.first()
            if first is not None:
                raise forms.ValidationError(
                    _("A session on %(date)s would fall outside the new dates.")
                    % {"date": first.date.strftime("%d/%m/%Y")}
                )
        return cleaned


class SessionForm(forms.ModelForm):
    class Meta:
        formfield_callback = vietnamese_formfield
        model = Session
        fields = [
            "date",
            "start_time",
            "end_time",
            "topic",
            "participants",
            "participants_women",
            "participants_minority",
        ]
        widgets = {
            "date": DateInput(),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.activity = activity
        if activity.is_class:
            # A class's counts come from its attendance sheet.
            for name in ("participants", "participants_women", "participants_minority"):
                del self.fields[name]
        if not self.instance.pk and not self.initial.get("date"):
            self.initial["date"] = min(datetime.date.today(), activity.end_date)

    def save(self, commit: bool = True) -> Session:
        if commit and self.instance.pk and self.instance.activity.is_class:
            # Counts of a class come from its marks (save_attendance); write only this form's
            # fields, so a sheet saved while this page was open keeps its counts.
            self.instance.save(update_fields=list(self.fields))
            return self.instance
        return super().save(commit)


class LearnerForm(forms.ModelForm):
    confirm_new = forms.BooleanField(
        label=_("This is a different person: add as a new learner"), required=False
    )

    class Meta:
        model = Learner
        fields = ["full_name", "sex", "birth_year", "ethnicity", "village", "phone"]

    def __init__(self, *args, centre: Centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.centre = centre
        self.duplicates = []

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        self.instance.full_name = cleaned.get("full_name", "")
        self.instance.birth_year = cleaned.get("birth_year")
        self.instance.village = cleaned.get("village", "")
        self.duplicates = self.instance.likely_duplicates()[:5]
        if self.duplicates and not cleaned.get("confirm_new"):
            raise forms.ValidationError(
                _(
                    "A learner with the same name, birth year and village is already recorded. "
                    "Choose them below, or tick the box to add a different person."
                ),
                code="duplicate",
            )
        return cleaned


class EnrolExistingForm(forms.Form):
    learners = forms.ModelMultipleChoiceField(
        label=_("Learners of the centre"),
        queryset=Learner.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, activity: Activity, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        learners = Learner.objects.filter(centre_id=activity.centre_id).exclude(
            enrolments__activity=activity
        )
        if search:
            learners = learners.filter(search_name__contains=fold(search))
        # The choices shown are capped; a search narrows them. Posted ids are checked against
        # the whole uncapped set, so a learner ticked after a search is still accepted.
        self.fields["learners"].queryset = learners
        self.shown = learners[:100]


class AnnualPlanForm(forms.ModelForm):
    class Meta:
        formfield_callback = vietnamese_formfield
        model = AnnualPlan
        fields = ["people_surveyed", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class BasePlanItemFormSet(forms.BaseInlineFormSet):
    """Plan lines choose among the centre's content areas (a retired one already planned stays)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        keep = form.instance.content_area_id if form.instance.pk else None
        form.fields["content_area"].queryset = ContentArea.objects.for_centre(
            self.instance.centre, keep=keep
        )


PlanItemFormSet = forms.inlineformset_factory(
    AnnualPlan,
    PlanItem,
    formset=BasePlanItemFormSet,
    formfield_callback=vietnamese_formfield,
    fields=["content_area", "people_needing", "planned_classes", "planned_talks"],
    extra=3,
    can_delete=True,
    max_num=40,
)


class FundingForm(forms.ModelForm):
    """Money by source; spending larger than the funds is refused (Funding.clean)."""

    class Meta:
        formfield_callback = vietnamese_formfield
        model = Funding
        fields = [
            "state_budget",
            "commune_budget",
            "social_contributions",
            "other_sources",
            "spending",
        ]
        help_texts = {
            "spending": _("In dong. It cannot be more than the year's funds from every source."),
        }


class LearningModelForm(forms.ModelForm):
    class Meta:
        formfield_callback = vietnamese_formfield
        model = LearningModelCount
        fields = ["families", "clans", "communities", "units", "citizens"]
