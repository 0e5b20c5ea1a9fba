from __future__ import annotations

from decimal import Decimal

from budgetlens.model import Change, Direction, DocumentKind, Percent, Scheme, TableKind, Unit
from budgetlens.model.narrative import Role, Versus

from .helpers import amt, claim, disclosure, row, run, table, wan

D = Decimal


def pct(text: str) -> Percent:
    return Percent(value=D(text), decimals=len(text.split(".")[1]) if "." in text else 0, raw=f"{text}%")


def income_claims(total: str, shares: tuple[str, str] = ("94.89", "5.15")) -> list:
    return [claim("本年收入合计", wan(total, 19), "本年收入合计"),
            claim("一般公共预算财政拨款收入", wan("6749.94", 19), "一般公共预算拨款收入", parent=0, share=pct(shares[0])),
            claim("政府性基金预算财政拨款收入", wan("366.42", 19), "政府性基金预算拨款收入", parent=0, share=pct(shares[1])),
            claim("事业收入", wan("0", 19), "事业收入", parent=0)]


def test_nar001_exhaustive_parts() -> None:
    assert run(disclosure(claims=income_claims("7116.36")), "NAR001") == []
    [f] = run(disclosure(claims=income_claims("7113.36")), "NAR001")
    assert f.values and (f.values.stated, f.values.expected) == (D("7113.36"), D("7116.36"))
    assert f.locations[0].line == 19


def test_nar001_partial_list_with_a_dropped_digit() -> None:
    claims = [claim("项目支出", wan("29614.8"), "项目支出"),
              claim("城乡居民县配套支出", wan("352.8"), parent=0),
              claim("中央财政补助资金支出", wan("6123"), parent=0),
              claim("省级补助资金支出", wan("13139"), parent=0)]
    [f] = run(disclosure(claims=claims), "NAR001")
    assert f.diagnosis == "dropped_digit"
    assert f.hint == "「中央财政补助资金支出」6123疑似漏写一位数字（6123 应为 16123）"
    # a partial list that is merely incomplete is not reported
    claims[2] = claim("中央财政补助资金支出", wan("6000"), parent=0)
    assert run(disclosure(claims=claims), "NAR001") == []


def test_nar002_share() -> None:
    assert run(disclosure(claims=income_claims("7116.36", ("94.85", "5.15"))), "NAR002") == []
    [f] = run(disclosure(claims=income_claims("7113.36", ("94.89", "5.11"))), "NAR002")
    assert f.values and (f.values.stated, f.values.expected) == (D("5.11"), D("5.15"))


def test_nar003_change_percent() -> None:
    ok = claim("机关运行经费", wan("47.78"), "机关运行经费",
               change=Change(direction=Direction.DOWN, amount=wan("138.3"), percent=pct("74.32")))
    assert run(disclosure(claims=[ok]), "NAR003") == []
    bad = claim("机关运行经费", wan("47.78"), "机关运行经费",
                change=Change(direction=Direction.DOWN, amount=wan("138.3"), percent=pct("47.32")))
    [f] = run(disclosure(claims=[bad]), "NAR003")
    assert f.values and f.values.expected == D("74.32")


def test_nar004_and_nar005() -> None:
    a = claim("本年收入合计", wan("7113.36"), "本年收入合计")
    b = claim("本年收入合计", wan("11795"), "本年收入合计")
    [f] = run(disclosure(claims=[a, b]), "NAR004")
    assert f.message == "「本年收入合计」在说明中前后不一：7113.36万元 与 11795万元"
    assert run(disclosure(claims=[a, a]), "NAR004") == []
    c1 = claim("公务用车购置及运行维护费", wan("5.91"), change=Change(direction=Direction.DOWN, amount=wan("0.08"),
                                                                percent=pct("1.34")))
    c2 = claim("公务用车运行维护费", wan("5.91"), change=Change(direction=Direction.DOWN, amount=wan("0.08"),
                                                            percent=pct("1.33")))
    [f] = run(disclosure(claims=[c1, c2]), "NAR005")
    assert f.values and (f.values.stated, f.values.expected) == (D("1.33"), D("1.34"))
    assert run(disclosure(claims=[c1, c1]), "NAR005") == []


def test_nar006_narrative_vs_table() -> None:
    basic = table(TableKind.BASIC_EXPENSE_ECON, [row("合计", total=True, 合计="116700.00", 公用经费="116700.00")],
                  ["合计", "公用经费"], Scheme.ECON_DEPT)
    [f] = run(disclosure(tables=[basic], claims=[claim("公用经费", amt("46500"), "公用经费")]), "NAR006")
    assert f.values and f.values.difference == D("-70200.00")
    ok = claim("公用经费", wan("11.67"), "公用经费")
    assert run(disclosure(tables=[basic], claims=[ok]), "NAR006") == []


def test_nar007_and_cls003_quoted_code() -> None:
    general = table(TableKind.GENERAL_EXPENSE, [
        row("机关事业单位基本养老保险缴费支出", "2080505", 合计="129320.00"),
        row("机关事业单位职业年金缴费支出", "2080506", 合计="98550.00")], ["合计"])
    wrong = claim("机关事业单位职业年金缴费支出", amt("98550"), code="2080505")
    d = disclosure(year=2024, tables=[general], claims=[wrong])
    [f] = run(d, "NAR007")
    assert f.hint == "报表中「2080506 机关事业单位职业年金缴费支出」的金额为 98550.00，说明中的编码疑应为 2080506"
    [c] = run(d, "CLS003")
    assert c.message == "说明中「机关事业单位职业年金缴费支出（2080505）」名称与编码不符：2080505 是「机关事业单位基本养老保险缴费支出」"
    assert c.hint == "「机关事业单位职业年金缴费支出」的科目编码应为 2080506"
    right = claim("机关事业单位职业年金缴费支出", amt("98550"), code="2080506")
    d2 = disclosure(year=2024, tables=[general], claims=[right])
    assert run(d2, "NAR007") == [] and run(d2, "CLS003") == []
    gov = claim("机关资本性支出", amt("30880"), code="509")
    [c] = run(disclosure(year=2024, claims=[gov]), "CLS003")
    assert "509 是「对个人和家庭的补助」" in c.message


def _item(initial: str, final: str, group: int, **kw: object) -> list:
    """An item's 年初预算 and 决算, the 决算 carrying ``kw`` (completion, versus …)."""
    return [claim("行政运行", wan(initial), role=Role.INITIAL, group=group),
            claim("行政运行", wan(final), role=Role.FINAL, group=group, **kw)]


def final_account(claims: list) -> object:
    return disclosure(kind=DocumentKind.FINAL, year=2024, claims=claims)


def test_nar001_adds_each_role_on_its_own() -> None:
    head = [claim("一般公共预算财政拨款支出年初预算", wan("300.00"), role=Role.INITIAL, group=0),
            claim("一般公共预算财政拨款支出", wan("291.50"), role=Role.FINAL, group=0)]
    items = [claim("行政运行", wan("200.00"), role=Role.INITIAL, group=2, parent=0),
             claim("行政运行", wan("195.30"), role=Role.FINAL, group=2, parent=1),
             claim("档案馆", wan("100.00"), role=Role.INITIAL, group=4, parent=0),
             claim("档案馆", wan("96.20"), role=Role.FINAL, group=4, parent=1)]
    assert run(final_account(head + items), "NAR001") == []
    # a 年初预算 listed under the head's 决算 is not added to the 决算 parts
    items[2] = claim("档案馆", wan("100.00"), role=Role.INITIAL, group=4, parent=1)
    assert run(final_account(head + items), "NAR001") == []


def test_nar001_a_part_restating_the_head_is_not_a_part() -> None:
    claims = [claim("公务员医疗补助资金项目支出", wan("100")),
              claim("项目人员支出", wan("100"), parent=0), claim("项目经费支出", wan("6319.81"), parent=0)]
    assert run(disclosure(claims=claims), "NAR001") == []


def test_nar008_completion_rate() -> None:
    assert run(final_account(_item("60.00", "56.20", 0, completion=pct("93.67"),
                                   completion_of=Role.INITIAL)), "NAR008") == []
    [f] = run(final_account(_item("60.00", "56.20", 0, completion=pct("96.37"))), "NAR008")
    assert f.message == "「行政运行」年初预算 60.00万元、决算 56.20万元，完成率应为 93.67%，说明写 96.37%"
    # truncated in its last digit: accepted
    assert run(final_account(_item("3.00", "2.00", 0, completion=pct("66.66"))), "NAR008") == []
    # two budgets and 「完成预算的」 not saying which: not judged
    two = [claim("行政运行", wan("100.00"), role=Role.INITIAL, group=0),
           claim("行政运行", wan("120.00"), role=Role.ADJUSTED, group=0),
           claim("行政运行", wan("110.00"), role=Role.FINAL, group=0, completion=pct("50.00"))]
    assert run(final_account(two), "NAR008") == []


def test_nar009_direction_words() -> None:
    below = Versus(direction=Direction.DOWN)
    assert run(final_account(_item("200.00", "195.30", 0, versus=below)), "NAR009") == []
    [f] = run(final_account(_item("200.00", "195.30", 0, versus=Versus(direction=Direction.UP))), "NAR009")
    assert f.message == "「行政运行」年初预算 200.00万元、决算 195.30万元，说明却写“决算数大于预算数”（实为决算数小于预算数）"
    assert f.severity.value == "warning"
    # 「基本持平」 is never judged; 「持平」 over equal figures holds
    rough = Versus(direction=Direction.FLAT, approximate=True)
    assert run(final_account(_item("10.00", "9.80", 0, versus=rough)), "NAR009") == []
    assert run(final_account(_item("10.00", "10.00", 0, versus=Versus(direction=Direction.FLAT))), "NAR009") == []
    # the stated difference is checked too
    gap = Versus(direction=Direction.DOWN, amount=wan("5.70"))
    [g] = run(final_account(_item("200.00", "195.30", 0, versus=gap)), "NAR009")
    assert g.values and (g.values.stated, g.values.expected) == (D("5.70"), D("4.70"))


def test_nar010_rate_over_a_zero_budget() -> None:
    claims = [claim("一般公共预算财政拨款支出", wan("0"), role=Role.INITIAL, group=0),
              claim("一般公共预算财政拨款支出", wan("150.00"), role=Role.ADJUSTED, group=0),
              claim("一般公共预算财政拨款支出", wan("144.60"), role=Role.FINAL, group=0, completion=pct("96.40"),
                    completion_of=Role.INITIAL)]
    [f] = run(final_account(claims), "NAR010")
    assert f.hint == "96.4% 是按全年预算 150.00万元 计算的"
    assert run(final_account(claims), "NAR008") == []
    # 0% of a budget of 0 is how many templates say 「no budget」: not reported
    zero = [claims[0], claims[2].model_copy(update={"completion": pct("0")})]
    assert run(final_account(zero), "NAR010") == []


def test_nar011_change_against_the_stated_prior() -> None:
    def item(plan: str, percent: str, direction: Direction = Direction.DOWN) -> list:
        return [claim("一般行政管理事务", wan("80.00"), year=2025, role=Role.EXECUTED, group=0),
                claim("一般行政管理事务", wan(plan), year=2026, role=Role.BUDGET, group=0,
                      change=Change(direction=direction, percent=pct(percent), against="2025年"))]
    budget = {"kind": DocumentKind.BUDGET, "year": 2026}
    assert run(disclosure(claims=item("72.00", "10.00"), **budget), "NAR011") == []
    [f] = run(disclosure(claims=item("72.00", "12.50"), **budget), "NAR011")
    assert f.message == "「一般行政管理事务」2025年 80.00万元、2026年 72.00万元，减少幅度应为 10%，说明写 12.5%"
    [g] = run(disclosure(claims=item("88.00", "10.00"), **budget), "NAR011")
    assert g.message == "「一般行政管理事务」2025年 80.00万元、2026年 88.00万元，说明却写“减少”"
    # NAR003 leaves a change with a stated prior to NAR011
    assert run(disclosure(claims=item("72.00", "12.50"), **budget), "NAR003") == []


def test_nar006_scope_and_role() -> None:
    general = table(TableKind.GENERAL_EXPENSE, [row("合计", total=True, 合计="291.50", 基本支出="235.30")],
                    ["合计", "基本支出"], unit=Unit.WAN)
    initial = claim("一般公共预算财政拨款支出", wan("300.00"), "一般公共预算拨款支出", role=Role.INITIAL)
    assert run(final_account([initial]).model_copy(update={"tables": [general]}), "NAR006") == []
    # 基本支出 under a 财政拨款 total (no concept): its scope is not known
    fiscal = [claim("财政拨款支出总计", wan("291.50")), claim("基本支出", wan("240.00"), "基本支出", parent=0)]
    expense = table(TableKind.EXPENSE, [row("合计", total=True, 合计="331.50", 基本支出="265.30")],
                    ["合计", "基本支出"], unit=Unit.WAN)
    assert run(final_account(fiscal).model_copy(update={"tables": [expense]}), "NAR006") == []


def test_cls004_stated_path() -> None:
    bad = claim("城乡医疗救助", wan("4646.36"), path=["卫生健康", "公共卫生", "城乡医疗救助"])
    [f] = run(disclosure(year=2021, claims=[bad]), "CLS004")
    assert f.hint == "应为 卫生健康支出（类）医疗救助（款）城乡医疗救助（项）（2101301）"
    good = claim("社会保险经办机构", wan("2108.87"), path=["社会保障和就业", "人力资源和社会保障管理事务", "社会保险经办机构"])
    assert run(disclosure(year=2021, claims=[good]), "CLS004") == []


def test_cls001_cls002_cls006_table_codes() -> None:
    t = table(TableKind.EXPENSE, [
        row("卫生健康支出", "210", 合计="1.00"), row("医疗保障管理事务", "21015", 合计="1.00"),
        row("其他医疗保障管理事务支出", "2101959", 合计="1.00"), row("行政运行", "2101506", 合计="1.00"),
        row("行政单位医疗", "2101101", 合计="1.00")], ["合计"])
    d = disclosure(year=2023, tables=[t])
    [f] = run(d, "CLS001")
    assert f.message.startswith("《支出总表》科目编码 2101959（其他医疗保障管理事务支出）在2023年")
    assert f.hint == "疑为 2101599 其他医疗保障管理事务支出（相邻两位数字颠倒）"
    [w] = run(d, "CLS002")
    assert w.message == "《支出总表》科目 2101506 的名称应为「医疗保障经办事务」，表中写「行政运行」"
    assert [o.message for o in run(d, "CLS006")] == [
        "《支出总表》列出「2101959 其他医疗保障管理事务支出」，却没有其上级科目 21019",
        "《支出总表》列出「2101101 行政单位医疗」，却没有其上级科目 21011"]


def test_cls005_econ_mapping() -> None:
    t = table(TableKind.GENERAL_EXPENSE_ECON, [row("基本工资", "30101", gov="50101", 合计="1.00"),
                                               row("办公费", "30201", gov="50101", 合计="1.00")], ["合计"],
              Scheme.ECON_DEPT)
    [f] = run(disclosure(year=2024, tables=[t]), "CLS005")
    assert f.message.startswith("《一般公共预算支出经济分类表》「30201 办公费」对应的政府经济分类应为 50201")
