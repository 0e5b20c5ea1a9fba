"""Word 97-2003 (.doc) and WPS files through the real LibreOffice, when it is installed (CI installs it).

The example disclosure is written as .docx, LibreOffice saves it as .doc, and budgetlens reads the
.doc back (converting it with LibreOffice again) to the same tables and claims as the text form.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from budgetlens.extract import extract
from budgetlens.model import Disclosure
from budgetlens.read import ReadResult, read_bytes, read_file
from tests.read import builders, summary

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


def _soffice(tmp_path: Path, *args: str) -> None:
    """Run LibreOffice with a profile of its own: two at once on one profile fail (xdist workers)."""
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    *args], check=True, capture_output=True, timeout=300)


def _as_doc(tmp_path: Path, docx: bytes) -> Path:
    src = tmp_path / "云溪.docx"
    src.write_bytes(docx)
    out = tmp_path / "out"
    _soffice(tmp_path, "--convert-to", "doc", "--outdir", str(out), str(src))
    doc = out / "云溪.doc"
    assert doc.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file
    return doc


def test_doc_reads_to_the_same_disclosure(tmp_path: Path, example_text: ReadResult,
                                          example_disclosure: Disclosure) -> None:
    doc = _as_doc(tmp_path, builders.to_docx(example_text.blocks, final_paragraph=True))
    result = read_file(doc)
    assert result.format == "doc"
    got = extract(result)
    assert summary.tables(got) == summary.tables(example_disclosure)
    assert summary.claims(got) == summary.claims(example_disclosure)
    assert len(got.tables) == 9
    assert got.entity.name == "云溪县文化广电和旅游局"


def test_doc_misnamed_wps_is_sniffed_and_converted(tmp_path: Path, example_text: ReadResult,
                                                   example_disclosure: Disclosure) -> None:
    doc = _as_doc(tmp_path, builders.to_docx(example_text.blocks, final_paragraph=True))
    result = read_bytes(doc.read_bytes(), "云溪.wps")
    got = extract(result)
    assert summary.tables(got) == summary.tables(example_disclosure)


def test_pdf_printed_by_libreoffice_reads_to_the_same_disclosure(
        tmp_path: Path, example_text: ReadResult, example_disclosure: Disclosure) -> None:
    """The example as a ruled .docx, printed to PDF by LibreOffice: fonts switch between Latin
    digits, CJK text and curly quotes within a line, a row of the 基本支出 table breaks over a page,
    the 三公 table goes on at the top of the next page and a number too long for the line end
    is carried whole to the next line. The PDF reads back to the text form's tables and claims."""
    src = tmp_path / "云溪.docx"
    src.write_bytes(builders.to_docx(example_text.blocks, final_paragraph=True, ruled=True))
    _soffice(tmp_path, "--convert-to", "pdf", "--outdir", str(tmp_path), str(src))
    result = read_file(tmp_path / "云溪.pdf")
    assert result.format == "pdf" and result.warnings == []
    got = extract(result)
    assert summary.tables(got) == summary.tables(example_disclosure)
    assert summary.claims(got) == summary.claims(example_disclosure)
    assert [t.title for t in got.tables] == [t.title for t in example_disclosure.tables]
    econ = next(t for t in got.tables if t.kind.value == "基本支出经济分类表")
    row = next(r for r in econ.rows if r.code == "30110")
    assert row.name == "职工基本医疗保险缴费"
    # every figure of the narrative and every section heading says which page it is on
    assert all(c.value.where is not None and c.value.where.page for c in got.claims)
    assert all(s.where is not None and s.where.page for s in got.sections)


def _targets(d: Disclosure) -> list[tuple[object, ...]]:
    return [(t.project_name, t.project_code, t.total.value if t.total else None,
             [(i.level1, i.level2, i.level3, i.description, i.target.raw) for i in t.indicators]) for t in d.targets]


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seed_printed_by_libreoffice_reads_back(seed: str, tmp_path: Path) -> None:
    """Each real seed as a ruled .docx printed to PDF by LibreOffice (narrow columns wrap codes and
    figures, rows break over pages, target tables run over many pages): the PDF gives the text
    form's tables, claims, targets with their indicators, and the same findings."""
    from budgetlens.check import check
    from tests.conftest import seed_path

    text = read_file(seed_path(seed))
    src = tmp_path / f"{seed}.docx"
    src.write_bytes(builders.to_docx(text.blocks, final_paragraph=True, ruled=True))
    _soffice(tmp_path, "--convert-to", "pdf", "--outdir", str(tmp_path), str(src))
    expected, got = extract(text), extract(read_file(tmp_path / f"{seed}.pdf"))
    assert summary.tables(got) == summary.tables(expected)
    assert summary.claims(got) == summary.claims(expected)
    assert _targets(got) == _targets(expected)
    assert (got.entity, got.year, got.kind) == (expected.entity, expected.year, expected.kind)
    assert sorted((f.code, f.message) for f in check(got).findings) == sorted(
        (f.code, f.message) for f in check(expected).findings)


@pytest.mark.parametrize("seed", ["000", "001", "003", "example"])
def test_workbook_printed_by_libreoffice_reads_back(seed: str, tmp_path: Path, example_text: ReadResult) -> None:
    """A table a sheet, ruled, columns as wide as their contents, landscape and fitted to the page
    width, as departments print their Excel tables: the PDF gives the text form's tables and
    targets. (Seed 004's 资金分配表 has a two-level header the test workbook does not merge; seed
    002 has a cell taller than a page, which prints without rules.)"""
    from tests.conftest import seed_path

    text = example_text if seed == "example" else read_file(seed_path(seed))
    src = tmp_path / f"{seed}.xlsx"
    src.write_bytes(builders.to_xlsx(text.blocks, sheet_per_table=True, styled=True))
    _soffice(tmp_path, "--convert-to", "pdf", "--outdir", str(tmp_path), str(src))
    expected, got = extract(text), extract(read_file(tmp_path / f"{seed}.pdf"))
    assert summary.tables(got) == summary.tables(expected)
    assert _targets(got) == _targets(expected)


@pytest.mark.parametrize("seed", ["000", "001", "003", "004"])
def test_seed_saved_as_web_page_by_libreoffice_reads_back(seed: str, tmp_path: Path) -> None:
    """A ruled .docx saved as a web page by LibreOffice (the .html a department puts online)."""
    from tests.conftest import seed_path

    text = read_file(seed_path(seed))
    src = tmp_path / f"{seed}.docx"
    src.write_bytes(builders.to_docx(text.blocks, final_paragraph=True, ruled=True))
    _soffice(tmp_path, "--convert-to", "html", "--outdir", str(tmp_path), str(src))
    result = read_file(tmp_path / f"{seed}.html")
    assert result.format == "html"
    expected, got = extract(text), extract(result)
    assert summary.tables(got) == summary.tables(expected)
    assert summary.claims(got) == summary.claims(expected)
    assert _targets(got) == _targets(expected)
