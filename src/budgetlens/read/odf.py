"""OpenDocument files (.ods spreadsheets, .odt text documents, as saved by LibreOffice and WPS).

``content.xml`` is parsed with lxml without entities or network. Spreadsheet cells keep the text
the application printed (``<text:p>`` holds ``76,582,425.00``, not the bare number), so figures
come back exactly as shown. Sheets are cut into blocks like the Excel readers do; in text
documents paragraphs and tables keep their order, a spanned cell is one :class:`Cell` with
``colspan`` and a cell covered by a row span above is an empty cell.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any

from budgetlens.errors import ReadError
from budgetlens.read.blocks import Block, Cell, Grid, Paragraph, ReadResult
from budgetlens.read.limits import DEFAULT_LIMITS, Deadline, Limits, check_zip
from budgetlens.read.office import Merge, sheet_blocks

_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ROW_CONTAINERS = {f"{_TABLE}table-header-rows", f"{_TABLE}table-rows", f"{_TABLE}table-row-group"}
_CELL, _COVERED, _ROW = f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell", f"{_TABLE}table-row"
# Repeated empty rows/columns pad sheets to their full size; repeated content is capped.
_MAX_REPEAT = 1000

ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
ODT_MIME = "application/vnd.oasis.opendocument.text"


def read_odf(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    check_zip(data, name, limits)
    from lxml import etree  # type: ignore[import-untyped]

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = set(archive.namelist())
        try:
            mime = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in members else ""
            manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in members else b""
            if b"encryption-data" in manifest:
                raise ReadError("文件已加密（有密码保护），请先取消密码再读取", name)
            content = archive.read("content.xml")
        except KeyError:
            raise ReadError("OpenDocument 文件已损坏（缺少 content.xml）", name) from None
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ReadError(f"OpenDocument 文件已损坏，无法打开（{type(exc).__name__}）", name) from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError:
        raise ReadError("OpenDocument 文件已损坏（content.xml 无法解析）", name) from None
    deadline = Deadline(name, limits.deadline)
    spreadsheet = root.find(f"{_OFFICE}body/{_OFFICE}spreadsheet")
    if spreadsheet is not None or mime == ODS_MIME:
        blocks = _spreadsheet_blocks(spreadsheet, deadline) if spreadsheet is not None else []
        fmt = "ods"
    else:
        body = root.find(f"{_OFFICE}body/{_OFFICE}text")
        blocks = []
        if body is not None:
            _walk_text(body, blocks, deadline)
        fmt = "odt"
    if not blocks:
        raise ReadError("OpenDocument 文件没有可读的内容", name)
    return ReadResult(
        path=name, format=fmt, blocks=blocks, sha256=hashlib.sha256(data).hexdigest(), size=len(data)
    )


def _int(el: Any, attr: str) -> int:
    try:
        return max(1, int(el.get(f"{_TABLE}{attr}", "1")))
    except ValueError:
        return 1


def text_of(el: Any) -> str:
    """Text of a paragraph-like element: spaces (``text:s``), tabs and line breaks expanded."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == f"{_TEXT}s":
                parts.append(" " * _count(child))
            elif tag == f"{_TEXT}tab":
                parts.append("\t")
            elif tag == f"{_TEXT}line-break":
                parts.append("\n")
            elif tag in (f"{_TEXT}note", f"{_OFFICE}annotation"):
                pass  # footnotes and comments are not body text
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts).strip()


def _count(el: Any) -> int:
    try:
        return max(1, min(1000, int(el.get(f"{_TEXT}c", "1"))))
    except ValueError:
        return 1


def _cell_text(cell: Any) -> str:
    lines = [text_of(p) for p in cell if isinstance(p.tag, str) and p.tag in (f"{_TEXT}p", f"{_TEXT}h")]
    return "\n".join(line for line in lines if line)


def _rows(table: Any) -> list[Any]:
    out: list[Any] = []
    for child in table:
        if child.tag == _ROW:
            out.append(child)
        elif child.tag in _ROW_CONTAINERS:
            out.extend(_rows(child))
    return out


# ---------------------------------------------------------------- spreadsheets


def _spreadsheet_blocks(spreadsheet: Any, deadline: Deadline) -> list[Block]:
    blocks: list[Block] = []
    for table in spreadsheet.iter(f"{_TABLE}table"):
        sheet = table.get(f"{_TABLE}name", "")
        deadline.check(f"工作表「{sheet}」")
        texts: dict[tuple[int, int], str] = {}
        merges: list[Merge] = []
        r = 0
        for row in _rows(table):
            cells = [c for c in row if c.tag in (_CELL, _COVERED)]
            row_repeat = _int(row, "number-rows-repeated")
            filled = any(_cell_text(c) for c in cells)
            for _ in range(min(row_repeat, _MAX_REPEAT) if filled else 1):
                c = 0
                for cell in cells:
                    repeat = _int(cell, "number-columns-repeated")
                    text = _cell_text(cell) if cell.tag == _CELL else ""
                    for _k in range(min(repeat, _MAX_REPEAT) if text else 1):
                        if text:
                            texts[(r, c)] = text
                        across, down = _int(cell, "number-columns-spanned"), _int(cell, "number-rows-spanned")
                        if cell.tag == _CELL and (across > 1 or down > 1):
                            merges.append(Merge(r, c, r + down - 1, c + across - 1))
                        c += 1
                    if not text:
                        c += repeat - 1
                r += 1
            if not filled:
                r += row_repeat - 1
        blocks.extend(sheet_blocks(texts, merges, sheet))
    return blocks


# ---------------------------------------------------------------- text documents


def _walk_text(parent: Any, blocks: list[Block], deadline: Deadline) -> None:
    for child in parent:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in (f"{_TEXT}p", f"{_TEXT}h"):
            text = text_of(child)
            if text:
                blocks.append(Paragraph(text=text))
        elif tag == f"{_TABLE}table":
            deadline.check()
            rows = table_rows(child)
            if rows:
                blocks.append(Grid(rows=rows))
        elif tag in (f"{_TEXT}list", f"{_TEXT}list-item", f"{_TEXT}section", f"{_TEXT}list-header"):
            _walk_text(child, blocks, deadline)


def table_rows(table: Any) -> list[list[Cell]]:
    """One Cell per distinct cell; slots covered by a row span above get an empty cell."""
    rows: list[list[Cell]] = []
    pending: dict[int, tuple[int, int]] = {}  # slot → (rows still covered, width)
    for tr in _rows(table):
        row: list[Cell] = []
        nested: list[list[Cell]] = []
        slot = 0
        skip = 0  # covered cells left of the current horizontal span
        for cell in tr:
            if cell.tag == _COVERED:
                if skip:
                    skip -= 1
                    slot += 1
                    continue
                if slot in pending:
                    left, width = pending[slot]
                    row.append(Cell(text="", colspan=width))
                    if left <= 1:
                        del pending[slot]
                    else:
                        pending[slot] = (left - 1, width)
                    skip = width - 1
                else:
                    row.append(Cell(text=""))
                slot += 1
                continue
            if cell.tag != _CELL:
                continue
            across, down = _int(cell, "number-columns-spanned"), _int(cell, "number-rows-spanned")
            row.append(Cell(text=_cell_text(cell), colspan=across))
            if down > 1:
                pending[slot] = (down - 1, across)
            for inner in cell:
                if inner.tag == f"{_TABLE}table":
                    nested.extend(table_rows(inner))
            skip = across - 1
            slot += 1
        if row and (any(c.text for c in row) or not nested):
            rows.append(row)
        rows.extend(nested)
    return rows
