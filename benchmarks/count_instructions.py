"""CPU instructions a document costs in each ingest stage, counted by Valgrind's callgrind.

Wall-clock figures on a shared virtual machine move by 10 % between runs and by a factor of two
between machines; instruction counts do neither, so this is the figure to compare two versions
of the code by. Each stage is counted as the difference between a run over ``--large`` documents
and one over ``--small`` (which cancels start-up and imports), divided by the documents between:

- read+extract, check, flatten: each in one process, documents cumulatively (extract; extract +
  check; extract + check + flatten), the stage being the difference;
- write: flattened records written to a new SQLite file in batches of 10, minus the same run
  that does not write.

Run: ``python benchmarks/count_instructions.py`` (needs ``valgrind``: ``apt-get install valgrind``;
about 5 minutes on two cores: code runs 50 times slower under Valgrind). ``--stage`` runs one process of a
count by itself (used by the main run).
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

STAGES = ("extract", "check", "flatten", "write")


def run_stage(folder: Path, n: int, stage: str) -> None:
    """The work counted: the first ``n`` documents of ``folder`` up to ``stage``."""
    from budgetlens.batch.runner import _GC_THRESHOLD
    from budgetlens.check import check
    from budgetlens.extract import parse_file
    from budgetlens.store.db import open_engine
    from budgetlens.store.records import DocumentRecord, flatten
    from budgetlens.store.repository import write_records

    gc.set_threshold(*_GC_THRESHOLD)
    files = sorted(folder.glob("*.txt"))[:n]
    records: list[DocumentRecord] = []
    for f in files:
        d = parse_file(f)
        if stage == "extract":
            continue
        report = check(d)
        if stage != "check":
            records.append(flatten(d, report))
    if stage == "write":
        with tempfile.TemporaryDirectory() as tmp:
            engine = open_engine(f"sqlite:///{tmp}/count.db")
            for i in range(0, len(records), 10):
                write_records(engine, records[i:i + 10])
            engine.dispose()


def count(folder: Path, n: int, stage: str) -> int:
    """Instructions callgrind counts for one process doing ``stage`` on ``n`` documents."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same set and dict layouts in every run
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
         "--stage", stage, "--folder", str(folder), "--n", str(n)],
        capture_output=True, text=True, env=env, check=True)
    m = re.search(r"Collected\s*:\s*(\d+)", out.stderr)
    if m is None:
        raise SystemExit(f"callgrind printed no count:\n{out.stderr[-2000:]}")
    return int(m.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--large", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        run_stage(args.folder, args.n, args.stage)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    import corpus

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        corpus.write(args.large, folder, seed=args.seed)
        between = args.large - args.small
        jobs = [(stage, n) for stage in STAGES for n in (args.small, args.large)]
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # each count is one process
            counts = dict(zip(jobs, pool.map(lambda job: count(folder, job[1], job[0]), jobs), strict=True))
        per_doc = {stage: (counts[stage, args.large] - counts[stage, args.small]) / between for stage in STAGES}
    stages = {
        "read+extract": per_doc["extract"],
        "check": per_doc["check"] - per_doc["extract"],
        "flatten": per_doc["flatten"] - per_doc["check"],
        "write": per_doc["write"] - per_doc["flatten"],
    }
    print(f"M instructions a document ({between} documents, callgrind): "
          + "  ".join(f"{k} {v / 1e6:.1f}" for k, v in stages.items())
          + f"  total {per_doc['write'] / 1e6:.1f}")


if __name__ == "__main__":
    main()
