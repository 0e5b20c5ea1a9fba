"""Blocks: what every reader produces, whatever the source format.

A document is a list of blocks, each a :class:`Paragraph` or a :class:`Grid` of cells. Every
paragraph and cell remembers where it came from (line in a text file, page in a PDF, sheet
and cell in a workbook), so that every extracted value can be pointed at.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Cell:
    """One table cell as printed. ``line`` is 1-based (text files); ``ref`` e.g. ``B7`` (sheets)."""

    text: str
    line: int | None = None
    page: int | None = None
    ref: str | None = None
    colspan: int = 1
    # how far the text stands in from the cell's left edge, in half-width characters (a name
    # printed one level deeper than the row above: 「  行政运行」)
    indent: int = 0


@dataclass(slots=True)
class Paragraph:
    text: str
    line: int | None = None
    page: int | None = None
    sheet: str | None = None


@dataclass(slots=True)
class Grid:
    """A table as a list of rows of cells (rows may have different lengths)."""

    rows: list[list[Cell]]
    line: int | None = None
    page: int | None = None
    sheet: str | None = None

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


Block = Paragraph | Grid

# A page number printed between the lines of a page: 「- 12 -」 「— 12 —」 「－12－」 「第12页」
# 「第12页 共30页」 「12/30」 (a reader may add what else its format prints, such as a bare number).
PAGE_NUMBER = r"[-—－–]\s*\d+\s*[-—－–]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+"


def leading_indent(text: str) -> int:
    """The spaces a cell's text starts with, in half-width characters (a full-width space is two)."""
    n = 0
    for ch in text:
        if ch == " ":
            n += 1
        elif ch == "\u3000":
            n += 2
        else:
            break
    return n


@dataclass(slots=True)
class ReadResult:
    """Blocks plus facts about the file they came from."""

    path: str
    format: str
    blocks: list[Block]
    sha256: str = ""
    size: int = 0
    encoding: str | None = None
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
