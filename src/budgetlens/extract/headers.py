"""Multi-row table headers → one label per value column.

Published tables have two or three header rows with merged cells. Text dumps show merged
cells in two ways: the cell-per-line layout drops a horizontally merged cell's repeats (the row
is shorter), the tab-separated layout keeps them as empty cells (the row has full width). Both
are resolved here against the *leaf* header row, the one as wide as the data rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from budgetlens.extract.numbers import parse_number

_SPACE = re.compile(r"[\s\u3000]+")
_SEQ_LABELS = {"序号", "行次", "栏次", "编号"}
_SUBJECT_LABEL = re.compile("编码|代码|名称|科目")


@lru_cache(maxsize=16384)
def squash(text: str) -> str:
    """Remove all white space (labels are printed with spaces for layout: 「项  目」)."""
    return _SPACE.sub("", text)


@dataclass(slots=True)
class HeaderColumn:
    """A column's header: its own label (the lowest) and the group labels above it, top first."""

    index: int
    label: str
    groups: list[str] = field(default_factory=list)

    @property
    def group(self) -> str:
        return "".join(self.groups)

    @property
    def full(self) -> str:
        return f"{self.group}{self.label}" if self.groups else self.label

    @property
    def path(self) -> list[str]:
        return [*self.groups, self.label] if self.label else list(self.groups)


# What a row numbering the columns prints before (or instead of) the numbers of the value columns.
_COLUMN_MARKS = frozenset({"栏次", "行次", "序号", "**", "*", "甲", "乙", "丙", "丁", "栏", "次", "A", "B", "C", "D"})


def is_column_number_row(row: list[str]) -> bool:
    """The row that numbers the columns: 「栏次 1 2 3 …」, 「** ** 1 2 3」, 「甲 乙 1 2」."""
    first = next(filter(None, map(str.strip, row)), "")
    if not (first.startswith("栏") or first in ("0", "1", "０", "１") or squash(first) in _COLUMN_MARKS):
        return False  # fast exit for every data row
    cells = [squash(c) for c in row]
    if cells and cells[0] in ("栏次", "栏 次"):
        return True
    filled = [c for c in cells if c]
    nums = [c for c in filled if c not in _COLUMN_MARKS]
    if len(nums) < 2 or not all(c.isdigit() for c in nums) or (len(nums) < 3 and len(nums) == len(filled)):
        return False
    values = [int(c) for c in nums]
    return values == list(range(values[0], values[0] + len(values))) and values[0] <= 1


def data_width(rows: list[list[str]]) -> int:
    """The most common width of the non-empty rows (the first seen of equally common ones)."""
    widths: dict[int, int] = {}
    for r in rows:
        if r:
            n = len(r)
            widths[n] = widths.get(n, 0) + 1
    # max() keeps the first of equal counts, in the order first seen, as Counter.most_common(1) does
    return max(widths, key=widths.__getitem__) if widths else 0


def resolve(header_rows: list[list[str]], width: int) -> list[HeaderColumn]:
    """Labels of each of ``width`` columns from the header rows (top to bottom)."""
    rows = [[squash(c) for c in r] for r in header_rows if not is_column_number_row(r)]
    rows = [r for r in rows if any(r)]
    if not rows:
        return [HeaderColumn(i, "") for i in range(width)]
    leaf_idx = max((i for i, r in enumerate(rows) if len(r) == width), default=None)
    if leaf_idx is None:
        leaf_idx = max(range(len(rows)), key=lambda i: len(rows[i]))
    leaf = rows[leaf_idx] + [""] * (width - len(rows[leaf_idx]))
    cols = [HeaderColumn(i, leaf[i]) for i in range(width)]
    for upper in reversed(rows[:leaf_idx]):
        if len(upper) == width:
            _apply_positional(cols, upper)
        else:
            _apply_walk(cols, upper)
    return cols


def _apply_positional(cols: list[HeaderColumn], upper: list[str]) -> None:
    """Full-width upper row: a label over an empty leaf is that column's label (vertical merge);
    otherwise it is a group label that extends right over the empty cells after it."""
    group = ""
    for col, text in zip(cols, upper, strict=False):
        if not col.label:
            col.label = text
            group = ""
            continue
        if text:
            group = text
        if group:
            col.groups.insert(0, group)


def _is_subject_group(label: str) -> bool:
    return "科目" in label or label == "项目"


def _walk_spans(cols: list[HeaderColumn], upper: list[str]) -> list[tuple[int, int, bool]]:
    """Short upper row (merged cells omitted): the columns each upper cell covers, as (start,
    stop, groups). A cell covers one empty-leaf column (its label merged down), or groups a run
    of labelled leaf columns, leaving enough columns for the cells after it."""
    spans: list[tuple[int, int, bool]] = []
    p = 0
    width = len(cols)
    for j, text in enumerate(upper):
        if p >= width:
            break
        if not cols[p].label:
            spans.append((p, p + 1, False))
            p += 1
            continue
        remaining = len(upper) - j - 1
        seen: set[str] = set()
        start = p
        while p < width and cols[p].label and width - p > remaining:
            label = cols[p].label
            if label in seen:
                break
            if _is_subject_group(text) and p > start and not _SUBJECT_LABEL.search(label):
                break
            seen.add(label)
            p += 1
        grouped = p > start
        if not grouped:
            p += 1
        spans.append((start, p, grouped))
    return spans


def _apply_walk(cols: list[HeaderColumn], upper: list[str]) -> None:
    for text, (start, stop, grouped) in zip(upper, _walk_spans(cols, upper), strict=False):
        if not grouped:
            if not cols[start].label:
                cols[start].label = text
        elif text:
            for col in cols[start:stop]:
                col.groups.insert(0, text)


def header_spans(header_rows: list[list[str]], width: int) -> list[list[int]]:
    """How many columns each cell of each header row spans, as :func:`resolve` reads the rows:
    1 for every cell of a full row; a short row's cells as the walk lays them over the columns
    (the last cell taking what is left). For writing a text dump's header as a spanned table."""
    rows = [[squash(c) for c in r] for r in header_rows]
    spans: list[list[int]] = [[1] * len(r) for r in rows]
    usable = [i for i, r in enumerate(rows) if any(r) and not is_column_number_row(header_rows[i])]
    leaf_idx = max((i for i in usable if len(rows[i]) == width), default=None)
    if leaf_idx is None:
        return [[1] * (len(r) - 1) + [width - len(r) + 1] if r else [] for r in rows]
    cols = [HeaderColumn(i, t) for i, t in enumerate(rows[leaf_idx] + [""] * (width - len(rows[leaf_idx])))]
    for i in reversed([i for i in usable if i < leaf_idx]):
        if len(rows[i]) == width:
            _apply_positional(cols, rows[i])
            continue
        walked = _walk_spans(cols, rows[i])
        row_spans = [stop - start for start, stop, _grouped in walked]
        covered = walked[-1][1] if walked else 0
        if row_spans:
            row_spans[-1] += width - covered
        spans[i] = row_spans + [1] * (len(rows[i]) - len(row_spans))
        _apply_walk(cols, rows[i])
    for i, r in enumerate(rows):
        if len(r) < width and (i not in usable or i > leaf_idx) and r:
            spans[i] = [1] * (len(r) - 1) + [width - len(r) + 1]
    return spans


def is_data_row(row: list[str]) -> bool:
    cells = [c.strip() for c in row]
    if not any(cells) or is_column_number_row(row):
        return False
    for i, c in enumerate(cells):
        if not c:
            continue
        if parse_number(c) is not None and not (i == 0 and c.isdigit() and len(c) <= 3):
            return True
    first = cells[0]
    return bool(first.isdigit() and len(first) <= 3 and any(cells[1:]))


def is_seq_label(label: str) -> bool:
    return label in _SEQ_LABELS


# A column's role by the words of its header: (role, words, how), the first that fits wins; ``how``
# is "eq" (the header is one of the words), "start" (begins with one) or "in" (contains one).
Roles = tuple[tuple[str, tuple[str, ...], str], ...]
_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "［", "]": "］"})


# Headers repeat in every table and document: the role of each is kept, by role table. Not an
# lru_cache: its key would hash the whole role table (nested tuples, no cached hash) on every call.
_ROLE_CACHE: dict[int, tuple[Roles, dict[str, str | None]]] = {}
_ROLE_CACHE_SIZE = 16384


def header_role(header: str, roles: Roles) -> str | None:
    """The role of a column by its header (spaces, bracket widths and a trailing colon ignored)."""
    entry = _ROLE_CACHE.get(id(roles))
    if entry is None or entry[0] is not roles:
        entry = _ROLE_CACHE[id(roles)] = (roles, {})
    known = entry[1]
    found = known.get(header, _UNKNOWN)
    if found is _UNKNOWN:
        if len(known) >= _ROLE_CACHE_SIZE:
            known.clear()
        found = known[header] = _header_role(header, roles)
    return found  # type: ignore[return-value]


_UNKNOWN = object()


def _header_role(header: str, roles: Roles) -> str | None:
    h = squash(header).translate(_BRACKETS).rstrip(":：")
    if not h:
        return None
    for role, words, how in roles:
        if (how == "eq" and h in words) or (how == "start" and h.startswith(words)) or (
                how == "in" and any(w in h for w in words)):
            return role
    return None
