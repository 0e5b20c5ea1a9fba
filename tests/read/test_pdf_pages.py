"""PDF pages that are turned, locked, too many, too slow, or whose fonts cannot be decoded."""

from __future__ import annotations

import pytest

from budgetlens.errors import ReadError
from budgetlens.read import Grid, Limits, ReadResult, read_bytes
from budgetlens.read import ocr as ocr_mod
from tests.read import builders


@pytest.fixture(scope="module")
def example_pdf(example_text: ReadResult) -> bytes:
    return builders.to_pdf(example_text.blocks, landscape=frozenset({5}), split=(2, 10))


def _grids(result: ReadResult) -> list[list[list[str]]]:
    return [b.texts() for b in result.blocks if isinstance(b, Grid)]


def test_sideways_and_rotated_pages_read_upright(example_pdf: bytes, example_text: ReadResult) -> None:
    import pymupdf

    src = pymupdf.open(stream=example_pdf)
    landscape = 2  # the page with the 基本支出表, drawn on a landscape page
    assert src[landscape].rect.width > src[landscape].rect.height
    out = pymupdf.open()
    for angle in (90, 270):  # printed sideways on a portrait page, both ways
        page = out.new_page(width=595, height=842)
        page.show_pdf_page(page.rect, src, landscape, rotate=angle)
    out.insert_pdf(src, from_page=landscape, to_page=landscape)
    out[2].set_rotation(90)  # a /Rotate entry: viewers show it turned
    result = read_bytes(out.tobytes(), "转.pdf")
    expected = [b.texts() for b in example_text.blocks if isinstance(b, Grid)][5]
    grids = [b for b in result.blocks if isinstance(b, Grid)]
    assert [g.page for g in grids] == [1, 2, 3]
    assert [g.texts() for g in grids] == [expected, expected, expected]
    titles = [b.text for b in result.blocks if not isinstance(b, Grid)]
    assert titles == ["云溪县文化广电和旅游局2024年一般公共预算基本支出表（按经济分类）"] * 3


def test_encrypted_pdf(example_pdf: bytes) -> None:
    import pymupdf

    doc = pymupdf.open(stream=example_pdf)
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="123", owner_pw="456")
    with pytest.raises(ReadError) as err:
        read_bytes(data, "密.pdf")
    assert str(err.value) == "密.pdf：PDF 文件已加密（需要密码），请先取消密码再读取"


def test_page_limit_and_deadline(example_pdf: bytes) -> None:
    with pytest.raises(ReadError) as err:
        read_bytes(example_pdf, "长.pdf", Limits(max_pages=4))
    assert str(err.value) == "长.pdf：页数过多（5 页，上限 4 页）"
    with pytest.raises(ReadError) as err:
        read_bytes(example_pdf, "慢.pdf", Limits(deadline=-1.0))
    assert str(err.value) == "慢.pdf 第1页：读取超时（超过 -1 秒），已停止"


def undecodable_pdf() -> bytes:
    """A page whose font has no ToUnicode map: extraction yields glyph numbers, not text."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_font(fontname="F0", fontbuffer=pymupdf.Font("cjk").buffer)
    page.insert_text((60, 80), "部门收支总表", fontname="F0", fontsize=20)
    y = 110.0
    for row in (["项目", "预算数"], ["一般公共预算拨款收入", "5,286,400.00"], ["收入总计", "5,586,400.00"]):
        x = 60.0
        for text in row:
            page.draw_rect(pymupdf.Rect(x, y, x + 200, y + 30), color=(0, 0, 0), width=1)
            page.insert_text((x + 6, y + 21), text, fontname="F0", fontsize=14)
            x += 200
        y += 30
    for xref in range(1, doc.xref_length()):
        if "/ToUnicode" in doc.xref_object(xref):
            doc.xref_set_key(xref, "ToUnicode", "null")
    data: bytes = doc.tobytes(garbage=3)
    return data


def test_undecodable_font_without_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    import pymupdf

    data = undecodable_pdf()
    raw = pymupdf.open(stream=data)[0].get_text()
    assert "部门" not in raw and len(raw.strip()) > 20  # garbage, not text
    monkeypatch.setattr(ocr_mod, "available", lambda: False)
    with pytest.raises(ReadError) as err:
        read_bytes(data, "字体.pdf")
    assert str(err.value) == "字体.pdf 第1页（没有可用的文字层）：扫描件需要 OCR 组件：pip install 'budgetlens[ocr]'"


def _ruled(page: object, top: float, widths: list[float], rows: list[list[str]]) -> None:
    import pymupdf

    y = top
    for row in rows:
        x = 40.0
        for w, text in zip(widths, row, strict=True):
            page.draw_rect(pymupdf.Rect(x, y, x + w, y + 20), color=(0, 0, 0), width=0.6)  # type: ignore[attr-defined]
            page.insert_text((x + 3, y + 14), text, fontname="china-s", fontsize=10)  # type: ignore[attr-defined]
            x += w
        y += 20


@pytest.mark.parametrize(("second", "stitched"), [([150.0, 100.0], True), ([250.0, 120.0], False)])
def test_stitch_needs_same_column_positions(second: list[float], stitched: bool) -> None:
    import pymupdf

    doc = pymupdf.open()
    first = doc.new_page()
    first.insert_text((40, 60), "部门收入总表", fontname="china-s", fontsize=14)
    _ruled(first, 80, [150.0, 100.0], [["项目", "金额"], ["事业收入", "1.00"], ["其他收入", "2.00"]])
    _ruled(doc.new_page(), 40, second, [["项目", "金额"], ["上年结转", "3.00"]])
    grids = [b.texts() for b in read_bytes(doc.tobytes(), "续.pdf").blocks if isinstance(b, Grid)]
    if stitched:  # the header row repeated on the new page is dropped
        assert grids == [[["项目", "金额"], ["事业收入", "1.00"], ["其他收入", "2.00"], ["上年结转", "3.00"]]]
    else:
        assert grids == [[["项目", "金额"], ["事业收入", "1.00"], ["其他收入", "2.00"]], [["项目", "金额"], ["上年结转", "3.00"]]]


def test_unruled_table_from_columns_of_text() -> None:
    """A 三线表 (rules above and below only) and the prose around it."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((40, 60), "三、一般公共预算“三公”经费支出情况", fontname="china-s", fontsize=12)
    rows = [
        ["项目", "2024年预算", "2023年预算", "增减"],
        ["因公出国（境）费", "0.00", "0.00", "0.00"],
        ["公务用车购置及运行维护费", "24,000.00", "30,000.00", "-6,000.00"],
        ["小计", "", "", ""],
        ["公务接待费", "15,000.00", "20,000.00", "-5,000.00"],
    ]
    xs = [40.0, 240.0, 360.0, 480.0]
    page.draw_line((36, 76), (575, 76), width=1.2)
    y = 92.0
    for row in rows:
        for x, text in zip(xs, row, strict=True):
            if text:
                page.insert_text((x, y), text, fontname="china-s", fontsize=10)
        y += 18
    page.draw_line((36, y - 10), (575, y - 10), width=1.2)
    page.insert_text((40, y + 20), "注：本表按经济分类列示。", fontname="china-s", fontsize=10)
    result = read_bytes(doc.tobytes(), "三线表.pdf")
    assert [type(b).__name__ for b in result.blocks] == ["Paragraph", "Grid", "Paragraph"]
    grid = result.blocks[1]
    assert isinstance(grid, Grid)
    assert grid.texts() == rows
    assert grid.page == 1
