"""Grids of standard tables → :class:`Table` with classification codes, levels and column keys."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from budgetlens.extract.builders import new_amount, new_cell_location
from budgetlens.extract.headers import (
    HeaderColumn,
    data_width,
    is_column_number_row,
    is_data_row,
    is_seq_label,
    resolve,
    squash,
)
from budgetlens.extract.numbers import EMPTY_MARKS, parse_number
from budgetlens.extract.units import label_unit, stated_unit
from budgetlens.model import Amount, Column, Level, Location, Row, Scheme, Side, Table, TableKind, Unit
from budgetlens.model.trusted import maker
from budgetlens.read.blocks import Cell, Grid
from budgetlens.reference.concepts import column_key, normalize_label

# Title keyword → kind, first match wins (specific before general).
_TITLE_PATTERNS: tuple[tuple[re.Pattern[str], TableKind], ...] = tuple((re.compile(p), kind) for p, kind in (
    (r"财政拨款收支(预算|决算)?总表", TableKind.FISCAL_SUMMARY),
    (r"收支(预算|决算)?总表", TableKind.SUMMARY),
    (r"收入(预算|决算)?总?表$", TableKind.INCOME),
    (r"收入(预算|决算)?总表", TableKind.INCOME),
    (r"(?<!基本)(?<!项目)支出(预算|决算)?总表", TableKind.EXPENSE),
    (r"部门(综合)?(预算|决算)?支出(预算|决算)?表$", TableKind.EXPENSE),
))
_TITLE_KINDS: tuple[tuple[str, TableKind], ...] = (
    ("三公", TableKind.THREE_PUBLIC),
    ("政府性基金", TableKind.GOV_FUND),
    ("政府基金", TableKind.GOV_FUND),
    ("国有资本经营", TableKind.STATE_CAPITAL),
    ("基本支出", TableKind.BASIC_EXPENSE),
    ("一般公共预算", TableKind.GENERAL_EXPENSE),
    ("专项业务经费支出", TableKind.PROJECT_EXPENSE),
    ("项目支出", TableKind.PROJECT_EXPENSE),
    ("政府采购", TableKind.PROCUREMENT),
    ("固定资产", TableKind.ASSETS),
    ("资产占用", TableKind.ASSETS),
    ("资产", TableKind.ASSETS),
    ("机构设置", TableKind.ORGANIZATION),
    ("资金分配", TableKind.FUND_ALLOCATION),
)

_CODE_RE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_CODE_IN_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s+(\S.*)$")
_NUMBERING = re.compile(
    r"^(?P<n>[一二三四五六七八九十]+、|\d+、|\d+\.(?!\d)|[（(]\d+[)）]|[（(][一二三四五六七八九十]+[)）]|其中[:：])"
)


@dataclass(slots=True)
class GridContext:
    """What surrounds a grid: the title, 表N number and unit stated before it."""

    title: str = ""
    number: str | None = None
    unit: Unit | None = None


def kind_from_title(title: str) -> TableKind | None:
    t = squash(title)
    for pattern, found in _TITLE_PATTERNS:
        if pattern.search(t):
            return found
    for word, kind in _TITLE_KINDS:
        if word in t:
            return kind
    return None


_META_CELL = re.compile(
    r"(单位[:：]|预算年度|年度[)）]?$|^[（(]?\d{4}年度?[)）]?|截止|编制(部门|单位)|填报单位|^\d{3,}[^\d\s]|表$|表\n)"
)


def split_meta_rows(rows: list[list[Cell]]) -> tuple[list[list[Cell]], list[str]]:
    """Leading rows that carry the title, entity, year and unit rather than table content."""
    meta: list[str] = []
    i = 0
    while i < len(rows):
        texts = [c.text.strip() for c in rows[i] if c.text.strip()]
        if not texts or len(texts) > 3:
            break
        if all(_META_CELL.search(squash(t)) or t.endswith("表") for t in texts) and not is_data_row(
            [c.text for c in rows[i]]
        ):
            meta.extend(texts)
            i += 1
            continue
        break
    return rows[i:], meta


@dataclass(slots=True)
class _Segment:
    """A name column and the value columns after it (two-sided tables have several)."""

    name: int | None
    code: int | None = None
    code2: int | None = None
    name2: int | None = None
    values: list[int] | None = None
    side: Side | None = None
    scheme: Scheme = Scheme.NONE
    group: str | None = None


def _role(col: HeaderColumn) -> str:
    label = col.label
    if is_seq_label(label):
        return "seq"
    if "编码" in label or "代码" in label:
        return "code"
    if "名称" in label or label in ("项目", "科目", "地区", "单位") or ("科目" in label and "按大类" in label):
        return "name"
    return "value"


def _scheme_of_label(label: str) -> Scheme:
    if "功能" in label:
        return Scheme.FUNCTION
    if "政府" in label and "经济" in label:
        return Scheme.ECON_GOV
    if "经济" in label:
        return Scheme.ECON_DEPT
    return Scheme.NONE


def _side_of(col: HeaderColumn) -> Side | None:
    g = col.group + col.label
    if g.startswith("收入") or "收入" in col.group:
        return Side.INCOME
    if g.startswith("支出") or "支出" in col.group:
        return Side.EXPENSE
    return None


def _segments(cols: list[HeaderColumn], two_sided: bool) -> list[_Segment]:
    segs: list[_Segment] = []
    cur: _Segment | None = None
    for col in cols:
        role = _role(col)
        if role == "seq":
            continue
        if not two_sided and cur is not None and role == "name" and cur.name is not None and cur.values:
            role = "value"  # e.g. 采购物品名称 after the project columns: a text column
        starts_new = cur is None or (two_sided and role in ("code", "name") and bool(cur.values))
        if starts_new:
            cur = _Segment(name=None, values=[])
            segs.append(cur)
        assert cur is not None and cur.values is not None
        if role == "code":
            if cur.code is None:
                cur.code = col.index
                cur.scheme = _scheme_of_label(col.full)
            else:
                cur.code2 = col.index
        elif role == "name":
            if cur.name is None:
                cur.name = col.index
                if cur.scheme is Scheme.NONE:
                    cur.scheme = _scheme_of_label(col.label)
            else:
                cur.name2 = col.index
        else:
            cur.values.append(col.index)
        if two_sided and cur.side is None:
            cur.side = _side_of(col)
    if two_sided and segs and all(seg.side is None for seg in segs):
        # No 收入/支出 header row: the first column group is the income side by convention.
        for k, seg in enumerate(segs):
            seg.side = Side.INCOME if k == 0 else Side.EXPENSE
    if two_sided:
        for seg in segs:
            if seg.name is not None and seg.scheme is not Scheme.NONE:
                seg.group = seg.scheme.value
    return segs


def _value_key(col: HeaderColumn) -> str:
    label = col.label
    if label == "小计" and col.group:
        return column_key(col.group) or normalize_label(col.group)
    key = column_key(label)
    if key is None and col.group and not label:
        key = column_key(col.group)
    return key or normalize_label(label) or f"列{col.index + 1}"


@lru_cache(maxsize=8192)  # row names repeat across the tables of a document and across documents
def _depth_and_name(raw: str) -> tuple[int, str]:
    s = squash(raw)
    m = _NUMBERING.match(s)
    if not m:
        return 0, normalize_label(raw)
    n = m.group("n")
    if n.startswith("其中"):
        depth = 1
    elif n[0] in "一二三四五六七八九十":
        depth = 0
    elif n[0] in "（(":
        depth = 2 if n[1].isdigit() else 1
    else:
        depth = 1
    return depth, normalize_label(s[m.end():]) or normalize_label(s)


_LEVEL_BY_LENGTH = {3: Level.CLASS, 5: Level.SECTION, 7: Level.ITEM}


@lru_cache(maxsize=8192)  # the same codes come back in every table and document
def _level(code: str) -> Level | None:
    if not _CODE_RE.match(code):
        return None
    return _LEVEL_BY_LENGTH.get(len(code))


# Rows, figures and their places are made from values just parsed into the declared types: no
# validation needed (see budgetlens.model.trusted). A row's fields in the order _segment_row gives them.
_ROW_FIELDS = ("name", "code", "econ_gov_code", "econ_gov_name", "side", "group", "is_total", "depth", "values",
               "texts", "where", "level")
_new_row = maker(Row, *_ROW_FIELDS)
_new_grid_location = maker(Location, "file", "block", "line", "page", "sheet")
_new_column = maker(Column, "key", "label", "side", "index")
_new_table = maker(Table, "kind", "title", "number", "unit", "scheme", "columns", "rows", "where")
_RowFields = tuple[str, str | None, str | None, str | None, Side | None, str | None, bool, int, dict[str, Amount],
                   dict[str, str], Location]


def _guess_scheme(codes: list[str]) -> Scheme:
    firsts = {c[0] for c in codes if _CODE_RE.match(c)}
    if firsts == {"2"}:
        return Scheme.FUNCTION
    if firsts == {"3"}:
        return Scheme.ECON_DEPT
    if firsts == {"5"}:
        return Scheme.ECON_GOV
    return Scheme.NONE


def build_table(grid: Grid, block: int, ctx: GridContext, file: str, default_unit: Unit) -> Table | None:
    """Make a Table of a grid that holds a standard table; None when it has no table shape."""
    rows, meta = split_meta_rows(grid.rows)
    title = ctx.title
    unit = ctx.unit
    for text in meta:
        if unit is None:
            unit = stated_unit(text)
        if not title and (text.endswith("表") or "表\n" in text):
            title = text.split("\n")[0]
    texts = [[c.text for c in r] for r in rows]
    first_data = next((i for i, r in enumerate(texts) if is_data_row(r)), len(texts))
    header = texts[:first_data]
    body_rows = rows[first_data:]
    if not header:
        return None
    width = data_width([r for r in texts[first_data:] if any(map(str.strip, r))]) or max(
        len(r) for r in header
    )
    cols = resolve(header, width)
    kind = kind_from_title(title) or _kind_from_header(cols)
    if kind is None:
        return None
    header_text = "".join(c.full for c in cols)
    if kind in (TableKind.BASIC_EXPENSE, TableKind.GENERAL_EXPENSE) and (
        "经济" in header_text or "经济分类" in squash(title)
    ):
        kind = TableKind.BASIC_EXPENSE_ECON if kind is TableKind.BASIC_EXPENSE else TableKind.GENERAL_EXPENSE_ECON
    if unit is None:
        unit = stated_unit(header_text) or default_unit
    two_sided = kind in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY)
    segs = _segments(cols, two_sided)
    col_units = {c.index: (label_unit(c.label) or unit) for c in cols}
    col_keys = {c.index: _value_key(c) for c in cols}
    for seg in segs:  # the same key twice in one row (e.g. 中央/省级 each with 一般公共预算): qualify by group
        keys = [col_keys[i] for i in seg.values or []]
        for i in seg.values or []:
            if keys.count(col_keys[i]) > 1 and cols[i].group:
                col_keys[i] = normalize_label(cols[i].group) + col_keys[i]
    columns: list[Column] = []
    for seg in segs:
        for vi in seg.values or []:
            columns.append(_new_column(col_keys[vi], cols[vi].full, seg.side, vi))
    value_cols = [[(vi, col_keys[vi], col_units[vi]) for vi in seg.values or []] for seg in segs]
    header_set = {tuple(squash(x) for x in r) for r in header}
    header_firsts = {key[0] for key in header_set if key}
    # Row fields first, Rows once the scheme (guessed from all the codes) gives their levels.
    row_fields: list[_RowFields] = []
    first_index = len(grid.rows) - len(rows) + first_data
    for r_index, (cells, cell_texts) in enumerate(zip(body_rows, texts[first_data:], strict=True), first_index):
        repeated = bool(cells) and squash(cell_texts[0]) in header_firsts and (
            tuple(squash(t) for t in cell_texts) in header_set)
        if repeated or is_column_number_row(cell_texts):
            continue  # a header repeated after a page break
        for seg, seg_cols in zip(segs, value_cols, strict=True):
            fields = _segment_row(seg, seg_cols, cells, file, block, r_index, two_sided)
            if fields is not None:
                row_fields.append(fields)
    scheme = next((s.scheme for s in segs if s.code is not None and s.scheme is not Scheme.NONE), Scheme.NONE)
    if scheme is Scheme.NONE and any(s.code is not None for s in segs):
        scheme = _guess_scheme([f[1] for f in row_fields if f[1]])
    leveled = scheme is not Scheme.NONE
    out_rows = [_new_row(*f, _level(f[1]) if leveled and f[1] else None) for f in row_fields]
    return _new_table(kind, title, ctx.number, unit, scheme, columns, out_rows,
                      _new_grid_location(file, block, grid.line, grid.page, grid.sheet))


def _kind_from_header(cols: list[HeaderColumn]) -> TableKind | None:
    text = "".join(c.full for c in cols)
    if "功能分类" in text and "基本支出" in text:
        return TableKind.EXPENSE
    if "经济分类" in text and ("人员经费" in text or "公用经费" in text):
        return TableKind.BASIC_EXPENSE_ECON
    if "采购" in text and "数量" in text:
        return TableKind.PROCUREMENT
    return None


def _cell(cells: list[Cell], i: int | None) -> Cell | None:
    """Cell ``i`` of a grid row; None when there is no such column or the row is short."""
    return cells[i] if i is not None and i < len(cells) else None


def _segment_row(
    seg: _Segment,
    value_cols: list[tuple[int, str, Unit]],
    cells: list[Cell],
    file: str,
    block: int,
    r_index: int,
    two_sided: bool,
) -> _RowFields | None:
    """The fields of the :class:`Row` a segment of a grid row makes (``_ROW_FIELDS`` but its level); None when empty."""
    name_cell = _cell(cells, seg.name)
    raw_name = name_cell.text.strip() if name_cell else ""
    code_cell = _cell(cells, seg.code)
    code = squash(code_cell.text) if code_cell else ""
    if not code:
        m = _CODE_IN_NAME.match(raw_name)
        if m:
            code, raw_name = m.group(1), m.group(2)
    values: dict[str, Amount] = {}
    row_texts: dict[str, str] = {}
    n_cells = len(cells)
    for vi, key, unit in value_cols:
        if vi >= n_cells:
            continue
        c = cells[vi]
        raw = c.text.strip()
        if raw in EMPTY_MARKS:
            continue
        parsed = parse_number(raw)
        if parsed is None:
            row_texts[key] = raw
            continue
        value, decimals = parsed
        values[key] = new_amount(value, unit, decimals, raw,
                                  new_cell_location(file, block, r_index, vi, c.line, c.page))
    if not raw_name and not code and not values:
        return None
    depth, name = _depth_and_name(raw_name) if raw_name else (0, "")
    is_total = name in ("合计", "总计") or (two_sided and ("合计" in name or "总计" in name)) or name.endswith("小计")
    code2_cell = _cell(cells, seg.code2)
    name2_cell = _cell(cells, seg.name2)
    where_cell = name_cell or code_cell or cells[0]
    return (
        name, code or None, (squash(code2_cell.text) if code2_cell else None) or None,
        (name2_cell.text.strip() if name2_cell else None) or None, seg.side, seg.group, is_total, depth, values,
        row_texts,
        new_cell_location(file, block, r_index, seg.name if seg.name is not None else seg.code, where_cell.line,
                           where_cell.page),
    )
