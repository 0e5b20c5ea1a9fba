"""Run read → extract → check → flatten over many files and write the results to the store.

Parsing and checking run in a process pool (or on a Dask cluster); the parent process alone
writes to the database, in batches, one transaction a batch, in input order (so that when
several files are versions of one document the last one named wins, whatever the scheduling).
A file that cannot be read, extracted or checked is reported and skipped; it never stops the run.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import stat
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from budgetlens.errors import BudgetlensError
from budgetlens.store.records import DocumentRecord, flatten
from budgetlens.store.repository import Outcome, WriteResult, write_records

# Extensions gathered from folders (the formats budgetlens.read handles; it sniffs the content);
# files named explicitly are always tried.
SUFFIXES = frozenset({".txt", ".docx", ".xlsx", ".xls", ".ods", ".odt", ".doc", ".wps", ".pdf", ".html", ".htm",
                      ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"})
BATCH_SIZE = 50
# a file whose processing killed its process (out of memory, a crash in C code, killed)
_DIED = "处理进程异常退出（可能内存不足或被终止），本文件未入库"


@dataclass(frozen=True, slots=True)
class Processed:
    """What a worker sends back: a record, or the one-line reason the file was skipped."""

    label: str
    record: DocumentRecord | None = None
    error: str | None = None


@dataclass
class Summary:
    files: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    outdated: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def stored(self) -> int:
        return self.added + self.replaced + self.unchanged + self.outdated

    def count(self, result: WriteResult) -> None:
        if result.outcome is Outcome.ADDED:
            self.added += 1
        elif result.outcome is Outcome.REPLACED:
            self.replaced += 1
        elif result.outcome is Outcome.UNCHANGED:
            self.unchanged += 1
        elif result.outcome is Outcome.OUTDATED:
            self.outdated += 1
        else:
            self.failed.append((result.label, result.error or "写入失败"))


def collect(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to ingest (folders walked recursively, sorted) and the paths that do not exist."""
    files: list[Path] = []
    missing: list[tuple[str, str]] = []
    # a file named twice (or reached by two paths, links included) is one file: its device and
    # inode, from the one stat call that also tells a file from a folder (resolving every path
    # cost a system call per path component)
    seen: set[tuple[int, int]] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(((f, st) for f in p.rglob("*") if f.suffix.lower() in SUFFIXES
                            and (st := _regular_file(f)) is not None), key=lambda item: item[0])
        elif (st := _regular_file(p)) is not None:
            found = [(p, st)]
        else:
            missing.append((str(p), "文件或文件夹不存在"))
            continue
        for f, st in found:
            key = (st.st_dev, st.st_ino)
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, missing


def _regular_file(path: Path) -> os.stat_result | None:
    """The stat of a regular file (links followed); None for anything else or what cannot be read."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st if stat.S_ISREG(st.st_mode) else None


# Parsing a document makes tens of thousands of short-lived objects, nearly all freed by reference
# counting; with the default thresholds the cyclic collector runs every 700 allocations and keeps
# walking the long-lived ones (modules, reference lists, compiled patterns) and the documents in
# flight. Each young collection walks what is alive at that moment, about as much at 50,000 as at
# 10,000, so collecting rarer costs less in all: measured with gc.callbacks over 280 generated
# documents (one-off), 17 collections and 0.30 ms a document at 10,000, 2 and 0.01 ms at 50,000.
# Memory stays bounded: parsing makes few reference cycles, and they are still collected. Worker
# processes also freeze what was loaded before the work out of the walks of the older generations.
_GC_THRESHOLD = (50_000, 20, 50)
_tuned = False


def tune_gc() -> None:
    """Set up a worker process for batch work (idempotent): see ``_GC_THRESHOLD``."""
    global _tuned
    if not _tuned:
        _tuned = True
        gc.freeze()
        gc.set_threshold(*_GC_THRESHOLD)


@contextlib.contextmanager
def _tuned_gc() -> Iterator[None]:
    """The same for the calling process during one ingest, restored afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(*_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def process_bytes(data: bytes, name: str) -> Processed:
    """Parse, check and flatten one document given as bytes (runs in a worker)."""
    from budgetlens.check import check
    from budgetlens.extract import extract
    from budgetlens.read import read_bytes

    try:
        disclosure = extract(read_bytes(data, name))
        report = check(disclosure)
        return Processed(name, flatten(disclosure, report))
    except BudgetlensError as exc:
        return Processed(name, error=exc.message)
    except Exception as exc:  # a bug must not stop the batch; report it on one line
        return Processed(name, error=f"处理时发生内部错误（{type(exc).__name__}：{exc}）")


Processor = Callable[[bytes, str], Processed]


def _unreadable(name: str, exc: OSError) -> Processed:
    return Processed(name, error=f"无法读取文件（{exc.strerror or exc}）")


def process_path(path: str, process: Processor = process_bytes) -> Processed:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return _unreadable(path, exc)
    return process(data, path)


def _window(workers: int, batch_size: int = BATCH_SIZE) -> int:
    """How many files may be in flight at once: bounded for memory, yet enough to keep workers busy.

    While the parent writes a batch, workers go on with what was submitted; with fewer than a
    batch in flight they would sit idle for the whole write.
    """
    return max(4, 4 * workers) + batch_size


def _isolated(name: str, process: Processor, ctx: Any) -> Processed:
    """Process one file in a process of its own; a crash is reported as this file's error."""
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as alone:
        try:
            return alone.submit(process_path, name, process).result()
        except BrokenProcessPool:
            return Processed(name, error=_DIED)


LOCAL_CHUNK = 4  # files per pool task at most: each task costs a round trip through the pool's queues


def process_paths(names: list[str], process: Processor = process_bytes) -> list[Processed]:
    """Process several files in one task (runs in a worker process)."""
    return [process_path(name, process) for name in names]


def _task_size(files: int, workers: int, most: int) -> int:
    """Files per task: up to ``most``, fewer when there are few files, so that every worker gets some."""
    return max(1, min(most, files // (4 * workers)))


def _chunks(names: list[str], workers: int) -> list[list[str]]:
    """Tasks of up to ``LOCAL_CHUNK`` files (see :func:`_task_size`)."""
    size = _task_size(len(names), workers, LOCAL_CHUNK)
    return [names[i:i + size] for i in range(0, len(names), size)]


def _local(
    files: Sequence[Path], workers: int, process: Processor, batch_size: int = BATCH_SIZE
) -> Iterator[Processed]:
    """Parse in a process pool; at most a window of files in flight, results in input order."""
    names = [str(f) for f in files]
    if workers <= 1 or len(names) <= 1:
        for name in names:
            yield process_path(name, process)
        return
    ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=tune_gc)
    chunks = _chunks(names, workers)
    window = max(1, _window(workers, batch_size) // len(chunks[0]))
    try:
        pending: deque[tuple[list[str], Future[list[Processed]]]] = deque()
        todo = iter(chunks)
        for chunk in todo:
            pending.append((chunk, pool.submit(process_paths, chunk, process)))
            if len(pending) >= window:
                break
        while pending:
            chunk, future = pending.popleft()
            try:
                yield from future.result()
            except BrokenProcessPool:
                # a worker died (killed, out of memory, crashed in C code) and took the pool down:
                # run this task's files alone to find the culprit, then resubmit the other tasks
                pool.shutdown(wait=False, cancel_futures=True)
                for name in chunk:
                    yield _isolated(name, process, ctx)
                pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=tune_gc)
                pending = deque((c, pool.submit(process_paths, c, process)) for c, _ in pending)
            except Exception as exc:  # e.g. a result that cannot be unpickled
                for name in chunk:
                    yield Processed(name, error=f"处理时发生内部错误（{type(exc).__name__}：{exc}）")
            nxt = next(todo, None)
            if nxt is not None:
                pending.append((nxt, pool.submit(process_paths, nxt, process)))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# Files per Dask task: one task per file costs more in scheduling than in parsing. Tasks of 16 were
# 2-5 % faster than tasks of 8, and tasks of 32 (with three tasks a worker in flight) about 5 %
# faster again (one-off, 4,000 documents, alternating runs). Larger tasks once made the parent's
# memory grow all through a run, but that was the comms' message log (DASK_MESSAGE_LOG).
DASK_CHUNK = 32

# Dask's comms keep their last ``distributed.admin.low-level-log-length`` messages (1000 by default)
# for debugging, each of them if under 1 MB, and a message that submits a task carries its files
# (about 9 KB each for the generated text documents). The client's log alone made the parent grow
# by about 10 MB every 1,000 documents (one-off, LocalCluster of 2 workers, tasks of 8 files); the
# client made here keeps only a few. A scheduler keeps such a log for each worker too: set the
# same key lower where it runs (docs/store.md).
DASK_MESSAGE_LOG = 16
DASK_WORKER_WAIT = 60.0  # seconds to wait for a first worker when the scheduler has none


def connect(address: str, timeout: str = "20s") -> Any:
    """A Dask client of the scheduler at ``address``, keeping only a few of its sent messages."""
    import dask
    from distributed import Client

    try:
        with dask.config.set({"distributed.admin.low-level-log-length": DASK_MESSAGE_LOG}):
            return Client(address, timeout=timeout)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise BudgetlensError(f"无法连接 Dask 调度器（{exc}）", address) from None
    except ValueError as exc:  # no port, an unknown scheme: Dask parses the address before connecting
        raise BudgetlensError(f"Dask 调度器地址无效，应形如 tcp://主机:8786（{exc}）", address) from None


def process_chunk(items: list[tuple[bytes, str]], process: Processor = process_bytes) -> list[Processed]:
    """Process several files in one task (runs on a Dask worker)."""
    tune_gc()
    return [process(data, name) for data, name in items]


def _dask_error(exc: BaseException) -> str:
    from distributed import KilledWorker

    return _DIED if isinstance(exc, KilledWorker) else f"Dask 任务失败（{type(exc).__name__}：{exc}）"


def _after_failure(client: Any, names: list[str], exc: BaseException, process: Processor) -> list[Processed]:
    """The results of a Dask task that failed as a whole.

    When its worker died (Dask gave up after its allowed retries), each file runs again as a task
    of its own, one after another, so that only the file that kills a worker is lost, as with the
    process pool. One at a time, none of these files runs beside the culprit when it kills its
    worker again; a task in flight that it takes down fails in turn and comes here too. The files
    are read again rather than kept, so the parent holds no window of file contents. Any other
    failure would recur for every file: all are reported.
    """
    from distributed import KilledWorker

    if not isinstance(exc, KilledWorker) or len(names) == 1:
        return [Processed(name, error=_dask_error(exc)) for name in names]
    results: list[Processed] = []
    for name in names:
        try:
            future = client.submit(process_chunk, [(Path(name).read_bytes(), name)], process, pure=False)
        except OSError as err:
            results.append(_unreadable(name, err))
            continue
        try:
            [result] = future.result()
        except Exception as err:
            result = Processed(name, error=_dask_error(err))
        future.release()
        results.append(result)
    return results


def _dask(files: Sequence[Path], address: str | Any, process: Processor,
          batch_size: int = BATCH_SIZE) -> Iterator[Processed]:
    """Parse on a Dask cluster; bytes are shipped so workers need not share the filesystem.

    Files go in chunks of up to ``DASK_CHUNK``, at most a window of files in flight (so the parent's
    memory stays flat whatever the number of files); results are taken in input order so that
    the store ends up the same as after a local run.
    """
    try:
        import distributed  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise BudgetlensError("未安装 dask[distributed]，无法使用 --dask（pip install 'budgetlens[dask]'）") from None
    own = isinstance(address, str)
    client: Any = connect(address) if own else address
    try:
        n_workers = len(client.scheduler_info().get("workers", {}))
        if n_workers == 0:  # tasks would wait, silently, for a worker that may never come
            try:
                client.wait_for_workers(1, timeout=DASK_WORKER_WAIT)
            except TimeoutError:
                raise BudgetlensError(f"Dask 调度器在 {DASK_WORKER_WAIT:g} 秒内没有可用的工作进程（worker），"
                                      "请先启动 dask worker", str(address)) from None
            n_workers = len(client.scheduler_info().get("workers", {})) or 1
        chunk = _task_size(len(files), n_workers, DASK_CHUNK)
        # three tasks a worker, so that none waits while the parent takes the results in order;
        # finished results wait on the workers, the parent holds one task's at a time
        window = max(_window(n_workers, batch_size), 3 * chunk * n_workers)
        pending: deque[tuple[list[str], Any]] = deque()
        in_flight = 0
        todo = iter(files)

        def submit_chunk() -> tuple[list[Processed], bool]:
            """Read and submit the next chunk: the files that could not be read, and whether any
            file was taken (when none was, all have been)."""
            nonlocal in_flight
            items: list[tuple[bytes, str]] = []
            unreadable: list[Processed] = []
            for f in todo:
                try:
                    items.append((f.read_bytes(), str(f)))
                except OSError as exc:
                    unreadable.append(_unreadable(str(f), exc))
                if len(items) >= chunk:
                    break
            if items:
                names = [name for _, name in items]
                pending.append((names, client.submit(process_chunk, items, process, pure=False)))
                in_flight += len(names)
            return unreadable, bool(items or unreadable)

        more = True
        while more and in_flight < window:
            bad, more = submit_chunk()
            yield from bad
        while pending:
            names, future = pending.popleft()
            try:
                results: list[Processed] = future.result()
            except Exception as exc:
                results = _after_failure(client, names, exc, process)
            future.release()
            in_flight -= len(names)
            yield from results
            while more and in_flight < window:
                bad, more = submit_chunk()
                yield from bad
    finally:
        if own:
            client.close()


def ingest(
    paths: Iterable[str | Path],
    engine: Engine,
    workers: int = 1,
    dask: str | Any | None = None,
    batch_size: int = BATCH_SIZE,
    on_file: Callable[[Processed], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    process: Processor = process_bytes,
) -> Summary:
    """Ingest files and folders into the store; returns counts and the files that failed.

    ``process`` turns a file's bytes into a record (parse + check + flatten by default); it
    must be a module-level function so that worker processes and Dask can pickle it.
    """
    start = time.perf_counter()
    files, missing = collect(paths)
    summary = Summary(files=len(files) + len(missing), failed=list(missing))
    if on_start is not None:
        on_start(len(files))
    stream = (_dask(files, dask, process, batch_size) if dask is not None
              else _local(files, workers, process, batch_size))
    with _tuned_gc():
        _write_stream(stream, engine, summary, batch_size, on_file)
    summary.seconds = time.perf_counter() - start
    return summary


def _write_stream(stream: Iterator[Processed], engine: Engine, summary: Summary, batch_size: int,
                  on_file: Callable[[Processed], None] | None) -> None:
    batch: list[DocumentRecord] = []
    for item in stream:
        if item.record is not None:
            batch.append(item.record)
        else:
            summary.failed.append((item.label, item.error or "未知错误"))
        if on_file is not None:
            on_file(item)
        if len(batch) >= batch_size:
            for result in write_records(engine, batch):
                summary.count(result)
            batch = []
    for result in write_records(engine, batch):
        summary.count(result)
