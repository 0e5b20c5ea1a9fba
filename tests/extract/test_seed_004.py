"""Ground truth for seed 004: 邻水县医疗保障局 2021 部门决算 + 项目绩效自评 (figures in 万元).

Every expected figure below was read off the seed document by hand (line numbers in comments).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract import parse_file
from budgetlens.model import Claim, Direction, Disclosure, DocumentKind, Scope, TableKind, TargetForm, Unit
from tests.conftest import seed_path

D = Decimal

# (project name, 预算数, 执行数, 财政拨款 budget, 财政拨款 executed, 其它资金 budget, 其它资金 executed)
PROJECTS = [
    ("2021年城乡居民医疗保险参保县级匹配资金项目", "4000", "3900.98", "4000", "3900.98", "0", "0"),
    ("2021年离休干部医疗补助项目", "100", "100", "100", "100", "0", "0"),
    ("2021年度贫困人口代缴城乡居民医疗保险项目", "500", "606.19", "500", "606.19", "0", "0"),
    ("2021年医保基金征收及管理项目", "240", "240", "240", "240", "0", "0"),
    ("2021年城乡医疗救助项目", "4693.27", "4693.27", "4693.27", "4693.27", "0", "0"),
    # lines 598 and 1869: the executed 财政拨款 is printed 「365」 where 36.5 is meant; the model keeps 365
    ("2021医疗保障与服务能力提升补助资金项目", "36.5", "36.5", "36.5", "365", "0", "0"),
]

# level1, level2, level3, expected value, actual value (long texts are compared on their first 20 characters)
IND = tuple[str, str, str, str, str]
INDICATORS: list[list[IND]] = [
    [  # lines 180-205 / 1439-1464
        ("项目完成指标", "数量指示", "按2021年参保人数", "4000万元", "3900.98万元"),
        ("项目完成指标", "质量指标", "提高城乡居民实际报销比例", "报销比提高", "报销比提高"),
        ("项目完成指标", "经济效益", "减少基金损失", "保障基金安全", "保障基金安全"),
        ("满意度指标", "服务对象满意度指标", "城乡居民参保满意调查", "提高城乡居民参保满意度", "提高城乡居民参保满意度"),
    ],
    [  # lines 251-301 / 1513-1561; 「社会效益\n\n指标」 is one cell broken across lines
        ("项目完成指标", "数量指标", "保障人数", "21人", "21人"),
        ("项目完成指标", "时效指标", "完成时限", "每年9月底前", "报告解决"),
        ("项目完成指标", "成本指标", "补助金额", "100", "100"),
        ("项目完成指标", "经济效益", "离休干部医保待遇", "离休干部医保待遇提高", "离休干部医保待遇提高"),
        ("项目完成指标", "社会效益指标", "离休干部医疗补助是针对我县高龄离休干部实行的社会保障制度",
         "解决高龄离休干部基本医疗问题，提高高龄离休干部医疗报销水平。", "解决高龄离休干部基本医疗问题，提高高龄离休干部医疗报销水平。"),
        # the level-1 cell is printed 「……」 (line 288 / 1550)
        ("……", "可持续影响指标", "离休干部医疗救助政策的延续的必要性",
         "面对我县离休干部老龄化日益严重的情况，政策的延续有利于维护社会和谐。", "面对我县离休干部老龄化日益严重的情况，政策的延续有利于维护社会和谐。"),
        ("效益指标", "满意度指标", "全县离休干部满意度", "≥85%", "100%"),
    ],
    [  # lines 347-388 / 1610-1651
        ("项目完成指标", "数量指标", "贫困人口参保人数", "7.3393万人", "7.3393万人"),
        ("项目完成指标", "质量指标", "提高贫困人口报销水平", "逐步提高", "逐步提高"),
        ("项目完成指标", "时效指标", "完成时间", "2021年9月底前", "报告签出解决"),
        ("项目完成指标", "成本指标", "代缴标准", "280元*30%", "280*30%"),
        ("项目完成指标", "社会效益指标", "提高贫困人口报销待遇", "为贫困人口减少医疗负担", "为贫困人口减少医疗负担"),
        ("效益指标", "满意度指标", "贫困人口满意度", "大于90%以上", "90%"),
    ],
    [  # lines 434-482 / 1700-1748
        ("项目完成指标", "数量指标", "监督全县协议医疗机构个数", "62", "62"),
        ("项目完成指标", "质量指标", "政策知晓率", "85%以上", "85"),
        ("项目完成指标", "时效指标", "完成时间", "2021年底前", "2021年12月"),
        ("项目完成指标", "成本指标", "宣传资料经费", "18万元", "18万元"),
        ("项目完成指标", "社会效益指标", "对医保工作的促进作用", "健全医保监管", "健全医保监管"),
        ("可持续影响指标", "满意度指标", "保障医保基金稳固", "不超当年总额", "不超当年总额"),
        ("满意度指标", "服务对象满意度指标", "参保群众满意度", "大于85%以上", "90%"),
    ],
    [  # lines 528-576 / 1796-1844
        ("项目完成指标", "数量指标", "全县城乡医疗救助总人数", "7.2万人", "7.2万人"),
        ("项目完成指标", "可持续影响指标", "城乡医疗救助政策的延续的必要性",
         "面对我县城乡医疗救助对象日益严重的情况，政策的延续有利于维护社会和谐。", "面对我县城乡医疗救助对象日益严重的情况，政策的延续有利于维护社会和谐。"),
        ("项目完成指标", "时效指标", "资金拨付时间", "按照医保报销时限内拨付", "按照医保报销时限内拨付"),
        ("项目完成指标", "成本指标", "按照救助标准发放全县医疗救助对象城乡医疗救助", "控制在预算范围内", "控制在预算范围内"),
        ("项目完成指标", "经济效益指标", "城乡医疗救助水平", "提高城乡医疗救助对象医疗报销水平", "提高城乡医疗救助对象医疗报销水平"),
        ("可持续影响指标", "社会效益指标", "城乡医疗救助是针对全县在册城乡医疗救助对象实行的社会保障制度",
         "解决城乡医疗救助对象医疗救助问题，提高全县城乡医疗救助对象生活质量。",
         "解决城乡医疗救助对象医疗救助问题，提高全县城乡医疗救助对象生活质量。"),
        ("满意度指标", "服务对象满意度指标", "全县城乡医疗救助对象满意度", "≥85%", "88"),
    ],
    [  # lines 622-668 / 1893-1939
        ("项目完成指标", "数量指标", "开展全县医保政策宣传活动次数", "2次", "2次"),
        ("项目完成指标", "数量指标", "定点医药机构监督检查覆盖率", "100%", "100%"),
        ("项目完成指标", "时效指标", "参加市局信息化建设工作专班", "不少于30天", "不少于30天"),
        ("项目完成指标", "时效指标", "医保信息系统适应性改造", "规定时限完成", "规定时限完成"),
        ("项目完成指标", "社会效益指标", "医保经办服务信息化支撑能力", "明显增强", "明显增强"),
        ("可持续影响指标", "社会效益指标", "参保群众政策知晓率", "普遍知晓", "普遍知晓"),
        ("满意度指标", "服务对象满意度指标", "参保人员对医保服务的满意度", "》=90%", "93"),
    ],
]
FIRST_LINES = [[182, 189, 196, 203], [1441, 1448, 1455, 1462]]  # the line of each indicator's 三级指标 cell


@pytest.fixture(scope="module")
def doc() -> Disclosure:
    return parse_file(seed_path("004"))


def _claim(doc: Disclosure, subject: str, raw: str, line: int | None = None) -> Claim:
    found = [c for c in doc.claims if c.subject == subject and c.value.raw == raw
             and (line is None or (c.value.where is not None and c.value.where.line == line))]
    assert len(found) == 1, (subject, raw, [(c.subject, c.value.raw) for c in doc.claims])
    return found[0]


def _parts(doc: Disclosure, claim: Claim) -> list[Claim]:
    index = doc.claims.index(claim)
    return [c for c in doc.claims if c.parent == index]


def _pct(claim_pct: object) -> str | None:
    return getattr(claim_pct, "raw", None)


def test_metadata(doc: Disclosure) -> None:
    assert doc.entity.name == "邻水县医疗保障局"
    assert doc.entity.code == "501504"
    assert doc.year == 2021
    assert doc.kind is DocumentKind.FINAL
    assert doc.scope is Scope.DEPARTMENT
    assert doc.unit is Unit.WAN


def test_totals_and_change(doc: Disclosure) -> None:
    income = _claim(doc, "收入总计", "7147.37万元")  # line 15
    assert (income.concept, income.year, income.value.unit) == ("收入总计", 2021, Unit.WAN)
    assert income.change is not None and income.change.direction is Direction.DOWN
    assert income.change.amount is not None and income.change.amount.value == D("1153.57")
    assert income.change.percent is not None and (income.change.percent.value, income.change.percent.decimals) == (
        D("13.9"), 1)
    expense = _claim(doc, "支出总计", "7147.37万元")
    assert expense.change is not None and expense.change.amount is not None
    assert (expense.change.direction, expense.change.amount.value) == (Direction.DOWN, D("1153.57"))


def test_income_parts_with_shares(doc: Disclosure) -> None:
    total = _claim(doc, "收入合计", "7113.36万元", line=19)
    assert (total.concept, total.value.value) == ("本年收入合计", D("7113.36"))
    parts = [(c.subject, c.value.value, _pct(c.share)) for c in _parts(doc, total)]
    assert parts == [
        ("一般公共预算财政拨款收入", D("6749.94"), "94.89%"),
        ("政府性基金预算财政拨款收入", D("366.42"), "5.11%"),
        ("上级补助收入", D("0"), "0%"),
        ("事业收入", D("0"), "0%"),
        ("经营收入", D("0"), "0%"),
        ("附属单位上缴收入", D("0"), "0%"),
        ("其他收入", D("0"), "0%"),
    ]
    # as printed the parts sum to 7116.36, not the stated 7113.36 (the checker's job, not ours)
    assert sum(p[1] for p in parts) == D("7116.36")


def test_expense_parts_with_shares(doc: Disclosure) -> None:
    total = _claim(doc, "支出合计", "7147.37万元", line=24)
    assert total.concept == "本年支出合计"
    parts = [(c.subject, c.concept, c.value.value, _pct(c.share)) for c in _parts(doc, total)]
    assert parts[:2] == [("基本支出", "基本支出", D("361.14"), "5.05%"), ("项目支出", "项目支出", D("6786.23"), "94.95%")]
    assert [p[0] for p in parts[2:]] == ["上缴上级支出", "经营支出", "对附属单位补助支出"]


def test_general_budget_expense(doc: Disclosure) -> None:
    c = _claim(doc, "一般公共预算财政拨款支出", "6780.95万元", line=44)
    assert c.concept == "一般公共预算拨款支出"
    assert c.share is not None and (c.share.value, c.share_of) == (D("94.87"), "本年支出合计")
    assert c.change is not None and c.change.direction is Direction.DOWN
    assert c.change.amount is not None and c.change.amount.value == D("506.15")
    assert c.change.percent is not None and c.change.percent.value == D("6.95")
    # line 49: the structure by 类
    structure = _claim(doc, "一般公共预算财政拨款支出", "6780.95万元", line=49)
    assert [(p.subject, p.value.raw, _pct(p.share)) for p in _parts(doc, structure)] == [
        ("一般公共服务支出", "0万元", "0%"), ("教育支出", "0万元", "0%"), ("科学技术支出", "0万元", "0%"),
        ("文化旅游体育与传媒支出", "0万元", "0%"), ("社会保障和就业支出", "2108.87万元", "31.1%"),
        ("卫生健康支出", "4646.36万元", "68.52%"), ("住房保障支出", "25.73万元", "0.38%"),
    ]


def test_classification_paths(doc: Disclosure) -> None:
    total = _claim(doc, "一般公共预算支出", "6780.95万元")  # line 54
    assert total.completion is not None and total.completion.value == D("100")
    assert [(p.path, p.value.value, _pct(p.completion), p.value.where and p.value.where.line)
            for p in _parts(doc, total)] == [
        (["社会保障和就业", "人力资源和社会保障管理事务", "社会保险经办机构"], D("2108.87"), "100%", 55),
        (["卫生健康", "公共卫生", "城乡医疗救助"], D("4646.36"), "100%", 56),
        (["住房保障支出", "住房改革支出", "住房公积金"], D("25.73"), "100%", 57),
    ]


def test_basic_and_project_expense(doc: Disclosure) -> None:
    basic = _claim(doc, "一般公共预算财政拨款基本支出", "361.14万元")  # line 60
    assert [(p.subject, p.concept, p.value.value) for p in _parts(doc, basic)] == [
        ("人员经费", "人员经费", D("313.36")), ("日常公用经费", "公用经费", D("47.78"))]
    project = _claim(doc, "一般公共预算财政拨款项目支出", "6419.81万元")  # line 67
    assert project.concept == "一般公共预算项目支出"


def test_three_public_expenses(doc: Disclosure) -> None:
    first = _claim(doc, "“三公”经费财政拨款", "7.89万元")  # line 74
    assert first.concept == "三公经费"
    assert first.completion is not None and first.completion.value == D("98.63")
    assert first.change is not None and first.change.amount is not None and first.change.percent is not None
    assert (first.change.direction, first.change.amount.value, first.change.percent.value) == (
        Direction.DOWN, D("0.1"), D("1.25"))
    total = _claim(doc, "“三公”经费财政拨款支出", "7.89万元")  # line 78
    shares = [(c.subject, c.concept, c.value.value, _pct(c.share)) for c in _parts(doc, total)
              if c.value.where and c.value.where.line == 79]
    assert shares == [
        ("因公出国（境）费支出决算", "因公出国（境）费", D("0"), "0%"),
        ("公务用车购置及运行维护费支出决算", "公务用车购置及运行维护费", D("5.91"), "74.9%"),
        ("公务接待费支出决算", "公务接待费", D("1.98"), "25.1%"),
    ]
    car = _claim(doc, "公务用车购置及运行维护费支出", "5.91万元")  # line 83: 减少0.08万元，下降1.34%
    assert car.completion is not None and car.completion.value == D("98.5")
    assert car.change is not None and car.change.amount is not None and car.change.percent is not None
    assert (car.change.amount.value, car.change.percent.raw) == (D("0.08"), "1.34%")
    running = _claim(doc, "公务用车运行维护费支出", "5.91万元")  # line 85: the same change, 下降1.33%
    assert running.concept == "公务用车运行维护费"
    assert running.change is not None and running.change.amount is not None and running.change.percent is not None
    assert (running.change.amount.value, running.change.percent.raw) == (D("0.08"), "1.33%")
    reception = _claim(doc, "公务接待费支出", "1.98万元")  # line 87
    assert reception.completion is not None and reception.completion.value == D("99")
    assert reception.change is not None and reception.change.amount is not None
    assert reception.change.amount.value == D("0.02")


def test_running_cost_and_procurement(doc: Disclosure) -> None:
    running = _claim(doc, "邻水县医疗保障局机关运行经费支出", "47.78万元")  # line 101
    assert running.concept == "机关运行经费"
    assert running.change is not None and running.change.amount is not None and running.change.percent is not None
    assert (running.change.direction, running.change.amount.value, running.change.percent.value) == (
        Direction.DOWN, D("138.3"), D("74.32"))
    proc = _claim(doc, "邻水县医疗保障局政府采购支出总额", "2.92万元")  # line 105
    assert proc.concept == "政府采购"
    assert [(p.subject, p.value.value) for p in _parts(doc, proc)] == [
        ("政府采购货物支出", D("2.92")), ("政府采购工程支出", D("0")), ("政府采购服务支出", D("0"))]
    sme = _claim(doc, "授予中小企业合同金额", "2.92万元")
    assert sme.share is not None and (sme.share.value, sme.share_of) == (D("100"), "政府采购")


def test_other_budget_claims(doc: Disclosure) -> None:
    fund = _claim(doc, "政府性基金预算拨款支出", "366.42万元")  # line 93
    assert fund.year == 2021
    capital = _claim(doc, "国有资本经营预算拨款支出", "0万元")  # line 97
    assert capital.concept == "国有资本经营预算拨款支出"


def test_fund_allocation_table(doc: Disclosure) -> None:
    [t] = doc.tables
    assert (t.kind, t.title, t.unit) == (TableKind.FUND_ALLOCATION, "2021年城乡医疗救助中省资金分配表", Unit.WAN)
    [row] = t.rows
    assert row.name == "邻水县" and row.where and row.where.line == 1095
    assert {k: v.raw for k, v in row.values.items()} == {
        "合计": "4672.27",
        "中央财政": "3841.79", "中央财政一般公共预算": "3560.87", "中央财政彩票公益金": "280.92",
        "省级财政": "830.48", "省级财政一般公共预算": "744.98", "省级财政彩票公益金": "85.5",
    }


def test_self_evaluation_tables(doc: Disclosure) -> None:
    assert len(doc.targets) == 12
    assert sum(len(t.indicators) for t in doc.targets) == 76
    assert [t.title for t in doc.targets] == [
        "项目支出绩效目标完成情况表", *["项目绩效目标完成情况表"] * 5, *["2021年部门预算项目绩效目标自评表"] * 6]
    for i, t in enumerate(doc.targets):
        name, budget, executed, fiscal, fiscal_exec, other, other_exec = PROJECTS[i % 6]
        assert t.form is TargetForm.PROJECT_SELF_EVAL
        assert (t.project_name, t.department, t.department_code, t.unit) == (name, "邻水县医疗保障局", "501504", Unit.WAN)
        got = [a.raw if a else None for a in (t.total, t.executed, t.fiscal, t.fiscal_executed, t.other, t.other_executed)]
        assert got == [budget, executed, fiscal, fiscal_exec, other, other_exec]
        assert t.total is not None and t.total.value == D(budget) and t.total.unit is Unit.WAN


def test_self_evaluation_printed_365(doc: Disclosure) -> None:
    for t in (doc.targets[5], doc.targets[11]):
        assert t.fiscal is not None and t.fiscal_executed is not None and t.executed is not None
        assert (t.fiscal.value, t.executed.value, t.fiscal_executed.value) == (D("36.5"), D("36.5"), D("365"))
    assert doc.targets[5].fiscal_executed and doc.targets[5].fiscal_executed.where
    assert doc.targets[5].fiscal_executed.where.line == 598


def test_self_evaluation_goals(doc: Disclosure) -> None:
    first = doc.targets[0]
    assert first.goals == ["足额及时拨付2021年城乡居民医疗保险参保县级匹配资金。"]
    assert first.actual_goals == ["已足额据实结算2021年城乡居民医疗保险参保县级匹配资金。"]
    second = doc.targets[7]
    assert second.goals == second.actual_goals == ["保障全县21名离休干部看病就医实报实销，及时兑付，有力保障了离休干部的医疗待遇。"]


@pytest.mark.parametrize("index", range(12))
def test_self_evaluation_indicators(doc: Disclosure, index: int) -> None:
    t = doc.targets[index]
    got = [(i.level1, i.level2, i.level3[:20], i.target.raw, i.actual.raw[:20] if i.actual else None)
           for i in t.indicators]
    assert got == [(a, b, c[:20], d, e[:20]) for a, b, c, d, e in INDICATORS[index % 6]]


def test_indicator_values_parsed(doc: Disclosure) -> None:
    first = doc.targets[0].indicators[0]
    assert (first.target.number, first.target.unit) == (D("4000"), "万元")
    assert first.actual is not None and (first.actual.number, first.actual.unit) == (D("3900.98"), "万元")
    sat = doc.targets[1].indicators[-1]
    assert (sat.target.op, sat.target.number, sat.target.unit) == ("≥", D("85"), "%")
    assert sat.actual is not None and (sat.actual.number, sat.actual.unit) == (D("100"), "%")
    above = doc.targets[3].indicators[1]  # 「85%以上」 → ≥ 85 %; actual printed 「85」 without unit
    assert (above.target.op, above.target.number, above.target.unit) == ("≥", D("85"), "%")
    assert above.actual is not None and (above.actual.number, above.actual.unit) == (D("85"), None)
    wide = doc.targets[5].indicators[-1]  # 「》=90%」
    assert (wide.target.op, wide.target.number, wide.target.unit) == ("≥", D("90"), "%")
    formula = doc.targets[2].indicators[3]  # 「280元*30%」 is a formula, not the quantity 280
    assert (formula.target.number, formula.target.text) == (None, "280元*30%")
    assert formula.actual is not None and formula.actual.number is None
    assert [[i.where.line if i.where else None for i in doc.targets[k].indicators] for k in (0, 6)] == FIRST_LINES



def test_three_public_sub_items_parents(doc: Disclosure) -> None:
    car = _claim(doc, "公务用车购置及运行维护费支出", "5.91万元")  # line 83
    buy = _claim(doc, "公务用车购置支出", "0万元")  # line 84 「其中：公务用车购置支出0万元」
    run = _claim(doc, "公务用车运行维护费支出", "5.91万元")  # line 85
    assert buy.parent == run.parent == doc.claims.index(car)
    total = _claim(doc, "“三公”经费财政拨款支出", "7.89万元")
    reception = _claim(doc, "公务接待费支出", "1.98万元")  # line 87 「3.公务接待费支出1.98万元」, sibling of 1. and 2.
    assert reception.parent == doc.claims.index(total)
