"""Each column's role, from its header and its content.

Roles: a row number (序号/行次/栏次), the name of a budget unit (预算单位, in tables listing
several units), a classification code, a part of one (类 | 款 | 项 printed in columns of their
own), a name, a value (figures), or other text (备注, 项目简介). The header is asked first;
the body's content confirms it or, where the header says nothing (a text dump, a header that
spans the code and name columns together), decides: a column of 3/5/7-digit codes is a code
column, a 3-digit column followed by 2-digit ones is a split code, a column of words is a name,
a column of figures is a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

from budgetlens.extract.headers import HeaderColumn, is_seq_label
from budgetlens.extract.numbers import EMPTY_MARKS, parse_cell_amount
from budgetlens.extract.table.matrix import Matrix
from budgetlens.extract.table.settings import TableSettings


class Role(Enum):
    SEQ = "seq"
    UNIT = "unit"
    CODE = "code"
    CODE_PART = "code_part"
    NAME = "name"
    VALUE = "value"
    TEXT = "text"


KEY_ROLES = frozenset({Role.SEQ, Role.UNIT, Role.CODE, Role.CODE_PART, Role.NAME})

CODE_RE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_PART_RE = re.compile(r"^\d{1,2}$")  # a 款/项 part; a spreadsheet may drop its leading zero
# Words a code column prints in its header or at the top of its body: 「类」「款」「项」「科目编码」.
PART_LABELS = ("类", "款", "项")
_CODE_WORDS = re.compile(r"编码|代码|编号")
_NAME_WORDS = re.compile(r"名称|科目|项目|地区|单位|类别|内容")
_UNIT_WORDS = re.compile(r"^(?:预算|决算|二级预算|基层预算)?单位(?:名称)?$")


@dataclass(slots=True)
class Content:
    """What the filled body cells of a column hold."""

    filled: int = 0
    numbers: int = 0
    codes: int = 0
    parts: int = 0
    labels: int = 0
    decimals: int = 0

    @property
    def words(self) -> int:
        return self.filled - self.numbers - self.labels


@dataclass(slots=True)
class ColumnPlan:
    index: int
    role: Role
    header: HeaderColumn
    content: Content = field(default_factory=Content)
    part_label: str | None = None  # 类/款/项 for a code part


def content_of(m: Matrix, col: int) -> Content:
    c = Content()
    for row in m.rows:
        if col >= len(row):
            continue
        kind = _cell_kind(row[col].flat)
        if kind is None:
            continue
        c.filled += 1
        label, code, part, number, decimal = kind
        c.labels += label
        c.codes += code
        c.parts += part
        c.numbers += number
        c.decimals += decimal
    return c


@lru_cache(maxsize=65536)  # the same texts fill the columns of every table
def _cell_kind(text: str) -> tuple[int, int, int, int, int] | None:
    """What one body cell is: (label, code, code part, number, decimal number) as 0/1; None when empty."""
    if text in EMPTY_MARKS:
        return None
    if text in PART_LABELS or _CODE_WORDS.search(text):
        return 1, 0, 0, 0, 0
    code = 1 if CODE_RE.match(text.strip("[]【】")) else 0
    part = 1 if not code and _PART_RE.match(text) else 0
    number = 1 if parse_cell_amount(text) is not None else 0
    return 0, code, part, number, number if "." in text else 0


def _header_role(h: HeaderColumn) -> Role | None:
    label, full = h.label, h.full
    if is_seq_label(label):
        return Role.SEQ
    if label in PART_LABELS:
        return Role.CODE_PART
    if _CODE_WORDS.search(label) and "名称" not in label:
        return Role.CODE
    if _UNIT_WORDS.match(label):
        return Role.UNIT
    if _NAME_WORDS.search(label) and not _has_value_word(label):
        return Role.NAME
    if not label and _NAME_WORDS.search(full) and not _has_value_word(full):
        return Role.NAME
    return None


_VALUE_WORDS = re.compile(r"合计|总计|小计|金额|预算数|决算数|执行数|支出|收入|经费|拨款|资金|结转|结余|增减|费")


def _has_value_word(label: str) -> bool:
    # 「项目支出」 is a value column although it says 项目; 「项目」 and 「科目名称」 are not.
    return bool(_VALUE_WORDS.search(label)) and not label.endswith(("名称", "科目"))


def _content_role(c: Content, settings: TableSettings) -> Role | None:
    if c.filled - c.labels < settings.min_body_cells:
        return None
    real = c.filled - c.labels
    if c.codes >= settings.code_share * real and c.decimals == 0:
        return Role.CODE
    if c.parts >= settings.code_share * real and c.decimals == 0:
        return Role.CODE_PART
    if c.numbers >= settings.number_share * real:
        return Role.VALUE
    if c.words > real - c.words:
        return Role.NAME
    return None


def plan_columns(m: Matrix, headers: list[HeaderColumn], settings: TableSettings) -> list[ColumnPlan]:
    """Roles of the columns of the body ``m`` under ``headers``."""
    plans: list[ColumnPlan] = []
    for h in headers:
        content = content_of(m, h.index)
        by_header = _header_role(h)
        by_content = _content_role(content, settings)
        role = _decide(by_header, by_content)
        plans.append(ColumnPlan(h.index, role, h, content))
    _codes_beside_names(plans)
    _split_code_parts(plans)
    _names_after_names(plans)
    return plans


def _decide(by_header: Role | None, by_content: Role | None) -> Role:
    if by_header is None:
        return by_content or Role.VALUE
    if by_content is None:
        return by_header
    if by_header in (Role.CODE, Role.CODE_PART):
        # 「科目编码」 over codes (or over unit codes of other lengths), or over split parts; over
        # words: code and name in one cell
        if by_content is Role.VALUE:
            return by_header
        return by_content if by_content in (Role.CODE, Role.CODE_PART) else Role.NAME
    if by_header in (Role.NAME, Role.UNIT):
        return by_header if by_content in (Role.NAME, Role.CODE) else by_content
    if by_header is Role.SEQ:
        return Role.SEQ if by_content in (Role.VALUE, Role.CODE, Role.CODE_PART) else by_content
    return by_content


def _codes_beside_names(plans: list[ColumnPlan]) -> None:
    """A column whose header names no code holds codes only where codes stand: before a name
    column or at the start of the table. Elsewhere 3-digit integers are figures (「120」「250」)."""
    for k, p in enumerate(plans):
        if p.role not in (Role.CODE, Role.CODE_PART) or _header_role(p.header) in (Role.CODE, Role.CODE_PART):
            continue
        before = plans[k - 1].role if k else None
        after = _next_role(plans, k)
        if not (before in (None, Role.SEQ, Role.UNIT) or after in (Role.NAME, Role.CODE_PART)
                or (before in (Role.CODE, Role.CODE_PART) and p.role is Role.CODE_PART)):
            p.role = Role.VALUE


def _next_role(plans: list[ColumnPlan], k: int) -> Role | None:
    return plans[k + 1].role if k + 1 < len(plans) else None


def _split_code_parts(plans: list[ColumnPlan]) -> None:
    """Runs of code columns printing 类 | 款 | 项 apart: a 3-digit column then 2-digit ones."""
    k = 0
    while k < len(plans):
        p = plans[k]
        if p.role in (Role.CODE, Role.CODE_PART) and k + 1 < len(plans) and plans[k + 1].role is Role.CODE_PART:
            run = [p]
            j = k + 1
            while j < len(plans) and plans[j].role is Role.CODE_PART and len(run) < 3:
                run.append(plans[j])
                j += 1
            for level, plan in zip(PART_LABELS, run, strict=False):
                plan.role = Role.CODE_PART
                plan.part_label = level
            k = j
            continue
        if p.role is Role.CODE_PART:  # a lone part column: a code column after all
            p.role = Role.CODE
        k += 1


def _names_after_names(plans: list[ColumnPlan]) -> None:
    """Of two name columns side by side the second is the first's qualifier only when a code
    column comes between them (部门经济科目 | 名称 | 政府经济科目 | 名称); a unit column before a
    name column stays a unit column."""
    for k, p in enumerate(plans):
        if p.role is Role.UNIT and not any(q.role in (Role.NAME, Role.CODE, Role.CODE_PART) for q in plans[k + 1:]):
            p.role = Role.NAME
