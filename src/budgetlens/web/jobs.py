"""Background batches: many uploads read and checked in the worker pool, progress polled."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from budgetlens.web.processing import Analysis, Runner
from budgetlens.web.uploads import ResultCache, new_id

# Called with each finished analysis; returns extra fields for the item (e.g. a stored document id).
OnResult = Callable[[Analysis], dict[str, Any]]

STATE_LABELS = {"queued": "排队中", "running": "处理中", "done": "完成", "failed": "失败"}


@dataclass
class JobItem:
    name: str
    path: Path
    state: str = "queued"
    result_id: str | None = None
    findings: int = 0
    errors: int = 0
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "state": self.state, "state_label": STATE_LABELS[self.state],
                "result_id": self.result_id, "findings": self.findings, "errors": self.errors,
                "error": self.error, **self.extra}


@dataclass
class Job:
    id: str
    kind: str
    items: list[JobItem]
    created: float = field(default_factory=time.time)
    finished: float | None = None

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.state in {"done", "failed"})

    @property
    def complete(self) -> bool:
        return self.done == len(self.items)

    def as_dict(self) -> dict[str, Any]:
        total = len(self.items)
        return {"id": self.id, "kind": self.kind, "total": total, "done": self.done,
                "complete": self.complete, "percent": round(100 * self.done / total) if total else 100,
                "items": [i.as_dict() for i in self.items]}


class JobManager:
    """Runs jobs on a few threads that feed the process pool; keeps the latest ``capacity`` jobs."""

    def __init__(self, runner: Runner, results: ResultCache, capacity: int = 200) -> None:
        self.runner = runner
        self.results = results
        self.capacity = capacity
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._threads = ThreadPoolExecutor(max_workers=max(1, runner.workers) * 2,
                                           thread_name_prefix="budgetlens-job")

    def submit(self, kind: str, files: list[tuple[str, Path]], on_result: OnResult | None = None) -> Job:
        job = Job(id=new_id(), kind=kind, items=[JobItem(name=n, path=p) for n, p in files])
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self.capacity:
                self._jobs.popitem(last=False)
        for item in job.items:
            self._threads.submit(self._run_item, job, item, on_result)
        return job

    def _run_item(self, job: Job, item: JobItem, on_result: OnResult | None) -> None:
        item.state = "running"
        try:
            analysis = self.runner.run_sync(item.path, item.name)
            item.result_id = self.results.add(analysis)
            item.findings = len(analysis.report.findings)
            item.errors = sum(1 for f in analysis.report.findings if f.severity.value == "error")
            item.error = analysis.report.error
            if on_result is not None and analysis.ok:
                item.extra = on_result(analysis)
            item.state = "done" if analysis.ok else "failed"
        except Exception as exc:  # a failure of one file never stops the batch
            item.error = f"{item.name}：处理时出现内部错误（{type(exc).__name__}）"
            item.state = "failed"
        finally:
            item.path.unlink(missing_ok=True)
            if job.complete and job.finished is None:
                job.finished = time.time()

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)
