"""SUM: sums inside one table (totals, 类=Σ款=Σ项, 合计=基本+项目, 基本=人员+公用, 两侧总计)."""

from __future__ import annotations

from collections.abc import Iterator

from budgetlens.check.context import NON_MONEY_KEYS, Context, column_label, row_label, table_label
from budgetlens.check.finding import Severity
from budgetlens.check.identities import column_tests, hierarchy_tests
from budgetlens.check.registry import Issue, rule
from budgetlens.check.rules._util import sum_issue
from budgetlens.check.tolerance import adds_up
from budgetlens.model import Amount, Level, Row, Scheme, Side, Table, TableKind
from budgetlens.reference.concepts import CONCEPTS

TWO_SIDED = (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY)


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
        tot = t.total_row()
        if tot is None:
            continue
        if _coded(t):
            tops = [r for r in t.rows if not r.is_total and r.code and r.level is Level.CLASS]
        else:
            body = [r for r in t.rows if not r.is_total and r is not tot]
            depths = {r.depth for r in body}
            if len(depths) < 2:
                continue
            tops = [r for r in body if r.depth == min(depths)]
        if not tops:
            continue
        for key in ctx.money_keys(t):
            total = tot.values.get(key)
            if total is None or adds_up(total, [r.values[key] for r in tops if key in r.values]):
                continue
            parts = [(row_label(r), r.values[key]) for r in tops if key in r.values]
            issue = sum_issue(ctx, total_label=f"合计行{column_label(t, key)}", total=total,
                              parts=parts, what=f"{table_label(t)}合计行",
                              what_en=f"table {t.title!r}, total row")
            if issue:
                yield issue


@rule("SUM002", Severity.ERROR, "上级科目不等于下级科目之和", "a class is not the sum of its sections/items",
      "按科目编码的层级核对：类（3位）= 所属各款（5位）之和，款 = 所属各项（7位）之和；"
      "经济分类的类（3位）= 所属各款（5位）之和。",
      "21015 医疗保障管理事务 4272425 元 = 2101501 行政运行 3707425 + 2101502 200000 + 2101506 115000 "
      "+ 2101599 250000：通过；若写成 4272452 则报错并提示“相邻数字颠倒”。")
def code_hierarchy(ctx: Context) -> Iterator[Issue]:
    for t in ctx.tables():
        if not _coded(t):
            continue
        for test in hierarchy_tests(t, ctx.money_keys(t)):
            if test.holds:
                continue
            parent = test.row
            parts = [(row_label(k), a) for k, a in zip(test.part_rows, test.parts, strict=True)]
            issue = sum_issue(ctx, total_label=f"{row_label(parent)}（{column_label(t, test.total_key)}）",
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
        for test in column_tests(t, ctx.money_keys(t)):
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


_CARRY = ("上年结转结余", "年终结转结余")
_GRAND = ("本年收入合计", "本年支出合计", "收入总计", "支出总计")


def column_groups(t: Table) -> dict[tuple[Side | None, str, int | None], list[tuple[Row, Amount]]]:
    """Rows of a two-sided table split by side and by the printed column of each value.

    A 财政拨款收支总表 may print several expense groups side by side (功能分类, 部门经济分类,
    政府经济分类), each with its own 本年支出合计; values from one printed column form a group.
    """
    groups: dict[tuple[Side | None, str, int | None], list[tuple[Row, Amount]]] = {}
    for r in t.rows:
        for key, a in r.values.items():
            if key in NON_MONEY_KEYS:
                continue
            col = a.where.col if a.where is not None else None
            groups.setdefault((r.side, key, col), []).append((r, a))
    return groups


def _tree_issues(ctx: Context, t: Table, items: list[tuple[Row, Amount]]) -> Iterator[Issue]:
    """Within one column group: a row at depth k = Σ the rows right below it at depth k+1."""
    for i, (row, amount) in enumerate(items):
        kids: list[tuple[Row, Amount]] = []
        for r2, a2 in items[i + 1:]:
            if r2.depth <= row.depth:
                break
            kids.append((r2, a2))
        if not kids:
            continue
        step = min(r.depth for r, _ in kids)
        direct = [(r.name, a) for r, a in kids if r.depth == step]
        if len(direct) < 2:
            continue
        issue = sum_issue(ctx, total_label=f"「{row.name}」", total=amount, parts=direct,
                          what=f"{table_label(t)}分项", what_en=f"table {t.title!r}, sub-items",
                          extra_locations=[row.where])
        if issue:
            yield issue


@rule("SUM004", Severity.ERROR, "收支总表两侧不平衡", "two-sided table does not balance",
      "收支总表、财政拨款收支总表（每一栏分别核对）：本年收入合计 = 各项收入之和，本年支出合计 = 各项支出之和，"
      "上级行 = 其下各分项之和，收入总计 = 本年收入合计 + 上年结转结余，支出总计 = 本年支出合计 + 年终结转结余，"
      "收入总计 = 支出总计。",
      "本年收入合计 7113.36 万元，而一般公共预算财政拨款收入 6749.94 + 政府性基金 366.42 = 7116.36：报错，"
      "提示“疑似个别数字录入错误”。")
def two_sided(ctx: Context) -> Iterator[Issue]:
    for t in ctx.tables(*TWO_SIDED):
        grand_in: Amount | None = None
        grand_outs: list[tuple[str, Amount]] = []
        for (side, key, _col), members in column_groups(t).items():
            by_concept: dict[str, Amount] = {}
            items: list[tuple[Row, Amount]] = []
            for r, a in members:
                c = ctx.row_concept(r)
                if c in _GRAND or c in _CARRY or r.is_total:
                    if c is not None:
                        by_concept.setdefault(c, a)
                    continue
                items.append((r, a))
            year_total = by_concept.get("本年收入合计" if side is Side.INCOME else "本年支出合计")
            what, what_en = table_label(t), f"table {t.title!r}"
            if year_total is not None and items:
                top = min(r.depth for r, _ in items)
                parts = [(r.name, a) for r, a in items if r.depth == top]
                label = "本年收入合计" if side is Side.INCOME else "本年支出合计"
                issue = sum_issue(ctx, total_label=label, total=year_total, parts=parts, what=what,
                                  what_en=what_en)
                if issue:
                    yield issue
            yield from _tree_issues(ctx, t, items)
            for grand, year_key, carry in (("收入总计", "本年收入合计", "上年结转结余"),
                                           ("支出总计", "本年支出合计", "年终结转结余")):
                g, y = by_concept.get(grand), by_concept.get(year_key)
                if g is None or y is None:
                    continue
                co = by_concept.get(carry)
                parts = [(year_key, y)] + ([(carry, co)] if co is not None else [])
                issue = sum_issue(ctx, total_label=grand, total=g, parts=parts, what=what, what_en=what_en)
                if issue:
                    yield issue
            if side is Side.INCOME and grand_in is None:
                grand_in = by_concept.get("收入总计")
            if side is Side.EXPENSE and "支出总计" in by_concept:
                grand_outs.append((key, by_concept["支出总计"]))
        # 收入总计 balances the expense total column; breakdown columns (一般公共预算, 政府性基金 …) are parts.
        if any(k == "合计" for k, _ in grand_outs):
            grand_outs = [(k, a) for k, a in grand_outs if k == "合计"]
        if grand_in is not None:
            for _k, go in grand_outs:
                issue = sum_issue(ctx, total_label="收入总计", total=grand_in, parts=[("支出总计", go)],
                                  what=table_label(t), what_en=f"table {t.title!r}")
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
