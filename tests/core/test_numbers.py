"""Numbers typed the Vietnamese way, in forms and in spreadsheet cells."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.fields import DecimalCommaField, GroupedNumberInput, WholeNumberField
from core.text import group_digits, parse_whole_number


@pytest.mark.parametrize(
    ("typed", "number"),
    [("15.000.000", 15_000_000), ("15000000", 15_000_000), (" 1.234 ", 1234), ("0", 0),
     ("12 500 000", 12_500_000), ("7\u202f000", 7000), ("-5", -5), ("", None)],
)  # fmt: skip
def test_whole_numbers_are_read_with_or_without_grouping_dots(typed, number):
    assert parse_whole_number(typed) == number


@pytest.mark.parametrize("typed", ["15,5", "1.500,50", "15.5", "1.50"])
def test_a_decimal_part_is_refused_with_its_own_message(typed):
    with pytest.raises(ValidationError) as error:
        parse_whole_number(typed)
    assert error.value.code == "decimal"


@pytest.mark.parametrize("typed", ["15.00.000", "abc", "1.2345", "²", "9" * 5000, "١٢٣"])
def test_other_text_is_not_a_number(typed):
    with pytest.raises(ValidationError) as error:
        parse_whole_number(typed)
    assert error.value.code == "invalid"


def test_digits_are_grouped_with_dots():
    assert group_digits(4999497) == "4.999.497"
    assert GroupedNumberInput().format_value(15_000_000) == "15.000.000"


def test_the_field_states_its_limit_with_grouped_digits():
    field = WholeNumberField(min_value=0, max_value=100_000_000_000)
    assert field.clean("15.000.000") == 15_000_000
    with pytest.raises(ValidationError) as error:
        field.clean("200.000.000.000")
    assert "100.000.000.000" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        field.clean("15,5")
    assert error.value.messages == ["Hãy nhập một số nguyên, không có phần thập phân."]


def test_decimals_take_a_comma_or_a_dot_and_state_the_limit_with_a_comma():
    field = DecimalCommaField(max_value=Decimal("4.0"), max_digits=4, decimal_places=1)
    assert field.clean("3,5") == Decimal("3.5")
    assert field.clean("3.5") == Decimal("3.5")
    with pytest.raises(ValidationError) as error:
        field.clean("4,5")
    assert error.value.messages == ["Tối đa 4."]
