"""The bundled example, written in both text layouts, gives the same model; JSON round trip."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.extract import parse_file
from budgetlens.model import Disclosure, Side, TableKind, Unit

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
D = Decimal


def _tables(d: Disclosure) -> list[tuple[object, ...]]:
    return [
        (t.kind, t.unit, t.scheme, [(c.key, c.side) for c in t.columns],
         [(r.code, r.name, r.side, r.is_total, {k: v.value for k, v in r.values.items()}) for r in t.rows])
        for t in d.tables
    ]


@pytest.fixture(scope="module")
def cells() -> Disclosure:
    return parse_file(EXAMPLES / "yunxi_2024_budget.txt")


@pytest.fixture(scope="module")
def tabs() -> Disclosure:
    return parse_file(EXAMPLES / "yunxi_2024_budget_tabs.txt")


def test_both_layouts_give_the_same_tables_and_claims(cells: Disclosure, tabs: Disclosure) -> None:
    assert _tables(cells) == _tables(tabs)
    def claims(d: Disclosure) -> list[tuple[object, ...]]:
        return [(c.subject, c.concept, c.value.value, c.value.raw, c.parent, c.code,
                 c.share.value if c.share else None, c.change.amount.value if c.change and c.change.amount else None)
                for c in d.claims]

    assert claims(cells) == claims(tabs)
    assert len(cells.claims) == 28
    assert (cells.year, cells.kind, cells.scope, cells.entity.name) == (tabs.year, tabs.kind, tabs.scope, tabs.entity.name)


def test_example_figures(cells: Disclosure) -> None:
    assert cells.entity.name == "云溪县文化广电和旅游局" and cells.entity.code == "208001"
    assert [t.kind for t in cells.tables] == [
        TableKind.SUMMARY, TableKind.INCOME, TableKind.EXPENSE, TableKind.GENERAL_EXPENSE, TableKind.FISCAL_SUMMARY,
        TableKind.BASIC_EXPENSE_ECON, TableKind.GOV_FUND, TableKind.STATE_CAPITAL, TableKind.THREE_PUBLIC,
    ]
    assert cells.tables[7].empty_reason == "注：本部门2024年无国有资本经营预算拨款安排，本表为空表。"
    fiscal = cells.tables[4]
    health = fiscal.find(name="卫生健康支出", side=Side.EXPENSE)
    assert health is not None and {k: v.value for k, v in health.values.items()} == {
        "合计": D("160000.00"), "一般公共预算": D("160000.00")}
    target = cells.targets[0]
    assert (target.project_name, target.total.value if target.total else None) == ("群众文化活动经费", D("1220000.00"))
    assert [(s.label, s.percent.value if s.percent else None) for s in target.spending_plan] == [
        ("3月底", D(25)), ("6月底", D(50)), ("9月底", D(75)), ("12月底", D(100))]
    assert [(i.level1, i.level2, i.target.op, i.target.number, i.target.unit) for i in target.indicators] == [
        ("产出指标", "数量指标", "≥", D(120), "场"), ("产出指标", "质量指标", "=", D(100), "%"),
        ("产出指标", "时效指标", "≥", D(95), "%"), ("产出指标", "成本指标", "≤", D(10000), "元"),
        ("效益指标", "社会效益指标", "≥", D(50000), "人次"), ("效益指标", "可持续影响指标", None, None, None),
        ("满意度指标", "服务对象满意度指标", "≥", D(90), "%"),
    ]
    general = next(c for c in cells.claims if c.concept == "一般公共预算拨款支出")
    assert [(c.concept, c.value.value) for c in cells.claims if c.parent == cells.claims.index(general)] == [
        ("一般公共预算基本支出", D(3066400)), ("一般公共预算项目支出", D(2220000))]
    summary = cells.tables[0]
    total = summary.find(name="本年收入合计", side=Side.INCOME)
    assert total is not None and total.values["预算数"].value == D("5586400.00")
    expense = cells.tables[2]
    assert [r.code for r in expense.rows if r.code and len(r.code) == 7] == [
        "2070101", "2070109", "2070111", "2080505", "2080506", "2101101", "2210201", "2296003",
    ]
    econ = cells.tables[5]
    assert econ.rows[0].values["人员经费"].value + econ.rows[0].values["公用经费"].value == econ.rows[0].values["合计"].value
    three = cells.tables[8]
    assert [(r.name, r.depth, r.values["预算数"].value) for r in three.rows] == [
        ("合计", 0, D("39000.00")), ("因公出国（境）费", 1, D("0.00")), ("公务用车购置及运行维护费", 1, D("24000.00")),
        ("公务用车购置费", 2, D("0.00")), ("公务用车运行维护费", 2, D("24000.00")), ("公务接待费", 1, D("15000.00")),
    ]
    income = next(c for c in cells.claims if c.concept == "本年收入合计")
    assert income.change is not None and income.change.percent is not None
    assert (income.change.amount.value if income.change.amount else None, income.change.percent.value) == (
        D(466400), D("9.11"))
    parts = [(c.concept, c.share.value if c.share else None) for c in cells.claims if c.parent == cells.claims.index(income)]
    assert parts == [("一般公共预算拨款收入", D("94.63")), ("政府性基金预算拨款收入", D("5.37"))]
    three_claim = next(c for c in cells.claims if c.concept == "三公经费")
    assert three_claim.change is not None and three_claim.change.percent is not None
    assert three_claim.change.percent.value == D("7.14")
    assert [(c.code, c.value.value) for c in cells.claims if c.code] == [("2080505", D(284200)), ("2080506", D(142100))]
    assert cells.staff is not None and (cells.staff.authorized, cells.staff.actual, cells.staff.retired) == (28, 26, 3)
    assert all(t.unit is Unit.YUAN for t in cells.tables)


def _all_documents() -> list[Path]:
    docs = sorted(EXAMPLES.glob("*.txt"))
    seeds = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if seeds.is_dir():
        docs += sorted(seeds.glob("*.txt"))
    return docs


@pytest.mark.parametrize("path", _all_documents(), ids=lambda p: p.name)
def test_json_round_trip(path: Path) -> None:
    d = parse_file(path)
    again = Disclosure.from_json(d.to_json())
    assert again == d
    assert again.to_json() == d.to_json()
