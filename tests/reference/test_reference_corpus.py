"""Every classification code printed in the corpus PDFs (../shared/corpus) is known for its year,
with its name for that year. Codes and names are read straight from the PDF text with PyMuPDF
(independent of budgetlens' own table reader): a line that starts with a code (or with 类 | 款 | 项
parts in separate cells) followed by a name."""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest

from budgetlens.model.table import Scheme
from budgetlens.reference import classification as c

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
_SPLIT = re.compile(r"^(\d{3})(?:\s+(\d{2}))?(?:\s+(\d{2}))?\s+([\u4e00-\u9fff][^\s\d]*)")
_JOINED = re.compile(r"^(\d{3}|\d{5}|\d{7})([\u4e00-\u9fff（(][^\d]*)$")


def _lines(page: pymupdf.Page) -> list[str]:
    """The page's text lines: words on one baseline, left to right."""
    rows: dict[int, list[tuple[float, str]]] = {}
    for w in page.get_text("words"):
        rows.setdefault(round((w[1] + w[3]) / 4), []).append((w[0], w[4]))
    return [" ".join(t for _, t in sorted(words)) for _, words in sorted(rows.items())]


def printed_pairs(pdf: Path) -> set[tuple[str, str]]:
    """(code, name) pairs printed in ``pdf``; a code printed with several names is left out
    (project and procurement lists repeat a code with their own item names)."""
    names: dict[str, set[str]] = {}
    with pymupdf.open(pdf) as doc:
        for page in doc:
            for line in _lines(page):
                if m := _SPLIT.match(line):
                    code, name = m[1] + (m[2] or "") + (m[3] or ""), m[4]
                elif (first := line.split(" ", 1)[0]) and (m := _JOINED.match(first)):
                    code, name = m[1], m[2]
                else:
                    continue
                if c.scheme_of_code(code) is not Scheme.NONE and len(name) > 1:  # 「355 天」 is no code
                    names.setdefault(code, set()).add(name)
    return {(code, name) for code, found in names.items() if len(found) == 1 for name in found}


# Lines the plain-text reading takes for coded rows but are not: a project table that prints the
# function code beside each project's name, and the side-by-side 基本支出决算表 whose 类 code of
# one block shares a line with the name of the other block.
NOT_CLASSIFICATION_ROWS = [
    ("xian-finance-bureau-2026-dept-budget.pdf", "2010608", "政府投资项目评审", "财政委托业务支出"),
    ("xian-finance-bureau-2026-dept-budget.pdf", "2050803", "财政培训业务", "培训支出"),
    ("putuo-finance-bureau-2024-final.pdf", "302", "其他商品和服务支", "商品和服务支出"),
    ("putuo-finance-bureau-2024-final.pdf", "310", "信息网络及软件购置更", "资本性支出"),
]


def _year(pdf: Path) -> int:
    return int(re.search(r"20\d\d", pdf.name)[0])  # type: ignore[index]


def _pdfs() -> list[Path]:
    return sorted(CORPUS.glob("*/*.pdf")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not _pdfs(), reason="corpus (../shared/corpus) is not available")
def test_every_code_printed_in_the_corpus_is_known_with_its_name() -> None:
    unknown, misnamed, checked = [], [], 0
    for pdf in _pdfs():
        year = _year(pdf)
        for code, name in sorted(printed_pairs(pdf)):
            scheme = c.scheme_of_code(code)
            entry = c.lookup(code, year, scheme)
            official = entry.name if entry else ""
            normalize = c.normalize_name(name)
            if entry is None:
                unknown.append((pdf.name, code, name))
            elif not c.name_matches(code, name, year, scheme) and not c.normalize_name(official).startswith(normalize):
                # a name cut at the cell border (「机关事业单位基本养老保险缴」) is a wrapped line, not a misprint
                misnamed.append((pdf.name, code, name, official))
            checked += 1
    assert unknown == []
    assert misnamed == NOT_CLASSIFICATION_ROWS
    assert checked == 385
