from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from budgetlens.batch.runner import ingest
from budgetlens.check import check
from budgetlens.extract import parse_file
from budgetlens.store import repository
from budgetlens.store.db import StoreError, open_engine, resolve_url
from budgetlens.store.records import flatten
from budgetlens.store.repository import Outcome, load_disclosure, load_report, store, write_records
from budgetlens.store.schema import (
    AmountRow,
    ClaimRow,
    DocumentRow,
    EntityRow,
    FindingRow,
    IndicatorRow,
    QuantityRow,
    RowRow,
    SupersededRow,
    TableRow,
    TargetRow,
)
from tests.conftest import seed_path
from tests.store.dbutil import contents, count

ROOT = Path(__file__).resolve().parents[2]
BUDGET = ROOT / "examples" / "yunxi_2024_budget.txt"
TABS = ROOT / "examples" / "yunxi_2024_budget_tabs.txt"
ERRORS = ROOT / "examples" / "yunxi_2024_budget_errors.txt"


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """The three bundled example texts (one document in three versions), alone in a folder."""
    folder = tmp_path / "examples"
    folder.mkdir()
    for p in (BUDGET, ERRORS, TABS):  # sorted names: budget, budget_errors, budget_tabs
        shutil.copy(p, folder / p.name)
    return folder


def _n_values(path: Path) -> int:
    d = parse_file(path)
    return sum(len(r.values) for t in d.tables for r in t.rows)


def test_store_one_document_keeps_every_figure(engine: Engine) -> None:
    d = parse_file(BUDGET)
    report = check(d)
    result = store(engine, d, report)
    assert result.outcome is Outcome.ADDED
    assert count(engine, AmountRow) == _n_values(BUDGET)
    assert count(engine, ClaimRow) == len(d.claims)
    assert count(engine, TargetRow) == len(d.targets) == 1
    assert count(engine, IndicatorRow) == 7
    assert count(engine, FindingRow) == len(report.findings)
    with Session(engine) as s:
        assert result.document_id is not None
        assert load_disclosure(s, result.document_id) == d  # faithful reload
        assert load_report(s, result.document_id) == report
        doc = s.scalars(select(DocumentRow)).one()
        assert (doc.year, doc.kind, doc.scope, doc.sha256) == (2024, "预算", "部门", d.source.sha256)
        assert s.scalars(select(EntityRow.name)).one() == "云溪县文化广电和旅游局"
        econ = s.execute(select(AmountRow.value, AmountRow.unit, AmountRow.value_yuan)
                         .join(RowRow, AmountRow.row_id == RowRow.id).join(TableRow, RowRow.table_id == TableRow.id)
                         .where(TableRow.kind == "基本支出经济分类表", RowRow.is_total,
                                AmountRow.column_key == "公用经费")).one()
        assert econ == (Decimal("375400.00"), "元", Decimal("375400.00"))
        q = dict(s.execute(select(QuantityRow.concept, QuantityRow.value_yuan)).all())
        assert q["人员经费"] == Decimal("2691000") and q["机关运行经费"] == Decimal("375400")


def test_wan_yuan_figures_are_normalized_exactly(engine: Engine, seeds_dir: Path) -> None:
    seed = next(seeds_dir.glob("000_*.txt"))
    d = parse_file(seed)
    store(engine, d, check(d))
    with Session(engine) as s:
        rows = s.execute(select(ClaimRow.value, ClaimRow.unit, ClaimRow.value_yuan)
                         .where(ClaimRow.concept == "本年收入合计")).all()
    assert rows and rows[0] == (Decimal("29786.48"), "万元", Decimal("297864800"))
    assert str(rows[0][2]) == "297864800"


def test_reingest_is_idempotent(engine: Engine, examples: Path) -> None:
    first = ingest([examples], engine)
    assert (first.added, first.replaced, first.unchanged, first.outdated) == (1, 2, 0, 0)
    before = contents(engine)
    again = ingest([examples], engine)
    assert (again.added, again.replaced, again.unchanged, again.outdated) == (0, 0, 1, 2)
    assert contents(engine) == before
    assert count(engine, DocumentRow) == 1
    assert count(engine, SupersededRow) == 2


def test_new_version_replaces_old(engine: Engine) -> None:
    old = parse_file(BUDGET)
    new = parse_file(ERRORS)
    assert store(engine, old, check(old)).outcome is Outcome.ADDED
    result = store(engine, new, check(new))
    assert result.outcome is Outcome.REPLACED
    with Session(engine) as s:
        assert s.scalars(select(DocumentRow.sha256)).all() == [new.source.sha256]
        assert s.scalars(select(SupersededRow.sha256)).all() == [old.source.sha256]
        stated = s.scalars(select(ClaimRow.value).where(ClaimRow.concept == "一般公共预算拨款收入")).first()
    assert stated == Decimal("528640")  # the planted dropped digit of the new version
    assert count(engine, AmountRow) == _n_values(ERRORS)
    assert count(engine, FindingRow) == len(check(new).findings)
    # the old file is now outdated: ingesting it again changes nothing
    assert store(engine, old, check(old)).outcome is Outcome.OUTDATED


def test_versions_in_one_batch(engine: Engine) -> None:
    """A batch queues its rows and inserts them at its end; a version replacing one queued in the
    same batch must find it written first, and leave only its own rows."""
    old, new = parse_file(BUDGET), parse_file(ERRORS)
    other = parse_file(seed_path("001"))
    records = [flatten(d, check(d)) for d in (old, other, new)]
    results = write_records(engine, records)
    assert [r.outcome for r in results] == [Outcome.ADDED, Outcome.ADDED, Outcome.REPLACED]
    assert count(engine, DocumentRow) == 2
    assert count(engine, AmountRow) == _n_values(ERRORS) + len(records[1].amounts)
    assert count(engine, RowRow) == len(records[1].rows) + len(records[2].rows)
    assert count(engine, ClaimRow) == len(records[1].claims) + len(records[2].claims)
    with Session(engine) as s:
        assert s.scalars(select(SupersededRow.sha256)).all() == [old.source.sha256]
    assert load_disclosure_json(engine, new.source.sha256) == new.model_dump_json(exclude_none=True)


def load_disclosure_json(engine: Engine, sha256: str) -> str:
    with Session(engine) as s:
        doc_id = s.scalars(select(DocumentRow.id).where(DocumentRow.sha256 == sha256)).one()
        return load_disclosure(s, doc_id).model_dump_json(exclude_none=True)


def test_failure_mid_write_rolls_back(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    old = parse_file(BUDGET)
    store(engine, old, check(old))
    before = contents(engine)
    n_claims = count(engine, ClaimRow)
    real = repository._insert_children

    def failing(session: Session, document_id: int, rec: repository.DocumentRecord) -> None:
        real(session, document_id, rec)  # rows written inside the transaction …
        raise RuntimeError("disk full")  # … then the write fails

    monkeypatch.setattr(repository, "_insert_children", failing)
    new = parse_file(TABS)
    results = write_records(engine, [flatten(new, check(new))])
    assert results[0].outcome is Outcome.FAILED
    assert results[0].error is not None and "disk full" in results[0].error
    with pytest.raises(StoreError, match="本文件未入库"):
        store(engine, new, check(new))
    assert contents(engine) == before  # the old version is intact, nothing half-written
    assert count(engine, ClaimRow) == n_claims
    assert count(engine, DocumentRow) == 1
    assert count(engine, SupersededRow) == 0


def test_one_bad_record_does_not_sink_the_batch(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = parse_file(BUDGET), parse_file(seed_path("001"))
    rec_a, rec_b = flatten(a, check(a)), flatten(b, check(b))
    rec_b.amounts[0] = (*rec_b.amounts[0][:-1], object())  # refused while binding: the batch fails
    results = write_records(engine, [rec_a, rec_b])
    assert [r.outcome for r in results] == [Outcome.ADDED, Outcome.FAILED]
    assert results[1].error is not None and results[1].error.endswith("本文件未入库")
    assert count(engine, DocumentRow) == 1
    assert count(engine, AmountRow) == len(rec_a.amounts)


def test_ingest_examples_and_seeds(engine: Engine, seeds_dir: Path, examples: Path) -> None:
    summary = ingest([examples, seeds_dir], engine, workers=2)
    assert summary.failed == []
    assert (summary.added, summary.replaced) == (6, 2)
    assert count(engine, DocumentRow) == 6
    expected = sum(_n_values(p) for p in [TABS, *sorted(seeds_dir.glob("*.txt"))])
    assert count(engine, AmountRow) == expected
    with Session(engine) as s:
        for doc_id, path in s.execute(select(DocumentRow.id, DocumentRow.path)):
            assert load_disclosure(s, doc_id) == parse_file(path)


def test_bad_files_are_reported_and_skipped(engine: Engine, tmp_path: Path) -> None:
    shutil.copy(BUDGET, tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    summary = ingest([tmp_path, tmp_path / "missing.txt"], engine, workers=2)
    assert summary.added == 1
    failed = dict(summary.failed)
    assert set(failed) == {str(tmp_path / "binary.txt"), str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt")}
    assert failed[str(tmp_path / "missing.txt")] == "文件或文件夹不存在"
    assert count(engine, DocumentRow) == 1


def test_two_processes_ingest_concurrently(db: str, tmp_path: Path, examples: Path) -> None:
    """Two ``budgetlens ingest`` processes, overlapping file sets, one database: no loss, no duplicates."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus

    generated = corpus.write(8, tmp_path / "corpus", seed=7)
    sets = [generated[:6], generated[2:]]  # documents 2..5 are ingested by both
    open_engine(db).dispose()
    procs = [subprocess.Popen([sys.executable, "-m", "budgetlens.cli", "ingest", "-q", "-j", "1", "--batch", "1", "--db", db,
                               str(examples), *map(str, files)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for files in sets]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    engine = open_engine(db)
    single = open_engine(f"sqlite:///{tmp_path / 'single.db'}")
    try:
        ingest([examples, *generated], single)
        assert count(engine, DocumentRow) == 9
        assert count(engine, EntityRow) == 3
        got = contents(engine)
        assert len(got) == len(set(got))  # no duplicates
        # each process writes the tabs version of the example last, so the stored version is the same
        assert got == contents(single)
        assert count(engine, SupersededRow) == 2
    finally:
        engine.dispose()
        single.dispose()


def test_resolve_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("BUDGETLENS_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'budgetlens.db'}"
    monkeypatch.setenv("BUDGETLENS_DB", "postgresql+psycopg://u@h/db")
    assert resolve_url(None) == "postgresql+psycopg://u@h/db"
    assert resolve_url("x.db") == f"sqlite:///{tmp_path / 'x.db'}"


def test_unreachable_database_is_one_line_error() -> None:
    with pytest.raises(StoreError, match="无法连接数据库"):
        open_engine("postgresql+psycopg://postgres@127.0.0.1:1/none")


def test_locations_are_stored_as_json_without_the_file() -> None:
    from budgetlens.model import Location
    from budgetlens.store.records import _loc

    loc = Location(file="a.txt", block=3, row=2, col=0, line=15, sheet="表“1”")
    assert json.loads(_loc(loc) or "") == {"block": 3, "row": 2, "col": 0, "line": 15, "sheet": "表“1”"}
    assert _loc(loc) == json.dumps(loc.model_dump(exclude_none=True, exclude={"file"}), ensure_ascii=False,
                                   separators=(",", ":"))
    assert _loc(Location(file="a.txt")) == "{}" and _loc(None) is None
