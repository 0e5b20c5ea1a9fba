"""Disclosure requirements by document kind and scope."""

from __future__ import annotations

from budgetlens.model.disclosure import DocumentKind, Scope
from budgetlens.model.table import TableKind
from budgetlens.reference import requirements as r
from budgetlens.reference.requirements import Severity

BUDGET_TABLES = [
    TableKind.SUMMARY,
    TableKind.INCOME,
    TableKind.EXPENSE,
    TableKind.FISCAL_SUMMARY,
    TableKind.GENERAL_EXPENSE,
    TableKind.BASIC_EXPENSE,
    TableKind.THREE_PUBLIC,
    TableKind.GOV_FUND,
    TableKind.STATE_CAPITAL,
]


def test_budget_tables() -> None:
    tables = r.required_tables(DocumentKind.BUDGET, Scope.DEPARTMENT)
    assert [t.table_kind for t in tables] == BUDGET_TABLES
    assert [t.title for t in tables][:3] == ["收支总表", "收入总表", "支出总表"]
    assert tables[6].title == "一般公共预算“三公”经费支出表"
    assert all(t.is_table and t.section is None for t in tables)
    assert [t.severity for t in tables].count(Severity.ERROR) == 8
    assert tables[8].severity is Severity.WARNING
    assert tables[0].source.title == "财政部《地方预决算公开操作规程》（财预〔2016〕143号）"
    assert tables[0].key == "table:收支总表"


def test_unit_scope_has_the_same_tables() -> None:
    dept = r.required_tables(DocumentKind.BUDGET, Scope.DEPARTMENT)
    unit = r.required_tables(DocumentKind.BUDGET, Scope.UNIT)
    assert [t.table_kind for t in unit] == [t.table_kind for t in dept]


def test_final_accounts_tables() -> None:
    tables = r.required_tables(DocumentKind.FINAL, Scope.DEPARTMENT)
    assert [t.table_kind for t in tables] == BUDGET_TABLES
    assert [t.title for t in tables] == [
        "收入支出决算总表",
        "收入决算表",
        "支出决算表",
        "财政拨款收入支出决算总表",
        "一般公共预算财政拨款支出决算表",
        "一般公共预算财政拨款基本支出决算表",
        "一般公共预算财政拨款“三公”经费支出决算表",
        "政府性基金预算财政拨款收入支出决算表",
        "国有资本经营预算财政拨款支出决算表",
    ]


def test_sections() -> None:
    budget = [s.section for s in r.required_sections(DocumentKind.BUDGET, Scope.UNIT)]
    assert budget == [
        "职责机构", "收支总体情况", "财政拨款收支情况", "一般公共预算支出情况", "机关运行经费",
        "三公经费", "政府采购", "国有资产", "绩效信息", "名词解释",
    ]
    final = {s.section: s for s in r.required_sections(DocumentKind.FINAL, Scope.DEPARTMENT)}
    assert final["机关运行经费"].source.key == "budget-law-14"
    assert final["机关运行经费"].severity is Severity.ERROR
    assert final["绩效信息"].title == "预算绩效情况说明"
    assert len(r.requirements(DocumentKind.FINAL, Scope.DEPARTMENT)) == 19


def test_performance_documents() -> None:
    assert r.required_tables(DocumentKind.PERF_TARGET, Scope.UNIT) == []
    assert [s.section for s in r.required_sections(DocumentKind.PERF_TARGET)] == ["年度绩效目标", "绩效指标"]
    evaluation = r.required_sections(DocumentKind.PERF_SELF_EVAL)
    assert [s.source.key for s in evaluation] == ["mof-2020-10"] * 3


def test_general_rules() -> None:
    empty = r.rule("empty-table-reason")
    assert empty is not None
    assert empty.severity is Severity.ERROR
    assert empty.title == "本部门（单位）没有数据的公开表应当列示空表，并说明为空的原因"
    assert empty.source.key == "mof-2016-143"
    assert [g.key for g in r.general_rules()] == [
        "empty-table-reason", "function-to-item", "econ-to-section", "publish-within-20-days",
    ]
    assert r.rule("no-such-rule") is None
    assert set(r.sources()) == {
        "budget-law-14", "mof-2016-143", "budget-law-regulation-2020", "mof-template", "mof-2015-88",
        "mof-2020-10",
    }


def test_match_table_titles_as_printed() -> None:
    cases = {
        "单位预算收支总表": TableKind.SUMMARY,
        "表1 部门收支总表": TableKind.SUMMARY,
        "单位预算财政拨款收支总表": TableKind.FISCAL_SUMMARY,
        "单位预算一般公共预算财政拨款支出表": TableKind.GENERAL_EXPENSE,
        "单位预算一般公共预算财政拨款基本支出表": TableKind.BASIC_EXPENSE,
        "单位预算政府基金预算财政拨款支出表": TableKind.GOV_FUND,
        "单位预算国有资本经营预算财政拨款支出表": TableKind.STATE_CAPITAL,
        "单位预算财政拨款“三公”经费支出表": TableKind.THREE_PUBLIC,
        "表3  支出总表": TableKind.EXPENSE,
    }
    for title, kind in cases.items():
        found = r.match_table(title, DocumentKind.BUDGET, Scope.UNIT)
        assert found is not None and found.table_kind is kind, title
    assert r.match_table("单位固定资产占用情况表", DocumentKind.BUDGET, Scope.UNIT) is None
    assert r.match_table("", DocumentKind.BUDGET) is None
    final = r.match_table("某局2021年度一般公共预算财政拨款基本支出决算表", DocumentKind.FINAL)
    assert final is not None and final.table_kind is TableKind.BASIC_EXPENSE


def test_match_section_headings() -> None:
    cases = {
        "一、单位职责及机构设置情况": "职责机构",
        "二、单位预算安排的总体情况": "收支总体情况",
        "三、机关运行经费安排情况": "机关运行经费",
        "四、财政拨款“三公”经费预算情况及增减变化原因": "三公经费",
        "五、预算绩效信息": "绩效信息",
        "六、政府采购预算情况": "政府采购",
        "七、国有资产信息": "国有资产",
        "八、名词解释": "名词解释",
    }
    for heading, key in cases.items():
        found = r.match_section(heading, DocumentKind.BUDGET, Scope.UNIT)
        assert found is not None and found.section == key, heading
    assert r.match_section("九、其他需要说明的事项", DocumentKind.BUDGET, Scope.UNIT) is None
    final = r.match_section("（十二）国有资产占有使用情况说明", DocumentKind.FINAL)
    assert final is not None and final.section == "国有资产"
