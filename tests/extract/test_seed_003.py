"""Ground truth for seed 003: 麟游县医疗保障经办机构 2024 单位预算 (tab-separated rows, thousands separators).

Every expected figure below was read off the seed document by hand.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract import parse_file
from budgetlens.model import Disclosure, DocumentKind, Scheme, Scope, Side, Table, TableKind, TargetForm, Unit
from tests.conftest import seed_path

D = Decimal
FUNCTION, DEPT, GOV = Scheme.FUNCTION.value, Scheme.ECON_DEPT.value, Scheme.ECON_GOV.value

TABLE5 = [  # code, name, 合计, 人员经费, 公用经费, 项目支出(专项业务经费)
    (None, "合计", "3,488,570.00", "1,289,710.00", "116,700.00", "2,082,160.00"),
    ("208", "社会保障和就业支出", "229,650.00", "229,650.00", None, None),
    ("20805", "行政事业单位养老支出", "227,870.00", "227,870.00", None, None),
    ("2080505", "机关事业单位基本养老保险缴费支出", "129,320.00", "129,320.00", None, None),
    ("2080506", "机关事业单位职业年金缴费支出", "98,550.00", "98,550.00", None, None),
    ("20899", "其他社会保障和就业支出", "1,780.00", "1,780.00", None, None),
    ("2089999", "其他社会保障和就业支出", "1,780.00", "1,780.00", None, None),
    ("210", "卫生健康支出", "3,158,560.00", "959,700.00", "116,700.00", "2,082,160.00"),
    ("21011", "行政事业单位医疗", "73,720.00", "73,720.00", None, None),
    ("2101101", "行政单位医疗", "52,840.00", "52,840.00", None, None),
    ("2101103", "公务员医疗补助", "20,880.00", "20,880.00", None, None),
    ("21015", "医疗保障管理事务", "3,084,840.00", "885,980.00", "116,700.00", "2,082,160.00"),
    ("2101506", "医疗保障经办事务", "2,932,680.00", "885,980.00", "116,700.00", "1,930,000.00"),
    ("2101599", "其他医疗保障管理事务支出", "152,160.00", None, None, "152,160.00"),
    ("221", "住房保障支出", "100,360.00", "100,360.00", None, None),
    ("22102", "住房改革支出", "100,360.00", "100,360.00", None, None),
    ("2210201", "住房公积金", "100,360.00", "100,360.00", None, None),
]
TABLE6 = [  # 部门经济 code, name, 政府经济 code, name, 合计, 人员经费, 公用经费, 项目支出
    (None, "合计", None, None, "3,488,570.00", "1,289,710.00", "116,700.00", "2,082,160.00"),
    ("301", "工资福利支出", None, None, "1,258,830.00", "1,258,830.00", None, None),
    ("30101", "基本工资", "50101", "工资奖金津补贴", "875,980.00", "875,980.00", None, None),
    ("30108", "机关事业单位基本养老保险缴费", "50102", "社会保障缴费", "129,320.00", "129,320.00", None, None),
    ("30109", "职业年金缴费", "50102", "社会保障缴费", "98,550.00", "98,550.00", None, None),
    ("30110", "职工基本医疗保险缴费", "50102", "社会保障缴费", "52,840.00", "52,840.00", None, None),
    ("30112", "其他社会保障缴费", "50102", "社会保障缴费", "1,780.00", "1,780.00", None, None),
    ("30113", "住房公积金", "50103", "住房公积金", "100,360.00", "100,360.00", None, None),
    ("302", "商品和服务支出", None, None, "256,700.00", None, "116,700.00", "140,000.00"),
    ("30201", "办公费", "50201", "办公经费", "39,000.00", None, "39,000.00", None),
    ("30207", "邮电费", "50201", "办公经费", "1,500.00", None, "1,500.00", None),
    ("30216", "培训费", "50203", "培训费", "5,000.00", None, "5,000.00", None),
    ("30217", "公务接待费", "50206", "公务接待费", "1,000.00", None, "1,000.00", None),
    ("30239", "其他交通费用", "50201", "办公经费", "70,200.00", None, "70,200.00", None),
    ("30299", "其他商品和服务支出", "50299", "其他商品和服务支出", "140,000.00", None, None, "140,000.00"),
    ("303", "对个人和家庭的补助", None, None, "30,880.00", "30,880.00", None, None),
    ("30305", "生活补助", "50901", "社会福利和救助", "10,000.00", "10,000.00", None, None),
    ("30399", "其他对个人和家庭的补助", "50999", "其他对个人和家庭的补助", "20,880.00", "20,880.00", None, None),
    ("313", "对社会保障基金补助", None, None, "1,942,160.00", None, None, "1,942,160.00"),
    ("31302", "对社会保险基金补助", "51002", "对社会保险基金补助", "1,942,160.00", None, None, "1,942,160.00"),
]


@pytest.fixture(scope="module")
def doc() -> Disclosure:
    return parse_file(seed_path("003"))


def _raw(table: Table, i: int, key: str) -> str | None:
    amount = table.rows[i].values.get(key)
    return amount.raw if amount else None


def test_metadata(doc: Disclosure) -> None:
    assert doc.entity.name == "麟游县医疗保障经办机构"
    assert doc.entity.code is None
    assert (doc.year, doc.kind, doc.scope, doc.unit) == (2024, DocumentKind.BUDGET, Scope.UNIT, Unit.YUAN)


def test_table_inventory(doc: Disclosure) -> None:
    assert [(t.number, t.kind, len(t.rows)) for t in doc.tables] == [
        ("表4", TableKind.FISCAL_SUMMARY, 74),
        ("表5", TableKind.GENERAL_EXPENSE, 17),
        ("表6", TableKind.GENERAL_EXPENSE_ECON, 20),
        ("表7", TableKind.BASIC_EXPENSE, 16),
        (None, TableKind.BASIC_EXPENSE_ECON, 17),
        ("表10", TableKind.PROJECT_EXPENSE, 14),
    ]


def test_contents_listing(doc: Disclosure) -> None:
    assert [e.number for e in doc.contents] == [f"表{i}" for i in range(1, 16)]
    assert [(e.number, e.reason) for e in doc.contents if e.empty] == [("表9", "本单位不涉及"), ("表11", "本单位不涉及")]
    assert doc.contents[11].name == "部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表"
    assert doc.contents[11].empty is False


def test_fiscal_summary_with_three_expense_groups(doc: Disclosure) -> None:
    t = doc.tables[0]
    assert [(c.key, c.side) for c in t.columns] == [
        ("预算数", Side.INCOME), ("预算数", Side.EXPENSE), ("预算数", Side.EXPENSE), ("预算数", Side.EXPENSE),
    ]
    groups: dict[str | None, list[str]] = {}
    for r in t.rows:
        groups.setdefault(r.group, []).append(r.name)
    assert groups[None] == [
        "财政拨款", "一般公共预算拨款", "专项资金列入部门预算的项目", "政府性基金拨款", "国有资本经营预算收入",
        "本年收入合计", "上年结转", "收入总计",
    ]
    assert len(groups[FUNCTION]) == 1 + 24 + 3
    assert groups[DEPT][:8] == [
        "财政拨款", "人员经费和公用经费支出", "工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出",
        "专项业务经费支出", "工资福利支出",
    ]
    assert len(groups[GOV]) == 12 + 3
    values = {(r.group, r.name, r.depth): r.values["预算数"].raw for r in t.rows if r.values and not r.is_total}
    assert values == {
        (None, "财政拨款", 0): "3,488,570.00",
        (None, "一般公共预算拨款", 1): "3,488,570.00",
        (FUNCTION, "财政拨款", 0): "3,488,570.00",
        (FUNCTION, "社会保障和就业支出", 1): "229,650.00",
        (FUNCTION, "卫生健康支出", 1): "3,158,560.00",
        (FUNCTION, "住房保障支出", 1): "100,360.00",
        (DEPT, "财政拨款", 0): "3,488,570.00",
        (DEPT, "人员经费和公用经费支出", 1): "1,406,410.00",
        (DEPT, "工资福利支出", 2): "1,258,830.00",
        (DEPT, "对个人和家庭的补助", 2): "30,880.00",
        (DEPT, "专项业务经费支出", 1): "2,082,160.00",
        (DEPT, "商品和服务支出", 2): "140,000.00",  # two such lines (基本, 专项): the later wins here, both below
        (DEPT, "对社会保障基金补助", 2): "1,942,160.00",
        (GOV, "财政拨款", 0): "3,488,570.00",
        (GOV, "机关工资福利支出", 1): "1,258,830.00",
        (GOV, "机关商品和服务支出", 1): "116,700.00",
        (GOV, "对个人和家庭的补助", 1): "30,880.00",
        (GOV, "对社会保障基金补助", 1): "2,082,160.00",
    }
    dept_goods = [r.values["预算数"].raw for r in t.rows if r.group == DEPT and r.name == "商品和服务支出" and r.values]
    assert dept_goods == ["116,700.00", "140,000.00"]
    totals = [(r.group, r.name, r.values["预算数"].value) for r in t.rows if r.is_total and r.values]
    assert totals == [
        (None, "本年收入合计", D("3488570.00")), (FUNCTION, "本年支出合计", D("3488570.00")),
        (DEPT, "本年支出合计", D("3488570.00")), (GOV, "本年支出合计", D("3488570.00")),
        (None, "收入总计", D("3488570.00")), (FUNCTION, "支出总计", D("3488570.00")),
        (DEPT, "支出总计", D("3488570.00")), (GOV, "支出总计", D("3488570.00")),
    ]


def test_general_expense_by_function(doc: Disclosure) -> None:
    t = doc.tables[1]
    assert t.scheme is Scheme.FUNCTION
    assert [c.key for c in t.columns] == ["合计", "人员经费", "公用经费", "项目支出", "备注"]
    got = [
        (r.code, r.name, _raw(t, i, "合计"), _raw(t, i, "人员经费"), _raw(t, i, "公用经费"), _raw(t, i, "项目支出"))
        for i, r in enumerate(t.rows)
    ]
    assert got == TABLE5
    assert t.rows[0].values["合计"].value == D("3488570.00")
    assert t.rows[0].values["合计"].decimals == 2


def test_general_expense_by_economic_classification(doc: Disclosure) -> None:
    t = doc.tables[2]
    assert t.scheme is Scheme.ECON_DEPT
    got = [
        (r.code, r.name, r.econ_gov_code, r.econ_gov_name, _raw(t, i, "合计"), _raw(t, i, "人员经费"),
         _raw(t, i, "公用经费"), _raw(t, i, "项目支出"))
        for i, r in enumerate(t.rows)
    ]
    assert got == TABLE6


def test_basic_expense_tables(doc: Disclosure) -> None:
    by_function, by_econ = doc.tables[3], doc.tables[4]
    assert [c.key for c in by_function.columns] == ["合计", "人员经费", "公用经费", "备注"]
    expected = [row[:5] for row in TABLE5 if row[0] != "2101599"]
    expected[0] = (None, "合计", "1,406,410.00", "1,289,710.00", "116,700.00")
    expected[7] = ("210", "卫生健康支出", "1,076,400.00", "959,700.00", "116,700.00")
    expected[11] = ("21015", "医疗保障管理事务", "1,002,680.00", "885,980.00", "116,700.00")
    expected[12] = ("2101506", "医疗保障经办事务", "1,002,680.00", "885,980.00", "116,700.00")
    got = [
        (r.code, r.name, _raw(by_function, i, "合计"), _raw(by_function, i, "人员经费"), _raw(by_function, i, "公用经费"))
        for i, r in enumerate(by_function.rows)
    ]
    assert got == expected
    econ = [(r.code, r.econ_gov_code, _raw(by_econ, i, "合计")) for i, r in enumerate(by_econ.rows)]
    assert econ[0] == (None, None, "1,406,410.00")
    assert econ[8] == ("302", None, "116,700.00")
    assert [code for code, _, _ in econ] == [None, "301", "30101", "30108", "30109", "30110", "30112", "30113", "302",
                                             "30201", "30207", "30216", "30217", "30239", "303", "30305", "30399"]


def test_project_list(doc: Disclosure) -> None:
    t = doc.tables[5]
    assert [(r.code, r.name, _raw(t, i, "金额")) for i, r in enumerate(t.rows)] == [
        (None, "合计", "2,082,160.00"),
        ("410", "麟游县医疗保障局", "2,082,160.00"),
        ("410002", "麟游县医疗保障经办中心", "2,082,160.00"),
        (None, "专用项目", "2,082,160.00"),
        (None, "公务员医疗补助", "1,800,000.00"),
        (None, "机关事业单位住院医疗补助", "1,800,000.00"),
        (None, "监测户参保县级配套", "92,160.00"),
        (None, "监测户参保县级配套", "92,160.00"),
        (None, "经办能力建设经费", "80,000.00"),
        (None, "经办能力建设经费", "80,000.00"),
        (None, "武警、消防战士医疗费", "50,000.00"),
        (None, "武警、消防战士医疗费", "50,000.00"),
        (None, "业务费", "60,000.00"),
        (None, "参保人员管理工作经费", "60,000.00"),
    ]
    assert t.rows[5].texts == {"备注": "使全县财政全额供养的159个单位4110名职工受益"}


def test_performance_targets(doc: Disclosure) -> None:
    projects = [t for t in doc.targets if t.form is TargetForm.PROJECT]
    assert [(t.project_name, t.total.value if t.total else None, t.fiscal.value if t.fiscal else None)
            for t in projects] == [
        ("机关事业单位住院医疗补助", D(1800000), D(1800000)),
        ("监测户参保县级配套", D(92160), D(92160)),
        ("经办能力建设工作经费", D(80000), D(80000)),
        ("武警、消防战士医疗费", D(50000), D(50000)),
        ("参保人员管理工作经费", D(60000), D(60000)),
    ]
    first = projects[0].indicators
    assert [(i.level1, i.level2, i.level3, i.target.raw) for i in first] == [
        ("产出指标", "数量指标", "全县财政供养单位职工", "4110人次"),
        ("产出指标", "质量指标", "公务员医疗保险报销", "90%"),
        ("产出指标", "时效指标", "完成率", "2024年6月前"),
        ("产出指标", "成本指标", "严格执行经费开支相关规定", "按相关规定执行"),
        ("效益指标", "经济效益指标", "无", ""),
        ("效益指标", "社会效益指标", "构建长效机制", "长期"),
        ("效益指标", "生态效益指标", "无", ""),
        ("效益指标", "可持续影响指标", "无", ""),
        ("满意度指标", "服务对象满意度指标", "服务群众满意度", "≥90%"),
    ]
    assert (first[0].target.number, first[0].target.unit) == (D(4110), "人次")
    assert [i.level3 for i in projects[2].indicators[:2]] == ["下乡督查", "印刷资料"]
    assert projects[2].indicators[1].level2 == "数量指标"


def test_department_target_tasks(doc: Disclosure) -> None:
    dept = next(t for t in doc.targets if t.form is TargetForm.DEPARTMENT)
    assert [(k.name, k.total.value if k.total else None, k.fiscal.value if k.fiscal else None) for k in dept.tasks] == [
        ("任务1", D(1546410), D(1546410)),
        ("任务2", D(92160), D(92160)),
        ("任务3", D(1850000), D(18550000)),
    ]
    assert (dept.total.value if dept.total else None, dept.fiscal.value if dept.fiscal else None) == (
        D(3488570), D(3488570))
    cost = next(i for i in dept.indicators if i.level2 == "成本指标")
    assert (cost.level1, cost.level3, cost.target.raw) == ("产出指标", "严格执行经费开支相关规定", "按相关规定执行")
    special = next(t for t in doc.targets if t.form is TargetForm.SPECIAL_FUND)
    assert special.total is not None and special.total.value == D(2082160)


def test_claims_sample(doc: Disclosure) -> None:
    claims = doc.claims
    first = claims[0]
    assert (first.concept, first.value.value, first.value.unit) == ("本年收入合计", D(3488570), Unit.YUAN)
    assert first.change is not None and first.change.amount is not None
    assert (first.change.direction.value, first.change.amount.value) == ("减少", D(3461740))
    assert [c.concept for c in claims if c.parent == 0] == ["一般公共预算拨款收入", "政府性基金预算拨款收入"]
    coded = [(c.code, c.subject, c.value.value) for c in claims if c.code]
    assert coded[:3] == [
        ("2080505", "机关事业单位基本养老保险缴费支出", D(129320)),
        ("2080505", "机关事业单位职业年金缴费支出", D(98550)),
        ("2089999", "其他社会保障和就业支出", D(1780)),
    ]
    assert ("509", "机关资本性支出", D(30880)) in coded
    goods = next(c for c in claims if c.code == "502")
    assert goods.change is None  # 「较上年增加6600」 has no unit in the source: not a money figure
    three = next(c for c in claims if c.concept == "三公经费")
    assert three.value.value == D(1000)
    assert [c.concept for c in claims if c.parent == claims.index(three)] == ["因公出国（境）费", "公务接待费"]
    public = [c for c in claims if c.concept == "公用经费"]
    assert [(c.value.value, c.change.direction.value if c.change else None) for c in public] == [(D(46500), "持平")]


def test_staff(doc: Disclosure) -> None:
    assert doc.staff is not None
    s = doc.staff
    assert (s.authorized, s.authorized_admin, s.authorized_institution, s.actual, s.actual_admin,
            s.actual_institution, s.retired) == (10, 10, 0, 10, 10, 0, 4)
