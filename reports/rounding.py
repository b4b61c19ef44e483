"""Percentages of a distribution that add up to exactly 100,0 at the shown precision."""

from decimal import Decimal


def shares(counts: list[int], decimals: int = 1) -> list[Decimal]:
    """Largest-remainder rounding of counts to percentages with `decimals` places.

    158, 125 and 3 of 286 give 55,2 / 43,7 / 1,1 (as the seed report prints them), where plain
    rounding would give 55,2 / 43,7 / 1,0 = 99,9. Ties go to the larger count, then the earlier.
    """
    total = sum(counts)
    if total == 0:
        return [Decimal(0) for _ in counts]
    units = 100 * 10**decimals
    exact = [count * units / total for count in counts]
    floors = [int(value) for value in exact]
    missing = units - sum(floors)
    order = sorted(
        range(len(counts)), key=lambda i: (exact[i] - floors[i], counts[i], -i), reverse=True
    )
    for i in order[:missing]:
        floors[i] += 1
    step = Decimal(1).scaleb(-decimals)
    return [(Decimal(value) * step).quantize(step) for value in floors]
