"""Builders for hand-made disclosures used by the rule tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from budgetlens.check import Config, Finding, check
from budgetlens.model import (
    Amount,
    Claim,
    Column,
    Disclosure,
    DocumentKind,
    Entity,
    Level,
    Location,
    Row,
    Scheme,
    Scope,
    Side,
    Source,
    Table,
    TableKind,
    Unit,
    decimals_of,
)

FILE = "sample.txt"


def amt(text: str, unit: Unit = Unit.YUAN, line: int | None = None, col: int | None = None) -> Amount:
    return Amount(value=Decimal(text.replace(",", "")), unit=unit, decimals=decimals_of(text), raw=text,
                  where=Location(file=FILE, line=line, col=col))


def wan(text: str, line: int | None = None) -> Amount:
    return amt(text, Unit.WAN, line)


_LEVELS = {3: Level.CLASS, 5: Level.SECTION, 7: Level.ITEM}


def row(name: str, code: str | None = None, *, total: bool = False, side: Side | None = None, depth: int = 0,
        line: int | None = None, unit: Unit = Unit.YUAN, gov: str | None = None, **values: str) -> Row:
    vals = {k: amt(v, unit, line) for k, v in values.items()}
    return Row(name=name, code=code, level=_LEVELS.get(len(code)) if code else None, is_total=total, side=side,
               depth=depth, values=vals, econ_gov_code=gov, where=Location(file=FILE, line=line))


def table(kind: TableKind, rows: list[Row], keys: list[str], scheme: Scheme = Scheme.FUNCTION,
          unit: Unit = Unit.YUAN, title: str | None = None, number: str | None = None, **kw: Any) -> Table:
    return Table(kind=kind, title=title or kind.value, number=number, unit=unit, scheme=scheme,
                 columns=[Column(key=k, label=k) for k in keys], rows=rows, **kw)


def claim(subject: str, value: Amount, concept: str | None = None, **kw: Any) -> Claim:
    return Claim(subject=subject, value=value, concept=concept, where=value.where, **kw)


def disclosure(**kw: Any) -> Disclosure:
    base: dict[str, Any] = {
        "source": Source(path=FILE),
        "entity": Entity(name="某县医疗保障局", region="某县"),
        "year": 2023,
        "kind": DocumentKind.BUDGET,
        "scope": Scope.UNIT,
    }
    base.update(kw)
    return Disclosure(**base)


def run(d: Disclosure, code: str) -> list[Finding]:
    return check(d, Config(select=[code])).findings


def summary(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in findings]
