"""Against a live uvicorn server on 127.0.0.1: what TestClient cannot show (it buffers requests)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.conftest import EXAMPLE_ERRORS, make_settings

MiB = 1024 * 1024


class BodyMeter:
    """Outermost ASGI wrapper that counts the request body bytes the app actually asked for."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.read: dict[str, int] = {}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        key = scope["path"]
        self.read[key] = 0

        async def metered() -> Any:
            message = await receive()
            if message["type"] == "http.request":
                self.read[key] += len(message.get("body", b""))
            return message

        await self.app(scope, metered, send)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def meter(tmp_path_factory: pytest.TempPathFactory) -> BodyMeter:
    from budgetlens.web.app import create_app

    tmp = tmp_path_factory.mktemp("live")
    # body limit: 2 files × 1 MiB + 1 MiB of form overhead = 3 MiB
    return BodyMeter(create_app(make_settings(tmp, workers=0, max_upload_bytes=MiB, max_files=2)))


@pytest.fixture(scope="module")
def server(meter: BodyMeter) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(meter, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=30)


def test_chunked_upload_stops_being_read_past_the_limit(server: str, meter: BodyMeter) -> None:
    boundary = "bl-live-boundary"
    sent = 0

    def body() -> Iterator[bytes]:
        nonlocal sent
        yield (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
               "Content-Type: text/plain\r\n\r\n").encode()
        for _ in range(2048):  # 128 MiB if the server kept reading
            sent += 64 * 1024
            yield b"x" * (64 * 1024)
        yield f"\r\n--{boundary}--\r\n".encode()

    status: int | None = None
    try:
        r = httpx.post(server + "/api/check", content=body(), timeout=30,
                       headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        status = r.status_code
        assert r.json()["detail"] == "请求过大（上限 3.0 MB）"
    except (httpx.WriteError, httpx.RemoteProtocolError, httpx.ReadError):
        pass  # the server answered 413 and closed the connection while the client was still sending
    assert status in (413, None)
    # the app stopped reading just past 3 MiB (uvicorn may drain and drop the rest of the stream)
    assert sent > 4 * MiB
    assert 3 * MiB < meter.read["/api/check"] <= 3 * MiB + 256 * 1024
    # and the server is unharmed
    ok = httpx.post(server + "/api/check", files={"file": (EXAMPLE_ERRORS.name, EXAMPLE_ERRORS.read_bytes())},
                    timeout=60)
    assert ok.status_code == 200
    assert len(ok.json()["report"]["findings"]) == 7


def test_declared_oversized_body_refused_before_reading(server: str) -> None:
    r = httpx.post(server + "/api/check", files={"file": ("big.txt", b"x" * (4 * MiB), "text/plain")}, timeout=30)
    assert r.status_code == 413
    assert r.json()["detail"] == "请求过大（上限 3.0 MB）"
    assert r.headers["content-security-policy"].startswith("default-src 'self'")


def test_security_headers_on_pages(server: str, tmp_path: Path) -> None:
    r = httpx.get(server + "/", timeout=10)
    assert r.status_code == 200
    assert r.headers["x-frame-options"] == "DENY"
    assert "samesite=strict" in r.headers["set-cookie"].lower()
    assert httpx.get(server + "/api/health", timeout=10).headers["cache-control"] == "no-store"
