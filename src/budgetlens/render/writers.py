"""Write a rendered disclosure: tables workbook (.xlsx), Word (.docx), HTML, plain text, PDF.

Everything is computed before it gets here (:mod:`figures`, :mod:`tables`, :mod:`narrative`);
writers only lay text out. Charts come from :mod:`budgetlens.render.charts` as PNG bytes.
"""

from __future__ import annotations

import base64
import html
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from budgetlens.model import Level
from budgetlens.render import charts
from budgetlens.render.figures import Figures
from budgetlens.render.inputs import CURRENT_SOURCES
from budgetlens.render.narrative import Block, ChartRef, Heading, Para, TargetGrid, build_narrative, document_title
from budgetlens.render.tables import GridTable, build_tables
from budgetlens.render.text import render_text


@dataclass(slots=True)
class Rendered:
    """Everything of one disclosure, ready to write."""

    figures: Figures
    tables: list[GridTable]
    blocks: list[Block]
    charts: dict[str, bytes] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return document_title(self.figures)


def make_charts(f: Figures) -> dict[str, bytes]:
    """PNG charts keyed like the narrative's :class:`ChartRef` blocks (empty without matplotlib)."""
    if not charts.available():
        return {}
    b = f.budget
    out = {
        "structure": charts.structure(
            f.year, [(s.value, f.income[s]) for s in CURRENT_SOURCES],
            [("基本支出", f.total.basic), ("项目支出", f.total.project)],
        )
    }
    ly = b.last_year
    pairs = [(name, last, now) for name, last, now in (
        ("收入合计", ly.income_total, f.income_current), ("支出合计", ly.expense_total, f.total.total),
        ("基本支出", ly.basic, f.total.basic), ("项目支出", ly.project, f.total.project),
    ) if last is not None]
    if pairs:
        out["yoy"] = charts.year_on_year(f.year, pairs)
    tp = b.three_public
    if tp.total or (ly.three_public is not None and ly.three_public.total):
        out["three"] = charts.pie(f"{f.year}年“三公”经费构成", [
            ("因公出国（境）费", tp.abroad), ("公务用车购置费", tp.car_purchase),
            ("公务用车运行维护费", tp.car_running), ("公务接待费", tp.reception),
        ])
    return out


def render(f: Figures, with_charts: bool = True) -> Rendered:
    return Rendered(f, build_tables(f), build_narrative(f), make_charts(f) if with_charts else {})


# --------------------------------------------------------------------------- xlsx

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD = PatternFill("solid", fgColor="DDE6F2")
_TOTAL = PatternFill("solid", fgColor="F2F2F2")


def _sheet_title(name: str, used: set[str]) -> str:
    title = name[:31]
    n = 2
    while title in used:
        title = f"{name[:28]}{n}"
        n += 1
    used.add(title)
    return title


def tables_workbook(r: Rendered) -> Workbook:
    """One sheet per table: title, entity/unit line, header, rows; amounts are numbers formatted 0.00."""
    from decimal import Decimal

    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    used: set[str] = set()
    e = r.figures.budget.entity
    for t in r.tables:
        ws = wb.create_sheet(_sheet_title(f"表{t.number} {t.sheet}", used))
        ws.append([t.title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=t.width)
        ws["A1"].font = Font(bold=True, size=14)
        ws["A1"].alignment = Alignment(horizontal="center")
        ws.append([f"{e.code or ''}{e.name}", *[""] * (t.width - 2), t.unit_label])
        ws.append(t.header)
        for c in range(1, t.width + 1):
            cell = ws.cell(row=3, column=c)
            cell.font = Font(bold=True)
            cell.fill = _HEAD
            cell.border = _BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for i, row in enumerate(t.rows):
            values: list[object] = []
            for c, text in enumerate(row):
                if c in t.numeric and text:
                    values.append(float(Decimal(text.replace(",", ""))))  # Excel cell boundary
                else:
                    values.append(text or None)
            ws.append(values)
            excel_row = ws.max_row
            for c in range(1, t.width + 1):
                cell = ws.cell(row=excel_row, column=c)
                cell.border = _BORDER
                if c - 1 in t.numeric:
                    cell.number_format = "#,##0.00"
                    cell.alignment = Alignment(horizontal="right")
                if i in t.total_rows or t.level_rows.get(i) is Level.CLASS:
                    cell.font = Font(bold=True)
                if i in t.total_rows:
                    cell.fill = _TOTAL
        if t.empty_note:
            ws.append([t.empty_note])
        for c in range(1, t.width + 1):
            header = t.header[c - 1]
            longest = max([len(header), *(len(row[c - 1]) for row in t.rows)])
            ws.column_dimensions[get_column_letter(c)].width = min(max(10, longest * 1.7 + 2), 48)
        ws.freeze_panes = "A4"
    return wb


# --------------------------------------------------------------------------- docx


def _docx_grid(doc: object, header: list[str] | None, rows: list[list[str]], numeric: set[int],
               bold_rows: set[int], font_size: float) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    width = max(len(header) if header else 0, *(len(r) for r in rows))
    table = doc.add_table(rows=0, cols=width)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.autofit = False
    section = doc.sections[-1]  # type: ignore[attr-defined]
    usable = (section.page_width - section.left_margin - section.right_margin) / 360000  # EMU → cm
    widths = column_widths(rows, numeric, font_size, usable)  # header labels may wrap
    for c, column in enumerate(table.columns):
        column.width = Cm(widths[c])  # the grid LibreOffice lays out by
    lines = ([(header, True, True)] if header else []) + [(row, i in bold_rows, False) for i, row in enumerate(rows)]
    for row, bold, is_header in lines:
        cells = table.add_row().cells
        for c, cell in enumerate(cells):
            cell.width = Cm(widths[c])
        for c, text in enumerate(row):
            paragraph = cells[c].paragraphs[0]
            run = paragraph.add_run(text)
            run.font.size = Pt(font_size)
            run.bold = bold
            if is_header:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif c in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _display_width(text: str) -> float:
    """Width of a text in ems: a Chinese character is one, a digit or Latin letter about half."""
    return sum(0.55 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def column_widths(rows: list[list[str]], numeric: set[int], font_size: float, usable_cm: float) -> list[float]:
    """Column widths (cm) that keep every figure on one line and share the rest among the text
    columns by what they hold, as published tables are laid out (a narrow code column, a wide
    name column, figures never broken)."""
    n = max((len(r) for r in rows), default=0)
    if n == 0:
        return []
    em = font_size * 2.54 / 72  # one em in cm
    pad = 0.45  # cell margins left and right
    need = [2.5 * em + pad] * n  # room for a two-character label at least
    for row in rows:
        for c, text in enumerate(row):
            need[c] = max(need[c], _display_width(text) * em + pad)
    text_cols = [c for c in range(n) if c not in numeric]
    # a text column wraps past ~14 ems; a figure column must not wrap at all
    wanted = [need[c] if c in numeric else min(need[c], 14 * em + pad) for c in range(n)]
    fixed = sum(wanted[c] for c in range(n) if c in numeric)
    flexible = sum(wanted[c] for c in text_cols)
    if fixed + flexible <= usable_cm:  # room to spare: widen every column in proportion
        scale = usable_cm / (fixed + flexible) if fixed + flexible else 1.0
        return [w * scale for w in wanted]
    rest = usable_cm - fixed
    if rest >= 1.2 * len(text_cols):  # figures whole; text columns share what is left
        return [wanted[c] if c in numeric else max(1.2, rest * wanted[c] / flexible) for c in range(n)]
    scale = usable_cm / (fixed + flexible)  # too wide whatever we do: shrink all alike
    return [w * scale for w in wanted]


def _docx_fonts(doc: object) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = doc.styles["Normal"]  # type: ignore[attr-defined]
    style.font.name = "Noto Sans CJK SC"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")


def write_docx(r: Rendered, out: Path) -> None:
    """A portrait cover, the tables (one a page, in a landscape section), then the 情况说明 with its
    charts in a portrait section."""
    import io

    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    def page(section: Any, landscape: bool) -> None:
        """A4: landscape for the tables, portrait for the cover and the 情况说明, as published."""
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        long, short = Cm(29.7), Cm(21.0)
        section.page_width, section.page_height = (long, short) if landscape else (short, long)
        for name, cm in zip(("left_margin", "right_margin", "top_margin", "bottom_margin"),
                            (1.6, 1.6, 1.6, 1.6) if landscape else (2.8, 2.6, 3.0, 2.6), strict=True):
            setattr(section, name, Cm(cm))

    doc = Document()
    _docx_fonts(doc)
    page(doc.sections[0], landscape=False)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(r.title)
    run.bold = True
    run.font.size = Pt(18)
    e = r.figures.budget.entity
    page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    for i, t in enumerate(r.tables):
        if i:
            doc.add_page_break()  # type: ignore[no-untyped-call]
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(t.title)
        run.bold = True
        run.font.size = Pt(14)
        meta = doc.add_paragraph(
            f"{e.code or ''}{e.name}　　{r.figures.kind_word}年度：{r.figures.year}　　{t.unit_label}"
        )
        meta.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        bold = set(t.total_rows) | {i for i, lv in t.level_rows.items() if lv is Level.CLASS}
        _docx_grid(doc, t.header, t.rows, t.numeric, bold, 8 if t.width > 8 else 9.5)
        if t.empty_note:
            doc.add_paragraph(t.empty_note)
    page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=False)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(f"{e.name}{r.figures.year}年{r.figures.kind_word}情况说明")
    run.bold = True
    run.font.size = Pt(16)
    for block in r.blocks:
        if isinstance(block, Heading):
            h = doc.add_paragraph()
            hr = h.add_run(block.text)
            hr.bold = True
            hr.font.size = Pt(13)
        elif isinstance(block, Para):
            para = doc.add_paragraph(block.text)
            para.paragraph_format.first_line_indent = Pt(22)
        elif isinstance(block, ChartRef):
            png = r.charts.get(block.key)
            if png is None:
                continue
            doc.add_picture(io.BytesIO(png), width=Cm(16))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            cap = doc.add_paragraph(block.caption)
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif isinstance(block, TargetGrid):
            tp = doc.add_paragraph()
            tp.alignment = WD_ALIGN_PARAGRAPH.CENTER
            tr = tp.add_run(block.title)
            tr.bold = True
            _docx_grid(doc, None, block.rows, set(), {3}, 9.5)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))


# --------------------------------------------------------------------------- html

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;
 margin:0 auto;max-width:1100px;padding:24px 32px;color:#222;line-height:1.75;background:#fff}
h1{text-align:center;font-size:24px;margin:8px 0 24px}
h2{font-size:18px;border-left:4px solid #2f6db5;padding-left:10px;margin-top:32px}
p{text-indent:2em;margin:6px 0}
figure{margin:16px 0;text-align:center} figure img{max-width:100%} figcaption{color:#555;font-size:14px}
table{border-collapse:collapse;width:100%;margin:8px 0 4px;font-size:13px}
th,td{border:1px solid #999;padding:3px 6px} th{background:#dde6f2;font-weight:600}
td:first-child,th{white-space:nowrap} td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total td{background:#f2f2f2;font-weight:600} tr.cls td{font-weight:600}
.tt{text-align:center;font-weight:600;font-size:16px;margin-top:28px}
.meta{display:flex;justify-content:space-between;font-size:13px;color:#444}
.note{font-size:13px;color:#444;text-indent:0}
nav ol{columns:2;font-size:14px}
"""


def _html_table(t: GridTable, entity: str, year_label: str) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in t.header)
    body = []
    for i, row in enumerate(t.rows):
        cls = "total" if i in t.total_rows else "cls" if t.level_rows.get(i) is Level.CLASS else ""
        cells = "".join(
            f'<td class="n">{html.escape(v)}</td>' if c in t.numeric else f"<td>{html.escape(v)}</td>"
            for c, v in enumerate(row)
        )
        body.append(f'<tr class="{cls}">{cells}</tr>' if cls else f"<tr>{cells}</tr>")
    note = f'<p class="note">{html.escape(t.empty_note)}</p>' if t.empty_note else ""
    return (f'<div class="tt" id="t{t.number}">表{t.number}　{html.escape(t.title)}</div>'
            f'<div class="meta"><span>{html.escape(entity)}</span><span>{html.escape(year_label)}</span>'
            f"<span>{html.escape(t.unit_label)}</span></div>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{note}")


def _padded_row(row: list[str], width: int) -> str:
    """A row of a ragged grid: its last cell spans the missing columns."""
    cells = [f"<td>{html.escape(c)}</td>" for c in row[:-1]]
    span = width - len(row) + 1
    last = html.escape(row[-1]) if row else ""
    cells.append(f'<td colspan="{span}">{last}</td>' if span > 1 else f"<td>{last}</td>")
    return "<tr>" + "".join(cells) + "</tr>"


def render_html(r: Rendered) -> str:
    """A self-contained page: inline CSS, charts as data URIs, no external resource.

    Laid out by the packaged Jinja2 template (:mod:`budgetlens.render.html`); the string builder
    below stays as the fallback when the template cannot be loaded.
    """
    try:
        from budgetlens.render.html import render_page

        return render_page(r)
    except ImportError:  # pragma: no cover - jinja2 is a core dependency
        pass
    f = r.figures
    e = f.budget.entity
    parts = [f"<h1>{html.escape(r.title)}</h1>", "<nav><ol>"]
    parts += [f'<li><a href="#t{t.number}">{html.escape(t.sheet)}</a></li>' for t in r.tables]
    parts.append("</ol></nav>")
    parts.append(f"<h2>第一部分　{html.escape(e.name)}{f.year}年{f.kind_word}情况说明</h2>")
    for block in r.blocks:
        if isinstance(block, Heading):
            parts.append(f"<h3>{html.escape(block.text)}</h3>")
        elif isinstance(block, Para):
            parts.append(f"<p>{html.escape(block.text)}</p>")
        elif isinstance(block, ChartRef) and block.key in r.charts:
            data = base64.b64encode(r.charts[block.key]).decode("ascii")
            parts.append(f'<figure><img alt="{html.escape(block.caption)}" src="data:image/png;base64,{data}">'
                         f"<figcaption>{html.escape(block.caption)}</figcaption></figure>")
        elif isinstance(block, TargetGrid):
            rows = "".join(_padded_row(row, max(len(x) for x in block.rows)) for row in block.rows)
            parts.append(f'<div class="tt">{html.escape(block.title)}</div><table><tbody>{rows}</tbody></table>')
    parts.append(f"<h2>第二部分　{f.year}年{f.kind_word}公开表</h2>")
    parts += [_html_table(t, f"{e.code or ''}{e.name}", f"{f.kind_word}年度：{f.year}") for t in r.tables]
    return ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(r.title)}</title><style>{_CSS}</style></head><body>{''.join(parts)}</body></html>\n")


# --------------------------------------------------------------------------- all outputs


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def write_all(r: Rendered, out_dir: Path, stem: str, pdf: bool = True) -> list[Path]:
    """Write every output format into ``out_dir``; PDF only when LibreOffice is installed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    xlsx = out_dir / f"{stem}_公开表.xlsx"
    tables_workbook(r).save(xlsx)
    written.append(xlsx)
    docx = out_dir / f"{stem}.docx"
    write_docx(r, docx)
    written.append(docx)
    page = out_dir / f"{stem}.html"
    page.write_text(render_html(r), encoding="utf-8")
    written.append(page)
    text = out_dir / f"{stem}.txt"
    text.write_text(render_text(r.figures, r.tables, r.blocks), encoding="utf-8")
    written.append(text)
    for key, png in r.charts.items():
        path = out_dir / f"{stem}_图_{key}.png"
        path.write_bytes(png)
        written.append(path)
    office = soffice()
    if pdf and office is not None:
        # a profile of its own: LibreOffice refuses to start on a profile another instance holds
        with tempfile.TemporaryDirectory(prefix="budgetlens-lo-") as profile:
            result = subprocess.run(
                [office, "--headless", "--norestore", f"-env:UserInstallation={Path(profile).as_uri()}",
                 "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
                capture_output=True, timeout=180, check=False,
            )
        made = out_dir / f"{stem}.pdf"
        if result.returncode == 0 and made.exists():
            written.append(made)
    return written
