"""A stored document loads back equal: its tables' rows come from bl_rows and bl_amounts, the rest
from the stored JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from budgetlens.check import check
from budgetlens.extract import parse_file
from budgetlens.model import Amount, Disclosure, Entity, Location, Row, Source, Table, TableKind, Unit
from budgetlens.store.records import pack, unpack
from budgetlens.store.repository import load_disclosure, store
from budgetlens.store.schema import DocumentRow

ROOT = Path(__file__).resolve().parents[2]
BUDGET = ROOT / "examples" / "yunxi_2024_budget.txt"


def _stored_json(engine: Engine, document_id: int) -> dict:
    with Session(engine) as s:
        data = s.scalar(select(DocumentRow.disclosure_json).where(DocumentRow.id == document_id))
    return json.loads(unpack(data))


def test_rows_are_not_stored_twice_and_come_back_equal(engine: Engine) -> None:
    d = parse_file(BUDGET)
    result = store(engine, d, check(d))
    assert result.document_id is not None
    stored = _stored_json(engine, result.document_id)
    assert len(stored["tables"]) == len(d.tables) == 9
    assert all("rows" not in t for t in stored["tables"])
    with Session(engine) as s:
        back = load_disclosure(s, result.document_id)
    assert back == d
    assert back.model_dump_json() == d.model_dump_json()  # to the printed decimals and the key order
    total = back.tables[0].rows[-1]
    assert total.values == d.tables[0].rows[-1].values


def test_a_document_stored_whole_still_loads(engine: Engine) -> None:
    """Documents stored before the rows were left out of the JSON carry them in it."""
    d = parse_file(BUDGET)
    result = store(engine, d, check(d))
    with Session(engine) as s, s.begin():
        s.execute(update(DocumentRow).where(DocumentRow.id == result.document_id)
                  .values(disclosure_json=pack(d.model_dump_json(exclude_none=True))))
    with Session(engine) as s:
        assert load_disclosure(s, result.document_id) == d


def test_trailing_zeros_other_files_and_empty_rows_survive(engine: Engine) -> None:
    """Printed decimals the database may drop, a figure located in another file than its table, a
    row without figures, and a table without a location."""
    here = Location(file="表.xlsx", block=0, row=2, col=0, sheet="表1")
    rows = [
        Row(name="合计", is_total=True, where=here, values={
            "本年": Amount(value=Decimal("1200.50"), unit=Unit.WAN, decimals=2, raw="1,200.50",
                          where=Location(file="表.xlsx", block=0, row=2, col=1, sheet="表1")),
            "上年": Amount(value=Decimal("0.00"), decimals=2, raw="0.00",
                          where=Location(file="附件.xlsx", block=3, row=2, col=2)),
        }),
        Row(name="（空行）", texts={"备注": "无"}),
    ]
    d = Disclosure(source=Source(path="表.xlsx", format="xlsx"), entity=Entity(name="云溪县档案馆"), year=2024,
                   tables=[Table(kind=TableKind.SUMMARY, title="收支总表", unit=Unit.WAN, rows=rows,
                                 where=Location(file="表.xlsx", block=0, sheet="表1")),
                           Table(kind=TableKind.EXPENSE, title="支出总表", rows=rows)])
    result = store(engine, d, check(d))
    with Session(engine) as s:
        back = load_disclosure(s, result.document_id)
    assert back == d
    assert back.model_dump_json() == d.model_dump_json()
    values = back.tables[0].rows[0].values
    assert str(values["本年"].value) == "1200.50" and str(values["上年"].value) == "0.00"
    assert values["上年"].where is not None and values["上年"].where.file == "附件.xlsx"
    assert back.tables[1].rows[0].where == here  # no table location: the file is stored with the row
