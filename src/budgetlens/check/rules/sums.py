"""SUM: sums inside one table (totals, 类=Σ款=Σ项, 合计=基本+项目, 基本=人员+公用, 两侧总计)."""

from __future__ import annotations

from collections.abc import Iterator

from budgetlens.check.context import Context, column_label, row_label, table_label
from budgetlens.check.finding import Severity
from budgetlens.check.registry import Issue, rule
from budgetlens.check.rules._util import sum_issue
from budgetlens.check.sides import GRAND, TWO_SIDED, YEAR_TOTAL, SideReading, read_sides
from budgetlens.check.tolerance import adds_up
from budgetlens.model import Amount, Row, Scheme, Side, Table
from budgetlens.reference.concepts import CONCEPTS


def _coded(table: Table) -> bool:
    return table.scheme in (Scheme.FUNCTION, Scheme.ECON_DEPT, Scheme.ECON_GOV)


@rule("SUM001", Severity.ERROR, "合计行不等于各类之和", "total row is not the sum of the top rows",
      "表格的合计行应等于各“类”级科目（或无科目表格的各一级行）之和，按每一金额列分别核对。"
      "容差按印刷精度计算：每个数字代表一个区间，区间无法相交才报错。",
      "支出总表合计 76582425.00 元，而 208 类 60000.00 元 + 210 类 76522425.00 元 = 76582425.00 元：通过。")
def total_row(ctx: Context) -> Iterator[Issue]:
    for t in ctx.tables():
        if t.kind in TWO_SIDED:
            continue
        for rows in _blocks(t):
            yield from _block_total(ctx, t, rows)


def _blocks(t: Table) -> list[list[Row]]:
    """The rows of each block printed side by side (人员经费 | 公用经费), each with its own total."""
    blocks: dict[str | None, list[Row]] = {}
    for r in t.rows:
        blocks.setdefault(r.group, []).append(r)
    return list(blocks.values())


def _block_total(ctx: Context, t: Table, rows: list[Row]) -> Iterator[Issue]:
    totals = [r for r in rows if r.is_total]
    tot = next((r for r in totals if r.name in ("合计", "总计")), totals[0] if len(totals) == 1 else None)
    if tot is None:
        return
    tops = _top_rows(t, [r for r in rows if not r.is_total])
    if not tops:
        return
    for key in ctx.money_keys(t):
        total = tot.values.get(key)
        if total is None or adds_up(total, [r.values[key] for r in tops if key in r.values]):
            continue
        parts = [(row_label(r), r.values[key]) for r in tops if key in r.values]
        issue = sum_issue(ctx, total_label=f"合计行{column_label(t, key, tot.group)}", total=total,
                          parts=parts, what=f"{table_label(t)}合计行", what_en=f"table {t.title!r}, total row",
                          extra_locations=[tot.where])
        if issue:
            yield issue


def _top_rows(t: Table, body: list[Row]) -> list[Row]:
    """The rows a total adds up: the highest level of code printed (类, else 款, else 项); in a table
    without codes, the highest rows when every row's depth is printed (numbered or indented; else the
    levels are unknown)."""
    if _coded(t):
        coded = [r for r in body if r.code and r.level is not None]
        if not coded:
            return []
        top = min(len(r.code or "") for r in coded)
        return [r for r in coded if len(r.code or "") == top]
    if not body or not all(r.depth_known for r in body):
        return []
    depths = {r.depth for r in body}
    if len(depths) < 2:
        return []
    return [r for r in body if r.depth == min(depths)]


@rule("SUM002", Severity.ERROR, "上级科目不等于下级科目之和", "a class is not the sum of its sections/items",
      "按科目编码的层级核对：类（3位）= 所属各款（5位）之和，款 = 所属各项（7位）之和；"
      "经济分类的类（3位）= 所属各款（5位）之和。",
      "21015 医疗保障管理事务 4272425 元 = 2101501 行政运行 3707425 + 2101502 200000 + 2101506 115000 "
      "+ 2101599 250000：通过；若写成 4272452 则报错并提示“相邻数字颠倒”。")
def code_hierarchy(ctx: Context) -> Iterator[Issue]:
    for t in ctx.tables():
        if not _coded(t):
            continue
        for test in ctx.identity_tests(t)[1]:
            if test.holds:
                continue
            parent = test.row
            parts = [(row_label(k), a) for k, a in zip(test.part_rows, test.parts, strict=True)]
            column = column_label(t, test.total_key, parent.group)
            issue = sum_issue(ctx, total_label=f"{row_label(parent)}（{column}）",
                              total=test.total, parts=parts, what=f"{table_label(t)}科目层级",
                              what_en=f"table {t.title!r}, code hierarchy", extra_locations=[parent.where])
            if issue:
                yield issue


@rule("SUM003", Severity.ERROR, "合计列不等于分项列之和", "a total column is not the sum of its part columns",
      "每一行核对列间关系：合计 = 基本支出 + 项目支出（+ 经营支出等），合计 = 人员经费 + 公用经费 + 项目支出，"
      "基本支出 = 人员经费 + 公用经费，合计 = 本年收入 + 上年结转，小计 = 各收入来源之和。空单元格按 0 计。",
      "行政运行：合计 3707425 元 = 基本支出 3707425 + 项目支出 0：通过。")
def column_identity(ctx: Context) -> Iterator[Issue]:
    for t in ctx.tables():
        if t.kind in TWO_SIDED:
            continue
        for test in ctx.identity_tests(t)[0]:
            if test.holds:
                continue
            r = test.row
            parts = [(column_label(t, k), a) for k, a in zip(test.part_keys, test.parts, strict=True)]
            issue = sum_issue(ctx, total_label=f"{test.total_key}列", total=test.total, parts=parts,
                              what=f"{table_label(t)}「{row_label(r)}」行",
                              what_en=f"table {t.title!r}, row {row_label(r)!r}",
                              extra_locations=[r.where])
            if issue:
                yield issue


@rule("SUM004", Severity.ERROR, "收支总表两侧不平衡", "two-sided table does not balance",
      "收支总表、财政拨款收支总表（每一栏分别核对）：本年收入合计 = 各项收入之和，本年支出合计 = 各项支出之和"
      "（只加最上一级：按编号、支出功能分类的类/款/项和“财政拨款”“单位资金”下的来源判断；层级看不出时不核对），"
      "“财政拨款”“单位资金”等 = 其下各来源之和，收入总计 = 本年收入合计 + 其后各行（年初结转和结余等），"
      "支出总计 = 本年支出合计 + 其后各行（结余分配、年末结转和结余等），收入总计 = 支出总计。",
      "本年收入合计 7113.36 万元，而一般公共预算财政拨款收入 6749.94 + 政府性基金 366.42 = 7116.36：报错，"
      "提示“疑似个别数字录入错误”。")
def two_sided(ctx: Context) -> Iterator[Issue]:
    for t in ctx.tables(*TWO_SIDED):
        what, what_en = table_label(t), f"table {t.title!r}"
        readings = list(read_sides(ctx, t))
        for s in readings:
            yield from _side_issues(ctx, s, what, what_en)
        yield from _balance_issues(ctx, readings, what, what_en)


def _side_issues(ctx: Context, s: SideReading, what: str, what_en: str) -> Iterator[Issue]:
    # the items add up to the year's total, or to the grand total where the table prints no year's total
    total: tuple[Row, Amount] | None = s.year_total
    if s.year_total is not None:
        label = YEAR_TOTAL[s.side] if s.side is not None else s.year_total[0].name
    else:
        total, label = s.grand, GRAND[s.side] if s.side is not None and s.grand is not None else ""
    if total is not None and s.top and s.sure:
        issue = sum_issue(ctx, total_label=label, total=total[1], parts=[(r.name, a) for r, a in s.top],
                          what=what, what_en=what_en)
        if issue:
            yield issue
    for (parent, a), kids in s.groups:
        if len(kids) < 2:
            continue
        issue = sum_issue(ctx, total_label=f"「{parent.name}」", total=a, parts=[(r.name, k) for r, k in kids],
                          what=f"{what}分项", what_en=f"{what_en}, sub-items", extra_locations=[parent.where])
        if issue:
            yield issue
    if s.grand is not None and s.year_total is not None and s.carried_sure:
        label = YEAR_TOTAL[s.side] if s.side is not None else s.year_total[0].name
        parts = [(label, s.year_total[1]), *((r.name, a) for r, a in s.carried)]
        grand = GRAND[s.side] if s.side is not None else s.grand[0].name
        issue = sum_issue(ctx, total_label=grand, total=s.grand[1], parts=parts, what=what, what_en=what_en)
        if issue:
            yield issue


def _balance_issues(ctx: Context, readings: list[SideReading], what: str, what_en: str) -> Iterator[Issue]:
    """收入总计 = 支出总计, column by column where both sides print the same columns, else the first."""
    incomes = [s for s in readings if s.side is Side.INCOME and s.grand is not None]
    expenses = [s for s in readings if s.side is Side.EXPENSE and s.grand is not None]
    if not incomes or not expenses:
        return
    pairs = [(i, e) for i in incomes for e in expenses if i.key == e.key]
    if not pairs:
        total_first = next((e for e in expenses if e.key == "合计"), expenses[0])
        pairs = [(incomes[0], total_first)]
    for inc, exp in pairs:
        assert inc.grand is not None and exp.grand is not None
        issue = sum_issue(ctx, total_label="收入总计", total=inc.grand[1], parts=[("支出总计", exp.grand[1])],
                          what=what, what_en=what_en)
        if issue:
            yield issue


_CHILDREN: dict[str, list[str]] = {}
for _c in CONCEPTS:
    if _c.parent:
        _CHILDREN.setdefault(_c.parent, []).append(_c.key)


@rule("SUM005", Severity.ERROR, "分项行之和不等于上级行", "concept rows do not add up",
      "没有科目编码的表格（如“三公”经费表）按概念层级核对：“三公”经费 = 因公出国（境）费 + "
      "公务用车购置及运行维护费 + 公务接待费；公务用车购置及运行维护费 = 购置费 + 运行维护费。"
      "至少列出两个分项时才核对。",
      "“三公”经费 7.89 万元 = 0 + 5.91 + 1.98：通过。")
def concept_rows(ctx: Context) -> Iterator[Issue]:
    for t in ctx.tables():
        if t.kind in TWO_SIDED or _coded(t):
            continue
        rows: dict[str, Row] = {}
        for r in t.rows:
            c = ctx.row_concept(r)
            if c and c not in rows:
                rows[c] = r
        for parent, kids in _CHILDREN.items():
            prow = rows.get(parent)
            if prow is None:
                continue
            krows = [rows[k] for k in kids if k in rows]
            if len(krows) < 2:
                continue
            for key in ctx.money_keys(t):
                total = prow.values.get(key)
                parts = [(k.name, k.values[key]) for k in krows if key in k.values]
                if total is None or not parts:
                    continue
                issue = sum_issue(ctx, total_label=prow.name, total=total, parts=parts,
                                  what=table_label(t), what_en=f"table {t.title!r}",
                                  extra_locations=[prow.where])
                if issue:
                    yield issue
