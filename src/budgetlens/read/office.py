"""Shared by the workbook readers (.xlsx, .xls), plus .doc/.wps conversion via LibreOffice.

A sheet is a matrix of printed texts with merged ranges. :func:`sheet_blocks` cuts it into
blocks: blank rows separate tables; a run of rows with one filled cell each (titles, 单位：元,
notes) is prose; the rest is a grid with one Cell per distinct (merged) cell.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from budgetlens.errors import ReadError
from budgetlens.read.blocks import Block, Cell, Grid, Paragraph


@dataclass(slots=True)
class Merge:
    """A merged range, 0-based inclusive."""

    top: int
    left: int
    bottom: int
    right: int


def col_letter(col: int) -> str:
    """0-based column index → ``A``, ``B`` … ``AA``."""
    out = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def parse_ref(ref: str) -> tuple[int, int]:
    """``B7`` → (6, 1), 0-based (row, col)."""
    m = _REF.match(ref.strip().upper())
    if not m:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def parse_range(ref: str) -> Merge:
    a, _, b = ref.partition(":")
    r1, c1 = parse_ref(a)
    r2, c2 = parse_ref(b or a)
    return Merge(min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))


# ---------------------------------------------------------------- numbers as printed

_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def format_number(value: int | float | Decimal, number_format: str | None) -> str:
    """A number as the sheet prints it: decimals, thousands separator and percent of the format.

    ``Decimal(str(v))`` keeps the value exact (0.1 stays 0.1); rounding is half-up like Excel.
    """
    if isinstance(value, bool):
        return "是" if value else "否"
    exact = Decimal(str(value))
    fmt = (number_format or "General").split(";")[0 if exact >= 0 or ";" not in (number_format or "") else 1]
    negative_section = exact < 0 and ";" in (number_format or "")
    body = _QUOTED.sub("", fmt)
    if body.strip().lower() in ("general", "", "@") or not re.search(r"[0#?]", body):
        return _general(exact)
    percent = "%" in body
    if percent:
        exact *= 100
    int_part, dot, frac_part = body.partition(".")
    decimals = len(re.findall(r"[0#?]", frac_part)) if dot else 0
    thousands = "," in int_part
    quant = Decimal(1).scaleb(-decimals)
    try:
        rounded = exact.quantize(quant, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return _general(exact)
    if negative_section:
        rounded = abs(rounded)
    text = f"{rounded:,.{decimals}f}" if thousands else f"{rounded:.{decimals}f}"
    if negative_section:
        prefix = "(" if "(" in fmt else "-"
        text = f"{prefix}{text})" if prefix == "(" else f"-{text}"
    return text + ("%" if percent else "")


def _general(exact: Decimal) -> str:
    if exact == exact.to_integral_value():
        return str(exact.quantize(Decimal(1)))
    text = format(exact.normalize(), "f")
    return text


def value_text(value: object, number_format: str | None = None) -> str:
    """Any cell value → its printed text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool | int | float | Decimal):
        return format_number(value, number_format)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


# ---------------------------------------------------------------- matrix → blocks


def sheet_blocks(
    texts: dict[tuple[int, int], str], merges: list[Merge], sheet: str
) -> list[Block]:
    """Cut one sheet (``texts`` by 0-based (row, col)) into paragraphs and grids."""
    if not texts:
        return []
    covered: dict[tuple[int, int], Merge] = {}
    for m in merges:
        for r in range(m.top, m.bottom + 1):
            for c in range(m.left, m.right + 1):
                covered[(r, c)] = m
    filled_rows = sorted({r for (r, _c), t in texts.items() if t})
    if not filled_rows:
        return []
    # Runs of consecutive non-blank rows (a vertical merge also keeps rows together).
    bridged = {r for m in merges for r in range(m.top, m.bottom)}
    runs: list[list[int]] = []
    for r in filled_rows:
        if runs and all(x in bridged for x in range(runs[-1][-1], r - 1)):
            runs[-1].extend(range(runs[-1][-1] + 1, r + 1))
        else:
            runs.append([r])
    blocks: list[Block] = []
    for run in runs:
        blocks.extend(_run_blocks(run, texts, covered, sheet))
    return blocks


def _run_blocks(
    run: list[int], texts: dict[tuple[int, int], str], covered: dict[tuple[int, int], Merge], sheet: str
) -> list[Block]:
    cols = [c for (r, c), t in texts.items() if t and run[0] <= r <= run[-1]]
    left = min(cols)
    right = max(cols)
    for r in run:  # a merge reaching beyond the last filled column widens the table
        for c in range(left, right + 1):
            m = covered.get((r, c))
            if m is not None:
                right = max(right, m.right)
    rows: list[tuple[int, list[Cell]]] = []
    for r in run:
        row: list[Cell] = []
        c = left
        while c <= right:
            m = covered.get((r, c))
            if m is not None and (r, c) != (m.top, m.left):
                if m.left == c and m.top < r:  # continuation of a vertical merge: an empty cell
                    row.append(Cell(text="", ref=f"{col_letter(c)}{r + 1}", colspan=m.right - m.left + 1))
                c = m.right + 1
                continue
            span = (m.right - m.left + 1) if m is not None else 1
            row.append(Cell(text=texts.get((r, c), ""), ref=f"{col_letter(c)}{r + 1}", colspan=span))
            c += span
        rows.append((r, row))
    out: list[Block] = []

    def single(row: list[Cell]) -> bool:
        return sum(1 for cell in row if cell.text) == 1

    start = 0
    while start < len(rows) and single(rows[start][1]):
        r, row = rows[start]
        out.append(Paragraph(text=next(cell.text for cell in row if cell.text), sheet=sheet))
        start += 1
    end = len(rows)
    tail: list[Block] = []
    while end > start + 1 and single(rows[end - 1][1]) and _is_note(rows[end - 1][1]):
        r, row = rows[end - 1]
        tail.insert(0, Paragraph(text=next(cell.text for cell in row if cell.text), sheet=sheet))
        end -= 1
    body = [row for _r, row in rows[start:end]]
    if body:
        out.append(Grid(rows=body, sheet=sheet))
    out.extend(tail)
    return out


def _is_note(row: list[Cell]) -> bool:
    """A closing one-cell row is a note when it is prose (注：…, long text), not a 合计 line."""
    text = next(cell.text for cell in row if cell.text)
    return text.startswith(("注", "说明", "备注")) or len(text) > 30 or (row[0].colspan > 1 and len(row) == 1)


# ---------------------------------------------------------------- .doc / .wps


def convert_with_libreoffice(data: bytes, name: str, suffix: str, target: str = "docx") -> bytes:
    """Convert a legacy office file with LibreOffice (``soffice``), offline, in a temporary folder."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    label = {"doc": "Word 97-2003（.doc）", "wps": "WPS（.wps）"}.get(suffix, suffix)
    if soffice is None:
        raise ReadError(
            f"{label}文件需要 LibreOffice 转换（未找到 soffice）；请安装 LibreOffice，或另存为 .docx 后再读取", name
        )
    with tempfile.TemporaryDirectory(prefix="budgetlens-") as tmp:
        src = Path(tmp) / f"input.{suffix}"
        src.write_bytes(data)
        try:
            subprocess.run(
                [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
                 "--convert-to", target, "--outdir", tmp, str(src)],
                check=True, capture_output=True, timeout=120,
            )
        except (subprocess.SubprocessError, OSError):
            raise ReadError(f"{label}文件转换失败（LibreOffice 无法打开，文件可能已损坏）", name) from None
        out = Path(tmp) / f"input.{target}"
        if not out.is_file():
            raise ReadError(f"{label}文件转换失败（LibreOffice 没有输出）", name)
        return out.read_bytes()
