"""Standard tables: kinds, columns, rows with classification codes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from budgetlens.model.amount import Amount, Unit
from budgetlens.model.location import Location
from budgetlens.model.text_enum import TextEnum

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class TableKind(TextEnum):
    """Families of standard disclosure tables."""

    SUMMARY = "收支总表"
    INCOME = "收入总表"
    EXPENSE = "支出总表"
    FISCAL_SUMMARY = "财政拨款收支总表"
    GENERAL_EXPENSE = "一般公共预算支出表"
    GENERAL_EXPENSE_ECON = "一般公共预算支出经济分类表"
    BASIC_EXPENSE = "基本支出表"
    BASIC_EXPENSE_ECON = "基本支出经济分类表"
    GOV_FUND = "政府性基金表"
    STATE_CAPITAL = "国有资本经营表"
    THREE_PUBLIC = "三公经费表"
    PROJECT_EXPENSE = "项目支出表"
    PROCUREMENT = "政府采购表"
    ASSETS = "资产表"
    ORGANIZATION = "机构设置表"
    FUND_ALLOCATION = "资金分配表"
    OTHER = "其他表"


class Scheme(TextEnum):
    """Which official classification the code column of a table follows."""

    FUNCTION = "支出功能分类"
    ECON_DEPT = "部门预算支出经济分类"
    ECON_GOV = "政府预算支出经济分类"
    NONE = "无"


class Level(TextEnum):
    """Level of a classification code: 类 (3 digits), 款 (5), 项 (7)."""

    CLASS = "类"
    SECTION = "款"
    ITEM = "项"


class Side(TextEnum):
    """Side of a two-sided 收支 table."""

    INCOME = "收入"
    EXPENSE = "支出"


class Column(BaseModel):
    """A value column: a normalized key (合计, 基本支出, 人员经费 …) and the header as printed."""

    model_config = _FROZEN

    key: str
    label: str
    side: Side | None = None
    index: int = 0
    path: list[str] = Field(default_factory=list)
    """The header labels over the column, top first, its own last: 「基本支出」「人员经费」."""
    group: str | None = None
    """The block the column belongs to when blocks are printed side by side (as :attr:`Row.group`)."""


class Row(BaseModel):
    """One line of a table: classification code and name, level, values by column key.

    ``group`` names the column group a row belongs to when one physical line carries several
    logical rows (e.g. 表4 of some 财政拨款收支总表 lists function, 部门经济 and 政府经济 totals side by
    side: group is the Scheme value). ``depth`` comes from the numbering (一、 → 0, 1、 → 1, (1) → 2,
    其中 → 1) for rows without codes.
    """

    model_config = _FROZEN

    name: str
    code: str | None = None
    level: Level | None = None
    econ_gov_code: str | None = None
    econ_gov_name: str | None = None
    side: Side | None = None
    group: str | None = None
    is_total: bool = False
    depth: int = 0
    numbered: bool = False
    """The name is printed with a numbering (一、 1. （一） (1) 其中) that gives ``depth``."""
    indented: bool = False
    """``depth`` comes from how far the name is indented, level under level."""
    values: dict[str, Amount] = Field(default_factory=dict)
    texts: dict[str, str] = Field(default_factory=dict)
    where: Location | None = None

    def value(self, key: str) -> Amount | None:
        return self.values.get(key)

    @property
    def depth_known(self) -> bool:
        """Whether the print says the row's depth (a numbering or an indentation); else it is 0 by default."""
        return self.numbered or self.indented


class Table(BaseModel):
    """A standard table as extracted."""

    model_config = _FROZEN

    kind: TableKind
    title: str
    number: str | None = None
    unit: Unit = Unit.YUAN
    scheme: Scheme = Scheme.NONE
    columns: list[Column] = Field(default_factory=list)
    rows: list[Row] = Field(default_factory=list)
    empty_reason: str | None = None
    where: Location | None = None
    doubt: str | None = None
    """Why the reader is not sure of this table's structure (columns, parts, codes); the checker
    then judges none of its figures and says so once. None when the reading is sure."""

    @property
    def is_empty(self) -> bool:
        return not any(r.values for r in self.rows)

    def column(self, key: str, side: Side | None = None) -> Column | None:
        for col in self.columns:
            if col.key == key and (side is None or col.side == side):
                return col
        return None

    def total_row(self, side: Side | None = None) -> Row | None:
        """The 合计 row (or 本年收入/支出合计 for a side of a two-sided table)."""
        for row in self.rows:
            if row.is_total and (side is None or row.side == side):
                return row
        return None

    def find(self, name: str | None = None, code: str | None = None, side: Side | None = None) -> Row | None:
        for row in self.rows:
            if side is not None and row.side != side:
                continue
            if code is not None and row.code == code:
                return row
            if name is not None and row.name == name:
                return row
        return None
