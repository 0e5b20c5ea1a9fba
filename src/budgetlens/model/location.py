"""Where a value was found in its source file."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Location(BaseModel):
    """A place in a source file.

    ``block`` is the index of the paragraph or grid in the reader's block list. For a grid,
    ``row``/``col`` are 0-based indexes into the grid as read (header rows included). For a
    paragraph, ``start``/``end`` is a character span in the paragraph text. ``line`` is the
    1-based line in a text file, ``page`` the 1-based page of a PDF, ``sheet`` a workbook sheet.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str = ""
    block: int | None = None
    row: int | None = None
    col: int | None = None
    start: int | None = None
    end: int | None = None
    line: int | None = None
    page: int | None = None
    sheet: str | None = None

    def describe(self) -> str:
        """Short human description, e.g. ``seed.txt 第12行`` or ``a.pdf 第3页 表格第4行第2列``."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"工作表「{self.sheet}」")
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.row is not None:
            cell = f"表格第{self.row + 1}行"
            if self.col is not None:
                cell += f"第{self.col + 1}列"
            parts.append(cell)
        elif self.start is not None:
            parts.append(f"第{self.start + 1}字起")
        return " ".join(parts) if parts else "（位置未知）"
