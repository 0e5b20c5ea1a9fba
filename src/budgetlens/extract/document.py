"""Walk the blocks of a document: give each grid its context and route it to a recognizer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlens.extract.headers import is_data_row, squash
from budgetlens.extract.table import DEFAULT, GridContext, kind_from_title
from budgetlens.extract.units import stated_unit
from budgetlens.read.blocks import Block, Cell, Grid, Paragraph

# 「表3」 「附表3」 「表3-1」 「表三」, and 「公开01表」 as the national template prints it under the title
_NUMBER_RE = re.compile(r"^(?:附|公开)?(?:表\s*([\d一二三四五六七八九十]+(?:[-－]\d+)?)|(\d+)表)$")
_UNIT_NOTE = re.compile(r"[（(]单位[:：].*?[)）]")
_PART_TITLE = re.compile(r"(绩效目标|自评|完成情况|申报)[^\n]*表")


@dataclass(slots=True)
class GridItem:
    index: int
    grid: Grid
    ctx: GridContext
    before: list[tuple[int, Paragraph]] = field(default_factory=list)
    after: list[tuple[int, Paragraph]] = field(default_factory=list)
    # (block, row) each row of ``grid`` was read from, when the grid joins a table continued over
    # several blocks (pages); None when every row is row ``k`` of block ``index``
    origins: list[tuple[int, int]] | None = None


def grid_items(blocks: list[Block]) -> list[GridItem]:
    items: list[GridItem] = []
    for i, block in enumerate(blocks):
        if not isinstance(block, Grid):
            continue
        before: list[tuple[int, Paragraph]] = []
        j = i - 1
        while j >= 0 and isinstance(blocks[j], Paragraph) and len(before) < DEFAULT.context_paragraphs:
            before.insert(0, (j, blocks[j]))  # type: ignore[arg-type]
            j -= 1
        after: list[tuple[int, Paragraph]] = []
        j = i + 1
        while j < len(blocks) and isinstance(blocks[j], Paragraph) and len(after) < DEFAULT.context_paragraphs:
            after.append((j, blocks[j]))  # type: ignore[arg-type]
            j += 1
        parts = split_title_rows(block)
        for k, (part, offset) in enumerate(parts):
            item = GridItem(i, part, context_of(before) if k == 0 else GridContext(), before if k == 0 else [],
                            after if k == len(parts) - 1 else [],
                            [(i, offset + r) for r in range(len(part.rows))] if offset else None)
            if not (k == 0 and items and _continue(items[-1], item, blocks)):
                items.append(item)
    return items




def _continue(prev: GridItem, item: GridItem, blocks: list[Block]) -> bool:
    """Join ``item`` to ``prev`` when it is the same table going on (on the next page): the same
    title before both, nothing but that title, its unit and page furniture between them, and the
    header printed again (or no header at all and the same number of columns). Returns whether
    it was joined."""
    title = squash(prev.ctx.title)
    if not title or kind_from_title(prev.ctx.title) is None:
        return False
    own_title = squash(item.ctx.title)
    headless = not own_title and bool(item.grid.rows) and _starts_with_figures(item.grid.rows)
    if own_title != title and not headless:
        return False  # another table, unless a grid with no title and no header of its own
    last = prev.origins[-1][0] if prev.origins else prev.index
    if any(isinstance(b, Grid) for b in blocks[last + 1:item.index]):
        return False
    old, new = prev.grid.rows, item.grid.rows
    repeat = _repeated_rows(old, new)
    same_width = _width(old) == _width(new)
    if repeat < DEFAULT.min_repeated_header_rows and not (same_width and new and _starts_with_figures(new)):
        return False
    origins = prev.origins or [(prev.index, r) for r in range(len(old))]
    origins.extend((item.index, r) for r in range(repeat, len(new)))
    prev.grid = Grid(rows=[*old, *new[repeat:]], line=prev.grid.line, page=prev.grid.page, sheet=prev.grid.sheet)
    prev.origins = origins
    prev.after = item.after
    return True


def _flat(row: list[Cell]) -> tuple[str, ...]:
    return tuple(squash(c.text) for c in row)


def _repeated_rows(old: list[list[Cell]], new: list[list[Cell]]) -> int:
    """How many leading rows of ``new`` repeat the leading rows of ``old`` (a header printed again)."""
    k = 0
    while k < min(len(old), len(new)) and _flat(old[k]) == _flat(new[k]) and not _starts_with_figures(new[k:k + 1]):
        k += 1
    return k


def _starts_with_figures(rows: list[list[Cell]]) -> bool:
    return bool(rows) and is_data_row([c.text for c in rows[0]])


def _width(rows: list[list[Cell]]) -> int:
    return max((sum(c.colspan for c in r) for r in rows), default=0)


_TITLE_TAILS = frozenset({"表", "总表", "明细表", "情况表"})


def context_of(before: list[tuple[int, Paragraph]]) -> GridContext:
    """Title, 表N and unit from the paragraphs right before a grid (nearest first)."""
    ctx = GridContext()
    fallback = ""
    tail = ""  # the end of a title wrapped onto a line of its own (「…支出决算」 「表」)
    for _, para in reversed(before):
        text = para.text.strip()
        flat = squash(text)
        m = _NUMBER_RE.match(flat)
        if m:
            if ctx.number is not None:
                break  # the number of a table before this one
            ctx.number = f"表{m.group(1) or m.group(2)}"
            if ctx.title:
                break  # 「表3」 above 「收入总表」: nothing further up is this table's
            continue  # 「公开03表」 under the title: the title is further up
        if flat in _TITLE_TAILS and not ctx.title:
            tail = text
            continue
        if tail:
            text, flat, tail = text + tail, flat + tail, ""
        unit = stated_unit(flat)
        if unit is not None and ctx.unit is None:
            ctx.unit = unit
            if len(flat) <= 12:
                continue
        too_long = len(flat) > (DEFAULT.max_title_chars * 2 if flat.endswith("表") else DEFAULT.max_title_chars)
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


def _is_title_row(row: list[Cell]) -> bool:
    """A row holding nothing but the title of a table or of a performance form."""
    filled = [c for c in row if c.text.strip()]
    if len(filled) != 1:
        return False
    flat = squash(filled[0].text)
    titled = _PART_TITLE.search(flat) is not None or kind_from_title(flat) is not None
    return len(flat) <= DEFAULT.max_title_chars and titled


def _is_number_row(row: list[Cell]) -> bool:
    filled = [c for c in row if c.text.strip()]
    return len(filled) == 1 and _NUMBER_RE.match(squash(filled[0].text)) is not None


def split_title_rows(grid: Grid) -> list[tuple[Grid, int]]:
    """A grid that runs several tables together, each under its own title row (a worksheet holding
    表4 to 表10 one under another) → one grid per table, with the index of its first row."""
    parts: list[tuple[Grid, int]] = []
    start = 0
    for k, row in enumerate(grid.rows):
        if k - start >= DEFAULT.min_part_rows and _is_title_row(row):
            cut = k - 1 if _is_number_row(grid.rows[k - 1]) else k  # 「表5」 printed above its title
            parts.append((_part(grid, start, cut), start))
            start = cut
    if not parts:
        return [(grid, 0)]
    parts.append((_part(grid, start, len(grid.rows)), start))
    return parts


def _part(grid: Grid, start: int, stop: int) -> Grid:
    rows = grid.rows[start:stop]
    line = rows[0][0].line if rows and rows[0] else grid.line
    return Grid(rows=rows, line=line, page=grid.page, sheet=grid.sheet)
