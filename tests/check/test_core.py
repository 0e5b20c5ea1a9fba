from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.check import Config, all_rules, check
from budgetlens.check.config import ConfigError, load_config
from budgetlens.check.diagnosis import diagnose, fixes_within
from budgetlens.check.tolerance import Interval, check_sum
from budgetlens.model import Percent

from .helpers import disclosure, wan

D = Decimal


@pytest.mark.parametrize(
    ("stated", "expected", "kind"),
    [("6123", "16123", "dropped_digit"), ("18550000", "1850000", "extra_digit"), ("1243", "1234", "transposed"),
     ("365", "36.5", "scale"), ("116700", "11.67", "unit"), ("-5", "5", "sign"),
     ("7113.36", "7116.36", "wrong_digit"), ("3", "7.5", None)],
)
def test_diagnose(stated: str, expected: str, kind: str | None) -> None:
    d = diagnose(D(stated), D(expected))
    assert (d.kind if d else None) == kind


def test_diagnose_message_names_the_fix() -> None:
    d = diagnose(D("6123"), D("16123"))
    assert d is not None and d.zh == "疑似漏写一位数字（6123 应为 16123）"


def test_fixes_within_interval() -> None:
    fixes = fixes_within(D("6123"), D("16118"), D("16127"))
    assert [(f.kind, f.expected) for f in fixes] == [("dropped_digit", D("16123"))]
    assert fixes_within(D("10"), D("9"), D("11")) == []


def test_rounding_is_tolerated() -> None:
    # 2108.87 + 4646.36 + 25.73 = 6780.96 while 6780.95 is printed: each figure is ±0.005
    res = check_sum(wan("6780.95"), [wan("2108.87"), wan("4646.36"), wan("25.73")])
    assert res.ok and res.difference == D("-0.01") and res.tolerance == D("0.020")
    bad = check_sum(wan("7113.36"), [wan("6749.94"), wan("366.42")])
    assert not bad.ok and bad.difference == D("-3.00")


def test_zero_is_exact_and_percent_interval() -> None:
    assert Interval.of(wan("0")) == Interval(D(0), D(0))
    assert Interval.of_percent(Percent(value=D("5.11"), decimals=2)) == Interval(D("5.105"), D("5.115"))


def test_catalogue_codes_are_stable_and_documented() -> None:
    rules = all_rules()
    codes = [r.code for r in rules]
    assert len(codes) == len(set(codes)) >= 45
    for r in rules:
        assert r.code.startswith(r.family.value) and r.code[len(r.family.value):].isdigit()
        assert r.title and r.title_en and r.explanation and r.example


def test_select_and_ignore() -> None:
    cfg = Config(select=["SUM", "NAR001"], ignore=["SUM002"])
    assert cfg.enabled("SUM001") and cfg.enabled("NAR001")
    assert not cfg.enabled("SUM002") and not cfg.enabled("NAR002")
    assert Config(ignore=["PERF"], select=["PERF004"]).enabled("PERF004")
    assert not Config(ignore=["ALL"]).enabled("META001")
    assert check(disclosure(), Config(select=["SUM001"])).rules_run == ["SUM001"]


def test_config_files(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.budgetlens.check]\nignore = ["PERF003"]\nlang = "en"\n',
                                             encoding="utf-8")
    cfg = load_config(tmp_path)
    assert cfg.ignore == ["PERF003"] and cfg.lang == "en"
    (tmp_path / "budgetlens.toml").write_text('[check]\nselect = "SUM,XT"\n[check.severity]\nXT = "warning"\n',
                                              encoding="utf-8")
    cfg = load_config(tmp_path)
    assert cfg.select == ["SUM", "XT"] and cfg.severity_of("XT001", cfg.severity["XT"]).value == "warning"
    bad = tmp_path / "bad.toml"
    bad.write_text('[check]\nselekt = ["SUM"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="未知的配置项：selekt"):
        load_config(explicit=bad)


def test_docs_catalogue_is_current() -> None:
    from budgetlens.check.catalogue import catalogue_markdown

    doc = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
    assert doc.read_text(encoding="utf-8") == catalogue_markdown(), "regenerate docs/rules.md"


def test_a_failing_rule_is_reported_once_as_read002(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule that raises is named in the report (READ002, info) and the other rules still run."""
    from budgetlens.check import registry

    def broken(ctx: object) -> list[object]:
        raise ZeroDivisionError("division by zero")

    rule = registry.RULES["SUM002"]
    monkeypatch.setitem(registry.RULES, "SUM002", registry.Rule(
        rule.code, rule.family, rule.severity, rule.title, rule.title_en, rule.explanation, rule.example, broken))
    registry._catalogue.clear()
    try:
        report = check(disclosure())
    finally:
        registry._catalogue.clear()
    failed = [f for f in report.findings if f.code == "READ002"]
    assert [(f.severity.value, f.message) for f in failed] == [
        ("info", "规则 SUM002（上级科目不等于下级科目之和）运行出错（ZeroDivisionError），该项核对未完成")]
    assert "SUM001" in report.rules_run and "SUM002" in report.rules_run
