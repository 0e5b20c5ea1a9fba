"""Faults planted in a clean disclosure the checker has never seen are found at the right place,
with the right correction suggested.

Each case edits one printed figure or code of the bundled example (which checks clean), then
asserts that some finding points at the edited line and that its hint names the original value.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.api import check_file
from budgetlens.check import Severity

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "yunxi_2024_budget.txt"


def _cell_line(lines: list[str], title_part: str, code: str, column: int) -> int:
    """0-based index of the ``column``-th cell after the code cell of ``code`` in the table titled ``title_part``."""
    start = next(i for i, line in enumerate(lines) if title_part in line and not line.startswith("\t"))
    i = next(j for j in range(start, len(lines)) if lines[j] == f"\t{code}")
    return i + column


def _plant(tmp_path: Path, edit: tuple[str, str, str | None, int]) -> tuple[Path, int]:
    """edit = (old, new, table title part or None for prose, column offset after the code cell)."""
    old, new, table, column = edit
    lines = EXAMPLE.read_text(encoding="utf-8").split("\n")
    if table is None:
        idx = next(i for i, line in enumerate(lines) if old in line and not line.startswith("\t"))
        lines[idx] = lines[idx].replace(old, new, 1)
    else:
        idx = _cell_line(lines, table, old, column)
        assert lines[idx].startswith("\t")
        lines[idx] = "\t" + new
    path = tmp_path / "planted.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, idx + 1


CASES = [
    # (id, edit, the original value the hint must name)
    ("table-dropped-digit", ("2070109", "122,000.00", "部门支出预算总表", 2), "1220000"),
    ("table-times-ten", ("30201", "960,000.00", "基本支出表", 2), "96000"),
    ("table-transposed", ("2210201", "357,000.00", "部门支出预算总表", 2), "375000"),
    ("prose-transposed", ("人员经费2691000元", "人员经费2619000元", None, 0), "2691000"),
    ("prose-dropped-digit", ("公务接待费15000元", "公务接待费1500元", None, 0), "15000"),
    ("prose-wrong-code", ("职业年金缴费支出（2080506）", "职业年金缴费支出（2080560）", None, 0), "2080506"),
    ("prose-share", ("占94.63%", "占96.43%", None, 0), "94.63"),
    ("prose-change-percent", ("增长9.11%", "增长9.71%", None, 0), "9.11"),
    ("prose-unit-slip", ("公务接待费15000元", "公务接待费15000万元", None, 0), "元"),
]


@pytest.mark.parametrize(("edit", "original"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES])
def test_planted_fault_is_found_where_it_was_planted(tmp_path: Path, edit: tuple[str, str, str | None, int],
                                                     original: str) -> None:
    assert check_file(EXAMPLE).findings == []
    path, line = _plant(tmp_path, edit)
    report = check_file(path)
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    at_line = [f for f in errors if any(loc.line == line for loc in f.locations)]
    assert at_line, [(f.code, f.message, [loc.line for loc in f.locations]) for f in errors]
    hints = " ".join(f.hint or "" for f in at_line) + " ".join(f.message for f in at_line)
    assert original in hints.replace(",", ""), hints
