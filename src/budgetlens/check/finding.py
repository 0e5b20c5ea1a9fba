"""Findings and reports: what a rule says about a disclosure."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from budgetlens.model import Location
from budgetlens.model.text_enum import TextEnum

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Severity(TextEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


class Family(TextEnum):
    """Rule families; the value is the code prefix."""

    SUM = "SUM"
    XT = "XT"
    NAR = "NAR"
    CLS = "CLS"
    REQ = "REQ"
    PERF = "PERF"
    PROC = "PROC"
    META = "META"
    READ = "READ"

    @property
    def label(self) -> str:
        return _FAMILY_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _FAMILY_LABELS[self][1]


_FAMILY_LABELS: dict[Family, tuple[str, str]] = {
    Family.SUM: ("表内勾稽", "sums inside a table"),
    Family.XT: ("表间勾稽", "cross-table identities"),
    Family.NAR: ("说明与报表", "narrative vs tables and itself"),
    Family.CLS: ("科目分类", "classification codes"),
    Family.REQ: ("公开完整性", "completeness"),
    Family.PERF: ("绩效目标", "performance targets"),
    Family.PROC: ("政府采购与资产", "procurement and assets"),
    Family.META: ("主体与元数据", "entity and metadata"),
    Family.READ: ("读取可信度", "how sure the reading is"),
}


class Values(BaseModel):
    """The figures a finding is about, in ``unit`` (元/万元/%) when money or percent."""

    model_config = _FROZEN

    stated: Decimal | None = None
    expected: Decimal | None = None
    difference: Decimal | None = None
    tolerance: Decimal | None = None
    unit: str | None = None


class Finding(BaseModel):
    """One problem found by one rule."""

    model_config = _FROZEN

    code: str
    severity: Severity
    family: Family
    title: str
    message: str
    message_en: str = ""
    values: Values | None = None
    locations: list[Location] = Field(default_factory=list)
    hint: str | None = None
    hint_en: str | None = None
    diagnosis: str | None = None
    source: str = ""

    def text(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" and self.message_en else self.message

    def hint_text(self, lang: str = "zh") -> str | None:
        return self.hint_en if lang == "en" and self.hint_en else self.hint


class Report(BaseModel):
    """Everything the checker found in one disclosure."""

    model_config = ConfigDict(extra="forbid")

    source: str
    entity: str = ""
    year: int | None = None
    kind: str | None = None
    findings: list[Finding] = Field(default_factory=list)
    rules_run: list[str] = Field(default_factory=list)
    error: str | None = None

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def has_errors(self) -> bool:
        return self.error is not None or any(f.severity is Severity.ERROR for f in self.findings)

    def by_code(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.code] = out.get(f.code, 0) + 1
        return dict(sorted(out.items()))

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]
