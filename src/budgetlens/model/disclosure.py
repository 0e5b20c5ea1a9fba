"""The disclosure model: everything extracted from one published document."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from budgetlens.model.amount import Unit
from budgetlens.model.holdings import AssetSummary, OrgUnit, Procurement, StaffSummary
from budgetlens.model.location import Location
from budgetlens.model.narrative import Claim
from budgetlens.model.performance import PerformanceTarget
from budgetlens.model.table import Table, TableKind
from budgetlens.model.text_enum import TextEnum

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class DocumentKind(TextEnum):
    """What a document is: a budget, a final account, or a performance form published on its own."""

    BUDGET = "预算"
    FINAL = "决算"
    PERF_TARGET = "绩效目标"  # project (or special fund) target forms
    PERF_DEPT_TARGET = "部门整体绩效目标"
    PERF_SELF_EVAL = "绩效自评"


class Scope(TextEnum):
    DEPARTMENT = "部门"
    UNIT = "单位"


class Source(BaseModel):
    """The file a disclosure was read from."""

    model_config = _FROZEN

    path: str
    sha256: str = ""
    format: str = "txt"
    encoding: str | None = None
    size: int = 0

    @property
    def name(self) -> str:
        return Path(self.path).name


class Entity(BaseModel):
    """The publishing department or unit."""

    model_config = _FROZEN

    name: str
    code: str | None = None
    region: str | None = None


class Section(BaseModel):
    """A heading of the narrative (一、… / 第二部分 …)."""

    model_config = _FROZEN

    title: str
    level: int = 1
    where: Location | None = None


class ContentsEntry(BaseModel):
    """A line of a table of contents that lists the tables (表1 … 是否空表 … 理由)."""

    model_config = _FROZEN

    number: str | None
    name: str
    empty: bool | None = None
    reason: str | None = None
    where: Location | None = None


class Disclosure(BaseModel):
    """One budget/final-accounts/performance disclosure, as extracted."""

    model_config = _FROZEN

    source: Source
    entity: Entity
    year: int | None = None
    kind: DocumentKind | None = None
    scope: Scope | None = None
    title: str = ""
    unit: Unit = Unit.YUAN
    sections: list[Section] = Field(default_factory=list)
    contents: list[ContentsEntry] = Field(default_factory=list)
    organization: list[OrgUnit] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    targets: list[PerformanceTarget] = Field(default_factory=list)
    procurement: Procurement | None = None
    assets: AssetSummary | None = None
    staff: StaffSummary | None = None
    notes: list[str] = Field(default_factory=list)

    def tables_of(self, kind: TableKind) -> list[Table]:
        return [t for t in self.tables if t.kind == kind]

    def table(self, kind: TableKind) -> Table | None:
        found = self.tables_of(kind)
        return found[0] if found else None

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, text: str | bytes) -> Disclosure:
        return cls.model_validate_json(text)
