"""Performance targets (绩效目标) and self-evaluations (绩效自评)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from budgetlens.model.amount import Amount, Percent, Unit
from budgetlens.model.location import Location
from budgetlens.model.text_enum import TextEnum

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class TargetForm(TextEnum):
    PROJECT = "项目绩效目标"
    DEPARTMENT = "部门整体绩效目标"
    SPECIAL_FUND = "专项资金绩效目标"
    PROJECT_SELF_EVAL = "项目绩效自评"
    DEPARTMENT_SELF_EVAL = "部门整体绩效自评"

    @property
    def self_evaluation(self) -> bool:
        return self in (TargetForm.PROJECT_SELF_EVAL, TargetForm.DEPARTMENT_SELF_EVAL)


class Target(BaseModel):
    """An indicator value: operator + number + unit, or text when it is not quantified."""

    model_config = _FROZEN

    raw: str
    op: str | None = None
    number: Decimal | None = None
    unit: str | None = None
    text: str | None = None

    @property
    def quantified(self) -> bool:
        return self.number is not None


class Indicator(BaseModel):
    """One line of the three-level indicator tree."""

    model_config = _FROZEN

    level1: str
    level2: str
    level3: str
    description: str | None = None
    target: Target
    basis: str | None = None
    actual: Target | None = None
    where: Location | None = None
    # printed in wider forms (all optional: stored JSON without them still loads)
    weight: Decimal | None = None  # 分值 / 权重
    score: Decimal | None = None  # 得分 (self-evaluation)
    scoring_rule: str | None = None  # 评（扣）分标准
    deviation: str | None = None  # 偏差原因分析及改进措施 / 未完成原因


class PlanStep(BaseModel):
    """Cumulative spending plan point, e.g. 6月底 50%."""

    model_config = _FROZEN

    label: str
    percent: Percent | None = None


class Task(BaseModel):
    """A task line of a department-wide target table with its amounts."""

    model_config = _FROZEN

    name: str
    content: str = ""
    total: Amount | None = None
    fiscal: Amount | None = None
    other: Amount | None = None
    where: Location | None = None


class PerformanceTarget(BaseModel):
    """A target table (项目/部门整体/专项资金) or a project self-evaluation table."""

    model_config = _FROZEN

    form: TargetForm
    title: str = ""
    project_name: str | None = None
    project_code: str | None = None
    department: str | None = None
    department_code: str | None = None
    unit: Unit = Unit.YUAN
    total: Amount | None = None
    fiscal: Amount | None = None
    other: Amount | None = None
    basic: Amount | None = None
    project: Amount | None = None
    purpose: str | None = None
    period: str | None = None
    spending_plan: list[PlanStep] = Field(default_factory=list)
    goals: list[str] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    # self-evaluation
    executed: Amount | None = None
    fiscal_executed: Amount | None = None
    other_executed: Amount | None = None
    rate: Percent | None = None
    actual_goals: list[str] = Field(default_factory=list)
    initial: Amount | None = None  # 年初预算数 (self-evaluation: 全年预算数 is ``total``)
    score: Decimal | None = None  # 总分 / 执行率得分 … as printed for the whole form
    where: Location | None = None
