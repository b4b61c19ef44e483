"""Percentages of a distribution, rounded as the unit publishes them: by largest remainder, so
that they add up to exactly 100 at the shown precision, or each share on its own."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

REMAINDER, PLAIN = "remainder", "plain"


def shares(counts: list[int], decimals: int = 1, method: str = REMAINDER) -> list[Decimal]:
    """Percentages of `counts` with `decimals` places.

    By largest remainder, 158, 125 and 3 of 286 give 55,2 / 43,7 / 1,1 (as the seed report
    prints them), where plain rounding gives 55,2 / 43,7 / 1,0 = 99,9. Ties go to the larger
    count, then the earlier.
    """
    total = sum(counts)
    step = Decimal(1).scaleb(-decimals)
    if total == 0:
        return [Decimal(0).quantize(step) for _ in counts]
    if method == PLAIN:
        return [
            (Decimal(100 * count) / total).quantize(step, rounding=ROUND_HALF_UP)
            for count in counts
        ]
    units = 100 * 10**decimals
    exact = [count * units / total for count in counts]
    floors = [int(value) for value in exact]
    missing = units - sum(floors)
    order = sorted(
        range(len(counts)), key=lambda i: (exact[i] - floors[i], counts[i], -i), reverse=True
    )
    for i in order[:missing]:
        floors[i] += 1
    return [(Decimal(value) * step).quantize(step) for value in floors]


@dataclass(frozen=True)
class ShareRounding:
    """A unit's choice (reports.UnitSettings): how many decimals, which method."""

    decimals: int = 1
    method: str = REMAINDER

    def shares(self, counts: list[int]) -> list[Decimal]:
        return shares(counts, self.decimals, self.method)

    @property
    def key(self) -> str:
        return f"{self.decimals}{self.method}"

    @property
    def note(self) -> str:
        """The line under each table that says how its shares were rounded."""
        if self.method == PLAIN:
            text = _(
                "Shares rounded each on its own to %(n)s decimal(s); a row may add up to "
                "slightly more or less than 100%%."
            )
        else:
            text = _(
                "Shares rounded to %(n)s decimal(s) by the largest remainder, so that each "
                "row adds up to 100%%; a share may differ from a calculator's by one unit of "
                "the last decimal."
            )
        return text % {"n": self.decimals}


DEFAULT_ROUNDING = ShareRounding()
