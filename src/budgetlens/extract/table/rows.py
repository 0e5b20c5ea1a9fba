"""The rows of one part of a table: code, name, depth, total flag and values.

Codes come from a code column, from 类 | 款 | 项 columns (a part left blank under the row that
printed it is carried down: 「201 | 06 | 01」 then 「| | 02」 is 2010602), or from the start of the
name cell (「2010301 行政运行」, 「[2010301]行政运行」). Words a code column prints in the body
(「类」「款」「项」 on the 合计 line of the national template) are labels, not codes. Empty marks
(「-」「—」「/」) are empty; negatives are read in any printed form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from budgetlens.extract.builders import new_amount, new_cell_location
from budgetlens.extract.headers import squash
from budgetlens.extract.numbers import EMPTY_MARKS, parse_cell_amount
from budgetlens.extract.table.matrix import Slot
from budgetlens.extract.table.parts import Part
from budgetlens.extract.table.roles import CODE_RE, PART_LABELS, Role
from budgetlens.model import Amount, Location, Side, Unit
from budgetlens.read.blocks import Cell
from budgetlens.reference.concepts import normalize_label

# 「2010301 行政运行」 「[2010301]行政运行」; not 「2025年」 (a year) nor a longer number
_CODE_IN_NAME = re.compile(r"^[\[【]?(\d{3}(?:\d{2}){0,2})(?![\d.．,，])[\]】]?\s*(?![年月日])(\S.*)$")
_NUMBERING = re.compile(
    r"^(?P<n>[一二三四五六七八九十]+、|\d+、|\d+\.(?!\d)|[（(]\d+[)）]|[（(][一二三四五六七八九十]+[)）]|其中[:：])"
)
_TOTAL_NAMES = ("合计", "总计")


@dataclass(slots=True)
class ValueColumn:
    index: int
    key: str
    unit: Unit


@dataclass(slots=True)
class RowFields:
    """What one part of one body row says; a Row once the table's scheme gives the levels."""

    name: str
    code: str | None
    econ_gov_code: str | None
    econ_gov_name: str | None
    side: Side | None
    group: str | None
    is_total: bool
    depth: int
    numbered: bool
    values: dict[str, Amount]
    texts: dict[str, str]
    where: Location
    indent: int = 0
    indented: bool = False


@dataclass(slots=True)
class PartReader:
    """Reads the rows of one part, carrying 类/款 code parts down from row to row."""

    part: Part
    values: list[ValueColumn]
    text_keys: dict[int, str]
    file: str
    block: int
    two_sided: bool
    origins: list[tuple[int, int]] | None = None
    carried: list[str] = field(default_factory=lambda: ["", "", ""])
    words_in_values: int = 0
    # the part's columns, found once (they do not change while its rows are read)
    _first: dict[Role, int | None] = field(default_factory=dict)
    _code2: int | None = None
    _name2: int | None = None
    _name_k: int | None = None  # the first NAME, CODE and UNIT columns (read in every row)
    _code_k: int | None = None
    _unit_k: int | None = None
    _parts: list[int] = field(default_factory=list)
    _where_roles: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        for plan in reversed(self.part.keys):  # the first column of each role wins
            self._first[plan.role] = plan.index
        for role in Role:
            self._first.setdefault(role, None)
        self._name_k, self._code_k, self._unit_k = (self._first[Role.NAME], self._first[Role.CODE],
                                                    self._first[Role.UNIT])
        self._code2 = self._nth(Role.CODE, 1)
        self._name2 = self._nth(Role.NAME, 1)
        self._parts = [p.index for p in self.part.code_parts]
        self._where_roles = [k for role in (Role.NAME, Role.CODE, Role.CODE_PART, Role.UNIT)
                             if (k := self._first[role]) is not None]

    def read(self, slots: list[Slot], r_index: int) -> RowFields | None:
        name_k = self._name_k
        raw_name = self._key_text(slots, name_k)
        code = self._code(slots)
        if not code and raw_name:
            m = _CODE_IN_NAME.match(raw_name)
            if m:
                code, raw_name = m.group(1), m.group(2)
        if not raw_name and not code:
            raw_name = self._words_in_code_column(slots)  # 「合计」 printed across the code and name
        unit_k = self._unit_k
        unit_name = self._key_text(slots, unit_k) if unit_k is not None else ""
        values, texts = self._values(slots, r_index)
        if unit_name:
            texts["单位"] = unit_name
        if not raw_name and not code and not values:
            return None
        if not raw_name and not code and unit_name:
            raw_name = unit_name
        depth, name, numbered = depth_and_name(raw_name) if raw_name else (0, "", False)
        # 「合计」, 「人员经费合计」 (a block's total), 「小计」; in a 收支 table 「本年收入合计」 too
        is_total = name.endswith(("合计", "总计", "小计")) or (self.two_sided and any(w in name for w in _TOTAL_NAMES))
        code2 = _text(slots, self._code2) if self._code2 is not None else ""
        name2 = _text(slots, self._name2) if self._name2 is not None else ""
        where_slot = self._where_slot(slots)
        where = self._location(r_index, where_slot.col, where_slot.cell)
        k = name_k
        indent = slots[k].cell.indent if k is not None and k < len(slots) and slots[k].head else 0
        return RowFields(name, code or None, squash(code2) or None, name2 or None, self.part.side, self.part.group,
                         is_total, depth, numbered, values, texts, where, indent)

    def _words_in_code_column(self, slots: list[Slot]) -> str:
        k = self._index(Role.CODE)
        text = _text(slots, k)
        return text if text and not squash(text).strip("[]【】").isdigit() and text not in PART_LABELS else ""

    def _location(self, r_index: int, col: int, cell: Cell) -> Location:
        block, row = self.origins[r_index] if self.origins and r_index < len(self.origins) else (self.block, r_index)
        return new_cell_location(self.file, block, row, col, cell.line, cell.page)

    def _key_text(self, slots: list[Slot], k: int | None) -> str:
        """The text in key column ``k``, also where a cell spanning the key columns covers it
        (「合计」 printed across the code and name columns)."""
        if k is None or k >= len(slots):
            return ""
        slot = slots[k]
        if slot.head:
            return slot.text
        first_key = self.part.keys[0].index if self.part.keys else k
        return slot.cell.text.strip() if _head_col(slots, k) >= first_key else ""

    def _index(self, role: Role) -> int | None:
        return self._first[role]

    def _nth(self, role: Role, n: int) -> int | None:
        plan = self.part.nth(role, n)
        return plan.index if plan is not None else None

    def _where_slot(self, slots: list[Slot]) -> Slot:
        for k in self._where_roles:
            if k < len(slots):
                return slots[k]
        return slots[0]

    def _code(self, slots: list[Slot]) -> str:
        k = self._code_k
        if k is not None:
            return _code_text(_text(slots, k))
        if not self._parts:
            return ""
        printed = [squash(_text(slots, k)) for k in self._parts]
        printed = ["" if t in PART_LABELS or t in EMPTY_MARKS else t for t in printed]
        # a 款 or 项 part written by a spreadsheet as a number loses its leading zero: 「2」 is 「02」
        printed = [t.zfill(2) if k and len(t) == 1 and t.isdigit() else t for k, t in enumerate(printed)]
        if not any(printed):
            return ""
        level = max(i for i, t in enumerate(printed) if t)
        for i in range(level + 1):
            if printed[i]:
                self.carried[i] = printed[i]
                for j in range(i + 1, 3):
                    self.carried[j] = ""
        code = "".join(self.carried[: level + 1])
        return code if CODE_RE.match(code) else ""

    def _values(self, slots: list[Slot], r_index: int) -> tuple[dict[str, Amount], dict[str, str]]:
        values: dict[str, Amount] = {}
        texts: dict[str, str] = {}
        width = len(slots)
        for col in self.values:
            if col.index >= width:
                continue
            slot = slots[col.index]
            raw = slot.text
            if not raw or not slot.head:
                continue
            if raw in EMPTY_MARKS:
                continue
            parsed = parse_cell_amount(raw)
            if parsed is None:
                texts[col.key] = raw
                self.words_in_values += 1
                continue
            values[col.key] = new_amount(parsed[0], col.unit, parsed[1], raw,
                                         self._location(r_index, col.index, slot.cell))
        for index, key in self.text_keys.items():
            text = _text(slots, index)
            if text:
                texts[key] = text
        return values, texts


@lru_cache(maxsize=16384)
def _code_text(text: str) -> str:
    """The code a code cell prints (「[201]」 → 「201」); empty when it holds no code."""
    flat = squash(text).strip("[]【】")
    return flat if flat.isdigit() and flat.isascii() else ""


def depths_from_indent(fields: list[RowFields], step: int, max_levels: int) -> None:
    """Depths of unnumbered names from their indentation, within each part: indentations closer
    than ``step`` are one level; more than ``max_levels`` levels say nothing (centred names)."""
    parts: dict[tuple[object, object], list[RowFields]] = {}
    for f in fields:
        if f.name and not f.numbered and not f.is_total:
            parts.setdefault((f.side, f.group), []).append(f)
    for members in parts.values():
        levels: list[int] = []
        for value in sorted({f.indent for f in members}):
            if not levels or value - levels[-1] >= step:
                levels.append(value)
        if not 2 <= len(levels) <= max_levels:
            continue
        for f in members:
            f.depth = max(k for k, start in enumerate(levels) if f.indent >= start)
            f.indented = True


def _head_col(slots: list[Slot], k: int) -> int:
    """The column where the cell covering column ``k`` starts."""
    while k > 0 and not slots[k].head:
        k -= 1
    return k


def _text(slots: list[Slot], k: int | None) -> str:
    return slots[k].text if k is not None and k < len(slots) else ""


@lru_cache(maxsize=8192)  # row names repeat across the tables of a document and across documents
def depth_and_name(raw: str) -> tuple[int, str, bool]:
    """Depth from the numbering (一、 → 0, 1、 → 1, (1) → 2, 其中 → 1), the name without it, and
    whether there was a numbering."""
    s = squash(raw)
    m = _NUMBERING.match(s)
    if not m:
        return 0, normalize_label(raw), False
    n = m.group("n")
    rest = s[m.end():]
    if n.startswith("其中") and _NUMBERING.match(rest) and not rest.startswith("其中"):
        # 「其中：（1）公务用车购置费」: the numbering after 其中 gives the depth, as for its siblings
        depth, name, _ = depth_and_name(rest)
        return depth, name, True
    if n.startswith("其中"):
        depth = 1
    elif n[0] in "一二三四五六七八九十":
        depth = 0
    elif n[0] in "（(":
        depth = 2 if n[1].isdigit() else 1
    else:
        depth = 1
    return depth, normalize_label(s[m.end():]) or normalize_label(s), True
