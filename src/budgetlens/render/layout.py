"""Sheet and column names of the budget input (workbook and YAML share them)."""

from __future__ import annotations

from dataclasses import dataclass

from budgetlens.model import DocumentKind
from budgetlens.render.inputs import Source


@dataclass(frozen=True, slots=True)
class SheetSpec:
    """A sheet of the input workbook.

    A *list* sheet has one record a row under a header of ``columns``. A *keyed* sheet has a
    fixed first column (``key_column``) whose rows are ``keys``; in YAML it is a mapping from
    key to value (one value column) or to a mapping of the value columns.
    """

    name: str
    columns: tuple[str, ...]
    help: str
    keys: tuple[str, ...] = ()
    widths: tuple[int, ...] = ()

    @property
    def keyed(self) -> bool:
        return bool(self.keys)

    @property
    def key_column(self) -> str:
        return self.columns[0]

    @property
    def value_columns(self) -> tuple[str, ...]:
        return self.columns[1:]


ENTITY_KEYS = (
    "单位名称", "单位编码", "年度", "公开类型", "公开范围", "金额单位", "单位性质",
    "主要职责", "机构设置", "收支增减原因", "三公经费增减原因", "机关运行经费用途", "资产统计截止日期",
)
THREE_PUBLIC_KEYS = ("因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费")
STAFF_KEYS = ("编制人数", "行政编制", "事业编制", "实有人数", "实有行政人员", "实有事业人员", "离退休人员")
LAST_YEAR_KEYS = ("收入合计", "支出合计", "基本支出", "项目支出", "一般公共预算拨款支出", "政府采购")

ENTITY = SheetSpec("单位信息", ("项目", "内容"), "单位名称、编码、年度、公开类型（预算/决算）、范围（部门/单位）、"
                   "金额单位（元/万元）等。",
                   keys=ENTITY_KEYS, widths=(20, 80))
INCOME = SheetSpec("收入", ("收入来源", "金额"), "本年各来源收入；决算填上年结转结余。"
                   "预算收入应等于对应资金来源的支出。",
                   keys=tuple(s.value for s in Source), widths=(28, 18))
LINES = SheetSpec("支出明细", ("科目编码", "科目名称", "资金来源", "人员经费", "公用经费", "项目支出"),
                  "按支出功能分类“项”级科目（7位编码）逐行填列；同一科目有多个资金来源时分行填写。类、款和合计由程序计算。",
                  widths=(12, 34, 20, 16, 16, 16))
ECON = SheetSpec("经济分类", ("部门经济分类编码", "科目名称", "政府经济分类编码", "人员经费", "公用经费"),
                 "一般公共预算基本支出按部门预算支出经济分类“款”级科目（5位编码）填列；政府经济分类编码可不填，由程序对应。",
                 widths=(18, 30, 18, 16, 16))
PROJECTS = SheetSpec("项目", ("项目名称", "科目编码", "金额", "项目说明"), "项目支出明细，金额之和应等于项目支出合计。",
                     widths=(30, 12, 16, 60))
THREE_PUBLIC = SheetSpec("三公经费", ("项目", "本年", "上年"), "财政拨款“三公”经费，本年与上年。",
                         keys=THREE_PUBLIC_KEYS, widths=(24, 16, 16))
RUNNING = SheetSpec("机关运行经费", ("项目", "本年", "上年"), "机关运行经费本年与上年数。",
                    keys=("机关运行经费",), widths=(24, 16, 16))
PROCUREMENT = SheetSpec("政府采购", ("品目名称", "品目编码", "数量", "计量单位", "单价", "所属项目"),
                        "政府采购品目（编码首字母 A 货物、B 工程、C 服务），金额=数量×单价。",
                        widths=(28, 14, 10, 10, 16, 30))
ASSETS = SheetSpec("资产", ("资产名称", "数量", "金额"), "固定资产占有使用情况（截止日期填在单位信息中）。",
                   widths=(30, 10, 18))
STAFF = SheetSpec("人员", ("项目", "人数"), "编制和实有人数。", keys=STAFF_KEYS, widths=(20, 10))
TARGETS = SheetSpec("绩效目标",
                    ("项目名称", "项目金额", "年度目标", "一级指标", "二级指标", "三级指标", "运算符", "指标值",
                     "计量单位", "文字指标值"),
                    "每行一个三级指标；同一项目的后续行可只填指标列。"
                    "运算符用 ≥ ≤ = ＞ ＜；无法量化时填文字指标值。",
                    widths=(24, 14, 40, 12, 16, 28, 8, 10, 10, 16))
LAST_YEAR = SheetSpec("上年数", ("项目", "金额"), "上年对应数（预算填上年预算数，决算填上年决算数），"
                      "用于计算增减变化。",
                      keys=LAST_YEAR_KEYS, widths=(24, 18))

SHEETS: tuple[SheetSpec, ...] = (
    ENTITY, INCOME, LINES, ECON, PROJECTS, THREE_PUBLIC, RUNNING, PROCUREMENT, ASSETS, STAFF, TARGETS, LAST_YEAR,
)
SHEET_BY_NAME = {s.name: s for s in SHEETS}


def amount_word(kind: DocumentKind) -> str:
    """预算数 / 决算数."""
    return "决算数" if kind is DocumentKind.FINAL else "预算数"
