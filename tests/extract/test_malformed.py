"""Bad input gives one clear Chinese error line or a valid partial Disclosure — never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.errors import BudgetlensError, ExtractError, ReadError
from budgetlens.extract import extract, parse_file
from budgetlens.model import Disclosure, DocumentKind, TargetForm, Unit
from budgetlens.read.blocks import Cell, Grid, Paragraph, ReadResult
from tests.conftest import ROOT, seed_path

D = Decimal

# A small disclosure written for this test (fictional county), one cell a line as in the seeds.
SMALL = """\
青石县示例事务局
2024年部门预算公开情况说明
一、收入说明
2024年本年收入合计128.50万元，其中：一般公共预算拨款收入120.00万元，其他收入8.50万元。
二、“三公”经费情况
2024年“三公”经费预算安排3.20万元。
1、宣传资料印制绩效目标表
\t项目名称
\t宣传资料印制
\t预算数
\t50000.00
\t其中：财政资金
\t50000.00

\t一级指标
\t二级指标
\t三级指标
\t指标值

\t产出指标
\t数量指标
\t印制册数
\t≥2000册
"""


def _error_line(exc: BudgetlensError, name: str) -> str:
    text = str(exc)
    assert "\n" not in text and "Traceback" not in text
    assert text.split("：", 1)[0].endswith(name)  # 「<path>：<message>」 names the file first
    return text


def _check_small(doc: Disclosure) -> None:
    assert doc.entity.name == "青石县示例事务局"
    assert doc.year == 2024
    income = next(c for c in doc.claims if c.concept == "本年收入合计")
    assert (income.value.value, income.value.unit) == (D("128.50"), Unit.WAN)
    assert [(c.subject, c.value.value) for c in doc.claims if c.parent == doc.claims.index(income)] == [
        ("一般公共预算拨款收入", D("120.00")), ("其他收入", D("8.50"))]
    [target] = doc.targets
    assert target.form is TargetForm.PROJECT and target.project_name == "宣传资料印制"
    assert target.total is not None and target.total.value == D("50000.00")
    [ind] = target.indicators
    assert (ind.level1, ind.level2, ind.level3) == ("产出指标", "数量指标", "印制册数")
    assert (ind.target.op, ind.target.number, ind.target.unit) == ("≥", D("2000"), "册")


def test_small_disclosure_in_utf8(tmp_path: Path) -> None:
    path = tmp_path / "small.txt"
    path.write_text(SMALL, encoding="utf-8")
    doc = parse_file(path)
    assert doc.source.encoding in ("utf-8", "utf_8")
    _check_small(doc)


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-8-sig"])
def test_small_disclosure_in_other_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"small-{encoding}.txt"
    path.write_bytes(SMALL.encode(encoding))
    doc = parse_file(path)
    assert doc.source.encoding is not None
    _check_small(doc)



def test_small_disclosure_kind(tmp_path: Path) -> None:
    path = tmp_path / "small.txt"
    path.write_text(SMALL, encoding="utf-8")
    assert parse_file(path).kind is DocumentKind.BUDGET


def test_windows_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(SMALL.replace("\n", "\r\n").encode("gb18030"))
    _check_small(parse_file(path))


def test_seed_in_gb18030_reads_the_same(tmp_path: Path) -> None:
    original = seed_path("002")
    path = tmp_path / "002-gb.txt"
    path.write_bytes(original.read_text(encoding="utf-8").encode("gb18030"))
    doc = parse_file(path)
    assert doc.source.encoding == "gb18030"
    [target] = doc.targets
    assert target.total is not None and target.total.value == D("834.02")
    assert len(target.indicators) == 32


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("empty.txt", b"", "文件为空"),
        ("blank.txt", b"\t\n\n   \n\t\t\n", "文件为空"),
        ("binary.txt", bytes(range(256)) * 8, "二进制"),
        ("nul.txt", b"abc\x00\x01\x02def" * 10, "二进制"),
        ("garbage.txt", bytes(range(0x80, 0x100)) * 20, "编码"),
    ],
)
def test_unreadable_files_give_one_chinese_line(tmp_path: Path, name: str, content: bytes, phrase: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError) as info:
        parse_file(path)
    assert phrase in _error_line(info.value, name)


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(ReadError) as info:
        parse_file(folder)
    assert "文件夹" in _error_line(info.value, "folder.txt")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as info:
        parse_file(tmp_path / "missing.txt")
    assert "不存在" in _error_line(info.value, "missing.txt")


def test_text_without_chinese_is_refused(tmp_path: Path) -> None:
    """A text with no Chinese at all is no disclosure: one clear line naming the file (it used to be read
    as an empty disclosure and get every completeness error)."""
    path = tmp_path / "latin.txt"
    path.write_bytes("café naïve résumé\n".encode("latin-1") * 30)
    with pytest.raises(ExtractError) as info:
        parse_file(path)
    assert "没有中文内容" in _error_line(info.value, "latin.txt")


def test_table_cut_in_the_middle_of_a_row(tmp_path: Path) -> None:
    """Seed 000 cut after line 900: the third procurement line (投影仪, line 896) has lost its figures."""
    lines = seed_path("000").read_text(encoding="utf-8").split("\n")
    path = tmp_path / "cut.txt"
    path.write_text("\n".join(lines[:900]), encoding="utf-8")
    doc = parse_file(path)
    assert doc.entity.name == "隆尧县医疗保障局" and doc.year == 2020
    assert len(doc.targets) == 10
    p = doc.procurement
    assert p is not None and p.total is not None and p.total.value == D("30.28")
    assert [(i.item, i.amount.value if i.amount else None) for i in p.items] == [
        ("台式计算机", D("2.00")), ("激光打印机", D("0.80")), ("投影仪", None)]
    assert doc.assets is None


def test_target_table_cut_in_its_header(tmp_path: Path) -> None:
    """Seed 000 cut after line 130: the first target keeps its amounts, no indicator is invented."""
    lines = seed_path("000").read_text(encoding="utf-8").split("\n")
    path = tmp_path / "cut-target.txt"
    path.write_text("\n".join(lines[:130]), encoding="utf-8")
    doc = parse_file(path)
    [target] = doc.targets
    assert target.total is not None and target.total.value == D("3528000.00")
    assert target.indicators == []
    assert doc.procurement is None


def test_narrative_cut_mid_sentence(tmp_path: Path) -> None:
    lines = seed_path("004").read_text(encoding="utf-8").split("\n")
    path = tmp_path / "cut-004.txt"
    # line 19 cut after 「…财政拨款收入6749.94万元，占9」: the share is cut short, no 9% is invented
    path.write_text("\n".join(lines[:18]) + "\n" + lines[18][:48], encoding="utf-8")
    doc = parse_file(path)
    total = next(c for c in doc.claims if c.concept == "本年收入合计")
    assert total.value.value == D("7113.36")
    [part] = [c for c in doc.claims if c.parent == doc.claims.index(total)]
    assert (part.value.raw, part.share) == ("6749.94万元", None)
    # cut inside the figure itself (「…收入6749」): a number without its unit is not a claim
    path.write_text("\n".join(lines[:18]) + "\n" + lines[18][:40], encoding="utf-8")
    doc = parse_file(path)
    total = next(c for c in doc.claims if c.concept == "本年收入合计")
    assert [c for c in doc.claims if c.parent == doc.claims.index(total)] == []


@pytest.mark.parametrize(
    "blocks",
    [
        [Grid(rows=[])],
        [Grid(rows=[[]])],
        [Paragraph(text="")],
        [Grid(rows=[[Cell(text="一级指标"), Cell(text="二级指标")]])],
        [Grid(rows=[[Cell(text="项目名称")], [Cell(text="预算数"), Cell(text="不是数字")]])],
    ],
)
def test_odd_blocks_never_raise_a_traceback(blocks: list[Paragraph | Grid]) -> None:
    try:
        doc = extract(ReadResult(path="odd.txt", format="txt", blocks=blocks))
    except BudgetlensError as exc:
        _error_line(exc, "odd.txt")
    else:
        assert doc.source.path == "odd.txt"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "budgetlens.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120, check=False)


@pytest.mark.parametrize("kind", ["empty", "binary", "garbage", "folder", "missing"])
def test_cli_parse_bad_input(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.txt"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "binary":
        path.write_bytes(bytes(range(256)) * 8)
    elif kind == "garbage":
        path.write_bytes(bytes(range(0x80, 0x100)) * 20)
    elif kind == "folder":
        path.mkdir()
    for fmt in ("text", "json"):
        res = _cli("parse", str(path), "--format", fmt)
        assert res.returncode == 2, res.stderr
        assert res.stdout == ""
        err = res.stderr.strip().split("\n")
        assert len(err) == 1 and err[0].startswith("错误：") and f"{kind}.txt" in err[0], res.stderr
        assert "Traceback" not in res.stderr


def test_cli_parse_gb18030_file(tmp_path: Path) -> None:
    path = tmp_path / "small.txt"
    path.write_bytes(SMALL.encode("gb18030"))
    res = _cli("parse", str(path), "--format", "json")
    assert res.returncode == 0, res.stderr
    doc = Disclosure.from_json(res.stdout)
    _check_small(doc)


def test_render_input_workbook_is_not_a_disclosure() -> None:
    """The workbook `budgetlens template` writes (render's input) is refused with a clear message,
    not read as a disclosure without figures."""
    example = Path(__file__).resolve().parents[2] / "examples" / "input" / "qinghe_2024_budget.xlsx"
    with pytest.raises(BudgetlensError) as err:
        parse_file(example)
    assert str(err.value) == (
        f"{example}：这是 budgetlens 的公开数据填报模板（render 的输入），不是公开文件；"
        "请用 budgetlens render 生成公开文件后再读取或检查")
