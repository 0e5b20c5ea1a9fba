"""Figures stated in prose."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from budgetlens.model.amount import Amount, Percent
from budgetlens.model.location import Location
from budgetlens.model.table import Level
from budgetlens.model.text_enum import TextEnum

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Direction(TextEnum):
    UP = "增加"
    DOWN = "减少"
    FLAT = "持平"


class Role(TextEnum):
    """What a figure is, when the prose names it: an item's 年初预算, its 全年(调整)预算, its 决算 …

    An item of a 情况说明 often states several figures of one subject side by side (「年初预算为X万元，
    支出决算为Y万元」, 「2025年预算执行数为X万元，2026年预算安排Y万元」); each is a claim with its role,
    and figures of different roles are never added together.
    """

    INITIAL = "年初预算"  # 年初预算(数)
    ADJUSTED = "调整预算"  # 全年预算(数), 调整(后)预算(数), 调整数
    BUDGET = "预算数"  # 预算数, 预算安排, 预算: a budget named without 年初/全年
    FINAL = "决算"  # 决算(数), 支出决算
    EXECUTED = "执行数"  # (预算)执行数: the amount spent, in a budget the prior year's

    @property
    def is_budget(self) -> bool:
        """A budget figure (the base of a completion rate), as opposed to an amount spent."""
        return self in (Role.INITIAL, Role.ADJUSTED, Role.BUDGET)


class Change(BaseModel):
    """A change against an earlier year as stated: direction, amount, percent."""

    model_config = _FROZEN

    direction: Direction
    amount: Amount | None = None
    percent: Percent | None = None
    against: str = "上年"


class Versus(BaseModel):
    """「决算数大于/小于/等于（与…持平）预算数」: how the prose says a 决算 compares with its budget.

    ``base`` is the budget named (「全年预算数」 → 调整预算), None for a bare 「预算数」;
    ``approximate`` is 「基本持平」; ``amount`` the difference when stated (「大于预算数55.93万元」).
    """

    model_config = _FROZEN

    direction: Direction
    base: Role | None = None
    approximate: bool = False
    amount: Amount | None = None
    where: Location | None = None


class Claim(BaseModel):
    """A figure stated in the narrative.

    ``subject`` is the phrase as written, ``concept`` its key in the concept vocabulary when
    it maps to one. ``parent`` is the index (in ``Disclosure.claims``) of the claim this one is
    a part of ("其中：…"). ``path`` is a 类/款/项 path stated in prose, from its 类; ``level`` the
    level of the subject when the prose marks it (「…（项）」), also for a path that starts at a 款.

    ``role`` says which figure of its subject this is when the prose names it (年初预算, 决算 …);
    None for a figure stated plainly (the document's own: a budget's 预算数, a final account's 决算).
    ``group`` is the index of the first claim of the same subject stated with other roles in the
    same statement (「年初预算为X万元，支出决算为Y万元」: both claims have the first one's index);
    None for a figure stated alone. ``completion`` is a completion rate 「完成…的P%」 and
    ``completion_of`` the budget it names (「完成年初预算的」 → 年初预算; None: 「完成预算的」).
    ``versus`` is the stated comparison of this 决算 with its budget.
    """

    model_config = _FROZEN

    subject: str
    value: Amount
    concept: str | None = None
    year: int | None = None
    share: Percent | None = None
    share_of: str | None = None
    change: Change | None = None
    completion: Percent | None = None
    parent: int | None = None
    code: str | None = None
    path: list[str] = Field(default_factory=list)
    section: str | None = None
    text: str = ""
    where: Location | None = None
    role: Role | None = None
    group: int | None = None
    level: Level | None = None
    completion_of: Role | None = None
    versus: Versus | None = None
