"""The example disclosure written as .docx, .xlsx and .html reads back to the same tables and claims."""

from __future__ import annotations

import pytest

from budgetlens.extract import extract
from budgetlens.model import Disclosure
from budgetlens.read import Grid, Paragraph, ReadResult, read_bytes, read_file
from tests.conftest import seed_path
from tests.read import builders, summary


def _check_same(result: ReadResult, expected: Disclosure) -> Disclosure:
    got = extract(result)
    assert summary.tables(got) == summary.tables(expected)
    assert summary.claims(got) == summary.claims(expected)
    return got


def test_docx_same_disclosure(example_text: ReadResult, example_disclosure: Disclosure) -> None:
    result = read_bytes(builders.to_docx(example_text.blocks), "云溪.docx")
    assert result.format == "docx"
    assert len(result.blocks) == len(example_text.blocks) == 50
    got = _check_same(result, example_disclosure)
    assert len(got.tables) == 9
    assert len(got.claims) == 28
    first = next(b for b in result.blocks if isinstance(b, Grid))
    # The short first row: its last cell is merged across two columns and appears once.
    assert [(c.text, c.colspan) for c in first.rows[0]] == [
        ("208001云溪县文化广电和旅游局", 1), ("预算年度：2024", 1), ("单位：元", 2)
    ]
    assert first.texts()[2] == ["一、一般公共预算拨款收入", "5,286,400.00", "一、一般公共服务支出", ""]


def test_docx_and_text_blocks_align(example_text: ReadResult) -> None:
    result = read_bytes(builders.to_docx(example_text.blocks), "云溪.docx")
    for a, b in zip(result.blocks, example_text.blocks, strict=True):
        assert type(a) is type(b)
        if isinstance(a, Paragraph) and isinstance(b, Paragraph):
            assert a.text == b.text
        elif isinstance(a, Grid) and isinstance(b, Grid):
            assert a.texts() == b.texts()


@pytest.mark.parametrize("per_sheet", [False, True])
def test_xlsx_same_disclosure(example_text: ReadResult, example_disclosure: Disclosure, per_sheet: bool) -> None:
    result = read_bytes(builders.to_xlsx(example_text.blocks, sheet_per_table=per_sheet), "云溪.xlsx")
    assert result.format == "xlsx"
    _check_same(result, example_disclosure)
    grids = [b for b in result.blocks if isinstance(b, Grid)]
    assert len(grids) == 10
    # Numbers written as numbers with '#,##0.00' come back as printed, with their cell reference.
    cell = grids[0].rows[2][1]
    assert (cell.text, cell.ref) == ("5,286,400.00", "B9" if not per_sheet else "B7")
    assert grids[0].rows[0][2].colspan == 2
    if per_sheet:
        assert grids[0].sheet == "表1"
        assert grids[-1].sheet == "表10"


def test_html_same_disclosure(example_text: ReadResult, example_disclosure: Disclosure) -> None:
    result = read_bytes(builders.to_html(example_text.blocks), "云溪.xls")  # HTML saved as .xls
    assert result.format == "html"
    assert len(result.blocks) == 50
    _check_same(result, example_disclosure)


@pytest.mark.parametrize("make", [builders.to_docx, builders.to_xlsx, builders.to_html, builders.to_pdf])
def test_seed_round_trip(make: object) -> None:
    text = read_file(seed_path("001"))
    expected = extract(text)
    assert callable(make)
    data = make(text.blocks)
    got = extract(read_bytes(data, "seed001"))
    assert summary.tables(got) == summary.tables(expected)
    assert summary.claims(got) == summary.claims(expected)
    assert len(expected.tables) > 0
