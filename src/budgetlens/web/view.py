"""What a result page shows: the document as read, with every extracted figure and every place a
finding points at marked, the extracted tables, and the findings with their targets."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import Any

from budgetlens.check import Finding, Report, Severity
from budgetlens.model import Amount, Disclosure, Location, Percent, Table
from budgetlens.read import Grid, Paragraph, ReadResult


@dataclass
class Segment:
    text: str
    start: int
    end: int
    figure: bool = False
    flag: str | None = None  # worst severity of findings pointing here
    title: str = ""


@dataclass
class CellView:
    text: str
    row: int
    col: int
    colspan: int = 1
    line: int | None = None
    value: bool = False
    flag: str | None = None


@dataclass
class BlockView:
    index: int
    kind: str  # "p" or "grid"
    line: int | None = None
    page: int | None = None
    segments: list[Segment] = field(default_factory=list)
    rows: list[list[CellView]] = field(default_factory=list)
    flag: str | None = None


def _worse(a: str | None, b: str) -> str:
    if a is None:
        return b
    return a if Severity(a).rank <= Severity(b).rank else b


def loc_dict(loc: Location) -> dict[str, Any]:
    return {k: v for k, v in loc.model_dump().items() if v is not None and v != "" and k != "file"}


def _figures(d: Disclosure) -> list[tuple[Location, str]]:
    """Every figure extracted from prose, with a tooltip."""
    out: list[tuple[Location, str]] = []

    def add(x: Amount | Percent | None, label: str) -> None:
        if x is not None and x.where is not None and x.where.start is not None:
            out.append((x.where, label))

    for c in d.claims:
        head = c.subject + (f"（{c.concept}）" if c.concept and c.concept != c.subject else "")
        add(c.value, f"{head}：{c.value}")
        add(c.share, f"{head} 占比 {c.share.raw if c.share else ''}")
        if c.change is not None:
            add(c.change.amount, f"{head} 较{c.change.against}{c.change.direction.value}")
            add(c.change.percent, f"{head} 较{c.change.against}变动 {c.change.percent.raw if c.change.percent else ''}")
        add(c.completion, f"{head} 完成 {c.completion.raw if c.completion else ''}")
    for t in d.targets:
        for a in (t.total, t.fiscal, t.other, t.basic, t.project, t.executed, t.fiscal_executed, t.other_executed):
            add(a, f"{t.project_name or t.title}：{a}" if a else "")
    return out


def _table_cells(d: Disclosure) -> set[tuple[int, int, int]]:
    cells: set[tuple[int, int, int]] = set()

    def add(loc: Location | None) -> None:
        if loc is not None and loc.block is not None and loc.row is not None and loc.col is not None:
            cells.add((loc.block, loc.row, loc.col))

    for t in d.tables:
        for r in t.rows:
            for a in r.values.values():
                add(a.where)
    for p in d.targets:
        for pa in (p.total, p.fiscal, p.other, p.basic, p.project, p.executed):
            add(pa.where if pa else None)
        for ind in p.indicators:
            add(ind.where)
    if d.procurement:
        for it in d.procurement.items:
            add(it.amount.where if it.amount else None)
    if d.assets:
        for ai in d.assets.items:
            add(ai.value.where if ai.value else None)
    return cells


def build_blocks(rr: ReadResult, d: Disclosure | None, report: Report) -> list[BlockView]:
    spans: dict[int, list[tuple[int, int, str, str | None]]] = defaultdict(list)  # start, end, title, flag
    if d is not None:
        for loc, title in _figures(d):
            assert loc.block is not None and loc.start is not None
            spans[loc.block].append((loc.start, loc.end if loc.end is not None else loc.start + 1, title, None))
    cell_flags: dict[tuple[int, int, int | None], str] = {}
    block_flags: dict[int, str] = {}
    for f in report.findings:
        for loc in f.locations:
            if loc.block is None:
                continue
            if loc.start is not None:
                spans[loc.block].append((loc.start, loc.end if loc.end is not None else loc.start + 1, "",
                                         f.severity.value))
            elif loc.row is not None:
                key = (loc.block, loc.row, loc.col)
                cell_flags[key] = _worse(cell_flags.get(key), f.severity.value)
            else:
                block_flags[loc.block] = _worse(block_flags.get(loc.block), f.severity.value)
    value_cells = _table_cells(d) if d is not None else set()

    out: list[BlockView] = []
    for i, block in enumerate(rr.blocks):
        if isinstance(block, Paragraph):
            bv = BlockView(index=i, kind="p", line=block.line, page=block.page, flag=block_flags.get(i))
            bv.segments = _segments(block.text, spans.get(i, []))
            out.append(bv)
        elif isinstance(block, Grid):
            bv = BlockView(index=i, kind="grid", line=block.line, page=block.page, flag=block_flags.get(i))
            for r, cells in enumerate(block.rows):
                row_flag = cell_flags.get((i, r, None))
                bv.rows.append([
                    CellView(text=c.text, row=r, col=k, colspan=max(1, c.colspan), line=c.line,
                             value=(i, r, k) in value_cells,
                             flag=cell_flags.get((i, r, k)) or row_flag)
                    for k, c in enumerate(cells)
                ])
            out.append(bv)
    return out


def _segments(text: str, spans: list[tuple[int, int, str, str | None]]) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece knows whether it is a figure and its flag."""
    n = len(text)
    cuts = {0, n}
    for s, e, _, _ in spans:
        cuts.add(min(max(s, 0), n))
        cuts.add(min(max(e, 0), n))
    points = sorted(cuts)
    segs: list[Segment] = []
    for a, b in pairwise(points):
        if a == b:
            continue
        seg = Segment(text=text[a:b], start=a, end=b)
        for s, e, title, flag in spans:
            if s <= a and b <= e:
                if flag is None:
                    seg.figure = True
                    seg.title = seg.title or title
                else:
                    seg.flag = _worse(seg.flag, flag)
        segs.append(seg)
    return segs


# Kinds of slip the checker's diagnosis names (budgetlens.check.diagnosis), shown in Chinese.
DIAGNOSIS_LABELS = {
    "sign": "正负号错误", "unit": "单位混用（元/万元）", "dropped_digit": "漏写一位数字", "extra_digit": "多写一位数字",
    "transposed": "相邻数字颠倒", "scale": "数量级错误（小数点错位或多/少写零）", "wrong_digit": "写错一位数字",
}


def finding_view(f: Finding) -> dict[str, Any]:
    v = f.values
    return {
        "code": f.code, "severity": f.severity.value, "label": f.severity.label, "title": f.title,
        "message": f.message, "hint": f.hint,
        "diagnosis": DIAGNOSIS_LABELS.get(f.diagnosis, f.diagnosis) if f.diagnosis else None,
        "values": None if v is None else {
            "stated": _num(v.stated), "expected": _num(v.expected), "difference": _num(v.difference),
            "unit": v.unit or ""},
        "locs": [loc_dict(loc) for loc in f.locations],
        "where": "；".join(dict.fromkeys(loc.describe() for loc in f.locations)),
        # one link per place (same description once), each scrolling to its own location
        "places": _places(f),
    }


def _places(f: Finding) -> list[dict[str, Any]]:
    seen: dict[str, int] = {}
    out: list[dict[str, Any]] = []
    for i, loc in enumerate(f.locations):
        text = loc.describe()
        if text in seen:
            continue
        seen[text] = i
        out.append({"index": i, "text": text})
    return out


def _num(x: Decimal | None) -> str | None:
    return None if x is None else format(x, ",f")


def sorted_findings(report: Report) -> list[Finding]:
    return sorted(report.findings, key=lambda f: (f.severity.rank, f.code))


def table_view(t: Table) -> dict[str, Any]:
    """An extracted table as headers and rows of (text, location) for the template."""
    keys = list(dict.fromkeys(c.key for c in t.columns))
    labels = {c.key: c.label for c in t.columns}
    rows = []
    for r in t.rows:
        cells = []
        for k in keys:
            a = r.values.get(k)
            text = a.raw or format(a.value, ",f") if a is not None else r.texts.get(k, "")
            cells.append({"text": text,
                          "loc": loc_dict(a.where) if a is not None and a.where is not None else None})
        rows.append({"code": r.code or "", "name": r.name, "side": r.side.value if r.side else "",
                     "total": r.is_total, "depth": r.depth, "cells": cells,
                     "loc": loc_dict(r.where) if r.where else None})
    return {"kind": t.kind.value, "title": t.title, "number": t.number, "unit": t.unit.value,
            "scheme": t.scheme.value, "columns": [labels[k] for k in keys], "keys": keys, "rows": rows,
            "empty_reason": t.empty_reason, "has_side": any(r.side for r in t.rows)}
