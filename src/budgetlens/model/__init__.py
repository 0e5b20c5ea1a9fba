"""The disclosure model shared by every stage."""

from budgetlens.model.amount import Amount, Percent, Unit, convert, decimals_of
from budgetlens.model.disclosure import (
    ContentsEntry,
    Disclosure,
    DocumentKind,
    Entity,
    Scope,
    Section,
    Source,
)
from budgetlens.model.holdings import (
    AssetItem,
    AssetSummary,
    OrgUnit,
    Procurement,
    ProcurementItem,
    StaffSummary,
)
from budgetlens.model.location import Location
from budgetlens.model.narrative import Change, Claim, Direction
from budgetlens.model.performance import (
    Indicator,
    PerformanceTarget,
    PlanStep,
    Target,
    TargetForm,
    Task,
)
from budgetlens.model.table import Column, Level, Row, Scheme, Side, Table, TableKind

__all__ = [
    "Amount",
    "AssetItem",
    "AssetSummary",
    "Change",
    "Claim",
    "Column",
    "ContentsEntry",
    "Direction",
    "Disclosure",
    "DocumentKind",
    "Entity",
    "Indicator",
    "Level",
    "Location",
    "OrgUnit",
    "Percent",
    "PerformanceTarget",
    "PlanStep",
    "Procurement",
    "ProcurementItem",
    "Row",
    "Scheme",
    "Scope",
    "Section",
    "Side",
    "Source",
    "StaffSummary",
    "Table",
    "TableKind",
    "Target",
    "TargetForm",
    "Task",
    "Unit",
    "convert",
    "decimals_of",
]
