"""Scans: ruling lines rebuild the table (merged cells included), OCR fills it.

The structure tests need only OpenCV; the recognition tests need the ``budgetlens[ocr]`` extra
and are skipped without it. RapidOCR is deterministic for a given image and model, so the
recognised grids are asserted exactly.
"""

from __future__ import annotations

import pytest

from budgetlens.read import Grid, Paragraph, read_bytes
from budgetlens.read.ocr import normalize
from tests.read.test_merged_cells import BODY, EXPECTED, SPANS
from tests.read.test_pdf_pages import undecodable_pdf

TITLE = "部门支出总表"
COLS = [90.0, 130.0, 140.0, 140.0, 140.0]  # column widths in points
SIZE = 10.0  # cell font size
ROW = 26.0
LEFT, TOP = 30.0, 60.0


def table_page() -> bytes:
    """A one-page PDF (text layer) of the 支出总表 with merged header cells, drawn with rules."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=sum(COLS) + 2 * LEFT, height=TOP + ROW * len(EXPECTED) + 40)
    page.insert_text((LEFT, TOP - 20), TITLE, fontname="china-s", fontsize=16)
    xs = [LEFT]
    for w in COLS:
        xs.append(xs[-1] + w)

    def cell(r0: int, r1: int, c0: int, c1: int, text: str) -> None:
        rect = pymupdf.Rect(xs[c0], TOP + r0 * ROW, xs[c1 + 1], TOP + (r1 + 1) * ROW)
        page.draw_rect(rect, color=(0, 0, 0), width=0.8)
        if text:  # amounts right-aligned close to the rule, as printed
            y = (rect.y0 + rect.y1) / 2 + SIZE * 0.4
            length = pymupdf.get_text_length(text, fontname="china-s", fontsize=SIZE)
            x = rect.x1 - 4 - length if text[0].isdigit() and "." in text else rect.x0 + 5
            page.insert_text((x, y), text, fontname="china-s", fontsize=SIZE)

    cell(0, 1, 0, 0, "科目编码")
    cell(0, 1, 1, 1, "科目名称")
    cell(0, 0, 2, 4, "本年预算")
    for c, text in enumerate(EXPECTED[1][2:], start=2):
        cell(1, 1, c, c, text)
    for r, row in enumerate(BODY, start=2):
        for c, text in enumerate(row):
            cell(r, r, c, c, text)
    data: bytes = doc.tobytes()
    return data


def page_image(pdf: bytes, dpi: int = 200) -> tuple[bytes, object]:
    """PNG bytes and grayscale array of the first page."""
    import numpy as np
    import pymupdf

    page = pymupdf.open(stream=pdf)[0]
    png = page.get_pixmap(dpi=dpi).tobytes("png")
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    gray = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width].copy()
    return png, gray


def scanned(png: bytes) -> bytes:
    """An image-only PDF (a scan) of the picture."""
    import pymupdf

    doc = pymupdf.open()
    image = pymupdf.open(stream=png, filetype="png")
    rect = image[0].rect
    page = doc.new_page(width=rect.width * 72 / 200, height=rect.height * 72 / 200)
    page.insert_image(page.rect, stream=png)
    data: bytes = doc.tobytes()
    return data


def test_normalize_figures() -> None:
    assert normalize("5，286，400.00") == "5,286,400.00"
    assert normalize("4，３２5，１００.００") == "4,325,100.00"
    assert normalize("5.286,400.00") == "5,286,400.00"
    assert normalize("1,234.5") == "1,234.5"
    assert normalize("－1，500.00") == "-1,500.00"
    assert normalize("12．5％") == "12.5%"
    assert normalize("（2）公务用车运行维护费") == "（2）公务用车运行维护费"
    assert normalize("２０２４年") == "2024年"
    assert normalize(" 一、部门职责 ") == "一、部门职责"


def test_ruling_lines_rebuild_merged_cells() -> None:
    pytest.importorskip("cv2")
    from budgetlens.read.ocr import ruled_tables

    _png, gray = page_image(table_page())
    (table,) = ruled_tables(gray)
    assert [[(r.col, r.colspan, r.owner) for r in row] for row in table.rows] == [
        [(0, 1, None), (1, 1, None), (2, 3, None)],
        [(0, 1, (0, 0)), (1, 1, (0, 1)), (2, 1, None), (3, 1, None), (4, 1, None)],
        *[[(c, 1, None) for c in range(5)] for _ in BODY],
    ]


@pytest.fixture(scope="module")
def ocr_ready() -> None:
    pytest.importorskip("rapidocr_onnxruntime")


def test_scanned_pdf_table(ocr_ready: None) -> None:
    png, _gray = page_image(table_page())
    result = read_bytes(scanned(png), "扫描.pdf")
    assert result.format == "pdf"
    assert result.warnings == ["第1页没有可用的文字层（扫描件或字体缺少 Unicode 映射），已用 OCR 识别，请核对数字"]
    assert [type(b).__name__ for b in result.blocks] == ["Paragraph", "Grid"]
    assert isinstance(result.blocks[0], Paragraph)
    assert result.blocks[0].text == TITLE
    grid = result.blocks[1]
    assert isinstance(grid, Grid)
    assert grid.texts() == EXPECTED
    assert [[c.colspan for c in row] for row in grid.rows] == SPANS
    assert {c.page for row in grid.rows for c in row} == {1}


def test_image_file_table(ocr_ready: None) -> None:
    png, _gray = page_image(table_page())
    result = read_bytes(png, "照片.png")
    assert (result.format, result.pages) == ("image", 1)
    grids = [b for b in result.blocks if isinstance(b, Grid)]
    assert [g.texts() for g in grids] == [EXPECTED]


def test_undecodable_font_read_by_ocr(ocr_ready: None) -> None:
    result = read_bytes(undecodable_pdf(), "字体.pdf")
    assert [b.text for b in result.blocks if isinstance(b, Paragraph)] == ["部门收支总表"]
    assert [b.texts() for b in result.blocks if isinstance(b, Grid)] == [
        [["项目", "预算数"], ["一般公共预算拨款收入", "5,286,400.00"], ["收入总计", "5,586,400.00"]]
    ]
