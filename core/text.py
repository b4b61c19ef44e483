import re
import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def fold(text: str) -> str:
    """Lower-case text without Vietnamese diacritics, for searches typed without them."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def whole_number(value) -> int | None:
    """A non-negative whole number typed in a URL, a form or a spreadsheet cell, else None.

    str.isdigit() also accepts "²" or "①", which int() refuses (a server error on "?centre=²");
    isdecimal() accepts exactly the digits int() reads. Numbers beyond a 64-bit id are refused.
    """
    text = "" if value is None else str(value).strip()
    if not text.isdecimal() or len(text) > 19:
        return None
    number = int(text)
    return number if number < 2**63 else None


GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$", re.ASCII)
SPACES = re.compile(r"[\s\u00a0\u202f]")


def group_digits(number: int | str) -> str:
    """4999497 -> "4.999.497"."""
    return f"{int(number):,}".replace(",", ".")


def parse_whole_number(text: str) -> int | None:
    """A whole number typed with or without dots between thousands; None if it is not one.

    Raises ValidationError for a decimal part ("15,5"), which is a mistake for a count or đồng.
    """
    text = SPACES.sub("", str(text))
    if not text:
        return None
    if len(text) > 25:  # beyond any count or sum of đồng (and beyond what int() reads)
        raise ValidationError(_("Enter a whole number, e.g. 15.000.000."), code="invalid")
    sign, digits = (-1, text[1:]) if text.startswith("-") else (1, text)
    if digits.isdecimal() and digits.isascii():
        return sign * int(digits)  # a negative number is the validators' to refuse, in words
    if GROUPED.match(digits):
        return sign * int(digits.replace(".", ""))
    if re.fullmatch(r"\d[\d.]*,\d+", text, re.ASCII) or re.fullmatch(
        r"\d+\.\d{1,2}", text, re.ASCII
    ):
        raise ValidationError(_("Enter a whole number, without a decimal part."), code="decimal")
    raise ValidationError(_("Enter a whole number, e.g. 15.000.000."), code="invalid")


DECIMAL_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$", re.ASCII)
DECIMAL_PLAIN = re.compile(r"^\d+(?:,\d+)?$", re.ASCII)
DECIMAL_POINT = re.compile(r"^\d+\.\d{1,2}$", re.ASCII)


def parse_decimal(text: str):
    """A non-negative number typed the Vietnamese way ("1.250", "7,5", "1.250,5"; "7.5" too),
    as a Decimal; None if it is not one."""
    text = SPACES.sub("", str(text))
    if len(text) > 30:
        return None
    if DECIMAL_GROUPED.match(text):
        return Decimal(text.replace(".", "").replace(",", "."))
    if DECIMAL_PLAIN.match(text):
        return Decimal(text.replace(",", "."))
    if DECIMAL_POINT.match(text):
        return Decimal(text)
    return None


def show_decimal(value) -> str:
    """ "1250" -> "1.250", "7.5" -> "7,5": a stored number as a Vietnamese reader writes it."""
    number = Decimal(str(value))
    whole, _dot, fraction = f"{number.normalize():f}".partition(".")
    return group_digits(whole) + ("," + fraction if fraction else "")
