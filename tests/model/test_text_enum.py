"""Model enums write the same JSON as before and still validate and dump as members."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.check.finding import Severity
from budgetlens.model import Amount, Level, Row, Side, Table, TableKind, Unit


def test_enum_fields_are_written_as_their_text() -> None:
    row = Row(name="教育支出", code="205", level=Level.CLASS, side=Side.EXPENSE,
              values={"合计": Amount(value=Decimal("1.5"), unit=Unit.WAN, decimals=1, raw="1.5")})
    assert row.model_dump_json(include={"level", "side", "values"}) == (
        '{"level":"类","side":"支出","values":{"合计":{"value":"1.5","unit":"万元","decimals":1,"raw":"1.5",'
        '"where":null}}}')


def test_members_come_back_from_json_and_python_dumps() -> None:
    table = Table(kind=TableKind.EXPENSE, title="支出总表", unit=Unit.WAN)
    again = Table.model_validate_json(table.model_dump_json())
    assert again.kind is TableKind.EXPENSE and again.unit is Unit.WAN
    assert table.model_dump()["kind"] is TableKind.EXPENSE  # python mode keeps the member
    assert Severity("error") is Severity.ERROR
