"""Render examples/input/yunxi_2024.yaml, read the text back with the extractor, and compare with
the figures of examples/build_examples.py (the hand-made 云溪县文化广电和旅游局 2024 disclosure)."""

from __future__ import annotations

import importlib.util
import re
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

from budgetlens.check import check
from budgetlens.check.finding import Severity
from budgetlens.extract import parse_file
from budgetlens.model import Disclosure, Side, TableKind
from budgetlens.render.figures import Figures
from budgetlens.render.narrative import build_narrative
from budgetlens.render.tables import build_tables
from budgetlens.render.text import render_text
from budgetlens.render.validate import load_input

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "input" / "yunxi_2024.yaml"


def _build_examples() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_examples", ROOT / "examples" / "build_examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _d(text: str) -> Decimal:
    return Decimal(text.replace(",", "")) if text else Decimal(0)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Disclosure]:
    f = Figures(load_input(EXAMPLE))
    text = render_text(f, build_tables(f), build_narrative(f))
    path = tmp_path_factory.mktemp("yunxi") / "yunxi_2024.txt"
    path.write_text(text, encoding="utf-8")
    return text, parse_file(path)


def _values(d: Disclosure, kind: TableKind, keys: tuple[str, ...]) -> dict[str, tuple[Decimal, ...]]:
    table = d.table(kind)
    assert table is not None, kind
    out: dict[str, tuple[Decimal, ...]] = {}
    for row in table.rows:
        key = row.code or row.name
        out[key] = tuple(row.values[k].value if k in row.values else Decimal(0) for k in keys)
    return out


def test_metadata(rendered: tuple[str, Disclosure]) -> None:
    _, d = rendered
    assert d.entity.name == "云溪县文化广电和旅游局"
    assert d.entity.code == "208001"
    assert d.year == 2024


def test_function_table_equals_the_example(rendered: tuple[str, Disclosure]) -> None:
    _, d = rendered
    got = _values(d, TableKind.EXPENSE, ("合计", "基本支出", "项目支出"))
    for code, name, total, basic, project in _build_examples().FUNCTION:
        assert got[code or "合计"] == (_d(total), _d(basic), _d(project)), (code, name)


def test_general_expense_table_excludes_the_lottery_fund(rendered: tuple[str, Disclosure]) -> None:
    _, d = rendered
    got = _values(d, TableKind.GENERAL_EXPENSE, ("合计", "基本支出", "项目支出"))
    assert got["合计"] == (Decimal("5286400.00"), Decimal("3066400.00"), Decimal("2220000.00"))
    assert "229" not in got and "2296003" not in got
    gov = _values(d, TableKind.GOV_FUND, ("合计", "项目支出"))
    assert gov["2296003"] == (Decimal("300000.00"), Decimal("300000.00"))


def test_econ_table_equals_the_example(rendered: tuple[str, Disclosure]) -> None:
    _, d = rendered
    got = _values(d, TableKind.BASIC_EXPENSE_ECON, ("合计", "人员经费", "公用经费"))
    for code, name, total, personnel, public in _build_examples().ECON:
        assert got[code or "合计"] == (_d(total), _d(personnel), _d(public)), (code, name)


def test_summary_and_three_public(rendered: tuple[str, Disclosure]) -> None:
    _, d = rendered
    summary = d.table(TableKind.SUMMARY)
    assert summary is not None
    income = summary.total_row(Side.INCOME)
    assert income is not None
    assert next(iter(income.values.values())).value == Decimal("5586400.00")
    fiscal = d.table(TableKind.FISCAL_SUMMARY)
    assert fiscal is not None and fiscal.total_row() is not None
    three = d.table(TableKind.THREE_PUBLIC)
    assert three is not None
    got = {r.name: next(iter(r.values.values())).value for r in three.rows if r.values}
    for name, value in _build_examples().THREE_PUBLIC:
        assert got[re.sub(r"^(?:\d+、|（\d+）)", "", name)] == _d(value), name
    state = d.table(TableKind.STATE_CAPITAL)
    assert state is not None and state.is_empty


def test_no_error_findings(rendered: tuple[str, Disclosure]) -> None:
    _, d = rendered
    report = check(d)
    assert report.count(Severity.ERROR) == 0
    assert [f.code for f in report.findings] == []


def test_narrative_figures_by_hand(rendered: tuple[str, Disclosure]) -> None:
    text, _ = rendered
    # 5286400 / 5586400 = 0.946296… → 94.63% ; 300000 / 5586400 = 0.053703… → 5.37%
    assert "一般公共预算拨款收入5286400.00元，占94.63%" in text
    assert "政府性基金预算拨款收入300000.00元，占5.37%" in text
    # 5586400 − 5120000 = 466400 ; 466400 / 5120000 = 0.09109375 → 9.11%
    assert "增加466400.00元，增长9.11%" in text
    # 3066400 / 5586400 = 0.548904… → 54.89% ; 2520000 / 5586400 = 0.451095… → 45.11%
    assert "基本支出3066400.00元，占54.89%" in text
    assert "项目支出2520000.00元，占45.11%" in text
    # 三公 39000 vs 42000: −3000, 3000 / 42000 = 0.0714285… → 7.14%
    assert "减少3000.00元，下降7.14%" in text
    # 4325100 / 5286400 = 0.818157… → 81.82%
    assert "4325100.00元，占81.82%" in text
