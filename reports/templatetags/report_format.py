import html
from decimal import Decimal
from functools import cache

from django import template
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


@cache
def _separators(language: str) -> tuple[str, int, str]:
    return tuple(
        get_format(name, language, use_l10n=True)
        for name in ("DECIMAL_SEPARATOR", "NUMBER_GROUPING", "THOUSAND_SEPARATOR")
    )


def number_format(value, decimal_pos=None, use_l10n=True, force_grouping=False) -> str:
    """Django's number_format with the language's separators looked up once: a national table
    formats some ten thousand numbers."""
    decimal_sep, grouping, thousand_sep = _separators(get_language())
    if type(value) is int and not decimal_pos and grouping == 3 and force_grouping:
        return f"{value:,}".replace(",", thousand_sep)  # what numberformat writes, faster
    if type(value) is Decimal and decimal_pos and value.is_finite() and abs(value) < 1000:
        # A share (55,2): numberformat's rules (below its cut-off a value is 0; decimals cut,
        # then padded), without grouping, which a number below 1.000 never needs.
        if abs(value) < Decimal(1).scaleb(-decimal_pos):
            value = Decimal(0)
        whole, _, decimals = f"{value:f}".partition(".")
        return f"{whole}{decimal_sep}{decimals[:decimal_pos].ljust(decimal_pos, '0')}"
    return numberformat.format(
        value, decimal_sep, decimal_pos, grouping, thousand_sep,
        force_grouping=force_grouping, use_l10n=use_l10n,
    )  # fmt: skip


def _places(value) -> int:
    """A share's decimals: one, or as many as the Decimal carries (31,13 with two)."""
    if isinstance(value, Decimal) and value.is_finite():
        return max(1, -value.as_tuple().exponent)
    return 1


@register.filter
def cell(value, kind: str) -> str:
    """A table cell the Vietnamese way: 4.999.497, 55,2%, 17,3; empty for no value."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):  # a text value in a column of numbers (a profile table)
        return value
    if kind == "date":
        return value.strftime("%d/%m/%Y")
    if kind == "int":
        # An average in a column of counts keeps its decimal: 368,8, not 369.
        places = 1 if isinstance(value, Decimal) and value != value.to_integral_value() else 0
        return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    if kind == "pct":
        return number_format(Decimal(value), decimal_pos=_places(value), use_l10n=True) + "%"
    if kind == "dec":
        return number_format(Decimal(value), decimal_pos=1, use_l10n=True, force_grouping=True)
    if kind == "change":
        return change(value)
    return str(value)


@register.filter
def change(value) -> str:
    """A change in percentage points as the reports write it: "tăng 17,3" / "giảm 2,0"."""
    if value is None:
        return ""
    from django.utils.translation import gettext as _

    amount = number_format(abs(Decimal(value)), decimal_pos=_places(value), use_l10n=True)
    if value > 0:
        return _("up %(points)s") % {"points": amount}
    if value < 0:
        return _("down %(points)s") % {"points": amount}
    return _("unchanged")


@register.filter
def recipient_lines(text) -> str:
    """ "Nơi nhận" as the state format prints it (Nghị định 30/2020): each line starts with a
    dash, and "- Lưu: VT." closes the list when the writer did not say where it is filed."""
    lines = [" ".join(line.split()) for line in str(text or "").splitlines()]
    lines = [line.lstrip("-–+• ").strip() for line in lines if line.strip(" -–+•")]
    if not any(line.casefold().startswith("lưu") for line in lines):
        lines.append("Lưu: VT.")
    return "\n".join(f"- {line}" for line in lines)


@register.filter
def result_name(value) -> str:
    """A grade's or a learning community's level's name ("tốt", "đạt mức độ 1")."""
    from ratings.models import result_label

    return result_label(value)


@register.simple_tag
def distribution_cells(row, centres_url: str, unit_pk: int, year: int) -> str:
    """A distribution row's cells: each result's count (linked to its centres) over the row's
    centres, then its share. Written here (a national table has some ten thousand of them),
    every part escaped."""
    centres = html.escape(cell(row.centres, "int"))
    link = f"{html.escape(centres_url)}?unit={int(unit_pk)}&amp;year={int(year)}&amp;grade="
    return mark_safe(  # noqa: S308 (every part escaped above or below, or a whole number)
        "".join(
            f'<td class="num"><a href="{link}{html.escape(grade)}">'
            f"{html.escape(cell(count, 'int'))}</a>/{centres}</td>"
            f'<td class="num">{html.escape(cell(share, "pct"))}</td>'
            for grade, count, share in row.cells
        )
    )


@register.simple_tag
def row_cells(row, kinds, number_class: str = "num") -> str:
    """A table row's cells, each value written the Vietnamese way (`cell`) and escaped; numbers
    carry `number_class`. One call per row: the indicator tables of a country are long."""
    number = f' class="{html.escape(number_class)}"'
    return mark_safe(  # noqa: S308 (every value escaped)
        "".join(
            f"<td{'' if kind == 'text' else number}>{html.escape(str(cell(value, kind)))}</td>"
            for value, kind in zip(row, kinds, strict=False)
        )
    )
