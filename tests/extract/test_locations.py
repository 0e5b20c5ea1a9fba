"""Every ``where`` points at the exact printed text: the line of the file, the block, the span.

For a claim, ``text[start:end]`` of the paragraph (block ``where.block`` of the reader's output) is
the printed figure, and that paragraph lies on line ``where.line`` of the file. For a table cell or
a target field, line ``where.line`` of the file holds the printed figure.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from budgetlens.extract import parse_file
from budgetlens.model import Amount, Disclosure, Location
from budgetlens.read import ReadResult, read_file
from budgetlens.read.blocks import Grid, Paragraph
from tests.conftest import seed_path

SEEDS = ("000", "001", "002", "003", "004")


@cache
def _load(prefix: str) -> tuple[Path, list[str], ReadResult, Disclosure]:
    path = seed_path(prefix)
    lines = path.read_text(encoding="utf-8").split("\n")
    return path, lines, read_file(path), parse_file(path)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _line(lines: list[str], where: Location | None) -> str:
    assert where is not None and where.line is not None, where
    assert 1 <= where.line <= len(lines)
    return lines[where.line - 1]


def _assert_amount_at(lines: list[str], amount: Amount, name: str) -> None:
    assert amount.where is not None and amount.where.file == name
    assert amount.raw and amount.raw in _line(lines, amount.where), (amount.raw, amount.where)


@pytest.mark.parametrize("prefix", SEEDS)
def test_every_claim_points_at_its_figure(prefix: str) -> None:
    path, lines, result, doc = _load(prefix)
    assert doc.claims or prefix == "002"
    for claim in doc.claims:
        where = claim.value.where
        assert where is not None and where.file == path.name
        assert where.block is not None and where.start is not None and where.end is not None
        block = result.blocks[where.block]
        assert isinstance(block, Paragraph)
        assert block.text[where.start:where.end] == claim.value.raw, (claim.subject, where)
        assert block.line == where.line
        assert claim.value.raw in _line(lines, where)
        # share, completion and change figures point into the same paragraph
        for pct in (claim.share, claim.completion, claim.change.percent if claim.change else None):
            if pct is not None and pct.where is not None and pct.where.start is not None:
                assert block.text[pct.where.start:pct.where.end] in (pct.raw, pct.raw.rstrip("%％"))
        if claim.change is not None and claim.change.amount is not None:
            amount_where = claim.change.amount.where
            assert amount_where is not None and amount_where.block is not None and amount_where.start is not None
            change_block = result.blocks[amount_where.block]
            assert isinstance(change_block, Paragraph)
            assert change_block.text[amount_where.start:amount_where.end] == claim.change.amount.raw


@pytest.mark.parametrize("prefix", SEEDS)
def test_every_table_value_is_on_its_line(prefix: str) -> None:
    path, lines, result, doc = _load(prefix)
    count = 0
    for table in doc.tables:
        assert table.where is not None and isinstance(result.blocks[table.where.block or 0], Grid)
        for row in table.rows:
            for amount in row.values.values():
                _assert_amount_at(lines, amount, path.name)
                count += 1
    assert count > 0 or prefix == "002"


@pytest.mark.parametrize("prefix", SEEDS)
def test_every_table_value_is_its_grid_cell(prefix: str) -> None:
    _, _, result, doc = _load(prefix)
    for table in doc.tables:
        for row in table.rows:
            for amount in row.values.values():
                where = amount.where
                assert where is not None and where.block is not None and where.row is not None and where.col is not None
                grid = result.blocks[where.block]
                assert isinstance(grid, Grid)
                cell = grid.rows[where.row][where.col]
                assert amount.raw in cell.text and cell.line == where.line


@pytest.mark.parametrize("prefix", SEEDS)
def test_every_target_amount_is_on_its_line(prefix: str) -> None:
    path, lines, _, doc = _load(prefix)
    for target in doc.targets:
        assert target.where is not None and target.where.line is not None
        for field in ("total", "fiscal", "other", "basic", "project", "executed", "fiscal_executed", "other_executed"):
            amount = getattr(target, field)
            if amount is not None:
                _assert_amount_at(lines, amount, path.name)
        for step in target.spending_plan:
            if step.percent is not None:
                assert step.percent.raw in _line(lines, step.percent.where)


@pytest.mark.parametrize("prefix", SEEDS)
def test_every_indicator_points_at_its_level3_cell(prefix: str) -> None:
    _, lines, result, doc = _load(prefix)
    for target in doc.targets:
        for ind in target.indicators:
            where = ind.where
            assert where is not None and where.block is not None and where.row is not None
            grid = result.blocks[where.block]
            assert isinstance(grid, Grid)
            line = _flat(_line(lines, where))
            # one cell a line (the name, or its first line when it runs over several), or one row a line (003)
            assert ind.level3 in line or (line != "" and ind.level3.startswith(line)), (ind.level3, where.line)


def test_sample_000(seeds_dir: Path) -> None:
    _, lines, _, doc = _load("000")
    assert doc.procurement is not None and doc.procurement.total is not None
    assert _line(lines, doc.procurement.total.where).strip() == "30.28"  # line 861
    item = doc.procurement.items[10]
    assert item.where is not None and _line(lines, item.where).strip() == "城乡居民基本医疗保险经费"  # line 1008
    assert item.amount is not None and item.amount.where is not None and item.amount.where.line == 1015
    assert _line(lines, item.amount.where).strip() == "11.00"
    assert doc.assets is not None and doc.assets.total is not None
    assert _line(lines, doc.assets.total.where).strip() == "3.12"  # line 1066
    target = doc.targets[6]
    assert target.total is not None and target.total.where is not None and target.total.where.line == 548
    assert _line(lines, target.total.where).strip() == "161230000.00"
    plan = doc.targets[5].spending_plan[3].percent  # target 6: only 12月底 is filled (line 492)
    assert plan is not None and plan.where is not None and plan.where.line == 492
    claim = next(c for c in doc.claims if c.value.raw == "6123万元")
    where = claim.value.where
    assert where is not None and where.line == 46 and where.start is not None and where.end is not None
    assert where.end - where.start == len("6123万元")


def test_sample_002(seeds_dir: Path) -> None:
    _, lines, _, doc = _load("002")
    [target] = doc.targets
    assert target.basic is not None and target.project is not None
    assert _line(lines, target.basic.where) == "基本支出：728.02万元"  # line 20, inside a three-line cell
    assert _line(lines, target.project.where) == "项目支出：106万元"  # line 21
    last = target.indicators[-1]
    assert last.where is not None and _line(lines, last.where).strip() == "服务及监管对象满意度"  # line 241


def test_sample_004(seeds_dir: Path) -> None:
    _, lines, result, doc = _load("004")
    claim = next(c for c in doc.claims if c.value.raw == "2108.87万元" and c.path)
    where = claim.value.where
    assert where is not None and where.line == 55
    block = result.blocks[where.block or 0]
    assert isinstance(block, Paragraph) and block.text[where.start:where.end] == "2108.87万元"
    assert block.text.startswith("1.社会保障和就业（类）人力资源和社会保障管理事务（款）社会保险经办机构（项）")
    [table] = doc.tables
    assert table.rows[0].values["合计"].where is not None
    assert _line(lines, table.rows[0].values["合计"].where).strip() == "4672.27"  # line 1096
    slip = doc.targets[5].fiscal_executed
    assert slip is not None and slip.where is not None and _line(lines, slip.where).strip() == "365"  # line 598
