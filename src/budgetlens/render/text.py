"""Plain-text disclosure in the cell-per-line layout the seeds use.

A table title stands on its own line; each grid row is its cells, one a line, each starting
with a tab, and a blank line after the row; the first row carries the entity, the year and the
「单位：元」 cell. This is the layout :mod:`budgetlens.read.text` reads, so a rendered
disclosure can be parsed and checked like a published one.
"""

from __future__ import annotations

from budgetlens.render.figures import Figures
from budgetlens.render.narrative import Block, ChartRef, Heading, Para, TargetGrid, document_title
from budgetlens.render.tables import GridTable


def _grid(rows: list[list[str]]) -> list[str]:
    out: list[str] = []
    for row in rows:
        out.extend("\t" + c.replace("\n", " ") for c in row)
        out.append("")
    return out


def render_text(f: Figures, tables: list[GridTable], blocks: list[Block]) -> str:
    e = f.budget.entity
    head = [f"{e.code or ''}{e.name}", f"{f.kind_word}年度：{f.year}", tables[0].unit_label if tables else "单位：元"]
    out = [e.name, document_title(f), ""]
    for t in tables:
        out.append(t.title)
        out.extend(_grid([head, t.header, *t.rows]))
        if t.empty_note:
            out.append(t.empty_note)
        out.append("")
    for block in blocks:
        if isinstance(block, Heading | Para):
            out.append(block.text)
        elif isinstance(block, TargetGrid):
            out.append(block.title)
            out.extend(_grid([[head[2]], *block.rows]))
            out.append("")
        elif isinstance(block, ChartRef):
            continue
    return "\n".join(out) + "\n"
