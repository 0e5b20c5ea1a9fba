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
from typing import Any

from budgetlens.read.blocks import Block, Cell, Grid, Paragraph

AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$")


def width(grid: Grid) -> int:
    return max(len(row) for row in grid.rows)


def spans(grid: Grid) -> list[list[int]]:
    """How many columns each cell spans when the grid is written with merged cells.

    A short header row of a standard table is merged as the text reader resolves it (a group label
    over the columns it groups); any other short row (a title, a note, a row of a performance
    form) has its last cell span what is left.
    """
    from budgetlens.extract.headers import header_spans, is_data_row
    from budgetlens.extract.performance import is_performance_grid
    from budgetlens.extract.table import split_meta_rows

    n = width(grid)
    out = [[1] * (len(row) - 1) + [n - len(row) + 1] if row else [] for row in grid.rows]
    if is_performance_grid(grid, ""):
        return out  # a form, not a table with a header: rows are laid out as they come
    body, _meta = split_meta_rows(grid.rows)
    start = len(grid.rows) - len(body)
    texts = [[c.text for c in row] for row in body]
    first_data = next((i for i, r in enumerate(texts) if is_data_row(r)), len(texts))
    for i, row_spans in enumerate(header_spans(texts[:first_data], n)):
        if texts[i]:
            out[start + i] = row_spans
    return out


def to_docx(blocks: list[Block], final_paragraph: bool = False, ruled: bool = False) -> bytes:
    """A .docx of the blocks; ``final_paragraph`` ends the body with an empty paragraph after a
    closing table, as Word always does (LibreOffice flattens a table that ends the body);
    ``ruled`` draws every cell border (the 「Table Grid」 style), as published tables have."""
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, Paragraph):
            document.add_paragraph(block.text)
            continue
        n = width(block)
        table = document.add_table(rows=len(block.rows), cols=n)
        if ruled:
            table.style = document.styles["Table Grid"]
        for r, (row, row_spans) in enumerate(zip(block.rows, spans(block), strict=True)):
            at = 0
            for cell, span in zip(row, row_spans, strict=True):
                target = table.cell(r, at)
                if span > 1:
                    target = target.merge(table.cell(r, at + span - 1))
                at += span
                lines = cell.text.split("\n")
                target.text = lines[0]
                for extra in lines[1:]:
                    target.add_paragraph(extra)
    if final_paragraph and blocks and not isinstance(blocks[-1], Paragraph):
        document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_xlsx(blocks: list[Block], sheet_per_table: bool = False, styled: bool = False) -> bytes:
    """One sheet (blank rows between blocks), or one sheet per table with its title above it.

    ``styled`` lays the sheets out as a department prints them: every cell of a table ruled,
    columns as wide as their contents, landscape, fitted to the page width."""
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
                if styled:  # a title or a note spans the table's width and wraps, as laid out by hand
                    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width(block))
                    ws.cell(row=r, column=1).alignment = _WRAP
                    ws.row_dimensions[r].height = 15 * (1 + len(text) // 40)
                r += 1
            pending = []
            r += 1
        n = width(block)
        for row, row_spans in zip(block.rows, spans(block), strict=True):
            c = 1
            for cell, span in zip(row, row_spans, strict=True):
                target = ws.cell(row=r, column=c)
                if AMOUNT.match(cell.text):
                    target.value = Decimal(cell.text.replace(",", ""))
                    target.number_format = "#,##0.00"
                else:
                    target.value = cell.text or None
                    if cell.text.startswith("="):
                        target.data_type = "s"  # 「=100%」 is a target, not a formula
                if span > 1:
                    ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + span - 1)
                c += span
            if styled:  # every cell of the table ruled, the empty ones too
                for c in range(1, n + 1):
                    ws.cell(row=r, column=c).border = _RULED
            r += 1
        r += 1
    if sheet_per_table and pending:
        ws = wb.create_sheet("说明")
        for i, text in enumerate(pending, start=1):
            ws.cell(row=i * 2, column=1, value=text)
    if styled:
        for sheet in wb.worksheets:
            _print_layout(sheet)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _ruled() -> Any:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


_RULED = _ruled()


def _wrap() -> Any:
    from openpyxl.styles import Alignment

    return Alignment(wrap_text=True, vertical="top")


_WRAP = _wrap()


def _print_layout(ws: Any) -> None:
    from openpyxl.utils import get_column_letter

    widths: dict[int, float] = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None or not c.border.left.style:  # titles and notes do not set widths
                continue
            shown = f"{c.value:,.2f}" if isinstance(c.value, Decimal) else str(c.value)
            widths[c.column] = min(40.0, max(widths.get(c.column, 6.0),
                                             sum(2.1 if ord(ch) > 0x2E80 else 1.15 for ch in shown) + 2))
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = w
    for row in ws.iter_rows():  # text longer than its column wraps inside the cell, the row grows
        lines = 1
        for c in row:
            if isinstance(c.value, str) and c.border.left.style:
                c.alignment = _WRAP
                shown = sum(2.1 if ord(ch) > 0x2E80 else 1.15 for ch in c.value)
                lines = max(lines, -(-int(shown) // max(1, int(widths.get(c.column, 8.43) - 1))))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = 15 * lines
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def to_html(blocks: list[Block]) -> bytes:
    parts = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>预算公开</title></head><body>']
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(f"<p>{escape(block.text)}</p>")
            continue
        parts.append('<table border="1"><tbody>')
        for row, row_spans in zip(block.rows, spans(block), strict=True):
            parts.append("<tr>")
            for cell, span in zip(row, row_spans, strict=True):
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


# ---------------------------------------------------------------- PDF

PORTRAIT = (595.0, 842.0)
LANDSCAPE = (842.0, 595.0)
MARGIN = 30.0
BODY = 10.0  # paragraph font size
SMALL = 6.0  # table font size


def wrap(text: str, width: float, size: float) -> list[str]:
    """Lines of ``text`` that fit ``width`` points in the built-in CJK font."""
    import pymupdf

    lines: list[str] = []
    current = ""
    for ch in text.replace("\n", ""):
        if current and pymupdf.get_text_length(current + ch, fontname="china-s", fontsize=size) > width:
            lines.append(current)
            current = ""
        current += ch
    lines.append(current)
    return lines


class _PdfWriter:
    def __init__(self) -> None:
        import pymupdf

        self.doc = pymupdf.open()
        self.page: object = None
        self.spans: dict[int, list[int]] = {}
        self.y = 0.0
        self.size = PORTRAIT

    def new_page(self, size: tuple[float, float] | None = None) -> None:
        if size is not None:
            self.size = size
        page = self.doc.new_page(width=self.size[0], height=self.size[1])
        number = len(self.doc)
        page.insert_text((self.size[0] / 2 - 10, self.size[1] - 20), f"- {number} -", fontname="helv", fontsize=8)
        self.page = page
        self.y = MARGIN

    @property
    def right(self) -> float:
        return self.size[0] - MARGIN

    @property
    def bottom(self) -> float:
        return self.size[1] - MARGIN

    def paragraph(self, text: str) -> None:
        head = wrap(text, self.right - MARGIN - 2 * BODY, BODY)[0]
        lines = [head, *wrap(text[len(head):], self.right - MARGIN, BODY)]
        for k, line in enumerate(lines):
            if not line:
                continue
            if self.y + BODY * 1.5 > self.bottom:
                self.new_page()
            x = MARGIN + (2 * BODY if k == 0 else 0)
            self.page.insert_text((x, self.y + BODY), line, fontname="china-s", fontsize=BODY)  # type: ignore[attr-defined]
            self.y += BODY * 1.5
        self.y += BODY * 0.8

    def _wrap(self, text: str, width: float) -> list[str]:
        return wrap(text, width - 4, SMALL)

    def _row_height(self, row: list[Cell], widths: list[float]) -> float:
        lines = max(len(self._wrap(c.text, w)) for c, w in zip(row, widths, strict=False))
        return lines * SMALL * 1.3 + 4

    def grid(self, grid: Grid, repeat: int = 2, break_at: int | None = None) -> None:
        import pymupdf

        n = width(grid)
        col = (self.right - MARGIN) / n
        self.spans = {id(row): row_spans for row, row_spans in zip(grid.rows, spans(grid), strict=True)}
        header = grid.rows[:repeat]
        pending = list(grid.rows)
        first = True
        drawn = 0
        while pending:
            row = pending.pop(0)
            widths = [col * s for s in self.spans[id(row)]]
            height = self._row_height(row, widths)
            drawn += 1
            if self.y + height > self.bottom or drawn - 1 == break_at:
                self.new_page()
                if not first:  # a continued table: repeat its header rows on the new page
                    pending = [*header, row, *pending]
                    first = True
                    header_left = len(header)
                    for hrow in pending[:header_left]:
                        self._draw_row(hrow, n, col, pymupdf)
                    pending = pending[header_left:]
                    continue
            self._draw_row(row, n, col, pymupdf)
            first = False
        self.y += BODY

    def _draw_row(self, row: list[Cell], n: int, col: float, pymupdf: object) -> None:
        widths = [col * s for s in self.spans[id(row)]]
        height = self._row_height(row, widths)
        x = MARGIN
        page = self.page
        for cell, w in zip(row, widths, strict=False):
            rect = pymupdf.Rect(x, self.y, x + w, self.y + height)  # type: ignore[attr-defined]
            page.draw_rect(rect, color=(0, 0, 0), width=0.5)  # type: ignore[attr-defined]
            for k, line in enumerate(self._wrap(cell.text, w)):
                if line:
                    page.insert_text((x + 2, self.y + 2 + SMALL * (1.3 * k + 1)), line,  # type: ignore[attr-defined]
                                     fontname="china-s", fontsize=SMALL)
            x += w
        self.y += height


def to_pdf(
    blocks: list[Block], landscape: frozenset[int] = frozenset(), split: tuple[int, int] | None = None
) -> bytes:
    """A PDF with a text layer; grids numbered in ``landscape`` (0-based) go on a landscape page
    of their own; ``split`` = (grid, rows) breaks that grid after so many rows. Tables that run
    over a page break repeat their first two rows."""
    writer = _PdfWriter()
    writer.new_page()
    grid_no = -1
    for i, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if isinstance(nxt, Grid) and grid_no + 1 in landscape:
                writer.new_page(LANDSCAPE)
            elif writer.size == LANDSCAPE and grid_no in landscape:
                writer.new_page(PORTRAIT)
            writer.paragraph(block.text)
        else:
            grid_no += 1
            writer.grid(block, break_at=split[1] if split and split[0] == grid_no else None)
    out: bytes = writer.doc.tobytes()
    return out
