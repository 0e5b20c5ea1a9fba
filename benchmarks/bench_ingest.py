"""Ingest throughput and memory: parse + check + store of N generated documents on SQLite.

Run: ``python benchmarks/bench_ingest.py --n 10000`` (default), or smaller, e.g. ``--n 1000``.
Writes a corpus (``benchmarks/corpus.py``) to a temporary folder, then ingests it into a fresh
SQLite file with 1 process, 2 processes and a Dask ``LocalCluster`` of 2 worker processes, and
prints for each: documents per second (and per core), the CPU time a document costs the parent
and (local runs) the worker processes, the parent's RSS sampled at each quarter of
the run (flat when memory does not grow with N), the peak RSS of the parent and of the worker
processes, and the database size (main file + WAL). ``--stages`` also times the stages of one
process (read+extract, check, flatten, write) on 200 documents, after a warm-up of 20.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

import corpus
import psutil

from budgetlens.batch.runner import Processed, ingest
from budgetlens.store.db import open_engine

MB = 2**20


class Sampler:
    """Samples the RSS of this process and of all its descendants every 0.2 s (descendants listed
    anew every 2 s)."""

    def __init__(self) -> None:
        self.me = psutil.Process()
        self.parent_peak = 0
        self.worker_peak = 0  # the largest single worker
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        children: list[psutil.Process] = []
        listed = 0.0
        while not self._stop.is_set():
            self.parent_peak = max(self.parent_peak, self.me.memory_info().rss)
            # listing the children reads every process of the machine from /proc: every 2 s only,
            # or the sampler would take a few per cent of a core from the run it measures
            if time.monotonic() - listed >= 2.0:
                with contextlib.suppress(psutil.Error):
                    children = self.me.children(recursive=True)
                listed = time.monotonic()
            for child in children:
                with contextlib.suppress(psutil.Error):
                    self.worker_peak = max(self.worker_peak, child.memory_info().rss)
            self._stop.wait(0.2)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def run(label: str, folder: Path, db: Path, n: int, cores: int, **kwargs: Any) -> None:
    engine = open_engine(f"sqlite:///{db}")
    quarters: list[float] = []
    quarter_times: list[float] = []
    done = 0
    me = psutil.Process()

    def on_file(_: Processed) -> None:
        nonlocal done
        done += 1
        if done * 4 >= (len(quarters) + 1) * n:
            quarters.append(me.memory_info().rss / MB)
            quarter_times.append(time.perf_counter())

    children_before = _children_cpu()
    live_before = _live_children_cpu()
    with Sampler() as sampler:
        start = time.perf_counter()
        cpu_start = time.process_time()
        summary = ingest([folder], engine, on_file=on_file, **kwargs)
        seconds = time.perf_counter() - start
        parent_cpu = time.process_time() - cpu_start
    # the pool's workers have exited by now and count as reaped children; Dask's (the cluster's
    # nannies and workers) are still running, and are asked for their own CPU times
    workers_cpu = _live_children_cpu() - live_before if "dask" in kwargs else _children_cpu() - children_before
    engine.dispose()
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / MB
    rate = summary.stored / seconds
    print(f"{label:<16} {summary.stored:>6} docs {seconds:8.1f} s {rate:7.1f} docs/s ({rate / cores:6.1f}/core)  "
          f"failed {len(summary.failed)}  db {size:7.1f} MB ({size * 1024 / max(summary.stored, 1):.0f} KB/doc)")
    laps = [b - a for a, b in zip([start, *quarter_times], quarter_times, strict=False)]
    print(f"{'':<16} docs/s by quarter {' / '.join(f'{n / 4 / lap:.1f}' for lap in laps)}")
    print(f"{'':<16} parent RSS by quarter {' / '.join(f'{q:.0f}' for q in quarters)} MB; "
          f"peak parent {sampler.parent_peak / MB:.0f} MB, largest worker {sampler.worker_peak / MB:.0f} MB")
    per_doc = 1e3 / max(summary.stored, 1)
    workers = f", worker processes {workers_cpu * per_doc:.1f} ms"
    print(f"{'':<16} CPU a document: parent {parent_cpu * per_doc:.1f} ms (with the RSS sampler){workers}")


def _live_children_cpu() -> float:
    """CPU seconds (user + system) of this process's running descendants."""
    total = 0.0
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            times = child.cpu_times()
            total += times.user + times.system
    return total


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's exited and reaped children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def stages(folder: Path, db: Path, limit: int = 200) -> None:
    """Each stage over ``limit`` documents held in memory, after a warm-up of 20, with the garbage
    collector set as the batch runner sets it."""
    import gc

    from budgetlens.batch.runner import _GC_THRESHOLD
    from budgetlens.check import check
    from budgetlens.extract import parse_file
    from budgetlens.store.records import flatten
    from budgetlens.store.repository import write_records

    files = sorted(folder.glob("*.txt"))
    for f in files[:20]:
        d = parse_file(f)
        flatten(d, check(d))
    files = files[20:20 + limit]
    before = gc.get_threshold()
    gc.set_threshold(*_GC_THRESHOLD)
    try:
        t0 = time.perf_counter()
        ds = [parse_file(f) for f in files]
        t1 = time.perf_counter()
        rs = [check(d) for d in ds]
        t2 = time.perf_counter()
        recs = [flatten(d, r) for d, r in zip(ds, rs, strict=True)]
        t3 = time.perf_counter()
        engine = open_engine(f"sqlite:///{db}")
        t4 = time.perf_counter()
        for i in range(0, len(recs), 50):
            write_records(engine, recs[i:i + 50])
        t5 = time.perf_counter()
        engine.dispose()
    finally:
        gc.set_threshold(*before)
    n = len(files)
    print(f"stages (ms/doc, 1 process, {n} docs, warm): read+extract {(t1 - t0) / n * 1e3:.1f}  check "
          f"{(t2 - t1) / n * 1e3:.1f}  flatten {(t3 - t2) / n * 1e3:.1f}  write {(t5 - t4) / n * 1e3:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="documents to generate and ingest")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--runs", default="1,2,dask", help="which runs, comma-separated: 1, 2, dask")
    parser.add_argument("--stages", action="store_true", help="also time each stage in one process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        t = time.perf_counter()
        corpus.write(args.n, folder, seed=args.seed)
        print(f"corpus: {args.n} documents in {time.perf_counter() - t:.1f} s "
              f"({sum(p.stat().st_size for p in folder.iterdir()) / MB:.1f} MB); {psutil.cpu_count()} CPUs")
        if args.stages:
            stages(folder, Path(tmp) / "stages.db")
        runs = set(args.runs.split(","))
        if "1" in runs:
            run("1 process", folder, Path(tmp) / "one.db", args.n, 1, workers=1)
        if "2" in runs:
            run("2 processes", folder, Path(tmp) / "two.db", args.n, 2, workers=2)
        if "dask" in runs and not args.no_dask:
            import dask
            from distributed import LocalCluster

            from budgetlens.batch.runner import DASK_MESSAGE_LOG

            # the scheduler runs in this process and would keep its last 1000 messages to each
            # worker, files included (see DASK_MESSAGE_LOG); set lower as docs/store.md advises
            with dask.config.set({"distributed.admin.low-level-log-length": DASK_MESSAGE_LOG}), \
                    LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
                # by address, as `budgetlens ingest --dask` does
                run("dask 2 workers", folder, Path(tmp) / "dask.db", args.n, 2, dask=cluster.scheduler_address)


if __name__ == "__main__":
    main()
