"""Ground truth for seed 001: 威县医疗保障局（本级） 2023 单位预算 (one cell per line, amounts in 元).

Every expected figure below was read off the seed document by hand.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract import parse_file
from budgetlens.model import Disclosure, DocumentKind, Level, Scheme, Scope, Side, Table, TableKind, Unit
from tests.conftest import seed_path

D = Decimal

FUNCTION_ROWS = [
    (None, "合计", "76582425.00"),
    ("208", "社会保障和就业支出", "60000.00"),
    ("20899", "其他社会保障和就业支出", "60000.00"),
    ("2089999", "其他社会保障和就业支出", "60000.00"),
    ("210", "卫生健康支出", "76522425.00"),
    ("21012", "财政对基本医疗保险基金的补助", "70950000.00"),
    ("2101202", "财政对城乡居民基本医疗保险基金的补助", "69250000.00"),
    ("2101299", "财政对其他基本医疗保险基金的补助", "1700000.00"),
    ("21013", "医疗救助", "1300000.00"),
    ("2101301", "城乡医疗救助", "1300000.00"),
    ("21015", "医疗保障管理事务", "4272425.00"),
    ("2101501", "行政运行", "3707425.00"),
    ("2101502", "一般行政管理事务", "200000.00"),
    ("2101506", "医疗保障经办事务", "115000.00"),
    ("2101599", "其他医疗保障管理事务支出", "250000.00"),
]
# 基本支出 / 项目支出 of the same rows (None = empty cell)
BASIC_PROJECT = [
    ("3707425.00", "72875000.00"), (None, "60000.00"), (None, "60000.00"), (None, "60000.00"),
    ("3707425.00", "72815000.00"), (None, "70950000.00"), (None, "69250000.00"), (None, "1700000.00"),
    (None, "1300000.00"), (None, "1300000.00"), ("3707425.00", "565000.00"), ("3707425.00", None),
    (None, "200000.00"), (None, "115000.00"), (None, "250000.00"),
]
ECON_ROWS = [  # code, name, 合计, 人员经费, 公用经费
    (None, "合计", "3707425.00", "3558225.00", "149200.00"),
    ("301", "工资福利支出", "3542121.00", "3542121.00", None),
    ("30101", "基本工资", "1476924.00", "1476924.00", None),
    ("30102", "津贴补贴", "661296.00", "661296.00", None),
    ("30103", "奖金", "42861.00", "42861.00", None),
    ("30107", "绩效工资", "173816.00", "173816.00", None),
    ("30108", "机关事业单位基本养老保险缴费", "349265.00", "349265.00", None),
    ("30110", "职工基本医疗保险缴费", "174745.00", "174745.00", None),
    ("30113", "住房公积金", "299606.00", "299606.00", None),
    ("30199", "其他工资福利支出", "363608.00", "363608.00", None),
    ("302", "商品和服务支出", "149200.00", None, "149200.00"),
    ("30201", "办公费", "26200.00", None, "26200.00"),
    ("30206", "电费", "30000.00", None, "30000.00"),
    ("30207", "邮电费", "9800.00", None, "9800.00"),
    ("30211", "差旅费", "10000.00", None, "10000.00"),
    ("30228", "工会经费", "12000.00", None, "12000.00"),
    ("30239", "其他交通费用", "61200.00", None, "61200.00"),
    ("303", "对个人和家庭的补助", "16104.00", "16104.00", None),
    ("30302", "退休费", "13704.00", "13704.00", None),
    ("30399", "其他对个人和家庭的补助", "2400.00", "2400.00", None),
]
EXPENSE_CATEGORIES = [
    "一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出", "文化旅游体育与传媒支出",
    "社会保障和就业支出", "社会保险基金支出", "卫生健康支出", "节能环保支出", "城乡社区支出", "农林水支出", "交通运输支出",
    "资源勘探工业信息等支出", "商业服务业等支出", "金融支出", "援助其他地区支出", "自然资源海洋气象等支出", "住房保障支出",
    "粮油物资储备支出", "国有资本经营预算支出", "灾害防治及应急管理支出", "预备费", "其他支出", "转移性支出", "债务还本支出",
    "债务付息支出", "债务发行费用支出", "抗疫特别国债安排的支出", "往来性支出",
]


@pytest.fixture(scope="module")
def doc() -> Disclosure:
    return parse_file(seed_path("001"))


def _value(table: Table, row_index: int, key: str) -> str | None:
    amount = table.rows[row_index].values.get(key)
    return amount.raw if amount else None


def test_metadata(doc: Disclosure) -> None:
    assert doc.entity.name == "威县医疗保障局（本级）"
    assert doc.entity.code == "450001"
    assert doc.year == 2023
    assert doc.kind is DocumentKind.BUDGET
    assert doc.scope is Scope.UNIT
    assert doc.unit is Unit.YUAN


def test_table_inventory(doc: Disclosure) -> None:
    assert [(t.kind, len(t.rows)) for t in doc.tables] == [
        (TableKind.SUMMARY, 46),
        (TableKind.INCOME, 15),
        (TableKind.EXPENSE, 15),
        (TableKind.FISCAL_SUMMARY, 43),
        (TableKind.GENERAL_EXPENSE, 15),
        (TableKind.BASIC_EXPENSE_ECON, 20),
        (TableKind.GOV_FUND, 0),
        (TableKind.STATE_CAPITAL, 0),
        (TableKind.THREE_PUBLIC, 0),
        (TableKind.PROCUREMENT, 0),
        (TableKind.ASSETS, 6),
    ]
    assert all(t.unit is Unit.YUAN for t in doc.tables)


def test_summary_table_both_sides(doc: Disclosure) -> None:
    t = doc.tables[0]
    income = [r for r in t.rows if r.side is Side.INCOME]
    expense = [r for r in t.rows if r.side is Side.EXPENSE]
    assert [r.name for r in income] == [
        "一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入", "财政专户管理资金收入", "事业收入",
        "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入", "本年收入合计", "上年结转结余", "收入总计",
    ]
    assert [r.name for r in expense] == [*EXPENSE_CATEGORIES, "本年支出合计", "年终结转结余", "支出总计"]
    values = {(r.side, r.name): r.values["预算数"].value for r in t.rows if r.values}
    assert values == {
        (Side.INCOME, "一般公共预算拨款收入"): D("76582425.00"),
        (Side.EXPENSE, "社会保障和就业支出"): D("60000.00"),
        (Side.EXPENSE, "卫生健康支出"): D("76522425.00"),
        (Side.INCOME, "本年收入合计"): D("76582425.00"),
        (Side.EXPENSE, "本年支出合计"): D("76582425.00"),
        (Side.INCOME, "收入总计"): D("76582425.00"),
        (Side.EXPENSE, "支出总计"): D("76582425.00"),
    }
    assert [r.name for r in t.rows if r.is_total] == ["本年收入合计", "本年支出合计", "收入总计", "支出总计"]
    assert [r.depth for r in income[:3]] == [0, 0, 0]


def test_income_table(doc: Disclosure) -> None:
    t = doc.tables[1]
    assert t.scheme is Scheme.FUNCTION
    assert [c.key for c in t.columns] == [
        "合计", "本年收入", "财政拨款", "财政专户", "事业收入", "经营收入", "上级补助收入", "附属单位上缴收入", "其他收入",
        "上年结转",
    ]
    assert [(r.code, r.name, _value(t, i, "合计")) for i, r in enumerate(t.rows)] == FUNCTION_ROWS
    assert [_value(t, i, "财政拨款") for i in range(len(t.rows))] == [v for _, _, v in FUNCTION_ROWS]
    assert all(set(r.values) == {"合计", "本年收入", "财政拨款"} for r in t.rows)
    assert [r.level for r in t.rows[:4]] == [None, Level.CLASS, Level.SECTION, Level.ITEM]
    assert t.rows[0].is_total and not any(r.is_total for r in t.rows[1:])


@pytest.mark.parametrize("index", [2, 4])
def test_expense_tables(doc: Disclosure, index: int) -> None:
    t = doc.tables[index]
    assert t.scheme is Scheme.FUNCTION
    assert [(r.code, r.name, _value(t, i, "合计")) for i, r in enumerate(t.rows)] == FUNCTION_ROWS
    assert [(_value(t, i, "基本支出"), _value(t, i, "项目支出")) for i in range(len(t.rows))] == BASIC_PROJECT


def test_expense_table_columns(doc: Disclosure) -> None:
    assert [c.key for c in doc.tables[2].columns] == [
        "合计", "基本支出", "项目支出", "经营支出", "上缴上级支出", "对附属单位补助支出",
    ]
    assert [c.key for c in doc.tables[4].columns] == ["合计", "基本支出", "项目支出"]


def test_fiscal_summary(doc: Disclosure) -> None:
    t = doc.tables[3]
    assert [(c.key, c.side) for c in t.columns] == [
        ("金额", Side.INCOME), ("合计", Side.EXPENSE), ("一般公共预算", Side.EXPENSE), ("政府性基金", Side.EXPENSE),
        ("国有资本经营", Side.EXPENSE),
    ]
    income = [r.name for r in t.rows if r.side is Side.INCOME]
    assert income == [
        "一般公共预算拨款", "政府性基金预算拨款", "国有资本经营预算拨款", "本年收入合计", "年初财政拨款结转和结余",
        "一般公共预算拨款", "政府性基金预算拨款", "国有资本经营预算拨款", "收入总计",
    ]
    health = t.find(name="卫生健康支出", side=Side.EXPENSE)
    assert health is not None
    assert {k: v.value for k, v in health.values.items()} == {"合计": D("76522425.00"), "一般公共预算": D("76522425.00")}
    total = t.find(name="支出总计", side=Side.EXPENSE)
    assert total is not None and total.values["合计"].value == D("76582425.00")


def test_basic_expense_by_economic_classification(doc: Disclosure) -> None:
    t = doc.tables[5]
    assert t.scheme is Scheme.ECON_DEPT
    assert [c.key for c in t.columns] == ["合计", "人员经费", "公用经费"]
    got = [
        (r.code, r.name, _value(t, i, "合计"), _value(t, i, "人员经费"), _value(t, i, "公用经费"))
        for i, r in enumerate(t.rows)
    ]
    assert got == ECON_ROWS
    assert [r.level for r in t.rows[1:3]] == [Level.CLASS, Level.SECTION]


def test_empty_tables_keep_their_reason(doc: Disclosure) -> None:
    reasons = {t.kind: t.empty_reason for t in doc.tables if t.is_empty}
    assert reasons == {
        TableKind.GOV_FUND: "注：无政府基金预算财政拨款预算，空表列示。",
        TableKind.STATE_CAPITAL: "注：无国有资本经营预算财政拨款预算，空表列示。",
        TableKind.THREE_PUBLIC: "注：无财政拨款“三公”经费支出表预算，空表列示。",
        TableKind.PROCUREMENT: "注：无政府采购预算，空表列示。",
    }
    assert [c.key for c in doc.tables[8].columns] == ["合计", "一般公共预算", "政府性基金", "国有资本经营"]


def test_assets(doc: Disclosure) -> None:
    assert doc.assets is not None
    assert doc.assets.total is not None and doc.assets.total.value == D("526094.10")
    assert [(i.name, i.value.value if i.value else None) for i in doc.assets.items] == [
        ("房屋（平方米）", None), ("办公用房（平方米）", None), ("车辆（台、辆）", None),
        ("单价在20万元以上的设备", None), ("其他固定资产", D("526094.10")),
    ]


def test_claims_sample(doc: Disclosure) -> None:
    by_concept = {}
    for c in doc.claims:
        if c.concept and c.concept not in by_concept:
            by_concept[c.concept] = c
    income = by_concept["本年收入合计"]
    assert (income.value.value, income.value.unit, income.value.decimals) == (D("7658.2425"), Unit.WAN, 4)
    assert by_concept["一般公共预算拨款收入"].parent == doc.claims.index(income)
    spend = by_concept["本年支出合计"]
    assert spend.value.value == D("7658.2425")
    basic = by_concept["基本支出"]
    assert basic.value.value == D("370.7425") and basic.parent == doc.claims.index(spend)
    assert by_concept["人员经费"].value.value == D("355.8225")
    assert by_concept["公用经费"].value.value == D("14.92")
    assert by_concept["项目支出"].value.value == D("7287.5")
    assert by_concept["机关运行经费"].value.value == D("14.92")
    three = by_concept["三公经费"]
    assert three.value.value == D("0")
    parts = [c.concept for c in doc.claims if c.parent == doc.claims.index(three)]
    assert parts == ["因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"]
    car = by_concept["公务用车购置及运行维护费"]
    assert [c.concept for c in doc.claims if c.parent == doc.claims.index(car)] == ["公务用车购置费", "公务用车运行维护费"]
    change = [c for c in doc.claims if c.change and c.change.amount and c.change.amount.value == D("1725.132386")]
    assert len(change) == 1 and change[0].change is not None
    assert change[0].change.direction.value == "减少" and change[0].change.against == "2022年"
    assert basic.change is not None and basic.change.amount is not None
    assert basic.change.amount.value == D("0.067614")
    fixed = by_concept["固定资产"]
    assert fixed.value.value == D("526094.10") and fixed.value.unit is Unit.YUAN and fixed.year == 2022


def test_performance_targets(doc: Disclosure) -> None:
    assert [t.project_name for t in doc.targets] == [
        "财政供养公务人员医疗补助", "长期护理险财政补助资金", "城乡居民医疗保险财政补助资金", "城乡居民医疗保险经办机构经费",
        "打击欺诈骗保稽查经费（非税）", "冀财社/2022/172号河北省财政厅关于提前下达2023年省级财政城乡社会保险代办员补助资金的通知",
        "冀财社/2022/218号河北省财政厅河北省医保局关于提前下达2023年中央财政医疗服务与保障能力提升补助资金预算",
        "提高贫困人口医疗保障水平救助", "意外伤害服务费",
    ]
    assert all(t.goals == ["1.目标内容1"] for t in doc.targets)
    assert [len(t.indicators) for t in doc.targets] == [9] * 9
    first = doc.targets[0].indicators
    assert [(i.level1, i.level2, i.level3) for i in first[:3]] == [
        ("产出指标", "数量指标", "医疗保险政策宣传"),
        ("产出指标", "质量指标", "基本医疗保险的征缴"),
        ("产出指标", "时效指标", "基本医疗保险的征缴"),
    ]
    assert (first[0].target.op, first[0].target.number, first[0].target.unit) == ("≥", D("3"), "次")
    assert (first[6].level1, first[6].level2) == ("效益指标", "生态效益指标")
    third = doc.targets[2].indicators
    assert (third[1].target.op, third[1].target.number, third[1].target.unit) == ("=", D("100"), "%")
    assert (third[3].target.op, third[3].target.number, third[3].target.unit) == (None, D("350"), "元/人")
    assert (third[5].level2, third[5].target.number) == ("社会效益指标", D("90"))
    assert third[6].target.number is None and third[6].target.text == "2021年门诊享受待遇人次"
