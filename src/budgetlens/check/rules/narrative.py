"""NAR: the narrative (情况说明) against itself and against the tables.

Each rule judges only a sure reading of the prose and says what it needs:

- figures are compared only within one role (an item's 年初预算 with 年初预算, its 决算 with
  决算, never one with the other) and, for the document's own figures, only the role the
  document is about (a final account's 决算, a budget's 预算数);
- a list's parts are added only when all of them are parts of the head (their concepts below
  the head's) at one 类/款/项 level; one part that does not fit means the nesting was misread;
- a figure is compared with the tables only where it and the table speak of the same scope
  (「基本支出」 of the whole budget with the 支出总表, 「一般公共预算财政拨款基本支出」 with the
  一般公共预算支出表), and only with tables whose reading is sure (``Context.tables``); when
  the tables that hold the figure disagree among themselves, the narrative is not judged.

Percentages are recomputed at the printed precision of every figure. A stated percentage within
one unit of its last printed digit of the recomputed one is accepted (:data:`PERCENT_SLACK_ULP`):
authors truncate (10.158% printed 10.15%) and adjust one share so that the shares add up to 100%.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from budgetlens.check.context import Context, own_figure, row_label, scheme_of_code, table_label
from budgetlens.check.diagnosis import diagnose
from budgetlens.check.finding import Severity, Values
from budgetlens.check.registry import Issue, rule
from budgetlens.check.rules._util import equal_issue, money, sum_candidates, sum_issue, values_of
from budgetlens.check.rules.cross import side_total
from budgetlens.check.tolerance import Interval, adds_up, check_sum, fmt, round_to, share_interval
from budgetlens.model import (
    Amount,
    Change,
    Claim,
    Direction,
    DocumentKind,
    Percent,
    Row,
    Scheme,
    Side,
    Table,
    TableKind,
)
from budgetlens.model.amount import half_ulp
from budgetlens.model.narrative import Role
from budgetlens.reference.concepts import CONCEPTS, normalize_label

_PARENT = {c.key: c.parent for c in CONCEPTS}

# A stated percentage may differ from the recomputed one by this many units of its last printed
# digit (truncation instead of rounding; one share adjusted so that the shares add up to 100%).
PERCENT_SLACK_ULP = 1
# The figure a document is about, when a claim names no role of its own.
_DOC_ROLE = {DocumentKind.FINAL: Role.FINAL, DocumentKind.BUDGET: Role.BUDGET}
_ROLE_ZH = {Role.INITIAL: "年初预算", Role.ADJUSTED: "全年预算", Role.BUDGET: "预算", Role.FINAL: "决算",
            Role.EXECUTED: "执行数"}


def _name(c: Claim) -> str:
    return c.subject or c.concept or "（未命名）"


def _role(ctx: Context, c: Claim) -> Role | None:
    """The claim's role; a figure stated plainly is the document's own (决算 in a final account)."""
    return c.role if c.role is not None else _DOC_ROLE.get(ctx.d.kind) if ctx.d.kind else None


def _own(ctx: Context, c: Claim) -> bool:
    """Whether the claim is a figure of the kind the document's tables hold (its own year and role)."""
    doc_role = _DOC_ROLE.get(ctx.d.kind) if ctx.d.kind else None
    if c.role is not None and c.role is not doc_role and not (doc_role is Role.FINAL and c.role is Role.EXECUTED):
        return False
    return _year(ctx, c) == ctx.d.year


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
        if c.parent is not None and 0 <= c.parent < len(claims) and c.parent != i:
            out.setdefault(c.parent, []).append(i)
    return out


def _members(ctx: Context, c: Claim) -> list[Claim]:
    """The other figures of ``c``'s subject stated with it (its group), ``c`` excluded."""
    if c.group is None:
        return []
    return [o for o in ctx.d.claims if o.group == c.group and o is not c]


def _stated(p: Percent) -> Interval:
    """The values a printed percentage accepts: within :data:`PERCENT_SLACK_ULP` units of its last
    digit; a printed 0% only what rounds to it."""
    if p.value == 0:
        return Interval.around(p.value, p.half_ulp)
    return Interval.around(p.value, half_ulp(p.decimals) * 2 * PERCENT_SLACK_ULP)


def _exhaustive(parent: Claim, kids: list[Claim]) -> bool:
    """Children that are all sub-concepts of the parent's concept list the whole."""
    if parent.concept is None or len(kids) < 2:
        return False
    return all(k.concept is not None and _PARENT.get(k.concept) == parent.concept for k in kids)


def _sure_parts(ctx: Context, parent: Claim, kids: list[Claim]) -> bool:
    """Parts that may be added up: each below the head, all of the head's role and year, at one level,
    and, unless they are the head's sub-concepts, none restating the head while others are not zero
    (「收、支总计X万元，其中：（一）收入总计X万元…（二）支出总计X万元」 lists two views, not two parts)."""
    role = _role(ctx, parent)
    if not (all(_compatible(parent, k) for k in kids)
            and all(_role(ctx, k) is role and _year(ctx, k) == _year(ctx, parent) for k in kids)
            and len({k.level for k in kids}) == 1):
        return False
    if _exhaustive(parent, kids):
        return True
    restated = [k for k in kids if check_sum(parent.value, [k.value], parent.value.unit).ok]
    return not restated or (len(restated) == 1 and all(k.value.value == 0 for k in kids if k is not restated[0]))


@rule("NAR001", Severity.ERROR, "“其中”各项之和与总数不符", "the parts listed under 其中 do not add up",
      "说明中“××万元，其中：A、B、C”：分项之和不得超过总数；分项完整列出（均为总数的下级概念）时应等于总数；"
      "未完整列出但某一分项改正一个笔误（漏写/多写一位、数字颠倒、小数点错位）即可与总数吻合时，也报告该笔误。"
      "只加同一口径的分项：年初预算与年初预算、决算与决算，同一层级（类/款/项）；有一项不是总数的下级概念时不作判断。",
      "项目支出 29614.8 万元，所列各项合计 19614.8 万元；将“6"
      "123万元”改为 16123 万元即吻合：报错，提示“疑似漏写一位数字”。")
def parts_sum(ctx: Context) -> Iterator[Issue]:
    """Needs: a head and parts of one role, one year and one level, every part's concept below the head's.

    Anti-pattern: adding an item list's 年初预算 and 决算 together (「支出决算为2940.05万元 不等于 22项之和」).
    Best practice: each role's parts under the head's figure of that role, each sum checked on its own.
    """
    claims = ctx.d.claims
    for pi, kids_idx in _children(ctx).items():
        parent = claims[pi]
        kids = _distinct([claims[i] for i in kids_idx])
        if not _sure_parts(ctx, parent, kids):
            continue
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
        if not cands or (len(cands) > 1 and not _one_digit(res.difference)):
            continue  # several slips would each explain a difference of many digits: a coincidence
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


def _one_digit(difference: Decimal) -> bool:
    """A difference of one digit in one place (10000, 0.3): what a digit left out or added makes."""
    digits = format(abs(difference).normalize(), "f").replace(".", "").strip("0")
    return len(digits) == 1


def _distinct(kids: list[Claim]) -> list[Claim]:
    """Drop repeated statements of one concept and sub-items of another listed part."""
    out: list[Claim] = []
    for k in kids:
        if k.concept is not None and any(
                o.concept is not None and (o.concept == k.concept or _descends(k.concept, o.concept)) for o in out):
            continue
        out.append(k)
    return out


def _denominator(ctx: Context, c: Claim) -> Claim | None:
    """The whole a share is of: the claim's head when the nesting is sure and the share names no
    other whole; else a figure of the named concept stated in the same paragraph."""
    claims = ctx.d.claims
    if c.parent is not None and 0 <= c.parent < len(claims):
        head = claims[c.parent]
        named_other = c.share_of is not None and head.concept is not None and c.share_of != head.concept
        if _compatible(head, c) and _role(ctx, head) is _role(ctx, c) and not named_other:
            return head
        return None
    want = _PARENT.get(c.concept or "")
    if want is None or c.share_of != want:
        return None
    return next((o for o in claims if o.concept == want and o.text == c.text and o is not c), None)


def _unit_slip(part: Amount, whole: Amount, stated: Interval) -> bool:
    """Whether the share fits the figures as printed once their units are taken as one: a unit
    slip in one figure (「预算支出1682.76元」 for 万元), reported where the figure is compared."""
    if part.unit is whole.unit or whole.value <= 0:
        return False
    return stated.contains(part.value / whole.value * 100)


@rule("NAR002", Severity.ERROR, "占比与金额不符", "a stated share does not match the figures",
      "说明中的“占××%”按所述金额重新计算（分子、分母都按印刷精度取区间），与印刷的百分比相差超过末位一个单位时报错。"
      "分母取该数所属的总数（同一口径、同一角色）；说明写明“占××的”而与总数不符时不作判断。",
      "政府性基金预算财政拨款收入 366.42 万元占本年收入合计 7113.36 万元的比例应为 5.15%，说明写 5.11%：报错。")
def shares(ctx: Context) -> Iterator[Issue]:
    """Needs: the share's whole read surely (its head, of the same role, or the named concept in the same paragraph).

    Anti-pattern: dividing by a figure of another scope, or by a head misread from the list structure.
    Best practice: recompute part ÷ whole at printed precision and allow the last digit's rounding slack.
    """
    for c in ctx.d.claims:
        if c.share is None:
            continue
        whole = _denominator(ctx, c)
        if whole is None or whole.value.value <= 0:
            continue
        u = whole.value.unit
        computed = share_interval(Interval.of(c.value, u), Interval.of(whole.value, u))
        stated = _stated(c.share)
        if computed is None or stated.meets(computed) or _unit_slip(c.value, whole.value, stated):
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


def _prior(ctx: Context, c: Claim) -> Claim | None:
    """The earlier year's figure stated with ``c`` (「2025年预算执行数为X万元，2026年预算安排Y万元」)."""
    year = _year(ctx, c)
    if year is None:
        return None
    return next((o for o in _members(ctx, c) if o.year == year - 1), None)


@rule("NAR003", Severity.ERROR, "增减额与增减幅度不符", "a stated change and its percentage disagree",
      "“比上年增加/减少 A 万元，增长/下降 p%”：上年数 = 本年数 ∓ A，p 应等于 A ÷ 上年数；"
      "“持平”却写了非零增减额也报告。全部按印刷精度取区间计算，百分比允许末位一个单位的出入。",
      "机关运行经费 47.78 万元，比上年减少 138.3 万元，下降 74.32%：上年 186.08 万元，138.3 ÷ 186.08 = 74.32%：通过。")
def changes(ctx: Context) -> Iterator[Issue]:
    """Needs: a change clause attached to its figure; when the earlier year's figure is stated too, NAR011 judges.

    Anti-pattern: recomputing a percentage from a change attached to the wrong figure of a list.
    Best practice: derive last year's figure from this year's and the change, then the percentage.
    """
    for c in ctx.d.claims:
        ch = c.change
        if ch is None or _prior(ctx, c) is not None:
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
        if computed is None or _stated(ch.percent).meets(computed):
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
      "同一年度、同一口径（年初预算、决算等）的同一概念（如本年收入合计）在说明的不同位置出现不同金额时提示，"
      "请核对哪一处有误。",
      "第二部分写“本年收入合计7113.36万元”，附件写“本年收入合计11795万元”：提示。")
def same_concept(ctx: Context) -> Iterator[Issue]:
    """Needs: two top-level statements of one concept, one year and one role.

    Anti-pattern: taking an item's 年初预算 and its 决算 for two statements of one figure.
    Best practice: group statements by concept, year and role before comparing them.
    """
    groups: dict[tuple[str, int | None, Role | None], list[Claim]] = {}
    for c in ctx.d.claims:
        if c.concept is None or c.parent is not None:
            continue
        groups.setdefault((c.concept, _year(ctx, c), _role(ctx, c)), []).append(c)
    for (concept, _, _), cs in groups.items():
        for i, c in enumerate(cs):
            same = [c, *(o for o in cs[i + 1:] if _same_words(c, o))]
            if len(same) > 1 and not any(_same_words(p, c) for p in cs[:i]):
                yield from _differ(ctx, f"「{concept}」", same)
    yield from _item_twice(ctx)


def _same_words(a: Claim, b: Claim) -> bool:
    """Whether two statements name their figure with the same words, one perhaps with a qualifier
    before them (「支出合计」, 「某局本年支出合计」): two synonyms of one concept may be two quantities
    a template keeps apart (「一般公共预算收入」 and 「一般公共预算当年拨款」, the latter a spending)."""
    return a.subject.endswith(b.subject) or b.subject.endswith(a.subject)


def _item_twice(ctx: Context) -> Iterator[Issue]:
    """An item stating one figure twice with two amounts (「“…（项）”350.35万元…2024年预算安排352.67万元」)."""
    seen: set[int] = set()
    for c in ctx.d.claims:
        if c.group is None or c.group in seen:
            continue
        seen.add(c.group)
        by_role: dict[tuple[Role | None, int | None], list[Claim]] = {}
        for m in (o for o in ctx.d.claims if o.group == c.group):
            by_role.setdefault((_role(ctx, m), _year(ctx, m)), []).append(m)
        for (role, year), cs in by_role.items():
            what = f"{year}年{_ROLE_ZH[role]}" if role is not None and year is not None else ""
            yield from _differ(ctx, f"「{_name(c)}」{what}", cs)


def _differ(ctx: Context, label: str, cs: list[Claim]) -> Iterator[Issue]:
    """One finding per other amount the statements in ``cs`` give to what the first one states."""
    if cs:
        first = cs[0]
        reported: list[Decimal] = []
        for other in cs[1:]:
            res = check_sum(first.value, [other.value], first.value.unit)
            if res.ok or any(res.expected == r for r in reported):
                continue
            reported.append(res.expected)
            u = first.value.unit
            yield Issue(
                f"{label}在说明中前后不一：{money(res.stated, u)} 与 {money(res.expected, u)}",
                f"{label} is stated as {money(res.stated, u)} and elsewhere as {money(res.expected, u)}",
                values_of(res), ctx.where(first.value.where or first.where, other.value.where or other.where))


@rule("NAR005", Severity.WARNING, "同一变动的幅度前后不一", "the same change is given two percentages",
      "金额相同、增减额相同的两处表述，给出的变动百分比却不同（如一处“下降1.34%”，一处“下降1.33%”）。",
      "公务用车购置及运行维护费 5.91 万元减少 0.08 万元“下降1.34%”，公务用车运行维护费 5.91 万元减少 0.08 万元"
      "“下降1.33%”：提示。")
def same_change(ctx: Context) -> Iterator[Issue]:
    """Needs: two claims of one year and role with the same figure and the same change amount.

    Anti-pattern: a percentage recomputed in one place and copied from an older draft in another.
    Best practice: one change, one percentage, wherever it is stated.
    """
    seen: list[Claim] = []
    for c in ctx.d.claims:
        ch = c.change
        if ch is None or ch.amount is None or ch.percent is None:
            continue
        for o in seen:
            oc = o.change
            assert oc is not None and oc.amount is not None and oc.percent is not None
            if oc.direction is not ch.direction or _year(ctx, o) != _year(ctx, c) or _role(ctx, o) is not _role(ctx, c):
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


_Place = tuple[TableKind, Side | None, tuple[str, ...]]
_TOTAL_WORDS = ("合计", "小计", "总计")
# concept → where the same figure sits in the tables: (table kinds, side or None, column keys)
_TABLE_PLACES: dict[str, list[_Place]] = {
    "本年收入合计": [(TableKind.SUMMARY, Side.INCOME, ())],
    "收入总计": [(TableKind.SUMMARY, Side.INCOME, ())],
    "本年支出合计": [(TableKind.SUMMARY, Side.EXPENSE, ()), (TableKind.EXPENSE, None, ("合计",))],
    "支出总计": [(TableKind.SUMMARY, Side.EXPENSE, ())],
    "一般公共预算拨款收入": [(TableKind.SUMMARY, Side.INCOME, ()), (TableKind.FISCAL_SUMMARY, Side.INCOME, ()),
                   (TableKind.INCOME, None, ("一般公共预算",))],
    "政府性基金预算拨款收入": [(TableKind.SUMMARY, Side.INCOME, ())],
    "基本支出": [(TableKind.EXPENSE, None, ("基本支出",))],
    "项目支出": [(TableKind.EXPENSE, None, ("项目支出",)), (TableKind.PROJECT_EXPENSE, None, ("合计", "金额"))],
    "人员经费": [(TableKind.BASIC_EXPENSE_ECON, None, ("人员经费",)), (TableKind.BASIC_EXPENSE, None, ("人员经费",)),
             (TableKind.GENERAL_EXPENSE, None, ("人员经费",))],
    "公用经费": [(TableKind.BASIC_EXPENSE_ECON, None, ("公用经费",)), (TableKind.BASIC_EXPENSE, None, ("公用经费",)),
             (TableKind.GENERAL_EXPENSE, None, ("公用经费",))],
    "一般公共预算拨款支出": [(TableKind.GENERAL_EXPENSE, None, ("合计",))],
    "一般公共预算基本支出": [(TableKind.GENERAL_EXPENSE, None, ("基本支出",))],
    "一般公共预算项目支出": [(TableKind.GENERAL_EXPENSE, None, ("项目支出",))],
    "收支总计": [(TableKind.SUMMARY, Side.INCOME, ())],
    "财政拨款收支总计": [(TableKind.FISCAL_SUMMARY, Side.INCOME, ())],
    "三公经费": [(TableKind.THREE_PUBLIC, None, ())],
    "因公出国（境）费": [(TableKind.THREE_PUBLIC, None, ())],
    "公务接待费": [(TableKind.THREE_PUBLIC, None, ())],
    "公务用车购置及运行维护费": [(TableKind.THREE_PUBLIC, None, ())],
}
_BASIC_TABLES = (TableKind.BASIC_EXPENSE_ECON, TableKind.BASIC_EXPENSE)
_GENERAL_WORDS = ("一般公共预算", "财政拨款")  # a 基本支出表 titled so holds only that money


def _general_scope(t: Table) -> bool:
    """Whether a 基本支出 table is of the 一般公共预算 (its title says so); 支出 tables of that kind are."""
    return t.kind not in _BASIC_TABLES or "一般公共预算" in t.title


def _all_funds(t: Table) -> bool:
    """Whether a 基本支出 table is of all the unit's money (its title names no fund)."""
    return t.kind in _BASIC_TABLES and not any(w in t.title for w in _GENERAL_WORDS)


# (concept, the concept of the figure it is a part of) → the places of that scope only, and the test a
# table there must pass: 人员经费 of the 一般公共预算财政拨款基本支出 sits in the 一般公共预算 tables,
# 人员经费 of all 基本支出 in a 基本支出表 of all funds
_SCOPED_PLACES: dict[tuple[str, str], tuple[list[_Place], Callable[[Table], bool]]] = {
    (part, head): ([*((k, None, (part,)) for k in _BASIC_TABLES), (TableKind.GENERAL_EXPENSE, None, (part,))]
                   if head == "一般公共预算基本支出" else [(k, None, (part,)) for k in _BASIC_TABLES],
                   _general_scope if head == "一般公共预算基本支出" else _all_funds)
    for part in ("人员经费", "公用经费") for head in ("一般公共预算基本支出", "基本支出")
}


# A 收支 table's grand total is printed as its income side's 收入总计 (= 支出总计).
_GRAND_ROW = {"收支总计": "收入总计", "财政拨款收支总计": "收入总计"}


def _place_figure(ctx: Context, t: Table, concept: str, side: Side | None, keys: tuple[str, ...]) -> Amount | None:
    if side is not None:
        return side_total(ctx, t, _GRAND_ROW.get(concept, concept), side)
    if keys:
        tot = t.total_row()
        found = next((tot.values[k] for k in keys if tot and k in tot.values), None)
        if found is not None:
            return found
    row = ctx.concept_row(t, concept) or _total_row(t, concept)  # 「人员经费合计」 as a row of its own
    return own_figure(ctx.d, row) if row else None


def _total_row(t: Table, concept: str) -> Row | None:
    """The row 「<concept>合计」 (the vocabulary names the concept, not its total line)."""
    names = {f"{concept}{word}" for word in _TOTAL_WORDS}
    return next((r for r in t.rows if normalize_label(r.name) in names), None)


# parts whose scope is their head's: 基本支出 of all funds or of the 一般公共预算 … (a source such as
# 一般公共预算拨款收入, or 「三公」经费, is one quantity wherever it is listed)
_RELATIVE = frozenset({"基本支出", "项目支出", "人员经费", "公用经费"})


def _any_table(t: Table) -> bool:
    return True


def _places(ctx: Context, c: Claim) -> tuple[list[_Place], Callable[[Table], bool]] | None:
    """Where the tables hold ``c``'s figure in its scope, and the test a table there must pass; None
    when its scope is unsure."""
    concept = c.concept
    if concept is None:
        return None
    if c.parent is None or concept not in _RELATIVE:
        places = _TABLE_PLACES.get(concept)
        return (places, _any_table) if places else None
    head = ctx.d.claims[c.parent].concept
    if head is None:
        return None
    if (concept, head) in _SCOPED_PLACES:
        return _SCOPED_PLACES[(concept, head)]
    places = _TABLE_PLACES.get(concept) if _PARENT.get(concept) == head else None
    return (places, _any_table) if places else None


# 「收入预算」「部门预算收入」 may be the year's income or the total with the carry-over: a figure of
# either is the narrative's figure
_EITHER = {"本年收入合计": "收入总计", "本年支出合计": "支出总计"}


def table_figures(ctx: Context, concept: str, places: list[_Place] | None = None,
                  fits: Callable[[Table], bool] = _any_table) -> list[tuple[Table, Amount]]:
    """The figures the sure tables give for ``concept``, one a place found."""
    out: list[tuple[Table, Amount]] = []
    for kind, side, keys in places if places is not None else _TABLE_PLACES.get(concept, []):
        t = ctx.table(kind)
        if t is None or t.is_empty or not fits(t):
            continue
        a = _place_figure(ctx, t, concept, side, keys)
        if a is not None:
            out.append((t, a))
    return out


def table_figure(ctx: Context, concept: str) -> tuple[Table, Amount] | None:
    found = table_figures(ctx, concept)
    return found[0] if found else None


def _one_figure(figures: list[tuple[Table, Amount]]) -> bool:
    """Whether the tables agree on the figure (else the disagreement is the cross checks' to report)."""
    first = figures[0][1]
    return all(adds_up(first, [a], first.unit) for _, a in figures[1:])


@rule("NAR006", Severity.ERROR, "说明与报表金额不一致", "the narrative disagrees with the tables",
      "说明中的本年收入合计、支出合计、基本支出、项目支出、人员经费、公用经费、“三公”经费等，应与报表中的"
      "同一数字相等（按印刷精度比较，元与万元自动换算）。只比较同一口径：决算说明的决算数、预算说明的预算数，"
      "本年度，且所属总数与报表口径一致（如“一般公共预算财政拨款基本支出”下的人员经费与一般公共预算基本支出表比较）；"
      "几张报表之间本身不一致时不作判断。",
      "说明写“公用经费预算安排46500元”，一般公共预算基本支出表公用经费合计 116700 元：报错。")
def narrative_vs_tables(ctx: Context) -> Iterator[Issue]:
    """Needs: a claim of the document's own role and year whose scope is known, and sure tables that agree.

    Anti-pattern: comparing 「一般公共预算财政拨款支出年初预算」 with the 决算 table, or a 财政拨款 基本支出
    with the 基本支出 of all funds.
    Best practice: the same quantity in the same scope, and the narrative judged only against one table figure.
    """
    for c in ctx.d.claims:
        if c.concept is None or not _own(ctx, c):
            continue
        scoped = _places(ctx, c)
        if scoped is None:
            continue
        figures = table_figures(ctx, c.concept, *scoped)
        if not figures or any(adds_up(c.value, [a], c.value.unit) for _, a in figures) or not _one_figure(figures):
            continue
        other = _EITHER.get(c.concept)
        if other and any(adds_up(c.value, [a], c.value.unit) for _, a in table_figures(ctx, other)):
            continue
        t, a = figures[0]
        issue = equal_issue(ctx, a_label=f"说明「{_name(c)}」", a=c.value, b_label=f"{table_label(t)}", b=a,
                            what="说明与报表", what_en="narrative vs tables", extra_locations=[c.where])
        if issue:
            yield issue


_CODE_TABLES = (TableKind.GENERAL_EXPENSE, TableKind.EXPENSE, TableKind.GENERAL_EXPENSE_ECON,
                TableKind.BASIC_EXPENSE_ECON, TableKind.BASIC_EXPENSE)


def _code_rows(ctx: Context, code: str) -> list[tuple[Table, Amount]]:
    scheme = scheme_of_code(code)
    out: list[tuple[Table, Amount]] = []
    for t in ctx.tables(*_CODE_TABLES):
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
    order = {k: i for i, k in enumerate(_CODE_TABLES)}
    return sorted(out, key=lambda ta: order[ta[0].kind])


@rule("NAR007", Severity.ERROR, "说明中引用科目的金额与报表不符",
      "a code quoted in prose has another amount in the tables",
      "说明中写明科目编码的金额（如“职业年金缴费支出（2080505）98550元”）应与报表中该编码的金额一致；"
      "政府经济分类编码按明细表中对应的政府经济科目汇总后比较。若金额与报表中另一科目（名称相同者）吻合，提示应改的编码。"
      "只比较本年度、说明所述口径（决算数或预算数）的金额；几张报表中该编码金额不一致时，与其中任一相符即通过。",
      "说明写“（2080505）98550元”，一般公共预算支出表 2080505 为 129"
      "320 元、2080506 职业年金为 98550 元：报错并提示改为 2080506。")
def quoted_codes(ctx: Context) -> Iterator[Issue]:
    """Needs: a code printed with the figure, the figure of the document's own role and year, sure tables.

    Anti-pattern: comparing an item's 年初预算 with the 决算 table's row of its code.
    Best practice: report only when no sure table gives the quoted code the stated amount.
    """
    for c in ctx.d.claims:
        if not c.code or not _own(ctx, c):
            continue
        rows = _code_rows(ctx, c.code)
        if not rows or any(check_sum(c.value, [a], c.value.unit).ok for _, a in rows) or not _one_figure(rows):
            continue
        t, a = rows[0]
        res = check_sum(c.value, [a], c.value.unit)
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


# ---- an item's 决算 against its own budget

def _is_zero(a: Amount) -> bool:
    return a.value == 0


def _budget(ctx: Context, c: Claim, named: Role | None) -> Claim | None:
    """The budget ``c`` (a 决算 or 执行数) is measured against: the member of its group of the role
    named (「完成年初预算的」), else its group's only budget figure; None when unsure."""
    if c.role not in (Role.FINAL, Role.EXECUTED):
        return None
    budgets = [o for o in _members(ctx, c)
               if o.role is not None and o.role.is_budget and _year(ctx, o) == _year(ctx, c)]
    if named is not None:
        budgets = [o for o in budgets if o.role is named]
    return budgets[0] if len(budgets) == 1 else None


def _rate(c: Claim, budget: Claim) -> Interval | None:
    u = budget.value.unit
    return share_interval(Interval.of(c.value, u), Interval.of(budget.value, u))


@rule("NAR008", Severity.ERROR, "完成率与预算数、决算数不符", "a completion rate does not match the figures",
      "“年初预算为X万元，支出决算为Y万元，完成年初预算的Z%”：Z 应等于 Y ÷ X"
      "（按印刷精度取区间，允许末位一个单位的出入）。"
      "只在同一项目的预算数与决算数都写明、且“完成××预算”所指的预算可以确定时核对。",
      "年初预算 452.40 万元，支出决算 446.11 万元，完成年初预算的 98.61%：446.11 ÷ 452.40 = 98.61%，通过；"
      "若写 96.81%：报错。")
def completion_rates(ctx: Context) -> Iterator[Issue]:
    """Needs: the rate, the 决算 it is stated with and the one budget of the same item it names.

    Anti-pattern: checking 「完成预算100%」 against a budget the item never states, or against the wrong budget
    when both 年初预算 and 全年预算 are given and the rate does not say which.
    Best practice: Y ÷ X at printed precision, X the budget named or the item's only budget.
    """
    for c in ctx.d.claims:
        if c.completion is None:
            continue
        budget = _budget(ctx, c, c.completion_of)
        if budget is None or _is_zero(budget.value):
            continue
        computed = _rate(c, budget)
        if computed is None or _stated(c.completion).meets(computed):
            continue
        u = budget.value.unit
        expected = round_to(c.value.in_unit(u) / budget.value.in_unit(u) * 100, max(c.completion.decimals, 2))
        what = _ROLE_ZH[budget.role] if budget.role else "预算"
        yield Issue(
            f"「{_name(c)}」{what} {budget.value}、"
            f"{_ROLE_ZH[c.role or Role.FINAL]} {c.value}，"
            f"完成率应为 {fmt(expected)}%，说明写 {fmt(c.completion.value)}%",
            f"{_name(c)}: {fmt(c.value.value)} of a budget of {fmt(budget.value.value)} is {fmt(expected)}%, "
            f"the text says {fmt(c.completion.value)}%",
            Values(stated=c.completion.value, expected=expected, difference=c.completion.value - expected, unit="%"),
            ctx.where(c.completion.where or c.where, c.value.where, budget.value.where))


def _compare(c: Claim, budget: Claim) -> Direction | None:
    """How the 决算 compares with its budget at printed precision; None when they may be equal but
    are not printed equal (too close to call)."""
    u = budget.value.unit
    y, x = Interval.of(c.value, u), Interval.of(budget.value, u)
    if y.lo > x.hi:
        return Direction.UP
    if y.hi < x.lo:
        return Direction.DOWN
    return Direction.FLAT if c.value.in_unit(u) == budget.value.in_unit(u) else None


_VERSUS_ZH = {Direction.UP: "大于", Direction.DOWN: "小于", Direction.FLAT: "等于"}


@rule("NAR009", Severity.WARNING, "决算与预算的比较与金额不符",
      "决算 said to be above/below its budget against the figures",
      "“决算数大于/小于/等于（持平）预算数”应与同一项目写明的预算数、决算数相符（按印刷精度比较）；"
      "写明差额时差额也应相符。“基本持平”不作判断；预算数无法确定（如同时写了年初预算和全年预算而未说明比哪一个）时不作判断。",
      "年初预算为 135.90 万元，支出决算为 135.25 万元，“决算数大于预算数的主要原因…”：提示，决算数小于预算数。")
def versus_words(ctx: Context) -> Iterator[Issue]:
    """Needs: the comparison phrase kept on its 决算, and the one budget of the item it compares with.

    Anti-pattern: template wording left unchanged (「决算数大于预算数的主要原因」 under a 决算 below its budget).
    Best practice: the direction word follows the two printed figures; 「基本持平」 is left to the reader.
    """
    for c in ctx.d.claims:
        v = c.versus
        if v is None or v.approximate:
            continue
        budget = _budget(ctx, c, v.base)
        if budget is None:
            continue
        actual = _compare(c, budget)
        u = budget.value.unit
        wrong = actual is not None and actual is not v.direction
        off = None
        if not wrong and v.amount is not None and v.direction is not Direction.FLAT:
            gap = abs(c.value.in_unit(u) - budget.value.in_unit(u))
            res = check_sum(v.amount, [Amount(value=gap, unit=u, decimals=max(c.value.decimals,
                                                                            budget.value.decimals))], v.amount.unit)
            off = None if res.ok else res
        if not wrong and off is None:
            continue
        what = _ROLE_ZH[budget.role] if budget.role else "预算"
        said = ("与预算数持平" if v.direction is Direction.FLAT else f"决算数{_VERSUS_ZH[v.direction]}预算数") + (
            v.amount.raw if v.amount is not None else "")
        figures = (f"「{_name(c)}」{what} {budget.value}、决算 "
                   f"{c.value}")
        if wrong:
            assert actual is not None
            msg = f"{figures}，说明却写“{said}”（实为决算数{_VERSUS_ZH[actual]}预算数）"
            msg_en = f"{_name(c)}: the text says the 决算 is {v.direction.value} the budget; the figures say otherwise"
        else:
            assert off is not None
            msg = f"{figures}，相差 {money(off.expected, u)}，说明写“{said}”"
            msg_en = f"{_name(c)}: the gap is {fmt(off.expected)}, the text says {fmt(off.stated)}"
        yield Issue(msg, msg_en, values_of(off) if off is not None else None,
                    ctx.where(v.where or c.where, c.value.where, budget.value.where))


@rule("NAR010", Severity.ERROR, "以零预算计算完成率", "a completion rate over a budget of zero",
      "说明写明某项预算为 0，却给出非零的完成率（如“年初预算为0万元…完成年初预算的95.89%”）："
      "以 0 为基数的完成率无从计算，"
      "疑将另一口径的预算（如全年预算）写成了年初预算。决算为 0 或完成率写 0% 时不报告。",
      "年初预算为 0 万元，全年预算为 321.02 万元，支出决算为 307.82 万元，完成年初预算的 95.89%：报错，"
      "并提示 95.89% 是按全年预算计算的。")
def completion_over_zero(ctx: Context) -> Iterator[Issue]:
    """Needs: the rate, its 决算 and the budget it names, that budget printed as zero.

    Anti-pattern: a rate computed against one budget (全年预算) and labelled with another (年初预算) that is 0.
    Best practice: state the rate against the budget it was computed with; none for a budget of 0.
    """
    for c in ctx.d.claims:
        if c.completion is None or c.completion.value == 0 or _is_zero(c.value):
            continue
        budget = _budget(ctx, c, c.completion_of)
        if budget is None or not _is_zero(budget.value):
            continue
        what = _ROLE_ZH[budget.role] if budget.role else "预算"
        hint = hint_en = None
        stated = _stated(c.completion)
        for other in _members(ctx, c):
            if other.role is not None and other.role.is_budget and not _is_zero(other.value):
                rate = _rate(c, other)
                if rate is not None and stated.meets(rate):
                    hint = (f"{fmt(c.completion.value)}% 是按{_ROLE_ZH[other.role]} "
                            f"{other.value} 计算的")
                    hint_en = f"{fmt(c.completion.value)}% is the rate against the other budget, " \
                              f"{fmt(other.value.value)}"
                    break
        yield Issue(
            f"「{_name(c)}」{what}为 {budget.value}，"
            f"决算 {c.value}，完成率无从计算，说明却写完成{what}的 "
            f"{fmt(c.completion.value)}%",
            f"{_name(c)}: a completion rate of {fmt(c.completion.value)}% is stated over a budget of zero",
            None, ctx.where(c.completion.where or c.where, budget.value.where), hint, hint_en)


@rule("NAR011", Severity.ERROR, "增减幅度与写明的上年数不符",
      "a change disagrees with the earlier year's figure stated",
      "“2025年预算执行数为X万元，2026年预算安排Y万元，比2025年预算执行数减少Z%”：增减方向、增减额应与 Y − X 相符，"
      "Z 应等于 (Y − X) ÷ X（按印刷精度，百分比允许末位一个单位的出入）。上年数为 0 时不作判断。",
      "2023年预算执行数 60.13 万元，2024年预算安排 25.77 万元，比2023年预算执行数减少 57.14%：通过；"
      "若写减少 75.14%：报错。")
def change_vs_prior(ctx: Context) -> Iterator[Issue]:
    """Needs: this year's figure with its change, and the earlier year's figure stated in the same item.

    Anti-pattern: a percentage copied from the item above, or the change's direction left from last year's text.
    Best practice: Y − X and (Y − X) ÷ X from the two printed figures.
    """
    for c in ctx.d.claims:
        ch = c.change
        prior = _prior(ctx, c) if ch is not None else None
        if ch is None or prior is None or _is_zero(prior.value):
            continue
        issues = [_change_issue(ctx, x, ch, prior) for x in _same_figure(ctx, c)]
        if issues and all(i is not None for i in issues):
            yield issues[0]  # type: ignore[misc]


def _same_figure(ctx: Context, c: Claim) -> list[Claim]:
    """``c`` and the other statements of its figure in its item (the same role and year): the change
    may have been computed from any of them; that they differ is NAR004's to report."""
    return [c, *(o for o in _members(ctx, c) if _role(ctx, o) is _role(ctx, c) and _year(ctx, o) == _year(ctx, c))]


def _change_issue(ctx: Context, c: Claim, ch: Change, prior: Claim) -> Issue | None:
    """What is wrong with ``ch``, the change stated from ``prior`` to ``c``; None when it fits."""
    u = prior.value.unit
    actual = _compare(c, prior)
    p, v = prior.value.in_unit(u), c.value.in_unit(u)
    figures = f"「{_name(c)}」{prior.year}年 {prior.value}、{c.year or ctx.d.year}年 {c.value}"
    where = ctx.where((ch.percent.where if ch.percent else None) or (ch.amount.where if ch.amount else None),
                      prior.value.where, c.value.where)
    if actual is not None and actual is not ch.direction:
        return Issue(f"{figures}，说明却写“{ch.direction.value}”", f"{_name(c)}: the change's direction contradicts "
                     "the two figures", None, where)
    if ch.amount is not None and ch.direction is not Direction.FLAT:
        gap = Amount(value=abs(v - p), unit=u, decimals=max(c.value.decimals, prior.value.decimals))
        res = check_sum(ch.amount, [gap], ch.amount.unit)
        if not res.ok:
            return Issue(f"{figures}，相差 {money(res.expected, ch.amount.unit)}，说明写{ch.direction.value}"
                         f"{money(res.stated, ch.amount.unit)}", f"{_name(c)}: the change is {fmt(res.expected)}, "
                         f"the text says {fmt(res.stated)}", values_of(res), where)
    if ch.percent is None or ch.direction is Direction.FLAT:
        return None
    gap_iv = Interval.of(c.value, u) - Interval.of(prior.value, u)
    gap_iv = gap_iv if ch.direction is Direction.UP else Interval(-gap_iv.hi, -gap_iv.lo)
    computed = share_interval(gap_iv, Interval.of(prior.value, u))
    if computed is None or _stated(ch.percent).meets(computed):
        return None
    expected = round_to(abs(v - p) / p * 100, max(ch.percent.decimals, 2))
    return Issue(f"{figures}，{ch.direction.value}幅度应为 {fmt(expected)}%，说明写 {fmt(ch.percent.value)}%",
                 f"{_name(c)}: from {fmt(p)} to {fmt(v)} is {fmt(expected)}%, the text says {fmt(ch.percent.value)}%",
                 Values(stated=ch.percent.value, expected=expected, difference=ch.percent.value - expected, unit="%"),
                 where)
