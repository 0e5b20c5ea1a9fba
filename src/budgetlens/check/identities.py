"""The identities between a table's columns and rows, shared by the rules and by the context.

The context uses them to tell a table whose figures fail in most rows (a misreading: columns
taken for others) from one with a few real slips; the SUM rules report the slips.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from budgetlens.check.tolerance import adds_up
from budgetlens.model import Amount, Row, Table

# Columns whose header names a part of another column printed beside it with no group over them
# (「合计 | 基本支出 | 人员经费 | 公用经费 | 项目支出」): key → the key of the column it is part of.
_PART_OF: dict[str, str] = {
    "人员经费": "基本支出", "公用经费": "基本支出",
    "一般公共预算": "财政拨款", "政府性基金": "财政拨款", "国有资本经营": "财政拨款",
}
_TOTAL_KEYS = frozenset({"合计", "小计"})
# Columns that are no part of a sum: 「其中」 columns, rates, changes, last year's figures, and the
# 政府采购 amounts printed beside a table's columns (a share of them, not another part).
_NOT_SUMMED = re.compile(r"^其中|%|％|率|比例|比重|增减|增长|下降|(?:上年|去年)(?!结转|结余)|采购")


@dataclass(slots=True)
class _Node:
    label: str
    key: str | None = None  # a column's key; None for a group header
    children: list[_Node] = field(default_factory=list)


def _tree(header: tuple[tuple[str, str, tuple[str, ...]], ...], money_keys: frozenset[str]) -> _Node:
    """The header as a tree of groups over columns; ``header`` holds each column's (key, label, path)."""
    root = _Node("")
    seen: set[str] = set()
    for key, label, path in header:
        if key in seen or key not in money_keys:
            continue
        seen.add(key)
        node = root
        labels = path or (label,)
        for group in labels[:-1]:
            found = next((c for c in node.children if c.key is None and c.label == group), None)
            if found is None:
                found = _Node(group)
                node.children.append(found)
            node = found
        node.children.append(_Node(labels[-1], key))
    return root


def _nest_known_parts(node: _Node) -> None:
    """Under a column printed beside its parts, put the parts (人员经费 under 基本支出)."""
    by_key = {c.key: c for c in node.children if c.key is not None}
    kept: list[_Node] = []
    for child in node.children:
        parent = by_key.get(_PART_OF.get(child.key or "", ""))
        if parent is not None and parent is not child:
            parent.children.append(child)
        else:
            kept.append(child)
    node.children = kept
    for child in node.children:
        _nest_known_parts(child)


def _is_total(node: _Node) -> bool:
    return node.key in _TOTAL_KEYS or node.label in ("小计", "合计", "总计")


def _visit(node: _Node, out: list[tuple[str, tuple[str, ...]]]) -> list[str]:
    """The keys whose sum is ``node``'s amount; records the identities found on the way."""
    summed = [c for c in node.children if not _NOT_SUMMED.search(c.label)]
    total = next((c for c in summed if c.key is not None and _is_total(c)), None)
    parts: list[str] = []
    for child in summed:
        if child is not total:
            parts.extend(_visit(child, out))
    if node.key is not None:  # a column with its parts printed beside it
        if len(parts) >= 2:
            out.append((node.key, tuple(parts)))
        return [node.key]
    if total is not None and total.key is not None:
        if len(parts) >= 2:
            out.append((total.key, tuple(parts)))
        return [total.key]
    if not parts and len(node.children) == 1 and node.children[0].key is not None:
        return [node.children[0].key]
    return parts


def column_identities(table: Table, money_keys: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """(total column, part columns) pairs the header's structure gives: a 合计/小计 column equals
    the sum of the columns beside it under the same header (a group without its own total adds
    up its columns; 「其中」 columns and rates are not parts of a sum)."""
    header = tuple((c.key, c.label, tuple(c.path)) for c in table.columns)
    return list(_identities(header, frozenset(money_keys)))


@lru_cache(maxsize=2048)  # tables of a kind print the same header in every document
def _identities(header: tuple[tuple[str, str, tuple[str, ...]], ...],
                money_keys: frozenset[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    root = _tree(header, money_keys)
    _nest_known_parts(root)
    out: list[tuple[str, tuple[str, ...]]] = []
    _visit(root, out)
    return tuple(out)


@dataclass(slots=True)
class Test:
    """One identity tested on one row: the total, its parts, and whether they agree."""

    row: Row
    total_key: str
    total: Amount
    part_keys: tuple[str, ...]  # the part columns' keys, or, for a code hierarchy, the part rows
    parts: tuple[Amount, ...]
    part_rows: tuple[Row, ...] = ()
    holds: bool = field(init=False)
    """Whether the parts add up to the total (asked by the context and by the rules: found once)."""

    def __post_init__(self) -> None:
        self.holds = adds_up(self.total, self.parts)


def column_tests(table: Table, money_keys: list[str]) -> Iterator[Test]:
    """Every row's column identities (a row without the total or without any part is not tested)."""
    for total_key, part_keys in column_identities(table, money_keys):
        for r in table.rows:
            total = r.values.get(total_key)
            if total is None:
                continue
            present = tuple(k for k in part_keys if k in r.values)
            if present:
                yield Test(r, total_key, total, present, tuple(r.values[k] for k in present))


def hierarchy_tests(table: Table, money_keys: list[str]) -> Iterator[Test]:
    """Every coded row against the rows two digits below it, column by column."""
    coded = [r for r in table.rows if r.code and not r.is_total]
    if len({r.code for r in coded}) < len(coded):
        return  # a code printed twice (two blocks under one another, or two schemes): no one hierarchy
    kids_of: dict[str, list[Row]] = {}
    for r in coded:
        assert r.code is not None
        kids_of.setdefault(r.code[:-2], []).append(r)
    for parent in coded:
        assert parent.code is not None
        kids = kids_of.get(parent.code) if len(parent.code) < 7 else None
        if not kids:
            continue
        for key in money_keys:
            total = parent.values.get(key)
            amounts = tuple(k.values[key] for k in kids if key in k.values)
            if total is None and not amounts:
                continue
            if total is None:
                total = Amount(value=amounts[0].value * 0, unit=table.unit, where=parent.where)
            with_value = tuple(k for k in kids if key in k.values)
            yield Test(parent, key, total, tuple(str(k.code) for k in with_value), amounts, with_value)
