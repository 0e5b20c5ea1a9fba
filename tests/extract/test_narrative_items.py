"""Narrative item lists: flows over lines the reader left apart, roles, groups, paths and comparisons."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.narrative import _flows, _marks, _role, extract_claims
from budgetlens.model import Direction, Level
from budgetlens.model.narrative import Role
from budgetlens.read.blocks import Block, Grid, Paragraph

D = Decimal


def paragraphs(*lines: str) -> list[Block]:
    return [Paragraph(text=t, line=i + 1) for i, t in enumerate(lines)]


def test_a_sentence_left_unfinished_goes_on_in_the_next_paragraph() -> None:
    blocks = paragraphs("一、收入支出决算总体情况说明", "某单位2024年度收入支出总计307.82", "万元。与2023年度相比持平。",
                        "1、一般公共服务支出（类）", "二、收入决算情况说明")
    texts = [f.text for f in _flows(blocks, "a.pdf")]
    # a heading is not joined to the text after it, nor a line to a list item after it
    assert texts == ["一、收入支出决算总体情况说明", "某单位2024年度收入支出总计307.82万元。与2023年度相比持平。",
                     "1、一般公共服务支出（类）", "二、收入决算情况说明"]


def test_a_title_with_a_year_is_not_joined_and_a_table_stops_a_flow() -> None:
    blocks: list[Block] = [Paragraph(text="某档案馆2024年度部门决算"), Paragraph(text="本年收入合计100.00万元，其中"),
                           Grid(rows=[]), Paragraph(text="财政拨款收入100.00万元。")]
    assert [f.text for f in _flows(blocks, "a.pdf")] == ["某档案馆2024年度部门决算", "本年收入合计100.00万元，其中",
                                                         "财政拨款收入100.00万元。"]


def test_items_run_on_are_split() -> None:
    blocks = paragraphs("1、甲（项）。年初预算为1.00万元。2、乙（项）。年初预算为2.00万元。")
    assert [f.text for f in _flows(blocks, "a.pdf")] == ["1、甲（项）。年初预算为1.00万元。", "2、乙（项）。年初预算为2.00万元。"]


def test_a_figure_is_located_in_the_paragraph_it_was_printed_in() -> None:
    blocks = paragraphs("一般公共预算财政拨款支出年初预算为300.00万元，支出决算为",
                        "291.50万元，完成年初预算的97.17%。")
    initial, final = extract_claims(blocks, "a.pdf", 2024)
    assert initial.value.where is not None and (initial.value.where.block, initial.value.where.line) == (0, 1)
    assert final.value.where is not None and final.value.where.block == 1
    assert (final.value.where.start, final.value.where.end) == (0, 8)
    assert final.completion is not None and final.completion.where is not None
    assert (final.completion.where.block, final.completion.where.start) == (1, 16)


@pytest.mark.parametrize(("clause", "role", "base"), [
    ("年初预算为", Role.INITIAL, ""),
    ("全年预算数为", Role.ADJUSTED, ""),
    ("调整后预算为", Role.ADJUSTED, ""),
    ("支出决算为", Role.FINAL, ""),
    ("2025年当年预算执行数为", Role.EXECUTED, ""),
    ("2026年预算安排", Role.BUDGET, ""),
    ("完成预算", Role.BUDGET, ""),
    ("基本支出预算", Role.BUDGET, "基本支出"),
    ("一般公共预算财政拨款支出年初预算为", Role.INITIAL, "一般公共预算财政拨款支出"),
    ("项目全年预算数", Role.ADJUSTED, "项目"),
    ("机关运行经费支出", None, "机关运行经费支出"),
])
def test_the_role_a_clause_ends_with(clause: str, role: Role | None, base: str) -> None:
    assert _role(clause, clause) == (role, base)


def test_marked_paths() -> None:
    assert _marks("一般公共服务支出（类）财政事务（款）行政运行（项）")[:2] == (
        ["一般公共服务支出", "财政事务", "行政运行"], Level.ITEM)
    # from a 款: no path (a path starts at its 类), but the level is known
    assert _marks("检察（款）行政运行（项）支出")[:2] == ([], Level.ITEM)
    assert _marks("一般公共服务（类）支出")[:2] == ([], Level.CLASS)
    # out of order: nothing
    assert _marks("行政运行（项）财政事务（款）")[:2] == ([], None)


def test_an_item_list_by_role() -> None:
    blocks = paragraphs(
        "一般公共预算财政拨款支出年初预算为0万元，全年预算为150.00万元，支出决算为144.60万元，完成年初预算的96.40%。"
        "决算数小于预算数的主要原因：单位新设。其中：",
        "1、一般公共服务支出（类）档案事务（款）行政运行（项）。",
        "主要用于：人员经费。全年预算为100.00万元，支出决算为96.10万元，完成全年预算数的96.10%。决算数小于全年"
        "预算数的主要原因：按实际支出。",
        "2、住房保障支出（类）住房改革支出（款）住房公积金（项）。主要用于：住房公积金。全年预算为50.00万元，"
        "支出决算为50.00万元。决算数与全年预算数基本持平。")
    claims = extract_claims(blocks, "a.txt", 2024)
    assert [(c.subject, c.value.value, c.role, c.group, c.parent) for c in claims] == [
        ("一般公共预算财政拨款支出年初预算", D("0"), Role.INITIAL, 0, None),
        ("一般公共预算财政拨款支出", D("150.00"), Role.ADJUSTED, 0, None),
        ("一般公共预算财政拨款支出", D("144.60"), Role.FINAL, 0, None),
        ("行政运行", D("100.00"), Role.ADJUSTED, 3, 1),
        ("行政运行", D("96.10"), Role.FINAL, 3, 2),
        ("住房公积金", D("50.00"), Role.ADJUSTED, 5, 1),
        ("住房公积金", D("50.00"), Role.FINAL, 5, 2),
    ]
    head, first, second = claims[2], claims[4], claims[6]
    assert (head.completion_of, first.completion_of) == (Role.INITIAL, Role.ADJUSTED)
    assert first.versus is not None and (first.versus.direction, first.versus.base) == (Direction.DOWN, Role.ADJUSTED)
    assert second.versus is not None and second.versus.approximate and second.versus.direction is Direction.FLAT
    assert first.path == ["一般公共服务支出", "档案事务", "行政运行"] and first.level is Level.ITEM


def test_a_comparison_naming_its_subject_goes_to_that_subject() -> None:
    blocks = paragraphs("“三公”经费财政拨款支出年初预算为2.00万元，支出决算为1.50万元，完成预算的75.00%，其中：公务接待费"
                        "支出决算为1.50万元。2024年度“三公”经费支出决算数小于预算数的主要原因：压减支出。")
    claims = extract_claims(blocks, "a.txt", 2024)
    three, reception = claims[1], claims[2]
    assert three.concept == "三公经费" and three.versus is not None and three.versus.direction is Direction.DOWN
    assert reception.versus is None


def test_a_budget_item_with_its_execution_and_plan() -> None:
    blocks = paragraphs("1. “一般公共服务支出（类）财政事务（款）行政运行（项）”320.00万元，主要用于机关运行。2025年当年预算执行数为"
                        "300.00万元，2026年预算安排320.00万元，比2025年预算执行数增加6.67%。")
    head, executed, plan = extract_claims(blocks, "a.txt", 2026)
    assert {head.group, executed.group, plan.group} == {0}
    assert (executed.role, executed.year, plan.role, plan.year) == (Role.EXECUTED, 2025, Role.BUDGET, 2026)
    assert plan.change is not None and plan.change.amount is None and plan.change.percent is not None
    assert (plan.change.direction, plan.change.percent.value, plan.change.against) == (Direction.UP, D("6.67"), "2025年")
