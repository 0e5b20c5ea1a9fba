"""Constructors of the model objects that several extractors make, from values they have just
parsed into the declared types: no validation needed (see :mod:`budgetlens.model.trusted`).
Constructors used by one extractor only stay in its module."""

from __future__ import annotations

from budgetlens.model import Amount, Location, Percent
from budgetlens.model.trusted import maker

new_amount = maker(Amount, "value", "unit", "decimals", "raw", "where")
new_percent = maker(Percent, "value", "decimals", "raw", "where")
# a cell of a grid (tables and performance targets)
new_cell_location = maker(Location, "file", "block", "row", "col", "line", "page")
