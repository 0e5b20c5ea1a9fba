"""Procurement, assets, staff and organisation."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from budgetlens.model.amount import Amount, Unit
from budgetlens.model.location import Location

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class ProcurementItem(BaseModel):
    """One line of a 政府采购 table."""

    model_config = _FROZEN

    item: str
    project: str | None = None
    project_budget: Amount | None = None
    catalog_code: str | None = None
    measure: str | None = None
    quantity: Decimal | None = None
    unit_price: Amount | None = None
    amount: Amount | None = None
    funding: dict[str, Amount] = Field(default_factory=dict)
    where: Location | None = None


class Procurement(BaseModel):
    model_config = _FROZEN

    unit: Unit = Unit.YUAN
    total: Amount | None = None
    items: list[ProcurementItem] = Field(default_factory=list)
    empty_reason: str | None = None
    where: Location | None = None
    doubt: str | None = None
    """Why the list was not read surely (its lines' names lost), or None; rules judge only a sure list."""


class AssetItem(BaseModel):
    model_config = _FROZEN

    name: str
    quantity: Decimal | None = None
    value: Amount | None = None
    where: Location | None = None


class AssetSummary(BaseModel):
    """A 固定资产占用情况表."""

    model_config = _FROZEN

    as_of: str | None = None
    unit: Unit = Unit.YUAN
    total: Amount | None = None
    items: list[AssetItem] = Field(default_factory=list)
    where: Location | None = None


class StaffSummary(BaseModel):
    """Staff numbers as stated (编制, 实有, 离退休)."""

    model_config = _FROZEN

    authorized: int | None = None
    authorized_admin: int | None = None
    authorized_institution: int | None = None
    actual: int | None = None
    actual_admin: int | None = None
    actual_institution: int | None = None
    retired: int | None = None
    where: Location | None = None


class OrgUnit(BaseModel):
    """A row of the 机构设置 table."""

    model_config = _FROZEN

    name: str
    nature: str | None = None
    rank: str | None = None
    funding: str | None = None
    code: str | None = None
    """The unit's code, when the grid prints one (单位编码)."""
    note: str | None = None
    """What the grid says of the unit besides (备注, 拟变动情况: 「预算不单列，并入本级」)."""
