"""A table's kind from its title, or from its header when the title says nothing.

Titles vary by province and year: 「收入支出决算总表」, 「部门收支总体情况表」, 「2026年市级部门收支
预算总表」, 「综合预算收支总表」, 「表1：…」. They go through the one title normaliser
(:func:`budgetlens.reference.titles.normalize_title`), then the families are matched in order,
specific before general.
"""

from __future__ import annotations

import re
from functools import lru_cache

from budgetlens.extract.headers import HeaderColumn, squash
from budgetlens.model import TableKind
from budgetlens.reference.titles import normalize_title

# (pattern on the normalized title, kind), first match wins.
_FAMILIES: tuple[tuple[re.Pattern[str], TableKind], ...] = tuple((re.compile(p), k) for p, k in (
    (r"三公", TableKind.THREE_PUBLIC),
    (r"机关运行经费", TableKind.OTHER),
    (r"政府性?基金", TableKind.GOV_FUND),
    (r"国有资本经营", TableKind.STATE_CAPITAL),
    (r"财政拨款收支", TableKind.FISCAL_SUMMARY),
    (r"收支(?:总|表)", TableKind.SUMMARY),
    (r"政府采购", TableKind.PROCUREMENT),
    (r"基本支出", TableKind.BASIC_EXPENSE),
    (r"一般公共.*支出|财政拨款支出", TableKind.GENERAL_EXPENSE),
    (r"项目支出|专项业务经费支出|专项资金", TableKind.PROJECT_EXPENSE),
    (r"收入(?:总)?表", TableKind.INCOME),
    (r"支出(?:总)?表", TableKind.EXPENSE),
    (r"固定资产|资产占用|资产", TableKind.ASSETS),
    (r"机构设置", TableKind.ORGANIZATION),
    (r"资金分配", TableKind.FUND_ALLOCATION),
))
_NOT_A_TABLE = re.compile(r"说明|解释|目录")


_FORM = re.compile(r"绩效目标|绩效自评|绩效评价|目标申报")


@lru_cache(maxsize=4096)
def kind_from_title(title: str) -> TableKind | None:
    """The standard table a title names; None for other tables and for performance forms
    (「专项资金总体绩效目标表」 is a form, not the 专项 expense table)."""
    if _FORM.search(squash(title)):
        return None
    t = normalize_title(title)
    if not t or _NOT_A_TABLE.search(t) or "表" not in squash(title):
        return None  # a table's title names a table (…表); 「四、一般公共预算拨款支出」 heads a section
    for pattern, kind in _FAMILIES:
        if pattern.search(t):
            return kind
    return None


def kind_from_header(cols: list[HeaderColumn]) -> TableKind | None:
    text = "".join(c.full for c in cols)
    groups = {c.group[:2] for c in cols} | {c.label[:2] for c in cols}
    if "收入" in groups and "支出" in groups and not any("功能分类" in c.full for c in cols):
        return TableKind.SUMMARY
    if "功能分类" in text and "基本支出" in text:
        return TableKind.EXPENSE
    if "经济分类" in text and ("人员经费" in text or "公用经费" in text):
        return TableKind.BASIC_EXPENSE_ECON
    if "采购" in text and "数量" in text:
        return TableKind.PROCUREMENT
    return None


def refine(kind: TableKind, title: str, header_text: str) -> TableKind:
    """The 经济分类 variants of the 基本支出 and 一般公共预算支出 tables."""
    if kind in (TableKind.BASIC_EXPENSE, TableKind.GENERAL_EXPENSE) and (
        "经济" in header_text or "经济分类" in squash(title)
    ):
        return TableKind.BASIC_EXPENSE_ECON if kind is TableKind.BASIC_EXPENSE else TableKind.GENERAL_EXPENSE_ECON
    return kind
