"""Reading and checking uploads: sniffing, the read→extract→check pipeline, and a worker pool
with a per-file time limit.

The pipeline itself belongs to the other stages (``budgetlens.read``, ``budgetlens.extract``,
``budgetlens.check``); this module only runs it on an uploaded file, away from the event loop,
and turns every failure into a report that says what went wrong.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import multiprocessing
import re
import threading
import unicodedata
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from budgetlens.check import Report, check
from budgetlens.errors import BudgetlensError
from budgetlens.extract import extract
from budgetlens.model import Disclosure
from budgetlens.read import ReadResult, read_bytes
from budgetlens.read import sniff as _sniff
from budgetlens.read.encoding import looks_binary

# File-name suffixes accepted for upload (the content decides the reader, see budgetlens.read.sniff).
SUFFIXES: tuple[str, ...] = (".txt", ".docx", ".doc", ".wps", ".xlsx", ".xls", ".pdf", ".html", ".htm",
                             ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")
# Contents no reader takes, with the reason shown to the user.
_UNREADABLE = {
    _sniff.ZIP_OTHER: "内容是压缩包或不支持的格式（如 OFD），请解压或另存为 PDF/Word/Excel 后再上传",
    _sniff.OLE_ENCRYPTED: "文件已加密（有密码保护），请先取消密码再上传",
    _sniff.OLE_OTHER: "内容是无法识别的 Office 97-2003 文件（不是 Word/Excel/WPS 文档）",
}


class UploadRejected(BudgetlensError):
    """An upload is refused before it is read (type, size, count). ``status`` is the HTTP code."""

    def __init__(self, message: str, path: str | None = None, status: int = 400) -> None:
        self.status = status
        super().__init__(message, path)


def safe_name(client_name: str | None) -> str:
    """A display label for a client-supplied file name: last path part, no control characters.

    The label is shown to users and written into locations; it is never used as a path on disk.
    """
    name = (client_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    name = re.sub(r"\s+", " ", name)[:120]
    return name or "未命名文件"


def check_type(data: bytes, name: str) -> str:
    """Refuse a file whose name is not a document's or whose content no reader takes.

    The format is sniffed from the content by the readers' sniffer (a misnamed file, e.g. an
    HTML page saved as .xls, is read by what it is). Returns that format.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        allowed = "、".join(SUFFIXES)
        raise UploadRejected(f"不支持的文件类型「{suffix or '无扩展名'}」，可上传：{allowed}", name, status=415)
    if not data:
        raise UploadRejected("文件为空", name, status=400)
    found = _sniff.sniff(data)
    if found in _UNREADABLE:
        raise UploadRejected(_UNREADABLE[found], name, status=415)
    if found == _sniff.TXT and looks_binary(data):
        raise UploadRejected("文件内容不是可识别的文档格式（含二进制内容）", name, status=415)
    return found


@dataclass
class Analysis:
    """What one upload became: the blocks as read, the disclosure, the report (or an error).

    Crossing from a worker process, the disclosure travels as JSON (pydantic's serializer is far
    faster than pickling the model) and is rebuilt only when a page or the store needs it.
    """

    name: str
    report: Report
    read: ReadResult | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    disclosure_json: str | None = None
    _disclosure: Disclosure | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.report.error is None

    @property
    def disclosure(self) -> Disclosure | None:
        if self._disclosure is None and self.disclosure_json is not None:
            self._disclosure = Disclosure.from_json(self.disclosure_json)
        return self._disclosure

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        d = state.pop("_disclosure", None)
        if d is not None and state.get("disclosure_json") is None:
            state["disclosure_json"] = d.to_json(indent=None)
        state["_disclosure"] = None
        return state


def summarize(name: str, d: Disclosure | None) -> dict[str, Any]:
    """What the API says about a document besides its report."""
    if d is None:
        return {"file": name}
    return {"file": name, "entity": d.entity.name, "entity_code": d.entity.code, "year": d.year,
            "kind": d.kind.value if d.kind else None, "scope": d.scope.value if d.scope else None,
            "title": d.title, "unit": d.unit.value, "tables": len(d.tables), "claims": len(d.claims),
            "targets": len(d.targets)}


def analyze_bytes(data: bytes, name: str) -> Analysis:
    """read → extract → check. A file that cannot be read becomes a report with ``error``."""
    try:
        rr = read_bytes(data, name)
        disclosure = extract(rr)
    except BudgetlensError as exc:
        return Analysis(name=name, report=Report(source=name, error=str(exc)), summary=summarize(name, None))
    except Exception as exc:  # one bad file never stops the server or a batch
        error = f"{name}：处理时出现内部错误（{type(exc).__name__}）"
        return Analysis(name=name, report=Report(source=name, error=error), summary=summarize(name, None))
    try:
        report = check(disclosure)
    except Exception as exc:
        report = Report(source=name, entity=disclosure.entity.name, year=disclosure.year,
                        error=f"{name}：检查时出现内部错误（{type(exc).__name__}）")
    return Analysis(name=name, report=report, read=rr, summary=summarize(name, disclosure), _disclosure=disclosure)


def analyze_path(path: str, name: str) -> Analysis:
    """Worker entry point: the upload stored under a generated name at ``path``, labelled ``name``."""
    return analyze_bytes(Path(path).read_bytes(), name)


def timeout_analysis(name: str, seconds: float) -> Analysis:
    return Analysis(name=name, report=Report(source=name, error=f"{name}：处理超过时限（{seconds:g} 秒），已停止"),
                    summary=summarize(name, None))


class Runner:
    """Runs :func:`analyze_path` in a pool of processes (or threads) with a per-file time limit.

    A process that runs over the limit is killed: the pool is replaced, and tasks of other
    files that were running in it are run again once.
    """

    def __init__(self, workers: int, timeout: float) -> None:
        self.workers = workers
        self.timeout = timeout
        self._lock = threading.Lock()
        self._pool: cf.Executor | None = None

    def _executor(self) -> cf.Executor:
        with self._lock:
            if self._pool is None:
                if self.workers > 0:
                    ctx = multiprocessing.get_context("forkserver")
                    ctx.set_forkserver_preload(["budgetlens.web.processing"])
                    self._pool = cf.ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
                else:
                    self._pool = cf.ThreadPoolExecutor(max_workers=4, thread_name_prefix="budgetlens-check")
            return self._pool

    def _kill(self, pool: cf.Executor) -> None:
        """Replace ``pool`` (if still current) after a task overran, killing its processes."""
        with self._lock:
            if self._pool is not pool:
                return
            self._pool = None
        if isinstance(pool, cf.ProcessPoolExecutor):
            for proc in list((pool._processes or {}).values()):
                proc.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def start(self) -> None:
        """Start the pool now rather than on the first upload."""
        self._executor()

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def run_sync(self, path: Path, name: str) -> Analysis:
        """Blocking: for background job threads."""
        for attempt in range(2):
            pool = self._executor()
            try:
                future = pool.submit(analyze_path, str(path), name)
            except (BrokenProcessPool, RuntimeError):
                self._kill(pool)
                continue
            try:
                return future.result(timeout=self.timeout)
            except cf.TimeoutError:
                if isinstance(pool, cf.ProcessPoolExecutor):
                    self._kill(pool)
                return timeout_analysis(name, self.timeout)
            except BrokenProcessPool:
                self._kill(pool)
                if attempt:
                    break
        return Analysis(name=name, report=Report(source=name, error=f"{name}：处理进程意外退出"),
                        summary=summarize(name, None))

    async def run(self, path: Path, name: str) -> Analysis:
        """Awaitable: for request handlers."""
        for attempt in range(2):
            pool = self._executor()
            try:
                future = pool.submit(analyze_path, str(path), name)
            except (BrokenProcessPool, RuntimeError):
                self._kill(pool)
                continue
            try:
                return await asyncio.wait_for(asyncio.wrap_future(future), timeout=self.timeout)
            except TimeoutError:
                if isinstance(pool, cf.ProcessPoolExecutor):
                    self._kill(pool)
                return timeout_analysis(name, self.timeout)
            except BrokenProcessPool:
                self._kill(pool)
                if attempt:
                    break
        return Analysis(name=name, report=Report(source=name, error=f"{name}：处理进程意外退出"),
                        summary=summarize(name, None))
