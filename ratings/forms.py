import datetime

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from centres.models import AdministrativeUnit, Centre
from centres.scope import REVIEW_ROLES, scope_of
from core.documents import SUFFIXES, check_document, suffix_of
from core.fields import CHOOSE, DecimalCommaField, comma_decimal
from core.widgets import DateInput
from core.years import FIRST_YEAR, last_year

from .models import Grade, Indicator, Kind, Rating, Score
from .permissions import historical_grade_centres
from .selectors import prefilled_points


def _at_most(field: forms.IntegerField, year: int) -> None:
    """A year field's upper limit that moves with the calendar (validator and widget)."""
    field.max_value = year
    field.validators.append(MaxValueValidator(year))
    field.widget.attrs["max"] = year


class OpenRoundForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the round assesses"),
        choices=[(value, capfirst(label)) for value, label in Kind.choices],
        initial=Kind.CENTRE,
        required=False,  # a form without it opens a centre rating round, as before
        widget=forms.RadioSelect,
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=AdministrativeUnit.objects.none(), empty_label=CHOOSE
    )
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR)
    deadline = forms.DateField(label=_("Deadline for self-assessments"), widget=DateInput())
    joint_may_approve = forms.BooleanField(
        label=_("The Hội Khuyến học may approve"),
        required=False,
        help_text=_(
            "Joint reviewers (Hội Khuyến học) over a centre may then review, return and approve "
            "its rating like a reviewer; otherwise they only give their points and opinion."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _at_most(self.fields["year"], last_year())
        units = scope_of(user).filter(
            AdministrativeUnit.objects.exclude(level=AdministrativeUnit.Level.COMMUNE),
            "path", REVIEW_ROLES, write=True,
        )  # fmt: skip
        self.fields["unit"].queryset = units.order_by("path")
        today = datetime.date.today()
        self.initial.setdefault("year", today.year)
        self.initial.setdefault("deadline", today + datetime.timedelta(days=30))

    def clean_kind(self):
        return self.cleaned_data.get("kind") or Kind.CENTRE


class ScoresForm(forms.Form):
    """Points and a comment for every indicator of the rating's rubric."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, rating: Rating, side: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.side = side
        self.indicators = list(
            Indicator.objects.filter(criterion__rubric_id=rating.rubric_id).select_related(
                "criterion"
            )
        )
        saved = {s.indicator_id: s for s in rating.scores.all()}
        # A learning community's TTHTCĐ indicator starts from the centre's grade of the year.
        prefilled = prefilled_points(rating) if side == "self" else {}
        self.initial.setdefault("version", rating.version)
        for indicator in self.indicators:
            score = saved.get(indicator.pk)
            points = getattr(score, f"{side}_points", None)
            if points is None:
                points = prefilled.get(indicator.pk)
            self.fields[f"points_{indicator.pk}"] = DecimalCommaField(
                label=_("Points (max %(max)s)") % {"max": comma_decimal(indicator.max_points)},
                required=False,
                min_value=0,
                max_value=indicator.max_points,
                max_digits=4,
                decimal_places=1,
                initial=points,
                # A text box accepting "7,5"; phones show the numeric keypad.
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "data-max": f"{indicator.max_points:g}"}
                ),
            )
            self.fields[f"comment_{indicator.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 1}),
                initial=getattr(score, f"{side}_comment", ""),
            )

    def points(self) -> dict:
        return {
            i.pk: (self.cleaned_data[f"points_{i.pk}"], self.cleaned_data[f"comment_{i.pk}"])
            for i in self.indicators
        }

    def rows(self):
        for indicator in self.indicators:
            yield indicator, self[f"points_{indicator.pk}"], self[f"comment_{indicator.pk}"]


class JointReviewForm(forms.Form):
    """A joint reviewer's points and comment by indicator, and their opinion of the whole."""

    def __init__(self, *args, rating: Rating, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(
            Indicator.objects.filter(criterion__rubric_id=rating.rubric_id).select_related(
                "criterion"
            )
        )
        saved = {s.indicator_id: s for s in review.scores.all()} if review else {}
        self.review_scores = {s.indicator_id: s for s in Score.objects.filter(rating=rating)}
        for indicator in self.indicators:
            score = saved.get(indicator.pk)
            self.fields[f"joint_points_{indicator.pk}"] = DecimalCommaField(
                label=_("Points of the Hội Khuyến học for %(code)s (max %(max)s)")
                % {"code": indicator.code, "max": comma_decimal(indicator.max_points)},
                required=False,
                min_value=0,
                max_value=indicator.max_points,
                max_digits=4,
                decimal_places=1,
                initial=score.points if score else None,
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "data-max": f"{indicator.max_points:g}"}
                ),
            )
            self.fields[f"joint_comment_{indicator.pk}"] = forms.CharField(
                label=_("Comment on %(code)s") % {"code": indicator.code},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 1}),
                initial=score.comment if score else "",
            )
        self.fields["comment"] = forms.CharField(
            label=_("Opinion of the Hội Khuyến học"),
            required=False,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 3}),
            initial=review.comment if review else "",
        )

    def points(self) -> dict:
        data = self.cleaned_data
        return {
            i.pk: (data[f"joint_points_{i.pk}"], data[f"joint_comment_{i.pk}"])
            for i in self.indicators
        }

    def rows(self):
        for indicator in self.indicators:
            yield (
                indicator,
                self.review_scores.get(indicator.pk),
                self[f"joint_points_{indicator.pk}"],
                self[f"joint_comment_{indicator.pk}"],
            )


class JointApprovalForm(forms.Form):
    joint_may_approve = OpenRoundForm.base_fields["joint_may_approve"]


class ReasonForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class EvidenceForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(), empty_label=CHOOSE
    )
    file = forms.FileField(label=_("File (PDF, image or office document)"))

    def __init__(self, *args, rating: Rating, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.fields["indicator"].queryset = Indicator.objects.filter(
            criterion__rubric_id=rating.rubric_id
        ).select_related("criterion")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = suffix_of(upload.name)
        if suffix not in SUFFIXES:
            raise forms.ValidationError(
                _("Only PDF, JPEG, PNG, Word, Excel or OpenDocument files are accepted.")
            )
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                _("The file is too large (at most %(mb)s MB).") % {"mb": self.max_bytes // 2**20}
            )
        check_document(upload, suffix)
        return upload


class HistoricalGradeForm(forms.Form):
    centre = forms.ModelChoiceField(
        label=_("Centre"), queryset=Centre.objects.none(), empty_label=CHOOSE
    )
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR)
    grade = forms.ChoiceField(
        label=_("Grade"),
        choices=[
            ("", CHOOSE),
            *((v, str(label).capitalize()) for v, label in Grade.choices),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        centres = historical_grade_centres(user)
        self.fields["centre"].queryset = centres.order_by("commune__path")
        _at_most(self.fields["year"], datetime.date.today().year - 1)
        # Nothing chosen for the clerk; labels capitalised in the request's language.
        self.fields["grade"].choices = [
            ("", CHOOSE),
            *((value, str(label).capitalize()) for value, label in Grade.choices),
        ]
