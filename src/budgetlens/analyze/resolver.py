"""Resolve a document's standard quantities (收入总计 … 机关运行经费) in 元: the one resolver.

Tables first — the 收支总表 rows by concept, the 支出总表 合计 row (合计/基本支出/项目支出; without
a 支出总表 and without 政府性基金 spending, the 一般公共预算支出表's), the 基本支出经济分类表 (or
基本支出表) 合计 row (人员经费/公用经费, and its 合计 as 基本支出 when nothing gave it before), the
三公经费表 rows (合计 and its parts) — then the narrative claims by concept. Every value is
normalized to 元 and keeps the location it was read from. The change against last year stated in
prose for the same concept is kept alongside, signed (减少 → negative).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budgetlens.model import Amount, Disclosure, DocumentKind, Location, Side, Table, TableKind, Unit
from budgetlens.model.narrative import Claim, Direction
from budgetlens.reference.concepts import match_concept

THREE_PUBLIC_PARTS: tuple[str, ...] = (
    "因公出国（境）费", "公务用车购置及运行维护费", "公务用车购置费", "公务用车运行维护费", "公务接待费",
)

STANDARD_QUANTITIES: tuple[str, ...] = (
    "收入总计", "本年收入合计", "一般公共预算拨款收入", "本年支出合计", "基本支出", "项目支出",
    "人员经费", "公用经费", "三公经费", *THREE_PUBLIC_PARTS, "机关运行经费",
)

# The parent each share is computed against.
SHARE_OF: dict[str, str] = {
    "本年收入合计": "收入总计",
    "一般公共预算拨款收入": "本年收入合计",
    "基本支出": "本年支出合计",
    "项目支出": "本年支出合计",
    "人员经费": "基本支出",
    "公用经费": "基本支出",
    "三公经费": "本年支出合计",
    "因公出国（境）费": "三公经费",
    "公务用车购置及运行维护费": "三公经费",
    "公务用车购置费": "公务用车购置及运行维护费",
    "公务用车运行维护费": "公务用车购置及运行维护费",
    "公务接待费": "三公经费",
    "机关运行经费": "本年支出合计",
}

_INCOME_CONCEPTS = frozenset({"收入总计", "本年收入合计", "一般公共预算拨款收入"})
_SUMMARY_CONCEPTS = frozenset({"收入总计", "本年收入合计", "一般公共预算拨款收入", "本年支出合计", "基本支出",
                               "项目支出"})
_THREE_PUBLIC = frozenset({"三公经费", *THREE_PUBLIC_PARTS})


@dataclass(frozen=True, slots=True)
class Quantity:
    """A resolved quantity in 元, where it came from, and the change stated for it in prose."""

    concept: str
    value_yuan: Decimal
    source: str  # "table" or "claim"
    stated_change_yuan: Decimal | None = None
    stated_change_percent: Decimal | None = None
    where: Location | None = None


def to_yuan(amount: Amount) -> Decimal:
    return amount.in_unit(Unit.YUAN)


_Found = dict[str, Amount]


def _preferred_value(values: dict[str, Amount], kind: DocumentKind | None) -> Amount | None:
    order = ("决算数", "合计", "预算数", "金额") if kind is DocumentKind.FINAL else ("预算数", "合计", "决算数", "金额")
    for key in order:
        if key in values:
            return values[key]
    return next(iter(values.values()), None)


def _from_summary(table: Table, kind: DocumentKind | None, out: _Found) -> None:
    for row in table.rows:
        concept = match_concept(row.name)
        if concept not in _SUMMARY_CONCEPTS or concept in out or not row.values:
            continue
        expected_side = Side.INCOME if concept in _INCOME_CONCEPTS else Side.EXPENSE
        if row.side is not None and row.side is not expected_side:
            continue
        amount = _preferred_value(row.values, kind)
        if amount is not None:
            out[concept] = amount


def _from_total_row(table: Table, columns: dict[str, str], out: _Found) -> None:
    total = table.total_row()
    if total is None:
        return
    for key, concept in columns.items():
        amount = total.value(key)
        if amount is not None and concept not in out:
            out[concept] = amount


# the columns of a spending table's 合计 row, and the quantities they give
_SPENDING_TOTALS = {"合计": "本年支出合计", "基本支出": "基本支出", "项目支出": "项目支出"}


def _has_fund_spending(d: Disclosure) -> bool:
    for table in d.tables_of(TableKind.GOV_FUND):
        total = table.total_row()
        if total is not None and any(a.value for a in total.values.values()):
            return True
    return False


def _from_three_public(table: Table, kind: DocumentKind | None, out: _Found) -> None:
    for row in table.rows:
        concept = "三公经费" if row.is_total else match_concept(row.name)
        if concept not in _THREE_PUBLIC or concept in out:
            continue
        amount = _preferred_value(row.values, kind)
        if amount is not None:
            out[concept] = amount


def table_amounts(d: Disclosure) -> dict[str, Amount]:
    """Standard quantities found in the standard tables, as printed (first table of a kind wins)."""
    out: _Found = {}
    for table in d.tables_of(TableKind.SUMMARY):
        _from_summary(table, d.kind, out)
    for table in d.tables_of(TableKind.EXPENSE):
        _from_total_row(table, _SPENDING_TOTALS, out)
    if not d.tables_of(TableKind.EXPENSE) and not _has_fund_spending(d):
        # no 支出总表 (单位 documents often publish only the 一般公共预算 tables) and no 政府性基金
        # spending: the 一般公共预算支出表 holds the whole of it
        for kind in (TableKind.GENERAL_EXPENSE, TableKind.GENERAL_EXPENSE_ECON):
            for table in d.tables_of(kind):
                _from_total_row(table, _SPENDING_TOTALS, out)
    for kind in (TableKind.BASIC_EXPENSE_ECON, TableKind.BASIC_EXPENSE):
        for table in d.tables_of(kind):
            # the 合计 of a 基本支出表 is the 基本支出 (when the 支出总表 did not give it)
            _from_total_row(table, {"人员经费": "人员经费", "公用经费": "公用经费", "合计": "基本支出"}, out)
    for table in d.tables_of(TableKind.THREE_PUBLIC):
        _from_three_public(table, d.kind, out)
    return out


def table_quantities(d: Disclosure) -> dict[str, Decimal]:
    """Standard quantities found in the standard tables, in 元."""
    return {c: to_yuan(a) for c, a in table_amounts(d).items()}


def _claims_by_concept(d: Disclosure) -> dict[str, Claim]:
    """First claim of each concept about the document's own year (or no year stated)."""
    out: dict[str, Claim] = {}
    for claim in d.claims:
        if claim.concept is None or claim.concept in out:
            continue
        if claim.year is not None and d.year is not None and claim.year != d.year:
            continue
        out[claim.concept] = claim
    return out


def signed_change(claim: Claim) -> tuple[Decimal | None, Decimal | None]:
    """The change a claim states, signed: (amount in 元, percent)."""
    change = claim.change
    if change is None:
        return None, None
    if change.direction is Direction.FLAT:
        return Decimal(0), Decimal(0)
    sign = Decimal(-1) if change.direction is Direction.DOWN else Decimal(1)
    amount = sign * to_yuan(change.amount) if change.amount is not None else None
    percent = sign * change.percent.value if change.percent is not None else None
    return amount, percent


def resolve(d: Disclosure) -> dict[str, Quantity]:
    """Every standard quantity that can be resolved for a document, by concept."""
    tables = table_amounts(d)
    claims = _claims_by_concept(d)
    out: dict[str, Quantity] = {}
    for concept in STANDARD_QUANTITIES:
        claim = claims.get(concept)
        change_amount, change_percent = signed_change(claim) if claim is not None else (None, None)
        found = tables.get(concept)
        if found is not None:
            out[concept] = Quantity(concept, to_yuan(found), "table", change_amount, change_percent, found.where)
        elif claim is not None:
            out[concept] = Quantity(concept, to_yuan(claim.value), "claim", change_amount, change_percent,
                                    claim.value.where or claim.where)
    return out
