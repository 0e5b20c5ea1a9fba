"""HTML pages (and the "Excel" or "Word" files that are really HTML) via lxml, offline.

Tables become grids (``colspan`` kept, one Cell per ``td``/``th``; nested tables flattened into
rows after the row holding them); text outside tables becomes paragraphs at block boundaries.
Nothing is fetched: no external entities, no network.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from budgetlens.errors import ReadError
from budgetlens.read.blocks import Block, Cell, Grid, Paragraph, ReadResult
from budgetlens.read.encoding import decode_text

_BLOCK_TAGS = frozenset(re.findall(r"\w+", """
    p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd section article header footer nav aside main blockquote
    pre form fieldset address center caption figure figcaption hr title body html"""))
_SKIP_TAGS = frozenset(re.findall(r"\w+", "script style head noscript template iframe object embed svg button select"))
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def read_html(data: bytes, name: str) -> ReadResult:
    import lxml.html  # type: ignore[import-untyped]
    from lxml import etree

    text, encoding = _decode(data, name)
    text = _DECLARATION.sub("", text)
    try:
        parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        raise ReadError("网页文件无法解析（HTML 结构损坏或为空）", name) from None
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    blocks = walker.blocks
    if not blocks:
        raise ReadError("网页文件没有可读的内容", name)
    return ReadResult(
        path=name, format="html", blocks=blocks, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
        encoding=encoding,
    )


def _decode(data: bytes, name: str) -> tuple[str, str]:
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        if declared in ("gb2312", "gbk", "gb18030"):
            declared = "gb18030"
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, name)


def _clean(text: str) -> str:
    lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = _clean("".join(self.buffer).replace("\n", " "))
        # <br> is kept as a line break: it separates paragraphs written without <p>.
        for part in text.split("\x00"):
            part = part.strip()
            if part:
                self.blocks.append(Paragraph(text=part))
        self.buffer = []

    def walk(self, el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP_TAGS:
            self._tail(el)
            return
        if tag == "table":
            self.flush()
            rows = _table_rows(el)
            if rows:
                self.blocks.append(Grid(rows=rows))
            self._tail(el)
            return
        if tag == "br":
            self.buffer.append("\x00")
            self._tail(el)
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
        if el.text and tag:
            self.buffer.append(el.text)
        for child in el:
            self.walk(child)
        if block:
            self.flush()
        self._tail(el)

    def _tail(self, el: Any) -> None:
        if el.tail:
            self.buffer.append(el.tail)


def _cell_text(td: Any) -> str:
    parts: list[str] = []

    def collect(el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _SKIP_TAGS or tag == "table":
            if el.tail:
                parts.append(el.tail)
            return
        if tag == "br" or tag in ("p", "div", "li"):
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            collect(child)
        if el.tail and el is not td:
            parts.append(el.tail)

    collect(td)
    return _clean("".join(parts))


def _span(td: Any, attr: str) -> int:
    try:
        return max(1, min(1000, int(str(td.get(attr, "1")).strip() or 1)))
    except ValueError:
        return 1


def _fill_covered(row: list[Cell], pending: dict[int, tuple[int, int]], slot: int) -> int:
    """Append an empty cell for each slot from ``slot`` on that a rowspan above covers."""
    while slot in pending:
        left, width = pending[slot]
        row.append(Cell(text="", colspan=width))
        if left <= 1:
            del pending[slot]
        else:
            pending[slot] = (left - 1, width)
        slot += width
    return slot


def _table_rows(table: Any) -> list[list[Cell]]:
    """One Cell per ``td``/``th``; the slots a ``rowspan`` covers in the rows below get an empty
    cell, as the other readers do for vertically merged cells."""
    rows: list[list[Cell]] = []
    pending: dict[int, tuple[int, int]] = {}  # column slot → (rows still covered, colspan)
    for tr in _own(table, "tr"):
        row: list[Cell] = []
        nested: list[list[Cell]] = []
        slot = 0
        for td in tr:
            tag = td.tag.lower() if isinstance(td.tag, str) else ""
            if tag not in ("td", "th"):
                continue
            slot = _fill_covered(row, pending, slot)
            span = _span(td, "colspan")
            down = _span(td, "rowspan")
            row.append(Cell(text=_cell_text(td), colspan=span))
            if down > 1:
                pending[slot] = (down - 1, span)
            slot += span
            for inner in td.iter("table"):
                if inner is not td and _nearest_table(inner.getparent()) is table:
                    nested.extend(_table_rows(inner))
        if row:
            slot = _fill_covered(row, pending, slot)
            # Covered slots further right (after a gap) belong to this row too.
            for later in sorted(k for k in pending if k > slot):
                _fill_covered(row, pending, later)
        if row and (any(c.text for c in row) or not nested):
            rows.append(row)
        rows.extend(nested)
    return rows


def _own(table: Any, tag: str) -> list[Any]:
    """Rows of this table (through thead/tbody/tfoot), not of tables nested in it."""
    return [tr for tr in table.iter(tag) if _nearest_table(tr.getparent()) is table]


def _nearest_table(el: Any) -> Any:
    while el is not None and not (isinstance(el.tag, str) and el.tag.lower() == "table"):
        el = el.getparent()
    return el
