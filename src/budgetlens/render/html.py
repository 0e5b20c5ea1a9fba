"""The 情况说明 as one self-contained HTML page, from the Jinja2 template shipped in the package.

Inline CSS, charts as PNG data URIs, no CDN, no script: the page opens the same on an intranet.
It lays out what the text disclosure says — headline figures, the narrative with its charts, the
performance-target grids and every standard table — and computes nothing itself.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, select_autoescape

from budgetlens.model import Level
from budgetlens.render.narrative import Block, ChartRef, Heading, Para, TargetGrid, document_title

if TYPE_CHECKING:
    from budgetlens.render.writers import Rendered

TEMPLATE = "情况说明.html.j2"


def _env() -> Environment:
    return Environment(loader=PackageLoader("budgetlens.render", "templates"),
                       autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)


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


def render_page(r: Rendered) -> str:
    """The whole page for a rendered disclosure."""
    f = r.figures
    e = f.budget.entity
    unit = r.tables[0].unit_label if r.tables else "单位：元"
    kpis = [(f"收入{f.kind_word}", f"{f.income_current:,.2f}"), ("基本支出", f"{f.total.basic:,.2f}"),
            ("项目支出", f"{f.total.project:,.2f}"), ("“三公”经费", f"{f.budget.three_public.total:,.2f}")]
    tables = [{"number": t.number, "title": t.title, "sheet": t.sheet, "unit": t.unit_label, "header": t.header,
               "note": t.empty_note,
               "rows": [{"css": "total" if i in t.total_rows else ("cls" if t.level_rows.get(i) is Level.CLASS else ""),
                         "cells": [(v, c in t.numeric) for c, v in enumerate(row)]} for i, row in enumerate(t.rows)]}
              for t in r.tables]
    return _env().get_template(TEMPLATE).render(
        entity=e.name, code=e.code or "", title=document_title(f).removeprefix(e.name), year=f.year,
        kind_word=f.kind_word, unit=unit.removeprefix("单位："), kpis=kpis,
        items=[i for i in (_item(b, r.charts) for b in r.blocks) if i is not None], tables=tables,
    )
