"""Merged cells, several tables, nested tables and odd pages read to the exact grids, in every format.

The same small 支出总表 (a two-row header: 科目编码/科目名称 merged down, 本年预算 merged across)
is written as .docx, .xlsx, .xls and .html; each must give the grid the text dumps give: one Cell
per distinct cell, its text once in its first position, an empty cell under a vertical merge.
"""

from __future__ import annotations

import io
import shutil
from decimal import Decimal

import pytest

from budgetlens.errors import ReadError
from budgetlens.read import Grid, Limits, Paragraph, read_bytes
from budgetlens.read.blocks import Block

HEADER_TOP = ["科目编码", "科目名称", "本年预算"]
HEADER_LOW = ["", "", "合计", "基本支出", "项目支出"]
BODY = [
    ["201", "一般公共服务支出", "1,234,567.80", "1,000,000.00", "234,567.80"],
    ["20101", "人大事务", "1,234,567.80", "1,000,000.00", "234,567.80"],
    ["2010101", "行政运行", "1,000,000.00", "1,000,000.00", "0.00"],
]
EXPECTED = [HEADER_TOP, HEADER_LOW, *BODY]
SPANS = [[1, 1, 3], [1, 1, 1, 1, 1], *[[1] * 5 for _ in BODY]]


def grids(blocks: list[Block]) -> list[Grid]:
    return [b for b in blocks if isinstance(b, Grid)]


def spans(grid: Grid) -> list[list[int]]:
    return [[c.colspan for c in row] for row in grid.rows]


def test_html_rowspan_and_colspan() -> None:
    body = "".join("<tr>" + "".join(f"<td>{t}</td>" for t in row) + "</tr>" for row in BODY)
    page = (
        "<html><head><meta charset='utf-8'></head><body><h3>部门支出总表</h3><p>单位：元</p>"
        "<table><thead><tr><th rowspan='2'>科目编码</th><th rowspan='2'>科目名称</th><th colspan='3'>本年预算</th></tr>"
        "<tr><th>合计</th><th>基本支出</th><th>项目支出</th></tr></thead>"
        f"<tbody>{body}</tbody></table><p>注：本表无数据的科目不列示。</p></body></html>"
    )
    result = read_bytes(page.encode("utf-8"), "表.htm")
    assert [type(b).__name__ for b in result.blocks] == ["Paragraph", "Paragraph", "Grid", "Paragraph"]
    (grid,) = grids(result.blocks)
    assert grid.texts() == EXPECTED
    assert spans(grid) == SPANS


def test_html_rowspan_in_the_middle_and_at_the_end() -> None:
    page = (
        "<table><tr><td>项目</td><td>金额</td><td>备注</td></tr>"
        "<tr><td rowspan='3'>基本支出</td><td>1.00</td><td rowspan='2'>含工资</td></tr>"
        "<tr><td>2.00</td></tr><tr><td>3.00</td><td>无</td></tr></table>"
    )
    (grid,) = grids(read_bytes(page.encode(), "a.html").blocks)
    assert grid.texts() == [
        ["项目", "金额", "备注"], ["基本支出", "1.00", "含工资"], ["", "2.00", ""], ["", "3.00", "无"]
    ]


def _docx_table() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("部门支出总表")
    table = document.add_table(rows=len(EXPECTED), cols=5)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "科目编码"
    table.cell(0, 1).merge(table.cell(1, 1)).text = "科目名称"
    table.cell(0, 2).merge(table.cell(0, 4)).text = "本年预算"
    for c, text in enumerate(HEADER_LOW[2:], start=2):
        table.cell(1, c).text = text
    for r, row in enumerate(BODY, start=2):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    # A table nested in the last cell: its rows follow the row holding it.
    inner = table.cell(4, 4).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "附"
    inner.cell(0, 1).text = "说明"
    document.add_paragraph("注：表内数字均为预算数。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_merged_header_and_nested_table() -> None:
    result = read_bytes(_docx_table(), "表.docx")
    assert [type(b).__name__ for b in result.blocks] == ["Paragraph", "Grid", "Paragraph"]
    (grid,) = grids(result.blocks)
    assert grid.texts() == [*EXPECTED, ["附", "说明"]]
    assert spans(grid) == [*SPANS, [1, 1]]
    assert isinstance(result.blocks[2], Paragraph)
    assert result.blocks[2].text == "注：表内数字均为预算数。"


def _xlsx_book() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "支出总表"
    ws["A1"] = "部门支出总表"
    ws.merge_cells("A1:E1")
    ws["A2"] = "单位：元"
    ws["A3"], ws["B3"], ws["C3"] = HEADER_TOP
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:E3")
    ws["C4"], ws["D4"], ws["E4"] = HEADER_LOW[2:]
    for r, row in enumerate(BODY, start=5):
        for c, text in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if c <= 2:
                cell.value = text
            else:  # a float, an int and a Decimal: all come back as printed
                number = Decimal(text.replace(",", ""))
                cell.value = float(number) if c == 3 else int(number) if number == int(number) else number
                cell.number_format = "#,##0.00"
    # A second table on the same sheet, after a blank row.
    ws["A9"], ws["B9"] = "项目", "预算数"
    ws["A10"], ws["B10"] = "合计", 39000
    ws["B10"].number_format = "#,##0.00"
    ws["A11"], ws["B11"] = "公务接待费", 0.1 + 0.2
    ws["B11"].number_format = "0.00"
    hidden = wb.create_sheet("草稿")
    hidden["A1"] = "不公开"
    hidden.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_xlsx_merges_two_tables_and_formats() -> None:
    result = read_bytes(_xlsx_book(), "表.xlsx")
    assert [type(b).__name__ for b in result.blocks] == ["Paragraph", "Paragraph", "Grid", "Grid"]
    assert [b.text for b in result.blocks if isinstance(b, Paragraph)] == ["部门支出总表", "单位：元"]
    first, second = grids(result.blocks)
    assert first.texts() == EXPECTED
    assert spans(first) == SPANS
    assert [c.ref for c in first.rows[2]] == ["A5", "B5", "C5", "D5", "E5"]
    assert (first.sheet, second.sheet) == ("支出总表", "支出总表")
    assert second.texts() == [["项目", "预算数"], ["合计", "39,000.00"], ["公务接待费", "0.30"]]
    assert result.warnings == ["工作表「草稿」是隐藏的，已跳过"]


def test_xls_merges_and_formats() -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("支出总表")
    money = xlwt.easyxf(num_format_str="#,##0.00")
    sheet.write_merge(0, 0, 0, 4, "部门支出总表")
    sheet.write_merge(2, 3, 0, 0, "科目编码")
    sheet.write_merge(2, 3, 1, 1, "科目名称")
    sheet.write_merge(2, 2, 2, 4, "本年预算")
    for c, text in enumerate(HEADER_LOW[2:], start=2):
        sheet.write(3, c, text)
    for r, row in enumerate(BODY, start=4):
        for c, text in enumerate(row):
            if c <= 1:
                sheet.write(r, c, text)
            else:
                sheet.write(r, c, float(Decimal(text.replace(",", ""))), money)
    out = io.BytesIO()
    book.save(out)
    result = read_bytes(out.getvalue(), "表.xls")
    assert result.format == "xls"
    assert [type(b).__name__ for b in result.blocks] == ["Paragraph", "Grid"]
    (grid,) = grids(result.blocks)
    assert grid.texts() == EXPECTED
    assert spans(grid) == SPANS
    assert grid.rows[2][2].ref == "C5"


def test_doc_without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64 + "WordDocument".encode("utf-16-le") + b"\0" * 64
    with pytest.raises(ReadError) as err:
        read_bytes(ole, "旧.doc")
    assert str(err.value) == (
        "旧.doc：Word 97-2003（.doc）文件需要 LibreOffice 转换（未找到 soffice）；请安装 LibreOffice，或另存为 .docx 后再读取"
    )


def test_image_pixel_limit() -> None:
    pytest.importorskip("rapidocr_onnxruntime")
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (400, 300), 255).save(out, format="PNG")
    with pytest.raises(ReadError) as err:
        read_bytes(out.getvalue(), "大图.png", Limits(max_pixels=100_000))
    assert str(err.value) == "大图.png：图片过大（400×300 像素，上限 0.1 百万像素）"
    with pytest.raises(ReadError, match=r"^坏\.png：图片已损坏，无法打开（UnidentifiedImageError）$"):
        read_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "坏.png")


def test_doc_and_wps_through_libreoffice(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    """The conversion plumbing, with a stand-in ``soffice`` that writes a prepared .docx."""
    import os
    import sys
    from pathlib import Path

    folder = Path(str(tmp_path))
    prepared = folder / "prepared.docx"
    prepared.write_bytes(_docx_table())
    script = folder / "soffice"
    script.write_text(
        f"#!{sys.executable}\n"
        "import shutil, sys\n"
        "args = sys.argv[1:]\n"
        "assert '--headless' in args and args[args.index('--convert-to') + 1] == 'docx'\n"
        "out = args[args.index('--outdir') + 1]\n"
        "src = args[-1]\n"
        "stem = src.rsplit('/', 1)[-1].rsplit('.', 1)[0]\n"
        f"shutil.copy({str(prepared)!r}, out + '/' + stem + '.docx')\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64
    for marker, fmt in (("WordDocument", "doc"), ("WpsContent", "wps")):
        data = ole + marker.encode("utf-16-le") + b"\0" * 64
        result = read_bytes(data, f"旧.{fmt}")
        assert result.format == fmt
        assert result.size == len(data)
        (grid,) = grids(result.blocks)
        assert grid.texts() == [*EXPECTED, ["附", "说明"]]
