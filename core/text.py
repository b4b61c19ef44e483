import unicodedata


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
