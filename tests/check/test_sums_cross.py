from __future__ import annotations

from decimal import Decimal

from budgetlens.model import Scheme, Side, TableKind, Unit

from .helpers import disclosure, row, run, table

D = Decimal
EXP = ["合计", "基本支出", "项目支出"]


def expense(total: str = "4272425.00", section: str = "4272425.00", item: str = "3707425.00") -> list:
    return [
        row("合计", total=True, line=1, 合计=total, 基本支出="3707425.00", 项目支出="565000.00"),
        row("卫生健康支出", "210", line=2, 合计=section, 基本支出="3707425.00", 项目支出="565000.00"),
        row("医疗保障管理事务", "21015", line=3, 合计=section, 基本支出="3707425.00", 项目支出="565000.00"),
        row("行政运行", "2101501", line=4, 合计=item, 基本支出="3707425.00"),
        row("一般行政管理事务", "2101502", line=5, 合计="565000.00", 项目支出="565000.00"),
    ]


def test_consistent_table_has_no_findings() -> None:
    d = disclosure(tables=[table(TableKind.EXPENSE, expense(), EXP)])
    for code in ("SUM001", "SUM002", "SUM003"):
        assert run(d, code) == []


def test_sum001_total_row() -> None:
    d = disclosure(tables=[table(TableKind.EXPENSE, expense(total="4272452.00"), EXP)])
    [f] = run(d, "SUM001")
    assert f.values and (f.values.stated, f.values.expected, f.values.difference) == (
        D("4272452.00"), D("4272425.00"), D("27.00"))
    assert f.diagnosis == "transposed" and f.locations[0].line == 1
    assert f.hint == ("合计行合计：疑似相邻数字颠倒（4272452 应为 4272425）；"
                      "或210 卫生健康支出：疑似相邻数字颠倒（4272425 应为 4272452）")


def test_sum002_code_hierarchy() -> None:
    d = disclosure(tables=[table(TableKind.EXPENSE, expense(item="3707452.00"), EXP)])
    found = run(d, "SUM002")
    assert [(f.values.stated, f.values.expected) for f in found if f.values] == [
        (D("4272425.00"), D("4272452.00"))]
    assert found[0].message.startswith("《支出总表》科目层级：21015 医疗保障管理事务（合计）")


def test_sum003_column_identity() -> None:
    rows = expense()
    rows[3] = row("行政运行", "2101501", line=4, 合计="3707425.00", 基本支出="3707424.00")
    [f] = run(disclosure(tables=[table(TableKind.EXPENSE, rows, EXP)]), "SUM003")
    assert f.values and f.values.difference == D("1.00") and f.locations[-1].line == 4
    # 基本支出 = 人员经费 + 公用经费 in a basic table
    basic = table(TableKind.BASIC_EXPENSE_ECON, [
        row("合计", total=True, 合计="3707425.00", 人员经费="3558225.00", 公用经费="149200.00"),
        row("工资福利支出", "301", 合计="3542121.00", 人员经费="3542121.00")], ["合计", "人员经费", "公用经费"],
        scheme=Scheme.ECON_DEPT)
    assert run(disclosure(tables=[basic]), "SUM003") == []


def _two_sided(income_total: str) -> list:
    return [
        row("一般公共预算拨款收入", side=Side.INCOME, unit=Unit.WAN, 决算数="6749.94"),
        row("政府性基金预算拨款收入", side=Side.INCOME, unit=Unit.WAN, 决算数="366.42"),
        row("本年收入合计", side=Side.INCOME, total=True, unit=Unit.WAN, 决算数=income_total),
        row("上年结转结余", side=Side.INCOME, unit=Unit.WAN, 决算数="34.01"),
        row("收入总计", side=Side.INCOME, total=True, unit=Unit.WAN, 决算数="7150.37"),
        row("社会保障和就业支出", side=Side.EXPENSE, unit=Unit.WAN, 决算数="2108.87"),
        row("卫生健康支出", side=Side.EXPENSE, unit=Unit.WAN, 决算数="5015.77"),
        row("住房保障支出", side=Side.EXPENSE, unit=Unit.WAN, 决算数="25.73"),
        row("本年支出合计", side=Side.EXPENSE, total=True, unit=Unit.WAN, 决算数="7150.37"),
        row("支出总计", side=Side.EXPENSE, total=True, unit=Unit.WAN, 决算数="7150.37"),
    ]


def test_sum004_two_sided() -> None:
    ok = disclosure(tables=[table(TableKind.SUMMARY, _two_sided("7116.36"), ["决算数"], Scheme.NONE, Unit.WAN)])
    assert run(ok, "SUM004") == []
    bad = disclosure(tables=[table(TableKind.SUMMARY, _two_sided("7113.36"), ["决算数"], Scheme.NONE, Unit.WAN)])
    found = run(bad, "SUM004")
    assert [(f.values.stated, f.values.expected) for f in found if f.values] == [
        (D("7113.36"), D("7116.36")), (D("7150.37"), D("7147.37"))]
    assert found[0].diagnosis == "wrong_digit"


def test_sum005_concept_rows() -> None:
    rows = [row("“三公”经费", 合计="7.89", unit=Unit.WAN), row("因公出国（境）费", 合计="0", unit=Unit.WAN),
            row("公务用车购置及运行维护费", 合计="5.91", unit=Unit.WAN), row("公务接待费", 合计="1.98", unit=Unit.WAN)]
    t = table(TableKind.THREE_PUBLIC, rows, ["合计"], Scheme.NONE, Unit.WAN)
    assert run(disclosure(tables=[t]), "SUM005") == []
    rows[0] = row("“三公”经费", 合计="7.98", unit=Unit.WAN)
    [f] = run(disclosure(tables=[table(TableKind.THREE_PUBLIC, rows, ["合计"], Scheme.NONE, Unit.WAN)]), "SUM005")
    assert f.diagnosis == "transposed" and f.values and f.values.expected == D("7.89")


def test_xt001_summary_vs_expense() -> None:
    summary = table(TableKind.SUMMARY, [
        row("卫生健康支出", side=Side.EXPENSE, 预算数="4272425.00"),
        row("本年支出合计", side=Side.EXPENSE, total=True, 预算数="4272425.00")], ["预算数"], Scheme.NONE)
    d = disclosure(tables=[summary, table(TableKind.EXPENSE, expense(), EXP)])
    assert run(d, "XT001") == []
    d2 = disclosure(tables=[summary, table(TableKind.EXPENSE, expense(total="4272525.00", section="4272525.00"),
                                           EXP)])
    found = run(d2, "XT001")
    assert [f.values.difference for f in found if f.values] == [D("-100.00"), D("-100.00")]


def test_xt003_general_within_expense() -> None:
    general = table(TableKind.GENERAL_EXPENSE, [row("行政运行", "2101501", 合计="3807425.00")], ["合计"])
    d = disclosure(tables=[table(TableKind.EXPENSE, expense(), EXP), general])
    [f] = run(d, "XT003")
    assert f.values and (f.values.stated, f.values.expected) == (D("3807425.00"), D("3707425.00"))


def test_xt004_and_xt007_function_vs_economic() -> None:
    general = table(TableKind.GENERAL_EXPENSE, [
        row("合计", total=True, 合计="1406410.00", 人员经费="1289710.00", 公用经费="116700.00"),
        row("医疗保障经办事务", "2101506", 合计="1002680.00", 人员经费="885980.00", 公用经费="116700.00")],
        ["合计", "人员经费", "公用经费"])
    basic = table(TableKind.BASIC_EXPENSE, [
        row("合计", total=True, 合计="1406410.00"), row("医疗保障经办事务", "2101506", 合计="1002680.00")], ["合计"])
    econ = table(TableKind.BASIC_EXPENSE_ECON, [row("合计", total=True, 合计="1406410.00")], ["合计"],
                 Scheme.ECON_DEPT)
    d = disclosure(tables=[general, basic, econ])
    assert run(d, "XT004") == [] and run(d, "XT007") == []
    econ_bad = table(TableKind.BASIC_EXPENSE_ECON, [row("合计", total=True, 合计="1406401.00")], ["合计"],
                     Scheme.ECON_DEPT)
    [f] = run(disclosure(tables=[general, basic, econ_bad]), "XT004")
    assert f.values and f.values.difference == D("9.00") and f.diagnosis == "transposed"
    basic_bad = table(TableKind.BASIC_EXPENSE, [row("医疗保障经办事务", "2101506", 合计="1102680.00")], ["合计"])
    [f] = run(disclosure(tables=[general, basic_bad]), "XT007")
    assert f.values and f.values.difference == D("100000.00")


def test_xt005_department_vs_government_economic() -> None:
    detail = table(TableKind.GENERAL_EXPENSE_ECON, [
        row("办公费", "30201", gov="50201", 合计="39000.00"),
        row("其他商品和服务支出", "30299", gov="50299", 合计="140000.00")], ["合计"], Scheme.ECON_DEPT)
    gov_ok = table(TableKind.OTHER, [row("机关商品和服务支出", "502", 合计="179000.00")], ["合计"], Scheme.ECON_GOV)
    assert run(disclosure(tables=[detail, gov_ok]), "XT005") == []
    gov_bad = table(TableKind.OTHER, [row("机关商品和服务支出", "502", 合计="39000.00")], ["合计"], Scheme.ECON_GOV)
    [f] = run(disclosure(tables=[detail, gov_bad]), "XT005")
    assert f.values and (f.values.stated, f.values.expected) == (D("39000.00"), D("179000.00"))


def test_xt006_project_list() -> None:
    plist = table(TableKind.PROJECT_EXPENSE, [row("合计", total=True, 金额="565000.00")], ["金额"], Scheme.NONE)
    assert run(disclosure(tables=[plist, table(TableKind.EXPENSE, expense(), EXP)]), "XT006") == []
    plist2 = table(TableKind.PROJECT_EXPENSE, [row("合计", total=True, 金额="56500.00")], ["金额"], Scheme.NONE)
    [f] = run(disclosure(tables=[plist2, table(TableKind.EXPENSE, expense(), EXP)]), "XT006")
    assert f.diagnosis == "scale"
