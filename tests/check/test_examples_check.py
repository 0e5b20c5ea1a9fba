"""The bundled example is clean; its planted-error twin is caught with the right diagnosis."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from budgetlens.api import check_file
from budgetlens.check import Severity

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_clean_example_has_no_findings() -> None:
    for name in ("yunxi_2024_budget.txt", "yunxi_2024_budget_tabs.txt"):
        report = check_file(EXAMPLES / name)
        assert [(f.code, f.message) for f in report.findings] == []


def test_planted_errors_are_found_and_diagnosed() -> None:
    report = check_file(EXAMPLES / "yunxi_2024_budget_errors.txt")
    assert all(f.severity is Severity.ERROR for f in report.findings)
    assert sorted(f.code for f in report.findings) == ["CLS003", "NAR001", "NAR002", "NAR002", "NAR006", "NAR006",
                                                      "NAR007"]
    dropped = next(f for f in report.findings if f.code == "NAR001")
    assert dropped.hint == "「一般公共预算拨款收入」528640元：疑似小数点错位或多/少写零（相差10倍：528640 应为 5286400）"
    share = next(f for f in report.findings if f.code == "NAR002" and f.values and f.values.stated == Decimal("45.21"))
    assert share.values is not None and share.values.expected == Decimal("45.11")
    code = next(f for f in report.findings if f.code == "CLS003")
    assert code.hint == "「机关事业单位职业年金缴费支出」的科目编码应为 2080506"
    assert code.locations[0].line is not None
