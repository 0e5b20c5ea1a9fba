"""Contents lists: what counts as a table's title, the settings, and the 目录 printed as paragraphs
(:func:`budgetlens.extract.holdings.find_contents`). Grids of every layout are YAML fixture cases
(tests/fixtures/holdings/contents.yml)."""

from __future__ import annotations

import pytest

from budgetlens.extract.holdings import HoldingsSettings, build_contents, find_contents, is_table_title
from budgetlens.read.blocks import Block, Cell, Grid, Paragraph


def _entries(blocks: list[Block]) -> list[tuple[str | None, str]]:
    return [(e.number, e.name) for e in find_contents(blocks, "示例.pdf")]


@pytest.mark.parametrize(("name", "expected"), [
    ("部门收支总表", True),
    ("一般公共预算支出明细表（按支出功能分类科目）", True),
    ("部门整体支出绩效目标表", True),
    ("表", False),
    ("附表", False),
    ("单位预算表", False),  # the heading over a document's tables
    ("2025年度部门决算报表", False),
    ("第二部分 部门预算表", False),
    ("收支总表情况说明", False),
    ("注：空表表示本部门无此项收支", False),
    ("部门主要职能", False),
])
def test_table_titles(name: str, expected: bool) -> None:
    assert is_table_title(name) is expected


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError, match="title_share"):
        HoldingsSettings(title_share=1.5)
    with pytest.raises(ValueError, match="min_entries"):
        HoldingsSettings(min_entries=0)


def test_paragraph_contents_one_title_a_line_with_leaders_and_pages() -> None:
    blocks: list[Block] = [
        Paragraph("云岭县示例局2025年度部门决算", page=1),
        Paragraph("目  录", page=2),
        Paragraph("第一部分 部门概况……………………3", page=2),
        Paragraph("一、主要职能……………………3", page=2),
        Paragraph("第二部分 2025年度部门决算表……………………5", page=2),
        Paragraph("一、收入支出决算总表……………………5", page=2),
        Paragraph("二、收入决算表……………………6", page=2),
        Paragraph("三、支出决算表 ……………………7", page=2),
        Paragraph("四、《财政拨款收入支出决算总表》 8", page=2),
        Paragraph("第三部分 2025年度部门决算情况说明……………………9", page=2),
        Paragraph("一、收入支出决算总体情况说明……………………9", page=2),
        Paragraph("第一部分 部门概况", page=3),  # the body begins: the 目录's first line again
        Paragraph("一、收入决算表", page=3),
    ]
    assert _entries(blocks) == [(None, "收入支出决算总表"), (None, "收入决算表"), (None, "支出决算表"),
                                (None, "财政拨款收入支出决算总表")]


def test_paragraph_contents_run_together() -> None:
    """Several lines of the 目录 in one paragraph: split after leaders, a page number, or a title
    followed by the next number (「…预算表十、…」「…总表 表2：…」「…预算表9.2025年…」)."""
    blocks: list[Block] = [
        Paragraph("目录", page=2),
        Paragraph("一、部门主要职能 ………………二、部门预算表 ………………1. 2025年部门收支预算总表 ……………"
                  "2. 2025年部门收入预算总表 ………………", page=2),
        Paragraph("三、一般公共预算“三公”经费、会议费、培训费支出预算表四、政府性基金预算支出表", page=2),
        Paragraph("表5：项目支出表 12表6：政府采购预算表 13", page=2),
        Paragraph("7.2025年部门整体支出绩效目标表 PAGEREF _Toc2776 \\h 14", page=2),
        Paragraph("本部门主要职能是负责全县示例事务的管理和服务，组织实施有关政策。" * 3, page=3),
    ]
    assert _entries(blocks) == [
        (None, "2025年部门收支预算总表"), (None, "2025年部门收入预算总表"),
        (None, "一般公共预算“三公”经费、会议费、培训费支出预算表"), (None, "政府性基金预算支出表"),
        ("表5", "项目支出表"), ("表6", "政府采购预算表"), (None, "2025年部门整体支出绩效目标表"),
    ]


def test_paragraph_contents_lines_read_as_one_row_grids() -> None:
    """A PDF reader may take a numbered line for a grid of one row (「1 | 、部门收支总表」)."""
    blocks: list[Block] = [Paragraph("目 录", page=2), Paragraph("第二部分 2026年部门预算表", page=2)]
    for k, name in enumerate(("部门收支总表", "部门收入总表", "部门支出总表", "项目支出绩效目标表"), start=1):
        blocks.append(Grid([[Cell(str(k), page=2), Cell("、" + name, page=2)]], page=2))
    blocks.append(Grid([[Cell("注", page=3), Cell("：", page=3), Cell("空表表示无此项收支", page=3)]], page=3))
    assert _entries(blocks) == [(None, "部门收支总表"), (None, "部门收入总表"), (None, "部门支出总表"),
                                (None, "项目支出绩效目标表")]


def test_paragraph_contents_without_tables_or_heading() -> None:
    """A 目录 listing only sections, or a heading over the tables named by the entity, lists no table;
    a document without a 目录 heading has none."""
    sections: list[Block] = [Paragraph("目录"), Paragraph("一、部门概况"), Paragraph("二、收支预算情况的总体说明"),
                             Paragraph("三、名词解释"), Paragraph("四、2026年云岭县示例局预算公开表")]
    assert _entries(sections) == []
    assert _entries([Paragraph("一、收支总表"), Paragraph("二、收入总表"), Paragraph("三、支出总表")]) == []


def test_grid_entries_point_at_their_cells() -> None:
    rows = [["表号", "报表名称", "是否空表"], ["表1", "部门收支总表", "否"], ["表2", "部门收入总表", "否"],
            ["表3", "政府性基金预算支出表", "是"]]
    grid = Grid([[Cell(t, line=10 + i) for t in row] for i, row in enumerate(rows)])
    got = build_contents(grid, 7, "示例.txt")
    assert [(e.number, e.empty, e.where.block, e.where.row, e.where.col, e.where.line) for e in got if e.where] == [
        ("表1", False, 7, 1, 1, 11), ("表2", False, 7, 2, 1, 12), ("表3", True, 7, 3, 1, 13)]
