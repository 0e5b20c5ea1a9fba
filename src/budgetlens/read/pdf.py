"""PDF files with a text layer via PyMuPDF; scanned pages go to OCR (:mod:`budgetlens.read.ocr`).

Per page: ruled tables are found with ``page.find_tables(use_layout=False)`` (the
ruling lines decide, not the ML layout model: deterministic and ~7x faster); the text outside them becomes
paragraphs in reading order (top to bottom), lines of one paragraph joined. A table that goes on
at the top of the next page with the same number of columns is stitched to the one before, its
repeated header rows dropped. Rotated pages are turned upright first. Every paragraph and cell
carries its 1-based page number.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, cast

from budgetlens.errors import ReadError
from budgetlens.read.blocks import PAGE_NUMBER, Block, Cell, Grid, Paragraph, ReadResult
from budgetlens.read.limits import DEFAULT_LIMITS, Deadline, Limits, check_pages

FURNITURE = re.compile(rf"^(?:{PAGE_NUMBER}|\d{{1,4}})$")
# A page with fewer text characters than this and at least half covered by pictures is treated as
# a scan. A page holding a chart (and perhaps its caption) is not: the chart's labels are not the
# document's text, and the figures they repeat are in the tables.
MIN_TEXT_CHARS = 20
SCAN_COVER = 0.5


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    # Pieces of the visual line set apart by wide gaps: (text, x0, x1); cells of an unruled table.
    chunks: list[tuple[str, float, float]] = field(default_factory=list)


def read_pdf(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    import pymupdf

    try:
        doc: Any = cast(Any, pymupdf).open(stream=data, filetype="pdf")
    except Exception:
        raise ReadError("PDF 文件已损坏，无法打开", name) from None
    try:
        if doc.needs_pass or doc.is_encrypted:
            raise ReadError("PDF 文件已加密（需要密码），请先取消密码再读取", name)
        check_pages(doc.page_count, name, limits)
        deadline = Deadline(name, limits.deadline)
        blocks: list[Block] = []
        warnings: list[str] = []
        columns: dict[int, int] = {}  # id(grid) → column count; id(paragraph) → flow flags, for stitching
        edges: dict[int, _Edges] = {}  # id(grid) → frames of its first and last rows
        room: dict[int, tuple[float, float]] = {}  # id(cell) → room after its last line, character size
        ruling: dict[int, tuple[float, float]] = {}  # id(cell) → its left and right rules; id(grid) → (0, 0)
        col_edges: dict[int, list[float]] = {}  # id(grid) → the x of its column rules, left to right
        scanned: list[int] = []
        for index in range(doc.page_count):
            pno = index + 1
            deadline.check(f"第{pno}页")
            try:
                page = doc[index]
                page_blocks = page_content(page, pno, columns, edges, room, ruling, col_edges)
            except ReadError:
                raise
            except Exception as exc:
                raise ReadError(f"PDF 页面无法解析（{type(exc).__name__}）", name, f"第{pno}页") from None
            if page_blocks is None:
                scanned.append(pno)
                page_blocks = _ocr_page(doc, index, name, pno)
                for block in page_blocks:  # OCR grids stitch over page breaks like the others
                    if isinstance(block, Grid) and block.rows:
                        columns[id(block)] = max(sum(c.colspan for c in row) for row in block.rows)
            _append_page(blocks, page_blocks, columns, edges, room, ruling, col_edges)
        if scanned:
            warnings.append(
                f"第{_ranges(scanned)}页没有可用的文字层（扫描件或字体缺少 Unicode 映射），已用 OCR 识别，请核对数字"
            )
        if not blocks:
            raise ReadError("PDF 文件没有可读的内容", name)
        return ReadResult(
            path=name, format="pdf", blocks=blocks, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
            pages=doc.page_count, warnings=warnings,
        )
    finally:
        doc.close()


def _ocr_page(doc: Any, index: int, name: str, pno: int) -> list[Block]:
    from budgetlens.read import ocr

    if not ocr.available():
        raise ReadError(ocr.MISSING, name, f"第{pno}页（没有可用的文字层）")
    return ocr.ocr_page(doc[index], name, pno)


def _ranges(pages: list[int]) -> str:
    return "、".join(str(p) for p in pages[:10]) + ("等" if len(pages) > 10 else "")


def page_content(
    page: Any, pno: int, columns: dict[int, int], edges: dict[int, _Edges] | None = None,
    room: dict[int, tuple[float, float]] | None = None, ruling: dict[int, tuple[float, float]] | None = None,
    col_edges: dict[int, list[float]] | None = None,
) -> list[Block] | None:
    """Blocks of one page in reading order, or ``None`` when the page needs OCR: it has no text
    layer (a scan) or its text cannot be decoded (fonts without a Unicode map)."""
    if page.rotation:
        page.remove_rotation()
    raw = page.get_text("rawdict", sort=False)  # read once: the glyphs serve every step below
    turn = _sideways(raw)
    if turn:  # a landscape table printed sideways on a portrait page: turn the page upright
        page.set_rotation(turn)
        page.remove_rotation()
        raw = page.get_text("rawdict", sort=False)
    text = "".join(_span_text(span) for b in raw["blocks"] if b.get("type") == 0
                   for line in b["lines"] for span in line["spans"])
    chars = sum(1 for ch in text if not ch.isspace())
    if chars < MIN_TEXT_CHARS and _image_cover(page) >= SCAN_COVER:
        return None  # a scan: the caller runs OCR
    if chars and undecodable(text) > 0.3:
        return None  # glyphs without Unicode: only their pictures can be read
    if chars == 0:
        return []
    items: list[tuple[float, float, Block]] = []
    boxes: list[tuple[float, float, float, float]] = []
    glyphs = _chars(raw)
    tables = page.find_tables(use_layout=False).tables
    lines = _text_lines(glyphs, [tuple(t.bbox) for t in tables])
    edge_rules = _edge_rules(page, tables, lines)
    if edge_rules:
        tables = page.find_tables(use_layout=False, add_lines=edge_rules).tables
        lines = _text_lines(glyphs, [tuple(t.bbox) for t in tables])
    for table in tables:
        rows = _table_rows(table, pno, glyphs, room, ruling)
        if not rows:
            continue
        grid = Grid(rows=rows, page=pno)
        columns[id(grid)] = table.col_count
        if col_edges is not None:
            col_edges[id(grid)] = _column_rules(table)
        if edges is not None:
            edges[id(grid)] = (_row_frame(table, 0), _row_frame(table, len(table.rows) - 1))
        x0, y0, x1, y1 = table.bbox
        boxes.append((x0, y0, x1, y1))
        items.append((y0, x0, grid))
    unruled, lines = _unruled_tables(lines, pno)
    items.extend(unruled)
    for y0, x0, para, flags in _paragraphs(lines, pno, max((b[2] for b in boxes), default=None)):
        columns[id(para)] = flags
        items.append((y0, x0, para))
    items.sort(key=lambda it: (round(it[0], 1), it[1]))
    return [block for _y, _x, block in items]


# A table ruled up to (or past) the page's edge loses that rule: it is clipped with the page, and
# the table's first or last column goes with it. The rule is put back this far inside the edge.
_EDGE_SLACK = 1.0


_Rule = tuple[tuple[float, float], tuple[float, float]]


def _edge_rules(page: Any, tables: list[Any], lines: list[_Line]) -> list[_Rule]:
    """Vertical rules at the page's left or right edge where the drawings of a table run there
    (cells drawn from x = -0.2) and lines of text stand beside a table found without them."""
    rect = page.rect
    beside = any((ln.x1 <= t.bbox[0] or ln.x0 >= t.bbox[2]) and t.bbox[1] <= (ln.y0 + ln.y1) / 2 <= t.bbox[3]
                 for t in tables for ln in lines)
    if not beside:
        return []
    spans: dict[float, list[tuple[float, float]]] = {}
    for drawing in page.get_drawings():
        r = drawing.get("rect")
        if r is None or r.height < 1:
            continue
        for x, touches in ((rect.x0 + _EDGE_SLACK, r.x0 <= rect.x0 + _EDGE_SLACK),
                           (rect.x1 - _EDGE_SLACK, r.x1 >= rect.x1 - _EDGE_SLACK)):
            if touches and r.width < rect.width - 2 * _EDGE_SLACK:
                spans.setdefault(x, []).append((float(r.y0), float(r.y1)))
    return [((x, min(y0 for y0, _ in ys)), (x, max(y1 for _, y1 in ys))) for x, ys in spans.items()]


def _image_cover(page: Any) -> float:
    """Share of the page's area under its pictures (overlaps counted once per picture)."""
    area = abs(page.rect.width * page.rect.height) or 1.0
    covered = 0.0
    for info in page.get_image_info():
        x0, y0, x1, y1 = info["bbox"]
        w = max(0.0, min(x1, page.rect.x1) - max(x0, page.rect.x0))
        h = max(0.0, min(y1, page.rect.y1) - max(y0, page.rect.y0))
        covered += w * h
    return min(1.0, covered / area)


# Code points a Chinese disclosure is written in: ASCII and Latin-1, punctuation, number forms,
# arrows, maths, enclosed numbers (①), box drawing, shapes (■), CJK punctuation and ideographs,
# enclosed and compatibility CJK (㈠ ㎡), full-width forms.
_EXPECTED = (
    (0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x2BFF), (0x3000, 0x303F), (0x3200, 0x33FF), (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
)


def _expected(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _EXPECTED)


def undecodable(text: str) -> float:
    """Share of the visible characters outside the scripts of a Chinese document: U+FFFD,
    private-use and control characters, or the stray scripts a font without a Unicode map
    (``ToUnicode``) yields when its glyph numbers are taken for code points."""
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return 0.0
    return sum(1 for ch in visible if not _expected(ch)) / len(visible)


def _sideways(raw: dict[str, Any]) -> int:
    """Rotation (90 or 270) that makes most of the page's text horizontal, or 0."""
    weight = {0: 0, 90: 0, 270: 0}
    for block in raw["blocks"]:
        if block.get("type") != 0:
            continue
        for line in block["lines"]:
            n = sum(len(_span_text(span).strip()) for span in line["spans"])
            dx, dy = line.get("dir", (1, 0))
            if abs(dx) > 0.5:
                weight[0] += n
            elif dy < 0:
                weight[90] += n  # text running upwards: the content was turned counter-clockwise
            else:
                weight[270] += n
    best = max(weight, key=lambda k: weight[k])
    return best if best and weight[best] > 2 * weight[0] else 0


# Word and LibreOffice set a little extra space between Chinese and Latin letters or digits
# ("autospace"); in the PDF it becomes a space character: 「2024 年」 for 「2024年」.
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_AUTOSPACE = re.compile(f"(?<=[0-9A-Za-z%]) (?=[{_CJK}])|(?<=[{_CJK}]) (?=[0-9A-Za-z])")


def _join(parts: list[str]) -> str:
    out = ""
    for part in parts:
        part = _AUTOSPACE.sub("", part.strip())
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and part[0].isascii() and part[0].isalpha():
            out += " "  # a wrapped English phrase; Chinese text and numbers join without a space
        out += part
    return out


@dataclass(frozen=True, slots=True)
class _Char:
    c: str
    cx: float  # centre of the glyph box
    cy: float
    x0: float
    x1: float
    y0: float
    y1: float
    base: float  # baseline
    size: float
    upright: bool  # horizontal text (not a stamp or a margin note set vertically)


def _span_text(span: dict[str, Any]) -> str:
    return "".join(ch["c"] for ch in span["chars"])


def _chars(raw: dict[str, Any]) -> list[_Char]:
    """Every character of a page's text layer (``get_text("rawdict")``) with its box and baseline."""
    out: list[_Char] = []
    for block in raw["blocks"]:
        if block.get("type") != 0:
            continue
        for line in block["lines"]:
            _dx, dy = line.get("dir", (1, 0))
            upright = abs(dy) <= 0.5
            for span in line["spans"]:
                size = float(span["size"]) or 1.0
                for ch in span["chars"]:
                    x0, y0, x1, y1 = ch["bbox"]
                    out.append(_Char(ch["c"], (x0 + x1) / 2, (y0 + y1) / 2, x0, x1, y0, y1, ch["origin"][1], size,
                                     upright))
    return out


def _cell_text(chars: list[_Char], box: tuple[float, float, float, float]) -> tuple[str, float, float, int]:
    """The text inside a cell box, line by line (``\n`` between lines).

    Written here rather than taken from ``Table.extract()``: PyMuPDF groups a cell's characters
    into lines by their tight glyph boxes, so in a PDF written by LibreOffice or Word with a CJK
    font the low-set 「,」 and 「.」 of 「768,000.00」 land on a line of their own and the number
    comes out as 「76800000\n, .」. Baselines do not have that problem.

    Also gives the room left after the last line, and the size of its characters: only a cell
    whose last line ran to its right edge (but for what could not be broken) can go on at the top
    of the next page when its row is broken over the page break; and how far its first character
    stands in from the left rule, in half-width characters of its size (the cell's inner margin
    included): a name printed one level deeper than the row above.
    """
    x0, y0, x1, y1 = box
    inside = sorted((ch for ch in chars if x0 - 0.5 <= ch.cx <= x1 + 0.5 and y0 - 0.5 <= ch.cy <= y1 + 0.5),
                    key=lambda ch: (ch.base, ch.x0))
    lines: list[list[_Char]] = []
    for ch in inside:
        if lines and abs(ch.base - lines[-1][0].base) <= 0.4 * ch.size:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    text = "\n".join("".join(ch.c for ch in sorted(line, key=lambda ch: ch.x0)) for line in lines)
    last = lines[-1] if lines else []
    if not last:
        return text, 0.0, 0.0, 0
    printed = [ch for ch in lines[0] if not ch.c.isspace()]
    first = min(printed, key=lambda ch: ch.x0) if printed else None
    indent = max(0, round((first.x0 - x0) / (first.size / 2))) if first is not None else 0
    return text, max(0.0, x1 - max(ch.x1 for ch in last)), max(ch.size for ch in last), indent


def _column_rules(table: Any) -> list[float]:
    """The x of every vertical rule of a table, left to right (rules within a point are one)."""
    xs = sorted({round(float(c[0]), 1) for row in table.rows for c in row.cells if c}
                | {round(float(c[2]), 1) for row in table.rows for c in row.cells if c})
    out: list[float] = []
    for x in xs:
        if not out or x - out[-1] > 1.0:
            out.append(x)
    return out


def _table_rows(
    table: Any, pno: int, chars: list[_Char] | None = None, room: dict[int, tuple[float, float]] | None = None,
    ruling: dict[int, tuple[float, float]] | None = None,
) -> list[list[Cell]]:
    """The rows of a ruled table; ``room`` collects, by id of cell, the room left after its last
    line and the size of its characters; ``ruling`` the cell's left and right rules."""
    texts = table.extract()
    rows: list[list[Cell]] = []
    bottoms: dict[int, float] = {}  # column → bottom of the last cell that started there
    for r, values in enumerate(texts):
        row_boxes = table.rows[r].cells if r < len(table.rows) else [None] * len(values)
        row_top = table.rows[r].bbox[1] if r < len(table.rows) else 0.0
        row: list[Cell] = []
        for c, value in enumerate(values):
            box = row_boxes[c] if c < len(row_boxes) else None
            if value is None or box is None:
                if bottoms.get(c, -1.0) > row_top + 1.0:  # under a vertically merged cell
                    row.append(Cell(text="", page=pno))
                elif row:
                    row[-1].colspan += 1  # a horizontally merged cell: one Cell, wider
                else:
                    row.append(Cell(text="", page=pno))
                continue
            bottoms[c] = box[3]
            text, left, size, indent = _cell_text(chars, box) if chars else (str(value), 0.0, 0.0, 0)
            cell = Cell(text=_join(text.split("\n")), page=pno, indent=indent)
            if room is not None and size:
                room[id(cell)] = (left, size)
            if ruling is not None:
                ruling[id(cell)] = (float(box[0]), float(box[2]))
            row.append(cell)
        rows.append(row)
    return rows


def _text_lines(chars: list[_Char], boxes: list[tuple[float, float, float, float]]) -> list[_Line]:
    """Visual lines of the text outside the tables, built from the characters.

    Built by hand from the glyphs rather than from PyMuPDF's lines: a word processor writes one
    visual line as several text objects, one per font (Latin digits, CJK text, curly quotes), and
    their boxes overlap (「“」 drawn inside the box of 「年三公经费预算」), so the library's lines are
    neither whole nor in reading order. Characters on one baseline are one visual line, in x
    order; a gap of two characters or more separates the pieces (cells of an unruled table).
    """
    outside = [ch for ch in chars if ch.upright and not any(
        x0 - 1 <= ch.cx <= x1 + 1 and y0 - 1 <= ch.cy <= y1 + 1 for x0, y0, x1, y1 in boxes)]
    outside.sort(key=lambda ch: (ch.base, ch.x0))
    rows: list[list[_Char]] = []
    for ch in outside:
        if rows and abs(ch.base - rows[-1][0].base) <= 0.4 * max(ch.size, rows[-1][0].size):
            rows[-1].append(ch)
        else:
            rows.append([ch])
    lines: list[_Line] = []
    for row in rows:
        row.sort(key=lambda ch: ch.x0)
        size = max(ch.size for ch in row)
        chunks: list[tuple[str, float, float]] = []
        text, start, end = "", row[0].x0, row[0].x0
        for ch in row:
            gap = ch.x0 - end
            if text and gap >= _CELL_GAP * size and text.strip():
                chunks.append((text.strip(), start, end))
                text, start = "", ch.x0
            elif text and gap >= 0.5 * size and not text.endswith(" ") and ch.c != " ":
                text += " "
            if not text and ch.c.isspace():
                start = ch.x1
            text += ch.c
            end = max(end, ch.x1) if not ch.c.isspace() else end
        if text.strip():
            chunks.append((text.strip(), start, end))
        if not chunks:
            continue
        body = [ch for ch in row if not ch.c.isspace()]
        line_text = " ".join(_join([c[0]]) for c in chunks)
        lines.append(_Line(line_text, chunks[0][1], min(ch.y0 for ch in body), chunks[-1][2],
                           max(ch.y1 for ch in body), size, [(_join([c[0]]), c[1], c[2]) for c in chunks]))
    return [ln for ln in lines if not FURNITURE.match(ln.text.strip())]


_CELL_GAP = 2.0  # a gap of two characters or more on a line separates table cells
_MIN_TABLE_LINES = 3


# a piece that is a figure: a run of lines in columns without one is lines of titles and units
# set side by side (「支出决算表　公开03表」 over 「单位：…　金额单位：元」), not a table
_FIGURE = re.compile(r"^[-−+]?[\d,，]*\d(?:\.\d+)?%?$")


def _unruled_tables(lines: list[_Line], pno: int) -> tuple[list[tuple[float, float, Grid]], list[_Line]]:
    """Runs of lines set in columns (at least three, each of several pieces apart by wide gaps;
    a lone short piece between them is a row with empty cells) and holding a figure become grids;
    the rest stays text."""
    from budgetlens.read.ocr import Box, clustered_grid

    grids: list[tuple[float, float, Grid]] = []
    rest: list[_Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and (
            len(lines[j].chunks) >= 2
            or (j > i and j + 1 < len(lines) and len(lines[j + 1].chunks) >= 2 and len(lines[j].text) <= 30)
        ):
            j += 1
        if j - i >= _MIN_TABLE_LINES and any(_FIGURE.match(t) for ln in lines[i:j] for t, _, _ in ln.chunks):
            rows = [[Box(t, x0, ln.y0, x1, ln.y1) for t, x0, x1 in ln.chunks] for ln in lines[i:j]]
            grids.append((lines[i].y0, lines[i].x0, clustered_grid(rows, pno)))
            i = j
        else:
            rest.append(lines[i])
            i += 1
    return grids, rest


_FLUSH_LEFT, _ENDS_FULL = 1, 2
_LEADING_UNIT = re.compile(r"[0-9A-Za-z.,%]+|[（(《「『“‘\[]*\S[，。；：、！？）》」』”’%,.;:!?)\]0-9A-Za-z]*")
_SENTENCE_END = ("。", "；", "！", "？", "：", ".", ";")


def _paragraphs(
    lines: list[_Line], pno: int, table_right: float | None = None
) -> list[tuple[float, float, Paragraph, int]]:
    """Join wrapped lines: a line goes on the previous one when that one reached the right margin,
    the gap is small and the line is not indented (a new paragraph starts indented). The margin is
    where the text or the page's ruled tables end, whichever is further right."""
    if not lines:
        return []
    right = max(max(ln.x1 for ln in lines), table_right or 0.0)
    left = min(ln.x0 for ln in lines)
    # The right margin is known only when two lines or more reach it; a page holding a single
    # line (a cover title) has no line that is "full".
    margin_known = sum(1 for ln in lines if ln.x1 >= right - 1.5 * ln.size) >= 2
    out: list[tuple[float, float, Paragraph, int]] = []
    current: list[_Line] = []

    def flush() -> None:
        if current:
            text = _join([ln.text for ln in current])
            flags = (_FLUSH_LEFT if current[0].x0 <= left + 0.8 * current[0].size else 0) | (
                _ENDS_FULL if margin_known and current[-1].x1 >= right - 1.5 * current[-1].size else 0)
            out.append((current[0].y0, current[0].x0, Paragraph(text=text, page=pno), flags))
            current.clear()

    for ln in lines:
        if current:
            prev = current[-1]
            # What cannot be broken is carried whole to the next line: a Latin word (a number), a
            # character with the brackets that may not end a line before it and the punctuation
            # that may not begin one after it, and the numbers glued to it (「元，21.595」 「（项）：」
            # 「（208）768000.00」).
            # A line short of the margin by less than that was full too, unless it ended a sentence.
            carried = 0.0 if prev.text.endswith(_SENTENCE_END) else _carried(ln.text, ln.size)
            full = prev.x1 + carried >= right - 1.5 * prev.size
            close = ln.y0 - prev.y1 < 0.9 * ln.size
            indented = ln.x0 > left + 0.8 * ln.size
            if not (full and close and not indented):
                flush()
        current.append(ln)
    flush()
    return out


_Frame = tuple[float, float]  # the left and right rules of a table row
_Edges = tuple[_Frame | None, _Frame | None]  # of a grid's first and last rows


def _row_frame(table: Any, r: int) -> _Frame | None:
    """Left and right rules of one row of a table; None for a row without cells. A row some of whose
    columns are cells merged down from the rows above (a header's second row) has the table's frame."""
    row = table.rows[r].cells if 0 <= r < len(table.rows) else []
    cells = [cell for cell in row if cell]
    if not cells:
        return None
    if len(cells) < len(row):
        return float(table.bbox[0]), float(table.bbox[2])
    return min(float(c[0]) for c in cells), max(float(c[2]) for c in cells)


_AMOUNT_TEXT = re.compile(r"^[-+]?[\d,，]+(?:\.\d+)?%?$")
_NUMBER_PART = re.compile(r"^(?=.*\d)[\d,，]*(?:\.\d*)?%?$")  # the rest of a figure: 「0000.00」 「.00」 「0」
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[、.．](?!\d)|[（(][一二三四五六七八九十\d]+[)）]|其中)")


def _by_column(row: list[Cell]) -> dict[int, Cell]:
    out: dict[int, Cell] = {}
    col = 0
    for cell in row:
        out[col] = cell
        col += cell.colspan
    return out


def _row_fragment(last: list[Cell], first: list[Cell], room: dict[int, tuple[float, float]] | None = None) -> bool:
    """Is ``first`` (top of a page) the rest of ``last`` (bottom of the page before), a row that
    the word processor broke over the page?

    Its cells only go on cells of that row that hold something, never words on a figure, and it
    starts no numbered item. Where figures are split (「130」 … 「0000.00」 in a narrow column),
    each joined pair must be one number and at least one figure above unfinished (its decimals
    are below): two whole rows of figures never join. Words alone join when the row above holds
    figures and the rest holds none (「职工基本医疗」 … 「保险缴费」), when some cell above other than
    the first has nothing more (「450001威县医」 … 「疗保障局(本级）」, a long 三级指标 going on alone), or
    when the cells above are numbered items and go on unnumbered; a row that fills every cell but
    the first (merged downwards, as the 一级指标 of a target table) is a row of its own. When the
    geometry is known (``room``), words go on only where the words above ran to the cell's edge,
    but for what the next part begins with that could not be broken.
    """
    below = _by_column(first)
    filled = {col: c.text.strip() for col, c in below.items() if c.text.strip()}
    if not filled:
        return False
    cells_above = _by_column(last)
    above = {col: c.text.strip() for col, c in cells_above.items()}
    if room is not None and any(
        col in cells_above and not _AMOUNT_TEXT.match(above[col]) and not _ran_to_edge(
            room.get(id(cells_above[col])), text)
        for col, text in filled.items()
    ):
        return False  # a cell above whose words stop short of its edge was finished
    numbers: list[tuple[str, str]] = []
    for col, text in filled.items():
        up = above.get(col, "")
        if not up or _NUMBERED.match(text):
            return False
        if _AMOUNT_TEXT.match(up):
            if not _NUMBER_PART.match(text):
                return False  # words never go on a figure
            numbers.append((up, text))
    if numbers:
        joined_ok = all(_AMOUNT_TEXT.match(up + text) for up, text in numbers)
        return joined_ok and any(_unfinished(up, up + text) for up, text in numbers)
    if any(_AMOUNT_TEXT.match(up) for up in above.values() if up):
        return True
    missing = {col for col, up in above.items() if up} - set(filled)
    if missing - {0}:
        return True  # cells above have nothing more while others go on
    # the same cells go on: the row above is a numbered item (「21、粮油物资储备支」 … 「出」)
    return not missing and all(_NUMBERED.match(above[col]) for col in filled)


def _carried(text: str, size: float) -> float:
    """Width of what ``text`` begins with that cannot be broken (carried whole to a new line)."""
    unit = _LEADING_UNIT.match(text)
    return sum(0.6 * size if ch.isascii() else size for ch in unit.group(0)) if unit else 0.0


def _ran_to_edge(left: tuple[float, float] | None, continuation: str) -> bool:
    if left is None:
        return True  # no geometry: do not object
    room, size = left
    return room <= _carried(continuation, size) + 2.0 * size


def _decimals(number: str) -> int:
    return len(number.rpartition(".")[2]) if "." in number else 0


def _unfinished(up: str, joined: str) -> bool:
    """A figure whose decimals (or last digits after a separator) were carried to the next page."""
    return up.endswith((",", "，", ".")) or ("." in joined and _decimals(joined) > _decimals(up))


def _merge_fragment(last: list[Cell], first: list[Cell]) -> None:
    above = _by_column(last)
    for col, cell in _by_column(first).items():
        if cell.text.strip():
            above[col].text = _join([above[col].text, cell.text])


def _same_frame(a: _Frame | None, b: _Frame | None) -> bool:
    """The same outer rules (left and right) within 3 points."""
    return a is not None and b is not None and abs(a[0] - b[0]) <= 3 and abs(a[1] - b[1]) <= 3


def _realign(rows: list[list[Cell]], rules: list[float], ruling: dict[int, tuple[float, float]]) -> bool:
    """Lay the cells of ``rows`` (a table going on at the top of a page, ruled differently) over
    the columns of the part before it: each cell spans the columns between the rules nearest its
    own left and right rules. False, leaving the rows as they are, when a cell's rules are unknown."""
    if len(rules) < 2 or any(id(c) not in ruling for row in rows for c in row):
        return False

    def nearest(x: float) -> int:
        return min(range(len(rules)), key=lambda k: abs(rules[k] - x))

    laid: list[list[Cell]] = []
    for row in rows:
        out: list[Cell] = []
        at = 0
        for cell in row:
            left, right = ruling[id(cell)]
            start, stop = nearest(left), max(nearest(right), nearest(left) + 1)
            if start < at:
                return False
            out.extend(Cell(text="", page=cell.page) for _ in range(start - at))
            cell.colspan = stop - start
            out.append(cell)
            at = stop
        laid.append(out)
    rows[:] = laid
    return True


def _goes_on(before: Grid, after: Grid) -> bool:
    """The grid at the top of a page can go on from the one before: it begins with that one's
    header printed again, or with a row of the body (a figure, or the words of a row broken over
    the page) — not with a title or header of its own (the next table, framed alike)."""
    if not after.rows:
        return False
    first = [c.text.strip() for c in after.rows[0]]
    if first in [[c.text.strip() for c in row] for row in before.rows[:4]]:
        return True
    filled = [t for t in first if t]
    if any(_AMOUNT_TEXT.match(t) for t in filled):
        return True
    # a lone line across the whole frame (a title) or a row of header words starts a new table
    return not (len(filled) == 1 and after.rows[0][0].colspan > 1) and not _header_like(first, before)


def _header_like(first: list[str], before: Grid) -> bool:
    """Words only, in a row as wide as the table, where the table before ends with figures."""
    last = [c.text.strip() for c in before.rows[-1]] if before.rows else []
    return (all(t and not any(ch.isdigit() for ch in t) for t in first) and len(first) >= 3
            and any(_AMOUNT_TEXT.match(t) for t in last if t))


def _append_page(
    blocks: list[Block], page_blocks: list[Block], columns: dict[int, int],
    edges: dict[int, _Edges] | None = None, room: dict[int, tuple[float, float]] | None = None,
    ruling: dict[int, tuple[float, float]] | None = None, col_edges: dict[int, list[float]] | None = None,
) -> None:
    """Add a page's blocks, stitching a table continued from the previous page.

    A grid at the top of a page continues the grid that ended the page before (nothing came
    between) when it has the same frame: the same left and right rules. The column counts of the
    two parts may differ, as rows are laid out in many ways in one table; without geometry (OCR)
    the column counts decide.
    """
    if page_blocks and blocks and isinstance(blocks[-1], Grid) and isinstance(page_blocks[0], Grid):
        before, after = blocks[-1], page_blocks[0]
        edges = edges or {}
        e_before, e_after = edges.get(id(before)), edges.get(id(after))
        if e_before is not None and e_after is not None:
            continues = _same_frame(e_before[1], e_after[0])
        else:
            continues = columns.get(id(before)) is not None and columns.get(id(before)) == columns.get(id(after))
        if continues and not _goes_on(before, after):
            continues = False
        if continues:
            old, new = before.texts(), after.texts()
            repeat = 0
            for k in range(min(4, len(new) - 1, len(old)), 0, -1):
                if new[:k] == old[:k]:
                    repeat = k
                    break
            if e_before is not None and e_after is not None:
                edges[id(before)] = (e_before[0], e_after[1])  # its last row is now the other part's
            rest = after.rows[repeat:]
            rules_before = (col_edges or {}).get(id(before), [])
            if (rest and ruling is not None and columns.get(id(before)) != columns.get(id(after))
                    and rules_before != (col_edges or {}).get(id(after))):
                _realign(rest, rules_before, ruling)
            if rest and before.rows and _row_fragment(before.rows[-1], rest[0], room):
                _merge_fragment(before.rows[-1], rest[0])
                rest = rest[1:]
            before.rows.extend(rest)
            page_blocks = page_blocks[1:]
    elif page_blocks and blocks and isinstance(blocks[-1], Paragraph) and isinstance(page_blocks[0], Paragraph):
        before_p, after_p = blocks[-1], page_blocks[0]
        # A paragraph running over the page break: the last line was full, the next is not indented.
        if (columns.get(id(before_p), 0) & _ENDS_FULL and columns.get(id(after_p), 0) & _FLUSH_LEFT
                and not before_p.text.endswith(_SENTENCE_END)):
            before_p.text = _join([before_p.text, after_p.text])
            page_blocks = page_blocks[1:]
    blocks.extend(page_blocks)
