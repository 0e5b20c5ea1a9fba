from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.extract import extract
from budgetlens.model import Disclosure
from budgetlens.read import ReadResult, read_file

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "yunxi_2024_budget.txt"


@pytest.fixture(scope="session")
def example_text() -> ReadResult:
    return read_file(EXAMPLE)


@pytest.fixture(scope="session")
def example_disclosure(example_text: ReadResult) -> Disclosure:
    return extract(example_text)
