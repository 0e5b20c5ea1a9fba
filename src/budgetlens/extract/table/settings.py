"""Every threshold the table reader uses, named and validated in one place.

Modelled on pdfplumber's ``TableSettings``: a frozen record whose fields are the reader's
tolerances. :data:`DEFAULT` is what :func:`budgetlens.extract.table.build_tables` uses; a caller
may pass its own (``TableSettings(max_header_rows=8)``), and a wrong value fails at once with
the field's name.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class TableSettings:
    # Header
    max_header_rows: int = 8
    """Rows a header may take before the first row of figures; more means no header was found."""
    max_title_chars: int = 60
    """A table title (a row of one cell inside a grid, or a paragraph above it) is at most this long;
    a paragraph ending in 「表」 may be twice as long."""
    context_paragraphs: int = 4
    """Paragraphs read above a table for its title, number and unit, and below it for its notes."""
    min_part_rows: int = 2
    """A title row splits a grid holding several tables only after a part of at least this many rows."""
    min_repeated_header_rows: int = 1
    """A table goes on in the next grid (the next page) when at least this many header rows repeat."""
    max_meta_cells: int = 3
    """A leading row of title, entity, year or unit has at most this many filled cells."""

    # Column roles, from the body's content
    number_share: float = 0.6
    """A column is a value column when at least this share of its filled body cells are figures."""
    code_share: float = 0.8
    """A column without a code header holds codes when at least this share of its cells are codes."""
    text_in_values_doubt: float = 0.25
    """A value column whose filled cells are words at this share or more was misread: doubt."""
    min_body_cells: int = 2
    """Content decides a column's role only from this many filled body cells on."""

    # Depth from indentation
    indent_step: int = 2
    """Names standing in by at least this many half-width characters more are one level deeper."""
    max_indent_levels: int = 4
    """More distinct indentations than this in one column: names centred or wrapped, not levels."""

    # Reading the rows
    max_seq_value: int = 999
    """A leading cell of digits up to this is a row number (序号/行次), not a figure."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float) and not 0.0 < value <= 1.0:
                raise ValueError(f"TableSettings.{f.name} must be a share in (0, 1], not {value!r}")
            if isinstance(value, int) and value < 1:
                raise ValueError(f"TableSettings.{f.name} must be at least 1, not {value!r}")


DEFAULT = TableSettings()
