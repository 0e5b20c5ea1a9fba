"""Settings of the web app, from arguments or environment variables (set by the admin)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from budgetlens.errors import BudgetlensError


class SettingsError(BudgetlensError):
    """A setting of the web app is invalid."""


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"环境变量 {name} 应为整数，实际为「{raw}」") from None


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return float(raw)
    except ValueError:
        raise SettingsError(f"环境变量 {name} 应为数字，实际为「{raw}」") from None


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


@dataclass
class Settings:
    """What the admin configures.

    ``api_token``: token required by write endpoints (``Authorization: Bearer …`` or
    ``X-API-Token``); when empty, write endpoints are refused. ``read_requires_token``: read
    endpoints need the token too. ``max_pending``: synchronous checks in progress or queued
    beyond which new ones are refused with 503 and ``Retry-After``. ``workers``: size of the
    process pool that reads and checks uploads (0 runs them in threads of the server process,
    without a hard time limit).
    """

    api_token: str = ""
    read_requires_token: bool = False
    max_upload_bytes: int = 20 * 1024 * 1024
    max_files: int = 50
    file_timeout: float = 60.0
    workers: int = 2
    upload_dir: Path = field(default_factory=lambda: Path(tempfile.gettempdir()) / "budgetlens-uploads")
    database_url: str | None = None
    max_results: int = 200
    max_pending: int = 256
    secure_cookies: bool = False

    @classmethod
    def from_env(cls) -> Settings:
        upload_dir = os.environ.get("BUDGETLENS_UPLOAD_DIR")
        s = cls(
            api_token=os.environ.get("BUDGETLENS_API_TOKEN", "").strip(),
            read_requires_token=_env_bool("BUDGETLENS_API_READ_TOKEN", False),
            max_upload_bytes=_env_int("BUDGETLENS_MAX_UPLOAD_MB", 20) * 1024 * 1024,
            max_files=_env_int("BUDGETLENS_MAX_FILES", 50),
            file_timeout=_env_float("BUDGETLENS_FILE_TIMEOUT", 60.0),
            max_pending=_env_int("BUDGETLENS_MAX_PENDING", 256),
            workers=_env_int("BUDGETLENS_WORKERS", min(4, os.cpu_count() or 1)),
            database_url=os.environ.get("BUDGETLENS_DB") or None,
            secure_cookies=_env_bool("BUDGETLENS_SECURE_COOKIES", False),
        )
        if upload_dir:
            s.upload_dir = Path(upload_dir)
        s.validate()
        return s

    def validate(self) -> None:
        if self.max_upload_bytes <= 0:
            raise SettingsError("上传大小上限必须大于 0")
        if self.max_files <= 0:
            raise SettingsError("上传文件数上限必须大于 0")
        if self.file_timeout <= 0:
            raise SettingsError("单个文件的处理时限必须大于 0 秒")
        if self.max_pending <= 0:
            raise SettingsError("同时处理的请求数上限必须大于 0")
        if self.workers < 0:
            raise SettingsError("工作进程数不能为负数")
