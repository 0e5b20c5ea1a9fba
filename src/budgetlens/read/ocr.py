"""Scanned PDF pages and images: OCR with the optional extra ``budgetlens[ocr]``.

The engine is RapidOCR on ONNX Runtime (``rapidocr-onnxruntime``), whose detection and
recognition models ship inside the wheel: nothing is downloaded at run time. Text boxes are
grouped into lines by their vertical centres; consecutive lines with several boxes form a grid
whose columns are the x-ranges of its fullest lines; single-box lines are paragraphs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from budgetlens.errors import ReadError
from budgetlens.read.blocks import Block, Cell, Grid, Paragraph, ReadResult
from budgetlens.read.limits import DEFAULT_LIMITS, Limits

MISSING = "扫描件需要 OCR 组件：pip install 'budgetlens[ocr]'"
_ENGINE: list[Any] = []
OCR_DPI = 200


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
        _ENGINE.append(RapidOCR())
    return _ENGINE[0]


def recognize(image: bytes, name: str, where: str | None = None) -> list[Box]:
    """Text boxes of an encoded image (PNG/JPEG/TIFF/BMP)."""
    ocr = engine(name)
    try:
        result, _elapsed = ocr(image)
    except Exception as exc:
        raise ReadError(f"图片无法识别（{type(exc).__name__}）", name, where) from None
    boxes: list[Box] = []
    for points, text, _score in result or []:
        xs = [float(p[0]) for p in points]
        ys = [float(p[1]) for p in points]
        if str(text).strip():
            boxes.append(Box(str(text).strip(), min(xs), min(ys), max(xs), max(ys)))
    return boxes


def ocr_page(page: Any, name: str, pno: int) -> list[Block]:
    """OCR one PDF page rendered at :data:`OCR_DPI`."""
    engine(name)  # fail early with the install hint
    pix = page.get_pixmap(dpi=OCR_DPI)
    return layout(recognize(pix.tobytes("png"), name, f"第{pno}页"), page=pno)


def read_image(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    blocks = layout(recognize(data, name), page=1)
    if not blocks:
        raise ReadError("图片中没有识别出文字", name)
    return ReadResult(
        path=name, format="image", blocks=blocks, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
        pages=1, warnings=["图片内容由 OCR 识别，请核对数字"],
    )


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


def layout(boxes: list[Box], page: int | None = None) -> list[Block]:
    blocks: list[Block] = []
    lines = group_lines(boxes)
    i = 0
    while i < len(lines):
        if len(lines[i]) < 2:
            blocks.append(Paragraph(text="".join(b.text for b in lines[i]), page=page))
            i += 1
            continue
        j = i
        while j < len(lines) and len(lines[j]) >= 2:
            j += 1
        blocks.append(_grid(lines[i:j], page))
        i = j
    return blocks


def _grid(lines: list[list[Box]], page: int | None) -> Grid:
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
        texts: list[list[str]] = [[] for _ in columns]
        for box in line:
            texts[_column_of(box, columns)].append(box.text)
        rows.append([Cell(text="".join(t), page=page) for t in texts])
    return Grid(rows=rows, page=page)


def _column_of(box: Box, columns: list[list[float]]) -> int:
    best, best_overlap = 0, float("-inf")
    for k, (x0, x1) in enumerate(columns):
        overlap = min(box.x1, x1) - max(box.x0, x0)
        if overlap > best_overlap:
            best, best_overlap = k, overlap
    return best
