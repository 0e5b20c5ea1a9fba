"""Report downloads: HTML and JSON come from the checker's renderers; Excel is written here."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from budgetlens.check import Report, Severity

_FILL = {Severity.ERROR: "FDE2E1", Severity.WARNING: "FFF4CE", Severity.INFO: "E8F1FB"}


def report_xlsx(reports: Sequence[Report]) -> bytes:
    """A workbook with a 汇总 sheet (one line a file) and a 问题 sheet (one line a finding)."""
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = "汇总"
    summary.append(["文件", "单位", "年度", "类型", "错误", "警告", "提示", "读取错误"])
    for r in reports:
        summary.append([r.source, r.entity, r.year, r.kind or "", r.count(Severity.ERROR), r.count(Severity.WARNING),
                        r.count(Severity.INFO), r.error or ""])
    sheet = wb.create_sheet("问题")
    sheet.append(["文件", "规则", "级别", "类别", "标题", "说明", "报告值", "应为", "差额", "单位", "位置", "建议"])
    for r in reports:
        for f in sorted(r.findings, key=lambda f: (f.severity.rank, f.code)):
            v = f.values
            sheet.append([
                r.source, f.code, f.severity.label, f.family.label, f.title, f.message,
                _num(v.stated if v else None),
                _num(v.expected if v else None), _num(v.difference if v else None), (v.unit if v else None) or "",
                "；".join(dict.fromkeys(loc.describe() for loc in f.locations)), f.hint or "",
            ])
            fill = PatternFill("solid", fgColor=_FILL[f.severity])
            sheet.cell(row=sheet.max_row, column=3).fill = fill
    for ws in (summary, sheet):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    for col, width in zip("ABCDEFGHIJKL", (28, 8, 6, 12, 24, 60, 14, 14, 14, 6, 30, 40), strict=True):
        sheet.column_dimensions[col].width = width
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    summary.column_dimensions["A"].width = 32
    summary.column_dimensions["B"].width = 28
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _num(x: object) -> str | None:
    """Figures go in as text so that no digit is lost to a float."""
    return None if x is None else format(x, "f")
