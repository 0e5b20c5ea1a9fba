"""Load benchmark of the web API: N check requests against a local server, bounded concurrency.

Starts the app (uvicorn with ``budgetlens.web.app:create_app``, configured from the same
environment variables as ``budgetlens serve``) on 127.0.0.1 (a free port, a temporary store), sends ``--requests``
POST /api/check uploads (default 200) with at most ``--concurrency`` in flight (httpx async),
and prints throughput, latency percentiles, errors and the server's RSS (server process plus
its worker processes, read from /proc). Figures only, no assertions.

    python benchmarks/bench_web.py [--requests 200] [--concurrency 200] [--workers 4] [--file PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT / "examples" / "yunxi_2024_budget_errors.txt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB (Linux /proc)."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            with open(f"/proc/{p}/task/{p}/children", encoding="ascii") as fh:
                todo.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


async def run(url: str, data: bytes, name: str, n: int, concurrency: int, pid: int) -> None:
    sem = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    errors: dict[str, int] = {}
    peak = 0

    async def one(client: httpx.AsyncClient) -> None:
        async with sem:
            t0 = time.perf_counter()
            try:
                r = await client.post("/api/check", files={"file": (name, data, "text/plain")})
                if r.status_code != 200:
                    errors[str(r.status_code)] = errors.get(str(r.status_code), 0) + 1
            except httpx.HTTPError as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
            latencies.append(time.perf_counter() - t0)

    async def sample() -> None:
        nonlocal peak
        while True:
            peak = max(peak, rss_kib(pid))
            await asyncio.sleep(0.1)

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        await client.post("/api/check", files={"file": (name, data, "text/plain")})  # warm the worker pool
        idle = rss_kib(pid)
        sampler = asyncio.create_task(sample())
        t0 = time.perf_counter()
        await asyncio.gather(*(one(client) for _ in range(n)))
        wall = time.perf_counter() - t0
        sampler.cancel()
    lat = sorted(latencies)
    p95 = lat[max(0, int(len(lat) * 0.95) - 1)]
    print(f"requests          {n} (concurrency {concurrency}, file {name}, {len(data)} bytes)")
    print(f"wall time         {wall:.2f} s")
    print(f"throughput        {n / wall:.1f} requests/s")
    print(f"latency p50       {statistics.median(lat) * 1000:.0f} ms")
    print(f"latency p95       {p95 * 1000:.0f} ms")
    print(f"latency max       {lat[-1] * 1000:.0f} ms")
    print(f"errors            {sum(errors.values())} {errors if errors else ''}")
    print(f"server RSS idle   {idle / 1024:.0f} MiB (server + workers)")
    print(f"server RSS peak   {max(peak, idle) / 1024:.0f} MiB (server + workers)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=200)
    ap.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1))
    ap.add_argument("--file", type=Path, default=DEFAULT_FILE)
    args = ap.parse_args()
    if not 1 <= args.requests <= 5000 or not 1 <= args.concurrency <= 256:
        ap.error("requests must be 1–5000 and concurrency 1–256")
    data = args.file.read_bytes()
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, BUDGETLENS_DB=str(Path(tmp) / "bench.db"), BUDGETLENS_UPLOAD_DIR=tmp,
                   BUDGETLENS_WORKERS=str(args.workers))
        cmd = [sys.executable, "-m", "uvicorn", "--factory", "budgetlens.web.app:create_app", "--host", "127.0.0.1",
               "--port", str(port), "--log-level", "warning", "--no-access-log"]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit("server did not start")
                time.sleep(0.2)
            print(f"server            {url} (pid {proc.pid}, {args.workers} worker processes, CPUs {os.cpu_count()})")
            asyncio.run(run(url, data, args.file.name, args.requests, args.concurrency, proc.pid))
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
