"""Excel 97-2003 (.xls) workbooks via xlrd, numbers as printed by their formats."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

from budgetlens.errors import ReadError
from budgetlens.read.blocks import Block, ReadResult
from budgetlens.read.limits import DEFAULT_LIMITS, Deadline, Limits
from budgetlens.read.office import Merge, sheet_blocks, value_text


def read_xls(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception:
        try:  # formatting info is not supported for every BIFF version
            book = xlrd.open_workbook(file_contents=data, on_demand=True)
        except Exception as exc:
            text = str(exc)
            if "encrypt" in text.lower() or "password" in text.lower():
                raise ReadError("Excel 工作簿已加密（有密码保护），请先取消密码再读取", name) from None
            raise ReadError(f"Excel 97-2003 工作簿已损坏，无法打开（{type(exc).__name__}）", name) from None
    deadline = Deadline(name, limits.deadline)
    blocks: list[Block] = []
    warnings: list[str] = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            deadline.check(f"工作表「{sheet.name}」")
            if getattr(sheet, "visibility", 0):
                warnings.append(f"工作表「{sheet.name}」是隐藏的，已跳过")
                continue
            texts: dict[tuple[int, int], str] = {}
            for r in range(sheet.nrows):
                for c in range(sheet.ncols):
                    cell = sheet.cell(r, c)
                    text = _cell_text(book, cell)
                    if text:
                        texts[(r, c)] = text
            merges = [Merge(r1, c1, r2 - 1, c2 - 1) for r1, r2, c1, c2 in getattr(sheet, "merged_cells", [])]
            blocks.extend(sheet_blocks(texts, merges, sheet.name))
            book.unload_sheet(index)
    finally:
        book.release_resources()
    if not blocks:
        raise ReadError("Excel 工作簿没有可读的内容（所有工作表都是空的）", name)
    return ReadResult(
        path=name, format="xls", blocks=blocks, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
        warnings=warnings,
    )


def _cell_text(book: object, cell: object) -> str:
    import xlrd

    ctype = getattr(cell, "ctype", 0)
    value = getattr(cell, "value", None)
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if ctype == xlrd.XL_CELL_TEXT:
        return str(value).strip()
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return "是" if value else "否"
    fmt = _format_of(book, cell)
    if ctype == xlrd.XL_CELL_DATE:
        try:
            return value_text(datetime(*xlrd.xldate_as_tuple(value, getattr(book, "datemode", 0))))
        except Exception:
            return value_text(value, fmt)
    return value_text(value, fmt)


def _format_of(book: object, cell: object) -> str | None:
    xf_index = getattr(cell, "xf_index", None)
    xf_list = getattr(book, "xf_list", None)
    format_map = getattr(book, "format_map", None)
    if xf_index is None or not xf_list or not format_map:
        return None
    try:
        fmt = format_map[xf_list[xf_index].format_key].format_str
    except (IndexError, KeyError, AttributeError):
        return None
    return str(fmt) if fmt and not re.fullmatch(r"(?i)general", str(fmt)) else None
