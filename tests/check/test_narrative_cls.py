from __future__ import annotations

from decimal import Decimal

from budgetlens.model import Change, Direction, Percent, Scheme, TableKind

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
