"""Decimal arithmetic for the narrative: rounding, shares, changes, printing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def q2(value: Decimal) -> Decimal:
    """Round to 2 decimals, half up (the way percentages and amounts are printed)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(value: Decimal, *, grouping: bool = False) -> str:
    """An amount with exactly 2 decimals: ``Decimal('1234.5')`` → ``1234.50``."""
    return f"{q2(value):,.2f}" if grouping else f"{q2(value):.2f}"


def cell(value: Decimal | None) -> str:
    """A table cell: blank for None or zero, else 2 decimals with thousands separators."""
    if value is None or value == 0:
        return ""
    return fmt(value, grouping=True)


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole``, 2 decimals half up; None when ``whole`` is 0."""
    if whole == 0:
        return None
    return q2(part * HUNDRED / whole)


@dataclass(frozen=True, slots=True)
class Change:
    """A year-on-year change: amount (this − last) and percent of last year (None when last is 0)."""

    amount: Decimal
    percent: Decimal | None

    @property
    def direction(self) -> str:
        return "增加" if self.amount > 0 else "减少" if self.amount < 0 else "持平"

    @property
    def trend(self) -> str:
        return "增长" if self.amount > 0 else "下降"


def change(now: Decimal, last: Decimal) -> Change:
    diff = now - last
    return Change(diff, None if last == 0 else q2(abs(diff) * HUNDRED / last))


def pct(value: Decimal) -> str:
    return f"{q2(value):.2f}%"
