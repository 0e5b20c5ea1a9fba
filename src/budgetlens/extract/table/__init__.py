"""Grids of standard tables → :class:`Table`, read from their structure.

A chain of small steps, each in its own module and each a pure function of the step before:

1. :mod:`.matrix` lays the cells out over the columns they span;
2. :mod:`.header` finds where the header ends and what each column's header says;
3. :mod:`.kinds` names the table's kind from its title (or its header);
4. :mod:`.roles` gives each column a role from its header and its content;
5. :mod:`.parts` splits two-sided tables and blocks printed side by side into logical parts;
6. :mod:`.rows` reads each part's rows (codes, names, values).

What the reader is not sure of it says in :attr:`Table.doubt`; the checker then judges nothing in
that table. Every threshold is a field of :class:`.settings.TableSettings`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from budgetlens.extract.headers import HeaderColumn, data_width, is_column_number_row, is_data_row, squash
from budgetlens.extract.metadata import names_in
from budgetlens.extract.table.header import first_data_row, header_columns
from budgetlens.extract.table.kinds import kind_from_header, kind_from_title, refine
from budgetlens.extract.table.matrix import Matrix, Slot, collapse, expand, widen_short_rows
from budgetlens.extract.table.parts import Part, split_parts
from budgetlens.extract.table.roles import Role, plan_columns
from budgetlens.extract.table.rows import PartReader, RowFields, ValueColumn, depth_and_name, depths_from_indent
from budgetlens.extract.table.settings import DEFAULT, TableSettings
from budgetlens.extract.units import label_unit, stated_unit
from budgetlens.model import Column, Level, Location, Row, Scheme, Table, TableKind, Unit
from budgetlens.model.trusted import maker
from budgetlens.read.blocks import Cell, Grid
from budgetlens.reference.concepts import column_key, normalize_label
from budgetlens.reference.titles import normalize_title

__all__ = [
    "DEFAULT", "GridContext", "TableSettings", "build_table", "depth_and_name", "kind_from_title", "normalize_title",
]

TWO_SIDED = (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY)


@dataclass(slots=True)
class GridContext:
    """What surrounds a grid: the title, 表N number and unit stated before it."""

    title: str = ""
    number: str | None = None
    unit: Unit | None = None


_META_CELL = re.compile(
    r"(单位[:：]|部门[:：]|预算年度|年度[)）]?$|^[（(]?\d{4}年度?[)）]?$|^\d{4}年\d{1,2}月(\d{1,2}日)?$|截止|编制(部门|单位)|填报单位"
    r"|部门名称|^\d{3,}(?![年月\d])[^\d\s]|表$|表\n|^附?表\d+(?:-\d+)?$)"
)


def split_meta_rows(rows: list[list[Cell]], settings: TableSettings = DEFAULT) -> tuple[list[list[Cell]], list[str]]:
    """Leading rows that carry the title, entity, year and unit rather than table content."""
    meta: list[str] = []
    i = 0
    while i < len(rows):
        texts = [c.text.strip() for c in rows[i] if c.text.strip()]
        if not texts:
            i += 1  # an empty row above or between the title and the unit
            continue
        if not texts or len(texts) > settings.max_meta_cells:
            break
        if _meta_row(texts, settings) and not is_data_row(
            [c.text for c in rows[i]]
        ):
            meta.extend(texts)
            i += 1
            continue
        break
    return rows[i:], meta


def is_org_name(text: str) -> bool:
    """The cell holds a body's name and nothing else (「江苏省某某局」)."""
    flat = squash(text)
    return flat in names_in(flat)


_TABLE_NUMBER = re.compile(r"^附?表(\d+(?:-\d+)?)$")


def _meta_row(texts: list[str], settings: TableSettings) -> bool:
    """A row of title, publisher, year or unit: every cell such a text, or a publisher's name
    beside a label of one (「部门：」 「江苏省某某局」 「单位：万元」)."""
    if all(_is_meta_text(t, settings) for t in texts):
        return True
    labelled = any(_META_CELL.search(squash(t)) for t in texts)
    return labelled and all(_is_meta_text(t, settings) or is_org_name(t) for t in texts)


def _is_meta_text(text: str, settings: TableSettings) -> bool:
    """A title, unit, year, date or publisher printed above a table, inside its grid."""
    flat = squash(text)
    if _META_CELL.search(flat) or flat.endswith("表"):
        return True
    return len(flat) <= settings.max_title_chars and _is_title(text)


def _is_title(text: str) -> bool:
    return kind_from_title(text) is not None and "表" in text


_new_row = maker(Row, "name", "code", "econ_gov_code", "econ_gov_name", "side", "group", "is_total", "depth",
                 "numbered", "indented", "values", "texts", "where", "level")
_new_grid_location = maker(Location, "file", "block", "line", "page", "sheet")
_new_column = maker(Column, "key", "label", "side", "index", "path", "group")
_new_table = maker(Table, "kind", "title", "number", "unit", "scheme", "columns", "rows", "where", "doubt")


def build_table(grid: Grid, block: int, ctx: GridContext, file: str, default_unit: Unit,
                settings: TableSettings = DEFAULT, origins: list[tuple[int, int]] | None = None) -> Table | None:
    """Make a Table of a grid that holds a standard table; None when it has no table shape.

    ``origins`` gives the (block, row) of each row of a grid joined from several blocks (a table
    continued over pages), so that every figure points at the block it was printed in."""
    rows, meta = split_meta_rows(grid.rows, settings)
    title, unit = _title_and_unit(ctx, meta)
    number = ctx.number or next((f"表{n.group(1)}" for t in meta if (n := _TABLE_NUMBER.match(squash(t)))), None)
    m = expand(rows, len(grid.rows) - len(rows))
    n_header = first_data_row(m)
    if n_header == 0:
        return None
    body = m.sub(n_header, len(m.rows))
    width = m.width if m.spanned else (data_width([r for r in map(body.texts, range(len(body.rows))) if any(r)])
                                       or max(len(r) for r in m.rows[:n_header]))
    headers = header_columns(m, n_header, width)
    if not m.spanned:  # a text dump: body rows that lost the cells their labels were merged over
        body = widen_short_rows(m.sub(n_header, len(m.rows)), width)
        m = Matrix(m.rows[:n_header] + body.rows, m.width, False, m.first_row)
    m, headers = _on_labelled_columns(m, headers)
    body = m.sub(n_header, len(m.rows))
    kind = kind_from_title(title) or kind_from_header(headers)
    if kind is None:
        return None
    header_text = "".join(c.full for c in headers)
    kind = refine(kind, title, header_text)
    unit = unit or stated_unit(header_text) or _labels_unit(headers) or default_unit
    body = _without_repeats(m, n_header, body)
    plans = plan_columns(body, headers, settings)
    two_sided = kind in TWO_SIDED
    parts = split_parts(plans, two_sided)
    readers = [_reader(part, headers, unit, file, block, two_sided, origins) for part in parts]
    columns = [_new_column(v.key, headers[v.index].full, r.part.side, v.index, headers[v.index].path, r.part.group)
               for r in readers for v in r.values]
    fields: list[RowFields] = []
    for i, slots in enumerate(body.rows):
        for reader in readers:
            f = reader.read(slots, body.first_row + i)
            if f is not None:
                fields.append(f)
    depths_from_indent(fields, settings.indent_step, settings.max_indent_levels)
    scheme = _scheme(parts, fields)
    kind = _by_scheme(kind, scheme)
    leveled = scheme is not Scheme.NONE
    out_rows = [_new_row(f.name, f.code, f.econ_gov_code, f.econ_gov_name, f.side, f.group, f.is_total, f.depth,
                         f.numbered, f.indented, f.values, f.texts, f.where,
                         _level(f.code) if leveled and f.code else None)
                for f in fields]
    doubt = _doubt(readers, fields, settings)
    return _new_table(kind, title, number, unit, scheme, columns, out_rows,
                      _new_grid_location(file, block, grid.line, grid.page, grid.sheet), doubt)


def _labels_unit(headers: list[HeaderColumn]) -> Unit | None:
    """The unit every labelled column that names one names (「合计（万元）」 「基本支出（万元）」)."""
    units = {u for h in headers if (u := label_unit(h.full)) is not None}
    return units.pop() if len(units) == 1 else None


def _on_labelled_columns(m: Matrix, headers: list[HeaderColumn]) -> tuple[Matrix, list[HeaderColumn]]:
    """A finely ruled grid read on the columns its header labels (see :func:`.matrix.collapse`)."""
    anchors = [h.index for h in headers if h.full]
    if not m.spanned or len(anchors) == len(headers) or len(anchors) < 2:
        return m, headers
    collapsed = collapse(m, anchors)
    if collapsed is None:
        return m, headers
    return collapsed, [HeaderColumn(k, headers[a].label, list(headers[a].groups)) for k, a in enumerate(anchors)]


def _title_and_unit(ctx: GridContext, meta: list[str]) -> tuple[str, Unit | None]:
    """The title (printed inside the grid when the text above it names no table) and the unit."""
    title, unit = ctx.title, ctx.unit
    titled = kind_from_title(title) is not None
    for text in meta:
        if unit is None:
            unit = stated_unit(text)
        first_line = text.split("\n")[0]
        if not titled and (_is_title(first_line) or (not title and first_line.endswith("表"))):
            title, titled = first_line, _is_title(first_line)
    if unit is None and title:
        unit = stated_unit(title) or label_unit(title)
    return title, unit


def _without_repeats(m: Matrix, n_header: int, body: Matrix) -> Matrix:
    """The body without the header rows a page break repeated, nor the rows numbering the columns."""
    header_set = {tuple(m.flats(i)) for i in range(n_header)}
    kept = [row for row in body.rows
            if tuple(s.flat for s in row) not in header_set and not is_column_number_row([s.text for s in row])]
    if len(kept) == len(body.rows):
        return body
    out = Matrix(kept, body.width, body.spanned, body.first_row)
    return out


def _value_key(col: HeaderColumn) -> str:
    return _key_of(col.label, col.group) or f"列{col.index + 1}"


@lru_cache(maxsize=4096)  # the same headers come back in every table of a kind
def _key_of(label: str, group: str) -> str:
    if label == "小计" and group:
        return column_key(group) or normalize_label(group)
    key = column_key(label)
    if key is None and group and not label:
        key = column_key(group)
    return key or normalize_label(label)


def _reader(part: Part, headers: list[HeaderColumn], unit: Unit, file: str, block: int,
            two_sided: bool, origins: list[tuple[int, int]] | None) -> PartReader:
    keys = {p.index: _value_key(headers[p.index]) for p in part.values}
    # the same key twice in one part: qualify by the group (中央/省级 each with 一般公共预算), else
    # keep the label (「上年预算数」 and 「本年预算数」 both mean 预算数), else number the columns
    seen = list(keys.values())
    for index, key in keys.items():
        if seen.count(key) > 1:
            h = headers[index]
            keys[index] = normalize_label(h.group) + key if h.group else normalize_label(h.label) or key
    again = list(keys.values())
    for n, (index, key) in enumerate(keys.items()):
        if again.count(key) > 1 and again.index(key) != n:
            keys[index] = f"{key}（第{index + 1}列）"
    values = [ValueColumn(i, k, label_unit(headers[i].label) or unit) for i, k in keys.items()]
    text_keys = {p.index: _value_key(headers[p.index]) for p in part.texts}
    return PartReader(part, values, text_keys, file, block, two_sided, origins)


_CODE_RE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_LEVEL_BY_LENGTH = {3: Level.CLASS, 5: Level.SECTION, 7: Level.ITEM}


@lru_cache(maxsize=8192)  # the same codes come back in every table and document
def _level(code: str) -> Level | None:
    if not _CODE_RE.match(code):
        return None
    return _LEVEL_BY_LENGTH.get(len(code))


def _guess_scheme(codes: list[str]) -> Scheme:
    firsts = {c[0] for c in codes if _CODE_RE.match(c)}
    if firsts == {"2"}:
        return Scheme.FUNCTION
    if firsts == {"3"}:
        return Scheme.ECON_DEPT
    if firsts == {"5"}:
        return Scheme.ECON_GOV
    return Scheme.NONE


_ECON_KINDS = {TableKind.BASIC_EXPENSE: TableKind.BASIC_EXPENSE_ECON,
               TableKind.GENERAL_EXPENSE: TableKind.GENERAL_EXPENSE_ECON}


def _by_scheme(kind: TableKind, scheme: Scheme) -> TableKind:
    """A 基本支出 or 一般公共预算支出 table coded by economic classification is its 经济分类 variant."""
    if scheme in (Scheme.ECON_DEPT, Scheme.ECON_GOV):
        return _ECON_KINDS.get(kind, kind)
    return kind


def _scheme(parts: list[Part], fields: list[RowFields]) -> Scheme:
    """The scheme the header names, else the one the codes read show (from a code column or from
    the name cells: 「2010301 行政运行」)."""
    coded = [p for p in parts if p.first(Role.CODE) is not None or p.code_parts]
    scheme = next((p.scheme for p in coded if p.scheme is not Scheme.NONE), Scheme.NONE)
    if scheme is Scheme.NONE and (coded or any(f.code for f in fields)):
        scheme = _guess_scheme([f.code for f in fields if f.code])
    return scheme


def _doubt(readers: list[PartReader], fields: list[RowFields], settings: TableSettings) -> str | None:
    """Why the reading of a table is not sure enough to judge its figures; None when it is."""
    words = sum(r.words_in_values for r in readers)
    figures = sum(len(f.values) for f in fields)
    if words and words >= settings.text_in_values_doubt * (words + figures):
        return f"金额列中有 {words} 个单元格是文字，列的位置可能未正确识别"
    for k, reader in enumerate(readers):
        unnamed = sum(1 for f in fields if f.values and not f.name and not f.code
                      and (f.side, f.group) == (reader.part.side, reader.part.group))
        if not reader.part.keys and unnamed > 1:
            where = f"第{k + 1}栏" if len(readers) > 1 else "表格"
            return f"{where}有金额而没有项目名称列（名称可能印在表格框线之外），无法确定各行的含义"
    return None


__all__ += ["Slot", "split_meta_rows"]
