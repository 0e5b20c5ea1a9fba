"""Limits that keep a hostile or broken file from exhausting memory or time.

Checked before a container is opened (size, zip bomb, encryption) and between pages/sheets
(deadline). Every violation is a :class:`ReadError` with a one-line Chinese message.
"""

from __future__ import annotations

import io
import time
import zipfile
from dataclasses import dataclass

from budgetlens.errors import ReadError

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """``max_bytes`` of the file; zip members at most ``max_unzipped`` in total and ``max_ratio``
    times their compressed size; at most ``max_pages`` PDF pages; ``deadline`` seconds a file;
    images of at most ``max_pixels``."""

    max_bytes: int = 50 * MB
    max_unzipped: int = 500 * MB
    max_ratio: float = 200.0
    max_members: int = 10_000
    max_pages: int = 2_000
    deadline: float = 300.0
    max_pixels: int = 200_000_000  # an image (or one frame of it) larger than this is refused


DEFAULT_LIMITS = Limits()


def check_size(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> None:
    if len(data) > limits.max_bytes:
        raise ReadError(
            f"文件过大（{len(data) / MB:.1f} MB，上限 {limits.max_bytes / MB:.0f} MB）", name
        )


def check_zip(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a zip container that is corrupt, encrypted or would expand beyond the limits."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ReadError("文件已损坏（压缩包结构无法打开）", name) from None
    if len(infos) > limits.max_members:
        raise ReadError(f"压缩包内文件过多（{len(infos)} 个）", name)
    total = 0
    packed = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ReadError("文件已加密（有密码保护），请先取消密码再读取", name)
        total += info.file_size
        packed += info.compress_size
        if info.compress_size and info.file_size / info.compress_size > limits.max_ratio and info.file_size > MB:
            raise ReadError(
                f"疑似压缩炸弹：成员「{info.filename}」压缩比 {info.file_size / info.compress_size:.0f} 倍", name
            )
    if total > limits.max_unzipped:
        raise ReadError(f"疑似压缩炸弹：解压后共 {total / MB:.0f} MB，上限 {limits.max_unzipped / MB:.0f} MB", name)
    if packed and total > MB and total / packed > limits.max_ratio:
        raise ReadError(f"疑似压缩炸弹：整体压缩比 {total / packed:.0f} 倍", name)


def check_pages(count: int, name: str, limits: Limits = DEFAULT_LIMITS) -> None:
    if count > limits.max_pages:
        raise ReadError(f"页数过多（{count} 页，上限 {limits.max_pages} 页）", name)


class Deadline:
    """Time budget of one file, checked between pages or sheets."""

    def __init__(self, name: str, seconds: float = DEFAULT_LIMITS.deadline) -> None:
        self.name = name
        self.seconds = seconds
        self.start = time.monotonic()

    def check(self, where: str | None = None) -> None:
        if time.monotonic() - self.start > self.seconds:
            raise ReadError(f"读取超时（超过 {self.seconds:g} 秒），已停止", self.name, where)
