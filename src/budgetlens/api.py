"""The Python API in one place: read, check, and (when installed) store, compare and render.

>>> from budgetlens.api import parse, check_file
>>> d = parse("examples/yunxi_2024_budget.txt")
>>> report = check_file("examples/yunxi_2024_budget_errors.txt")
"""

from __future__ import annotations

from pathlib import Path

from budgetlens.check import Config, Report, check
from budgetlens.extract import extract, parse_file
from budgetlens.model import Disclosure
from budgetlens.read import read_bytes, read_file

__all__ = ["check", "check_file", "extract", "parse", "parse_bytes", "read_file"]


def parse(path: str | Path) -> Disclosure:
    """Read and extract one file (any supported format) into a :class:`Disclosure`."""
    return parse_file(path)


def parse_bytes(data: bytes, name: str) -> Disclosure:
    """Read and extract a document given as bytes (e.g. an upload); ``name`` labels locations."""
    return extract(read_bytes(data, name))


def check_file(path: str | Path, config: Config | None = None) -> Report:
    """Parse and check one file."""
    return check(parse_file(path), config)
