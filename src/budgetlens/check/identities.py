"""The identities between a table's columns and rows, shared by the rules and by the context.

The context uses them to tell a table whose figures fail in most rows (a misreading: columns
taken for others) from one with a few real slips; the SUM rules report the slips.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from budgetlens.check.tolerance import adds_up
from budgetlens.model import Amount, Row, Table

# Column identities: total column → alternative sets of part columns, first applicable wins.
COLUMN_IDENTITIES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("合计", ("基本支出", "项目支出", "经营支出", "上缴上级支出", "对附属单位补助支出"), "基本支出"),
    ("合计", ("人员经费", "公用经费", "项目支出"), "人员经费"),
    ("合计", ("小计", "上年结转"), "小计"),
    ("合计", ("财政拨款", "财政专户", "事业收入", "经营收入", "上级补助收入", "附属单位上缴收入",
              "其他收入", "单位资金", "上年结转"), "财政拨款"),
    ("合计", ("一般公共预算", "政府性基金", "国有资本经营", "财政专户", "单位资金", "上年结转"), "一般公共预算"),
    ("小计", ("财政拨款", "财政专户", "事业收入", "经营收入", "上级补助收入", "附属单位上缴收入",
              "其他收入", "单位资金"), "财政拨款"),
    ("小计", ("一般公共预算", "政府性基金", "国有资本经营", "财政专户", "单位资金"), "一般公共预算"),
    ("基本支出", ("人员经费", "公用经费"), "人员经费"),
)


def identities_for(money_keys: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    keys = set(money_keys)
    chosen: list[tuple[str, tuple[str, ...]]] = []
    done: set[str] = set()
    for total, parts, anchor in COLUMN_IDENTITIES:
        if total in done or total not in keys or anchor not in keys:
            continue
        present = tuple(p for p in parts if p in keys)
        if len(present) < 2:
            continue
        chosen.append((total, present))
        done.add(total)
    return chosen


@dataclass(frozen=True, slots=True)
class Test:
    """One identity tested on one row: the total, its parts, and whether they agree."""

    row: Row
    total_key: str
    total: Amount
    part_keys: tuple[str, ...]  # the part columns' keys, or, for a code hierarchy, the part rows
    parts: tuple[Amount, ...]
    part_rows: tuple[Row, ...] = ()

    @property
    def holds(self) -> bool:
        return adds_up(self.total, list(self.parts))


def column_tests(table: Table, money_keys: list[str]) -> Iterator[Test]:
    """Every row's column identities (a row without the total or without any part is not tested)."""
    for total_key, part_keys in identities_for(money_keys):
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
