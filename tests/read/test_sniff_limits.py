"""Format by content, and the limits that refuse hostile or broken files with one clear line."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from budgetlens.errors import ReadError
from budgetlens.read import Limits, read_bytes, read_file
from budgetlens.read.limits import Deadline, check_zip
from budgetlens.read.office import format_number, parse_range
from budgetlens.read.sniff import sniff
from tests.read import builders


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def test_sniff_by_content(example_text: object) -> None:
    blocks = read_file(Path(__file__).resolve().parents[2] / "examples" / "yunxi_2024_budget.txt").blocks
    assert sniff(builders.to_docx(blocks)) == "docx"
    assert sniff(builders.to_xlsx(blocks)) == "xlsx"
    assert sniff(builders.to_html(blocks)) == "html"
    assert sniff(b"%PDF-1.7\n...") == "pdf"
    assert sniff(b"\x89PNG\r\n\x1a\n....") == "png"
    assert sniff(b"\xff\xd8\xff\xe0....") == "jpeg"
    assert sniff(b"II*\x00....") == "tiff"
    assert sniff("一、部门职责\n".encode("gb18030")) == "txt"
    assert sniff(b"\xef\xbb\xbf<html><body><p>x</p></body></html>") == "html"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100
    assert sniff(ole + "Workbook".encode("utf-16-le")) == "xls"
    assert sniff(ole + "WordDocument".encode("utf-16-le")) == "doc"
    assert sniff(ole + "EncryptedPackage".encode("utf-16-le")) == "ole-encrypted"
    assert sniff(_zip({"OFD.xml": b"<ofd/>"})) == "zip"


def test_misnamed_file_is_read_by_content(tmp_path: Path, example_text: object) -> None:
    blocks = read_file(Path(__file__).resolve().parents[2] / "examples" / "yunxi_2024_budget.txt").blocks
    path = tmp_path / "表格.pdf"
    path.write_bytes(builders.to_xlsx(blocks))
    assert read_file(path).format == "xlsx"


def test_zip_bomb_refused() -> None:
    data = _zip({"word/document.xml": b"\0" * (20 * 1024 * 1024)})
    with pytest.raises(ReadError) as err:
        read_bytes(data, "炸弹.docx")
    assert str(err.value).startswith("炸弹.docx：疑似压缩炸弹：成员「word/document.xml」压缩比")
    with pytest.raises(ReadError, match="解压后共 20 MB，上限 10 MB"):
        check_zip(data, "x.docx", Limits(max_unzipped=10 * 1024 * 1024, max_ratio=1e9))


def test_size_limit_and_corrupt_files(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^大\.txt：文件过大（2\.0 MB，上限 1 MB）$"):
        read_bytes(b"a" * (2 * 1024 * 1024), "大.txt", Limits(max_bytes=1024 * 1024))
    big = tmp_path / "大.txt"
    big.write_bytes(b"a" * (2 * 1024 * 1024))
    with pytest.raises(ReadError, match="文件过大"):
        read_file(big, Limits(max_bytes=1024 * 1024))
    broken = _zip({"word/document.xml": b"<w:document>not xml"})
    with pytest.raises(ReadError, match=r"^坏\.docx：Word 文档已损坏，无法打开"):
        read_bytes(broken, "坏.docx")
    with pytest.raises(ReadError, match=r"^坏\.xlsx：Excel 工作簿已损坏，无法打开"):
        read_bytes(_zip({"xl/workbook.xml": b"<x"}), "坏.xlsx")
    with pytest.raises(ReadError, match=r"^坏\.pdf：PDF 文件已损坏，无法打开$"):
        read_bytes(b"%PDF-1.4\n garbage", "坏.pdf")
    with pytest.raises(ReadError, match=r"^密\.xlsx：文件已加密（有密码保护），请先取消密码再读取$"):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "密.xlsx")
    with pytest.raises(ReadError, match=r"^a\.ofd：这是一个压缩包或不支持的文件格式"):
        read_bytes(_zip({"OFD.xml": b"<ofd/>"}), "a.ofd")


def test_encrypted_zip_member_refused() -> None:
    data = bytearray(_zip({"word/document.xml": b"<x/>"}))
    # Set the "encrypted" flag bit in the local and central headers.
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        at = data.find(sig)
        flag_at = at + (6 if sig == b"PK\x03\x04" else 8)
        data[flag_at] |= 1
    with pytest.raises(ReadError, match=r"^x\.docx：文件已加密（有密码保护），请先取消密码再读取$"):
        read_bytes(bytes(data), "x.docx")


def test_deadline() -> None:
    deadline = Deadline("慢.pdf", seconds=0.0)
    with pytest.raises(ReadError, match=r"^慢\.pdf 第3页：读取超时（超过 0 秒），已停止$"):
        deadline.check("第3页")


def test_numbers_as_printed() -> None:
    assert format_number(76582425, "#,##0.00") == "76,582,425.00"
    assert format_number(0.1 + 0.2, "0.00") == "0.30"
    assert format_number(1234.5, "General") == "1234.5"
    assert format_number(1234.0, None) == "1234"
    assert format_number(2.675, "0.00") == "2.68"  # half-up on the printed value, not binary
    assert format_number(0.1234, "0.0%") == "12.3%"
    assert format_number(-1500, "#,##0.00;(#,##0.00)") == "(1,500.00)"
    assert format_number(-1500, "#,##0;-#,##0") == "-1,500"
    assert format_number(12.5, '#,##0.00"万元"') == "12.50"
    assert parse_range("B2:D3").__repr__() == "Merge(top=1, left=1, bottom=2, right=3)"
