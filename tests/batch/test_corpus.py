"""The benchmark corpus: generated documents parse, check clean and store exactly what was generated."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from budgetlens.analyze.compare import year_on_year
from budgetlens.analyze.query import load
from budgetlens.batch.runner import ingest
from budgetlens.store.schema import DocumentRow, FindingRow

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import corpus


def test_corpus_is_deterministic(tmp_path: Path) -> None:
    assert corpus.document(5, seed=3) == corpus.document(5, seed=3)
    assert corpus.document(5, seed=3) != corpus.document(5, seed=4)
    names = {corpus.entity(i, 1).name for i in range(6000)}
    assert len(names) == 6000 and not any(ch.isdigit() for n in names for ch in n)


def test_corpus_round_trip(engine: Engine, tmp_path: Path) -> None:
    # entities 0..2 (four years each): 元 and 万元, both layouts, one with a 政府性基金 project
    corpus.write(12, tmp_path / "c", seed=1)
    ents = [corpus.entity(i, 1) for i in range(3)]
    assert {e.wan for e in ents} == {True, False}
    summary = ingest([tmp_path / "c"], engine, workers=2)
    assert summary.failed == [] and summary.added == 12
    with Session(engine) as s:
        assert s.scalars(select(FindingRow.code).where(FindingRow.severity == "error")).all() == []
        assert [p for (p,) in s.execute(select(DocumentRow.path))] != []
    docs = load(engine)
    assert len(docs) == 12
    for d in docs:
        e = next(x for x in ents if x.name == d.entity)
        assert d.year is not None
        f = corpus.figures(e, d.year)
        assert d.staff == e.staff + (d.year - corpus.FIRST_YEAR) // 2
        expected = {
            "收入总计": f.total, "本年收入合计": f.total, "一般公共预算拨款收入": f.general, "本年支出合计": f.total,
            "基本支出": f.basic, "项目支出": f.project, "人员经费": f.personnel, "公用经费": f.public,
            "三公经费": f.three_public, "因公出国（境）费": Decimal(0), "公务用车购置及运行维护费": f.car,
            "公务用车购置费": Decimal(0), "公务用车运行维护费": f.car, "公务接待费": f.reception,
            "机关运行经费": f.public,
        }
        assert d.values == expected, d.path
        prev = corpus.figures(e, d.year - 1)
        assert d.stated_change["本年收入合计"] == f.total - prev.total
        assert d.stated_change["三公经费"] == f.three_public - prev.three_public
        assert d.stated_previous == {"本年收入合计": prev.total}
    checks = year_on_year(docs)
    assert len(checks) == 3 * 3 * 2  # 3 entities × 3 years with a stored previous year × 2 stated changes
    assert all(c.amount_matches and c.percent_matches and c.matches for c in checks)
    assert sum(1 for c in checks if c.previous_matches) == 3 * 3
