"""Tolerance from printed precision, the way XBRL calculation checks work.

Every printed figure stands for an interval: ``7147.37`` 万元 means any value within
±0.005 万元. A sum is inconsistent only when the interval of the stated total and the
interval of the sum of the parts cannot meet. Percentages are recomputed the same way: the
interval of ``part / whole`` must meet the interval of the printed percentage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from budgetlens.model import Amount, Percent, Unit, convert
from budgetlens.model.amount import half_ulp

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def printed(amount: Amount, unit: Unit) -> tuple[Decimal, Decimal]:
    """The value of ``amount`` in ``unit`` and how far from it the figure may lie: half a unit in its
    last printed place, and nothing for a printed zero ("0万元" means nothing was spent, not "under
    0.5万元"). ``Amount.in_unit`` and ``Amount.radius`` inlined: this runs for every figure of every sum."""
    v = amount.value
    if amount.unit is unit:
        return v, half_ulp(amount.decimals) if v else ZERO
    return convert(v, amount.unit, unit), convert(half_ulp(amount.decimals), amount.unit, unit) if v else ZERO


@dataclass(frozen=True, slots=True)
class Interval:
    lo: Decimal
    hi: Decimal

    @classmethod
    def exact(cls, value: Decimal) -> Interval:
        return cls(value, value)

    @classmethod
    def around(cls, value: Decimal, radius: Decimal) -> Interval:
        return cls(value - radius, value + radius)

    @classmethod
    def of(cls, amount: Amount, unit: Unit | None = None) -> Interval:
        """The interval a printed amount stands for, in ``unit`` (default: its own unit)."""
        value, radius = printed(amount, unit or amount.unit)
        return cls(value - radius, value + radius)

    @classmethod
    def of_percent(cls, pct: Percent) -> Interval:
        if pct.value == 0:
            return cls.exact(pct.value)
        return cls.around(pct.value, pct.half_ulp)

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2

    @property
    def radius(self) -> Decimal:
        return (self.hi - self.lo) / 2

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def meets(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def contains(self, value: Decimal) -> bool:
        return self.lo <= value <= self.hi

    def divided_by(self, other: Interval) -> Interval | None:
        """``self / other`` for a strictly positive divisor; None when it may be zero."""
        if other.lo <= 0:
            return None
        cands = [self.lo / other.lo, self.lo / other.hi, self.hi / other.lo, self.hi / other.hi]
        return Interval(min(cands), max(cands))

    def times(self, factor: Decimal) -> Interval:
        a, b = self.lo * factor, self.hi * factor
        return Interval(min(a, b), max(a, b))


def total(intervals: Iterable[Interval]) -> Interval:
    acc = Interval.exact(ZERO)
    for iv in intervals:
        acc = acc + iv
    return acc


@dataclass(frozen=True, slots=True)
class SumCheck:
    """Outcome of comparing a stated figure with the sum of its parts."""

    ok: bool
    stated: Decimal
    expected: Decimal
    difference: Decimal
    tolerance: Decimal
    unit: Unit


def _totals(stated: Amount, parts: Iterable[Amount], unit: Unit) -> tuple[Decimal, Decimal, Decimal]:
    """``stated``, the sum of ``parts`` and the sum of all their printed radii, in ``unit``.

    :func:`printed` inlined for parts in ``unit`` already (nearly all): this runs for every part
    of every sum of every table.
    """
    value, radius = printed(stated, unit)
    expected = ZERO
    for a in parts:
        v = a.value
        if a.unit is unit:
            expected += v
            if v:
                radius += half_ulp(a.decimals)
        else:
            v, r = printed(a, unit)
            expected += v
            radius += r
    return value, expected, radius


def check_sum(stated: Amount, parts: Iterable[Amount], unit: Unit | None = None) -> SumCheck:
    """Compare ``stated`` with the sum of ``parts``.

    The two intervals meet exactly when the difference of their midpoints is within the sum of
    their radii, which is what is computed here (this runs for every total of every table).
    """
    u = unit or stated.unit
    value, expected, radius = _totals(stated, parts, u)
    difference = value - expected
    return SumCheck(
        ok=abs(difference) <= radius,
        stated=value,
        expected=expected,
        difference=difference,
        tolerance=radius,
        unit=u,
    )


def adds_up(stated: Amount, parts: Sequence[Amount], unit: Unit | None = None) -> bool:
    """``check_sum(...).ok`` without the :class:`SumCheck`: rules test this first and build their
    labels only for a failure.

    Most sums of a disclosure add up exactly, in one unit: that is tested first, without the
    printed radii (a third of the time, one-off timeit). The additions are the ones ``_totals``
    makes, in its order, so both give the same sum.
    """
    u = unit or stated.unit
    if stated.unit is u:
        exact = ZERO
        for a in parts:
            if a.unit is not u:
                break
            exact += a.value
        else:
            if exact == stated.value:
                return True
    value, expected, radius = _totals(stated, parts, u)
    return abs(value - expected) <= radius


def check_equal(a: Amount, b: Amount, unit: Unit | None = None) -> SumCheck:
    return check_sum(a, [b], unit)


def share_interval(part: Interval, whole: Interval) -> Interval | None:
    """Interval of ``part / whole × 100``."""
    q = part.divided_by(whole)
    return None if q is None else q.times(HUNDRED)


def round_to(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals))


def fmt(value: Decimal) -> str:
    """Plain decimal text without exponent and without needless trailing zeros."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
