"""Word and Excel packages with hand-written XML: text boxes, tracked changes, external entities."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from budgetlens.errors import ReadError
from budgetlens.read import Grid, Paragraph, read_bytes


def _docx_with_body(body: str, doctype: str = "") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("占位")
    base = io.BytesIO()
    document.save(base)
    source = zipfile.ZipFile(base)
    xml = source.read("word/document.xml").decode("utf-8")
    xml = re.sub(r"<w:body>.*?(<w:sectPr)", lambda m: "<w:body>" + body + m.group(1), xml, flags=re.S)
    if doctype:
        xml = xml.replace("<w:document ", doctype + "<w:document ", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = xml.encode("utf-8") if info.filename == "word/document.xml" else source.read(info.filename)
            target.writestr(info, data)
    return out.getvalue()


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def test_docx_text_box_read_once_and_tracked_changes() -> None:
    text_box = (
        "<w:p><w:r><w:t>附件：</w:t></w:r><w:r><mc:AlternateContent>"
        "<mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>" + _p("公开表格")
        + "</w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>" + _p("公开表格")
        + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    tracked = (
        "<w:p><w:r><w:t>收入预算</w:t></w:r><w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>5000</w:delText>"
        "<w:t>5000</w:t></w:r></w:del><w:ins w:id=\"2\" w:author=\"a\"><w:r><w:t>5586.40</w:t></w:r></w:ins>"
        "<w:r><w:t>万元</w:t></w:r></w:p>"
    )
    result = read_bytes(_docx_with_body(text_box + tracked), "框.docx")
    assert [b.text for b in result.blocks if isinstance(b, Paragraph)] == ["附件：公开表格", "收入预算5586.40万元"]


def test_docx_external_entity_not_resolved() -> None:
    doctype = '<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
    data = _docx_with_body(_p("单位：&secret;元"), doctype)
    result = read_bytes(data, "实体.docx")
    # The entity is left unresolved (and dropped): nothing is read from the disk.
    assert [b.text for b in result.blocks if isinstance(b, Paragraph)] == ["单位："]


def test_xlsx_external_entity_refused_or_ignored() -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"], ws["B1"] = "项目", "金额"
    ws["A2"], ws["B2"] = "合计", "x"
    base = io.BytesIO()
    wb.save(base)
    source = zipfile.ZipFile(base)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                text = text.replace("<worksheet", '<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/hostname">]><worksheet', 1)
                data = text.encode("utf-8")
            target.writestr(info, data)
    with pytest.raises(ReadError) as err:
        read_bytes(out.getvalue(), "实体.xlsx")
    assert str(err.value) == "实体.xlsx：Excel 工作簿含有不安全的 XML（DTD/实体声明），已拒绝读取"


def test_xlsx_declared_dimension_not_trusted() -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["B2"], ws["C2"] = "项目", "金额"
    ws["B3"], ws["C3"] = "合计", 12.5
    base = io.BytesIO()
    wb.save(base)
    source = zipfile.ZipFile(base)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
            target.writestr(info, data)
    result = read_bytes(out.getvalue(), "大表.xlsx")
    (grid,) = [b for b in result.blocks if isinstance(b, Grid)]
    assert grid.texts() == [["项目", "金额"], ["合计", "12.5"]]
    assert [c.ref for row in grid.rows for c in row] == ["B2", "C2", "B3", "C3"]


@pytest.mark.parametrize("member", ["word/document.xml", "xl/workbook.xml"])
def test_billion_laughs_refused(member: str) -> None:
    laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    ) + "]><lolz>&lol9;</lolz>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("[Content_Types].xml", "<Types/>")
        target.writestr(member, laughs)
    with pytest.raises(ReadError) as err:
        read_bytes(out.getvalue(), "笑.bin")
    assert re.match(r"^笑\.bin：(Word 文档|Excel 工作簿)已损坏，无法打开（\w+）$", str(err.value))


def test_xlsx_formulas_without_cached_values_warned() -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "收支总表"
    ws["A1"], ws["B1"] = "项目", "金额"
    ws["A2"], ws["B2"] = "事业收入", 100
    ws["A3"], ws["B3"] = "合计", "=SUM(B2:B2)"  # openpyxl stores no cached result
    out = io.BytesIO()
    wb.save(out)
    result = read_bytes(out.getvalue(), "公式.xlsx")
    (grid,) = [b for b in result.blocks if isinstance(b, Grid)]
    assert grid.texts() == [["项目", "金额"], ["事业收入", "100"], ["合计", ""]]
    assert result.warnings == [
        "工作表「收支总表」有公式没有保存计算结果，这些单元格读为空；请用 Excel 或 WPS 打开并保存后再读取"
    ]
