"""Scanned PDF pages and images: OCR with the optional extra ``budgetlens[ocr]``.

The engine is RapidOCR on ONNX Runtime (``rapidocr-onnxruntime``), whose detection, direction
and recognition models ship inside the wheel: nothing is downloaded at run time.

Tables are rebuilt from the page image, not guessed from the text: ruling lines are found with
morphological opening (OpenCV, a dependency of RapidOCR); two horizontal rules with vertical
rules between them make a row; the vertical rules of each row decide its cells, so a cell
spanning several columns becomes one :class:`Cell` with ``colspan`` and a vertically merged cell
keeps its text in its top row (the rows below get an empty cell), as the other readers do.
Text boxes are assigned to cells by their centres. Text outside ruled tables becomes
paragraphs, one a printed line, in reading order; rows of several boxes without rules are
clustered into a grid by their x positions.

OCR confuses full-width and half-width characters: figures are normalised to ASCII
(``5，286，400.00`` → ``5,286,400.00``) and a wrong thousands mark in an amount is repaired.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from budgetlens.errors import ReadError
from budgetlens.read.blocks import Block, Cell, Grid, Paragraph, ReadResult
from budgetlens.read.limits import DEFAULT_LIMITS, Deadline, Limits
from budgetlens.read.pdf import FURNITURE

MISSING = "扫描件需要 OCR 组件：pip install 'budgetlens[ocr]'"
_ENGINE: list[Any] = []
OCR_DPI = 200
# RapidOCR shrinks larger images to this side before detection; small table print needs room.
_MAX_SIDE = 4000


@dataclass(slots=True)
class Box:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except Exception:
        return False
    return True


def engine(name: str) -> Any:
    if not _ENGINE:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except Exception:
            raise ReadError(MISSING, name) from None
        _ENGINE.append(RapidOCR(max_side_len=_MAX_SIDE))
    return _ENGINE[0]


# ---------------------------------------------------------------- recognition


def recognize(image: Any, name: str, where: str | None = None) -> list[Box]:
    """Text boxes of an image: encoded bytes (PNG/JPEG/TIFF/BMP) or a numpy array."""
    ocr = engine(name)
    try:
        result, _elapsed = ocr(image)
    except Exception as exc:
        raise ReadError(f"图片无法识别（{type(exc).__name__}）", name, where) from None
    boxes: list[Box] = []
    for points, text, _score in result or []:
        xs = [float(p[0]) for p in points]
        ys = [float(p[1]) for p in points]
        clean = normalize(str(text))
        if clean:
            boxes.append(Box(clean, min(xs), min(ys), max(xs), max(ys)))
    return boxes


def recognize_line(image: Any, name: str, where: str | None = None) -> str:
    """The text of an image holding one line (recognition only, no detection)."""
    if image.size == 0:
        return ""
    try:
        result, _elapsed = engine(name)(image, use_det=False, use_cls=False)
    except Exception as exc:
        raise ReadError(f"图片无法识别（{type(exc).__name__}）", name, where) from None
    return "".join(str(item[0]) for item in result or [] if item and float(item[1]) >= 0.5)


_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_NUMERIC_CHARS = re.compile(r"^[\s\d０-９,，.．。、%％()（）\-－+＋]+$")
_AMOUNT_MARKS = re.compile(r"^(-?)(\d{1,3}(?:[,.]\d{3})+)[.,](\d{1,2})$")


def normalize(text: str) -> str:
    """OCR text cleaned: full-width digits as ASCII; a figure entirely in ASCII with its marks repaired."""
    text = text.strip().translate(_FULL_DIGITS)
    if not text or not _NUMERIC_CHARS.match(text) or not any(ch.isdigit() for ch in text):
        return text
    ascii_text = unicodedata.normalize("NFKC", text).replace("。", ".").replace("、", ",").replace(" ", "")
    m = _AMOUNT_MARKS.match(ascii_text)
    if m:  # 5.286,400.00 / 5,286.400,00 → 5,286,400.00
        sign, whole, decimals = m.groups()
        return f"{sign}{re.sub(r'[,.]', ',', whole)}.{decimals}"
    return ascii_text


# ---------------------------------------------------------------- ruling lines


@dataclass(slots=True)
class _Region:
    """A ruled cell: its box and the (row, column) slot it starts at; ``owner`` for vertical merges."""

    x0: float
    y0: float
    x1: float
    y1: float
    row: int
    col: int
    colspan: int
    owner: tuple[int, int] | None = None
    boxes: list[Box] = field(default_factory=list)


@dataclass(slots=True)
class RuledTable:
    x0: float
    y0: float
    x1: float
    y1: float
    rows: list[list[_Region]]

    def contains(self, box: Box) -> bool:
        return self.x0 <= box.cx <= self.x1 and self.y0 <= box.cy <= self.y1


def _runs(mask: Any, minimum: int = 1) -> list[tuple[int, int]]:
    """[start, end) runs of True in a 1-D boolean array."""
    import numpy as np

    padded = np.concatenate(([False], mask.astype(bool), [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a >= minimum]


Band = tuple[float, float, float, float, list[tuple[int, int]]]  # rule above (y0, y1), rule below, vertical rules


def ruled_tables(gray: Any) -> list[RuledTable]:
    """Tables drawn with ruling lines in a grayscale image (numpy uint8, dark ink on light paper).

    Horizontal rules are long runs of ink; rules at the same height form a level. Going down
    from a rule, each next level overlapping the table makes a row with the one above when ink
    crosses the whole band between them somewhere (the vertical rules): those decide its cells.
    """
    import cv2
    import numpy as np

    width = gray.shape[1]
    _t, ink_img = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    ink = ink_img > 0
    min_rule = max(30, width // 30)
    horizontal = cv2.morphologyEx(
        ink.astype(np.uint8), cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (min_rule, 1))
    ) > 0
    levels: list[list[tuple[int, int, int, int]]] = []  # rules (y0, y1, x0, x1) at the same height
    for y0, y1 in _runs(horizontal.any(axis=1)):
        cols = horizontal[y0:y1].any(axis=0)
        rules = [(y0, y1, x0, x1) for x0, x1 in _runs(cols, minimum=min_rule)]
        if rules:
            levels.append(rules)
    used: set[tuple[int, int, int, int]] = set()
    tables: list[RuledTable] = []
    for li, level in enumerate(levels):
        for top in level:
            if top in used:
                continue
            x0, x1 = top[2], top[3]
            bands: list[Band] = []
            above = [top]
            for below_level in levels[li + 1:]:
                below = [r for r in below_level if min(r[3], x1) - max(r[2], x0) > min_rule // 2]
                if not below:
                    continue
                seps = _separators(ink, max(r[1] for r in above), min(r[0] for r in below), x0, x1)
                if len(seps) < 2:
                    break
                bands.append((min(r[0] for r in above), max(r[1] for r in above),
                              min(r[0] for r in below), max(r[1] for r in below), seps))
                used.update(below)
                above = below
            if bands:
                tables.append(_build_table(bands, ink))
    return tables


def _separators(ink: Any, y0: int, y1: int, x0: int, x1: int) -> list[tuple[int, int]]:
    """x runs where ink crosses the whole band between two rules: the vertical rules of a row."""
    if y1 - y0 < 4:
        return []
    left = max(0, x0 - 3)
    band = ink[y0 + 1:y1 - 1, left:x1 + 3]
    if band.size == 0:
        return []
    dark = band.mean(axis=0) >= 0.9
    return [(left + a, left + b) for a, b in _runs(dark)]


def _build_table(bands: list[Band], ink: Any) -> RuledTable:
    # Global column boundaries: every vertical rule of every row, clustered.
    positions = sorted((a + b) / 2 for *_ys, seps in bands for a, b in seps)
    bounds: list[float] = []
    for x in positions:
        if bounds and x - bounds[-1] <= 4:
            continue
        bounds.append(x)

    def slot(x: float) -> int:
        return min(range(len(bounds)), key=lambda k: abs(bounds[k] - x))

    rows: list[list[_Region]] = []
    for r, (top0, top1, _bottom0, bottom1, seps) in enumerate(bands):
        centres = [(a + b) / 2 for a, b in seps]
        row: list[_Region] = []
        for left, right in itertools.pairwise(centres):
            c0, c1 = slot(left), slot(right)
            region = _Region(left, top0, right, bottom1, r, c0, max(1, c1 - c0))
            if r > 0 and not _ruled(ink, int(top0), int(top1), left, right):
                above = next((x for x in rows[-1] if x.col == c0 and x.colspan == region.colspan), None)
                if above is not None:  # no rule between this cell and the one above: one merged cell
                    region.owner = above.owner or (above.row, above.col)
            row.append(region)
        rows.append(row)
    x0 = min(r.x0 for row in rows for r in row)
    x1 = max(r.x1 for row in rows for r in row)
    return RuledTable(x0, bands[0][0], x1, bands[-1][3], rows)


def _ruled(ink: Any, y0: int, y1: int, left: float, right: float) -> bool:
    """Whether a rule is drawn across most of [left, right] (else the cells above and below merge)."""
    a, b = int(left) + 3, int(right) - 3
    if b <= a:
        return True
    segment = ink[y0:y1 + 1, a:b].any(axis=0)
    return bool(segment.mean() >= 0.6)


# ---------------------------------------------------------------- boxes → blocks


Reread = Callable[[float, float, float, float], str]


def layout(
    boxes: list[Box], page: int | None = None, tables: list[RuledTable] | None = None, reread: Reread | None = None
) -> list[Block]:
    """Blocks in reading order: ruled tables filled with their boxes, the rest as lines.

    A text box that runs over a vertical rule (the detector joins text close to both sides of a
    rule) is cut at the rule and each piece recognised again with ``reread(x0, y0, x1, y1)``.
    """
    items: list[tuple[float, Block]] = []
    free: list[Box] = []
    for box in boxes:
        table = next((t for t in tables or [] if t.contains(box)), None)
        if table is None:
            free.append(box)
            continue
        for piece in _split(table, box, reread):
            if not _place(table, piece):
                free.append(piece)
    for table in tables or []:
        grid = _fill(table, page)
        if grid.rows:
            items.append((table.y0, grid))
    items.extend(_free_blocks(free, page))
    items.sort(key=lambda it: it[0])
    return [block for _y, block in items]


_INSET = 4.0  # pixels kept clear of a rule when cutting a box


def _split(table: RuledTable, box: Box, reread: Reread | None) -> list[Box]:
    if reread is None:
        return [box]
    row = next((row for row in table.rows if row and row[0].y0 <= box.cy <= row[0].y1), None)
    if row is None:
        return [box]
    crossed = [r for r in row if min(box.x1, r.x1) - max(box.x0, r.x0) > 2 * _INSET]
    if len(crossed) < 2:
        return [box]
    pieces: list[Box] = []
    for region in crossed:
        x0, x1 = max(box.x0, region.x0 + _INSET), min(box.x1, region.x1 - _INSET)
        if x1 - x0 < _INSET:
            continue
        text = normalize(reread(x0, box.y0, x1, box.y1))
        if text:
            pieces.append(Box(text, x0, box.y0, x1, box.y1))
    return pieces


def _place(table: RuledTable, box: Box) -> bool:
    for row in table.rows:
        for region in row:
            if region.x0 <= box.cx <= region.x1 and region.y0 <= box.cy <= region.y1:
                if region.owner is not None:
                    r, c = region.owner
                    region = next(x for x in table.rows[r] if x.col == c)
                region.boxes.append(box)
                return True
    return False


def _fill(table: RuledTable, page: int | None) -> Grid:
    rows: list[list[Cell]] = []
    for row in table.rows:
        cells: list[Cell] = []
        for region in row:
            text = "" if region.owner is not None else _join_lines(group_lines(region.boxes))
            cells.append(Cell(text=text, page=page, colspan=region.colspan))
        rows.append(cells)
    return Grid(rows=rows, page=page)


def _join_lines(lines: list[list[Box]]) -> str:
    out = ""
    for line in lines:
        for box in line:
            part = box.text
            if out and out[-1].isascii() and out[-1].isalnum() and part[:1].isascii() and part[:1].isalnum():
                out += " "  # separate boxes of Latin words and numbers; Chinese joins without space
            out += part
    return out


def group_lines(boxes: list[Box]) -> list[list[Box]]:
    """Boxes whose vertical centres fall within half a box height of a line's centre share it."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        height = box.y1 - box.y0
        if lines:
            line = lines[-1]
            centre = sum(b.cy for b in line) / len(line)
            if abs(box.cy - centre) < 0.5 * max(height, min(b.y1 - b.y0 for b in line)):
                line.append(box)
                continue
        lines.append([box])
    for line in lines:
        line.sort(key=lambda b: b.x0)
    return lines


def _free_blocks(boxes: list[Box], page: int | None) -> list[tuple[float, Block]]:
    """Unruled text: runs of lines with several boxes (plus lone boxes between them) are a grid."""
    lines = group_lines(boxes)
    out: list[tuple[float, Block]] = []
    i = 0
    while i < len(lines):
        if len(lines[i]) < 2:
            text = _join_lines([lines[i]])
            if not FURNITURE.match(text):  # page numbers
                out.append((lines[i][0].y0, Paragraph(text=text, page=page)))
            i += 1
            continue
        j = i + 1
        while j < len(lines) and (
            len(lines[j]) >= 2 or (j + 1 < len(lines) and len(lines[j + 1]) >= 2 and _short(lines[j]))
        ):
            j += 1
        out.append((lines[i][0].y0, clustered_grid(lines[i:j], page)))
        i = j
    return out


def _short(line: list[Box]) -> bool:
    return len(line) == 1 and len(line[0].text) <= 30


def clustered_grid(lines: list[list[Box]], page: int | None) -> Grid:
    """A grid of lines of boxes without rules: columns are the x ranges of the fullest lines."""
    fullest = max(len(line) for line in lines)
    columns: list[list[float]] = []  # [x0, x1] of each column, from the fullest lines
    for line in lines:
        if len(line) != fullest:
            continue
        for k, box in enumerate(line):
            if len(columns) <= k:
                columns.append([box.x0, box.x1])
            else:
                columns[k][0] = min(columns[k][0], box.x0)
                columns[k][1] = max(columns[k][1], box.x1)
    rows: list[list[Cell]] = []
    for line in lines:
        texts: list[list[Box]] = [[] for _ in columns]
        for box in line:
            texts[_column_of(box, columns)].append(box)
        rows.append([Cell(text=_join_lines([t]) if t else "", page=page) for t in texts])
    return Grid(rows=rows, page=page)


def _column_of(box: Box, columns: list[list[float]]) -> int:
    best, best_overlap = 0, float("-inf")
    for k, (x0, x1) in enumerate(columns):
        overlap = min(box.x1, x1) - max(box.x0, x0)
        if overlap > best_overlap:
            best, best_overlap = k, overlap
    return best


# ---------------------------------------------------------------- pages and images


def ocr_gray(gray: Any, name: str, page: int | None, where: str | None = None) -> list[Block]:
    """OCR a grayscale page image (numpy uint8) into blocks."""
    boxes = recognize(gray, name, where)
    height, width = gray.shape[:2]

    def reread(x0: float, y0: float, x1: float, y1: float) -> str:
        crop = gray[max(0, int(y0) - 2):min(height, int(y1) + 3), max(0, int(x0)):min(width, int(x1) + 1)]
        return recognize_line(crop, name, where)

    return layout(boxes, page=page, tables=ruled_tables(gray), reread=reread)


def ocr_page(page: Any, name: str, pno: int, dpi: int = OCR_DPI) -> list[Block]:
    """OCR one PDF page rendered at ``dpi``."""
    engine(name)  # fail early with the install hint
    import numpy as np
    import pymupdf

    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    gray = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
    return ocr_gray(np.ascontiguousarray(gray), name, pno, f"第{pno}页")


def read_image(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    """An image file (PNG/JPEG/TIFF/BMP; every frame of a multi-page TIFF) read by OCR."""
    engine(name)
    frames = _decode_frames(data, name, limits)
    deadline = Deadline(name, limits.deadline)
    blocks: list[Block] = []
    for number, gray in enumerate(frames, start=1):
        where = f"第{number}页" if len(frames) > 1 else None
        deadline.check(where)
        blocks.extend(ocr_gray(gray, name, number, where))
    if not blocks:
        raise ReadError("图片中没有识别出文字", name)
    return ReadResult(
        path=name, format="image", blocks=blocks, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
        pages=len(frames), warnings=["图片内容由 OCR 识别，请核对数字"],
    )


def _decode_frames(data: bytes, name: str, limits: Limits) -> list[Any]:
    import io

    import numpy as np
    from PIL import Image, ImageSequence

    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size
        if width * height > limits.max_pixels:
            raise ReadError(
                f"图片过大（{width}×{height} 像素，上限 {limits.max_pixels / 1_000_000:g} 百万像素）", name
            )
        frames: list[Any] = []
        for frame in ImageSequence.Iterator(image):
            if len(frames) >= limits.max_pages:
                raise ReadError(f"页数过多（超过 {limits.max_pages} 页）", name)
            frames.append(np.asarray(frame.convert("L")))
    except ReadError:
        raise
    except Exception as exc:  # Pillow raises many types on broken images
        raise ReadError(f"图片已损坏，无法打开（{type(exc).__name__}）", name) from None
    return frames
