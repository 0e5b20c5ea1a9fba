"""Readers: any published file → :class:`ReadResult` (blocks with locations).

``read_file`` sniffs the format from the content, not the extension, and dispatches to the
reader of that format: text dumps, .docx, .xlsx, .xls, .ods/.odt, .html, PDF (text layer, or
OCR for scans), images (OCR), and .doc/.wps through LibreOffice when it is installed.
"""

from __future__ import annotations

from pathlib import Path

from budgetlens.errors import ReadError
from budgetlens.read import sniff as _sniff
from budgetlens.read.blocks import Block, Cell, Grid, Paragraph, ReadResult
from budgetlens.read.limits import DEFAULT_LIMITS, Limits, check_size
from budgetlens.read.text import read_text

__all__ = ["Block", "Cell", "Grid", "Limits", "Paragraph", "ReadResult", "read_bytes", "read_file"]


def read_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > limits.max_bytes:
            raise ReadError(f"文件过大（{size / 1024 / 1024:.1f} MB，上限 {limits.max_bytes // (1024 * 1024)} MB）",
                            str(p))
        data = p.read_bytes()
    except FileNotFoundError:
        raise ReadError("文件不存在", str(p)) from None
    except IsADirectoryError:
        raise ReadError("这是一个文件夹，不是文件", str(p)) from None
    except OSError as exc:
        raise ReadError(f"无法读取文件（{exc.strerror or exc}）", str(p)) from None
    return read_bytes(data, str(p), limits)


def read_bytes(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    """Read a document given as bytes; ``name`` is used in messages and locations."""
    check_size(data, name, limits)
    if not data.strip():
        raise ReadError("文件为空", name)
    fmt = _sniff.sniff(data)
    if fmt == _sniff.DOCX:
        from budgetlens.read.docx import read_docx

        return read_docx(data, name, limits)
    if fmt == _sniff.XLSX:
        from budgetlens.read.xlsx import read_xlsx

        return read_xlsx(data, name, limits)
    if fmt in (_sniff.ODS, _sniff.ODT):
        from budgetlens.read.odf import read_odf

        return read_odf(data, name, limits)
    if fmt == _sniff.XLS:
        from budgetlens.read.xls import read_xls

        return read_xls(data, name, limits)
    if fmt == _sniff.HTML:
        from budgetlens.read.html import read_html

        return read_html(data, name)
    if fmt == _sniff.PDF:
        from budgetlens.read.pdf import read_pdf

        return read_pdf(data, name, limits)
    if fmt in _sniff.IMAGE_FORMATS:
        from budgetlens.read.ocr import read_image

        return read_image(data, name, limits)
    if fmt in (_sniff.DOC, _sniff.WPS):
        from budgetlens.read.docx import read_docx
        from budgetlens.read.office import convert_with_libreoffice

        converted = convert_with_libreoffice(data, name, fmt)
        result = read_docx(converted, name, limits)
        result.format = fmt
        result.sha256, result.size = _digest(data), len(data)
        return result
    if fmt == _sniff.OLE_ENCRYPTED:
        raise ReadError("文件已加密（有密码保护），请先取消密码再读取", name)
    if fmt == _sniff.OLE_OTHER:
        raise ReadError("无法识别的 Office 97-2003 文件（不是 Word/Excel/WPS 文档）", name)
    if fmt == _sniff.ZIP_OTHER:
        raise ReadError("这是一个压缩包或不支持的文件格式（如 OFD），请解压或另存为 PDF/Word/Excel 后再读取", name)
    return read_text(name, data)


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()
