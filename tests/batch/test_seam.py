"""Ingest through the parse+check seam with a fake processor: hand-built disclosures, injected failures."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from budgetlens.analyze.query import load
from budgetlens.batch.runner import Processed, ingest
from budgetlens.check.finding import Family, Finding, Report, Severity, Values
from budgetlens.errors import ReadError
from budgetlens.model import (
    Amount,
    Column,
    Disclosure,
    DocumentKind,
    Entity,
    Location,
    Row,
    Scope,
    Side,
    Source,
    Table,
    TableKind,
    Unit,
)
from budgetlens.store.records import flatten
from budgetlens.store.repository import load_disclosure
from budgetlens.store.schema import AmountRow, DocumentRow, FindingRow, RowRow, TableRow
from tests.store.dbutil import count


def fake_process(data: bytes, name: str) -> Processed:
    """A file reads "entity|year|income|spending" (万元); "boom" fails like a bad file would."""
    if data.strip() == b"boom":
        exc = ReadError("无法识别的文件内容", name)
        return Processed(name, error=exc.message)
    d, report = build(data, name)
    return Processed(name, flatten(d, report))


def build(data: bytes, name: str) -> tuple[Disclosure, Report]:
    entity, year, income, spending = data.decode("utf-8").strip().split("|")
    file = Path(name).name

    def amt(v: str, line: int) -> Amount:
        return Amount(value=Decimal(v), unit=Unit.WAN, decimals=2, raw=v, where=Location(file=file, line=line))

    table = Table(kind=TableKind.SUMMARY, title=f"{entity}{year}年部门收支预算总表", unit=Unit.WAN,
                  columns=[Column(key="预算数", label="预算数", side=Side.INCOME, index=1),
                           Column(key="预算数", label="预算数", side=Side.EXPENSE, index=3)],
                  rows=[Row(name="本年收入合计", side=Side.INCOME, is_total=True, values={"预算数": amt(income, 3)}),
                        Row(name="本年支出合计", side=Side.EXPENSE, is_total=True,
                            values={"预算数": amt(spending, 4)})],
                  where=Location(file=file, line=1))
    d = Disclosure(source=Source(path=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data)),
                   entity=Entity(name=entity), year=int(year), kind=DocumentKind.BUDGET, scope=Scope.DEPARTMENT,
                   unit=Unit.WAN, tables=[table])
    findings = []
    if income != spending:
        findings.append(Finding(code="SUM001", severity=Severity.ERROR, family=Family.SUM, title="收支不平衡",
                                message="本年收入合计与本年支出合计不等",
                                values=Values(stated=Decimal(income), expected=Decimal(spending),
                                              difference=Decimal(income) - Decimal(spending), unit="万元"),
                                locations=[Location(file=file, line=3)]))
    return d, Report(source=name, findings=findings)


@pytest.mark.parametrize("workers", [1, 2])
def test_fake_processor_ingest(engine: Engine, tmp_path: Path, workers: int) -> None:
    files = {"a.txt": "甲局|2023|100.50|100.50", "b.txt": "甲局|2024|120.25|120.00", "c.txt": "boom",
             "d.txt": "乙局|2024|80.00|80.00"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    summary = ingest([tmp_path], engine, workers=workers, process=fake_process)
    assert (summary.added, summary.replaced, summary.unchanged) == (3, 0, 0)
    assert summary.failed == [(str(tmp_path / "c.txt"), "无法识别的文件内容")]
    assert (count(engine, DocumentRow), count(engine, TableRow), count(engine, RowRow), count(engine, AmountRow)) \
        == (3, 3, 6, 6)
    with Session(engine) as s:
        f = s.scalars(select(FindingRow)).one()
        assert (f.code, f.stated, f.expected, f.difference, f.value_unit) == (
            "SUM001", Decimal("120.25"), Decimal("120"), Decimal("0.25"), "万元")
        assert f.values == {"stated": "120.25", "expected": "120.00", "difference": "0.25", "unit": "万元"}
        assert f.locations == [{"file": "b.txt", "line": 3}]
        b = str(tmp_path / "b.txt")
        a = s.scalars(select(AmountRow).join(RowRow, AmountRow.row_id == RowRow.id)
                      .where(RowRow.name == "本年收入合计")
                      .join(DocumentRow, AmountRow.document_id == DocumentRow.id).where(DocumentRow.path == b)).one()
        assert (a.value, a.unit, a.value_yuan, a.location) == (Decimal("120.25"), "万元", Decimal("1202500"),
                                                               {"line": 3})
        doc_id = s.scalar(select(DocumentRow.id).where(DocumentRow.path == str(tmp_path / "a.txt")))
        assert doc_id is not None
        a_path = tmp_path / "a.txt"
        assert load_disclosure(s, doc_id) == build(a_path.read_bytes(), str(a_path))[0]
    docs = {(d.entity, d.year): d for d in load(engine)}
    assert docs[("甲局", 2024)].values == {"本年收入合计": Decimal("1202500"), "本年支出合计": Decimal("1200000")}
    # the same files again: nothing changes
    again = ingest([tmp_path], engine, workers=workers, process=fake_process)
    assert (again.added, again.unchanged, len(again.failed)) == (0, 3, 1)
    assert count(engine, AmountRow) == 6


def dying_process(data: bytes, name: str) -> Processed:
    """Kills its worker process on "die" (as the out-of-memory killer would)."""
    if data.strip() == b"die":
        import os

        os._exit(9)
    return fake_process(data, name)


def test_a_dying_worker_costs_one_file(engine: Engine, tmp_path: Path) -> None:
    files = {f"{i:02d}.txt": f"局{i}|2024|{i}.00|{i}.00" for i in range(1, 13)}
    files["05.txt"] = "die"
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    summary = ingest([tmp_path], engine, workers=2, process=dying_process)
    assert summary.added == 11
    assert [(Path(p).name, e) for p, e in summary.failed] == [("05.txt", "处理进程异常退出（可能内存不足或被终止），本文件未入库")]
    assert count(engine, DocumentRow) == 11


def test_a_dying_dask_worker_costs_one_file(engine: Engine, tmp_path: Path) -> None:
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    files = {f"{i:02d}.txt": f"局{i}|2024|{i}.00|{i}.00" for i in range(1, 25)}
    files["09.txt"] = "die"  # 24 files on 2 workers: tasks of 3, so 09 shares its task with 07 and 08
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    # no retries of a task whose worker died (3 by default, each costing a worker's restart)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=":0") as cluster:
        summary = ingest([tmp_path], engine, dask=cluster.scheduler_address, process=dying_process)
    assert summary.added == 23
    assert [(Path(p).name, e) for p, e in summary.failed] == [("09.txt", "处理进程异常退出（可能内存不足或被终止），本文件未入库")]
    assert count(engine, DocumentRow) == 23


def test_entity_code_learnt_later_fills_the_gap(engine: Engine, tmp_path: Path) -> None:
    from budgetlens.store.repository import store
    from budgetlens.store.schema import EntityRow

    d, report = build("丙局|2023|1.00|1.00".encode(), str(tmp_path / "x.txt"))
    store(engine, d, report)
    d2, report2 = build("丙局|2024|2.00|2.00".encode(), str(tmp_path / "y.txt"))
    store(engine, d2.model_copy(update={"entity": Entity(name="丙局", code="301001")}), report2)
    d3, report3 = build("丙局|2025|3.00|3.00".encode(), str(tmp_path / "z.txt"))
    store(engine, d3.model_copy(update={"entity": Entity(name="丙局", code="999999")}), report3)
    with Session(engine) as s:
        assert s.execute(select(EntityRow.name, EntityRow.code)).all() == [("丙局", "301001")]
