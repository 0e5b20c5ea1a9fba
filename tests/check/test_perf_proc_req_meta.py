from __future__ import annotations

from decimal import Decimal

from budgetlens.model import (
    Amount,
    ContentsEntry,
    DocumentKind,
    Indicator,
    Location,
    PerformanceTarget,
    PlanStep,
    Procurement,
    ProcurementItem,
    Scheme,
    Section,
    Target,
    TargetForm,
    Task,
    Unit,
)
from budgetlens.model import Percent as P
from budgetlens.model import TableKind as K

from .helpers import FILE, amt, claim, disclosure, row, run, table, wan

D = Decimal


def ind(l1: str, l2: str, l3: str, raw: str, number: str | None = None, unit: str | None = None) -> Indicator:
    return Indicator(level1=l1, level2=l2, level3=l3, target=Target(raw=raw, number=D(number) if number else None,
                                                                     unit=unit), where=Location(file=FILE, line=7))


GOOD = [ind("产出指标", "数量指标", "参保人数", "≥7万人", "7", "万人"),
        ind("产出指标", "成本指标", "补助标准", "≤350元/人", "350", "元/人"),
        ind("效益指标", "社会效益指标", "参保率", "≥95%", "95", "%"),
        ind("满意度指标", "服务对象满意度指标", "参保群众满意度", "≥90%", "90", "%")]


def target(**kw: object) -> PerformanceTarget:
    base: dict[str, object] = {"form": TargetForm.PROJECT, "project_name": "城乡居民医保补助", "indicators": GOOD,
                               "goals": ["保障参保群众待遇"]}
    base.update(kw)
    return PerformanceTarget(**base)  # type: ignore[arg-type]


def test_good_target_passes_all_perf_rules() -> None:
    d = disclosure(targets=[target(total=amt("3528000.00"), fiscal=amt("3528000.00"),
                                   spending_plan=[PlanStep(label="6月底", percent=P(value=D(50))),
                                                  PlanStep(label="12月底", percent=P(value=D(100)))])])
    for n in range(1, 15):
        assert run(d, f"PERF{n:03d}") == [], n


def test_perf001_002_levels() -> None:
    inds = [ind("项目完成指标", "数量指标", "人数", "21人", "21", "人"),
            ind("效益指标", "满意度指标", "满意度", "≥85%", "85", "%")]
    d = disclosure(targets=[target(indicators=inds)])
    [f] = run(d, "PERF001")
    assert f.message == "「城乡居民医保补助」的绩效指标缺少一级指标：产出指标、满意度指标"
    assert [x.message for x in run(d, "PERF002")] == [
        "「城乡居民医保补助」一级指标「项目完成指标」不是规范的一级指标",
        "「城乡居民医保补助」二级指标「满意度指标」不属于一级指标「效益指标」"]


def test_perf003_004_005_006_boilerplate() -> None:
    inds = [*GOOD, ind("产出指标", "时效指标", "完成时间", "及时"),
            ind("效益指标", "生态效益指标", "医疗保险政策宣传", "≥3次", "3", "次"),
            ind("产出指标", "数量指标", "医疗保险政策宣传", "≥3次", "3", "次"),
            ind("产出指标", "成本指标", "检查覆盖率", "≥90%", "90", "%")]
    d = disclosure(targets=[target(indicators=inds, goals=["1.目标内容1"])])
    assert [f.message for f in run(d, "PERF003")] == ["「城乡居民医保补助」指标「完成时间」的指标值「及时」未量化"]
    assert [f.message for f in run(d, "PERF004")] == ["「城乡居民医保补助」的绩效目标为模板占位内容「1.目标内容1」"]
    assert [f.message for f in run(d, "PERF005")] == [
        "「城乡居民医保补助」生态效益指标下的「医疗保险政策宣传」与生态环境无关",
        "「城乡居民医保补助」成本指标下的「检查覆盖率」以“%”计量，不是金额"]
    assert [f.message for f in run(d, "PERF006")] == [
        "「城乡居民医保补助」指标「医疗保险政策宣传 ≥3次」重复出现在 2 个二级指标下：生态效益指标、数量指标"]


def test_perf007_cost_over_budget() -> None:
    inds = [*GOOD, ind("产出指标", "成本指标", "平台费用", "≦25万元", "25", "万元")]
    assert run(disclosure(targets=[target(total=wan("30"), indicators=inds)]), "PERF007") == []
    [f] = run(disclosure(targets=[target(total=wan("20"), indicators=inds)]), "PERF007")
    assert f.values and f.values.difference == D("5")


def test_perf008_target_vs_narrative() -> None:
    t = target(project_name="中央财政城乡居民基本医保财政补助资金", total=amt("161230000.00"))
    parent = claim("项目支出", wan("29614.8"), "项目支出")
    item = claim("中央财政城乡居民基本医保财政补助资金支出", wan("6123"), parent=0)
    [f] = run(disclosure(targets=[t], claims=[parent, item]), "PERF008")
    assert f.diagnosis == "dropped_digit" and f.values and f.values.expected == D("16123")
    ok = claim("中央财政城乡居民基本医保财政补助资金支出", wan("16123"), parent=0)
    assert run(disclosure(targets=[t], claims=[parent, ok]), "PERF008") == []


def test_perf009_spending_plan() -> None:
    steps = [PlanStep(label="6月底", percent=P(value=D(50))), PlanStep(label="10月底", percent=P(value=D(40))),
             PlanStep(label="12月底", percent=P(value=D(90)))]
    assert [f.message for f in run(disclosure(targets=[target(spending_plan=steps)]), "PERF009")] == [
        "「城乡居民医保补助」资金支出计划 10月底 40% 低于 6月底 50%（应为累计进度）",
        "「城乡居民医保补助」资金支出计划截至12月底为 90%，未达到 100%"]


def test_perf010_011_tasks() -> None:
    tasks = [Task(name="任务1", total=amt("1546410"), fiscal=amt("1546410")),
             Task(name="任务2", total=amt("92160"), fiscal=amt("92160")),
             Task(name="任务3", total=amt("1850000"), fiscal=amt("18550000"))]
    t = target(form=TargetForm.DEPARTMENT, project_name="部门整体", total=amt("3488570"), fiscal=amt("3488570"),
               tasks=tasks)
    [f] = run(disclosure(targets=[t]), "PERF010")
    assert f.values and f.values.difference == D("-16700000")
    [g] = run(disclosure(targets=[t]), "PERF011")
    assert g.hint == "任务3：疑似多写一位数字（18550000 应为 1850000）"


def test_perf012_013_self_evaluation() -> None:
    t = target(form=TargetForm.PROJECT_SELF_EVAL, unit=Unit.WAN, total=wan("4000"), executed=wan("3900.98"),
               rate=P(value=D("97.52"), decimals=2))
    assert run(disclosure(targets=[t]), "PERF012") == []
    t2 = t.model_copy(update={"rate": P(value=D("95.72"), decimals=2)})
    [f] = run(disclosure(targets=[t2]), "PERF012")
    assert f.values and f.values.expected == D("97.52")
    t3 = target(form=TargetForm.PROJECT_SELF_EVAL, total=wan("36.5"), fiscal=wan("36.5"), executed=wan("36.5"),
                fiscal_executed=wan("365"))
    [g] = run(disclosure(targets=[t3]), "PERF013")
    assert g.diagnosis == "scale" and g.hint == "疑似小数点错位或多/少写零（相差10倍：365 应为 36.5）"


def test_perf014_stale_year() -> None:
    inds = [*GOOD, ind("效益指标", "可持续影响指标", "门诊享受待遇人次", "2021年门诊享受待遇人次")]
    [f] = run(disclosure(year=2023, targets=[target(indicators=inds)]), "PERF014")
    assert "引用了 2021 年（文件年度 2023）" in f.message
    assert run(disclosure(year=2022, targets=[target(indicators=inds)]), "PERF014") == []


def item(name: str, code: str, q: str, price: str, amount: str) -> ProcurementItem:
    return ProcurementItem(item=name, catalog_code=code, quantity=D(q), unit_price=wan(price), amount=wan(amount),
                           project="经费", project_budget=wan("64.00"))


def test_proc_rules() -> None:
    items = [item("台式计算机", "A02010104", "5", "0.40", "2.00"), item("印刷服务", "C08140199", "1", "11.00", "11.00")]
    p = Procurement(unit=Unit.WAN, total=wan("13.00"), items=items)
    d = disclosure(procurement=p, claims=[claim("政府采购预算", wan("13.00"), "政府采购"),
                                          claim("拟购置固定资产", wan("2.00"), "拟购置固定资产")])
    for code in ("PROC001", "PROC002", "PROC003", "PROC004"):
        assert run(d, code) == [], code
    bad_items = [item("台式计算机", "A02010104", "5", "0.40", "20.00"), items[1]]
    p2 = Procurement(unit=Unit.WAN, total=wan("13.00"), items=bad_items)
    d2 = disclosure(procurement=p2, claims=[claim("拟购置固定资产", wan("31.00"), "拟购置固定资产")])
    [f] = run(d2, "PROC001")
    assert f.values and f.values.expected == D("2.0000")
    [g] = run(d2, "PROC002")
    assert g.values and g.values.difference == D("-18.00")
    [h] = run(d2, "PROC004")
    assert h.values and h.values.expected == D("20.00")


def test_proc005_assets() -> None:
    from budgetlens.model import AssetItem, AssetSummary
    a = AssetSummary(unit=Unit.WAN, total=wan("3.12"), items=[AssetItem(name="其他固定资产", value=wan("3.12"))])
    assert run(disclosure(assets=a, claims=[claim("固定资产金额", wan("3.12"), "固定资产")]), "PROC005") == []
    [f] = run(disclosure(assets=a, claims=[claim("固定资产金额", wan("3.21"), "固定资产")]), "PROC005")
    assert f.diagnosis == "transposed"


def test_req_rules() -> None:
    t4 = table(K.FISCAL_SUMMARY, [], [], Scheme.NONE, number="表4", title="部门综合预算财政拨款收支总表")
    contents = [ContentsEntry(number="表1", name="部门综合预算收支总表", empty=False),
                ContentsEntry(number="表4", name="部门综合预算财政拨款收支总表", empty=False),
                ContentsEntry(number="表9", name="部门综合预算政府性基金收支表", empty=True, reason=None),
                ContentsEntry(number="表10", name="部门综合预算财政拨款收支总表", empty=False)]
    d = disclosure(tables=[t4], contents=contents)
    assert [f.message for f in run(d, "REQ002")] == [
        "目录列出的表1《部门综合预算收支总表》在文件中没有找到",
        "目录列出的表9《部门综合预算政府性基金收支表》在文件中没有找到（目录标为空表，也应公开空表）"]
    assert [f.message for f in run(d, "REQ003")] == [
        "表4《部门综合预算财政拨款收支总表》为空表，但没有说明理由",
        "目录标明表9《部门综合预算政府性基金收支表》为空表，但没有说明理由"]
    assert [f.message for f in run(d, "REQ004")] == ["目录标明《部门综合预算财政拨款收支总表》不是空表，但表中没有数据"]
    assert [f.message for f in run(d, "REQ006")] == ["目录重复列出《部门综合预算财政拨款收支总表》（表4与表10）"]
    # a file holding one table of the nine is part of a disclosure (or another template): not judged
    assert run(d, "REQ001") == []
    kinds = (K.INCOME, K.EXPENSE, K.FISCAL_SUMMARY, K.GENERAL_EXPENSE, K.BASIC_EXPENSE, K.GOV_FUND, K.STATE_CAPITAL)
    most = disclosure(tables=[table(k, [], [], Scheme.NONE) for k in kinds])
    # (the 国有资本经营 table is asked for by the template only: info, and not reported when the
    # document's own 目录 leaves it out)
    assert [(f.message, f.severity.value) for f in run(most, "REQ001")] == [
        ("预算公开缺少规定的报表：收支总表", "error"), ("预算公开缺少规定的报表：一般公共预算“三公”经费支出表", "error")]
    assert run(disclosure(kind=DocumentKind.PERF_TARGET), "REQ001") == []
    headings = ("一、单位职责", "二、收支总体情况", "三、机关运行经费", "四、财政拨款收支情况", "五、一般公共预算支出情况",
                "六、“三公”经费", "七、政府采购情况", "八、国有资产占有使用情况")
    findings = run(disclosure(sections=[Section(title=t) for t in headings]), "REQ005")
    # sections only the template asks for (not verified against a notice) are info
    assert [(f.message, f.severity.value) for f in findings] == [
        ("情况说明缺少“预算绩效目标设置情况”部分", "info"), ("情况说明缺少“名词解释”部分", "info")]
    few = [Section(title=t) for t in headings[:3]]
    assert run(disclosure(sections=few), "REQ005") == []  # headings worded otherwise: not judged


def test_meta_rules() -> None:
    text = "反映某县财政局年度部门预算中支出预算的总体情况。2023年部门支出预算100万元"
    c = claim("部门支出预算", wan("100"), "本年支出合计", text=text)
    [f] = run(disclosure(claims=[c]), "META001")
    assert f.message.startswith("本文件的公开单位是「某县医疗保障局」，文中却写「某县财政局」的预算/决算")
    # an indented paragraph: the finding points at the other body's name in the printed line, its
    # offsets found from the figure's (the claim's text is the paragraph without its indentation)
    para = "　　反映某县财政局年度部门预算中支出预算的总体情况。2023年部门支出预算100万元"
    at = para.index("100万元")
    figure = Amount(value=Decimal("100"), unit=Unit.WAN, decimals=0, raw="100万元",
                    where=Location(file=FILE, line=7, start=at, end=at + 5))
    [g] = run(disclosure(claims=[claim("部门支出预算", figure, "本年支出合计", text=para.strip())]), "META001")
    [where] = g.locations
    assert (where.line, where.start, where.end, para[where.start:where.end]) == (7, 4, 9, "某县财政局")
    ok = claim("部门支出预算", wan("100"), "本年支出合计", text="反映某县医疗保障局年度部门预算。县财政局收到申请后核拨")
    assert run(disclosure(claims=[ok]), "META001") == []
    [y] = run(disclosure(claims=[claim("预算收入", wan("1"), year=2024)]), "META002")
    assert y.message == "说明「预算收入」标注为 2024 年，晚于文件年度 2023 年"
    [m] = run(disclosure(year=None), "META003")
    assert m.message == "未能识别年度，部分核对无法进行"
    big = table(K.SUMMARY, [row("合计", total=True, 合计="76582425.00")], ["合计"], Scheme.NONE, Unit.WAN)
    [u] = run(disclosure(tables=[big]), "META004")
    assert u.hint == "单位疑为“元”"
