"""Every YAML fixture case (tests/fixtures/**/*.yml), in every format it names, gives exactly what it expects."""

from __future__ import annotations

from typing import Any

import pytest

from budgetlens.check import check
from budgetlens.check.config import Config
from budgetlens.extract import extract
from budgetlens.read import read_bytes
from tests.fixtures.cases import Case, html_bytes, load_cases, pdf_bytes, summarize

CASES = load_cases()


def _params() -> list[Any]:
    out = []
    for case in CASES:
        for fmt in case.formats:
            out.append(pytest.param(case, fmt, id=f"{case.id}[{fmt}]"))
    return out


def _document(case: Case, fmt: str) -> tuple[bytes, str]:
    stem = case.name
    if fmt == "txt":
        assert case.text is not None, "a txt case needs text"
        return case.text.encode("utf-8"), f"{stem}.txt"
    if fmt == "html":
        return html_bytes(case), f"{stem}.html"
    if fmt == "pdf":
        pdf = pdf_bytes(case)
        if pdf is None:
            pytest.skip("LibreOffice (soffice) is not installed")
        return pdf, f"{stem}.pdf"
    raise AssertionError(f"unknown format {fmt!r}")


@pytest.mark.parametrize(("case", "fmt"), _params())
def test_fixture_case(case: Case, fmt: str) -> None:
    data, name = _document(case, fmt)
    d = extract(read_bytes(data, name))
    findings = None
    if "findings" in case.expect:
        config = Config(select=list(case.select)) if case.select else Config()
        findings = check(d, config).findings
    assert summarize(d, findings, case.expect) == case.expect


def test_every_fixture_file_has_cases() -> None:
    assert CASES, "no fixture cases found"
    assert len({c.id for c in CASES}) == len(CASES)


def test_fixture_docs_are_current() -> None:
    from pathlib import Path

    from tests.fixtures.docs import fixtures_markdown

    doc = Path(__file__).resolve().parents[1] / "docs" / "fixtures.md"
    assert doc.read_text(encoding="utf-8") == fixtures_markdown(), "regenerate: python -m tests.fixtures.docs > docs/fixtures.md"
