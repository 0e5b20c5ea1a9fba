from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from budgetlens.analyze.commands import comparison
from budgetlens.analyze.compare import DocQuantities, Method, outliers, quartiles, series, share, year_on_year
from budgetlens.analyze.query import load
from budgetlens.batch.runner import ingest
from budgetlens.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "yunxi_2024_budget.txt"


def test_example_quantities_exact(engine: Engine) -> None:
    ingest([EXAMPLE], engine)
    [doc] = load(engine, entity="云溪")
    assert doc.values == {
        "收入总计": Decimal("5586400"), "本年收入合计": Decimal("5586400"), "一般公共预算拨款收入": Decimal("5286400"),
        "本年支出合计": Decimal("5586400"), "基本支出": Decimal("3066400"), "项目支出": Decimal("2520000"),
        "人员经费": Decimal("2691000"), "公用经费": Decimal("375400"), "三公经费": Decimal("39000"),
        "因公出国（境）费": Decimal("0"), "公务用车购置及运行维护费": Decimal("24000"), "公务用车购置费": Decimal("0"),
        "公务用车运行维护费": Decimal("24000"), "公务接待费": Decimal("15000"), "机关运行经费": Decimal("375400"),
    }
    assert doc.sources["公务接待费"] == "table"
    assert share(doc, "公务接待费") == Decimal("38.46")  # 15000 / 39000
    assert share(doc, "公务用车运行维护费") == Decimal("100.00")
    assert doc.sources["机关运行经费"] == "claim" and doc.sources["基本支出"] == "table"
    assert doc.stated_change == {"本年收入合计": Decimal("466400"), "三公经费": Decimal("-3000")}
    assert doc.stated_percent == {"本年收入合计": Decimal("9.11"), "三公经费": Decimal("-7.14")}
    assert share(doc, "基本支出") == Decimal("54.89")
    assert share(doc, "项目支出") == Decimal("45.11")
    assert share(doc, "人员经费") == Decimal("87.76")
    assert share(doc, "三公经费") == Decimal("0.70")
    data = comparison([doc], None)
    q = data["documents"][0]["quantities"]
    assert q["本年收入合计"] == {"value": "5586400.00", "unit": "元", "share": "100.00", "source": "table"}
    assert q["公用经费"]["value"] == "375400.00" and q["公用经费"]["share"] == "12.24"


def _doc(i: int, entity: str, year: int, **values: str) -> DocQuantities:
    return DocQuantities(i, entity, year, "预算", "部门", f"{entity}{year}.txt",
                         values={k: Decimal(v) for k, v in values.items()})


def test_series_changes() -> None:
    a = _doc(1, "甲局", 2023, 本年支出合计="1000000", 三公经费="20000")
    b = _doc(2, "甲局", 2024, 本年支出合计="1100000", 三公经费="15000")
    points = series([b, a])
    assert [p.doc.year for p in points] == [2023, 2024]
    assert points[0].changes == {}
    ch = points[1].changes
    assert (ch["本年支出合计"].amount, ch["本年支出合计"].percent) == (Decimal("100000"), Decimal("10.00"))
    assert (ch["三公经费"].amount, ch["三公经费"].percent) == (Decimal("-5000"), Decimal("-25.00"))


def test_outliers_robust_z() -> None:
    shares = ["1.0", "1.2", "0.9", "1.1", "1.0", "6.0"]  # 三公 per 100 of spending
    docs = [_doc(i, f"局{i}", 2024, 本年支出合计="100", 三公经费=s) for i, s in enumerate(shares)]
    found = outliers(docs)
    assert [(o.doc.entity, o.metric, o.value, o.median, o.z, o.peers) for o in found] == [
        ("局5", "三公经费占本年支出", Decimal("6.00"), Decimal("1.05"), Decimal("33.39"), 6)]
    assert outliers(docs[:3]) == []  # too few peers


def test_year_on_year_stated_vs_stored() -> None:
    prev = _doc(1, "甲局", 2023, 本年收入合计="5120000")
    cur = _doc(2, "甲局", 2024, 本年收入合计="5586400")
    cur.stated_change["本年收入合计"] = Decimal("466400")
    cur.stated_percent["本年收入合计"] = Decimal("9.11")
    [check] = year_on_year([prev, cur])
    assert (check.actual_amount, check.actual_percent) == (Decimal("466400"), Decimal("9.11"))
    assert check.amount_matches is True and check.percent_matches is True
    assert check.previous_matches is None and check.matches is True
    cur.stated_change["本年收入合计"] = Decimal("566400")
    assert year_on_year([prev, cur])[0].amount_matches is False
    assert year_on_year([prev, cur])[0].matches is False
    # a 上年 figure stated in this year's prose, checked against last year's stored document
    cur.stated_change.clear()
    cur.stated_percent.clear()
    cur.stated_previous["本年收入合计"] = Decimal("5124000")  # within half a 万元 of 5120000
    [check] = year_on_year([prev, cur])
    assert (check.stated_previous, check.previous_matches, check.amount_matches, check.matches) == (
        Decimal("5124000"), True, None, True)
    cur.stated_previous["本年收入合计"] = Decimal("5220000")
    assert year_on_year([prev, cur])[0].previous_matches is False


def test_compare_cli(db: str) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", "-q", "--db", db, str(EXAMPLE)]).exit_code == 0
    res = runner.invoke(app, ["compare", "--db", db, "--entity", "云溪", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["documents"][0]["quantities"]["项目支出"]["value"] == "2520000.00"
    assert data["series"][0]["changes"] == {}
    res = runner.invoke(app, ["compare", "--db", db])
    assert res.exit_code == 0 and "5,586,400.00 (100.00%)" in res.output


def _staffed(i: int, sangong: str, staff: int = 10) -> DocQuantities:
    return DocQuantities(i, f"局{i}", 2024, "预算", "部门", f"{i}.txt", staff=staff,
                         values={"三公经费": Decimal(sangong)})


def test_outliers_per_staff_mad_and_iqr() -> None:
    docs = [_staffed(i, v) for i, v in enumerate(["10000", "12000", "11000", "9000", "10500", "40000"])]
    [mad] = outliers(docs)
    assert (mad.doc.entity, mad.metric, mad.unit, mad.value, mad.median, mad.z, mad.low, mad.high, mad.peers) == (
        "局5", "人均三公经费", "元/人", Decimal("4000.00"), Decimal("1075.00"), Decimal("19.73"), Decimal("556.10"),
        Decimal("1593.90"), 6)
    [iqr] = outliers(docs, method=Method.IQR)
    assert (iqr.doc.entity, iqr.value, iqr.low, iqr.high, iqr.method) == (
        "局5", Decimal("4000.00"), Decimal("700.00"), Decimal("1500.00"), Method.IQR)
    assert quartiles([Decimal(x) for x in ("900", "1000", "1050", "1100", "1200", "4000")]) == (
        Decimal("1000"), Decimal("1200"))
    # no staff figure, no per-staff metric
    assert outliers([_staffed(i, v, staff=0) for i, v in enumerate(["1", "1", "1", "1", "9"])]) == []


def test_compare_cli_iqr_table(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", "-q", "--db", db, str(EXAMPLE)]).exit_code == 0
    res = runner.invoke(app, ["compare", "--db", db, "--method", "iqr"])
    assert res.exit_code == 0, res.output
    assert "2,691,000.00 (87.76%)" in res.output  # 人员经费 and its share of 基本支出
    res = runner.invoke(app, ["compare", "--db", db, "--method", "median"])
    assert res.exit_code == 2  # not a method: typer's usage error


def test_terminal_table_fits_the_width() -> None:
    from rich.console import Console

    from budgetlens.analyze.commands import _print_tables
    from budgetlens.analyze.compare import Method

    docs = [_doc(i, f"局{i}", 2024, 本年支出合计="1000000", 基本支出="600000") for i in range(1, 6)]
    narrow = Console(width=80, record=True)
    _print_tables(narrow, docs, None, Method.MAD)
    text = narrow.export_text()
    # (80 - 20) // 24 = 2 documents a table: 3 tables, every figure whole
    assert [f"（{k}/3）" in text for k in (1, 2, 3)] == [True, True, True]
    assert text.count("1,000,000.00") == 5 and "…" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    wide = Console(width=300, record=True)
    _print_tables(wide, docs, None, Method.MAD)
    text = wide.export_text()
    assert "（1/" not in text  # one row a document
    assert text.count("1,000,000.00") == 5


def test_unit_document_without_expense_summary_resolves_from_its_tables() -> None:
    """Seed 003 (a 单位预算) publishes no 支出总表 and no 政府性基金 spending: the 一般公共预算支出表
    gives 本年支出合计 and 项目支出, the 基本支出表 合计 gives 基本支出 (= 人员经费 + 公用经费)."""
    from budgetlens.analyze.resolver import resolve
    from budgetlens.extract import parse_file
    from tests.conftest import seed_path

    q = resolve(parse_file(seed_path("003")))
    assert {c: (q[c].value_yuan, q[c].source) for c in ("本年支出合计", "基本支出", "项目支出", "人员经费", "公用经费")} == {
        "本年支出合计": (Decimal("3488570.00"), "table"),
        "基本支出": (Decimal("1406410.00"), "table"),
        "项目支出": (Decimal("2082160.00"), "table"),
        "人员经费": (Decimal("1289710.00"), "table"),
        "公用经费": (Decimal("116700.00"), "table"),
    }
