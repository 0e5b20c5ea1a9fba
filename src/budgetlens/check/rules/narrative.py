"""NAR: the narrative (情况说明) against itself and against the tables."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.context import Context, row_label, scheme_of_code, table_label
from budgetlens.check.diagnosis import diagnose
from budgetlens.check.finding import Severity, Values
from budgetlens.check.registry import Issue, rule
from budgetlens.check.rules._util import equal_issue, money, sum_candidates, sum_issue, values_of
from budgetlens.check.rules.cross import first_money, side_total
from budgetlens.check.tolerance import Interval, adds_up, check_sum, fmt, round_to, share_interval
from budgetlens.model import Amount, Claim, Direction, Scheme, Side, Table, TableKind
from budgetlens.reference.concepts import CONCEPTS, normalize_label

_PARENT = {c.key: c.parent for c in CONCEPTS}


def _name(c: Claim) -> str:
    return c.subject or c.concept or "（未命名）"


def _descends(child: str, parent: str) -> bool:
    seen: str | None = child
    while seen is not None:
        seen = _PARENT.get(seen)
        if seen == parent:
            return True
    return False


def _compatible(parent: Claim, child: Claim) -> bool:
    """False when both concepts are known and the child's is not below the parent's: the
    "其中" nesting was then most likely misread and sums over it would be noise."""
    if parent.concept is None or child.concept is None:
        return True
    return _descends(child.concept, parent.concept)


def _children(ctx: Context) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    claims = ctx.d.claims
    for i, c in enumerate(claims):
        if c.parent is not None and 0 <= c.parent < len(claims) and c.parent != i \
                and _compatible(claims[c.parent], c):
            out.setdefault(c.parent, []).append(i)
    return out


def _exhaustive(parent: Claim, kids: list[Claim]) -> bool:
    """Children that are all sub-concepts of the parent's concept list the whole."""
    if parent.concept is None or len(kids) < 2:
        return False
    return all(k.concept is not None and _PARENT.get(k.concept) == parent.concept for k in kids)


@rule("NAR001", Severity.ERROR, "“其中”各项之和与总数不符", "the parts listed under 其中 do not add up",
      "说明中“××万元，其中：A、B、C”：分项之和不得超过总数；分项完整列出（均为总数的下级概念）时应等于总数；"
      "未完整列出但某一分项改正一个笔误（漏写/多写一位、数字颠倒、小数点错位）即可与总数吻合时，也报告该笔误。",
      "项目支出 29614.8 万元，所列各项合计 19614.8 万元；将“6"
      "123万元”改为 16123 万元即吻合：报错，提示“疑似漏写一位数字”。")
def parts_sum(ctx: Context) -> Iterator[Issue]:
    claims = ctx.d.claims
    for pi, kids_idx in _children(ctx).items():
        parent = claims[pi]
        kids = _distinct([claims[i] for i in kids_idx])
        u = parent.value.unit
        amounts = [k.value for k in kids]
        if adds_up(parent.value, amounts, u):
            continue  # labels are made only for a failure
        res = check_sum(parent.value, amounts, u)
        parts = [(f"「{_name(k)}」{k.value.raw or fmt(k.value.value)}", k.value) for k in kids]
        label = f"「{_name(parent)}」"
        exceeds = res.difference < 0 and (len(kids) > 1 or kids[0].concept is not None)
        if exceeds or _exhaustive(parent, kids):
            issue = sum_issue(ctx, total_label=label, total=parent.value, parts=parts,
                              what="说明中的“其中”分项", what_en="parts listed in the narrative")
            if issue:
                yield issue
            continue
        if res.difference < 0:
            continue
        cands = [(lb, d) for lb, d in sum_candidates(label, parent.value, parts, u)
                 if lb != label and d.kind in ("dropped_digit", "extra_digit", "transposed", "scale", "unit")]
        if not cands:
            continue
        which = "；".join(f"{lb}{d.zh}" for lb, d in cands)
        which_en = "; ".join(f"{lb}: {d.en}" for lb, d in cands)
        lead = "某一分项笔误即可吻合，可能是：" if len(cands) > 1 else ""
        yield Issue(
            f"说明中的“其中”分项：{label} {money(res.stated, u)}，所列分项合计 {money(res.expected, u)}"
            f"（相差 {money(res.difference, u)}）；{lead}{which}",
            f"parts listed in the narrative: {_name(parent)} {money(res.stated, u)} but the parts add up to "
            f"{money(res.expected, u)}; one slip would explain it: {which_en}",
            values_of(res), ctx.where(parent.value.where, *(k.value.where for k in kids)),
            which, which_en, cands[0][1].kind)


def _distinct(kids: list[Claim]) -> list[Claim]:
    """Drop repeated statements of one concept and sub-items of another listed part."""
    out: list[Claim] = []
    for k in kids:
        if k.concept is not None and any(
                o.concept is not None and (o.concept == k.concept or _descends(k.concept, o.concept)) for o in out):
            continue
        out.append(k)
    return out


def _denominator(ctx: Context, idx: int, claim: Claim) -> Claim | None:
    claims = ctx.d.claims
    if claim.parent is not None and 0 <= claim.parent < len(claims) \
            and _compatible(claims[claim.parent], claim):
        return claims[claim.parent]
    want = _PARENT.get(claim.concept or "")
    if want is None:
        return None
    for j in range(idx - 1, -1, -1):
        if claims[j].concept == want:
            return claims[j]
    return None


@rule("NAR002", Severity.ERROR, "占比与金额不符", "a stated share does not match the figures",
      "说明中的“占××%”按所述金额重新计算（分子、分母都按印刷精度取区间），与印刷的百分比区间无法相交时报错。",
      "政府性基金预算财政拨款收入 366.42 万元占本年收入合计 7113.36 万元的比例应为 5.15%，说明写 5.11%：报错。")
def shares(ctx: Context) -> Iterator[Issue]:
    for i, c in enumerate(ctx.d.claims):
        if c.share is None:
            continue
        whole = _denominator(ctx, i, c)
        if whole is None or whole.value.value <= 0:
            continue
        u = whole.value.unit
        part_iv, whole_iv = Interval.of(c.value, u), Interval.of(whole.value, u)
        computed = share_interval(part_iv, whole_iv)
        if computed is None:
            continue
        stated = Interval.of_percent(c.share)
        if stated.meets(computed):
            continue
        exact = c.value.in_unit(u) / whole.value.in_unit(u) * 100
        expected = round_to(exact, max(c.share.decimals, 2))
        yield Issue(
            f"「{_name(c)}」{c.value.raw or money(c.value.value, c.value.unit)} 占「{_name(whole)}」"
            f"{whole.value.raw or money(whole.value.value, u)}"
            f" 的比例应为 {fmt(expected)}%，说明写 {fmt(c.share.value)}%",
            f"share of {_name(c)} in {_name(whole)} should be {fmt(expected)}%, the text says {fmt(c.share.value)}%",
            Values(stated=c.share.value, expected=expected, difference=c.share.value - expected, unit="%",
                   tolerance=stated.radius),
            ctx.where(c.share.where or c.where, c.value.where, whole.value.where))


@rule("NAR003", Severity.ERROR, "增减额与增减幅度不符", "a stated change and its percentage disagree",
      "“比上年增加/减少 A 万元，增长/下降 p%”：上年数 = 本年数 ∓ A，p 应等于 A ÷ 上年数；"
      "“持平”却写了非零增减额也报告。全部按印刷精度取区间计算。",
      "机关运行经费 47.78 万元，比上年减少 138.3 万元，下降 74.32%：上年 186.08 万元，138.3 ÷ 186.08 = 74.32%：通过。")
def changes(ctx: Context) -> Iterator[Issue]:
    for c in ctx.d.claims:
        ch = c.change
        if ch is None:
            continue
        if ch.direction is Direction.FLAT and ch.amount is not None and ch.amount.value != 0:
            yield Issue(f"「{_name(c)}」称与上年持平，却写增减额 {ch.amount.raw or fmt(ch.amount.value)}",
                        f"{_name(c)} is said to be unchanged but a change of {fmt(ch.amount.value)} is stated",
                        None, ctx.where(ch.amount.where or c.where))
            continue
        if ch.amount is None or ch.percent is None or ch.direction is Direction.FLAT:
            continue
        u = c.value.unit
        cur, amt = Interval.of(c.value, u), Interval.of(ch.amount, u)
        prior = cur - amt if ch.direction is Direction.UP else cur + amt
        computed = share_interval(amt, prior)
        if computed is None:
            continue
        stated = Interval.of_percent(ch.percent)
        if stated.meets(computed):
            continue
        a, v = ch.amount.in_unit(u), c.value.in_unit(u)
        p = v - a if ch.direction is Direction.UP else v + a
        expected = round_to(a / p * 100, max(ch.percent.decimals, 2))
        yield Issue(
            f"「{_name(c)}」{money(v, u)}，{ch.direction.value}{money(a, u)}，上年应为 {money(p, u)}，"
            f"变动幅度应为 {fmt(expected)}%，说明写 {fmt(ch.percent.value)}%",
            f"{_name(c)} {money(v, u)} changed by {money(a, u)} from {money(p, u)}: that is {fmt(expected)}%, "
            f"the text says {fmt(ch.percent.value)}%",
            Values(stated=ch.percent.value, expected=expected, difference=ch.percent.value - expected, unit="%"),
            ctx.where(ch.percent.where or c.where, c.value.where))


def _year(ctx: Context, c: Claim) -> int | None:
    return c.year if c.year is not None else ctx.d.year


@rule("NAR004", Severity.WARNING, "同一数字前后表述不一", "the same figure is stated differently",
      "同一年度的同一概念（如本年收入合计）在说明的不同位置出现不同金额时提示，请核对哪一处有误。",
      "第二部分写“本年收入合计7113.36万元”，附件写“本年收入合计11795万元”：提示。")
def same_concept(ctx: Context) -> Iterator[Issue]:
    groups: dict[tuple[str, int | None], list[Claim]] = {}
    for c in ctx.d.claims:
        if c.concept is None or c.parent is not None:
            continue
        groups.setdefault((c.concept, _year(ctx, c)), []).append(c)
    for (concept, _), cs in groups.items():
        first = cs[0]
        reported: list[Decimal] = []
        for other in cs[1:]:
            res = check_sum(first.value, [other.value], first.value.unit)
            if res.ok or any(res.expected == r for r in reported):
                continue
            reported.append(res.expected)
            u = first.value.unit
            yield Issue(
                f"「{concept}」在说明中前后不一：{money(res.stated, u)} 与 {money(res.expected, u)}",
                f"{concept} is stated as {money(res.stated, u)} and elsewhere as {money(res.expected, u)}",
                values_of(res), ctx.where(first.value.where or first.where, other.value.where or other.where))


@rule("NAR005", Severity.WARNING, "同一变动的幅度前后不一", "the same change is given two percentages",
      "金额相同、增减额相同的两处表述，给出的变动百分比却不同（如一处“下降1.34%”，一处“下降1.33%”）。",
      "公务用车购置及运行维护费 5.91 万元减少 0.08 万元“下降1.34%”，公务用车运行维护费 5.91 万元减少 0.08 万元"
      "“下降1.33%”：提示。")
def same_change(ctx: Context) -> Iterator[Issue]:
    seen: list[Claim] = []
    for c in ctx.d.claims:
        ch = c.change
        if ch is None or ch.amount is None or ch.percent is None:
            continue
        for o in seen:
            oc = o.change
            assert oc is not None and oc.amount is not None and oc.percent is not None
            if oc.direction is not ch.direction or _year(ctx, o) != _year(ctx, c):
                continue
            u = o.value.unit
            if o.value.in_unit(u) != c.value.in_unit(u) or oc.amount.in_unit(u) != ch.amount.in_unit(u):
                continue
            if oc.percent.value == ch.percent.value:
                continue
            yield Issue(
                f"同一变动前后幅度不一：「{_name(o)}」{ch.direction.value}{fmt(oc.amount.value)}，幅度 "
                f"{fmt(oc.percent.value)}%；「{_name(c)}」同样{ch.direction.value}{fmt(ch.amount.value)}，幅度 "
                f"{fmt(ch.percent.value)}%",
                f"the same change is given as {fmt(oc.percent.value)}% ({_name(o)}) and "
                f"{fmt(ch.percent.value)}% ({_name(c)})",
                Values(stated=ch.percent.value, expected=oc.percent.value,
                       difference=ch.percent.value - oc.percent.value, unit="%"),
                ctx.where(oc.percent.where or o.where, ch.percent.where or c.where))
            break
        seen.append(c)


# concept → where the same figure sits in the tables: (table kinds, side or None, column keys)
_TABLE_PLACES: dict[str, list[tuple[TableKind, Side | None, tuple[str, ...]]]] = {
    "本年收入合计": [(TableKind.SUMMARY, Side.INCOME, ())],
    "收入总计": [(TableKind.SUMMARY, Side.INCOME, ())],
    "本年支出合计": [(TableKind.SUMMARY, Side.EXPENSE, ()), (TableKind.EXPENSE, None, ("合计",))],
    "支出总计": [(TableKind.SUMMARY, Side.EXPENSE, ())],
    "一般公共预算拨款收入": [(TableKind.SUMMARY, Side.INCOME, ()), (TableKind.FISCAL_SUMMARY, Side.INCOME, ())],
    "政府性基金预算拨款收入": [(TableKind.SUMMARY, Side.INCOME, ())],
    "基本支出": [(TableKind.EXPENSE, None, ("基本支出",))],
    "项目支出": [(TableKind.EXPENSE, None, ("项目支出",)), (TableKind.PROJECT_EXPENSE, None, ("合计", "金额"))],
    "人员经费": [(TableKind.BASIC_EXPENSE_ECON, None, ("人员经费",)), (TableKind.BASIC_EXPENSE, None, ("人员经费",)),
               (TableKind.GENERAL_EXPENSE, None, ("人员经费",))],
    "公用经费": [(TableKind.BASIC_EXPENSE_ECON, None, ("公用经费",)), (TableKind.BASIC_EXPENSE, None, ("公用经费",)),
               (TableKind.GENERAL_EXPENSE, None, ("公用经费",))],
    "一般公共预算拨款支出": [(TableKind.GENERAL_EXPENSE, None, ("合计",))],
    "三公经费": [(TableKind.THREE_PUBLIC, None, ())],
    "因公出国（境）费": [(TableKind.THREE_PUBLIC, None, ())],
    "公务接待费": [(TableKind.THREE_PUBLIC, None, ())],
    "公务用车购置及运行维护费": [(TableKind.THREE_PUBLIC, None, ())],
}


def table_figure(ctx: Context, concept: str) -> tuple[Table, Amount] | None:
    for kind, side, keys in _TABLE_PLACES.get(concept, []):
        t = ctx.table(kind)
        if t is None or t.is_empty:
            continue
        if side is not None:
            a = side_total(ctx, t, concept, side)
        elif keys:
            tot = t.total_row()
            a = next((tot.values[k] for k in keys if tot and k in tot.values), None)
        else:
            row = ctx.concept_row(t, concept)
            a = first_money(row) if row else None
        if a is not None:
            return t, a
    return None


@rule("NAR006", Severity.ERROR, "说明与报表金额不一致", "the narrative disagrees with the tables",
      "说明中的本年收入合计、支出合计、基本支出、项目支出、人员经费、公用经费、“三公”经费等，应与报表中的"
      "同一数字相等（按印刷精度比较，元与万元自动换算）。",
      "说明写“公用经费预算安排46500元”，一般公共预算基本支出表公用经费合计 116700 元：报错。")
def narrative_vs_tables(ctx: Context) -> Iterator[Issue]:
    for c in ctx.d.claims:
        if c.concept is None or _year(ctx, c) != ctx.d.year:
            continue
        found = table_figure(ctx, c.concept)
        if found is None:
            continue
        t, a = found
        if adds_up(c.value, [a], c.value.unit):
            continue  # equal_issue's test, before its labels are made
        issue = equal_issue(ctx, a_label=f"说明「{_name(c)}」", a=c.value, b_label=f"{table_label(t)}", b=a,
                            what="说明与报表", what_en="narrative vs tables", extra_locations=[c.where])
        if issue:
            yield issue


def _code_rows(ctx: Context, code: str) -> list[tuple[Table, Amount]]:
    scheme = scheme_of_code(code)
    out: list[tuple[Table, Amount]] = []
    order = (TableKind.GENERAL_EXPENSE, TableKind.EXPENSE, TableKind.GENERAL_EXPENSE_ECON, TableKind.BASIC_EXPENSE_ECON,
             TableKind.BASIC_EXPENSE)
    for kind in order:
        for t in ctx.d.tables_of(kind):
            if scheme is Scheme.ECON_GOV:
                items = [r.values["合计"] for r in t.rows
                         if r.econ_gov_code and r.econ_gov_code.startswith(code) and "合计" in r.values
                         and not r.is_total]
                if items:
                    total = sum((i.in_unit(t.unit) for i in items), Decimal(0))
                    out.append((t, Amount(value=total, unit=t.unit, decimals=max(i.decimals for i in items),
                                          where=items[0].where)))
                continue
            if t.scheme is not scheme:
                continue
            row = t.find(code=code)
            if row is not None and "合计" in row.values:
                out.append((t, row.values["合计"]))
    return out


@rule("NAR007", Severity.ERROR, "说明中引用科目的金额与报表不符",
      "a code quoted in prose has another amount in the tables",
      "说明中写明科目编码的金额（如“职业年金缴费支出（2080505）98550元”）应与报表中该编码的金额一致；"
      "政府经济分类编码按明细表中对应的政府经济科目汇总后比较。若金额与报表中另一科目（名称相同者）吻合，提示应改的编码。",
      "说明写“（2080505）98550元”，一般公共预算支出表 2080505 为 129"
      "320 元、2080506 职业年金为 98550 元：报错并提示改为 2080506。")
def quoted_codes(ctx: Context) -> Iterator[Issue]:
    for c in ctx.d.claims:
        if not c.code or _year(ctx, c) != ctx.d.year:
            continue
        rows = _code_rows(ctx, c.code)
        if not rows:
            continue
        t, a = rows[0]
        res = check_sum(c.value, [a], c.value.unit)
        if res.ok:
            continue
        hint = hint_en = None
        want = normalize_label(c.subject)
        for r in t.rows:
            if r.code and r.code != c.code and normalize_label(r.name) == want:
                hint = f"报表中「{row_label(r)}」的金额为 {r.values['合计'].raw if '合计' in r.values else ''}，" \
                       f"说明中的编码疑应为 {r.code}"
                hint_en = f"the tables list {r.code} {r.name}; the code in the text should probably be {r.code}"
                break
        if hint is None:
            d = diagnose(c.value.value, a.in_unit(c.value.unit))
            if d:
                hint, hint_en = d.zh, d.en
        u = c.value.unit
        yield Issue(
            f"说明中「{_name(c)}（{c.code}）」{money(res.stated, u)} 与{table_label(t)}科目 {c.code} 的金额 "
            f"{money(res.expected, u)} 不一致",
            f"{_name(c)} ({c.code}) is {money(res.stated, u)} in the text but {money(res.expected, u)} in the tables",
            values_of(res), ctx.where(c.value.where or c.where, a.where), hint, hint_en)
