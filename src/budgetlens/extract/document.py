"""Walk the blocks of a document: give each grid its context and route it to a recognizer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlens.extract.headers import squash
from budgetlens.extract.table import GridContext, kind_from_title
from budgetlens.extract.units import stated_unit
from budgetlens.read.blocks import Block, Cell, Grid, Paragraph

_NUMBER_RE = re.compile(r"^(?:附)?表\s*(\d+(?:-\d+)?)$")
_MAX_TITLE = 60
_UNIT_NOTE = re.compile(r"[（(]单位[:：].*?[)）]")
_PART_TITLE = re.compile(r"(绩效目标|自评|完成情况|申报)[^\n]*表")


@dataclass(slots=True)
class GridItem:
    index: int
    grid: Grid
    ctx: GridContext
    before: list[tuple[int, Paragraph]] = field(default_factory=list)
    after: list[tuple[int, Paragraph]] = field(default_factory=list)


def grid_items(blocks: list[Block]) -> list[GridItem]:
    items: list[GridItem] = []
    for i, block in enumerate(blocks):
        if not isinstance(block, Grid):
            continue
        before: list[tuple[int, Paragraph]] = []
        j = i - 1
        while j >= 0 and isinstance(blocks[j], Paragraph) and len(before) < 4:
            before.insert(0, (j, blocks[j]))  # type: ignore[arg-type]
            j -= 1
        after: list[tuple[int, Paragraph]] = []
        j = i + 1
        while j < len(blocks) and isinstance(blocks[j], Paragraph) and len(after) < 3:
            after.append((j, blocks[j]))  # type: ignore[arg-type]
            j += 1
        parts = split_title_rows(block)
        for k, part in enumerate(parts):
            items.append(GridItem(i, part, context_of(before) if k == 0 else GridContext(), before if k == 0 else [],
                                  after if k == len(parts) - 1 else []))
    return items


def context_of(before: list[tuple[int, Paragraph]]) -> GridContext:
    """Title, 表N and unit from the paragraphs right before a grid (nearest first)."""
    ctx = GridContext()
    fallback = ""
    for _, para in reversed(before):
        text = para.text.strip()
        flat = squash(text)
        m = _NUMBER_RE.match(flat)
        if m:
            ctx.number = f"表{m.group(1)}"
            break
        unit = stated_unit(flat)
        if unit is not None and ctx.unit is None:
            ctx.unit = unit
            if len(flat) <= 12:
                continue
        too_long = len(flat) > (_MAX_TITLE * 2 if flat.endswith("表") else _MAX_TITLE)
        if ctx.title or too_long or flat.startswith("注") or flat.endswith(("。", "；")):
            if flat.endswith(("。", "；")) and not ctx.title and not fallback:
                break
            continue
        cleaned = _UNIT_NOTE.sub("", text).strip()
        if "表" in flat or kind_from_title(flat) is not None:
            ctx.title = cleaned
        elif not fallback and not flat.endswith(("：", ":")):
            fallback = cleaned
    if not ctx.title:
        ctx.title = fallback
    return ctx


def split_title_rows(grid: Grid) -> list[Grid]:
    """A grid that runs several tables together (a title row between them) → one grid per table."""
    parts: list[Grid] = []
    current: list[list[Cell]] = []
    for row in grid.rows:
        filled = [c for c in row if c.text.strip()]
        is_title = (
            len(filled) == 1
            and current
            and len(flat := squash(filled[0].text)) <= 60
            and _PART_TITLE.search(flat) is not None
        )
        if is_title:
            parts.append(Grid(rows=current, line=current[0][0].line, page=grid.page, sheet=grid.sheet))
            current = []
        current.append(row)
    if current:
        parts.append(Grid(rows=current, line=current[0][0].line if current[0] else grid.line,
                          page=grid.page, sheet=grid.sheet))
    return parts if len(parts) > 1 else [grid]
