"""Every figure a disclosure prints, computed once from a validated :class:`BudgetInput`.

The input gives 项-level lines; 款, 类 and 合计 are summed here (Decimal, exact), so tables,
narrative and charts all print the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from budgetlens.model import DocumentKind, Level, Scheme, Scope
from budgetlens.render.inputs import BudgetInput, ExpenseLine, Nature, Source
from budgetlens.render.validate import DEFAULT_CODEBOOK, CodeBook

Z = Decimal(0)


@dataclass(slots=True)
class Sums:
    """Amounts of one function row (or of a total)."""

    personnel: Decimal = Z
    public: Decimal = Z
    project: Decimal = Z
    by_source: dict[Source, Decimal] = field(default_factory=dict)

    @property
    def basic(self) -> Decimal:
        return self.personnel + self.public

    @property
    def total(self) -> Decimal:
        return self.personnel + self.public + self.project

    def add(self, line: ExpenseLine) -> None:
        self.personnel += line.personnel
        self.public += line.public
        self.project += line.project
        self.by_source[line.source] = self.by_source.get(line.source, Z) + line.total

    def of(self, source: Source) -> Decimal:
        return self.by_source.get(source, Z)


@dataclass(frozen=True, slots=True)
class FunctionRow:
    code: str
    name: str
    level: Level
    sums: Sums


@dataclass(frozen=True, slots=True)
class EconRow:
    code: str
    name: str
    level: Level
    gov_code: str
    gov_name: str
    personnel: Decimal
    public: Decimal

    @property
    def total(self) -> Decimal:
        return self.personnel + self.public


class Figures:
    """Computed totals and trees of one input."""

    def __init__(self, budget: BudgetInput, book: CodeBook = DEFAULT_CODEBOOK) -> None:
        self.budget = budget
        self.book = book
        e = budget.entity
        self.year = e.year
        self.kind = e.kind
        self.scope = e.scope
        self.unit = e.unit
        self.total = self._sum(budget.lines)
        self.general = self._sum(x for x in budget.lines if x.source is Source.GENERAL)
        self.gov_fund = self._sum(x for x in budget.lines if x.source is Source.GOV_FUND)
        self.state_capital = self._sum(x for x in budget.lines if x.source is Source.STATE_CAPITAL)
        self.fiscal = self._sum(x for x in budget.lines if x.source.fiscal)
        self.income = {s: budget.income_of(s) for s in Source}
        self.income_current = sum((self.income[s] for s in Source if s is not Source.CARRIED), Z)
        self.carried_in = self.income[Source.CARRIED]
        self.income_grand = self.income_current + self.carried_in
        self.carry_out = self.income_grand - self.total.total
        self.fiscal_income = sum((self.income[s] for s in Source if s.fiscal), Z)
        self.procurement_total = sum((x.amount for x in budget.procurement), Z)
        self.procurement_by_category: dict[str, Decimal] = {}
        for p in budget.procurement:
            self.procurement_by_category[p.category] = self.procurement_by_category.get(p.category, Z) + p.amount
        self.assets_total = sum((a.value for a in budget.assets), Z)

    @staticmethod
    def _sum(lines: Iterable[ExpenseLine]) -> Sums:
        s = Sums()
        for line in lines:
            s.add(line)
        return s

    @property
    def scope_word(self) -> str:
        return "本部门" if self.scope is Scope.DEPARTMENT else "本单位"

    @property
    def amount_word(self) -> str:
        return "决算数" if self.kind is DocumentKind.FINAL else "预算数"

    @property
    def kind_word(self) -> str:
        return "决算" if self.kind is DocumentKind.FINAL else "预算"

    def function_rows(self, keep: Callable[[ExpenseLine], bool] | None = None) -> list[FunctionRow]:
        """类, 款 and 项 rows (code order: each 类 followed by its 款 and their 项) of the kept lines."""
        sums: dict[str, Sums] = {}
        for line in self.budget.lines:
            if keep is not None and not keep(line):
                continue
            for code in (line.code[:3], line.code[:5], line.code):
                sums.setdefault(code, Sums()).add(line)
        names = {line.code: line.name for line in self.budget.lines}
        rows = []
        for code in sorted(sums):
            level = {3: Level.CLASS, 5: Level.SECTION, 7: Level.ITEM}[len(code)]
            name = self.book.name(code, self.year, Scheme.FUNCTION) or names.get(code, code)
            rows.append(FunctionRow(code, name, level, sums[code]))
        return rows

    def classes(self) -> list[tuple[str, str, Sums]]:
        """Every 类 of the year (in code order) with its sums (zero when unused): the 收支总表 right side."""
        used = {r.code: r.sums for r in self.function_rows() if r.level is Level.CLASS}
        listed = self.book.classes(self.year)
        out = [(code, name, used.get(code, Sums())) for code, name in listed]
        known = {code for code, _ in listed}
        for code, s in used.items():
            if code not in known:  # defensive: a used 类 missing from the reference list
                out.append((code, code, s))
        return sorted(out, key=lambda t: t[0])

    def econ_rows(self) -> list[EconRow]:
        """部门经济分类 类 and 款 rows of the 一般公共预算 basic spending, with 政府经济分类 款."""
        institution = self.budget.entity.nature is Nature.INSTITUTION
        by_class: dict[str, list[EconRow]] = {}
        for econ in sorted(self.budget.econ, key=lambda x: x.code):
            gov_code, gov_name = econ.gov_code or "", ""
            if gov_code:
                gov_name = self.book.name(gov_code, self.year, Scheme.ECON_GOV) or ""
            else:
                mapped = self.book.gov_for_dept(econ.code, self.year, institution)
                if mapped is not None:
                    gov_code, gov_name = mapped
            name = self.book.name(econ.code, self.year, Scheme.ECON_DEPT) or econ.name
            by_class.setdefault(econ.code[:3], []).append(
                EconRow(econ.code, name, Level.SECTION, gov_code, gov_name, econ.personnel, econ.public)
            )
        rows: list[EconRow] = []
        for code in sorted(by_class):
            items = by_class[code]
            name = self.book.name(code, self.year, Scheme.ECON_DEPT) or code
            rows.append(EconRow(code, name, Level.CLASS, "", "", sum((i.personnel for i in items), Z),
                                sum((i.public for i in items), Z)))
            rows.extend(items)
        return rows
