"""Ground truth for seed 002: 衡东县医疗保障局 2021 部门整体支出绩效目标申报表 (万元).

Every expected figure below was read off the seed document by hand (line numbers in comments).

The 一级指标 column is empty in the source for every 产出 row (数量/质量/时效/成本指标, lines 51-218):
the model keeps what is printed (``level1 == ""``). Extraction never judges; the check stage
knows that 数量指标 belongs under 产出指标 and can say the level-1 cell was left blank.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract import parse_file
from budgetlens.model import Disclosure, DocumentKind, PerformanceTarget, Scope, TargetForm, Unit
from tests.conftest import seed_path

D = Decimal

# level1, level2, level3, target as printed, op, number, unit, text
INDICATORS: list[tuple[str, str, str, str, str | None, str | None, str | None, str | None]] = [
    ("", "数量指标", "财政供养人员", "72人", None, "72", "人", None),
    ("", "数量指标", "部门单位履职、运转", "予以保障", None, None, None, "予以保障"),
    ("", "数量指标", "一站式平台网络服务", "100%", None, "100", "%", None),
    ("", "数量指标", "医保门诊统筹乡镇卫生院个数", "24", None, "24", None, None),
    ("", "数量指标", "特殊门诊医疗管理专家评审次数", "≧2次", "≥", "2", "次", None),
    ("", "数量指标", "现场稽查次数", "常态化", None, None, None, "常态化"),
    ("", "数量指标", "生存认证举报受理次数", "≧10次", "≥", "10", "次", None),
    ("", "数量指标", "医保系统网络覆盖定点医药机构个数", "186", None, "186", None, None),
    ("", "数量指标", "城乡居民医保高血压、糖尿病门诊用药保障乡镇卫生院个数", "24", None, "24", None, None),
    ("", "质量指标", "在职人员控制率", "≦100%", "≤", "100", "%", None),
    ("", "质量指标", "公用经费控制率", "≦100%", "≤", "100", "%", None),
    ("", "质量指标", "一站式平台网络正常率", "100%", None, "100", "%", None),
    ("", "质量指标", "医保门诊统筹乡镇卫生院覆盖率", "100%", None, "100", "%", None),
    ("", "质量指标", "特殊门诊应保尽保率", "100%", None, "100", "%", None),
    ("", "质量指标", "现场稽查覆盖率", "100%", None, "100", "%", None),
    ("", "质量指标", "生存认证投诉处理办结率", "100%", None, "100", "%", None),
    ("", "质量指标", "医保系统网络维护正常率", "100%", None, "100", "%", None),
    ("", "质量指标", "城乡居民医保高血压、糖尿病门诊用药保障覆盖率", "100%", None, "100", "%", None),
    ("", "时效指标", "年度内及时完成政府及上级领导交办的各项任务", "及时完成", None, None, None, "及时完成"),
    ("", "成本指标", "财政供养人员", "≦677.56万元", "≤", "677.56", "万元", None),
    ("", "成本指标", "部门单位履职、运转", "≦50.46万元", "≤", "50.46", "万元", None),
    ("", "成本指标", "一站式平台网络服务费用", "≦25万元", "≤", "25", "万元", None),
    ("", "成本指标", "医保门诊统筹乡镇卫生院费用", "≦8万元", "≤", "8", "万元", None),
    ("", "成本指标", "特殊门诊医疗管理专家评审费用", "≦10万元", "≤", "10", "万元", None),
    ("", "成本指标", "专项稽查费用", "≦20万元", "≤", "20", "万元", None),
    ("", "成本指标", "生存认证举报专项奖励费用", "≦10万元", "≤", "10", "万元", None),
    ("", "成本指标", "医保系统网络维护费用", "≦25万元", "≤", "25", "万元", None),
    ("", "成本指标", "城乡居民医保高血压、糖尿病门诊用药保障费用", "≦8万元", "≤", "8", "万元", None),
    # lines 220-224: the row is broken by a blank line after 社会效益指标
    ("效益指标", "社会效益指标", "全民参保率", "≧95%", "≥", "95", "%", None),
    ("效益指标", "社会效益指标", "建档立卡贫困参保率", "100%", None, "100", "%", None),
    ("效益指标", "社会效益指标", "处理欺诈骗保线索率", "100%", None, "100", "%", None),
    ("满意度指标", "服务对象满意度指标", "服务及监管对象满意度", "≧90%", "≥", "90", "%", None),
]


@pytest.fixture(scope="module")
def doc() -> Disclosure:
    return parse_file(seed_path("002"))


@pytest.fixture(scope="module")
def target(doc: Disclosure) -> PerformanceTarget:
    [t] = doc.targets
    return t


def test_metadata(doc: Disclosure) -> None:
    assert doc.entity.name == "衡东县医疗保障局"
    assert doc.entity.code is None  # no code is printed
    assert doc.year == 2021
    # a department-wide target form is told apart from a project target form
    assert doc.kind is DocumentKind.PERF_DEPT_TARGET
    assert doc.scope is Scope.DEPARTMENT
    assert doc.title == "部门整体支出绩效目标申报表"
    assert doc.tables == [] and doc.procurement is None and doc.assets is None


def test_no_narrative_claims(doc: Disclosure) -> None:
    # the amounts sit inside the grid (lines 10-21): they belong to the target, not to prose
    assert doc.claims == []


def test_department_target_amounts(target: PerformanceTarget) -> None:
    assert target.form is TargetForm.DEPARTMENT
    assert target.department == "衡东县医疗保障局"
    assert target.unit is Unit.WAN
    amounts = {k: getattr(target, k) for k in ("total", "fiscal", "basic", "project")}
    assert {k: (a.value, a.unit, a.decimals) for k, a in amounts.items() if a} == {
        "total": (D("834.02"), Unit.WAN, 2),  # line 10 「资金总额：  834.02万元」
        "fiscal": (D("834.02"), Unit.WAN, 2),  # line 17 「其中：公共财政拨款：834.02」 (unit from the 万元 label)
        "basic": (D("728.02"), Unit.WAN, 2),  # line 20
        "project": (D("106"), Unit.WAN, 0),  # line 21
    }
    assert [(a.raw, a.where.line) for a in amounts.values() if a and a.where] == [
        ("834.02万元", 10), ("834.02", 17), ("728.02万元", 20), ("106万元", 21)]
    assert target.other is None and target.executed is None
    # basic + project = total, as printed
    assert target.basic and target.project and target.total
    assert target.basic.value + target.project.value == target.total.value


def test_goals(target: PerformanceTarget) -> None:
    assert target.goals == [
        "目标1：通过预算执行，保证正常工作运转。",
        "目标2：稳步提高保障水平，实现基金收支平衡，进一步规范基金支出。",
    ]
    assert target.spending_plan == [] and target.tasks == []


def test_all_indicators(target: PerformanceTarget) -> None:
    got = [
        (i.level1, i.level2, i.level3, i.target.raw, i.target.op,
         None if i.target.number is None else str(i.target.number), i.target.unit, i.target.text)
        for i in target.indicators
    ]
    assert got == INDICATORS
    assert all(i.description is None and i.basis is None and i.actual is None for i in target.indicators)


def test_indicator_lines(target: PerformanceTarget) -> None:
    lines = [i.where.line if i.where else None for i in target.indicators]
    assert lines[0] == 54 and lines[4] == 78 and lines[19] == 168
    assert lines[28] == 223  # 全民参保率, after the stray blank line
    assert lines[-1] == 241


def test_cost_indicators_add_up_to_the_total(target: PerformanceTarget) -> None:
    costs = [i.target.number for i in target.indicators if i.level2 == "成本指标"]
    assert sum(c for c in costs if c is not None) == D("834.02")
