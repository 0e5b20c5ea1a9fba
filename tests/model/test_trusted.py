"""Objects built without validation are the objects validation would have built."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.model import Amount, Disclosure, Entity, Location, Row, Side, Source, Table, TableKind, Unit
from budgetlens.model.trusted import maker

_location = maker(Location, "file", "block", "row", "col", "line")
_span = maker(Location, "file", "block", "start", "end")
_amount = maker(Amount, "value", "unit", "decimals", "raw", "where")


def test_location_equals_validated_one() -> None:
    fast = _location("a.txt", 3, 4, 2, 17)
    slow = Location(file="a.txt", block=3, row=4, col=2, line=17)
    assert fast == slow
    assert hash(fast) == hash(slow)
    assert fast.model_dump_json() == slow.model_dump_json()
    assert fast.page is None and fast.sheet is None  # defaults filled in
    assert fast.describe() == "a.txt 第17行 表格第5行第3列"


def test_amount_json_keeps_field_order() -> None:
    where = _span("a.txt", 1, 5, 12)
    fast = _amount(Decimal("12.50"), Unit.WAN, 2, "12.50万元", where)
    slow = Amount(value=Decimal("12.50"), unit=Unit.WAN, decimals=2, raw="12.50万元", where=where)
    assert fast == slow
    # declaration order, as pydantic writes it for a validated object
    assert fast.model_dump_json(exclude_none=True) == (
        '{"value":"12.50","unit":"万元","decimals":2,"raw":"12.50万元","where":{"file":"a.txt","block":1,'
        '"start":5,"end":12}}')
    assert fast.radius(Unit.YUAN) == Decimal("50")


def test_factory_defaults_are_fresh_per_object() -> None:
    a = maker(Row, "name", "is_total")("合计", True)
    b = maker(Row, "name", "side")("教育支出", Side.EXPENSE)
    assert a.values == {} and a.texts == {}
    assert a.values is not b.values  # a new dict each, as default_factory gives
    assert a == Row(name="合计", is_total=True)
    assert b.depth == 0 and b.level is None


def test_disclosure_of_trusted_parts_reloads_equal() -> None:
    amount = _amount(Decimal("3488570.00"), Unit.YUAN, 2, "3,488,570.00", _location("x.txt", 2, 3, 1, None))
    row = maker(Row, "name", "is_total", "values", "where")("合计", True, {"本年支出": amount},
                                                          _location("x.txt", 2, 3, 0, None))
    d = Disclosure(source=Source(path="x.txt", format="txt"), entity=Entity(name="云溪县文化广电和旅游局"),
                   tables=[Table(kind=TableKind.EXPENSE, title="支出总表", rows=[row])])
    again = Disclosure.model_validate_json(d.model_dump_json(exclude_none=True))
    assert again == d
    assert again.tables[0].rows[0].values["本年支出"].value == Decimal("3488570.00")


def test_maker_fills_fields_in_declaration_order() -> None:
    new_location = maker(Location, "file", "block", "row", "col", "line", "page")
    fast = new_location("a.txt", 3, 4, 2, 17, None)
    assert fast == Location(file="a.txt", block=3, row=4, col=2, line=17)
    assert fast.__dict__ == Location(file="a.txt", block=3, row=4, col=2, line=17, page=None).__dict__
    assert list(fast.__dict__) == list(Location.model_fields)  # declaration order: the JSON's order
    assert fast.model_fields_set == {"file", "block", "row", "col", "line", "page"}
    # each object has a set of its own: model_copy(update=...) adds to it
    other = new_location("b.txt", 1, 1, 1, 1, None)
    assert other.model_fields_set is not fast.model_fields_set
    moved = fast.model_copy(update={"sheet": "Sheet1"})
    assert moved.model_fields_set == {"file", "block", "row", "col", "line", "page", "sheet"}
    assert other.model_fields_set == {"file", "block", "row", "col", "line", "page"}
    assert maker(Location)().model_fields_set == set()
    new_amount = maker(Amount, "value", "unit", "decimals", "raw", "where")
    amount = new_amount(Decimal("12.50"), Unit.WAN, 2, "12.50万元", fast)
    assert amount.model_dump_json(exclude_none=True) == (
        '{"value":"12.50","unit":"万元","decimals":2,"raw":"12.50万元","where":{"file":"a.txt","block":3,'
        '"row":4,"col":2,"line":17}}')


def test_maker_fills_defaults_and_fresh_factories() -> None:
    new_row = maker(Row, "name", "side")
    a, b = new_row("合计", None), new_row("教育支出", Side.EXPENSE)
    assert a == Row(name="合计") and b == Row(name="教育支出", side=Side.EXPENSE)
    assert a.values == {} and a.values is not b.values
    assert a.depth == 0 and a.is_total is False


def test_maker_refuses_unknown_missing_or_repeated_fields() -> None:
    with pytest.raises(ValueError, match="no field"):
        maker(Location, "file", "colour")
    with pytest.raises(ValueError, match="needs"):
        maker(Row, "code")
    with pytest.raises(ValueError, match="twice"):
        maker(Location, "file", "file")
