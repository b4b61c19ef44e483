"""The select written in Python renders what Django's own Select renders."""

from django import forms
from django.test.html import parse_html

from core.widgets import QuickSelect


class Years(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Không so sánh"), ("2026", "2026"), ("2011", "<2011>")])
    quick = forms.ChoiceField(
        choices=[("", "Không so sánh"), ("2026", "2026"), ("2011", "<2011>")], widget=QuickSelect
    )
    grouped = forms.ChoiceField(
        choices=[("Huyện", [("1", "Quỳnh Phụ"), ("2", "Đông Hưng")])], widget=QuickSelect
    )


def test_a_quick_select_writes_the_same_html_as_djangos():
    form = Years({"plain": "2011", "quick": "2011", "grouped": "2"})
    plain = str(form["plain"].as_widget()).replace("plain", "X")
    quick = str(form["quick"].as_widget()).replace("quick", "X")
    assert parse_html(quick) == parse_html(plain)  # as HTML: attribute order and spaces aside
    assert '<option value="2011" selected>&lt;2011&gt;</option>' in quick


def test_a_quick_select_keeps_option_groups_and_the_choice():
    html = Years({"grouped": "2"})["grouped"].as_widget()
    assert '<optgroup label="Huyện">' in html
    assert '<option value="2" selected>Đông Hưng</option>' in html
    assert '<option value="1">Quỳnh Phụ</option>' in html
