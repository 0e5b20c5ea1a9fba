"""Excel 2007+ (.xlsx) workbooks via openpyxl (read-only, cached values).

Every sheet is read in order; numbers come back as printed, using the cell's number format
(``76582425`` with ``#,##0.00`` → ``76,582,425.00``). Merged ranges are read from the sheet XML
(the read-only mode of openpyxl does not expose them).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import zipfile
from typing import Any

from budgetlens.errors import ReadError
from budgetlens.read.blocks import Block, ReadResult
from budgetlens.read.limits import DEFAULT_LIMITS, Deadline, Limits, check_zip
from budgetlens.read.office import Merge, parse_range, sheet_blocks, value_text

_MAX_CELLS = 2_000_000


def read_xlsx(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    check_zip(data, name, limits)
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on broken packages
        raise ReadError(_broken(exc), name) from None
    deadline = Deadline(name, limits.deadline)
    blocks: list[Block] = []
    warnings: list[str] = []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        cells = 0
        for ws in wb.worksheets:
            deadline.check(f"工作表「{ws.title}」")
            if getattr(ws, "sheet_state", "visible") != "visible":
                warnings.append(f"工作表「{ws.title}」是隐藏的，已跳过")
                continue
            texts: dict[tuple[int, int], str] = {}
            # The <dimension> a file declares is not trusted: a tiny file claiming A1:XFD1048576
            # would otherwise be padded with empty cells to a billion.
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()
            for row in ws.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    if value is None:
                        continue
                    cells += 1
                    if cells % 100_000 == 0:
                        deadline.check(f"工作表「{ws.title}」")
                    if cells > _MAX_CELLS:
                        raise ReadError(f"单元格过多（超过 {_MAX_CELLS} 个）", name, f"工作表「{ws.title}」")
                    text = value_text(value, getattr(cell, "number_format", None))
                    if text:
                        texts[(int(cell.row or 1) - 1, int(cell.column or 1) - 1)] = text
            merges = _merges(archive, ws)
            blocks.extend(sheet_blocks(texts, merges, ws.title))
            if _uncached_formulas(archive, ws):
                warnings.append(f"工作表「{ws.title}」有公式没有保存计算结果，这些单元格读为空；"
                                "请用 Excel 或 WPS 打开并保存后再读取")
    except ReadError:
        raise
    except Exception as exc:  # a sheet is parsed lazily while its rows are read
        raise ReadError(_broken(exc), name) from None
    finally:
        wb.close()
    if not blocks:
        raise ReadError("Excel 工作簿没有可读的内容（所有工作表都是空的）", name)
    return ReadResult(
        path=name, format="xlsx", blocks=blocks, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
        warnings=warnings,
    )


def _broken(exc: BaseException) -> str:
    seen: BaseException | None = exc
    for _ in range(5):  # openpyxl wraps the parser's error in its own
        if seen is None:
            break
        if type(seen).__module__.startswith("defusedxml"):
            return "Excel 工作簿含有不安全的 XML（DTD/实体声明），已拒绝读取"
        seen = seen.__cause__ or seen.__context__
    return f"Excel 工作簿已损坏，无法打开（{type(exc).__name__}）"


# A formula (<f>…</f> or <f …/>) followed by no value or an empty one (<v></v>, <v/>).
_UNCACHED = re.compile(rb"(?:</f>|<f\b[^>]*/>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")


def _uncached_formulas(archive: zipfile.ZipFile, ws: Any) -> bool:
    """Whether a formula cell has no cached value (files written by libraries, never opened)."""
    path = getattr(ws, "_worksheet_path", None)
    if not path:
        return False
    try:
        with archive.open(path.lstrip("/")) as fh:
            head = fh.read(20 * 1024 * 1024)
    except (KeyError, zipfile.BadZipFile, OSError):
        return False
    return _UNCACHED.search(head) is not None


def _merges(archive: zipfile.ZipFile, ws: Any) -> list[Merge]:
    path = getattr(ws, "_worksheet_path", None)
    if not path:
        return []
    from lxml import etree  # type: ignore[import-untyped]

    out: list[Merge] = []
    try:
        with archive.open(path.lstrip("/")) as fh:
            for _event, el in etree.iterparse(fh, events=("end",), tag="{*}mergeCell", resolve_entities=False,
                                              no_network=True):
                ref = el.get("ref")
                if ref:
                    with contextlib.suppress(ValueError):
                        out.append(parse_range(ref))
                el.clear()
    except (KeyError, etree.XMLSyntaxError):
        return out
    return out
