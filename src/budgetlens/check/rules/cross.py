"""XT: identities between tables (收支总表, 收入总表, 支出总表, 财政拨款收支总表, 一般公共预算支出表,
基本支出表, 功能分类与经济分类, 部门与政府经济分类, 项目支出表)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.context import NON_MONEY_KEYS, Context, row_label, table_label
from budgetlens.check.finding import Severity, Values
from budgetlens.check.registry import Issue, rule
from budgetlens.check.rules._util import equal_issue, money, sum_issue
from budgetlens.check.sides import TWO_SIDED, column_groups
from budgetlens.check.tolerance import ZERO, printed
from budgetlens.model import Amount, Level, Row, Scheme, Side, Table, TableKind
from budgetlens.reference.concepts import normalize_label

VALUE_KEYS = ("合计", "预算数", "决算数", "金额", "小计")


def first_money(row: Row, prefer: tuple[str, ...] = VALUE_KEYS) -> Amount | None:
    for k in prefer:
        if k in row.values:
            return row.values[k]
    for k, v in row.values.items():
        if k not in NON_MONEY_KEYS:
            return v
    return None


def side_total(ctx: Context, t: Table, concept: str, side: Side, key: str | None = None) -> Amount | None:
    r = ctx.concept_row(t, concept, side)
    if r is None:
        return None
    return r.values.get(key) if key is not None else first_money(r)


def total_cell(t: Table, key: str) -> Amount | None:
    tot = t.total_row()
    return tot.values.get(key) if tot else None


def _label(t: Table, what: str) -> str:
    return f"{table_label(t)}{what}"


@rule("XT001", Severity.ERROR, "收支总表与收入/支出总表不一致", "summary table disagrees with income/expense tables",
      "收支总表的本年支出合计应等于支出总表合计；收入总表合计应等于收支总表的收入总计（收入总表列有上年结转时）"
      "或本年收入合计（没有时）；收支总表支出栏各功能分类“类”的金额应等于支出总表同名“类”的合计。",
      "收支总表“卫生健康支出” 76522425.00 元，支出总表 210 卫生健康支出 合计 76522425.00 元：通过。")
def summary_vs_tables(ctx: Context) -> Iterator[Issue]:
    summary = ctx.table(TableKind.SUMMARY)
    if summary is None:
        return
    expense = ctx.table(TableKind.EXPENSE)
    income = ctx.table(TableKind.INCOME)
    what, what_en = "收支总表与其他表", "summary vs other tables"
    if expense is not None:
        a, b = side_total(ctx, summary, "本年支出合计", Side.EXPENSE), total_cell(expense, "合计")
        if a is not None and b is not None:
            issue = equal_issue(ctx, a_label=_label(summary, "本年支出合计"), a=a,
                                b_label=_label(expense, "合计"), b=b, what=what, what_en=what_en)
            if issue:
                yield issue
        by_name = {normalize_label(r.name): r for r in expense.rows if r.code and len(r.code) == 3}
        for r in summary.rows:
            if r.side is not Side.EXPENSE or r.is_total:
                continue
            other = by_name.get(normalize_label(r.name))
            va = first_money(r)
            vb = other.values.get("合计") if other else None
            if other is None or va is None or vb is None:
                continue
            issue = equal_issue(ctx, a_label=_label(summary, f"「{r.name}」"), a=va,
                                b_label=_label(expense, f"「{row_label(other)}」"), b=vb, what=what,
                                what_en=what_en)
            if issue:
                yield issue
    if income is not None:
        # the 收入表's total holds the carried-over money only when it prints a column of it
        carried = any(c.key == "上年结转" for c in income.columns)
        concept = "收入总计" if carried else "本年收入合计"
        a = side_total(ctx, summary, concept, Side.INCOME)
        b = total_cell(income, "合计")
        if a is not None and b is not None:
            issue = equal_issue(ctx, a_label=_label(summary, concept), a=a,
                                b_label=_label(income, "合计"), b=b, what=what, what_en=what_en)
            if issue:
                yield issue


@rule("XT002", Severity.ERROR, "财政拨款收支总表与一般公共预算支出表不一致",
      "fiscal summary disagrees with the general-budget expense table",
      "财政拨款收支总表中一般公共预算的本年支出合计应等于一般公共预算支出表合计；收支总表中一般公共预算"
      "拨款收入应等于财政拨款收支总表中的一般公共预算拨款收入。",
      "财政拨款收支总表一般公共预算支出 3488570 元，一般公共预算支出表合计 3488570 元：通过。")
def fiscal_vs_general(ctx: Context) -> Iterator[Issue]:
    fiscal = ctx.table(TableKind.FISCAL_SUMMARY)
    general = ctx.table(TableKind.GENERAL_EXPENSE)
    summary = ctx.table(TableKind.SUMMARY)
    what, what_en = "财政拨款收支与一般公共预算", "fiscal summary vs general budget"
    if fiscal is not None and general is not None:
        a = side_total(ctx, fiscal, "本年支出合计", Side.EXPENSE, "一般公共预算")
        b = total_cell(general, "合计")
        if a is not None and b is not None:
            issue = equal_issue(ctx, a_label=_label(fiscal, "一般公共预算支出合计"), a=a,
                                b_label=_label(general, "合计"), b=b, what=what, what_en=what_en)
            if issue:
                yield issue
    if fiscal is not None and summary is not None:
        a = side_total(ctx, summary, "一般公共预算拨款收入", Side.INCOME)
        b = side_total(ctx, fiscal, "一般公共预算拨款收入", Side.INCOME)
        if a is not None and b is not None:
            issue = equal_issue(ctx, a_label=_label(summary, "一般公共预算拨款收入"), a=a,
                                b_label=_label(fiscal, "一般公共预算拨款收入"), b=b, what=what,
                                what_en=what_en)
            if issue:
                yield issue


@rule("XT003", Severity.ERROR, "财政拨款支出超过全部支出", "general-budget spending exceeds all spending",
      "同一功能科目在一般公共预算支出表中的金额不能超过支出总表中的金额（一般公共预算只是全部资金的一部分）。",
      "支出总表 2101501 合计 3707425 元，一般公共预算支出表 2101501 合计 3807425 元：报错。")
def general_within_expense(ctx: Context) -> Iterator[Issue]:
    expense = ctx.table(TableKind.EXPENSE)
    general = ctx.table(TableKind.GENERAL_EXPENSE)
    if expense is None or general is None:
        return
    rows = {r.code: r for r in expense.rows if r.code}
    printed_keys = {c.key for c in expense.columns}  # an empty cell is 0; a column not printed is unknown
    for g in general.rows:
        e = rows.get(g.code) if g.code else None
        if e is None:
            continue
        for key in ("合计", "基本支出", "项目支出"):
            ga, ea = g.values.get(key), e.values.get(key)
            if ga is None or key not in printed_keys:
                continue
            gv, gr = printed(ga, general.unit)
            ev, er = printed(ea, general.unit) if ea is not None else (ZERO, ZERO)
            if gv - gr > ev + er:  # the intervals of the two figures: the general one lies above
                stated, bound = ga.in_unit(general.unit), (ea.in_unit(general.unit) if ea else Decimal(0))
                yield Issue(
                    f"{table_label(general)}「{row_label(g)}」{key} {money(stated, general.unit)} 超过"
                    f"{table_label(expense)}同一科目 {money(bound, general.unit)}",
                    f"general-budget table row {row_label(g)!r} {key} {money(stated, general.unit)} exceeds "
                    f"the expense table's {money(bound, general.unit)}",
                    Values(stated=stated, expected=bound, difference=stated - bound, unit=general.unit.value),
                    ctx.where(ga.where, ea.where if ea else e.where))


_PAIRS = ((TableKind.GENERAL_EXPENSE, TableKind.GENERAL_EXPENSE_ECON),
          (TableKind.BASIC_EXPENSE, TableKind.BASIC_EXPENSE_ECON))


@rule("XT004", Severity.ERROR, "功能分类与经济分类合计不一致", "function and economic totals disagree",
      "同一口径的功能分类表与经济分类表合计应相等（一般公共预算支出表 ⇄ 一般公共预算支出经济分类表，"
      "基本支出功能分类表 ⇄ 基本支出经济分类表，逐列核对）；基本支出表合计应等于一般公共预算支出表的基本支出"
      "（或人员经费 + 公用经费）。",
      "基本支出功能分类表合计 1406410 元，经济分类表合计 1406410 元：通过。")
def function_vs_economic(ctx: Context) -> Iterator[Issue]:
    what, what_en = "功能分类与经济分类", "function vs economic classification"
    for fk, ek in _PAIRS:
        f, e = ctx.whole(fk), ctx.whole(ek)
        if f is None or e is None:
            continue
        ft, et = f.total_row(), e.total_row()
        if ft is None or et is None:
            continue
        for key, a in ft.values.items():
            b = et.values.get(key)
            if key in NON_MONEY_KEYS or b is None:
                continue
            issue = equal_issue(ctx, a_label=_label(f, f"合计（{key}）"), a=a,
                                b_label=_label(e, f"合计（{key}）"), b=b, what=what, what_en=what_en)
            if issue:
                yield issue
    general = ctx.table(TableKind.GENERAL_EXPENSE)
    basic = ctx.whole(TableKind.BASIC_EXPENSE) or ctx.whole(TableKind.BASIC_EXPENSE_ECON)
    if general is None or basic is None:
        return
    gt, bt = general.total_row(), basic.total_row()
    b_total = bt.values.get("合计") if bt else None
    if gt is None or b_total is None:
        return
    if "基本支出" in gt.values:
        issue = equal_issue(ctx, a_label=_label(basic, "合计"), a=b_total,
                            b_label=_label(general, "基本支出"), b=gt.values["基本支出"], what=what,
                            what_en=what_en)
    elif "人员经费" in gt.values and "公用经费" in gt.values:
        issue = sum_issue(ctx, total_label=_label(basic, "合计"), total=b_total,
                          parts=[(_label(general, "人员经费"), gt.values["人员经费"]),
                                 (_label(general, "公用经费"), gt.values["公用经费"])],
                          what=what, what_en=what_en)
    else:
        issue = None
    if issue:
        yield issue


def gov_classes_from_pairs(tables: list[Table]) -> dict[str, tuple[Decimal, list[Amount], Table]]:
    """Σ by 政府经济分类 类 (first 3 digits) of rows that pair a 部门 code with a 政府 code."""
    out: dict[str, tuple[Decimal, list[Amount], Table]] = {}
    for t in tables:
        for r in t.rows:
            if not r.econ_gov_code or r.is_total:
                continue
            a = r.values.get("合计")
            if a is None:
                continue
            cls = r.econ_gov_code[:3]
            s, items, _ = out.get(cls, (Decimal(0), [], t))
            out[cls] = (s + a.in_unit(t.unit), [*items, a], t)
        if out:
            return out
    return out


@rule("XT005", Severity.ERROR, "部门经济分类与政府经济分类不一致",
      "department and government economic classification disagree",
      "按部门经济分类列示的明细（每行对应一个政府经济分类科目）按政府经济分类“类”汇总后，应等于其他表格"
      "（如财政拨款收支总表的政府预算支出经济分类栏）中同一“类”的金额。",
      "经济分类明细表中对应 502 机关商品和服务支出的各行合计 256700 元，财政拨款收支总表却列 116700 元：报错。")
def dept_vs_gov_economic(ctx: Context) -> Iterator[Issue]:
    detail = [t for t in (ctx.table(TableKind.GENERAL_EXPENSE_ECON), ctx.table(TableKind.BASIC_EXPENSE_ECON))
              if t is not None]
    sums = gov_classes_from_pairs(detail[:1])
    if not sums:
        return
    for t, r, code, stated in _gov_class_figures(ctx, detail):
        if code not in sums:
            continue
        total, items, src = sums[code]
        issue = sum_issue(ctx, total_label=f"{table_label(t)}「{code} {r.econ_gov_name or r.name}」",
                          total=stated, parts=[(table_label(src), Amount(value=total, unit=src.unit))],
                          what="部门与政府经济分类", what_en="department vs government economic class",
                          extra_locations=[i.where for i in items[:3]], unit=src.unit)
        if issue:
            yield issue


def _gov_class_figures(ctx: Context, skip: list[Table]) -> Iterator[tuple[Table, Row, str, Amount]]:
    """Figures stated per 政府经济分类 类 elsewhere: coded rows, or the 政府经济分类 column group
    of a 财政拨款收支总表 recognised by its row names."""
    year = ctx.d.year
    ref = ctx.reference
    for t in ctx.tables():
        if t in skip:
            continue
        if t.kind in TWO_SIDED:
            if ref is None or year is None or not ref.covered(year, Scheme.ECON_GOV):
                continue
            for (side, _key, _col), members in column_groups(t).items():
                if side is not Side.EXPENSE:
                    continue
                gov = {id(r): ref.find(r.name, year, Scheme.ECON_GOV, Level.CLASS) for r, _ in members}
                dept = sum(1 for r, _ in members if ref.find(r.name, year, Scheme.ECON_DEPT, Level.CLASS))
                if sum(1 for v in gov.values() if v) < 2 or sum(1 for v in gov.values() if v) <= dept:
                    continue
                for r, a in members:
                    found = gov[id(r)]
                    if found and not r.is_total:
                        yield t, r, found[0].code, a
            continue
        for r in t.rows:
            code = r.econ_gov_code if r.econ_gov_code and not r.code else (
                r.code if t.scheme is Scheme.ECON_GOV else None)
            if not code or len(code) != 3:
                continue
            stated = first_money(r, ("合计", "预算数", "决算数", "金额", "一般公共预算"))
            if stated is not None:
                yield t, r, code, stated


@rule("XT006", Severity.ERROR, "项目支出表合计与项目支出不一致", "project list total disagrees with 项目支出",
      "项目支出表（专项业务经费支出表）合计应等于支出总表（无支出总表时为一般公共预算支出表）的项目支出合计。",
      "专项业务经费支出表合计 2082160 元，一般公共预算支出表项目支出 2082160 元：通过。")
def projects_vs_expense(ctx: Context) -> Iterator[Issue]:
    plist = ctx.table(TableKind.PROJECT_EXPENSE)
    base = ctx.table(TableKind.EXPENSE) or ctx.table(TableKind.GENERAL_EXPENSE)
    if plist is None or base is None:
        return
    pt, bt = plist.total_row(), base.total_row()
    if pt is None or bt is None:
        return
    a = first_money(pt, ("合计", "金额", "预算数", "决算数"))
    b = bt.values.get("项目支出")
    if a is None or b is None:
        return
    issue = equal_issue(ctx, a_label=_label(plist, "合计"), a=a, b_label=_label(base, "项目支出"), b=b,
                        what="项目支出", what_en="project spending")
    if issue:
        yield issue


@rule("XT007", Severity.ERROR, "基本支出功能分类与一般公共预算支出表不一致",
      "basic spending by function disagrees with the general-budget table",
      "基本支出表（按功能分类）每个科目的合计应等于一般公共预算支出表同一科目的基本支出（或人员经费 + 公用经费）。",
      "2101506 医疗保障经办事务：基本支出表 1002680 元 = 一般公共预算支出表人员经费 885980 + 公用经费 116700：通过。")
def basic_by_code(ctx: Context) -> Iterator[Issue]:
    basic = ctx.table(TableKind.BASIC_EXPENSE)
    general = ctx.table(TableKind.GENERAL_EXPENSE)
    if basic is None or general is None or basic.scheme is not Scheme.FUNCTION:
        return
    if not {"基本支出", "人员经费", "公用经费"} & {c.key for c in general.columns}:
        return
    rows = {r.code: r for r in general.rows if r.code}
    for b in basic.rows:
        g = rows.get(b.code) if b.code else None
        total = b.values.get("合计")
        if g is None or total is None:
            continue
        if "基本支出" in g.values:
            parts = [(_label(general, "基本支出"), g.values["基本支出"])]
        else:
            parts = [(_label(general, k), g.values[k]) for k in ("人员经费", "公用经费") if k in g.values]
        if not parts and "项目支出" not in g.values:
            continue
        issue = sum_issue(ctx, total_label=f"{table_label(basic)}「{row_label(b)}」合计", total=total,
                          parts=parts, what="基本支出", what_en="basic spending")
        if issue:
            yield issue
