"""The 情况说明: headings and paragraphs whose every figure is computed from the input.

Shares and year-on-year percentages are Decimal, rounded half up to 2 decimals
(:mod:`budgetlens.render.numbers`). The result is a list of blocks that every writer (text,
Word, HTML) lays out the same way; charts and the performance-target grids are blocks too.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budgetlens.model import DocumentKind, Scope
from budgetlens.render.figures import Figures
from budgetlens.render.inputs import CURRENT_SOURCES, Source
from budgetlens.render.numbers import Change, change, fmt, pct, share
from budgetlens.render.tables import cn_number


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True, slots=True)
class Para:
    text: str


@dataclass(frozen=True, slots=True)
class ChartRef:
    key: str
    caption: str


@dataclass(frozen=True, slots=True)
class TargetGrid:
    title: str
    rows: list[list[str]]


Block = Heading | Para | ChartRef | TargetGrid


class _Writer:
    def __init__(self, f: Figures) -> None:
        self.f = f
        self.u = f.unit.value
        self.blocks: list[Block] = []
        self.n = 0

    def money(self, value: Decimal) -> str:
        return f"{fmt(value)}{self.u}"

    def heading(self, text: str) -> None:
        self.n += 1
        self.blocks.append(Heading(f"{cn_number(self.n)}、{text}"))

    def para(self, text: str) -> None:
        self.blocks.append(Para(text))

    def part(self, name: str, value: Decimal, whole: Decimal) -> str:
        s = share(value, whole)
        return f"{name}{self.money(value)}" + (f"，占{pct(s)}" if s is not None and value else "")

    def versus(self, now: Decimal, last: Decimal | None) -> str:
        """「较上年增加X元，增长Y%」, or empty when last year is not given."""
        if last is None:
            return ""
        c: Change = change(now, last)
        if c.amount == 0:
            return "与上年持平"
        text = f"较上年{c.direction}{self.money(abs(c.amount))}"
        if c.percent is not None:
            text += f"，{c.trend}{pct(c.percent)}"
        return text


def build_narrative(f: Figures) -> list[Block]:
    w = _Writer(f)
    b = f.budget
    e = b.entity
    year = f.year
    final = f.kind is DocumentKind.FINAL
    who = "部门" if f.scope is Scope.DEPARTMENT else "单位"
    me = f.scope_word
    kw = f.kind_word
    ly = b.last_year

    # 一、职责及机构
    w.heading(f"{who}职责及机构设置情况")
    if e.duties:
        w.para(e.duties)
    if e.organization:
        w.para(e.organization)
    s = b.staff
    if s.authorized is not None or s.actual is not None:
        parts = []
        if s.authorized is not None:
            text = f"{me}人员编制{s.authorized}人"
            if s.authorized_admin is not None or s.authorized_institution is not None:
                text += f"，其中行政编制{s.authorized_admin or 0}人、事业编制{s.authorized_institution or 0}人"
            parts.append(text)
        if s.actual is not None:
            text = f"实有人员{s.actual}人"
            if s.actual_admin is not None or s.actual_institution is not None:
                text += f"，其中行政{s.actual_admin or 0}人、事业{s.actual_institution or 0}人"
            parts.append(text)
        if s.retired is not None:
            parts.append(f"离退休人员{s.retired}人")
        w.para("；".join(parts) + "。")

    # 二、收支总体情况
    w.heading(f"收支{kw}总体情况" if not final else "收入支出决算总体情况说明")
    income_word = "收入预算" if not final else "本年收入合计"
    expense_word = "支出预算" if not final else "本年支出合计"
    parts = [w.part(src.value, f.income[src], f.income_current) for src in CURRENT_SOURCES if f.income[src]]
    text = f"{year}年{income_word}{w.money(f.income_current)}"
    if parts:
        text += "，其中：" + "；".join(parts)
    versus = w.versus(f.income_current, ly.income_total)
    text += "。"
    if versus:
        text += versus + (f"，主要原因是{e.change_reason}" if e.change_reason else "") + "。"
    w.para(text)
    if f.carried_in:
        w.para(f"上年结转结余{w.money(f.carried_in)}。")
    text = (f"{year}年{expense_word}{w.money(f.total.total)}，其中："
            f"{w.part('基本支出', f.total.basic, f.total.total)}；"
            f"{w.part('项目支出', f.total.project, f.total.total)}。")
    versus = w.versus(f.total.total, ly.expense_total)
    if versus:
        text += versus + "。"
    w.para(text)
    pieces = []
    for name, value, last in (("基本支出", f.total.basic, ly.basic), ("项目支出", f.total.project, ly.project)):
        v = w.versus(value, last)
        if v:
            pieces.append(f"{name}{w.money(value)}，{v}")
    if pieces:
        w.para("；".join(pieces) + "。")
    w.para(f"基本支出{w.money(f.total.basic)}，包括人员经费{w.money(f.total.personnel)}和公用经费{w.money(f.total.public)}。")
    if final and f.carry_out:
        w.para(f"年终结转结余{w.money(f.carry_out)}。")
    w.blocks.append(ChartRef("structure", f"图1 {year}年收支结构"))
    if ly.income_total is not None or ly.expense_total is not None:
        w.blocks.append(ChartRef("yoy", f"图2 {year}年与上年收支对比"))

    # 三、财政拨款收支
    w.heading(f"财政拨款收支{kw}总体情况" if not final else "财政拨款收入支出决算总体情况说明")
    fiscal_parts = [f"{src.value}{w.money(f.income[src])}" for src in (Source.GENERAL, Source.GOV_FUND,
                                                                        Source.STATE_CAPITAL) if f.income[src]]
    text = f"{year}年财政拨款收入{w.money(f.fiscal_income)}"
    if fiscal_parts:
        text += "，其中：" + "，".join(fiscal_parts)
    w.para(text + "。")

    # 四、一般公共预算支出
    w.heading("一般公共预算支出情况说明" if not final else "一般公共预算财政拨款支出决算情况说明")
    g = f.general
    text = (f"{year}年一般公共预算支出{w.money(g.total)}，其中：基本支出{w.money(g.basic)}，"
            f"项目支出{w.money(g.project)}。")
    versus = w.versus(g.total, ly.general_expense)
    if versus:
        text += versus + "。"
    w.para(text)
    classes = [r for r in f.function_rows(lambda x: x.source is Source.GENERAL) if len(r.code) == 3]
    if classes and g.total:
        listing = "；".join(
            f"{r.name}（{r.code}）{w.money(r.sums.total)}，占{pct(share(r.sums.total, g.total) or Decimal(0))}"
            for r in classes
        )
        w.para(f"按支出功能分类科目，一般公共预算支出主要用于：{listing}。")

    # 五、机关运行经费
    w.heading("机关运行经费安排情况" if not final else "机关运行经费支出情况说明")
    text = f"{year}年机关运行经费{w.money(b.running_cost)}"
    versus = w.versus(b.running_cost, ly.running_cost)
    if versus:
        text += "，" + versus
    text += "，主要用于" + (e.running_cost_use or "办公费、水电费、邮电费、差旅费等日常公用支出") + "。"
    w.para(text)

    # 六、三公
    w.heading(f"“三公”经费{kw}情况" + ("及增减变化原因" if not final else "说明"))
    tp = b.three_public
    text = (f"{year}年“三公”经费{kw}{w.money(tp.total)}，其中：因公出国（境）费{w.money(tp.abroad)}；"
            f"公务用车购置及运行维护费{w.money(tp.cars)}（其中：公务用车购置费{w.money(tp.car_purchase)}，"
            f"公务用车运行维护费{w.money(tp.car_running)}）；公务接待费{w.money(tp.reception)}。")
    if ly.three_public is not None:
        versus = w.versus(tp.total, ly.three_public.total)
        text += versus + (f"，主要原因是{e.three_public_reason}" if e.three_public_reason else "") + "。"
    w.para(text)
    if tp.total or (ly.three_public is not None and ly.three_public.total):
        number = 3 if (ly.income_total is not None or ly.expense_total is not None) else 2
        w.blocks.append(ChartRef("three", f"图{number} {year}年“三公”经费构成"))

    # 七、政府采购
    w.heading(f"政府采购{kw}情况" if not final else "政府采购支出情况说明")
    if f.procurement_total:
        cats = [f"政府采购{c}{kw}{w.money(v)}" for c, v in sorted(f.procurement_by_category.items(),
                                                                 key=lambda kv: ["货物", "工程", "服务"].index(kv[0]))]
        text = f"{year}年政府采购{kw}{w.money(f.procurement_total)}，其中：" + "，".join(cats) + "。"
        versus = w.versus(f.procurement_total, ly.procurement)
        w.para(text + (versus + "。" if versus else ""))
    else:
        w.para(f"{me}{year}年无政府采购{kw}。")

    # 八、国有资产
    w.heading("国有资产占有使用情况")
    if b.assets:
        as_of = e.assets_as_of or f"{year - 1}年12月31日"
        counted = [f"{a.name}{format(a.quantity.normalize(), 'f')}辆"
                   for a in b.assets if a.quantity and "车" in a.name]
        text = f"截至{as_of}，{me}固定资产金额{w.money(f.assets_total)}"
        if counted:
            text += "，其中" + "、".join(counted)
        w.para(text + "。")
    else:
        w.para(f"{me}无固定资产。")

    # 九、绩效
    w.heading("预算绩效目标设置情况" if not final else "预算绩效情况说明")
    if b.targets:
        amount = sum((t.amount for t in b.targets), Decimal(0))
        w.para(f"{me}对{len(b.targets)}个项目设置了绩效目标，涉及项目{kw}{w.money(amount)}，详见项目绩效目标表。")
        for t in b.targets:
            rows: list[list[str]] = [
                ["项目名称", t.project, "主管部门", e.name],
                [f.amount_word, fmt(t.amount, grouping=True), "其中：财政资金", fmt(t.amount, grouping=True),
                 "其他资金", ""],
                ["绩效目标", t.goal or "—"],
                ["一级指标", "二级指标", "三级指标", "指标值"],
            ]
            prev = ("", "")
            for ind in t.indicators:
                l1 = "" if ind.level1 == prev[0] else ind.level1
                l2 = "" if (ind.level1, ind.level2) == prev else ind.level2
                rows.append([l1, l2, ind.level3, ind.target_text])
                prev = (ind.level1, ind.level2)
            w.blocks.append(TargetGrid(f"{t.project}项目绩效目标表", rows))
    else:
        w.para(f"{me}{year}年未设置项目绩效目标。")

    # 十、名词解释
    w.heading("名词解释")
    w.para("1、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。")
    w.para("2、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。")
    w.para("3、“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。")
    w.para("4、机关运行经费：指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金。")
    return w.blocks


def document_title(f: Figures) -> str:
    who = "部门" if f.scope is Scope.DEPARTMENT else "单位"
    return f"{f.budget.entity.name}{f.year}年{who}{f.kind_word}公开说明"
