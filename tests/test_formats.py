"""Numbers and dates are written the Vietnamese way."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation


def render(source: str, **context) -> str:
    with translation.override("vi"):
        return Template("{% load l10n %}" + source).render(Context(context))


def test_large_numbers_use_dots_between_thousands():
    assert render("{% load humanize %}{{ n|intcomma }}", n=4999497) == "4.999.497"


def test_ids_in_links_and_inputs_are_never_grouped():
    assert render("{{ n }}", n=12345) == "12345"


def test_decimals_use_a_comma():
    assert render("{{ n|floatformat:1 }}", n=Decimal("55.2")) == "55,2"


def test_dates_are_day_month_year():
    day = datetime.date(2012, 1, 5)
    assert render("{{ d }}", d=day) == "05/01/2012"
    assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=day) == "05/01/2012"


def test_dates_typed_day_first_are_understood():
    with translation.override("vi"):
        assert "%d/%m/%Y" in formats.get_format("DATE_INPUT_FORMATS")


def test_centre_page_shows_population_with_thousand_dots(client, commune_staff, centre):
    centre.adult_population = 12345
    centre.save()
    client.force_login(commune_staff)
    assert "12.345" in client.get(centre.get_absolute_url()).content.decode()


@pytest.mark.parametrize(("language", "decimal", "thousand"), [("vi", ",", "."), ("en", ".", ",")])
def test_report_cells_write_whole_numbers_as_djangos_number_format_does(
    language, decimal, thousand
):
    from django.utils import numberformat, translation

    from reports.templatetags.report_format import number_format

    with translation.override(language):
        for value in (0, 7, -5, 999, 1000, -1000, 4999497, -123456789, 10**12):
            fast = number_format(value, decimal_pos=0, force_grouping=True)
            assert fast == numberformat.format(value, decimal, 0, 3, thousand, force_grouping=True)


@pytest.mark.parametrize(("language", "decimal", "thousand"), [("vi", ",", "."), ("en", ".", ",")])
def test_report_cells_write_shares_as_djangos_number_format_does(language, decimal, thousand):
    from decimal import Decimal

    from django.utils import numberformat, translation

    from reports.templatetags.report_format import number_format

    values = ["55.2", "0", "-0.0", "0.04", "-0.04", "0.05", "-17.3", "100.0", "999.95", "31.13",
              "2.5", "-2.50", "7", "0.001", "12.3456"]  # fmt: skip
    with translation.override(language):
        for text in values:
            for places in (1, 2, 3):
                value = Decimal(text)
                expected = numberformat.format(value, decimal, places, 3, thousand)
                assert number_format(value, decimal_pos=places) == expected, (text, places)
