"""Readers: any published file → :class:`ReadResult` (blocks with locations).

``read_file`` sniffs the format from the content, not the extension, and dispatches to the
reader of that format.
"""

from __future__ import annotations

from pathlib import Path

from budgetlens.errors import ReadError
from budgetlens.read.blocks import Block, Cell, Grid, Paragraph, ReadResult
from budgetlens.read.text import read_text

__all__ = ["Block", "Cell", "Grid", "Paragraph", "ReadResult", "read_bytes", "read_file"]


def read_file(path: str | Path) -> ReadResult:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ReadError("文件不存在", str(p)) from None
    except IsADirectoryError:
        raise ReadError("这是一个文件夹，不是文件", str(p)) from None
    except OSError as exc:
        raise ReadError(f"无法读取文件（{exc.strerror or exc}）", str(p)) from None
    return read_bytes(data, str(p))


def read_bytes(data: bytes, name: str) -> ReadResult:
    """Read a document given as bytes; ``name`` is used in messages and locations."""
    return read_text(name, data)
