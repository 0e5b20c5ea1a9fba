"""Plain-text dumps of disclosures.

Two layouts are published as text:

* **cell per line** – every table cell on its own line starting with a tab, a blank line ending
  each row; prose lines start without a tab. A cell may continue on a following line without a
  tab (a line break inside a Word cell), sometimes after a blank line.
* **tab-separated** – each table row on one line, cells separated by tabs.

The layout is decided per document by counting line shapes. No library reads these dumps, so
the grouping rules below are written by hand.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from budgetlens.errors import ReadError
from budgetlens.read.blocks import PAGE_NUMBER, Block, Cell, Grid, Paragraph, ReadResult, leading_indent
from budgetlens.read.encoding import decode_text

# Lines that are page furniture of the original document, not content.
_PAGE_FURNITURE = re.compile(rf"^(?:page number|{PAGE_NUMBER})$", re.IGNORECASE)
# Markers left by Word-to-text converters, e.g. "[bookmark: _Toc22386]".
_CONVERTER_MARK = re.compile(r"\[bookmark: [^\]]*\]")
_PROSE_END = ("。", "；", ";", "：", ":")
_CONTINUATION_MAX = 40


def read_text(path: str | Path, data: bytes | None = None) -> ReadResult:
    """Read a text dump into blocks."""
    p = Path(path)
    if data is None:
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise ReadError(f"无法读取文件（{exc.strerror or exc}）", str(p)) from None
    text, encoding = decode_text(data, str(p))
    blocks = blocks_from_text(text)
    if not blocks:
        raise ReadError("文件没有可读的内容（只有空白）", str(p))
    return ReadResult(
        path=str(p),
        format="txt",
        blocks=blocks,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        encoding=encoding,
    )


def blocks_from_text(text: str) -> list[Block]:
    text = _CONVERTER_MARK.sub("", text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if _is_tab_separated(lines):
        return _tsv_blocks(lines)
    return _cell_blocks(lines)


def _is_tab_separated(lines: list[str]) -> bool:
    per_line = 0
    multi = 0
    for line in lines:
        if "\t" not in line:  # prose: no copy made
            continue
        body = line.rstrip()
        if "\t" not in body:
            continue
        if body[0] == "\t" and body.find("\t", 1) < 0:
            per_line += 1
        elif body.strip("\t"):
            multi += 1
    return multi > per_line


def _is_furniture(line: str) -> bool:
    return bool(_PAGE_FURNITURE.match(line.strip()))


def _tsv_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    rows: list[list[Cell]] = []
    start = 0

    def flush() -> None:
        nonlocal rows
        if rows:
            blocks.append(Grid(rows=rows, line=start))
            rows = []

    for no, line in enumerate(lines, start=1):
        if "\t" in line and line.strip():
            if not rows:
                start = no
            # Trailing empty cells are kept: they hold the place of empty columns.
            rows.append([Cell(c.strip(), no, indent=leading_indent(c)) for c in line.rstrip(" \r").split("\t")])
            continue
        flush()
        stripped = line.strip()
        if stripped and not _is_furniture(stripped):
            blocks.append(Paragraph(text=stripped, line=no))
    flush()
    return blocks


_T, _B, _P = "T", "B", "P"


def _kind(line: str) -> str:
    # A line that starts with a tab is a cell even when empty: empty cells keep columns aligned.
    if line.startswith("\t"):
        return _T
    # Furniture lines vanish entirely: they split tables in the middle of rows otherwise.
    if not line.strip() or _is_furniture(line):
        return _B
    return _P


def _cell_blocks(lines: list[str]) -> list[Block]:
    kinds = [_kind(line) for line in lines]
    n = len(lines)

    def next_nonblank(i: int) -> int:
        while i < n and kinds[i] == _B:
            i += 1
        return i

    def prev_nonblank(i: int) -> int:
        while i >= 0 and kinds[i] == _B:
            i -= 1
        return i

    blocks: list[Block] = []
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    grid_line = 0
    in_grid = False

    def close_row() -> None:
        nonlocal row
        if row:
            rows.append(row)
            row = []

    def close_grid() -> None:
        nonlocal rows, in_grid
        close_row()
        if rows:
            blocks.append(Grid(rows=rows, line=grid_line))
        rows = []
        in_grid = False

    i = 0
    while i < n:
        kind = kinds[i]
        line = lines[i]
        no = i + 1
        if kind == _T:
            if not in_grid:
                run_end = i
                while run_end < n and kinds[run_end] == _T:
                    run_end += 1
                if _is_indented_prose(lines, kinds, i, run_end):
                    for j in range(i, run_end):
                        blocks.append(Paragraph(text=lines[j].strip(), line=j + 1))
                    i = run_end
                    continue
                in_grid = True
                grid_line = no
            row.append(Cell(line[1:].strip(), no))
        elif kind == _B:
            if in_grid:
                close_row()
        else:  # prose line
            if in_grid and kinds[i - 1] == _T and _cell_run_continues(kinds, i):
                # Several lines of one cell (line breaks inside a Word cell), then the grid goes on.
                while i < n and kinds[i] == _P:
                    row[-1].text = f"{row[-1].text}\n{lines[i].strip()}"
                    i += 1
                continue
            if in_grid and _continues_cell(line, kinds, i, prev_nonblank, next_nonblank):
                if not row and rows:
                    row = rows.pop()  # reopen the row the blank line closed
                if row:
                    row[-1].text = f"{row[-1].text}\n{line.strip()}"
                i += 1
                continue
            if in_grid:
                close_grid()
            blocks.append(Paragraph(text=line.strip(), line=no))
        i += 1
    close_grid()
    return blocks


def _is_indented_prose(lines: list[str], kinds: list[str], start: int, end: int) -> bool:
    """A run of tab-led lines wedged between prose lines, each a full sentence, is prose."""
    before = start - 1 >= 0 and kinds[start - 1] == _P
    after = end < len(lines) and kinds[end] == _P
    if not (before and after):
        return False
    return all(
        len(lines[j].strip()) >= 20 and lines[j].rstrip().endswith(_PROSE_END) for j in range(start, end)
    )


def _cell_run_continues(kinds: list[str], i: int) -> bool:
    """Prose lines right under a cell, followed by blank lines and then more cells, belong to that cell."""
    j = i
    while j < len(kinds) and kinds[j] == _P:
        j += 1
    if j >= len(kinds) or kinds[j] != _B:
        return False
    while j < len(kinds) and kinds[j] == _B:
        j += 1
    return j < len(kinds) and kinds[j] == _T


def _continues_cell(
    line: str, kinds: list[str], i: int, prev_nonblank: Callable[[int], int], next_nonblank: Callable[[int], int]
) -> bool:
    """A short untabbed line between cells is the rest of the cell above (a line break in a cell)."""
    if len(line.strip()) > _CONTINUATION_MAX:
        return False
    p = prev_nonblank(i - 1)
    if p < 0 or kinds[p] != _T or i - p > 2:
        return False
    nxt = next_nonblank(i + 1)
    return nxt < len(kinds) and kinds[nxt] == _T and nxt - i <= 2
