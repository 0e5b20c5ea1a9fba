"""Median time to parse and check one seed document (target: < 100 ms each).

Run: ``python benchmarks/bench_check.py [--repeat N]``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from budgetlens.check import check
from budgetlens.extract import parse_file

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("paths", nargs="*", type=Path)
    args = ap.parse_args()
    files = args.paths or sorted(SEEDS.glob("*.txt"))
    if not files:
        print("no documents found")
        return
    for f in files:  # warm-up: imports, reference data, templates
        check(parse_file(f))
    print(f"{'file':<28}{'parse ms':>10}{'check ms':>10}{'total ms':>10}{'findings':>10}")
    totals = []
    for f in files:
        parse_t, check_t, n = [], [], 0
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            d = parse_file(f)
            t1 = time.perf_counter()
            rep = check(d)
            t2 = time.perf_counter()
            parse_t.append((t1 - t0) * 1000)
            check_t.append((t2 - t1) * 1000)
            n = len(rep.findings)
        p, c = statistics.median(parse_t), statistics.median(check_t)
        totals.append(p + c)
        print(f"{f.name:<28}{p:>10.1f}{c:>10.1f}{p + c:>10.1f}{n:>10}")
    print(f"median over documents: {statistics.median(totals):.1f} ms (parse + check)")


if __name__ == "__main__":
    main()
