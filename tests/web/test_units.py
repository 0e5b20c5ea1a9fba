"""Web helpers: names, sniffing, segments of marked text, the worker pool's time limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.web.processing import Runner, UploadRejected, check_type, safe_name
from budgetlens.web.uploads import human_size
from budgetlens.web.view import _segments
from tests.web.conftest import EXAMPLE_ERRORS


def test_safe_name() -> None:
    assert safe_name("../../etc/passwd.txt") == "passwd.txt"
    assert safe_name("C:\\Users\\x\\预算.txt") == "预算.txt"
    assert safe_name("a\x00b\x1f\u202ec.txt") == "abc.txt"
    assert safe_name("") == "未命名文件"
    assert safe_name(None) == "未命名文件"
    assert len(safe_name("长" * 500 + ".txt")) == 120


def test_type_check() -> None:
    assert check_type("预算".encode("gb18030"), "a.txt") == "txt"
    assert check_type(b"<html><table></table></html>", "a.xls") == "html"
    with pytest.raises(UploadRejected) as err:
        check_type(b"\x00\x01\x02" * 100, "a.pdf")
    assert err.value.status == 415
    assert str(err.value) == "a.pdf：文件内容不是可识别的文档格式（含二进制内容）"
    with pytest.raises(UploadRejected) as err:
        check_type(b"x", "a.exe")
    assert err.value.status == 415


def test_human_size() -> None:
    assert human_size(512) == "512 字节"
    assert human_size(1536) == "1.5 KB"
    assert human_size(20 * 1024 * 1024) == "20.0 MB"


def test_segments_cut_at_every_boundary() -> None:
    text = "收入预算100元，增长5%。"
    segs = _segments(text, [(4, 8, "收入", None), (4, 7, "", "error"), (11, 13, "增长", None)])
    assert [(s.text, s.figure, s.flag) for s in segs] == [
        ("收入预算", False, None), ("100", True, "error"), ("元", True, None), ("，增长", False, None),
        ("5%", True, None), ("。", False, None)]
    assert "".join(s.text for s in segs) == text


def test_segments_clamp_out_of_range_spans() -> None:
    segs = _segments("abc", [(2, 99, "x", None)])
    assert [(s.text, s.figure) for s in segs] == [("ab", False), ("c", True)]


def test_runner_kills_an_overrunning_process_and_recovers(tmp_path: Path) -> None:
    path = tmp_path / "upload"
    path.write_bytes(EXAMPLE_ERRORS.read_bytes())
    runner = Runner(workers=1, timeout=0.001)
    try:
        a = runner.run_sync(path, "slow.txt")
        assert a.report.error == "slow.txt：处理超过时限（0.001 秒），已停止"
        runner.timeout = 120
        b = runner.run_sync(path, "ok.txt")
        assert b.ok and b.disclosure is not None
        assert b.disclosure.entity.name == "云溪县文化广电和旅游局"
    finally:
        runner.close()


def test_thread_runner(tmp_path: Path) -> None:
    import asyncio

    path = tmp_path / "upload"
    path.write_bytes(EXAMPLE_ERRORS.read_bytes())
    runner = Runner(workers=0, timeout=120)
    try:
        a = asyncio.run(runner.run(path, "x.txt"))
        assert a.ok and a.report.source == "x.txt"
    finally:
        runner.close()


def test_finding_view_names_the_diagnosis_in_chinese() -> None:
    from budgetlens.api import check_file
    from budgetlens.web.view import finding_view

    found = [finding_view(f) for f in check_file(EXAMPLE_ERRORS).findings if f.diagnosis == "scale"]
    assert found and found[0]["diagnosis"] == "数量级错误（小数点错位或多/少写零）"


def test_analysis_crosses_processes_as_json() -> None:
    import pickle

    from budgetlens.api import parse_bytes
    from budgetlens.web.processing import analyze_bytes

    a = analyze_bytes(EXAMPLE_ERRORS.read_bytes(), EXAMPLE_ERRORS.name)
    b = pickle.loads(pickle.dumps(a))
    assert b._disclosure is None and b.disclosure_json is not None
    expected = parse_bytes(EXAMPLE_ERRORS.read_bytes(), EXAMPLE_ERRORS.name)
    assert b.disclosure is not None
    assert b.disclosure.to_json() == expected.to_json()
    assert b.summary == a.summary
    assert b.summary["entity"] == "云溪县文化广电和旅游局" and b.summary["tables"] == len(b.disclosure.tables)
    assert b.report == a.report
