"""Median time to read + extract one document (seeds and bundled examples), on one core.

Run: ``python benchmarks/bench_parse.py [--repeat 20]``. Prints one line per document and the
median over all documents. Target (foundation issue): under 50 ms per document.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from budgetlens.extract import parse_file

ROOT = Path(__file__).resolve().parents[1]


def documents() -> list[Path]:
    seeds = ROOT.parent / "shared" / "seeds"
    docs = sorted(seeds.glob("*.txt")) if seeds.is_dir() else []
    return docs + sorted((ROOT / "examples").glob("*.txt"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    medians: list[float] = []
    for path in documents():
        parse_file(path)  # warm caches (regexes, vocabulary)
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            d = parse_file(path)
            times.append(time.perf_counter() - start)
        med = statistics.median(times) * 1000
        medians.append(med)
        rows = sum(len(t.rows) for t in d.tables)
        amounts = sum(len(r.values) for t in d.tables for r in t.rows)
        indicators = sum(len(t.indicators) for t in d.targets)
        print(
            f"{path.name:40s} {path.stat().st_size / 1024:7.1f} KiB  median {med:7.2f} ms  "
            f"tables {len(d.tables):2d} rows {rows:4d} amounts {amounts:4d} claims {len(d.claims):4d} "
            f"targets {len(d.targets):2d} indicators {indicators:4d}"
        )
    print(f"median over {len(medians)} documents: {statistics.median(medians):.2f} ms per document")


if __name__ == "__main__":
    main()
