"""Write the blocks of a text dump as .docx, .xlsx, .html and PDF documents (test fixtures).

Each builder turns a short row into one merged cell (the last cell spans the remaining columns),
so every format carries merged header cells, and writes amounts as numbers where the format has
numbers (xlsx: ``#,##0.00``).
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from html import escape

from budgetlens.read.blocks import Block, Cell, Grid, Paragraph

AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$")


def width(grid: Grid) -> int:
    return max(len(row) for row in grid.rows)


def to_docx(blocks: list[Block]) -> bytes:
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, Paragraph):
            document.add_paragraph(block.text)
            continue
        n = width(block)
        table = document.add_table(rows=len(block.rows), cols=n)
        for r, row in enumerate(block.rows):
            for c, cell in enumerate(row):
                target = table.cell(r, c)
                if c == len(row) - 1 and len(row) < n:
                    target = target.merge(table.cell(r, n - 1))
                lines = cell.text.split("\n")
                target.text = lines[0]
                for extra in lines[1:]:
                    target.add_paragraph(extra)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_xlsx(blocks: list[Block], sheet_per_table: bool = False) -> bytes:
    """One sheet (blank rows between blocks), or one sheet per table with its title above it."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "预算公开"
    r = 1
    pending: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            if sheet_per_table:
                pending.append(block.text)
                continue
            ws.cell(row=r, column=1, value=block.text)
            r += 2
            continue
        if sheet_per_table:
            ws = wb.create_sheet(f"表{len(wb.worksheets)}")
            r = 1
            for text in pending:
                ws.cell(row=r, column=1, value=text)
                r += 1
            pending = []
            r += 1
        n = width(block)
        for row in block.rows:
            for c, cell in enumerate(row, start=1):
                target = ws.cell(row=r, column=c)
                if AMOUNT.match(cell.text):
                    target.value = Decimal(cell.text.replace(",", ""))
                    target.number_format = "#,##0.00"
                else:
                    target.value = cell.text or None
                if c == len(row) and len(row) < n:
                    ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=n)
            r += 1
        r += 1
    if sheet_per_table and pending:
        ws = wb.create_sheet("说明")
        for i, text in enumerate(pending, start=1):
            ws.cell(row=i * 2, column=1, value=text)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_html(blocks: list[Block]) -> bytes:
    parts = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>预算公开</title></head><body>']
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(f"<p>{escape(block.text)}</p>")
            continue
        n = width(block)
        parts.append('<table border="1"><tbody>')
        for row in block.rows:
            parts.append("<tr>")
            for c, cell in enumerate(row):
                span = n - c if c == len(row) - 1 and len(row) < n else 1
                attr = f' colspan="{span}"' if span > 1 else ""
                parts.append(f"<td{attr}>{'<br>'.join(escape(t) for t in cell.text.split(chr(10)))}</td>")
            parts.append("</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


def row_texts(grid: Grid) -> list[list[str]]:
    return [[c.text for c in row] for row in grid.rows]


def cells(*texts: str) -> list[Cell]:
    return [Cell(text=t) for t in texts]
