"""The budget input a budget officer fills in, as typed pydantic models.

The same structure comes from an Excel workbook (one sheet a section, one header row of column
names) or a YAML file (one key a section with the same Chinese names). :mod:`budgetlens.render.layout`
holds the sheet and column names; :mod:`budgetlens.render.loader` turns either file into
:class:`BudgetInput`, remembering for every value the sheet and cell it came from so that
validation can point at it.

Amounts are :class:`~decimal.Decimal` in the unit named by the entity (元 or 万元).
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from budgetlens.model import DocumentKind, Scope, Unit

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Source(StrEnum):
    """Where the money of an expenditure line comes from (the columns of a 收入总表)."""

    GENERAL = "一般公共预算拨款收入"
    GOV_FUND = "政府性基金预算拨款收入"
    STATE_CAPITAL = "国有资本经营预算拨款收入"
    SPECIAL_ACCOUNT = "财政专户管理资金收入"
    BUSINESS = "事业收入"
    OPERATING = "事业单位经营收入"
    SUPERIOR = "上级补助收入"
    AFFILIATED = "附属单位上缴收入"
    OTHER = "其他收入"
    CARRIED = "上年结转结余"

    @property
    def fiscal(self) -> bool:
        """One of the three 财政拨款 sources."""
        return self in (Source.GENERAL, Source.GOV_FUND, Source.STATE_CAPITAL)

    @property
    def short(self) -> str:
        return _SHORT[self]


_SHORT = {
    Source.GENERAL: "一般公共预算",
    Source.GOV_FUND: "政府性基金预算",
    Source.STATE_CAPITAL: "国有资本经营预算",
    Source.SPECIAL_ACCOUNT: "财政专户管理资金",
    Source.BUSINESS: "事业收入",
    Source.OPERATING: "事业单位经营收入",
    Source.SUPERIOR: "上级补助收入",
    Source.AFFILIATED: "附属单位上缴收入",
    Source.OTHER: "其他收入",
    Source.CARRIED: "上年结转结余",
}

CURRENT_SOURCES: tuple[Source, ...] = tuple(s for s in Source if s is not Source.CARRIED)
FISCAL_SOURCES: tuple[Source, ...] = (Source.GENERAL, Source.GOV_FUND, Source.STATE_CAPITAL)


def source_from_text(text: str) -> Source | None:
    """Accept the full name, the short name or the name without 收入/拨款 (「一般公共预算」)."""
    t = "".join(text.split())
    for s in Source:
        if t in (s.value, s.short, s.value.removesuffix("收入"), s.short.removesuffix("预算")):
            return s
    aliases = {"财政专户": Source.SPECIAL_ACCOUNT, "经营收入": Source.OPERATING, "上年结转": Source.CARRIED}
    return aliases.get(t)


class Nature(StrEnum):
    ADMIN = "行政"
    INSTITUTION = "事业"


class EntityInput(BaseModel):
    model_config = _FROZEN

    name: str
    code: str | None = None
    year: int
    kind: DocumentKind = DocumentKind.BUDGET
    scope: Scope = Scope.DEPARTMENT
    unit: Unit = Unit.YUAN
    nature: Nature = Nature.ADMIN
    duties: str = ""
    organization: str = ""
    change_reason: str = ""
    three_public_reason: str = ""
    running_cost_use: str = ""
    assets_as_of: str = ""


class IncomeInput(BaseModel):
    model_config = _FROZEN

    source: Source
    amount: Decimal = Decimal(0)


class ExpenseLine(BaseModel):
    """One 项-level function line: 基本支出 split into 人员经费/公用经费, and 项目支出."""

    model_config = _FROZEN

    code: str
    name: str
    source: Source = Source.GENERAL
    personnel: Decimal = Decimal(0)
    public: Decimal = Decimal(0)
    project: Decimal = Decimal(0)

    @property
    def basic(self) -> Decimal:
        return self.personnel + self.public

    @property
    def total(self) -> Decimal:
        return self.personnel + self.public + self.project


class EconLine(BaseModel):
    """One 款 of 部门预算支出经济分类 of the 一般公共预算 基本支出, with its 政府经济分类 款."""

    model_config = _FROZEN

    code: str
    name: str
    gov_code: str | None = None
    personnel: Decimal = Decimal(0)
    public: Decimal = Decimal(0)

    @property
    def total(self) -> Decimal:
        return self.personnel + self.public


class ProjectInput(BaseModel):
    model_config = _FROZEN

    name: str
    code: str | None = None
    amount: Decimal
    description: str = ""


class ThreePublicInput(BaseModel):
    """财政拨款“三公”经费: this year and last year."""

    model_config = _FROZEN

    abroad: Decimal = Decimal(0)
    car_purchase: Decimal = Decimal(0)
    car_running: Decimal = Decimal(0)
    reception: Decimal = Decimal(0)

    @property
    def cars(self) -> Decimal:
        return self.car_purchase + self.car_running

    @property
    def total(self) -> Decimal:
        return self.abroad + self.cars + self.reception


class ProcurementLine(BaseModel):
    model_config = _FROZEN

    item: str
    catalog_code: str
    quantity: Decimal
    measure: str = ""
    unit_price: Decimal
    project: str = ""

    @property
    def amount(self) -> Decimal:
        return self.quantity * self.unit_price

    @property
    def category(self) -> str:
        """货物/工程/服务 from the first letter of the 政府采购品目分类目录 code."""
        return {"A": "货物", "B": "工程", "C": "服务"}.get(self.catalog_code[:1].upper(), "货物")


class AssetLine(BaseModel):
    model_config = _FROZEN

    name: str
    quantity: Decimal | None = None
    value: Decimal


class StaffInput(BaseModel):
    model_config = _FROZEN

    authorized: int | None = None
    authorized_admin: int | None = None
    authorized_institution: int | None = None
    actual: int | None = None
    actual_admin: int | None = None
    actual_institution: int | None = None
    retired: int | None = None


class IndicatorInput(BaseModel):
    model_config = _FROZEN

    level1: str
    level2: str
    level3: str
    op: str = ""
    number: Decimal | None = None
    unit: str = ""
    text: str = ""

    @property
    def target_text(self) -> str:
        if self.number is None:
            return self.text
        number = format(self.number.normalize(), "f") if self.number == self.number.to_integral() else str(self.number)
        return f"{self.op}{number}{self.unit}"


class TargetInput(BaseModel):
    model_config = _FROZEN

    project: str
    amount: Decimal
    goal: str = ""
    indicators: list[IndicatorInput] = Field(default_factory=list)


class LastYear(BaseModel):
    """Last year's figures the narrative compares against (None when not given)."""

    model_config = _FROZEN

    income_total: Decimal | None = None
    expense_total: Decimal | None = None
    basic: Decimal | None = None
    project: Decimal | None = None
    general_expense: Decimal | None = None
    running_cost: Decimal | None = None
    procurement: Decimal | None = None
    three_public: ThreePublicInput | None = None


class BudgetInput(BaseModel):
    """Everything needed to write one 部门/单位 预算 or 决算 disclosure."""

    model_config = _FROZEN

    entity: EntityInput
    income: list[IncomeInput] = Field(default_factory=list)
    lines: list[ExpenseLine] = Field(default_factory=list)
    econ: list[EconLine] = Field(default_factory=list)
    projects: list[ProjectInput] = Field(default_factory=list)
    three_public: ThreePublicInput = Field(default_factory=ThreePublicInput)
    running_cost: Decimal = Decimal(0)
    procurement: list[ProcurementLine] = Field(default_factory=list)
    assets: list[AssetLine] = Field(default_factory=list)
    staff: StaffInput = Field(default_factory=StaffInput)
    targets: list[TargetInput] = Field(default_factory=list)
    last_year: LastYear = Field(default_factory=LastYear)

    def income_of(self, source: Source) -> Decimal:
        return sum((i.amount for i in self.income if i.source is source), Decimal(0))
