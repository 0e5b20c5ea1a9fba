"""Ground truth for seed 000: 隆尧县医疗保障局 2020 部门预算 (narrative in 万元, target tables in 元).

Every expected figure below was read off the seed document by hand (line numbers in comments).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract import parse_file
from budgetlens.extract.holdings import build_assets
from budgetlens.model import Claim, Disclosure, DocumentKind, PerformanceTarget, Scope, TableKind, TargetForm, Unit
from budgetlens.read import read_file
from budgetlens.read.blocks import Grid
from tests.conftest import seed_path

D = Decimal

# (project, project budget, item, catalog code, measure, quantity, unit price, amount) — lines 868-1044, 万元
PROCUREMENT = [
    ("城乡居民基本医疗保险经费", "64.00", "台式计算机", "A02010104", "台", "5.00", "0.40", "2.00"),
    ("城乡居民基本医疗保险经费", "64.00", "激光打印机", "A0201060102", "台", "5.00", "0.16", "0.80"),
    ("城乡居民基本医疗保险经费", "64.00", "投影仪", "A020202", "台", "1.00", "0.40", "0.40"),
    ("城乡居民基本医疗保险经费", "64.00", "空调机", "A0206180203", "台", "10.00", "0.20", "2.00"),
    ("城乡居民基本医疗保险经费", "64.00", "木制台、桌类", "A060205", "张", "20.00", "0.08", "1.60"),
    ("城乡居民基本医疗保险经费", "64.00", "其他椅凳类", "A060399", "个", "60.00", "0.05", "3.00"),
    ("城乡居民基本医疗保险经费", "64.00", "金属质柜类", "A060503", "个", "10.00", "0.08", "0.80"),
    ("城乡居民基本医疗保险经费", "64.00", "空调机", "A0206180203", "台", "2.00", "0.50", "1.00"),
    ("城乡居民基本医疗保险经费", "64.00", "木制台、桌类", "A060205", "张", "1.00", "1.40", "1.40"),
    ("城乡居民基本医疗保险经费", "64.00", "其他办公消耗用品及类似物品", "A0999", "批", "1.00", "3.00", "3.00"),
    ("城乡居民基本医疗保险经费", "64.00", "其他印刷服务", "C08140199", "批", "1.00", "11.00", "11.00"),
    ("城乡居民基本医疗保险经费", "64.00", "邮政服务", "C081901", "次", "2.00", "0.50", "1.00"),
    ("日常公用经费", "7.60", "其他办公消耗用品及类似物品", "A0999", "批", "1.00", "2.28", "2.28"),
]

LZ = "隆政字[2019]25号文件"
HJ = "以户籍人口为基数计算的医保综合参保率"
B4 = "(一)农村建档立卡贫困人口；(二)特困供养人员；(三)最低生活保障家庭成员；"
DISABLED = "因年老、疾病、伤残等导致人身某些功能全部或部分丧失，长期生活无法自理人次比例"
ONE_STOP = "“一站式”即时结算覆盖地区"
COVER = "贫困人口、低保、特困等重点救助对象全覆盖"
RESCUE = "应保尽保重特大疾病医疗救助人次占直接救助人次比例"
RESCUE_SAT = "接受救助服务的重点人群对服务的满意程度"
CARE_SAT = "接受长期护理险人群对基层医疗卫生机构所提供服务的满意程度"

# Indicator rows: level1, level2, level3, description, target as printed, op, number, unit, basis
Ind = tuple[str, str, str, str, str, str | None, str | None, str | None, str | None]
CARE: list[Ind] = [
    ("产出指标", "数量指标", DISABLED, DISABLED, "≥30百分比", "≥", "30", "%", LZ),
    ("产出指标", "质量指标", "长期护理险待遇享受比例", "长期护理险待遇享受比例", "≥90百分比", "≥", "90", "%", LZ),
]
INSURED: list[Ind] = [
    ("产出指标", "数量指标", "参保率", HJ, "≥93百分比", "≥", "93", "%", HJ),
    ("效果指标", "可持续影响指标", "长期使用性", "对健全医疗保障体系的作用", "成效明显", None, None, None, "医保政策宣传"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "群众对参保的整体满意度", "≥95百分比", "≥", "95", "%", "医保政策"),
]

# (number in title, project code, project name, 预算数 = 财政资金 in 元, purpose, plan, goal, indicators)
TARGETS: list[tuple[int, str, str, str, str, list[str | None], str, list[Ind]]] = [
    (1, "322-0101-JXN-Z1LI", "城乡居民基本医疗保险护理县配套", "3528000.00", "解决失能人员长期护理保障问题",
     ["20.00", "50.00", "80.00", "100.00"], "1、坚持以人为本，着力解决失能人员长期护理保障问题", [
         *CARE,
         ("效果指标", "社会效益指标", "长期护理险对象覆盖范围", "长期护理险对象覆盖范围", "提高失能人员生活质量逐步扩大",
          None, None, None, LZ),
         ("满意度指标", "服务对象满意度指标", "服务对象满意度", CARE_SAT, "≥95百分比", "≥", "95", "%", LZ),
     ]),
    (2, "322-0101-JXN-YGQH", "城乡居民基本医疗保险经费", "640000.00", "用于保障基本医疗保险业务正常开展",
     ["20.00", "50.00", "80.00", "100.00"], "1、保障基本医疗保险业务正常开展", [
         # the 指标值 column holds text and the 依据 column the figure: as printed (lines 205-210)
         ("产出指标", "质量指标", "业务开展", "保障业务正常开展", "业务正常开展", None, None, None, "1.5元/人/年"),
         ("效果指标", "社会效益指标", "政策宣传", "政策知晓率", "≥98百分比", "≥", "98", "%", "医保政策宣传"),
         ("效果指标", "社会效益指标", "医保参保", "医保参保率", "≥93百分比", "≥", "93", "%", "参保人数"),
         ("效果指标", "可持续影响指标", "长期使用性", "健全医疗保障制度体系的作用", "成效明显", None, None, None, None),
         ("满意度指标", "服务对象满意度指标", "参保对象满意度", "参保对象满意数量占总数的比例", "≥95百分比", "≥", "95", "%",
          "医保政策"),
     ]),
    (3, "322-0101-JXN-R045", "城乡居民基本医疗保险县配套", "55440000.00", "用于城乡居民基本医疗保险补助",
     ["20.00", "50.00", "80.00", "100.00"], "1、保障城乡居民享受基本医疗保险", INSURED),
    (4, "322-0101-JXN-8E6Z", "城乡医疗保障救助县配套（建档立卡户8638人，免医疗250元，21.595（10%）", "1550000.00", "",
     ["20.00", "50.00", "80.00", "100.00"], "1、建档立卡贫困户应保尽保", [
         ("产出指标", "数量指标", "救助比例", RESCUE, "≥28百分比", "≥", "28", "%", B4),
         ("效果指标", "可持续影响指标", "长期使用性", "对健全社会救助体系的影响", "成效明显", None, None, None, B4),
         ("满意度指标", "服务对象满意度指标", "服务对象满意度", RESCUE_SAT, "≥85百分比", "≥", "85", "%", B4),
     ]),
    (5, "322-0101-JXN-T783", "冀财社[2019]101号/省级医疗救助资金", "4380000.00", "用于医保结算后的大病救助",
     ["20.00", "50.00", "80.00", "100.00"], "1、应保尽保重特大疾病医疗救助", [
         # the number is missing in the source: only the unit word is printed (line 428)
         ("产出指标", "数量指标", "救助比例", RESCUE, "百分比", None, None, None, "参保人数"),
         ("产出指标", "时效指标", "完成率", ONE_STOP, "不低于上年", "≥", None, None, "上年指标"),
         ("效果指标", "社会效益指标", "医疗救助对象覆盖范围", COVER, "其他困难群体逐步扩大", None, None, None, "参保人数"),
         ("效果指标", "可持续影响指标", "长期使用性", "对健全社会救助体系的影响", "成效明显", None, None, None, "医保政策宣传"),
         ("满意度指标", "服务对象满意度指标", "服务对象满意度", RESCUE_SAT, "≥85百分比", "≥", "85", "%", "医保政策"),
     ]),
    (6, "322-0101-JXN-B6XY", "冀财社[2019]105号/省级城乡居民基本医疗保险村级代办员补助资金", "70000.00",
     "用于对城乡居民医保村级代办员补助", [None, None, None, "100.00"], "1、完成医保基金征缴", [
         ("产出指标", "数量指标", "参保人数", "参保人员征缴", "不低于上年", "≥", None, None, "2019年参保人数"),
         ("产出指标", "质量指标", HJ, HJ, "≥93百分比", "≥", "93", "%", HJ),
         ("效果指标", "可持续影响指标", "长期使用性", "对健全医疗保障体系的作用", "成效明显", None, None, None, "医保政策宣传"),
         ("满意度指标", "服务对象满意度指标", "群众满意度", "代办员对当年医保征缴的满意度", "≥98百分比", "≥", "98", "%", HJ),
     ]),
    (7, "322-0101-JXN-YNM5", "冀财社[2019]114号/中央财政城乡居民基本医保财政补助资金", "161230000.00",
     "用于城乡居民基本医疗保险补助", ["20.00", "50.00", "80.00", "100.00"], "1、保障城乡居民享受基本医疗保险", INSURED),
    (8, "322-0101-JXN-C25S", "冀财社[2019]116号/中央财政医疗救助补助资金", "3510000.00", "用于医保结算后的大病救助",
     ["20.00", "50.00", "80.00", "100.00"], "1、应保尽保重特大疾病医疗救助", [
         ("产出指标", "数量指标", "救助比例", RESCUE, "≥28百分比", "≥", "28", "%", "参保人数"),
         ("产出指标", "时效指标", "完成率", ONE_STOP, "不低于上年", "≥", None, None, "上年指标"),
         ("效果指标", "社会效益指标", "医疗救助对象覆盖范围", COVER, "其他困难群体逐步扩大", None, None, None, "参保人数"),
         ("效果指标", "可持续影响指标", "长期使用性", "对健全社会救助体系的影响", "成效明显", None, None, None, "医保政策宣传"),
         ("满意度指标", "服务对象满意度指标", "服务对象满意度", RESCUE_SAT, "≥85百分比", "≥", "85", "%", "参保人数"),
     ]),
    (9, "322-0101-JXN-2IW1", "冀财社[2019]93号/城乡居民基本医疗保险省级补助资金（第二批）", "65720000.00",
     "用于城乡居民基本医疗保险补助", ["20.00", "50.00", "80.00", "100.00"], "1、保障城乡居民享受基本医疗保险", [
         ("产出指标", "数量指标", "参保率", HJ, "≥93百分比", "≥", "93", "%", HJ),
         ("效果指标", "可持续影响指标", "长期使用性", "对健全医疗保障体系的作用", "成效明显", None, None, None, HJ),
         ("满意度指标", "服务对象满意度指标", "群众满意度", "群众对参保的整体满意度", "≥95百分比", "≥", "95", "%", HJ),
     ]),
    (10, "322-0101-JXN-FQMK", "职工医保长期护理险", "80000.00", "解决失能人员长期护理保障问题",
     ["20.00", "50.00", "80.00", "100.00"], "1、坚持以人为本，着力解决失能人员长期护理保障问题", [
         *CARE,
         ("效果指标", "社会效益指标", "长期护理险对象覆盖范围", "长期护理险对象覆盖范围", "逐步扩大", None, None, None, LZ),
         ("满意度指标", "服务对象满意度指标", "服务对象满意度", CARE_SAT, "≥95百分比", "≥", "95", "%", LZ),
     ]),
]


@pytest.fixture(scope="module")
def doc() -> Disclosure:
    return parse_file(seed_path("000"))


def _claim(doc: Disclosure, subject: str, raw: str) -> Claim:
    found = [c for c in doc.claims if c.subject == subject and c.value.raw == raw]
    assert len(found) == 1, (subject, raw, [(c.subject, c.value.raw) for c in doc.claims])
    return found[0]


def _parent(doc: Disclosure, claim: Claim) -> str | None:
    return doc.claims[claim.parent].subject if claim.parent is not None else None


def test_metadata(doc: Disclosure) -> None:
    assert doc.entity.name == "隆尧县医疗保障局"
    assert doc.entity.code == "322002"
    assert doc.year == 2020
    assert doc.kind is DocumentKind.BUDGET
    assert doc.scope is Scope.DEPARTMENT
    assert doc.unit is Unit.WAN  # both standard tables are in 万元
    assert doc.title == "2020年部门预算信息公开情况说明"


def test_table_inventory(doc: Disclosure) -> None:
    assert [(t.kind, t.title, len(t.rows), t.unit) for t in doc.tables] == [
        (TableKind.PROCUREMENT, "部门政府采购预算", 14, Unit.WAN),  # 小计 + 13 lines
        (TableKind.ASSETS, "隆尧县县直部门固定资产占用情况表", 6, Unit.WAN),
    ]


def test_organisation(doc: Disclosure) -> None:
    assert [(o.name, o.nature, o.rank, o.funding) for o in doc.organization] == [
        ("综合办公室", "行政", "股级", "财政拨款"),
        ("基金监管股", "行政", "股级", "财政拨款"),
    ]


def test_procurement(doc: Disclosure) -> None:
    p = doc.procurement
    assert p is not None and p.unit is Unit.WAN
    assert p.total is not None and (p.total.value, p.total.decimals, p.total.where and p.total.where.line) == (
        D("30.28"), 2, 861)
    got = [
        (i.project, i.project_budget.raw if i.project_budget else None, i.item, i.catalog_code, i.measure,
         str(i.quantity), i.unit_price.raw if i.unit_price else None, i.amount.raw if i.amount else None)
        for i in p.items
    ]
    assert got == PROCUREMENT
    for item, expected in zip(p.items, PROCUREMENT, strict=True):
        assert item.amount is not None and item.amount.unit is Unit.WAN
        assert item.amount.value == D(expected[7])
        # every line is funded from 一般公共预算拨款 only, with the same figure as its 合计
        assert {k: v.value for k, v in item.funding.items()} == {"一般公共预算": D(expected[7])}
    # the printed 小计 agrees with the lines
    assert sum(D(row[7]) for row in PROCUREMENT) == D("30.28")


def test_assets(doc: Disclosure) -> None:
    a = doc.assets
    assert a is not None and a.unit is Unit.WAN
    assert a.total is not None and a.total.value == D("3.12") and a.total.where and a.total.where.line == 1066
    assert [(i.name, i.quantity, i.value.value if i.value else None) for i in a.items] == [
        ("房屋（平方米）", None, None),
        ("办公用房（平方米）", None, None),
        ("车辆（台、辆）", None, None),
        ("单价在20万元以上设备", None, None),
        ("其他固定资产", None, D("3.12")),
    ]


def test_assets_as_of_from_the_header_row() -> None:
    """「截止时间：2019年12月31日」sits in a header row of the grid (line 1058), not in the title."""
    path = seed_path("000")
    result = read_file(path)
    grid = next(b for b in result.blocks if isinstance(b, Grid) and b.line == 1055)
    table = parse_file(path).table(TableKind.ASSETS)
    assert table is not None
    assert build_assets(table, grid).as_of == "2019年12月31日"


def test_claims_income_and_expense(doc: Disclosure) -> None:
    # line 44
    income = _claim(doc, "预算收入", "29786.48万元")
    assert (income.concept, income.year, income.value.value, income.value.unit) == (
        "本年收入合计", 2020, D("29786.48"), Unit.WAN)
    parts = [c for c in doc.claims if c.parent == doc.claims.index(income)]
    assert [(c.subject, c.value.value) for c in parts] == [
        ("一般公共预算收入", D("29786.48")), ("基金预算收入", D("0")), ("财政专户核拨收入", D("0")),
        ("其他来源收入", D("0")),
    ]
    # line 46
    total = _claim(doc, "支出预算", "29786.48万元")
    assert (total.concept, total.year) == ("本年支出合计", 2020)
    basic = _claim(doc, "基本支出", "171.67万元")
    project = _claim(doc, "项目支出", "29614.8万元")
    assert _parent(doc, basic) == _parent(doc, project) == "支出预算"
    assert (basic.concept, project.concept, project.value.decimals) == ("基本支出", "项目支出", 1)
    staff = _claim(doc, "人员经费", "164.07万元")
    public = _claim(doc, "日常公用经费", "7.6万元")
    assert (staff.concept, public.concept) == ("人员经费", "公用经费")
    assert _parent(doc, staff) == _parent(doc, public) == "基本支出"


def test_claims_project_parts(doc: Disclosure) -> None:
    project_index = doc.claims.index(_claim(doc, "项目支出", "29614.8万元"))
    parts = {(c.subject, c.value.raw) for c in doc.claims if c.parent == project_index}
    assert parts >= {
        ("城乡居民基本医疗保险护理县配套支出", "352.8万元"),
        ("城乡居民基本医疗保险经费支出", "64万元"),
        ("城乡居民基本医疗保险县配套支出", "5544万元"),
        ("冀财社[2019]101号/省级医疗救助资金支出", "438万元"),
        ("冀财社[2019]105号/省级城乡居民基本医疗保险村级代办员补助资金支出", "7万元"),
        # printed 6123 (the project table says 161230000.00 元 = 16123 万元: a digit is dropped in the prose)
        ("冀财社[2019]114号/中央财政城乡居民基本医保财政补助资支出金", "6123万元"),
        ("冀财社[2019]116号/中央财政医疗救助补助资金支出", "351万元"),
        ("冀财社[2019]93号/城乡居民基本医疗保险省级补助资金（第二批）支出", "6572万元"),
        ("职工医保长期护理险支出", "8万元"),
        ("其他支出", "0万元"),
    }
    d6123 = _claim(doc, "冀财社[2019]114号/中央财政城乡居民基本医保财政补助资支出金", "6123万元")
    assert (d6123.value.value, d6123.value.unit, d6123.value.where and d6123.value.where.line) == (
        D("6123"), Unit.WAN, 46)



def test_claims_project_part_with_figures_in_its_name(doc: Disclosure) -> None:
    project_index = doc.claims.index(_claim(doc, "项目支出", "29614.8万元"))
    parts = [(c.subject, c.value.raw) for c in doc.claims if c.parent == project_index]
    assert ("城乡医疗保障救助县配套（建档立卡户8638人，免医疗250元，21.595（10%）支出", "155万元") in parts
    assert not [c for c in doc.claims if c.value.raw == "250元"]


def test_claims_other_sections(doc: Disclosure) -> None:
    running = _claim(doc, "机关运行经费", "7.6万元")  # line 48
    assert (running.concept, running.value.value, running.value.decimals) == ("机关运行经费", D("7.6"), 1)
    three = _claim(doc, "财政拨款“三公”经费", "0.5万元")  # line 50
    assert three.concept == "三公经费"
    parts = [c for c in doc.claims if c.parent == doc.claims.index(three)]
    assert [(c.subject, c.concept, c.value.value) for c in parts] == [
        ("因公出国（境）费", "因公出国（境）费", D("0")),
        ("公务用车购置及运维费", "公务用车购置及运行维护费", D("0")),
        ("公务接待费", "公务接待费", D("0.5")),
    ]
    reception = parts[2]
    assert reception.change is not None and reception.change.direction.value == "增加"
    assert reception.change.amount is not None and reception.change.amount.value == D("0.5")
    procurement = _claim(doc, "安排政府采购预算", "30.28万元")  # line 827
    assert procurement.concept == "政府采购"
    assets = _claim(doc, "隆尧县医疗保障局2019年末固定资产金额", "3.12万元")  # line 1054
    assert (assets.concept, assets.year) == ("固定资产", 2019)
    planned = _claim(doc, "拟购置固定资产", "30.28万元")
    assert planned.value.value == D("30.28")


def test_performance_targets(doc: Disclosure) -> None:
    assert len(doc.targets) == 10
    assert sum(len(t.indicators) for t in doc.targets) == 39
    for t, (number, code, name, amount, purpose, plan, goal, _) in zip(doc.targets, TARGETS, strict=True):
        assert t.form is TargetForm.PROJECT
        assert t.title.startswith(f"{number}、") and t.title.endswith("绩效目标表")
        assert (t.project_code, t.project_name, t.unit) == (code, name, Unit.YUAN)
        assert t.total is not None and t.fiscal is not None
        assert (t.total.value, t.total.raw, t.fiscal.value, t.other) == (D(amount), amount, D(amount), None)
        if purpose:
            assert t.purpose == purpose
        assert [s.label for s in t.spending_plan] == ["3月底", "6月底", "10月底", "12月底"]
        assert [s.percent.raw if s.percent else None for s in t.spending_plan] == plan
        assert t.goals == [goal]


def test_target_department_line(doc: Disclosure) -> None:
    """Each target table opens with the unlabeled line 「322002隆尧县医疗保障局」 (e.g. line 87)."""
    assert {(t.department, t.department_code) for t in doc.targets} == {("隆尧县医疗保障局", "322002")}


def test_target_4_purpose_spans_two_lines(doc: Disclosure) -> None:
    purpose = doc.targets[3].purpose or ""
    assert purpose.startswith(B4)  # line 329
    assert "\n(四)低收入家庭（是指未纳入最低生活保障范围" in purpose  # line 330
    assert purpose.endswith("超过家庭前12个月总收入50%以上的）。")


@pytest.mark.parametrize("index", range(10))
def test_target_indicators(doc: Disclosure, index: int) -> None:
    t: PerformanceTarget = doc.targets[index]
    got = [
        (i.level1, i.level2, i.level3, i.description, i.target.raw, i.target.op,
         None if i.target.number is None else str(i.target.number), i.target.unit, i.basis)
        for i in t.indicators
    ]
    assert got == TARGETS[index][7]
    assert all(i.actual is None for i in t.indicators)


def test_first_indicator_numbers(doc: Disclosure) -> None:
    first = doc.targets[0].indicators[0]
    assert (first.target.op, first.target.number, first.target.unit) == ("≥", D("30"), "%")
    assert first.where is not None and first.where.line == 132


def test_every_target_table_heading_is_a_section(doc: Disclosure) -> None:
    # the ten project target tables of 第二部分, including the three whose long titles carry the
    # project's full name (lines 311, 462, 687)
    heads = [(s.where.line, s.title.split("、")[0]) for s in doc.sections if s.title.endswith("绩效目标表")]
    assert heads == [(86, "1"), (161, "2"), (243, "3"), (311, "4"), (380, "5"), (462, "6"), (537, "7"),
                     (605, "8"), (687, "9"), (755, "10")]
    assert all(s.level == 2 for s in doc.sections if s.title.endswith("绩效目标表"))
    assert len(doc.sections) == 26
