from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from budgetlens.cli import app

from ..conftest import seed_path

runner = CliRunner()


def test_check_json_and_exit_code(tmp_path: Path) -> None:
    seed = seed_path("004")
    res = runner.invoke(app, ["check", str(seed), "--format", "json", "--select", "NAR", "--ignore", "NAR004"])
    assert res.exit_code == 1
    doc = json.loads(res.stdout)
    [rep] = doc["reports"]
    assert rep["summary"]["by_code"] == {"NAR001": 1, "NAR002": 1, "NAR005": 1}
    f = rep["findings"][0]
    assert set(f) >= {"code", "severity", "message", "values", "locations", "hint"}
    assert f["values"]["stated"] == "7113.36" and f["locations"][0]["line"] == 19


def test_check_folder_skips_bad_file_and_writes_html(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    good = tmp_path / "ok.txt"
    good.write_text(seed_path("002").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "r.html"
    res = runner.invoke(app, ["check", str(tmp_path), "-f", "html", "-o", str(out), "--lang", "en"])
    html = out.read_text(encoding="utf-8")
    assert res.exit_code == 1  # the unreadable file counts as an error
    assert "empty.txt" in html and "PERF001" in html and "cdn" not in html.lower()


def test_text_output_and_unknown_code() -> None:
    res = runner.invoke(app, ["check", str(seed_path("003")), "--select", "CLS003"])
    assert res.exit_code == 1
    assert "CLS003" in res.stdout and "2080506" in res.stdout and "共检查 1 个文件" in res.stdout
    bad = runner.invoke(app, ["check", str(seed_path("003")), "--select", "XYZ9"])
    assert bad.exit_code != 0
