"""The standard tables as plain grids of printed text, ready for any writer.

Layouts follow what departments publish: the 收支总表 is two-sided with every 类 of the year
listed in code order; function tables list each 类 followed by its 款 and 项 with a 合计 row
first; the basic-spending table is by 部门经济分类 with the paired 政府经济分类; empty 政府性基金 /
国有资本经营 tables keep their header and say 「本部门无…，本表为空表」.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from budgetlens.model import DocumentKind, Level
from budgetlens.render.figures import Figures, FunctionRow
from budgetlens.render.inputs import CURRENT_SOURCES, Source
from budgetlens.render.numbers import cell, fmt

_CN = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 30 → 三十."""
    if n <= 10:
        return _CN[n - 1]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else _CN[tens - 1] + "十"
    return head + (_CN[ones - 1] if ones else "")


@dataclass(slots=True)
class GridTable:
    """One standard table: title, one header row, body rows of text, and how to print them."""

    key: str
    number: int
    title: str
    sheet: str
    header: list[str]
    rows: list[list[str]]
    numeric: set[int] = field(default_factory=set)
    total_rows: set[int] = field(default_factory=set)
    level_rows: dict[int, Level] = field(default_factory=dict)
    empty_note: str | None = None
    unit_label: str = "单位：元"

    @property
    def width(self) -> int:
        return len(self.header)


def _titles(f: Figures) -> dict[str, str]:
    if f.kind is DocumentKind.FINAL:
        return {
            "summary": "收支决算总表", "income": "收入决算总表", "expense": "支出决算总表",
            "fiscal": "财政拨款收支决算总表", "general": "一般公共预算财政拨款支出决算表",
            "basic": "一般公共预算财政拨款基本支出决算表", "three": "一般公共预算财政拨款“三公”经费支出决算表",
            "fund": "政府性基金预算财政拨款支出决算表", "capital": "国有资本经营预算财政拨款支出决算表",
            "projects": "项目支出决算表", "procurement": "政府采购支出决算表",
        }
    return {
        "summary": "收支预算总表", "income": "收入预算总表", "expense": "支出预算总表",
        "fiscal": "财政拨款收支预算总表", "general": "一般公共预算支出表",
        "basic": "一般公共预算基本支出表", "three": "一般公共预算“三公”经费支出表",
        "fund": "政府性基金预算支出表", "capital": "国有资本经营预算支出表",
        "projects": "项目支出预算表", "procurement": "政府采购预算表",
    }


_SHEETS = {
    "summary": "收支总表", "income": "收入总表", "expense": "支出总表", "fiscal": "财政拨款收支总表",
    "general": "一般公共预算支出表", "basic": "一般公共预算基本支出表", "three": "三公经费支出表",
    "fund": "政府性基金预算支出表", "capital": "国有资本经营预算支出表", "projects": "项目支出表",
    "procurement": "政府采购表",
}


class _Builder:
    def __init__(self, f: Figures) -> None:
        self.f = f
        self.titles = _titles(f)
        self.tables: list[GridTable] = []
        self.unit_label = f"单位：{f.unit.value}"
        prefix = f.budget.entity.name + f"{f.year}年" + f.scope.value
        self.prefix = prefix

    def new(self, key: str, header: list[str], numeric_from: int) -> GridTable:
        t = GridTable(
            key=key, number=len(self.tables) + 1, title=self.prefix + self.titles[key], sheet=_SHEETS[key],
            header=header, rows=[], numeric=set(range(numeric_from, len(header))), unit_label=self.unit_label,
        )
        self.tables.append(t)
        return t

    # ------------------------------------------------------------------ tables

    def summary(self) -> None:
        f = self.f
        word = f.amount_word
        t = self.new("summary", ["项目", word, "项目", word], 1)
        t.numeric = {1, 3}
        left = [(f"{cn_number(i)}、{s.value}", f.income[s]) for i, s in enumerate(CURRENT_SOURCES, start=1)]
        right = [(f"{cn_number(i)}、{name}", s.total) for i, (_, name, s) in enumerate(f.classes(), start=1)]
        for i in range(max(len(left), len(right))):
            a = left[i] if i < len(left) else ("", None)
            b = right[i] if i < len(right) else ("", None)
            t.rows.append([a[0], cell(a[1]), b[0], cell(b[1])])
        first_total = len(t.rows)
        t.rows.append(["本年收入合计", cell(f.income_current), "本年支出合计", cell(f.total.total)])
        t.rows.append(["上年结转结余", cell(f.carried_in), "年终结转结余", cell(f.carry_out)])
        t.rows.append(["收入总计", cell(f.income_grand), "支出总计", cell(f.income_grand)])
        t.total_rows = {first_total, first_total + 2}

    def _function_table(self, t: GridTable, rows: list[FunctionRow], columns: list[list[Decimal]],
                        total: list[Decimal]) -> None:
        t.rows.append(["", "合计", *(cell(v) for v in total)])
        t.total_rows.add(0)
        for r, values in zip(rows, columns, strict=True):
            t.level_rows[len(t.rows)] = r.level
            t.rows.append([r.code, r.name, *(cell(v) for v in values)])

    def income(self) -> None:
        f = self.f
        sources = [*CURRENT_SOURCES, Source.CARRIED]
        t = self.new("income", ["科目编码", "科目名称", "合计", *(s.value for s in sources)], 2)
        rows = f.function_rows()
        self._function_table(
            t, rows, [[r.sums.total, *(r.sums.of(s) for s in sources)] for r in rows],
            [f.total.total, *(f.total.of(s) for s in sources)],
        )

    def expense(self) -> None:
        f = self.f
        t = self.new("expense", ["科目编码", "科目名称", "合计", "基本支出", "项目支出"], 2)
        rows = f.function_rows()
        self._function_table(t, rows, [[r.sums.total, r.sums.basic, r.sums.project] for r in rows],
                             [f.total.total, f.total.basic, f.total.project])

    def fiscal(self) -> None:
        f = self.f
        word = f.amount_word
        t = self.new("fiscal", [
            "项目", word, "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"], 1)
        t.numeric = {1, 3, 4, 5, 6}
        left = [
            ("一、一般公共预算拨款收入", f.income[Source.GENERAL]),
            ("二、政府性基金预算拨款收入", f.income[Source.GOV_FUND]),
            ("三、国有资本经营预算拨款收入", f.income[Source.STATE_CAPITAL]),
        ]
        fiscal_sources = (Source.GENERAL, Source.GOV_FUND, Source.STATE_CAPITAL)
        right = [
            (f"{cn_number(i)}、{name}", [sum((s.of(x) for x in fiscal_sources), Decimal(0)),
                                        *(s.of(x) for x in fiscal_sources)])
            for i, (_, name, s) in enumerate(f.classes(), start=1)
        ]
        for i in range(max(len(left), len(right))):
            a = left[i] if i < len(left) else ("", None)
            b = right[i] if i < len(right) else ("", [None] * 4)
            t.rows.append([a[0], cell(a[1]), b[0], *(cell(v) for v in b[1])])
        totals = [f.fiscal.total, f.general.total, f.gov_fund.total, f.state_capital.total]
        first_total = len(t.rows)
        t.rows.append(["本年收入合计", cell(f.fiscal_income), "本年支出合计", *(cell(v) for v in totals)])
        t.rows.append(["收入总计", cell(f.fiscal_income), "支出总计", *(cell(v) for v in totals)])
        t.total_rows = {first_total, first_total + 1}

    def general(self) -> None:
        f = self.f
        t = self.new("general", ["科目编码", "科目名称", "合计", "基本支出", "项目支出"], 2)
        rows = f.function_rows(lambda x: x.source is Source.GENERAL)
        self._function_table(t, rows, [[r.sums.total, r.sums.basic, r.sums.project] for r in rows],
                             [f.general.total, f.general.basic, f.general.project])

    def basic(self) -> None:
        f = self.f
        t = self.new("basic", ["部门经济分类科目编码", "部门经济分类科目名称", "政府经济分类科目编码",
                               "政府经济分类科目名称", "合计", "人员经费", "公用经费"], 4)
        t.rows.append(["", "合计", "", "", cell(f.general.basic), cell(f.general.personnel), cell(f.general.public)])
        t.total_rows.add(0)
        for r in f.econ_rows():
            t.level_rows[len(t.rows)] = r.level
            t.rows.append([r.code, r.name, r.gov_code, r.gov_name, cell(r.total), cell(r.personnel), cell(r.public)])

    def three(self) -> None:
        f = self.f
        tp = f.budget.three_public
        t = self.new("three", ["项目", f.amount_word], 1)
        rows = [
            ("合计", tp.total), ("1、因公出国（境）费", tp.abroad), ("2、公务用车购置及运行维护费", tp.cars),
            ("（1）公务用车购置费", tp.car_purchase), ("（2）公务用车运行维护费", tp.car_running),
            ("3、公务接待费", tp.reception),
        ]
        t.rows = [[name, fmt(v, grouping=True)] for name, v in rows]
        t.total_rows = {0}

    def fund_table(self, key: str, source: Source, what: str) -> None:
        f = self.f
        t = self.new(key, ["科目编码", "科目名称", "合计", "基本支出", "项目支出"], 2)
        rows = f.function_rows(lambda x: x.source is source)
        if not rows:
            t.rows.append(["", "", "", "", ""])
            t.empty_note = f"注：{f.scope_word}{f.year}年无{what}，本表为空表。"
            return
        s = {Source.GOV_FUND: f.gov_fund, Source.STATE_CAPITAL: f.state_capital}[source]
        self._function_table(t, rows, [[r.sums.total, r.sums.basic, r.sums.project] for r in rows],
                             [s.total, s.basic, s.project])

    def projects(self) -> None:
        b = self.f.budget
        if not b.projects:
            return
        t = self.new("projects", ["项目名称", "项目金额", "项目简介"], 1)
        t.numeric = {1}
        t.rows.append(["合计", cell(sum((p.amount for p in b.projects), Decimal(0))), ""])
        t.total_rows = {0}
        for p in b.projects:
            t.rows.append([p.name, cell(p.amount), p.description])

    def procurement(self) -> None:
        b = self.f.budget
        if not b.procurement:
            return
        t = self.new("procurement",
                     ["项目名称", "采购物品名称", "政府采购目录序号", "计量单位", "数量", "单价", "金额"], 4)
        t.rows.append(["合计", "", "", "", "", "", cell(self.f.procurement_total)])
        t.total_rows = {0}
        for p in b.procurement:
            qty = format(p.quantity.normalize(), "f")
            t.rows.append([p.project or p.item, p.item, p.catalog_code, p.measure, qty, cell(p.unit_price),
                           cell(p.amount)])


def build_tables(f: Figures) -> list[GridTable]:
    """The standard tables in template order, then the project and procurement lists."""
    b = _Builder(f)
    b.summary()
    b.income()
    b.expense()
    b.fiscal()
    b.general()
    b.basic()
    b.three()
    what = "政府性基金预算财政拨款" + ("支出" if f.kind is DocumentKind.FINAL else "预算")
    b.fund_table("fund", Source.GOV_FUND, what)
    what = "国有资本经营预算财政拨款" + ("支出" if f.kind is DocumentKind.FINAL else "预算")
    b.fund_table("capital", Source.STATE_CAPITAL, what)
    b.projects()
    b.procurement()
    return b.tables
