"""How a side of a two-sided 收支 table is built: its items, their top level, its totals.

A side lists items (收入 by source, 支出 by function), then 本年收入合计 / 本年支出合计, then the
carried-over lines (年初结转和结余, 结余分配, 年末结转和结余 …) and 收入总计 / 支出总计. Which
items are top-level is printed in many ways: numbered (一、 （一） 1.), names only with 类, 款 and
项 of the function classification one under another, or sources grouped under 财政拨款 / 单位资金.
The top level is read from the numbering, from the classification's own levels and from the
known groups of sources; a row none of these places makes the reading unsure, and an unsure
reading is not judged (the total is compared with the top level only when it is sure).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from budgetlens.check.context import NON_MONEY_KEYS, Context
from budgetlens.model import Amount, Level, Row, Scheme, Side, Table, TableKind
from budgetlens.reference.concepts import match_concept, normalize_label

TWO_SIDED = (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY)

YEAR_TOTAL = {Side.INCOME: "本年收入合计", Side.EXPENSE: "本年支出合计"}
GRAND = {Side.INCOME: "收入总计", Side.EXPENSE: "支出总计"}
# Sources printed under a line of their own: that line's names → the concepts printed under it.
_SOURCE_GROUPS: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"财政拨款", "财政拨款收入", "财政拨款资金"}),
     frozenset({"一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入"})),
    (frozenset({"单位资金", "单位资金收入"}),
     frozenset({"事业收入", "经营收入", "上级补助收入", "附属单位上缴收入", "其他收入"})),
)
_INCOME_SOURCES = frozenset({
    "一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入", "财政专户管理资金收入", "事业收入",
    "经营收入", "上级补助收入", "附属单位上缴收入", "其他收入",
})
_GROUP_NAMES = frozenset().union(*(names for names, _ in _SOURCE_GROUPS))

_CARRIED = frozenset({"上年结转结余", "年终结转结余"})
# A line carried into or out of the year (after 本年收入合计 / 本年支出合计): 年初结转和结余,
# 上年结余、结转, 使用非财政拨款结余, 用事业基金弥补收支差额, 结余分配, 年末结转和结余, 结转下年 …
_CARRY_LINE = re.compile(r"(年初|上年|年末|年终|期初|期末).*(结转|结余)|结余分配|结转下年|非财政拨款结余|事业基金弥补")

Member = tuple[Row, Amount]


@dataclass(slots=True)
class SideReading:
    """One column of one side: its items, their top level, and its total lines."""

    side: Side | None
    key: str
    items: list[Member] = field(default_factory=list)
    top: list[Member] = field(default_factory=list)
    sure: bool = True
    year_total: Member | None = None
    carried: list[Member] = field(default_factory=list)
    grand: Member | None = None
    carried_sure: bool = True
    groups: list[tuple[Member, list[Member]]] = field(default_factory=list)


def column_groups(t: Table) -> dict[tuple[Side | None, str, int | None], list[Member]]:
    """Rows of a two-sided table split by side and by the printed column of each value.

    A 财政拨款收支总表 may print several expense groups side by side (功能分类, 部门经济分类,
    政府经济分类), each with its own 本年支出合计; values from one printed column form a group.
    """
    groups: dict[tuple[Side | None, str, int | None], list[Member]] = {}
    for r in t.rows:
        for key, a in r.values.items():
            if key in NON_MONEY_KEYS:
                continue
            col = a.where.col if a.where is not None else None
            groups.setdefault((r.side, key, col), []).append((r, a))
    return groups


def _concept(row: Row) -> str | None:
    return match_concept(row.name) or match_concept(row.name, exact=False)


def _is_year_total(row: Row, side: Side | None) -> bool:
    c = _concept(row)
    if side is not None and c == YEAR_TOTAL[side]:
        return True
    return c in ("本年收入合计", "本年支出合计") or (row.is_total and "本年" in row.name)


def _is_grand(row: Row, side: Side | None) -> bool:
    c = _concept(row)
    return c in ("收入总计", "支出总计") or normalize_label(row.name) == "总计"


def read_sides(ctx: Context, t: Table) -> Iterator[SideReading]:
    for (side, key, _col), members in column_groups(t).items():
        yield read_side(ctx, side, key, members)


def read_side(ctx: Context, side: Side | None, key: str, members: list[Member]) -> SideReading:
    s = SideReading(side, key)
    totals = [m for m in members if m[0].is_total or _is_year_total(m[0], side) or _is_grand(m[0], side)]
    s.grand = next((m for m in reversed(totals) if _is_grand(m[0], side)), None)
    s.year_total = next((m for m in totals if _is_year_total(m[0], side)), None)
    if s.year_total is None:
        others = [m for m in totals if m is not s.grand]
        s.year_total = others[0] if len(others) == 1 else None
    position = {id(m): i for i, m in enumerate(members)}  # by identity: comparing rows field by field is slow
    at = position[id(s.year_total)] if s.year_total else len(members)
    end = position[id(s.grand)] if s.grand else len(members)
    total_ids = {id(m) for m in totals}
    rest = [(i, m) for i, m in enumerate(members) if id(m) not in total_ids]
    if at == 0:  # the year's total printed above its items: they run to the next line of its rank
        d = s.year_total[0].depth if s.year_total and s.year_total[0].numbered else None
        stop = next((k for k, (_, m) in enumerate(rest) if (m[0].numbered and d is not None and m[0].depth <= d)
                     or _concept(m[0]) in _CARRIED), len(rest))
        s.items = [m for _, m in rest[:stop]]
        carried = [m for i, m in rest[stop:] if i < end]
    else:
        s.items = [m for i, m in rest if i < at]
        carried = [m for i, m in rest if at < i < end]
    _carried_lines(s, carried)
    _top_level(ctx, s)
    return s


def _carried_lines(s: SideReading, carried: list[Member]) -> None:
    """The carried-over lines between the year's total and the grand total; the sources a line is
    broken down into under it (「一、一般公共预算财政拨款」 under 「年初财政拨款结转和结余」) are not
    added again. A line that is neither makes the reading unsure."""
    for m in carried:
        name = normalize_label(m[0].name)
        if _CARRY_LINE.search(name):
            s.carried.append(m)
        elif not (s.carried and (_concept(m[0]) in _INCOME_SOURCES or "财政拨款" in name
                                  or (m[0].numbered and m[0].depth > 0))):
            s.carried_sure = False


def _top_level(ctx: Context, s: SideReading) -> None:
    """Which items are top-level, and whether that is sure."""
    present = {normalize_label(r.name) for r, _ in s.items}
    numbered_depths = [r.depth for r, _ in s.items if r.depth_known]
    top_depth = min(numbered_depths) if numbered_depths else None
    current_group: tuple[Member, frozenset[str]] | None = None
    for m in s.items:
        r = m[0]
        name = normalize_label(r.name)
        concept = _concept(r)
        group = next((kids for names, kids in _SOURCE_GROUPS if name in names), None)
        if group is not None:
            current_group = (m, group)
            s.groups.append((m, []))
            if not (r.depth_known and top_depth is not None and r.depth > top_depth):
                s.top.append(m)
            continue
        if current_group is not None and concept in current_group[1] and _group_present(present, concept):
            s.groups[-1][1].append(m)
            continue
        level = _known_level(r, top_depth, s.side, concept, ctx, present)
        if level == "top":
            s.top.append(m)
        elif level is None:
            s.top.append(m)
            s.sure = False
        current_group = current_group if level == "child" else None


def _group_present(present: set[str], concept: str | None) -> bool:
    return any(concept in kids and names & present for names, kids in _SOURCE_GROUPS)


def _known_level(r: Row, top_depth: int | None, side: Side | None, concept: str | None,
                 ctx: Context, present: set[str]) -> str | None:
    """"top", "child", or None when the print does not say."""
    if r.depth_known and top_depth is not None:
        return "top" if r.depth == top_depth else "child"
    if side is Side.INCOME and concept in _INCOME_SOURCES:
        return "top"  # a source not under a group line printed above it
    if _CARRY_LINE.search(normalize_label(r.name)):
        return "top"  # a carried-over line among the items: the table prints no year's total
    level = _function_level(r.name, ctx, present)
    if level is not None:
        return "top" if level is Level.CLASS else "child"
    return None


def _function_level(name: str, ctx: Context, present: set[str]) -> Level | None:
    """The level of a function classification name; a 类 name that is also a 款 name (「卫生健康支出」
    is a 类 and a 款 of 援助其他地区支出) is the 类 unless that other 类 is printed among the items."""
    ref, year = ctx.reference, ctx.d.year
    if ref is None or year is None or not ref.covered(year, Scheme.FUNCTION):
        return None
    found = ref.find(normalize_label(name), year, Scheme.FUNCTION)
    if not found:
        return None
    if all(e.level is not Level.CLASS for e in found):
        return Level.SECTION
    parents = {e.code[:3] for e in found if e.level is not Level.CLASS}
    if any(normalize_label(ref.name_of(p, year, Scheme.FUNCTION) or "") in present for p in parents):
        return None
    return Level.CLASS
