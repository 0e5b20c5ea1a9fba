"""Figures stated in prose."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from budgetlens.model.amount import Amount, Percent
from budgetlens.model.location import Location
from budgetlens.model.text_enum import TextEnum

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Direction(TextEnum):
    UP = "增加"
    DOWN = "减少"
    FLAT = "持平"


class Change(BaseModel):
    """A change against an earlier year as stated: direction, amount, percent."""

    model_config = _FROZEN

    direction: Direction
    amount: Amount | None = None
    percent: Percent | None = None
    against: str = "上年"


class Claim(BaseModel):
    """A figure stated in the narrative.

    ``subject`` is the phrase as written, ``concept`` its key in the concept vocabulary when
    it maps to one. ``parent`` is the index (in ``Disclosure.claims``) of the claim this one is
    a part of ("其中：…"). ``path`` is a 类/款/项 path stated in prose.
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
