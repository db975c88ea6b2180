"""Exact proportional splitting of fen amounts (discounts over lines, refunds over payments)."""

from collections.abc import Sequence


def allocate(amount: int, weights: Sequence[int]) -> list[int]:
    """Split `amount` fen in proportion to `weights` so the shares add up to `amount` exactly.

    Largest remainder: every share gets its floor, then the fen left over go one each to the
    largest remainders (the earlier weight wins a tie), so no share exceeds its proportional
    ceiling and the result depends only on the arguments.
    """
    if amount < 0:
        raise ValueError("amount must not be negative")
    if weights and min(weights) < 0:
        raise ValueError("weights must not be negative")
    total = sum(weights)
    if total == 0:
        if amount == 0:
            return [0] * len(weights)
        raise ValueError("cannot allocate a positive amount over zero weights")
    shares = [amount * weight // total for weight in weights]
    leftover = amount - sum(shares)
    if leftover:
        lacking = [-(amount * weight % total) for weight in weights]
        # a stable sort: among equal remainders the earlier weight stays first
        for index in sorted(range(len(weights)), key=lacking.__getitem__)[:leftover]:
            shares[index] += 1
    return shares
