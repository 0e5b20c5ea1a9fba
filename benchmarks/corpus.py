"""Write N realistic, internally consistent budget disclosures of fictional entities.

Every document is a 部门预算公开 of a fictional county department (fictional county names, real
department kinds), generated from a model, not copied: staff numbers drive 人员经费 and 公用经费;
the 基本支出 economic table (real 部门预算支出经济分类 codes) sums to them; the 支出总表 lists real
支出功能分类 codes valid in the document's year (names from ``budgetlens.reference``), with 行政运行
and the social-security, medical and housing items carrying exactly the matching economic lines,
and one to three project items; 收支总表, 收入总表, 一般公共预算支出表, 财政拨款收支总表, 政府性基金表,
an empty 国有资本经营表 with its note, the 三公经费表 (its parts equal the economic lines 公务接待费 and
公务用车运行维护费) and a project performance target table. The narrative states the same
figures, shares and the change against the previous year, which is the same entity's document of
the year before (so a corpus of consecutive years checks year on year exactly).

Documents alternate between the two text layouts of the seeds: one cell a line with a blank
line after each row (seeds 000/001/004), and one row a line with tab-separated cells (seed 003).
Some entities publish in 万元 (two decimals), the others in 元. Everything is deterministic from
``--seed``: document ``i`` is entity ``i // years`` in year ``first_year + i % years``.

Run: ``python benchmarks/corpus.py --n 2000 --out /tmp/corpus``.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from budgetlens.model.table import Scheme
from budgetlens.reference.classification import children, lookup

FIRST_YEAR = 2020
YEARS = 4  # documents per entity: consecutive years

_FIRST = "青松白临枫云望柳金玉石桃清安永兴宁乐丰和平顺德泰长瑞华新嘉鹤"
_SECOND = "川河江溪林岭海泉门源阳山原谷州田湖桥塘浦坪冈陵"
_PREFIX = "零东西南北中上下前后"

# department, function 款 codes: the first has 行政运行 (…01); projects come from all of them
DEPARTMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("教育局", ("20501", "20502")),
    ("农业农村局", ("21301",)),
    ("卫生健康局", ("21001", "21004")),
    ("民政局", ("20802", "20810")),
    ("水利局", ("21303",)),
    ("文化广电和旅游局", ("20701",)),
    ("市场监督管理局", ("20138",)),
    ("人力资源和社会保障局", ("20801", "20807")),
)

# economic lines of 基本支出: code, name, personnel (True) or public (False), share of its group
PERSONNEL = (("30101", "基本工资", "0.34"), ("30102", "津贴补贴", "0.22"), ("30103", "奖金", "0.03"),
             ("30108", "机关事业单位基本养老保险缴费", "0.11"), ("30109", "职业年金缴费", "0.05"),
             ("30110", "职工基本医疗保险缴费", "0.06"), ("30113", "住房公积金", "0.13"))
PUBLIC = (("30201", "办公费", "0.24"), ("30205", "水费", "0.03"), ("30206", "电费", "0.10"),
          ("30207", "邮电费", "0.05"), ("30211", "差旅费", "0.15"), ("30217", "公务接待费", "0.04"),
          ("30228", "工会经费", "0.11"), ("30231", "公务用车运行维护费", "0.07"), ("30239", "其他交通费用", "0.21"))
RETIREES = ("30302", "退休费")
# function items fed by economic lines (code → economic code)
SOCIAL = (("2080505", "30108"), ("2080506", "30109"), ("2101101", "30110"), ("2210201", "30113"))
FUND_ITEM = "2296003"  # 用于体育事业的彩票公益金支出 (政府性基金)
HUNDRED = Decimal(100)


def _fname(code: str, year: int) -> str:
    entry = lookup(code, year, Scheme.FUNCTION)
    if entry is None:  # pragma: no cover - the codes above are valid 2019–2025
        raise ValueError(f"{code} is not a function code in {year}")
    return entry.name


def _round100(x: Decimal) -> Decimal:
    """Whole hundreds of 元 (so that 万元 figures have exactly two decimals)."""
    return (x / HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP) * HUNDRED


def pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Entity:
    index: int
    name: str
    code: str
    department: str
    sections: tuple[str, ...]
    wan: bool  # publishes in 万元
    staff: int
    authorized: int
    retirees: int
    pay: Decimal  # personnel cost a head, 元
    running: Decimal  # public cost a head, 元
    projects: list[tuple[str, Decimal]]  # function item code, base amount
    fund: Decimal  # 政府性基金 project, 0 when none
    seed: int


def _county(n: int) -> str:
    a, b = divmod(n, len(_SECOND))
    return _FIRST[a % len(_FIRST)] + _SECOND[b] + "县"


def entity(index: int, seed: int) -> Entity:
    rng = random.Random(f"{seed}:entity:{index}")
    dept, sections = DEPARTMENTS[index % len(DEPARTMENTS)]
    county = _county(index // len(DEPARTMENTS))
    cycle = index // (len(DEPARTMENTS) * len(_FIRST) * len(_SECOND))  # beyond 5520 entities: 东青松县 …
    prefix = "".join(_PREFIX[int(d)] for d in str(cycle)) if cycle else ""
    staff = rng.randint(12, 90)
    # items that exist in every year a document states (its own and the year before): the lists
    # add and drop items over the years (2100410 is new in 2020)
    years = range(FIRST_YEAR - 1, FIRST_YEAR + YEARS)
    items = [c.code for s in sections for c in children(s, FIRST_YEAR, Scheme.FUNCTION)
             if c.name != "行政运行" and not c.code.endswith("99")
             and all(lookup(c.code, y, Scheme.FUNCTION) is not None for y in years)]
    chosen = rng.sample(items, k=min(len(items), rng.randint(1, 3)))
    projects = [(code, Decimal(rng.randint(20, 600) * 5000)) for code in sorted(chosen)]
    return Entity(
        index=index, name=f"{prefix}{county}{dept}", code=f"{(index * 7919 + 100001) % 900000 + 100000:06d}",
        department=dept, sections=sections, wan=rng.random() < 0.35, staff=staff,
        authorized=staff + rng.randint(0, 6), retirees=rng.randint(0, staff // 4),
        pay=Decimal(rng.randint(1100, 1900) * 100), running=Decimal(rng.randint(120, 300) * 100),
        projects=projects, fund=Decimal(rng.randint(10, 80) * 10000) if rng.random() < 0.3 else Decimal(0),
        seed=seed,
    )


@dataclass
class Figures:
    """One year's budget of an entity, in 元."""

    year: int
    # (code, name, 合计, 人员经费, 公用经费) and (code, name, 合计, 基本支出, 项目支出)
    econ: list[tuple[str, str, Decimal, Decimal, Decimal]] = field(default_factory=list)
    function: list[tuple[str, str, Decimal, Decimal, Decimal]] = field(default_factory=list)
    personnel: Decimal = Decimal(0)
    public: Decimal = Decimal(0)
    project: Decimal = Decimal(0)
    fund: Decimal = Decimal(0)
    car: Decimal = Decimal(0)
    reception: Decimal = Decimal(0)
    project_items: list[tuple[str, Decimal]] = field(default_factory=list)
    procurement: Decimal = Decimal(0)
    assets: Decimal = Decimal(0)

    @property
    def basic(self) -> Decimal:
        return self.personnel + self.public

    @property
    def total(self) -> Decimal:
        return self.basic + self.project

    @property
    def general(self) -> Decimal:
        return self.total - self.fund

    @property
    def three_public(self) -> Decimal:
        return self.car + self.reception


def _split(total: Decimal, parts: tuple[tuple[str, str, str], ...]) -> list[tuple[str, str, Decimal]]:
    """Split ``total`` by shares into whole hundreds; the last part takes the remainder."""
    out: list[tuple[str, str, Decimal]] = []
    rest = total
    for i, (code, name, share) in enumerate(parts):
        value = rest if i == len(parts) - 1 else _round100(total * Decimal(share))
        out.append((code, name, value))
        rest -= value
    return out


def figures(e: Entity, year: int) -> Figures:
    rng = random.Random(f"{e.seed}:year:{e.index}:{year}")
    growth = Decimal(rng.randint(-80, 160)) / Decimal(1000)  # −8 % … +16 %
    f = Figures(year)
    staff = e.staff + (year - FIRST_YEAR) // 2
    personnel = _round100(e.pay * staff * (1 + growth / 2))
    public = _round100(e.running * staff * (1 + growth))
    retired = _round100(Decimal(e.retirees) * Decimal(36000)) if e.retirees else Decimal(0)
    pers = _split(personnel - retired, tuple((c, n, s) for c, n, s in PERSONNEL))
    pub = _split(public, PUBLIC)
    f.personnel, f.public = personnel, public
    by_code = {c: v for c, _, v in pers + pub}
    f.car, f.reception = by_code["30231"], by_code["30217"]
    f.procurement = _round100(by_code["30201"] / 2)
    f.assets = _round100(e.running * e.staff * Decimal(rng.randint(25, 60)) / 10)
    econ = [("", "合计", f.basic, personnel, public),
            ("301", "工资福利支出", personnel - retired, personnel - retired, Decimal(0))]
    econ += [(c, n, v, v, Decimal(0)) for c, n, v in pers]
    econ.append(("302", "商品和服务支出", public, Decimal(0), public))
    econ += [(c, n, v, Decimal(0), v) for c, n, v in pub]
    if retired:
        econ.append(("303", "对个人和家庭的补助", retired, retired, Decimal(0)))
        econ.append((*RETIREES, retired, retired, Decimal(0)))
    f.econ = econ
    # function classification: 行政运行 carries the basic spending not booked on the social items
    social = {fc: by_code[ec] for fc, ec in SOCIAL}
    admin_run = f.basic - sum(social.values(), Decimal(0))
    items: dict[str, tuple[Decimal, Decimal]] = {e.sections[0] + "01": (admin_run, Decimal(0))}
    for fc, v in social.items():
        items[fc] = (v, Decimal(0))
    for code, base in e.projects:
        amount = _round100(base * (1 + growth))
        f.project_items.append((code, amount))
        basic_part = items.get(code, (Decimal(0), Decimal(0)))[0]
        items[code] = (basic_part, amount)
    if e.fund:
        f.fund = _round100(e.fund * (1 + growth))
        f.project_items.append((FUND_ITEM, f.fund))
        items[FUND_ITEM] = (Decimal(0), f.fund)
    f.project = sum((a for _, a in f.project_items), Decimal(0))
    rows: list[tuple[str, str, Decimal, Decimal, Decimal]] = [("", "合计", f.total, f.basic, f.project)]
    for cls in sorted({c[:3] for c in items}):
        members = {c: v for c, v in items.items() if c.startswith(cls)}
        b = sum((v[0] for v in members.values()), Decimal(0))
        p = sum((v[1] for v in members.values()), Decimal(0))
        rows.append((cls, _fname(cls, year), b + p, b, p))
        for sec in sorted({c[:5] for c in members}):
            sm = {c: v for c, v in members.items() if c.startswith(sec)}
            sb = sum((v[0] for v in sm.values()), Decimal(0))
            sp = sum((v[1] for v in sm.values()), Decimal(0))
            rows.append((sec, _fname(sec, year), sb + sp, sb, sp))
            for code in sorted(sm):
                ib, ip = sm[code]
                rows.append((code, _fname(code, year), ib + ip, ib, ip))
    f.function = rows
    return f


class Writer:
    """Formats figures in a document's unit: 元 or 万元, thousands separators, two decimals."""

    def __init__(self, wan: bool) -> None:
        self.wan = wan
        self.unit = "万元" if wan else "元"

    def cell(self, v: Decimal | None) -> str:
        if v is None or v == 0:
            return ""
        x = v / Decimal(10000) if self.wan else v
        return f"{x:,.2f}"

    def cell0(self, v: Decimal) -> str:
        """A figure printed even when zero (三公经费表)."""
        x = v / Decimal(10000) if self.wan else v
        return f"{x:,.2f}"

    def prose(self, v: Decimal) -> str:
        if self.wan:
            return f"{v / Decimal(10000):.2f}万元"
        return f"{v:f}元"


def _change(w: Writer, now: Decimal, before: Decimal) -> str:
    diff = now - before
    if diff == 0:
        return "与上年持平"
    word, rate = ("增加", "增长") if diff > 0 else ("减少", "下降")
    return f"较上年{word}{w.prose(abs(diff))}，{rate}{pct(abs(diff), before)}%"


def narrative(e: Entity, f: Figures, prev: Figures, w: Writer) -> str:
    y = f.year
    fund_income = f"；政府性基金预算拨款收入{w.prose(f.fund)}，占{pct(f.fund, f.total)}%" if f.fund else ""
    fund_fiscal = f"，政府性基金预算拨款收入{w.prose(f.fund)}" if f.fund else ""
    general_project = f.project - f.fund
    lines = [
        "一、部门职责及机构设置情况",
        f"{e.name}是县人民政府工作部门，内设办公室、业务股室等机构。",
        f"截至上年底，本部门人员编制{e.authorized}人；实有人员{e.staff + (y - FIRST_YEAR) // 2}人。"
        f"离退休人员{e.retirees}人。",
        "二、收支预算总体情况",
        "（一）收支预算总体情况",
        f"{y}年收入预算{w.prose(f.total)}，其中：一般公共预算拨款收入{w.prose(f.general)}，"
        f"占{pct(f.general, f.total)}%{fund_income}。{_change(w, f.total, prev.total)}。",
        f"{y - 1}年收入预算{w.prose(prev.total)}。",
        f"{y}年支出预算{w.prose(f.total)}，其中：基本支出{w.prose(f.basic)}，占{pct(f.basic, f.total)}%；"
        f"项目支出{w.prose(f.project)}，占{pct(f.project, f.total)}%。",
        f"基本支出{w.prose(f.basic)}，包括人员经费{w.prose(f.personnel)}和公用经费{w.prose(f.public)}。",
        "（二）财政拨款收支预算总体情况",
        f"{y}年财政拨款收入{w.prose(f.total)}，其中：一般公共预算拨款收入{w.prose(f.general)}{fund_fiscal}。",
        "（三）一般公共预算支出情况说明",
        f"{y}年一般公共预算支出{w.prose(f.general)}，其中：基本支出{w.prose(f.basic)}，"
        f"项目支出{w.prose(general_project)}。",
        "三、机关运行经费安排情况",
        f"{y}年机关运行经费{w.prose(f.public)}，主要用于办公费、水电费、邮电费、差旅费等。",
        "四、“三公”经费预算情况",
        f"{y}年“三公”经费预算{w.prose(f.three_public)}，其中：因公出国（境）费{w.prose(Decimal(0))}；"
        f"公务用车购置及运行维护费{w.prose(f.car)}（其中：公务用车购置费{w.prose(Decimal(0))}，"
        f"公务用车运行维护费{w.prose(f.car)}）；公务接待费{w.prose(f.reception)}。"
        f"{_change(w, f.three_public, prev.three_public)}。",
        "五、政府采购预算情况",
        f"{y}年政府采购预算{w.prose(f.procurement)}，其中：政府采购货物预算{w.prose(f.procurement)}。",
        "六、国有资产占有使用情况",
        f"截至{y - 1}年12月31日，本部门固定资产金额{w.prose(f.assets)}，其中车辆{1 + e.index % 3}辆。",
        "七、预算绩效目标设置情况",
        f"本部门对{_fname(f.project_items[0][0], y)}项目设置了绩效目标，该项目预算{w.prose(f.project_items[0][1])}，"
        "详见项目绩效目标表。",
        "八、名词解释",
        "1、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
        "2、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
    ]
    return "\n".join(lines)


def tables(e: Entity, f: Figures, w: Writer) -> list[tuple[str, list[list[str]]]]:
    y, c = f.year, w.cell
    head = [[f"{e.code}{e.name}", f"预算年度：{y}", f"单位：{w.unit}"]]
    fund = bool(f.fund)
    classes = [r for r in f.function if len(r[0]) == 3]
    income_rows = [("一、一般公共预算拨款收入", f.general), ("二、政府性基金预算拨款收入", f.fund),
                   ("三、国有资本经营预算拨款收入", Decimal(0)), ("四、财政专户管理资金收入", Decimal(0)),
                   ("五、事业收入", Decimal(0)), ("六、上级补助收入", Decimal(0)),
                   ("七、附属单位上缴收入", Decimal(0)), ("八、其他收入", Decimal(0))]
    numerals = "一二三四五六七八九十"
    expense_rows = [(f"{numerals[i]}、{name}", total) for i, (_, name, total, _, _) in enumerate(classes)]
    summary = [["项目", "预算数", "项目", "预算数"]]
    for i in range(max(len(income_rows), len(expense_rows))):
        inc = (income_rows[i][0], c(income_rows[i][1])) if i < len(income_rows) else ("", "")
        exp = (expense_rows[i][0], c(expense_rows[i][1])) if i < len(expense_rows) else ("", "")
        summary.append([inc[0], inc[1], exp[0], exp[1]])
    summary += [["本年收入合计", c(f.total), "本年支出合计", c(f.total)], ["上年结转结余", "", "年终结转结余", ""],
                ["收入总计", c(f.total), "支出总计", c(f.total)]]
    out: list[tuple[str, list[list[str]]]] = [(f"{e.name}{y}年部门收支预算总表", head + summary)]
    income = [["科目编码", "科目名称", "合计", "一般公共预算拨款收入", "政府性基金预算拨款收入"],
              ["", "合计", c(f.total), c(f.general), c(f.fund)]]
    for code, name, total, _, _ in classes:
        from_fund = f.fund if code == FUND_ITEM[:3] else Decimal(0)
        income.append([code, name, c(total), c(total - from_fund), c(from_fund)])
    out.append((f"{e.name}{y}年部门收入预算总表", head + income))
    fn_head = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
    out.append((f"{e.name}{y}年部门支出预算总表", [*head, fn_head, *([r[0], r[1], c(r[2]), c(r[3]), c(r[4])]
                                                              for r in f.function)]))
    general = [r for r in f.function if not r[0].startswith(FUND_ITEM[:3])]
    general_rows = [["", "合计", c(f.general), c(f.basic), c(f.project - f.fund)]]
    general_rows += [[r[0], r[1], c(r[2]), c(r[3]), c(r[4])] for r in general[1:]]
    out.append((f"{e.name}{y}年一般公共预算支出表", [*head, fn_head, *general_rows]))
    fiscal = [["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算"]]
    for i, (_, name, total, _, _) in enumerate(classes):
        from_fund = f.fund if name == _fname(FUND_ITEM[:3], y) else Decimal(0)
        left = income_rows[i] if i < 2 else ("", None)
        fiscal.append([left[0], c(left[1]) if left[1] is not None else "", f"{numerals[i]}、{name}", c(total),
                       c(total - from_fund), c(from_fund)])
    if len(classes) < 2:
        fiscal.append(["二、政府性基金预算拨款收入", c(f.fund), "", "", "", ""])
    fiscal += [["本年收入合计", c(f.total), "本年支出合计", c(f.total), c(f.general), c(f.fund)],
               ["收入总计", c(f.total), "支出总计", c(f.total), c(f.general), c(f.fund)]]
    out.append((f"{e.name}{y}年财政拨款收支预算总表", head + fiscal))
    econ = [["科目编码", "科目名称", "合计", "人员经费", "公用经费"]]
    econ += [[r[0], r[1], c(r[2]), c(r[3]), c(r[4])] for r in f.econ]
    out.append((f"{e.name}{y}年一般公共预算基本支出表（按经济分类）", head + econ))
    fund_rows = [fn_head, ["", "合计", c(f.fund), "", c(f.fund)]]
    if fund:
        fund_rows += [[r[0], r[1], c(r[2]), "", c(r[4])] for r in f.function if r[0].startswith(FUND_ITEM[:3])]
    else:
        fund_rows = [fn_head, ["", "", "", "", ""]]
    out.append((f"{e.name}{y}年政府性基金预算支出表", head + fund_rows))
    out.append((f"{e.name}{y}年国有资本经营预算支出表", [*head, fn_head, ["", "", "", "", ""]]))
    z = w.cell0
    three = [["项目", "预算数"], ["合计", z(f.three_public)], ["1、因公出国（境）费", z(Decimal(0))],
             ["2、公务用车购置及运行维护费", z(f.car)], ["（1）公务用车购置费", z(Decimal(0))],
             ["（2）公务用车运行维护费", z(f.car)], ["3、公务接待费", z(f.reception)]]
    out.append((f"{e.name}{y}年一般公共预算“三公”经费支出表", head + three))
    return out


def target(e: Entity, f: Figures, w: Writer) -> tuple[str, list[list[str]]]:
    code, amount = f.project_items[0]
    name = _fname(code, f.year)
    rows = [
        ["项目名称", f"{name}项目", "主管部门", e.name],
        ["预算数", w.cell(amount), "其中：财政资金", w.cell(amount), "其他资金", ""],
        ["资金支出计划（%）", "3月底", "6月底", "9月底", "12月底"],
        ["", "25", "50", "75", "100"],
        ["绩效目标", f"按期完成{name}年度任务，资金使用规范"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "完成年度任务数量", f"≥{12 + e.index % 30}项"],
        ["", "质量指标", "验收合格率", "=100%"],
        ["", "时效指标", "资金支付及时率", "≥95%"],
        ["效益指标", "社会效益指标", "服务覆盖人数", f"≥{1000 + e.index % 9000}人"],
        ["满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"],
    ]
    return f"{name}项目绩效目标表", rows


EMPTY_NOTE = "注：本部门{year}年无国有资本经营预算拨款安排，本表为空表。"
EMPTY_FUND_NOTE = "注：本部门{year}年无政府性基金预算拨款安排，本表为空表。"


def cell_per_line(e: Entity, f: Figures, prev: Figures) -> str:
    """One cell a line (tab-indented), a blank line after each row — like seeds 000/001/004."""
    w = Writer(e.wan)
    out = [e.name, f"{f.year}年部门预算公开说明", ""]
    for title, grid in tables(e, f, w):
        out.append(title)
        for row in grid:
            out.extend("\t" + cell for cell in row)
            out.append("")
        if "国有资本经营" in title:
            out.append(EMPTY_NOTE.format(year=f.year))
        if "政府性基金" in title and not f.fund:
            out.append(EMPTY_FUND_NOTE.format(year=f.year))
        out.append("")
    out.append(narrative(e, f, prev, w))
    title, grid = target(e, f, w)
    out.append(title)
    for row in [[f"单位：{w.unit}"], *grid]:
        out.extend("\t" + cell for cell in row)
        out.append("")
    return "\n".join(out) + "\n"


def tab_separated(e: Entity, f: Figures, prev: Figures) -> str:
    """One row a line, cells separated by tabs, paragraphs apart — like seed 003."""
    w = Writer(e.wan)
    out = [e.name, "", f"{f.year}年部门预算公开说明", ""]
    for i, (title, grid) in enumerate(tables(e, f, w), start=1):
        out += [f"表{i}", "", title, "", f"单位：{w.unit}", ""]
        out += ["\t".join(row) for row in grid[1:]]
        out.append("")
        if "国有资本经营" in title:
            out += [EMPTY_NOTE.format(year=f.year), ""]
        if "政府性基金" in title and not f.fund:
            out += [EMPTY_FUND_NOTE.format(year=f.year), ""]
    out.append(narrative(e, f, prev, w).replace("\n", "\n\n"))
    title, grid = target(e, f, w)
    out += ["", title, "", f"单位：{w.unit}", ""]
    out += ["\t".join(row) for row in grid]
    return "\n".join(out) + "\n"


def document(i: int, seed: int = 1, years: int = YEARS) -> tuple[str, str]:
    """(file name, text) of the i-th document."""
    e = entity(i // years, seed)
    year = FIRST_YEAR + i % years
    f, prev = figures(e, year), figures(e, year - 1)
    layout = cell_per_line if (i // years + i) % 2 == 0 else tab_separated
    return f"{i:06d}_{year}.txt", layout(e, f, prev)


def documents(n: int, seed: int = 1, years: int = YEARS) -> Iterator[tuple[str, str]]:
    for i in range(n):
        yield document(i, seed, years)


def write(n: int, out: Path, seed: int = 1, years: int = YEARS) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for name, text in documents(n, seed, years):
        p = out / name
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--out", type=Path, default=Path("/tmp/budgetlens_corpus"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", type=int, default=YEARS, help="consecutive years per entity")
    args = parser.parse_args()
    paths = write(args.n, args.out, args.seed, args.years)
    print(f"wrote {len(paths)} documents to {args.out}")


if __name__ == "__main__":
    main()
