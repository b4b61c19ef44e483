"""Filters' widgets written without Django's templates come out as Django writes them."""

import datetime

import pytest
from django import forms
from django.test import SimpleTestCase

from activities.models import ContentArea
from core.templatetags.fields import bootstrap_widget, widget_html

pytestmark = pytest.mark.django_db


class Filters(forms.Form):
    year = forms.TypedChoiceField(
        label="Năm", coerce=int, choices=[(y, str(y)) for y in range(2007, 2027)], initial=2026
    )
    kind = forms.ChoiceField(
        required=False,
        choices=[("", "Tất cả"), ("Loại", [("class", "Lớp học"), ("talk", "Chuyên đề <mới>")])],
    )
    area = forms.ModelChoiceField(ContentArea.objects.all(), required=False)
    known = forms.NullBooleanField(required=False)
    q = forms.CharField(required=False, help_text="Tên lớp, chuyên đề")
    people = forms.IntegerField(min_value=0, required=False)
    day = forms.DateField(required=False, widget=forms.DateInput(format="%d/%m/%Y"))
    locked = forms.CharField(required=False, disabled=True, initial="đã khóa")
    note = forms.CharField(required=False, widget=forms.Textarea)


def _same(form):
    check = SimpleTestCase()
    for field in form:
        attrs = {"class": "form-control"}
        check.assertHTMLEqual(widget_html(field, attrs), field.as_widget(attrs=attrs))


def test_an_unbound_forms_widgets_are_djangos(db):
    ContentArea.objects.create(name="Pháp luật & đời sống")
    _same(Filters())


def test_a_bound_forms_widgets_keep_the_values_typed_and_mark_errors(db):
    area = ContentArea.objects.create(name="Y tế")
    form = Filters(
        {"year": "2015", "kind": "talk", "area": str(area.pk), "known": "true",
         "q": 'Lớp "xoá mù" <b>', "people": "7,5", "day": "05/03/2026"}
    )  # fmt: skip
    assert not form.is_valid()  # "7,5" is not a whole number
    _same(form)
    assert 'aria-invalid="true"' in widget_html(form["people"])
    assert '<option value="2015" selected>2015</option>' in widget_html(form["year"])
    assert "Chuyên đề &lt;mới&gt;" in widget_html(form["kind"])


def test_the_bootstrap_filter_marks_an_invalid_field(db):
    form = Filters({"year": "1990"})
    assert not form.is_valid()
    html = bootstrap_widget(form["year"])
    assert 'class="form-select is-invalid"' in html
    assert html.startswith('<select name="year"')
    assert bootstrap_widget(form["note"]).startswith("<textarea")  # left to Django


def test_a_date_is_written_dd_mm_yyyy(db):
    form = Filters(initial={"day": datetime.date(2026, 3, 5)})
    assert 'value="05/03/2026"' in widget_html(form["day"])


def test_numbers_as_labels_are_written_in_the_languages_format(db):
    class Shares(forms.Form):
        share = forms.ChoiceField(choices=[("a", 1.5), ("b", 2)])

    check = SimpleTestCase()
    field = Shares()["share"]
    check.assertHTMLEqual(widget_html(field), field.as_widget())
    assert ">1,5</option>" in widget_html(field)


def test_a_multiple_hidden_input_is_left_to_django(db):
    class Hidden(forms.Form):
        picked = forms.MultipleChoiceField(
            choices=[("a", "A"), ("b", "B")], widget=forms.MultipleHiddenInput
        )

    field = Hidden({"picked": ["a", "b"]})["picked"]
    assert widget_html(field) == field.as_widget()
    assert widget_html(field).count("<input") == 2
