"""``adds_up`` tests an exact sum first; it must agree with ``check_sum`` everywhere."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from budgetlens.check.tolerance import adds_up, check_sum
from budgetlens.model import Amount, Unit

_units = st.sampled_from([Unit.YUAN, Unit.WAN])


@st.composite
def _amounts(draw: st.DrawFn) -> Amount:
    decimals = draw(st.integers(min_value=0, max_value=4))
    cents = draw(st.integers(min_value=-10**9, max_value=10**9))
    return Amount(value=Decimal(cents).scaleb(-decimals), unit=draw(_units), decimals=decimals)


@given(st.lists(_amounts(), min_size=1, max_size=6), st.none() | _units, st.booleans(), st.data())
def test_adds_up_is_check_sum(parts: list[Amount], unit: Unit | None, exact: bool, data: st.DataObject) -> None:
    if exact:  # a stated total that is the parts' exact sum, in the first part's unit
        u = parts[0].unit
        value = sum((a.value if a.unit is u else a.value * a.unit.factor / u.factor for a in parts), Decimal(0))
        stated = Amount(value=value, unit=u, decimals=max(a.decimals for a in parts))
    else:
        stated = data.draw(_amounts())
    assert adds_up(stated, parts, unit) == check_sum(stated, parts, unit).ok


def test_adds_up_examples() -> None:
    wan = Unit.WAN
    parts = [Amount(value=Decimal("2108.87"), unit=wan, decimals=2), Amount(value=Decimal("4646.36"), unit=wan, decimals=2)]
    assert adds_up(Amount(value=Decimal("6755.23"), unit=wan, decimals=2), parts)  # exact
    assert adds_up(Amount(value=Decimal("6755.24"), unit=wan, decimals=2), parts)  # within the printed radii
    assert not adds_up(Amount(value=Decimal("6755.26"), unit=wan, decimals=2), parts)
    # a total in 元 against parts in 万元
    assert adds_up(Amount(value=Decimal("67552300"), unit=Unit.YUAN), parts, wan)
    assert not adds_up(Amount(value=Decimal("67552300"), unit=Unit.YUAN), [parts[0]], wan)
