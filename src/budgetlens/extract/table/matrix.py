"""A grid as a rectangle of slots: the first step of reading a table.

Readers give one :class:`Cell` per printed cell, a cell spanning several columns once with its
``colspan`` (PDF, Word, HTML, workbooks), or, in text dumps, one cell per line with the merged
cells of a header simply missing. Here every row becomes ``width`` slots: a spanning cell fills
its columns (the first slot is its *head*, the others point back at it), so that column ``k``
means the same printed column in every row. Text dumps have no spans: their rows keep their
cells in order (:attr:`Matrix.spanned` is False) and the header step resolves short rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from budgetlens.extract.headers import squash
from budgetlens.read.blocks import Cell, Grid


class Slot:
    """One column of one row: the cell printed there and whether this is the cell's first column.

    A plain class with slots rather than a dataclass: a table makes one per cell, and the texts are
    set in ``__init__`` itself (a dataclass's ``__post_init__`` is a second call per slot)."""

    __slots__ = ("cell", "col", "flat", "head", "span", "text")

    def __init__(self, cell: Cell, col: int, head: bool = True, span: int = 1) -> None:
        self.cell = cell
        self.col = col
        self.head = head
        self.span = span
        # the cell's text stripped, and without any space (labels are printed spaced out: 「项  目」),
        # in its first column only: every step reads them, many times
        self.text, self.flat = _texts(cell.text) if head else _NO_TEXT

    def __repr__(self) -> str:
        return f"Slot({self.text!r}, col={self.col}, head={self.head}, span={self.span})"


_NO_TEXT = ("", "")


@lru_cache(maxsize=65536)  # a table's cells repeat: labels, 0.00, names of codes
def _texts(text: str) -> tuple[str, str]:
    return text.strip(), squash(text)


@dataclass(slots=True)
class Matrix:
    """Rows of slots, all ``width`` long (rows of a text dump may be shorter: no spans known)."""

    rows: list[list[Slot]]
    width: int
    spanned: bool
    first_row: int = 0  # index in the grid of ``rows[0]``

    def texts(self, i: int) -> list[str]:
        return [s.text for s in self.rows[i]]

    def flats(self, i: int) -> list[str]:
        return [s.flat for s in self.rows[i]]

    def sub(self, start: int, stop: int) -> Matrix:
        return Matrix(self.rows[start:stop], self.width, self.spanned, self.first_row + start)


_EMPTY = Cell(text="")


def expand(rows: list[list[Cell]], first_row: int = 0) -> Matrix:
    """Lay the cells of each row out over the columns they span."""
    spanned = any(c.colspan > 1 for row in rows for c in row)
    if not spanned:
        width = max((len(r) for r in rows), default=0)
        return Matrix([[Slot(c, k) for k, c in enumerate(r)] for r in rows], width, False, first_row)
    width = max((sum(c.colspan for c in r) for r in rows), default=0)
    out: list[list[Slot]] = []
    for r in rows:
        slots: list[Slot] = []
        for c in r:
            start = len(slots)
            slots.append(Slot(c, start, True, c.colspan))
            slots.extend(Slot(c, start + k, False, c.colspan) for k in range(1, c.colspan))
        slots.extend(Slot(_EMPTY, k) for k in range(len(slots), width))
        out.append(slots)
    return Matrix(out, width, True, first_row)


def widen_short_rows(m: Matrix, width: int) -> Matrix:
    """Rows of a text dump that lost the cells their labels were merged over: a row ``k`` cells
    short with exactly ``k`` labels (words, no figure) — 「人员经费合计 | 481.23 | 公用经费合计 |
    94.10」 under 「编码 | 名称 | 决算数」 twice — gets an empty cell after each label, so that every
    figure stands under its column. Other short rows are left as they are."""
    if m.spanned:
        return m
    rows: list[list[Slot]] = []
    changed = False
    for row in m.rows:
        short = width - len(row)
        if short <= 0:
            rows.append(row)
            continue
        labels = {id(s) for s in row if s.text and not any(ch.isdigit() for ch in s.text)}
        if len(labels) != short or not any(s.text for s in row if id(s) not in labels):
            rows.append(row)
            continue
        out: list[Slot] = []
        for s in row:
            out.append(Slot(s.cell, len(out)))
            if id(s) in labels:
                out.append(Slot(_EMPTY, len(out)))
        rows.append(out)
        changed = True
    return Matrix(rows, m.width, False, m.first_row) if changed else m


def from_grid(grid: Grid) -> Matrix:
    return expand(grid.rows)


def collapse(m: Matrix, anchors: list[int]) -> Matrix | None:
    """The matrix on the ``anchors`` columns only, or None when some printed cell has no anchor.

    Workbooks printed to PDF often rule a table more finely than its header: a label sits in one
    narrow column, the figures under it in a cell spanning three, and the next row's figure in
    another of the three (「301」 over columns 0–2, 「科目编码」 in column 1). Each cell then goes
    to the anchor column (a column the header labels) it spans; a cell spanning several anchors
    (「合计」 across code and name) spans them all.
    """
    at = {a: k for k, a in enumerate(anchors)}
    rows: list[list[Slot]] = []
    for row in m.rows:
        out = [Slot(_EMPTY, k) for k in range(len(anchors))]
        for slot in row:
            if not slot.head:
                continue
            covered = [at[c] for c in range(slot.col, slot.col + slot.span) if c in at]
            if not covered:
                if slot.flat:
                    return None
                continue
            first = covered[0]
            out[first] = Slot(slot.cell, first, True, len(covered))
            for k in covered[1:]:
                out[k] = Slot(slot.cell, k, False, len(covered))
        rows.append(out)
    return Matrix(rows, len(anchors), True, m.first_row)
