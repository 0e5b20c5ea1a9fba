"""The 情况说明 as one self-contained HTML page: inline CSS, charts as data URIs, no CDN, no script.

Takes the computed :class:`~budgetlens.render.figures.Figures`, the standard tables and the
narrative blocks; the page is what the text disclosure says, laid out for reading.
"""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from budgetlens.render import charts
from budgetlens.render.figures import Figures
from budgetlens.render.inputs import CURRENT_SOURCES
from budgetlens.render.narrative import Block, ChartRef, Heading, Para, TargetGrid, document_title
from budgetlens.render.tables import GridTable


def chart_images(f: Figures) -> dict[str, bytes]:
    """PNG charts by the keys the narrative refers to (structure, yoy, three); empty without matplotlib."""
    if not charts.available():
        return {}
    out: dict[str, bytes] = {}
    income = [(s.value, f.income[s]) for s in CURRENT_SOURCES if f.income[s]]
    expense = [("基本支出", f.total.basic), ("项目支出", f.total.project)]
    out["structure"] = charts.structure(f.year, income, expense)
    ly = f.budget.last_year
    pairs: list[tuple[str, Decimal, Decimal]] = []
    if ly.income_total is not None:
        pairs.append(("收入", ly.income_total, f.income_current))
    if ly.expense_total is not None:
        pairs.append(("支出", ly.expense_total, f.total.total))
    if ly.three_public is not None:
        pairs.append(("“三公”经费", ly.three_public.total, f.budget.three_public.total))
    if pairs:
        out["yoy"] = charts.year_on_year(f.year, pairs)
    tp = f.budget.three_public
    if tp.total:
        out["three"] = charts.pie(f"{f.year}年“三公”经费构成", [
            ("因公出国（境）费", tp.abroad), ("公务用车购置费", tp.car_purchase),
            ("公务用车运行维护费", tp.car_running), ("公务接待费", tp.reception)])
    return out


def _env() -> Environment:
    return Environment(loader=PackageLoader("budgetlens.render", "templates"),
                       autoescape=select_autoescape(["html", "j2"]))


def _item(block: Block, images: dict[str, bytes]) -> dict[str, Any] | None:
    if isinstance(block, Heading):
        return {"kind": "heading", "text": block.text, "level": block.level}
    if isinstance(block, Para):
        return {"kind": "para", "text": block.text}
    if isinstance(block, ChartRef):
        png = images.get(block.key)
        if png is None:
            return None
        return {"kind": "chart", "caption": block.caption, "data": base64.b64encode(png).decode("ascii")}
    if isinstance(block, TargetGrid):
        return {"kind": "grid", "title": block.title, "rows": block.rows}
    return None


def render_html(
    f: Figures, tables: list[GridTable], blocks: list[Block], images: dict[str, bytes] | None = None
) -> str:
    images = chart_images(f) if images is None else images
    items = [i for i in (_item(b, images) for b in blocks) if i is not None]
    e = f.budget.entity
    unit = tables[0].unit_label if tables else "单位：元"
    kpis = [(f"收入{f.kind_word}", f"{f.income_current:,.2f}"), ("基本支出", f"{f.total.basic:,.2f}"),
            ("项目支出", f"{f.total.project:,.2f}"), ("“三公”经费", f"{f.budget.three_public.total:,.2f}")]
    return _env().get_template("情况说明.html.j2").render(
        entity=e.name, code=e.code, title=document_title(f).removeprefix(e.name), unit=unit.removeprefix("单位："),
        kpis=kpis, items=items, tables=tables,
    )
