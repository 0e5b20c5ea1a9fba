"""Where uploads and their results live while the server runs.

Uploaded bytes are written under generated names in a private temporary folder; the name the
client sent is only a display label. Results are kept in memory, the most recent first, up to
a bound.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

from starlette.datastructures import UploadFile

from budgetlens.web.processing import Analysis, UploadRejected

CHUNK = 64 * 1024


class UploadArea:
    """A private folder for uploaded files, removed on close."""

    def __init__(self, parent: Path) -> None:
        parent.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix="up-", dir=parent))
        self.root.chmod(0o700)

    def new_path(self) -> Path:
        return self.root / secrets.token_hex(16)

    def write(self, data: bytes) -> Path:
        path = self.new_path()
        with path.open("xb") as fh:
            fh.write(data)
        return path

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


async def receive(upload: UploadFile, limit: int, name: str) -> bytes:
    """Read an uploaded file in chunks, refusing it as soon as it passes ``limit`` bytes."""
    buf = bytearray()
    while chunk := await upload.read(CHUNK):
        buf += chunk
        if len(buf) > limit:
            raise UploadRejected(f"文件超过大小上限（{human_size(limit)}）", name, status=413)
    return bytes(buf)


def human_size(n: int) -> str:
    """1536 → "1.5 KB", 20971520 → "20.0 MB"."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} 字节"


def new_id() -> str:
    return secrets.token_urlsafe(12)


class ResultCache:
    """Analyses by id, least recently used dropped first beyond ``capacity``."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._items: OrderedDict[str, Analysis] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, analysis: Analysis) -> str:
        rid = new_id()
        with self._lock:
            self._items[rid] = analysis
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
        return rid

    def get(self, rid: str) -> Analysis | None:
        with self._lock:
            item = self._items.get(rid)
            if item is not None:
                self._items.move_to_end(rid)
            return item

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)
