"""Word 2007+ (.docx) documents via python-docx.

The body is walked in order, so paragraphs and tables keep their places. A cell spanning
several grid columns (``w:gridSpan``) becomes one :class:`Cell` with ``colspan``; a vertically
merged continuation cell becomes an empty cell, as in the text dumps of the same documents.
Tables nested in a cell are flattened: their rows follow the row that holds them.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

from budgetlens.errors import ReadError
from budgetlens.read.blocks import Block, Cell, Grid, Paragraph, ReadResult
from budgetlens.read.limits import DEFAULT_LIMITS, Deadline, Limits, check_zip

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT, _T, _TAB, _BR, _CR = (
    f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}sdt", f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
)
# Containers whose children are body content (content controls, tracked insertions, custom XML).
_PASS_THROUGH = {f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins", f"{_W}smartTag"}
_SKIP = {f"{_W}del", f"{_W}moveFrom", f"{_W}sectPr", f"{_W}sdtPr", f"{_W}sdtEndPr", f"{_W}tblPr", f"{_W}tblGrid"}


def read_docx(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    check_zip(data, name, limits)
    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on broken packages
        raise ReadError(f"Word 文档已损坏，无法打开（{type(exc).__name__}）", name) from None
    deadline = Deadline(name, limits.deadline)
    blocks: list[Block] = []
    _walk_body(document.element.body, blocks, deadline)
    if not any(b.text.strip() if isinstance(b, Paragraph) else b.rows for b in blocks):
        raise ReadError("Word 文档没有可读的内容", name)
    return ReadResult(
        path=name, format="docx", blocks=blocks, sha256=hashlib.sha256(data).hexdigest(), size=len(data)
    )


def _walk_body(parent: Any, blocks: list[Block], deadline: Deadline) -> None:
    for child in parent.iterchildren():
        tag = child.tag
        if tag == _P:
            text = paragraph_text(child).strip()
            if text:
                blocks.append(Paragraph(text=text))
        elif tag == _TBL:
            deadline.check()
            rows = table_rows(child)
            if rows:
                blocks.append(Grid(rows=rows))
        elif tag == _SDT or tag in _PASS_THROUGH:
            _walk_body(child, blocks, deadline)


def paragraph_text(p: Any) -> str:
    """Text of a ``w:p``: runs, tabs and line breaks, deleted text left out."""
    parts: list[str] = []
    for el in p.iter(_T, _TAB, _BR, _CR, f"{_W}del", f"{_W}instrText"):
        tag = el.tag
        if _inside_deleted(el, p):
            continue
        if tag == _T:
            parts.append(el.text or "")
        elif tag == _TAB:
            if el.getparent() is not None and el.getparent().tag == f"{_W}r":
                parts.append("\t")
        elif tag in (_BR, _CR):
            parts.append("\n")
    return "".join(parts)


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _inside_deleted(el: Any, stop: Any) -> bool:
    """Deleted text, or the fallback copy of a text box (its text is read once, from mc:Choice)."""
    node = el.getparent()
    while node is not None and node is not stop:
        if node.tag in (f"{_W}del", f"{_W}moveFrom", _MC_FALLBACK):
            return True
        node = node.getparent()
    return False


def _attr(el: Any, child: str) -> str | None:
    found = el.find(f"{_W}tcPr/{_W}{child}")
    if found is None:
        return None
    value = found.get(f"{_W}val")
    return "" if value is None else str(value)


def table_rows(tbl: Any) -> list[list[Cell]]:
    """Rows of a ``w:tbl``: one Cell per distinct cell, ``colspan`` from ``w:gridSpan``."""
    rows: list[list[Cell]] = []
    for tr in _children(tbl, _TR):
        row: list[Cell] = []
        nested: list[list[Cell]] = []
        for tc in _children(tr, _TC):
            span_val = _attr(tc, "gridSpan")
            colspan = int(span_val) if span_val and span_val.isdigit() else 1
            vmerge = _attr(tc, "vMerge")
            texts: list[str] = []
            for part in tc.iterchildren():
                if part.tag == _P:
                    texts.append(paragraph_text(part).strip())
                elif part.tag == _TBL:
                    nested.extend(table_rows(part))
                elif part.tag == _SDT or part.tag in _PASS_THROUGH:
                    for p in part.iter(_P):
                        texts.append(paragraph_text(p).strip())
            text = "\n".join(t for t in texts if t)
            if vmerge is not None and vmerge != "restart":
                text = ""  # continuation of a vertical merge: the text is in the cell above
            row.append(Cell(text=text, colspan=colspan))
        if any(c.text for c in row) or not nested:
            rows.append(row)
        rows.extend(nested)
    return rows


def _children(parent: Any, tag: str) -> list[Any]:
    """Direct children with ``tag``, looking through content controls and insertions."""
    found: list[Any] = []
    for child in parent.iterchildren():
        if child.tag == tag:
            found.append(child)
        elif child.tag == _SDT or child.tag in _PASS_THROUGH:
            found.extend(_children(child, tag))
    return found
