"""OpenDocument spreadsheets and text documents (as LibreOffice and WPS save them)."""

from __future__ import annotations

import io
import zipfile

import pytest

from budgetlens.errors import ReadError
from budgetlens.read import Grid, Paragraph, read_bytes
from budgetlens.read.sniff import sniff
from tests.read.test_merged_cells import BODY, EXPECTED, SPANS

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def package(mime: str, body: str, encrypted: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mime)  # stored, first, as the standard asks
        content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}><office:body>{body}</office:body></office:document-content>'
        z.writestr("content.xml", content)
        manifest = "<manifest:manifest><manifest:file-entry>" + (
            "<manifest:encryption-data/>" if encrypted else "") + "</manifest:file-entry></manifest:manifest>"
        z.writestr("META-INF/manifest.xml", manifest)
    return out.getvalue()


def cell(text: str, across: int = 1, down: int = 1, value: str | None = None) -> str:
    attrs = ""
    if across > 1:
        attrs += f' table:number-columns-spanned="{across}"'
    if down > 1:
        attrs += f' table:number-rows-spanned="{down}"'
    if value is not None:
        attrs += f' office:value-type="float" office:value="{value}"'
    return f"<table:table-cell{attrs}><text:p>{text}</text:p></table:table-cell>" if text else "<table:table-cell/>"


COVERED = "<table:covered-table-cell/>"


def header_rows() -> str:
    top = cell("科目编码", down=2) + cell("科目名称", down=2) + cell("本年预算", across=3) + COVERED * 2
    low = COVERED * 2 + "".join(cell(t) for t in EXPECTED[1][2:])
    return f"<table:table-header-rows><table:table-row>{top}</table:table-row><table:table-row>{low}</table:table-row></table:table-header-rows>"


def body_rows() -> str:
    rows = []
    for row in BODY:
        cells = "".join(cell(t, value=t.replace(",", "") if i >= 2 else None) for i, t in enumerate(row))
        rows.append(f"<table:table-row>{cells}</table:table-row>")
    return "".join(rows)


def test_ods_sheets_merges_and_printed_figures() -> None:
    sheet = (
        '<office:spreadsheet><table:table table:name="支出总表">'
        f'<table:table-row>{cell("部门支出总表", across=5)}{COVERED * 4}</table:table-row>'
        '<table:table-row table:number-rows-repeated="1"><table:table-cell table:number-columns-repeated="5"/></table:table-row>'
        f"{header_rows()}{body_rows()}"
        '<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
        '</table:table><table:table table:name="说明">'
        f'<table:table-row><table:table-cell table:number-columns-repeated="2"/>{cell("注：单位为元。")}</table:table-row>'
        "</table:table></office:spreadsheet>"
    )
    data = package("application/vnd.oasis.opendocument.spreadsheet", sheet)
    assert sniff(data) == "ods"
    result = read_bytes(data, "表.ods")
    assert result.format == "ods"
    assert [type(b).__name__ for b in result.blocks] == ["Paragraph", "Grid", "Paragraph"]
    grid = result.blocks[1]
    assert isinstance(grid, Grid)
    assert grid.texts() == EXPECTED
    assert [[c.colspan for c in row] for row in grid.rows] == SPANS
    assert [c.ref for c in grid.rows[2]] == ["A5", "B5", "C5", "D5", "E5"]
    note = result.blocks[2]
    assert isinstance(note, Paragraph)
    assert (note.text, note.sheet) == ("注：单位为元。", "说明")


def test_odt_paragraphs_tables_and_lists_in_order() -> None:
    text = (
        "<office:text><text:h>一、部门职责</text:h><text:p>主要职责<text:s text:c=\"2\"/>如下。</text:p>"
        "<text:list><text:list-item><text:p>（一）负责预算编制。</text:p></text:list-item></text:list>"
        f"<table:table>{header_rows()}<table:table-rows>{body_rows()}</table:table-rows></table:table>"
        "<text:p>注：本表<text:note><text:note-body><text:p>脚注</text:p></text:note-body></text:note>为预算数。</text:p>"
        "</office:text>"
    )
    data = package("application/vnd.oasis.opendocument.text", text)
    assert sniff(data) == "odt"
    result = read_bytes(data, "说明.odt")
    assert result.format == "odt"
    assert [b.text if isinstance(b, Paragraph) else "<表>" for b in result.blocks] == [
        "一、部门职责", "主要职责  如下。", "（一）负责预算编制。", "<表>", "注：本表为预算数。"
    ]
    grid = result.blocks[3]
    assert isinstance(grid, Grid)
    assert grid.texts() == EXPECTED
    assert [[c.colspan for c in row] for row in grid.rows] == SPANS


def test_odf_encrypted_and_broken() -> None:
    with pytest.raises(ReadError) as err:
        read_bytes(package("application/vnd.oasis.opendocument.text", "", encrypted=True), "密.odt")
    assert str(err.value) == "密.odt：文件已加密（有密码保护），请先取消密码再读取"
    broken = package("application/vnd.oasis.opendocument.spreadsheet", "<office:spreadsheet>")
    with pytest.raises(ReadError) as err:
        read_bytes(broken, "坏.ods")
    assert str(err.value) == "坏.ods：OpenDocument 文件已损坏（content.xml 无法解析）"
