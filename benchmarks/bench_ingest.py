"""Ingest throughput: documents/second with 1 and 2 processes and with a Dask LocalCluster.

Run: ``python benchmarks/bench_ingest.py --n 2000``. Writes a corpus (benchmarks/corpus.py) to a
temporary folder, ingests it into fresh SQLite files (parse + check + store) and prints the
rate, peak RSS of the parent and of the worker processes, and the database size.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

from budgetlens.batch.runner import ingest
from budgetlens.store.db import open_engine


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def run(label: str, folder: Path, db: Path, **kwargs: object) -> None:
    engine = open_engine(f"sqlite:///{db}")
    start = time.perf_counter()
    summary = ingest([folder], engine, **kwargs)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    engine.dispose()
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 2**20
    print(f"{label:<14} {summary.stored:>6} docs  {seconds:7.1f} s  {summary.stored / seconds:7.1f} docs/s  "
          f"failed {len(summary.failed)}  db {size:7.1f} MB  peak RSS parent {_rss_mb(resource.RUSAGE_SELF):.0f} MB"
          f" / children {_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        corpus.write(args.n, folder)
        run("1 process", folder, Path(tmp) / "one.db", workers=1)
        run("2 processes", folder, Path(tmp) / "two.db", workers=2)
        if not args.no_dask:
            from distributed import Client, LocalCluster

            with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
                    Client(cluster) as client:
                run("dask 2 workers", folder, Path(tmp) / "dask.db", dask=client)


if __name__ == "__main__":
    main()
