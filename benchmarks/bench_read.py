"""Reading throughput: .docx and .xlsx documents/s, PDF text-layer pages/s, OCR pages/s with the
exact-cell accuracy of the OCR against the text layer of the same pages.

Run: python benchmarks/bench_read.py [--ocr [PAGES]]

The documents are the example disclosure (examples/yunxi_2024_budget.txt) written in each format
by the test builders; the PDF has a table split over a page break and a landscape page.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.read import builders  # noqa: E402

from budgetlens.read import Grid, read_bytes, read_file  # noqa: E402

AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$")


def rate(label: str, unit: str, count: int, seconds: float) -> None:
    print(f"{label:<14} {count / seconds:10.2f} {unit}/s  ({count} in {seconds:.2f} s)")


def page_grids(doc: Any, index: int) -> list[list[list[str]]]:
    from budgetlens.read.pdf import page_content

    blocks = page_content(doc[index], index + 1, {}) or []
    return [b.texts() for b in blocks if isinstance(b, Grid)]


def ocr_accuracy(pdf: bytes, pages: int) -> None:
    import pymupdf

    from budgetlens.read.ocr import ocr_page

    text_doc = pymupdf.open(stream=pdf)
    ocr_doc = pymupdf.open(stream=pdf)
    amounts = amount_hits = cells = cell_hits = 0
    start = time.perf_counter()
    count = min(pages, len(ocr_doc))
    for index in range(count):
        got = [b.texts() for b in ocr_page(ocr_doc[index], "bench.pdf", index + 1) if isinstance(b, Grid)]
        for expected_grid, got_grid in zip(page_grids(text_doc, index), got, strict=False):
            for r, row in enumerate(expected_grid):
                for c, text in enumerate(row):
                    value = got_grid[r][c] if r < len(got_grid) and c < len(got_grid[r]) else None
                    cells += 1
                    cell_hits += value == text
                    if AMOUNT.match(text):
                        amounts += 1
                        amount_hits += value == text
    rate("pdf (OCR)", "pages", count, time.perf_counter() - start)
    print(f"OCR cells exact:        {cell_hits}/{cells} ({cell_hits / max(1, cells):.1%})")
    print(f"OCR amount cells exact: {amount_hits}/{amounts} ({amount_hits / max(1, amounts):.1%})")


def main() -> None:
    blocks = read_file(ROOT / "examples" / "yunxi_2024_budget.txt").blocks
    docx, xlsx = builders.to_docx(blocks), builders.to_xlsx(blocks)
    pdf = builders.to_pdf(blocks, landscape=frozenset({5}), split=(2, 10))
    for label, data, n in (("docx", docx, 30), ("xlsx", xlsx, 30)):
        read_bytes(data, f"warm.{label}")
        start = time.perf_counter()
        for _ in range(n):
            read_bytes(data, f"bench.{label}")
        rate(label, "documents", n, time.perf_counter() - start)
    start = time.perf_counter()
    pages = 0
    for _ in range(5):
        pages += read_bytes(pdf, "bench.pdf").pages or 0
    rate("pdf (text)", "pages", pages, time.perf_counter() - start)
    if "--ocr" in sys.argv:
        at = sys.argv.index("--ocr")
        count = int(sys.argv[at + 1]) if at + 1 < len(sys.argv) and sys.argv[at + 1].isdigit() else 5
        ocr_accuracy(pdf, count)


if __name__ == "__main__":
    main()
