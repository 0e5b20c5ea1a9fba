"""Where the header ends and what each column's header says.

The header is the rows above the first row of figures (or of codes: an empty table still prints
its codes). Rows that merely number the columns (「栏次 1 2 3」, 「** 1 2 3」, 「甲 乙 1 2」) are not
labels. In a grid with spans each header cell labels exactly the columns it spans, top to bottom
(「项目」 over 「科目编码」 over 「类」); a text dump has no spans, and its short rows are resolved
against the widest row by :func:`budgetlens.extract.headers.resolve`.
"""

from __future__ import annotations

from budgetlens.extract.headers import HeaderColumn, is_column_number_row, is_data_row, resolve
from budgetlens.extract.table.matrix import Matrix
from budgetlens.extract.table.settings import TableSettings


def first_data_row(m: Matrix) -> int:
    """Index of the first row holding figures; ``len(m.rows)`` when none does (an empty table)."""
    return next((i for i in range(len(m.rows)) if is_data_row(m.texts(i))), len(m.rows))


def header_columns(m: Matrix, n_header: int, body_width: int) -> list[HeaderColumn]:
    """One label (leaf) and group (the labels above it) per column."""
    if not m.spanned:
        texts = [m.texts(i) for i in range(n_header)]
        return resolve(texts, body_width)
    paths: list[list[str]] = [[] for _ in range(m.width)]
    for i in range(n_header):
        if is_column_number_row(m.texts(i)):
            continue
        for slot in m.rows[i]:
            if not slot.head or not slot.flat:
                continue
            for k in range(slot.col, min(slot.col + slot.span, m.width)):
                if not paths[k] or paths[k][-1] != slot.flat:
                    paths[k].append(slot.flat)
    return [HeaderColumn(k, p[-1] if p else "", p[:-1]) for k, p in enumerate(paths)]


def too_long(n_header: int, settings: TableSettings) -> bool:
    return n_header > settings.max_header_rows
