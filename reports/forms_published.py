"""The form of a unit's published figures of a year (reports/published.py)."""

from django import forms

from core.fields import vietnamese_formfield

from .models import ACTIVITY_FIELDS, GRADE_FIELDS, PublishedFigures


class PublishedFiguresForm(forms.ModelForm):
    """A year's published totals; the unit is the page's, not a field. Counts are typed the
    Vietnamese way ("1.234"); the checks between them are PublishedFigures.clean's."""

    class Meta:
        formfield_callback = vietnamese_formfield
        model = PublishedFigures
        fields = ["year", "source", "note", "centres", *GRADE_FIELDS, *ACTIVITY_FIELDS]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def document_fields(self):
        return [self[name] for name in ("year", "source", "note")]

    def distribution_fields(self):
        return [self[name] for name in ("centres", *GRADE_FIELDS)]

    def activity_fields(self):
        return [self[name] for name in ACTIVITY_FIELDS]
