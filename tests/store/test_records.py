"""The location JSON stored with child rows (the file left out only when it is implied, the rest as pydantic
writes it), and decimals as stored."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from budgetlens.model import Location
from budgetlens.store.records import _loc, plain

_places = st.none() | st.integers(min_value=0, max_value=10**9)
_texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


@given(file=_texts, block=_places, row=_places, col=_places, start=_places, end=_places, line=_places, page=_places,
       sheet=st.none() | _texts, implied=_texts)
def test_location_json_is_pydantics(file: str, block: int | None, row: int | None, col: int | None,
                                    start: int | None, end: int | None, line: int | None, page: int | None,
                                    sheet: str | None, implied: str) -> None:
    where = Location(file=file, block=block, row=row, col=col, start=start, end=end, line=line, page=page, sheet=sheet)
    without_file = json.loads(where.model_dump_json(exclude_none=True, exclude={"file"}))
    with_file = json.loads(where.model_dump_json(exclude_none=True))
    assert json.loads(_loc(where) or "") == without_file
    assert json.loads(_loc(where, implied) or "") == (without_file if file == implied else with_file)
    assert Location.model_validate_json(_loc(where, implied) or "").model_copy(
        update={} if file != implied else {"file": file}) == where


def test_location_json_text() -> None:
    where = Location(file="表.txt", block=5, row=1, col=3, line=12)
    assert _loc(where) == '{"block":5,"row":1,"col":3,"line":12}'
    assert _loc(where, "表.txt") == '{"block":5,"row":1,"col":3,"line":12}'
    assert _loc(where, "其他.txt") == '{"file":"表.txt","block":5,"row":1,"col":3,"line":12}'
    assert _loc(Location(file="a.xlsx", block=0, row=2, col=1, sheet='表"一"\n')) == (
        '{"block":0,"row":2,"col":1,"sheet":"表\\"一\\"\\n"}')
    assert _loc(Location()) == "{}"
    assert _loc(None) is None


@given(st.decimals(allow_nan=True, allow_infinity=True) | st.builds(
    lambda digits, exponent: Decimal(digits).scaleb(exponent),
    st.integers(min_value=-10**12, max_value=10**12), st.integers(min_value=-12, max_value=12)))
def test_plain_is_format_f(value: Decimal) -> None:
    assert plain(value) == format(value, "f")


def test_plain_examples() -> None:
    assert plain(Decimal("12345.67")) == "12345.67"
    assert plain(Decimal("123.45") * 10000) == "1234500.00"
    assert plain(Decimal("1.2").scaleb(4)) == "12000"  # str() would write 1.2E+4
    assert plain(Decimal("0.00000012")) == "0.00000012"  # str() would write 1.2E-7
    assert plain(Decimal("-0")) == "-0"
