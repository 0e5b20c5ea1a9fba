"""The example written as a PDF (text layer, ruled tables, a table split over a page break with
its header repeated, a landscape page) reads back to the same tables and claims."""

from __future__ import annotations

import pytest

from budgetlens.errors import ReadError
from budgetlens.extract import extract
from budgetlens.model import Disclosure
from budgetlens.read import Grid, Paragraph, ReadResult, read_bytes
from budgetlens.read import ocr as ocr_mod
from tests.read import builders, summary


@pytest.fixture(scope="module")
def pdf_result(example_text: ReadResult) -> ReadResult:
    data = builders.to_pdf(example_text.blocks, landscape=frozenset({5}), split=(2, 10))
    return read_bytes(data, "云溪.pdf")


def test_pdf_same_disclosure(pdf_result: ReadResult, example_disclosure: Disclosure) -> None:
    assert pdf_result.format == "pdf"
    assert pdf_result.pages == 5
    got = extract(pdf_result)
    assert summary.tables(got) == summary.tables(example_disclosure)
    assert summary.claims(got) == summary.claims(example_disclosure)
    assert got.notes == []


def test_pdf_stitches_split_table_and_keeps_pages(pdf_result: ReadResult, example_text: ReadResult) -> None:
    grids = [b for b in pdf_result.blocks if isinstance(b, Grid)]
    assert [(g.page, len(g.rows)) for g in grids] == [
        (1, 13), (1, 8), (1, 21), (2, 18), (2, 9), (3, 23), (4, 6), (4, 3), (4, 8), (5, 14)
    ]
    # Every grid, cell by cell, as in the text dump (merged header cells once, empty rows kept).
    assert [g.texts() for g in grids] == [b.texts() for b in example_text.blocks if isinstance(b, Grid)]
    split = grids[2]
    expected = [b for b in example_text.blocks if isinstance(b, Grid)][2]
    assert split.texts() == expected.texts()  # repeated header rows dropped
    assert [row[0].page for row in split.rows].count(2) == 11
    assert grids[5].texts() == [b for b in example_text.blocks if isinstance(b, Grid)][5].texts()  # landscape
    # Page numbers ("- 2 -") are furniture, not paragraphs.
    assert not any(isinstance(b, Paragraph) and b.text.startswith("- ") for b in pdf_result.blocks)


def test_pdf_paragraph_over_page_break(pdf_result: ReadResult) -> None:
    texts = [b.text for b in pdf_result.blocks if isinstance(b, Paragraph)]
    joined = [t for t in texts if t.startswith("2024年“三公”经费预算39000元")]
    assert len(joined) == 1
    assert joined[0].endswith("主要原因是压减公务接待。")


def test_page_with_only_a_chart_is_not_a_scan() -> None:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()  # A4 portrait
    page.insert_text((72, 72), "2024年收支预算总体情况说明，单位：元。", fontname="china-s", fontsize=11)
    chart = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 160, 100), False)
    pix.clear_with(200)
    chart.insert_image(pymupdf.Rect(72, 100, 72 + 320, 100 + 200), pixmap=pix)  # a 16 × 10 cm chart
    result = read_bytes(doc.tobytes(), "图表.pdf")
    assert [b.text for b in result.blocks if isinstance(b, Paragraph)] == ["2024年收支预算总体情况说明，单位：元。"]
    assert result.warnings == []


def test_scanned_page_without_ocr_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 210, 297), False)  # a scanned A4 page
    pix.clear_with(255)
    page.insert_image(page.rect, pixmap=pix)
    data = doc.tobytes()
    monkeypatch.setattr(ocr_mod, "_ENGINE", [])
    import builtins

    real_import = builtins.__import__

    def no_rapidocr(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("rapidocr_onnxruntime"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_rapidocr)
    with pytest.raises(ReadError) as err:
        read_bytes(data, "扫描.pdf")
    assert str(err.value) == "扫描.pdf 第1页（没有可用的文字层）：扫描件需要 OCR 组件：pip install 'budgetlens[ocr]'"
