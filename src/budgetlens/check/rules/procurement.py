"""PROC: government procurement and state assets.

The procurement rules read the list through ``ctx.procurement`` (its table read surely) and judge it
only when the list itself is sure (``Procurement.doubt`` unset): its items are the rows of one level
of the table (the top level of a 类/款/项 classification, never a row and its parts), with names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.context import Context
from budgetlens.check.finding import Severity, Values
from budgetlens.check.registry import Issue, rule
from budgetlens.check.rules._util import equal_issue, money, sum_issue
from budgetlens.check.tolerance import Interval
from budgetlens.model import Amount, Procurement, ProcurementItem

_CATALOG = re.compile(r"^[ABC]\d{2,}")
_FIXED_ASSET = re.compile(r"^A0[1-6]")


def _sure_list(ctx: Context) -> Procurement | None:
    """The procurement list when both its table and the list were read surely (its items are the rows
    of one level and named: see :func:`budgetlens.extract.holdings.build_procurement`)."""
    p = ctx.procurement
    return p if p is not None and p.doubt is None else None


def catalog(item: ProcurementItem) -> str | None:
    for cand in (item.catalog_code, item.measure):
        if cand and _CATALOG.match(cand.strip()):
            return cand.strip()
    return None


@rule("PROC001", Severity.ERROR, "数量×单价不等于金额", "quantity × unit price is not the amount",
      "政府采购表每一行：数量 × 单价 = 金额（按单价、金额的印刷精度取区间比较）。",
      "台式计算机 5 台 × 0.40 万元 = 2.00 万元：通过；若金额写 20.00：报错。")
def quantity_price(ctx: Context) -> Iterator[Issue]:
    p = _sure_list(ctx)
    if p is None:
        return
    for it in p.items:
        if it.quantity is None or it.unit_price is None or it.amount is None:
            continue
        u = it.amount.unit
        expected = Interval.of(it.unit_price, u).times(it.quantity)
        stated = Interval.of(it.amount, u)
        if stated.meets(expected):
            continue
        exp_v = it.unit_price.in_unit(u) * it.quantity
        yield Issue(f"政府采购「{it.item}」数量 {it.quantity} × 单价 {it.unit_price.raw or it.unit_price.value} = "
                    f"{money(exp_v, u)}，表中金额为 {money(it.amount.value, u)}",
                    f"procurement {it.item!r}: {it.quantity} × {it.unit_price.value} = {money(exp_v, u)}, "
                    f"the table says {money(it.amount.value, u)}",
                    Values(stated=it.amount.value, expected=exp_v, difference=it.amount.value - exp_v, unit=u.value),
                    ctx.where(it.amount.where, it.unit_price.where, it.where))


@rule("PROC002", Severity.ERROR, "采购明细之和不等于采购合计", "procurement lines do not add up",
      "政府采购表各明细行金额之和应等于合计（小计）金额；说明中写的政府采购预算总额也应等于该合计。",
      "13 行明细合计 30.28 万元，小计 30.28 万元，说明“安排政府采购预算30.28万元”：通过。")
def lines_total(ctx: Context) -> Iterator[Issue]:
    p = _sure_list(ctx)
    if p is None:
        return
    parts = [(it.item, it.amount) for it in p.items if it.amount is not None]
    if p.total is not None and parts:
        issue = sum_issue(ctx, total_label="政府采购合计", total=p.total, parts=parts, what="政府采购表",
                          what_en="procurement table")
        if issue:
            yield issue
    total = p.total or (Amount(value=sum((a.in_unit(p.unit) for _, a in parts), Decimal(0)), unit=p.unit,
                               decimals=max(a.decimals for _, a in parts)) if parts else None)
    if total is None:
        return
    for _, c in ctx.claims_of("政府采购"):
        if c.parent is not None:
            continue
        issue = equal_issue(ctx, a_label=f"说明「{c.subject}」", a=c.value, b_label="政府采购表合计", b=total,
                            what="政府采购", what_en="procurement", extra_locations=[c.where])
        if issue:
            yield issue


@rule("PROC003", Severity.ERROR, "项目采购超过项目预算", "procurement of a project exceeds its budget",
      "同一预算项目下各采购行的金额之和不能超过该项目的预算资金。",
      "“城乡居民基本医疗保险经费”项目预算 64 万元，其采购行合计 28 万元：通过。")
def project_budget(ctx: Context) -> Iterator[Issue]:
    p = _sure_list(ctx)
    if p is None:
        return
    by_project: dict[str, list[ProcurementItem]] = {}
    for it in p.items:
        if it.project and it.project_budget is not None and it.amount is not None:
            by_project.setdefault(it.project, []).append(it)
    for name, items in by_project.items():
        budget = items[0].project_budget
        assert budget is not None
        u = budget.unit
        acc = Interval.exact(Decimal(0))
        for it in items:
            assert it.amount is not None
            acc = acc + Interval.of(it.amount, u)
        if acc.lo <= Interval.of(budget, u).hi:
            continue
        s = sum((it.amount.in_unit(u) for it in items if it.amount), Decimal(0))
        yield Issue(f"政府采购中项目「{name}」各行合计 {money(s, u)} 超过其预算资金 {money(budget.value, u)}",
                    f"procurement lines of {name!r} add up to {money(s, u)}, above its budget {money(budget.value, u)}",
                    Values(stated=s, expected=budget.in_unit(u), difference=s - budget.in_unit(u), unit=u.value),
                    ctx.where(budget.where, *(it.where for it in items[:3])))


@rule("PROC004", Severity.WARNING, "拟购置固定资产与采购明细不符", "planned asset purchases disagree with procurement",
      "说明中“拟购置固定资产总额”应由政府采购表中属于固定资产的货物（目录 A01–A06：房屋、设备、家具等）构成；"
      "若把服务（C 类）、办公耗材等非固定资产也算进去，或超过这些货物的合计，提示。",
      "拟购置固定资产 30.28 万元，而采购表中固定资产类货物仅 13.00 万元，另有印刷、邮政服务和耗材 17.28 万元：提示。")
def planned_assets(ctx: Context) -> Iterator[Issue]:
    p = _sure_list(ctx)
    claims = [c for _, c in ctx.claims_of("拟购置固定资产")]
    if p is None or not claims:
        return
    coded = [(it, catalog(it)) for it in p.items if it.amount is not None]
    if not any(code for _, code in coded):
        return
    fixed = [it for it, code in coded if code and _FIXED_ASSET.match(code)]
    other = [it for it, code in coded if code and not _FIXED_ASSET.match(code)]
    u = p.unit
    fixed_sum = sum((it.amount.in_unit(u) for it in fixed if it.amount), Decimal(0))
    other_sum = sum((it.amount.in_unit(u) for it in other if it.amount), Decimal(0))
    for c in claims:
        stated = Interval.of(c.value, u)
        if stated.lo <= fixed_sum or c.value.value == 0:
            continue
        names = "、".join(dict.fromkeys(it.item for it in other))[:60]
        v = c.value.in_unit(u)
        yield Issue(f"说明「{c.subject}」{money(v, u)}，而政府采购表中固定资产类货物合计 {money(fixed_sum, u)}"
                    + (f"，另有非固定资产（服务、耗材等：{names}）{money(other_sum, u)}" if other else ""),
                    f"planned asset purchases {money(v, u)} but fixed-asset procurement lines add up to "
                    f"{money(fixed_sum, u)}",
                    Values(stated=v, expected=fixed_sum, difference=v - fixed_sum, unit=u.value),
                    ctx.where(c.where, *(it.where for it in other[:3])),
                    "拟购置固定资产只应包括设备、家具等固定资产，不含服务和耗材",
                    "planned asset purchases should count only fixed assets, not services or consumables")


@rule("PROC005", Severity.ERROR, "资产明细与资产总额不符", "asset lines disagree with the asset total",
      "固定资产占用情况表：房屋、车辆、单价20万元以上设备、其他固定资产的价值之和应等于资产总额；"
      "说明中的上年末固定资产金额应等于表中资产总额。",
      "资产总额 3.12 万元 = 其他固定资产 3.12 万元；说明“2019年末固定资产金额为3.12万元”：通过。")
def asset_totals(ctx: Context) -> Iterator[Issue]:
    a = ctx.assets
    if a is None or a.total is None:
        return
    parts = [(i.name, i.value) for i in a.items if i.value is not None and not i.name.startswith("其中")
             and "办公用房" not in i.name]
    if parts:
        issue = sum_issue(ctx, total_label="资产总额", total=a.total, parts=parts, what="固定资产占用情况表",
                          what_en="asset table")
        if issue:
            yield issue
    for _, c in ctx.claims_of("固定资产"):
        issue = equal_issue(ctx, a_label=f"说明「{c.subject}」", a=c.value, b_label="资产表资产总额", b=a.total,
                            what="固定资产", what_en="fixed assets", extra_locations=[c.where])
        if issue:
            yield issue
