"""PERF: performance targets (绩效目标表) and self-evaluations (绩效自评表)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from difflib import SequenceMatcher

from budgetlens.check.context import Context
from budgetlens.check.diagnosis import diagnose
from budgetlens.check.finding import Severity, Values
from budgetlens.check.registry import Issue, rule
from budgetlens.check.rules._util import equal_issue, money, sum_issue
from budgetlens.check.tolerance import Interval, fmt, round_to, share_interval
from budgetlens.model import Amount, Indicator, Percent, PerformanceTarget, TableKind, TargetForm, Unit

_STD: dict[str, frozenset[str]] = {
    "产出": frozenset({"数量", "质量", "时效", "成本"}),
    "效益": frozenset({"经济效益", "社会效益", "生态效益", "可持续影响"}),
    "效果": frozenset({"经济效益", "社会效益", "生态效益", "可持续影响"}),
    "满意度": frozenset({"服务对象满意度"}),
    "成本": frozenset({"经济成本", "社会成本", "生态环境成本"}),
}
_REQUIRED_L1 = (("产出",), ("效益", "效果"), ("满意度",))
_SPACE = re.compile(r"[\s\u3000]")


def _norm(level: str) -> str:
    s = _SPACE.sub("", level)
    return s[:-2] if s.endswith("指标") else s


def _name(t: PerformanceTarget) -> str:
    return t.project_name or t.title or t.form.value


def _loc(ctx: Context, t: PerformanceTarget, ind: Indicator | None = None) -> tuple:  # type: ignore[type-arg]
    return ctx.where(ind.where if ind else None, t.where)


@rule("PERF001", Severity.WARNING, "绩效指标缺少一级指标", "a level-1 indicator category is missing",
      "项目（部门整体）绩效目标应同时设置产出指标、效益（效果）指标和满意度指标三类一级指标。",
      "某项目只列了产出指标和满意度指标，没有效益指标：提示。")
def missing_level1(ctx: Context) -> Iterator[Issue]:
    for t in ctx.d.targets:
        # judged only on a tree with a level-1 column in use (a flat list of indicators, as some
        # provinces print, has no categories to miss)
        if not t.indicators or not any(_norm(i.level1) for i in t.indicators):
            continue
        have = {_norm(i.level1) for i in t.indicators}
        missing = [alts[0] for alts in _REQUIRED_L1 if not any(a in have for a in alts)]
        if missing:
            names = "、".join(f"{m}指标" for m in missing)
            yield Issue(f"「{_name(t)}」的绩效指标缺少一级指标：{names}",
                        f"{_name(t)}: missing level-1 indicators {', '.join(missing)}", None, _loc(ctx, t))


@rule("PERF002", Severity.WARNING, "一级或二级指标名称不规范", "a level-1/level-2 category is not standard",
      "一级指标应为产出、效益（效果）、满意度或成本指标，二级指标应属于其一级指标"
      "（如社会效益指标属于效益指标，数量指标属于产出指标）。",
      "一级指标写“项目完成指标”，或在“可持续影响指标”下列“社会效益指标”：提示。")
def nonstandard_levels(ctx: Context) -> Iterator[Issue]:
    for t in ctx.d.targets:
        reported: set[tuple[str, str]] = set()
        for ind in t.indicators:
            l1, l2 = _norm(ind.level1), _norm(ind.level2)
            if not l1 or (l1, l2) in reported or (l1, "") in reported:
                continue
            if l1 not in _STD:
                reported.add((l1, ""))
                yield Issue(f"「{_name(t)}」一级指标「{ind.level1}」不是规范的一级指标",
                            f"{_name(t)}: {ind.level1!r} is not a standard level-1 category", None,
                            _loc(ctx, t, ind), "一级指标应为产出指标、效益指标、满意度指标（或成本指标）",
                            "use 产出指标, 效益指标, 满意度指标 (or 成本指标)")
            elif l2 and l2 not in _STD[l1]:
                reported.add((l1, l2))
                yield Issue(f"「{_name(t)}」二级指标「{ind.level2}」不属于一级指标「{ind.level1}」",
                            f"{_name(t)}: {ind.level2!r} does not belong under {ind.level1!r}", None,
                            _loc(ctx, t, ind))


_MUST_QUANTIFY = frozenset({"数量", "质量", "时效", "成本", "服务对象满意度"})


@rule("PERF003", Severity.INFO, "指标值未量化", "an indicator target is not quantified",
      "产出指标（数量、质量、时效、成本）和满意度指标应设定可衡量的指标值（数字 + 计量单位）；"
      "有数字却没有计量单位也提示。",
      "成本指标写“按相关规定执行”，或数量指标只写“62”：提示。")
def unquantified(ctx: Context) -> Iterator[Issue]:
    for t in ctx.d.targets:
        for ind in t.indicators:
            if _norm(ind.level2) not in _MUST_QUANTIFY or _is_filler(ind):
                continue
            if not ind.target.quantified:
                yield Issue(f"「{_name(t)}」指标「{ind.level3}」的指标值「{ind.target.raw}」未量化",
                            f"{_name(t)}: target of {ind.level3!r} ({ind.target.raw!r}) is not quantified",
                            None, _loc(ctx, t, ind))
            elif not ind.target.unit:
                yield Issue(f"「{_name(t)}」指标「{ind.level3}」的指标值「{ind.target.raw}」缺少计量单位",
                            f"{_name(t)}: target of {ind.level3!r} ({ind.target.raw!r}) has no unit",
                            None, _loc(ctx, t, ind))


_PLACEHOLDER = re.compile(r"目标内容\s*\d|指标\s*\d+$|^\s*(XXX|xxx|××+|\.{3,}|…+)\s*$|填写|请输入")
# 「不适用」「无」「不合适」「不直接产生经济效益」: a category declared not applicable, not an indicator
_NOT_APPLICABLE = re.compile(r"^(无|不适用|不涉及|不合适|不满足|不直接|/|／|—|－|-)")


def _is_filler(ind: Indicator) -> bool:
    name = _SPACE.sub("", ind.level3)
    value = _SPACE.sub("", ind.target.raw)
    if not name or name in ("无", "/"):
        return not value.strip("无/")
    return bool(_NOT_APPLICABLE.match(name)) or (bool(_NOT_APPLICABLE.match(value)) and not ind.target.quantified)


@rule("PERF004", Severity.ERROR, "绩效目标残留模板占位内容", "template placeholders left in a target",
      "绩效目标或指标中残留“目标内容1”“指标1”“XXX”“……”等模板占位文字，说明目标没有实际填写。",
      "绩效目标栏只有“1.目标内容1”：报错。")
def placeholders(ctx: Context) -> Iterator[Issue]:
    for t in ctx.d.targets:
        bad = [g for g in t.goals if _PLACEHOLDER.search(g)]
        if bad:
            yield Issue(f"「{_name(t)}」的绩效目标为模板占位内容「{bad[0]}」",
                        f"{_name(t)}: the goal is a template placeholder {bad[0]!r}", None, _loc(ctx, t),
                        "请填写项目实际的年度绩效目标", "write the real annual goal")
        for ind in t.indicators:
            for text in (ind.level1, ind.level2, ind.level3, ind.target.raw):
                if text and _PLACEHOLDER.search(text):
                    yield Issue(f"「{_name(t)}」绩效指标中有模板占位内容「{text}」",
                                f"{_name(t)}: placeholder {text!r} in an indicator", None, _loc(ctx, t, ind))
                    break


# a cost indicator may be a rate of cost (「综合费用率 ≤20%」) or name its money in its words
_COST_WORDS = re.compile(r"成本|费|价|金额|资金|支出|预算|经费|投入|标准")
_ECO = re.compile(r"生态|环境|环保|节能|减排|排放|绿色|绿化|污染|能耗|节约|资源|碳|水|空气|植被|森林|土壤|垃圾|无纸")
_MONEY_UNIT = re.compile(r"元")


@rule("PERF005", Severity.WARNING, "指标放错类别", "an indicator sits under a category it does not belong to",
      "按指标内容核对其二级类别：生态效益指标应与生态环境有关，满意度指标应衡量满意程度，"
      "成本指标应以金额计量。明显不符的（如“政策宣传次数”列在生态效益下、覆盖率列在成本指标下）提示。",
      "生态效益指标下列“医疗保险政策宣传 ≥3次”：提示。")
def misplaced(ctx: Context) -> Iterator[Issue]:
    for t in ctx.d.targets:
        for ind in t.indicators:
            if _is_filler(ind):
                continue
            l2 = _norm(ind.level2)
            text = f"{ind.level3}{ind.description or ''}"
            reason = None
            if l2 == "生态效益" and not _ECO.search(text):
                reason = ("与生态环境无关", "has nothing to do with the environment")
            elif l2 == "服务对象满意度" and "满意" not in text:
                reason = ("不是满意度", "does not measure satisfaction")
            elif (l2 in ("成本", "经济成本") and ind.target.quantified and ind.target.unit
                  and not _MONEY_UNIT.search(ind.target.unit) and not _COST_WORDS.search(text)):
                reason = (f"以“{ind.target.unit}”计量，不是金额", "is not measured in money")
            if reason:
                yield Issue(f"「{_name(t)}」{ind.level2}下的「{ind.level3}」{reason[0]}",
                            f"{_name(t)}: {ind.level3!r} under {ind.level2} {reason[1]}", None, _loc(ctx, t, ind))


@rule("PERF006", Severity.WARNING, "指标重复套用", "the same indicator is pasted under several categories",
      "同一项目中，同一条三级指标（连同指标值）出现在多个二级指标下，多为复制粘贴的套话。",
      "“医疗保险政策宣传 ≥3次”同时列在数量、成本、经济效益、社会效益、生态效益、可持续影响指标下：提示。")
def duplicated(ctx: Context) -> Iterator[Issue]:
    for t in ctx.d.targets:
        seen: dict[tuple[str, str], list[Indicator]] = {}
        for ind in t.indicators:
            if _is_filler(ind) or not ind.level3.strip():
                continue
            key = (_SPACE.sub("", ind.level3), _SPACE.sub("", ind.target.raw))
            seen.setdefault(key, []).append(ind)
        for (name, value), inds in seen.items():
            cats = list(dict.fromkeys(i.level2 for i in inds))
            if len(inds) < 2 or len(cats) < 2:
                continue
            yield Issue(f"「{_name(t)}」指标「{name} {value}」重复出现在 {len(cats)} 个二级指标下："
                        f"{'、'.join(cats)}",
                        f"{_name(t)}: {name} {value} is repeated under {len(cats)} categories", None,
                        ctx.where(*(i.where for i in inds[:4]), t.where))


def _money_target(ind: Indicator, default: Unit) -> Amount | None:
    tg = ind.target
    if tg.number is None or not tg.unit or "/" in tg.unit or "每" in tg.unit:
        return None
    if tg.unit in ("万元", "万"):
        return Amount(value=tg.number, unit=Unit.WAN, decimals=_dec(tg.number), raw=tg.raw, where=ind.where)
    if tg.unit == "元":
        return Amount(value=tg.number, unit=Unit.YUAN, decimals=_dec(tg.number), raw=tg.raw, where=ind.where)
    return None


def _dec(n: Decimal) -> int:
    exp = n.as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


@rule("PERF007", Severity.ERROR, "成本指标超过预算", "cost indicators exceed the budget",
      "以金额计量的成本指标（单项或合计）不应超过该目标的资金总额。",
      "资金总额 834.02 万元，各成本指标 677.56 + 50.46 + 25 + … = 834.02 万元：通过。")
def cost_vs_budget(ctx: Context) -> Iterator[Issue]:
    for t in ctx.d.targets:
        if t.total is None or t.total.value <= 0:
            continue
        costs = [(i, a) for i in t.indicators if "成本" in _norm(i.level2) or "成本" in _norm(i.level1)
                 if (a := _money_target(i, t.unit)) is not None]
        if not costs:
            continue
        u = t.total.unit
        total_iv = Interval.of(t.total, u)
        acc = Interval.exact(Decimal(0))
        for _, a in costs:
            acc = acc + Interval.of(a, u)
        if acc.lo > total_iv.hi:
            s = sum((a.in_unit(u) for _, a in costs), Decimal(0))
            yield Issue(f"「{_name(t)}」成本指标合计 {money(s, u)} 超过资金总额 {money(t.total.in_unit(u), u)}",
                        f"{_name(t)}: cost indicators add up to {money(s, u)}, above the budget "
                        f"{money(t.total.in_unit(u), u)}",
                        Values(stated=s, expected=t.total.in_unit(u), difference=s - t.total.in_unit(u), unit=u.value),
                        ctx.where(*(a.where for _, a in costs[:3]), t.total.where))


def _key(name: str) -> str:
    s = _SPACE.sub("", name)
    s = s.replace("支出", "").replace("项目", "").replace("绩效目标表", "")
    return s


def _same_project(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    return min(len(ka), len(kb)) >= 6 and SequenceMatcher(None, ka, kb).ratio() >= 0.9


@rule("PERF008", Severity.ERROR, "绩效目标金额与项目金额不一致", "a target's amount differs from the project's",
      "绩效目标表的资金总额应等于说明或项目支出表中同一项目的金额（按项目名称对应，元与万元自动换算）。",
      "说明写“中央财政城乡居民基本医保财政补助资金支出6123万元”，其绩效目标表预算数 161230000.00 元："
      "报错，提示“疑似漏写一位数字”。")
def target_vs_project(ctx: Context) -> Iterator[Issue]:
    plist = ctx.table(TableKind.PROJECT_EXPENSE)
    # a project name printed for several targets or several rows (one name in several units) matches
    # none of them surely: such names are not judged
    named = Counter(_key(t.project_name) for t in ctx.d.targets if t.project_name)
    rows = Counter(_key(r.name) for r in plist.rows if not r.is_total) if plist is not None else Counter()
    for t in ctx.d.targets:
        if t.total is None or not t.project_name or t.form in (TargetForm.DEPARTMENT, TargetForm.DEPARTMENT_SELF_EVAL):
            continue
        if named[_key(t.project_name)] > 1 or rows[_key(t.project_name)] > 1:
            continue
        # a classification item (「…支出（2010608）」, a code printed) is not a project
        items = [c for c in ctx.d.claims if c.concept is None and c.parent is not None and c.code is None]
        exact = [c for c in items if _key(c.subject) == _key(t.project_name)]
        want = _key(t.project_name)
        fuzzy = [c for c in items if _same_project(c.subject, t.project_name)]
        fuzzy.sort(key=lambda c: -SequenceMatcher(None, _key(c.subject), want).ratio())
        matched = exact or fuzzy[:1]
        for c in matched:
            issue = equal_issue(ctx, a_label=f"说明「{c.subject}」", a=c.value,
                                b_label=f"绩效目标表「{t.project_name}」资金总额", b=t.total,
                                what="项目金额", what_en="project amount", extra_locations=[c.where])
            if issue:
                yield issue
        if plist is not None:
            for r in plist.rows:
                a = r.values.get("金额") or r.values.get("合计")
                if a is None or r.is_total or not _same_project(r.name, t.project_name):
                    continue
                issue = equal_issue(ctx, a_label=f"项目支出表「{r.name}」", a=a,
                                    b_label=f"绩效目标表「{t.project_name}」资金总额", b=t.total,
                                    what="项目金额", what_en="project amount")
                if issue:
                    yield issue
                break


@rule("PERF009", Severity.ERROR, "资金支出计划不合理", "the spending plan is not cumulative to 100%",
      "资金支出计划（3月底、6月底……12月底）是累计进度，应逐期不减，并以 100% 结束。",
      "支出计划 20%、50%、80%、100%：通过；写成 20%、50%、40%、100% 或最后为 90%：报错。")
def spending_plan(ctx: Context) -> Iterator[Issue]:
    for t in ctx.d.targets:
        steps = [(s.label, s.percent) for s in t.spending_plan if s.percent is not None]
        if not steps:
            continue
        for (la, pa), (lb, pb) in itertools.pairwise(steps):
            assert pa is not None and pb is not None
            if pb.value < pa.value:
                yield Issue(f"「{_name(t)}」资金支出计划 {lb} {fmt(pb.value)}"
                            f"% 低于 {la} {fmt(pa.value)}%（应为累计进度）",
                            f"{_name(t)}: spending plan {lb} {fmt(pb.value)}% is below {la} {fmt(pa.value)}%",
                            None, ctx.where(pb.where, t.where))
        last_label, last = steps[-1]
        assert last is not None
        if last.value != 100:
            yield Issue(f"「{_name(t)}」资金支出计划截至{last_label}为 {fmt(last.value)}%，未达到 100%",
                        f"{_name(t)}: the spending plan ends at {fmt(last.value)}%, not 100%",
                        Values(stated=last.value, expected=Decimal(100), difference=last.value - 100, unit="%"),
                        ctx.where(last.where, t.where))


@rule("PERF010", Severity.ERROR, "财政拨款与资金总额不符", "fiscal funds and the total disagree",
      "绩效目标（及其各项任务）中：财政拨款不能超过资金总额；资金总额 = 财政拨款 + 其他资金。"
      "自评表中的执行数同样核对。",
      "任务3 资金总额 1850000 元，财政拨款 18550000 元：报错，提示“疑似多写一位数字”。")
def fiscal_vs_total(ctx: Context) -> Iterator[Issue]:
    for t in ctx.d.targets:
        rows: list[tuple[str, Amount | None, Amount | None, Amount | None]] = [
            (f"「{_name(t)}」", t.total, t.fiscal, t.other)]
        rows += [(f"「{_name(t)}」{k.name}", k.total, k.fiscal, k.other) for k in t.tasks]
        for label, total, fiscal, other in rows:
            if total is None or fiscal is None:
                continue
            parts = [("财政拨款", fiscal)] + ([("其他资金", other)] if other is not None else [])
            issue = sum_issue(ctx, total_label=f"{label}资金总额", total=total, parts=parts,
                              what="资金构成", what_en="funding split")
            if issue:
                yield issue


@rule("PERF011", Severity.ERROR, "任务金额之和与合计不符", "task amounts do not add up to the total",
      "部门整体绩效目标表中各项任务的金额（总额、财政拨款分别核对）之和应等于金额合计（资金总额）。",
      "任务1 1546410 + 任务2 92160 + 任务3 18550000 = 20188570，而财政拨款合计 3488570：报错，提示任务3 多写一位数字。")
def tasks_sum(ctx: Context) -> Iterator[Issue]:
    for t in ctx.d.targets:
        if len(t.tasks) < 2:
            continue
        for field, total in (("总额", t.total), ("财政拨款", t.fiscal)):
            if total is None:
                continue
            parts = [(k.name, a) for k in t.tasks if (a := (k.total if field == "总额" else k.fiscal)) is not None]
            if not parts:
                continue
            issue = sum_issue(ctx, total_label=f"金额合计（{field}）", total=total, parts=parts,
                              what=f"「{_name(t)}」年度主要任务", what_en=f"{_name(t)}: tasks")
            if issue:
                yield issue


@rule("PERF012", Severity.ERROR, "自评执行率与执行数不符", "self-evaluation rate disagrees with the figures",
      "绩效自评：执行率 = 执行数 ÷ 预算数（按印刷精度取区间重算）；说明中“预算数 A，执行数 B，完成预算 p%”同样核对。",
      "预算数 4000 万元，执行数 3900.98 万元，完成预算的 97.52%：通过。")
def execution_rate(ctx: Context) -> Iterator[Issue]:
    checks: list[tuple[str, Amount, Amount, Percent]] = []
    for t in ctx.d.targets:
        if t.rate is not None and t.executed is not None and t.total is not None:
            checks.append((f"「{_name(t)}」", t.executed, t.total, t.rate))
    claims = ctx.d.claims
    for i, c in enumerate(claims):
        if c.completion is None or i == 0 or c.concept is not None:
            continue
        prev = claims[i - 1]
        # the same paragraph (block): a PDF or Word file has no line numbers to compare
        if ("预算" in prev.subject and prev.where and c.where and prev.where.block is not None
                and (prev.where.file, prev.where.block) == (c.where.file, c.where.block)):
            checks.append((f"说明「{prev.subject}」", c.value, prev.value, c.completion))
    for label, done, budget, pct in checks:
        computed = share_interval(Interval.of(done, budget.unit), Interval.of(budget, budget.unit))
        if computed is None or Interval.of_percent(pct).meets(computed):
            continue
        expected = round_to(done.in_unit(budget.unit) / budget.value * 100, max(pct.decimals, 2))
        yield Issue(f"{label}执行率应为 {fmt(expected)}%（执行数 {done.raw or fmt(done.value)} ÷ 预算数 "
                    f"{budget.raw or fmt(budget.value)}），表中为 {fmt(pct.value)}%",
                    f"{label}: the rate should be {fmt(expected)}%, the document says {fmt(pct.value)}%",
                    Values(stated=pct.value, expected=expected, difference=pct.value - expected, unit="%"),
                    ctx.where(pct.where, done.where, budget.where))


@rule("PERF013", Severity.ERROR, "财政拨款执行数与预算不符", "fiscal execution is implausible",
      "自评表中财政拨款执行数不能超过执行总数，也不应与财政拨款预算相差 10 的整数倍（多为小数点错位）。",
      "预算数 36.5 万元、执行数 36.5 万元，财政拨款执行数写 365：报错，提示“相差10倍”。")
def fiscal_execution(ctx: Context) -> Iterator[Issue]:
    for t in ctx.d.targets:
        fe = t.fiscal_executed
        if fe is None:
            continue
        ref = t.executed or t.fiscal
        if ref is None:
            continue
        u = ref.unit
        if Interval.of(fe, u).lo <= Interval.of(ref, u).hi:
            continue
        d = diagnose(fe.value, (t.fiscal or ref).in_unit(fe.unit))
        v, r = fe.in_unit(u), ref.in_unit(u)
        yield Issue(f"「{_name(t)}」财政拨款执行数 {money(v, u)} 超过执行数 {money(r, u)}",
                    f"{_name(t)}: fiscal execution {money(v, u)} exceeds total execution {money(r, u)}",
                    Values(stated=v, expected=r, difference=v - r, unit=u.value), ctx.where(fe.where, ref.where),
                    d.zh if d else None, d.en if d else None, d.kind if d else None)


_YEAR = re.compile(r"(20\d\d)年")


@rule("PERF014", Severity.WARNING, "指标引用了过时的年份", "an indicator refers to an outdated year",
      "指标值或指标内容引用的年份早于预算年度的上一年，多为沿用旧表未更新。",
      "2023 年绩效目标的指标值写“2021年门诊享受待遇人次”：提示。")
def stale_year(ctx: Context) -> Iterator[Issue]:
    year = ctx.d.year
    if year is None or ctx.d.kind is None or ctx.d.kind.value == "决算":
        return
    for t in ctx.d.targets:
        if t.form is TargetForm.PROJECT_SELF_EVAL:
            continue
        reported: set[str] = set()
        for ind in t.indicators:
            for text in (ind.target.raw, ind.level3):
                m = _YEAR.search(text or "")
                if m and int(m.group(1)) < year - 1 and text not in reported:
                    reported.add(text)
                    yield Issue(f"「{_name(t)}」指标「{ind.level3}」引用了 {m.group(1)}"
                                f" 年（文件年度 {year}）：「{text}」",
                                f"{_name(t)}: {ind.level3!r} refers to {m.group(1)} in a {year} document", None,
                                _loc(ctx, t, ind))
                    break
