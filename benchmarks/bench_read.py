"""Reading throughput: PDF text pages/s, OCR pages/s (+ amount-cell accuracy), .docx and .xlsx documents/s.

Run: python benchmarks/bench_read.py [--ocr]
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.read import builders  # noqa: E402

from budgetlens.read import Grid, read_bytes, read_file  # noqa: E402

AMOUNT = re.compile(r"^\d{1,3}(,\d{3})*\.\d{2}$")


def rate(label: str, unit: str, count: int, seconds: float) -> None:
    print(f"{label:<14} {count / seconds:10.1f} {unit}/s  ({count} in {seconds:.2f} s)")


def main() -> None:
    blocks = read_file(ROOT / "examples" / "yunxi_2024_budget.txt").blocks
    docx, xlsx = builders.to_docx(blocks), builders.to_xlsx(blocks)
    pdf = builders.to_pdf(blocks, landscape=frozenset({5}), split=(2, 10))
    for label, data, n in (("docx", docx, 30), ("xlsx", xlsx, 30)):
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
        import pymupdf

        from budgetlens.read.ocr import layout, recognize

        doc = pymupdf.open(stream=pdf)
        image = doc[0].get_pixmap(dpi=300).tobytes("png")
        start = time.perf_counter()
        boxes = recognize(image, "bench.png")
        rate("ocr", "pages", 1, time.perf_counter() - start)
        text_page = [b for b in read_bytes(pdf, "bench.pdf").blocks if isinstance(b, Grid) and b.page == 1]
        expected = [c.text for g in text_page for r in g.rows for c in r if AMOUNT.match(c.text)]
        got = {c.text for b in layout(boxes) if isinstance(b, Grid) for r in b.rows for c in r}
        hits = sum(1 for e in expected if e in got)
        print(f"ocr amount cells recognised exactly: {hits}/{len(expected)} ({hits / max(1, len(expected)):.0%})")


if __name__ == "__main__":
    main()
