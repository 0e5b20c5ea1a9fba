"""The input workbook template, and writing a :class:`BudgetInput` back to a workbook."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from budgetlens.model import DocumentKind
from budgetlens.render import layout as L
from budgetlens.render.inputs import BudgetInput, Source, ThreePublicInput

_HEAD_FILL = PatternFill("solid", fgColor="DDE6F2")


def _num(value: Decimal | None) -> Any:
    """Excel stores numbers as binary floats: whole numbers go in as int, others as float (input boundary)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _sheet(wb: Workbook, spec: L.SheetSpec, rows: list[list[Any]]) -> None:
    ws = wb.create_sheet(spec.name)
    ws.append(list(spec.columns))
    for c in range(1, len(spec.columns) + 1):
        cell = ws.cell(row=1, column=c)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        ws.append(row)
    for i, width in enumerate(spec.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    text_columns = [i for i, c in enumerate(spec.columns, start=1) if "编码" in c]
    for c in text_columns:
        for r in range(2, max(len(rows) + 2, 200)):
            ws.cell(row=r, column=c).number_format = "@"


def _help_sheet(wb: Workbook, kind: DocumentKind) -> None:
    ws = wb.active
    assert ws is not None
    ws.title = "填表说明"
    ws.append([f"budgetlens {kind.value}公开数据填报模板"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["每个工作表第1行是列名，请勿修改；金额按“单位信息”中的金额单位填写，不填视为0。"])
    ws.append(["填好后运行：budgetlens render 本文件.xlsx --out 输出目录"])
    ws.append([])
    ws.append(["工作表", "说明"])
    for spec in L.SHEETS:
        ws.append([spec.name, spec.help])
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 110


def template_workbook(kind: DocumentKind) -> Workbook:
    """An empty input workbook with every sheet, header and fixed row label."""
    wb = Workbook()
    _help_sheet(wb, kind)
    for spec in L.SHEETS:
        rows: list[list[Any]] = []
        if spec is L.ENTITY:
            defaults = {"公开类型": kind.value, "公开范围": "部门", "金额单位": "元", "单位性质": "行政"}
            rows = [[k, defaults.get(k)] for k in spec.keys]
        elif spec.keyed:
            rows = [[k] for k in spec.keys]
        _sheet(wb, spec, rows)
    ws = wb[L.LINES.name]
    dv = DataValidation(type="list", formula1='"' + ",".join(s.short for s in Source) + '"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add("C2:C500")
    return wb


def write_template(kind: DocumentKind, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    template_workbook(kind).save(out)


def _three(t: ThreePublicInput | None) -> list[Decimal | None]:
    if t is None:
        return [None] * 4
    return [t.abroad, t.car_purchase, t.car_running, t.reception]


def input_workbook(b: BudgetInput) -> Workbook:
    """The workbook a budget officer would have filled in for ``b`` (used to ship the examples)."""
    wb = Workbook()
    _help_sheet(wb, b.entity.kind)
    e = b.entity
    entity = {
        "单位名称": e.name, "单位编码": e.code, "年度": e.year, "公开类型": e.kind.value, "公开范围": e.scope.value,
        "金额单位": e.unit.value, "单位性质": e.nature.value, "主要职责": e.duties, "机构设置": e.organization,
        "收支增减原因": e.change_reason, "三公经费增减原因": e.three_public_reason,
        "机关运行经费用途": e.running_cost_use, "资产统计截止日期": e.assets_as_of,
    }
    _sheet(wb, L.ENTITY, [[k, entity.get(k) or None] for k in L.ENTITY.keys])
    _sheet(wb, L.INCOME, [[s.value, _num(b.income_of(s)) or None] for s in Source])
    _sheet(wb, L.LINES, [[x.code, x.name, x.source.short, _num(x.personnel) or None, _num(x.public) or None,
                          _num(x.project) or None] for x in b.lines])
    _sheet(wb, L.ECON, [[x.code, x.name, x.gov_code, _num(x.personnel) or None, _num(x.public) or None]
                        for x in b.econ])
    _sheet(wb, L.PROJECTS, [[p.name, p.code, _num(p.amount), p.description or None] for p in b.projects])
    now, last = _three(b.three_public), _three(b.last_year.three_public)
    _sheet(wb, L.THREE_PUBLIC, [[k, _num(n), _num(p)] for k, n, p in zip(L.THREE_PUBLIC.keys, now, last, strict=True)])
    _sheet(wb, L.RUNNING, [["机关运行经费", _num(b.running_cost), _num(b.last_year.running_cost)]])
    _sheet(wb, L.PROCUREMENT, [[p.item, p.catalog_code, _num(p.quantity), p.measure or None, _num(p.unit_price),
                                p.project or None] for p in b.procurement])
    _sheet(wb, L.ASSETS, [[a.name, _num(a.quantity), _num(a.value)] for a in b.assets])
    s = b.staff
    staff = [s.authorized, s.authorized_admin, s.authorized_institution, s.actual, s.actual_admin,
             s.actual_institution, s.retired]
    _sheet(wb, L.STAFF, [[k, v] for k, v in zip(L.STAFF.keys, staff, strict=True)])
    rows: list[list[Any]] = []
    for t in b.targets:
        for i, ind in enumerate(t.indicators):
            head = [t.project, _num(t.amount), t.goal or None] if i == 0 else [None, None, None]
            rows.append([*head, ind.level1, ind.level2, ind.level3, ind.op or None, _num(ind.number),
                         ind.unit or None, ind.text or None])
    _sheet(wb, L.TARGETS, rows)
    ly = b.last_year
    last_values = [ly.income_total, ly.expense_total, ly.basic, ly.project, ly.general_expense, ly.procurement]
    _sheet(wb, L.LAST_YEAR, [[k, _num(v)] for k, v in zip(L.LAST_YEAR.keys, last_values, strict=True)])
    return wb
