"""Budget input → disclosure: computed narrative figures, table cells, validation, round trip."""

from __future__ import annotations

import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.model import DocumentKind, TableKind
from budgetlens.render.figures import Figures
from budgetlens.render.loader import InputIssues
from budgetlens.render.narrative import Para
from budgetlens.render.tables import build_tables
from budgetlens.render.template import input_workbook
from budgetlens.render.validate import load_input
from budgetlens.render.writers import render, tables_workbook, write_all

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "input" / "qinghe_2024_budget.yaml"
EXAMPLE_XLSX = EXAMPLE.with_suffix(".xlsx")


def pct(part: str, whole: str) -> str:
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value}%"


@pytest.fixture(scope="module")
def figures() -> Figures:
    return Figures(load_input(EXAMPLE))


@pytest.fixture(scope="module")
def narrative(figures: Figures) -> str:
    return "\n".join(b.text for b in render(figures, with_charts=False).blocks if isinstance(b, Para))


def test_totals_are_computed_from_item_lines(figures: Figures) -> None:
    # personnel: 3120000+1280000+512000+256000+210000+84000+384000; public: 486000+96000
    assert figures.total.personnel == Decimal(5846000)
    assert figures.total.public == Decimal(582000)
    assert figures.total.project == Decimal(650000 + 420000 + 1800000 + 2500000 + 300000)
    assert figures.total.total == Decimal(12098000)
    assert figures.general.total == Decimal(11798000)
    rows = {r.code: r.sums.total for r in figures.function_rows()}
    assert rows["213"] == Decimal(3606000 + 1376000 + 650000 + 420000 + 1800000 + 2500000)
    assert rows["21301"] == rows["213"]
    assert rows["20805"] == Decimal(768000)
    assert list(rows)[:4] == ["208", "20805", "2080505", "2080506"]


def test_narrative_shares_and_changes_match_hand_calculation(narrative: str) -> None:
    # 11798000 / 12098000 = 97.5202… → 97.52 ; 300000 / 12098000 = 2.4797… → 2.48
    assert pct("11798000", "12098000") == "97.52%"
    assert "一般公共预算拨款收入11798000.00元，占97.52%" in narrative
    assert "政府性基金预算拨款收入300000.00元，占2.48%" in narrative
    # 6428000 / 12098000 = 53.1327… ; 5670000 / 12098000 = 46.8672…
    assert "基本支出6428000.00元，占53.13%；项目支出5670000.00元，占46.87%" in narrative
    # income vs last year 11436500: +661500, 661500/11436500 = 5.7841… → 5.78
    assert pct("661500", "11436500") == "5.78%"
    assert "较上年增加661500.00元，增长5.78%，主要原因是高标准农田建设任务增加" in narrative
    # general budget vs 11136500: 661500/11136500 = 5.9399… → 5.94
    assert "2024年一般公共预算支出11798000.00元，其中：基本支出6428000.00元，项目支出5370000.00元。较上年增加661500.00元，增长5.94%" in narrative
    # 三公: 70000 vs 78000 → −8000, 8000/78000 = 10.2564… → 10.26
    assert pct("8000", "78000") == "10.26%"
    assert "“三公”经费预算70000.00元" in narrative
    assert "较上年减少8000.00元，下降10.26%" in narrative
    # 机关运行经费 582000 vs 603500: −21500, 21500/603500 = 3.5625… → 3.56
    assert "机关运行经费582000.00元，较上年减少21500.00元，下降3.56%" in narrative
    # 农林水 10352000 / 11798000 = 87.7437… → 87.74
    assert "农林水支出（213）10352000.00元，占87.74%" in narrative
    # procurement 12×5200 + 300×180 = 116400 goods; works 1200000; services 180000
    assert "政府采购预算1496400.00元，其中：政府采购货物预算116400.00元，政府采购工程预算1200000.00元，政府采购服务预算180000.00元" in narrative
    assert "截至2023年12月31日，本部门固定资产金额9748300.00元，其中车辆3辆" in narrative


def test_tables_layout(figures: Figures) -> None:
    tables = {t.key: t for t in build_tables(figures)}
    summary = tables["summary"]
    assert summary.rows[0] == ["一、一般公共预算拨款收入", "11,798,000.00", "一、一般公共服务支出", ""]
    assert summary.rows[11][2:] == ["十二、农林水支出", "10,352,000.00"]
    assert len(summary.rows) == 29 + 3  # every 类 of 2024 (234 抗疫特别国债 still printed), then three total rows
    assert summary.rows[-1] == ["收入总计", "12,098,000.00", "支出总计", "12,098,000.00"]
    expense = tables["expense"]
    assert expense.rows[0] == ["", "合计", "12,098,000.00", "6,428,000.00", "5,670,000.00"]
    basic = tables["basic"]
    assert basic.rows[0] == ["", "合计", "", "", "6,428,000.00", "5,846,000.00", "582,000.00"]
    assert ["30101", "基本工资", "50101", "工资奖金津补贴", "1,650,000.00", "1,650,000.00", ""] in basic.rows
    assert tables["capital"].empty_note == "注：本部门2024年无国有资本经营预算财政拨款预算，本表为空表。"
    assert tables["fund"].rows[0] == ["", "合计", "300,000.00", "", "300,000.00"]


def test_tables_workbook_cells(figures: Figures) -> None:
    wb = tables_workbook(render(figures, with_charts=False))
    assert wb.sheetnames[:3] == ["表1 收支总表", "表2 收入总表", "表3 支出总表"]
    ws = wb["表3 支出总表"]
    assert ws["A1"].value == "清河县农业农村局2024年部门支出预算总表"
    assert [c.value for c in ws[3]] == ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
    assert [c.value for c in ws[4]] == [None, "合计", 12098000.0, 6428000.0, 5670000.0]
    assert ws["C4"].number_format == "#,##0.00"
    three = wb["表7 三公经费支出表"]
    assert [[c.value for c in row] for row in three.iter_rows(min_row=4)] == [
        ["合计", 70000.0], ["1、因公出国（境）费", 0.0], ["2、公务用车购置及运行维护费", 48000.0],
        ["（1）公务用车购置费", 0.0], ["（2）公务用车运行维护费", 48000.0], ["3、公务接待费", 22000.0],
    ]


def test_example_workbook_is_the_yaml() -> None:
    assert load_input(EXAMPLE_XLSX) == load_input(EXAMPLE)


def _bad_yaml(tmp_path: Path, edit: dict[str, object]) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for key, value in edit.items():
        sheet, _, rest = key.partition("/")
        if rest:
            index, _, column = rest.partition("/")
            target = data[sheet][int(index)] if index.isdigit() else data[sheet]
            target[column if index.isdigit() else index] = value
        else:
            data[sheet] = value
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _issues(path: Path) -> list[str]:
    with pytest.raises(InputIssues) as info:
        load_input(path)
    return [str(i) for i in info.value.issues]


def test_validation_errors_name_the_place(tmp_path: Path) -> None:
    path = _bad_yaml(tmp_path, {
        "支出明细/0/科目编码": "2130191",
        "支出明细/1/科目名称": "事业单位运行",
        "支出明细/2/项目支出": -650000,
        "经济分类/0/政府经济分类编码": "50201",
    })
    issues = _issues(path)
    assert "支出明细[1].科目编码：科目编码 2130191 在 2024 年不存在，是否应为 2130101「行政运行」、2130111「统计监测与信息服务」、2130121「农业结构调整补贴」？" in issues
    assert "支出明细[2].科目名称：科目名称「事业单位运行」与编码 2130104 在 2024 年的名称「事业运行」不符" in issues
    assert "支出明细[3].项目支出：项目支出不能为负数（-650000）" in issues
    assert "经济分类[1].政府经济分类编码：政府经济分类编码 50201 与部门经济分类 30101「基本工资」不对应，行政单位应为 50101「工资奖金津补贴」" in issues


def test_validation_sums_and_parts(tmp_path: Path) -> None:
    path = _bad_yaml(tmp_path, {
        "收入/一般公共预算拨款收入": 11800000,
        "经济分类/0/人员经费": 1600000,
        "机关运行经费/机关运行经费": {"本年": 9000000, "上年": 603500},
        "人员/行政编制": 30,
    })
    issues = _issues(path)
    assert ("收入.一般公共预算拨款收入：一般公共预算拨款收入 11800000.00元 与资金来源为“一般公共预算”的支出 "
            "11798000.00元 不一致，相差 2000.00元") in issues
    assert "经济分类（人员经费合计）：经济分类人员经费合计 5796000.00元 与支出明细中一般公共预算人员经费 5846000.00元 不一致，相差 -50000.00元" in issues
    assert "机关运行经费.机关运行经费.本年：机关运行经费 9000000.00元 超过基本支出 6428000.00元" in issues
    assert "人员.编制人数：编制人数 68 人小于其分项之和 74 人" in issues


def test_workbook_errors_give_cell_refs(tmp_path: Path) -> None:
    wb = input_workbook(load_input(EXAMPLE))
    ws = wb["支出明细"]
    ws["A3"] = "2101599"
    ws["D4"] = "一百万"
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    issues = _issues(path)
    assert issues[0] == "支出明细!D4：人员经费「一百万」不是数字"
    assert any(i.startswith("支出明细!B3：科目名称「事业运行」与编码 2101599 在 2024 年的名称") for i in issues)


def test_empty_template_says_what_is_missing(tmp_path: Path) -> None:
    out = tmp_path / "模板.xlsx"
    result = CliRunner().invoke(app, ["template", "--kind", "决算", "--out", str(out)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert wb.sheetnames[1:4] == ["单位信息", "收入", "支出明细"]
    assert wb["单位信息"]["B5"].value == "决算"
    issues = _issues(out)
    assert issues[0] == "单位信息!B2：单位名称未填写"
    assert "单位信息!B4：年度未填写或不是整数" in issues


def test_final_accounts_titles_and_carry_over(figures: Figures) -> None:
    b = figures.budget
    entity = b.entity.model_copy(update={"kind": DocumentKind.FINAL, "year": 2023})
    f = Figures(b.model_copy(update={"entity": entity}))
    tables = {t.key: t for t in build_tables(f)}
    assert tables["summary"].title == "清河县农业农村局2023年部门收支决算总表"
    assert tables["summary"].header == ["项目", "决算数", "项目", "决算数"]


def test_round_trip_text_and_docx(tmp_path: Path, figures: Figures) -> None:
    from budgetlens.check import Severity, check
    from budgetlens.extract import parse_file

    written = write_all(render(figures, with_charts=False), tmp_path, "qinghe", pdf=False)
    by_suffix = {p.suffix: p for p in written}
    for suffix in (".txt", ".docx"):
        d = parse_file(by_suffix[suffix])
        assert d.entity.name == "清河县农业农村局"
        assert d.year == 2024
        expense = d.table(TableKind.EXPENSE)
        assert expense is not None
        total = expense.total_row()
        assert total is not None
        assert {k: v.value for k, v in total.values.items()} == {
            "合计": Decimal("12098000.00"), "基本支出": Decimal("6428000.00"), "项目支出": Decimal("5670000.00")}
        row = expense.find(code="2130153")
        assert row is not None and row.values["项目支出"].value == Decimal("2500000.00")
        assert len(d.targets) == 2
        errors = [f.code for f in check(d).findings if f.severity is Severity.ERROR]
        assert errors == [], suffix
    d = parse_file(by_suffix[".xlsx"])
    errors = {f.code for f in check(d).findings if f.severity is Severity.ERROR}
    assert errors <= {"REQ005"}  # the tables workbook has no 情况说明, by design


def test_render_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["render", str(EXAMPLE), "--out", str(tmp_path), "--no-pdf"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    stem = "清河县农业农村局2024年部门预算公开"
    assert f"{stem}.docx" in names and f"{stem}.html" in names and f"{stem}_公开表.xlsx" in names
    html = (tmp_path / f"{stem}.html").read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html
    assert html.count("data:image/png;base64,") == 3


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_through_libreoffice_reads_back(tmp_path: Path, figures: Figures) -> None:
    """The PDF LibreOffice makes of the .docx (CJK font, a landscape cover, charts on pages of
    their own) reads back to the same tables, claims and title as the .docx itself."""
    from budgetlens.check import Severity, check
    from budgetlens.extract import parse_file
    from tests.read import summary

    written = write_all(render(figures, with_charts=True), tmp_path, "qinghe", pdf=True)
    pdf = tmp_path / "qinghe.pdf"
    assert pdf in written
    assert pdf.read_bytes()[:5] == b"%PDF-"
    from_pdf = parse_file(pdf)
    from_docx = parse_file(tmp_path / "qinghe.docx")
    assert from_pdf.source.format == "pdf"
    assert summary.tables(from_pdf) == summary.tables(from_docx)
    assert summary.claims(from_pdf) == summary.claims(from_docx)
    assert (from_pdf.title, from_pdf.entity.name, from_pdf.year) == (
        "清河县农业农村局2024年部门预算公开说明", "清河县农业农村局", 2024)
    # the 收支总表 and 财政拨款收支总表 list every 类 of 2024, 234 抗疫特别国债安排的支出 included
    assert [len(t.rows) for t in from_pdf.tables] == [44, 23, 23, 36, 20, 22, 6, 4, 0, 6, 5]
    expense = from_pdf.table(TableKind.EXPENSE)
    total = expense.total_row() if expense is not None else None
    assert total is not None and total.values["合计"].value == Decimal("12098000.00")
    assert total.values["合计"].where is not None and total.values["合计"].where.page == 6
    assert check(from_pdf).count(Severity.ERROR) == 0
