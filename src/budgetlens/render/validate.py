"""Validate a budget input: codes and names for the year, amounts that must agree.

Classification data is reached through the small :class:`CodeBook` interface; the default
:class:`ReferenceCodeBook` uses :mod:`budgetlens.reference.classification`. Every problem is an
:class:`~budgetlens.render.loader.Issue` naming the sheet and cell, e.g.
「支出明细!A7：科目编码 2101599 在 2024 年不存在」.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from budgetlens.model import DocumentKind, Level, Scheme
from budgetlens.reference import classification as cls
from budgetlens.render import layout as L
from budgetlens.render.inputs import BudgetInput, Nature, Source
from budgetlens.render.loader import InputIssues, Issue, Refs, convert, read_raw
from budgetlens.render.numbers import fmt


class CodeBook(Protocol):
    """What validation and rendering need from the classification reference data."""

    def covered(self, year: int, scheme: Scheme) -> bool: ...

    def name(self, code: str, year: int, scheme: Scheme) -> str | None: ...

    def name_matches(self, code: str, name: str, year: int, scheme: Scheme) -> bool: ...

    def similar(self, code: str, year: int, scheme: Scheme) -> list[tuple[str, str]]: ...

    def gov_for_dept(self, code: str, year: int, institution: bool) -> tuple[str, str] | None: ...

    def classes(self, year: int) -> list[tuple[str, str]]: ...


class ReferenceCodeBook:
    """:class:`CodeBook` over the packaged reference data."""

    def covered(self, year: int, scheme: Scheme) -> bool:
        return year in cls.years_covered(scheme)

    def name(self, code: str, year: int, scheme: Scheme) -> str | None:
        entry = cls.lookup(code, year, scheme)
        return entry.name if entry else None

    def name_matches(self, code: str, name: str, year: int, scheme: Scheme) -> bool:
        return cls.name_matches(code, name, year, scheme)

    def similar(self, code: str, year: int, scheme: Scheme) -> list[tuple[str, str]]:
        return [(s.entry.code, s.entry.name) for s in cls.similar_codes(code, year, scheme)]

    def gov_for_dept(self, code: str, year: int, institution: bool) -> tuple[str, str] | None:
        entry = cls.econ_dept_to_gov(code, year, institution=institution)
        return (entry.code, entry.name) if entry else None

    def classes(self, year: int) -> list[tuple[str, str]]:
        return [(e.code, e.name) for e in cls.entries(year, Scheme.FUNCTION, Level.CLASS)]


DEFAULT_CODEBOOK: CodeBook = ReferenceCodeBook()


def _unknown(book: CodeBook, what: str, code: str, year: int, scheme: Scheme) -> str:
    message = f"{what} {code} 在 {year} 年不存在"
    near = book.similar(code, year, scheme)[:3]
    if near:
        message += "，是否应为 " + "、".join(f"{c}「{n}」" for c, n in near) + "？"
    return message


def validate(budget: BudgetInput, refs: Refs, book: CodeBook = DEFAULT_CODEBOOK) -> list[Issue]:
    """Every semantic problem of a parsed input (codes, names, sums), in sheet order."""
    issues: list[Issue] = []
    e = budget.entity
    year = e.year
    unit = e.unit.value

    def add(ref: str, message: str) -> None:
        issues.append(Issue(ref, message))

    if not book.covered(year, Scheme.FUNCTION):
        add(refs.of(L.ENTITY.name, "年度", "内容"), f"年度 {year} 不在科目数据覆盖范围内，无法核对科目编码")
        return issues

    # expenditure lines: code and name for the year, duplicates, empty lines
    seen: dict[tuple[str, Source], int] = {}
    for i, line in enumerate(budget.lines):
        ref_code = refs.of(L.LINES.name, i, "科目编码")
        official = book.name(line.code, year, Scheme.FUNCTION)
        if official is None:
            add(ref_code, _unknown(book, "科目编码", line.code, year, Scheme.FUNCTION))
        elif not book.name_matches(line.code, line.name, year, Scheme.FUNCTION):
            add(refs.of(L.LINES.name, i, "科目名称"),
                f"科目名称「{line.name}」与编码 {line.code} 在 {year} 年的名称「{official}」不符")
        else:
            for parent in (line.code[:3], line.code[:5]):
                if book.name(parent, year, Scheme.FUNCTION) is None:
                    add(ref_code, f"科目编码 {line.code} 的上级科目 {parent} 在 {year} 年不存在")
        key = (line.code, line.source)
        if key in seen:
            add(ref_code, f"科目 {line.code}（资金来源：{line.source.short}）重复，与第 {seen[key] + 1} 条合并填写")
        seen.setdefault(key, i)
        if line.total == 0:
            add(refs.of(L.LINES.name, i, ""), f"科目 {line.code} 没有填写任何金额")
    if not budget.lines:
        add(L.LINES.name, "没有填写支出明细")

    # income against expenditure by source
    spent: dict[Source, Decimal] = defaultdict(Decimal)
    for line in budget.lines:
        spent[line.source] += line.total
    final = e.kind is DocumentKind.FINAL
    for source in Source:
        income = budget.income_of(source)
        used = spent.get(source, Decimal(0))
        ref = refs.of(L.INCOME.name, source.value, "金额")
        if final and used > income:
            add(ref, f"{source.value} {fmt(income)}{unit} 小于资金来源为“{source.short}”的支出 {fmt(used)}{unit}")
        elif not final and used != income:
            add(ref, f"{source.value} {fmt(income)}{unit} 与资金来源为“{source.short}”的支出 {fmt(used)}{unit} 不一致，"
                     f"相差 {fmt(income - used)}{unit}")

    # economic classification of the 一般公共预算 basic spending
    institution = e.nature is Nature.INSTITUTION
    for i, econ in enumerate(budget.econ):
        ref_code = refs.of(L.ECON.name, i, "部门经济分类编码")
        official = book.name(econ.code, year, Scheme.ECON_DEPT)
        if official is None:
            add(ref_code, _unknown(book, "部门经济分类编码", econ.code, year, Scheme.ECON_DEPT))
        elif not book.name_matches(econ.code, econ.name, year, Scheme.ECON_DEPT):
            add(refs.of(L.ECON.name, i, "科目名称"),
                f"科目名称「{econ.name}」与部门经济分类编码 {econ.code} 在 {year} 年的名称「{official}」不符")
        if econ.gov_code is not None:
            ref_gov = refs.of(L.ECON.name, i, "政府经济分类编码")
            if book.name(econ.gov_code, year, Scheme.ECON_GOV) is None:
                add(ref_gov, _unknown(book, "政府经济分类编码", econ.gov_code, year, Scheme.ECON_GOV))
            elif official is not None:
                mapped = book.gov_for_dept(econ.code, year, institution)
                if mapped is not None and mapped[0] != econ.gov_code:
                    add(ref_gov, f"政府经济分类编码 {econ.gov_code} 与部门经济分类 {econ.code}「{official}」不对应，"
                                 f"{e.nature.value}单位应为 {mapped[0]}「{mapped[1]}」")
        if econ.total == 0:
            add(refs.of(L.ECON.name, i, ""), f"经济分类 {econ.code} 没有填写任何金额")
    general = [line for line in budget.lines if line.source is Source.GENERAL]
    z = Decimal(0)
    for what, by_line, by_econ in (
        ("人员经费", sum((x.personnel for x in general), z), sum((x.personnel for x in budget.econ), z)),
        ("公用经费", sum((x.public for x in general), z), sum((x.public for x in budget.econ), z)),
    ):
        if by_line != by_econ:
            add(f"{L.ECON.name}（{what}合计）",
                f"经济分类{what}合计 {fmt(by_econ)}{unit} 与支出明细中一般公共预算{what} {fmt(by_line)}{unit} 不一致，"
                f"相差 {fmt(by_econ - by_line)}{unit}")

    # projects
    project_total = sum((x.project for x in budget.lines), Decimal(0))
    listed = sum((p.amount for p in budget.projects), Decimal(0))
    if (budget.projects or project_total) and listed != project_total:
        add(f"{L.PROJECTS.name}（金额合计）",
            f"项目金额合计 {fmt(listed)}{unit} 与支出明细项目支出合计 {fmt(project_total)}{unit} 不一致")
    codes = {line.code for line in budget.lines if line.project}
    for i, p in enumerate(budget.projects):
        if p.code is not None and p.code not in codes:
            add(refs.of(L.PROJECTS.name, i, "科目编码"), f"科目编码 {p.code} 在支出明细中没有项目支出")

    # parts that exceed their whole
    general_total = sum((x.total for x in general), Decimal(0))
    three = budget.three_public
    if three.total > general_total:
        add(f"{L.THREE_PUBLIC.name}（合计）",
            f"“三公”经费合计 {fmt(three.total)}{unit} 超过一般公共预算支出 {fmt(general_total)}{unit}")
    basic_total = sum((x.basic for x in budget.lines), Decimal(0))
    if budget.running_cost > basic_total:
        add(refs.of(L.RUNNING.name, "机关运行经费", "本年"),
            f"机关运行经费 {fmt(budget.running_cost)}{unit} 超过基本支出 {fmt(basic_total)}{unit}")
    expense_total = sum((x.total for x in budget.lines), Decimal(0))
    proc_total = sum((x.amount for x in budget.procurement), Decimal(0))
    if proc_total > expense_total:
        add(f"{L.PROCUREMENT.name}（金额合计）",
            f"政府采购金额合计 {fmt(proc_total)}{unit} 超过支出合计 {fmt(expense_total)}{unit}")
    staff = budget.staff
    for whole, parts, label in (
        (staff.authorized, (staff.authorized_admin, staff.authorized_institution), "编制人数"),
        (staff.actual, (staff.actual_admin, staff.actual_institution), "实有人数"),
    ):
        counted = sum(p or 0 for p in parts)
        if whole is not None and counted > whole:
            add(refs.of(L.STAFF.name, label, "人数"), f"{label} {whole} 人小于其分项之和 {counted} 人")
    by_name = {p.name: p.amount for p in budget.projects}
    for i, t in enumerate(budget.targets):
        if t.project in by_name and by_name[t.project] != t.amount:
            add(refs.of(L.TARGETS.name, i, "项目金额"),
                f"绩效目标项目金额 {fmt(t.amount)}{unit} 与项目「{t.project}」"
                f"金额 {fmt(by_name[t.project])}{unit} 不一致")
        if not t.indicators:
            add(refs.of(L.TARGETS.name, i, "项目名称"), f"项目「{t.project}」没有绩效指标")
    ly = budget.last_year
    if (ly.expense_total is not None and ly.basic is not None and ly.project is not None
            and ly.basic + ly.project != ly.expense_total):
        add(refs.of(L.LAST_YEAR.name, "支出合计", "金额"),
            f"上年支出合计 {fmt(ly.expense_total)}{unit} 不等于基本支出与项目支出之和 "
            f"{fmt(ly.basic + ly.project)}{unit}")
    return issues


def load_input(path: str | Path, book: CodeBook = DEFAULT_CODEBOOK) -> BudgetInput:
    """Read and validate an input file; raise :class:`InputIssues` listing every problem."""
    p = Path(path)
    budget, refs, issues = convert(read_raw(p))
    if budget is not None:
        issues = issues + validate(budget, refs, book)
    if issues or budget is None:
        raise InputIssues(str(p), issues)
    return budget
