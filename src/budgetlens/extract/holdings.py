"""Contents listings, organisation, procurement, assets and staff.

Contents lists (the 目录 of the tables a disclosure publishes) and 机构设置 grids come in many
templates; neither is recognised by one template's words or read by column position:

* a **contents list** is a grid with a column of table titles (most of them names
  :func:`~budgetlens.extract.table.kinds.kind_from_title` knows), read with the roles its header
  gives its columns (表号/序号, 报表名称, 是否空表 or 公开/空表 marks, 空表理由/备注, 页码) or, without a
  header, the roles their content shows (a column of 表N numbers, of 是/否 or √ marks, of page
  numbers). Two lists printed side by side are read one after the other. The 目录 printed as
  paragraphs (「一、收支总表……5」, 「表1：收入支出决算总表」) is read by :func:`find_contents`;
* a **机构设置 grid** has a column of unit names beside columns its header names (单位性质,
  单位规格, 经费保障形式, or, in a list of the units making up a department, only 序号 and 备注);
* the **procurement list** is one level of the 政府采购 table's rows: when the table is classified
  by 支出功能分类 codes (类/款/项), the top level printed; when classification rows group the
  purchases printed under them, the purchases.

Every threshold these readers use is a field of :class:`HoldingsSettings`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from decimal import Decimal

from budgetlens.extract.headers import Roles, header_role, squash
from budgetlens.extract.metadata import NAME_QUALIFIERS, ORG_ENDINGS, normalize_brackets
from budgetlens.extract.numbers import ascii_digits, parse_number
from budgetlens.extract.table.kinds import kind_from_title
from budgetlens.extract.table.matrix import expand
from budgetlens.model import (
    Amount,
    AssetItem,
    AssetSummary,
    ContentsEntry,
    Level,
    Location,
    OrgUnit,
    Procurement,
    ProcurementItem,
    Row,
    StaffSummary,
    Table,
)
from budgetlens.read.blocks import Block, Cell, Grid, Paragraph
from budgetlens.reference.titles import normalize_title


@dataclass(frozen=True, slots=True)
class HoldingsSettings:
    """Every threshold of the contents, organisation and procurement readers, named in one place."""

    header_rows: int = 4
    """The header row of a contents list or an organisation grid is among its first rows."""
    min_entries: int = 3
    """A contents list lists at least this many tables; an organisation list at least one unit."""
    title_share: float = 0.6
    """A column holds table titles when at least this share of its filled cells name a table (…表)."""
    known_share: float = 0.5
    """…and at least this share of the titles are of a kind :func:`kind_from_title` knows."""
    column_share: float = 0.8
    """A column holds numbers, marks or page numbers (content deciding its role) at this share."""
    org_name_share: float = 0.6
    """A list with no 性质/规格/经费 column is an organisation list when this share of its names are
    names of bodies (…局, …中心, …（本级）)."""
    max_name_chars: int = 80
    """A longer cell is prose, not a table's title or a unit's name."""
    toc_search_blocks: int = 80
    """The 目录 heading is among the first blocks of a document."""
    toc_max_pages: int = 3
    """A 目录 of paragraphs runs over at most this many pages."""
    toc_line_max_chars: int = 60
    """A line of a 目录 holds at most this many characters per entry (a longer one is body text)."""
    unnamed_doubt: float = 0.5
    """A procurement list whose lines are unnamed at this share was misread (names lost): doubt."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float) and not 0.0 < value <= 1.0:
                raise ValueError(f"HoldingsSettings.{f.name} must be a share in (0, 1], not {value!r}")
            if isinstance(value, int) and value < 1:
                raise ValueError(f"HoldingsSettings.{f.name} must be at least 1, not {value!r}")


DEFAULT = HoldingsSettings()

def _share(cells: list[str], test: Callable[[str], bool]) -> float:
    """The share of the filled ``cells`` that pass ``test`` (0 when none is filled)."""
    filled = [c for c in cells if c]
    return sum(1 for c in filled if test(c)) / len(filled) if filled else 0.0


def _texts(grid: Grid) -> list[list[str]]:
    """The grid's rows as texts, one a column (a spanning cell's text in its first column), all as wide."""
    m = expand(grid.rows)
    rows = [[s.flat for s in row] for row in m.rows]
    return [row + [""] * (m.width - len(row)) for row in rows]


def _cells(grid: Grid) -> list[list[Cell | None]]:
    """The printed cell at each column of each row (None where a spanning cell goes on, or none is)."""
    m = expand(grid.rows)
    return [[s.cell if s.head else None for s in row] + [None] * (m.width - len(row)) for row in m.rows]


def _is_money(text: str) -> bool:
    parsed = parse_number(text)
    return parsed is not None and parsed[1] > 0


# ---------------------------------------------------------------- contents lists

#: Contents list columns by their header words (first fit wins).
CONTENTS_ROLES: Roles = (
    ("reason", ("理由", "原因", "说明", "备注"), "in"),
    ("empty", ("空表", "是否为空", "有无数据"), "in"),
    ("public", ("是否公开", "公开情况", "公开"), "start"),
    ("page", ("页码", "页次", "页号", "所在页"), "in"),
    ("page", ("页",), "eq"),
    ("number", ("表号", "表序", "表次", "编号", "序号"), "in"),
    ("number", ("报表", "表", "表格"), "eq"),
    ("name", ("名称", "表名", "内容", "报表", "目录", "标题"), "in"),
)
_NUMERAL = "一二三四五六七八九十"
_TABLE_NO = re.compile(rf"^附?表\s*([\d{_NUMERAL}]+(?:[-－—]\d+)?)$")
_SEQ = re.compile(rf"^(?:\d{{1,3}}|[{_NUMERAL}]{{1,3}})[、.．]?$")
_PAGE = re.compile(r"^第?\d{1,3}(?:[-－—~～]\d{1,3})?页?$")
# A title's leading number: 「表1：」「附表3」「一、」「（二）」「3.」 (the 表N kept as the entry's number).
_LEADING = re.compile(
    rf"^(?:附?表\s*(?P<no>[\d{_NUMERAL}]+(?:[-－—]\d+)?)\s*[:：、.．]?|[（(][{_NUMERAL}\d]{{1,3}}[)）]|"
    rf"[{_NUMERAL}]{{1,3}}[、.．]|\d{{1,3}}(?:[、．)）]|\.(?!\d)|\.(?=(?:19|20)\d{{2}}年)))\s*"
)
# Leaders and a page number after a title: 「……5」「....12」「 12」, Word's 「PAGEREF _Toc123 \h 5」.
_TRAILING = re.compile(r"(?:\s*PAGEREF\s+\S+\s*\\?h)?\s*(?:[.…·．。\-_—]{2,}|\s)\s*(?P<page>\d{1,3})?\s*$")
_PART = re.compile(rf"^第[{_NUMERAL}\d]+部分")
_NOTE = re.compile(r"^(?:注|说明|备注|填表说明|附注)[:：\d]")
_BOOK = str.maketrans("", "", "《》〈〉")
_MARK_YES = frozenset({"是", "√", "✓", "✔", "☑", "空表", "空", "是（空表）", "Y", "y"})
_MARK_NO = frozenset({"否", "×", "✗", "✘", "╳", "非空表", "不是", "有数据", "公开", "N", "n"})
_BRACKET_TAIL = re.compile(r"[（(][^（()）]*[)）]$")
_GENERIC = re.compile(r"^(?:报?表|附表|表格)?$")
TITLE_MIN_CHARS = 3  # the shortest title names its subject and 表 (「收入表」)


@dataclass(frozen=True, slots=True)
class _Title:
    number: str | None
    name: str
    page: str | None


def _parse_title(text: str) -> _Title:
    """「表1：部门收支总表……3」「一、《收入总表》」 → number 表1 (only a 表N), name, page."""
    s = normalize_brackets(text.strip()).translate(_BOOK)
    page = None
    m = _TRAILING.search(s)
    if m and m.start() > 0 and (m.group("page") or m.group(0).strip()):
        page, s = m.group("page"), s[: m.start()]
    number = None
    lead = _LEADING.match(s.strip())
    s = s.strip()
    if lead:
        if lead.group("no"):
            number = "表" + ascii_digits(lead.group("no"))
        s = s[lead.end():]
    return _Title(number, squash(s).translate(_BOOK), page)


def is_table_title(name: str, settings: HoldingsSettings = DEFAULT) -> bool:
    """The text names a table: 「…表」 (a bracketed qualifier after it allowed), or a kind known by its title."""
    if not name or len(name) > settings.max_name_chars or _PART.match(name) or _NOTE.match(name):
        return False
    bare = name
    while _BRACKET_TAIL.search(bare):
        bare = _BRACKET_TAIL.sub("", bare)
    if len(bare) < TITLE_MIN_CHARS or _GENERIC.match(normalize_title(bare)):
        return False  # 「表」「附表」 (a number's word), 「单位预算表」「部门决算报表」 (a part's heading)
    return bare.endswith("表") or kind_from_title(name) is not None


def _is_title_cell(text: str, settings: HoldingsSettings) -> bool:
    return is_table_title(_parse_title(text).name, settings)


def _mark(text: str) -> bool | None:
    t = squash(text)
    return True if t in _MARK_YES else False if t in _MARK_NO else None


@dataclass(slots=True)
class _ContentsLayout:
    header: int  # the header row, -1 when the list prints none
    lists: list[dict[str, int]]  # one a list printed side by side: role → column


def _contents_header(texts: list[list[str]], settings: HoldingsSettings) -> tuple[int, dict[int, str]]:
    """The header row of a contents list (two or more columns named, one of them the name or the
    number, no table title among them) and its roles; (-1, {}) when it prints none."""
    for i, row in enumerate(texts[: settings.header_rows]):
        roles = {k: r for k, t in enumerate(row) if t and (r := header_role(t, CONTENTS_ROLES)) is not None}
        if len(roles) >= 2 and {"name", "number"} & set(roles.values()) and not any(
                _is_title_cell(t, settings) for k, t in enumerate(row) if t and k not in roles):
            return i, roles
    return -1, {}


def _content_role(cells: list[str], after_name: bool, settings: HoldingsSettings) -> str | None:
    """A column's role from what it holds: 表N or 1, 2, 3 (the number), marks (the emptiness), pages."""
    if not any(cells):
        return None
    if _share(cells, lambda t: bool(_TABLE_NO.match(t))) >= settings.column_share:
        return "number"
    if _share(cells, lambda t: _mark(t) is not None) >= settings.column_share:
        return "empty"
    if _share(cells, lambda t: bool(_PAGE.match(t) or _SEQ.match(t))) >= settings.column_share:
        return "page" if after_name else "number"
    return None


def _contents_layout(grid: Grid, settings: HoldingsSettings = DEFAULT) -> _ContentsLayout | None:
    if sum(1 for row in grid.rows for c in row if "表" in c.text) < settings.min_entries:
        return None  # every grid is asked: a list of tables names 「…表」 in many cells
    texts = _texts(grid)
    header, head_roles = _contents_header(texts, settings)
    body = texts[header + 1:]
    width = len(texts[0]) if texts else 0
    columns = [[row[k] for row in body] for k in range(width)]
    names = [k for k, col in enumerate(columns)
             if sum(1 for t in col if _is_title_cell(t, settings)) >= settings.min_entries
             and _share(col, lambda t: _is_title_cell(t, settings)) >= settings.title_share]
    if not names:
        return None
    lists: list[dict[str, int]] = [{"name": k} for k in names]
    for k, col in enumerate(columns):
        if k in names:
            continue
        after = any(n < k for n in names)
        role = head_roles.get(k) or _content_role(col, after, settings)
        if role is None or role == "name":
            if _share(col, _is_money) >= settings.column_share:
                return None  # a column of amounts: a table of figures, not a list of tables
            continue
        # a number goes with the list on its right, any other column with the list on its left
        i = sum(1 for n in names if n < k) - (0 if role == "number" else 1)
        i = min(max(i, 0), len(lists) - 1)
        lists[i].setdefault(role, k)
    layout = _ContentsLayout(header, lists)
    titles = [e.name for e in _entries(grid, 0, "", layout, settings)]
    if len(titles) < settings.min_entries:
        return None
    if sum(1 for t in titles if kind_from_title(t) is not None) < settings.known_share * len(titles):
        return None
    return layout


def is_contents_grid(grid: Grid, settings: HoldingsSettings = DEFAULT) -> bool:
    """A grid listing the tables a disclosure publishes (see the module's docstring)."""
    return _contents_layout(grid, settings) is not None


def build_contents(grid: Grid, block: int, file: str, settings: HoldingsSettings = DEFAULT) -> list[ContentsEntry]:
    layout = _contents_layout(grid, settings)
    return _entries(grid, block, file, layout, settings) if layout is not None else []


def _entries(grid: Grid, block: int, file: str, layout: _ContentsLayout,
             settings: HoldingsSettings) -> list[ContentsEntry]:
    cells = _cells(grid)
    out: list[ContentsEntry] = []
    for cols in layout.lists:
        for r in range(layout.header + 1, len(cells)):
            entry = _entry(cells[r], cols, settings, file, block, r)
            if entry is not None:
                out.append(entry)
    return out


def _entry(row: list[Cell | None], cols: dict[str, int], settings: HoldingsSettings, file: str, block: int,
           r: int) -> ContentsEntry | None:
    def text(role: str) -> str:
        k = cols.get(role)
        cell = row[k] if k is not None and k < len(row) else None
        return cell.text.strip() if cell is not None else ""

    name_cell = row[cols["name"]]
    if name_cell is None:
        return None
    title = _parse_title(name_cell.text)
    number_text = squash(text("number"))
    m = _TABLE_NO.match(number_text)
    number = ("表" + ascii_digits(m.group(1))) if m else title.number
    if not title.name or _NOTE.match(title.name) or _PART.match(title.name):
        return None
    if not (is_table_title(title.name, settings) or m):
        return None
    reason = text("reason") or None
    empty = _emptiness(cols, squash(text("empty")), squash(text("public")), reason)
    where = Location(file=file, block=block, row=r, col=cols["name"], line=name_cell.line, page=name_cell.page)
    return ContentsEntry(number=number, name=title.name, empty=empty, reason=reason, where=where)


def _emptiness(cols: dict[str, int], empty: str, public: str, reason: str | None) -> bool | None:
    """Whether a listed table is empty: its 是否空表 (or 空表, 公开/空表) cell; with a 公开 column beside
    a blank 空表 cell, a table marked published is not empty; without such columns, a reason
    saying 空表. None when the list does not say."""
    if "empty" in cols:
        if empty:
            mark = _mark(empty)
            return mark if mark is not None else ("空表" in empty and "非空表" not in empty) or None
        return False if "public" in cols and (public == "公开" or _mark(public) is True) else None
    if "public" in cols:
        return True if "空表" in public else None
    return True if reason and "空表" in squash(reason) else None


def find_contents(blocks: list[Block], file: str, settings: HoldingsSettings = DEFAULT) -> list[ContentsEntry]:
    """The tables a 目录 printed as paragraphs lists: under a 「目录」 heading, lines of numbered titles
    with leaders and page numbers (「一、收支总表……5」「表1：收入支出决算总表 3」), several run
    together in one paragraph or one a paragraph; only the lines naming a table are entries."""
    start = next((i for i, b in enumerate(blocks[: settings.toc_search_blocks])
                  if isinstance(b, Paragraph) and squash(b.text) in _TOC_HEADINGS), None)
    if start is None:
        return []
    first_page = blocks[start].page
    seen: set[str] = set()
    out: list[ContentsEntry] = []
    for j in range(start + 1, len(blocks)):
        b = blocks[j]
        if isinstance(b, Grid) and len(b.rows) == 1:
            text = "".join(c.text for c in b.rows[0])  # a numbered line the reader took for a one-row grid
        elif isinstance(b, Paragraph):
            text = b.text
        else:
            break
        if first_page is not None and b.page is not None and b.page - first_page >= settings.toc_max_pages:
            break
        lines = _toc_lines(text)
        if not lines or any(line in seen for line in lines) or any(
                len(line) > settings.toc_line_max_chars for line in lines):
            break  # body text, or the body's first heading repeating the 目录's first line
        seen.update(lines)
        for line in lines:
            title = _parse_title(line)
            # a line of prose names a table only by a kind known from its title, or a target form: a
            # heading over the tables (「四、2026年某局预算公开表」) ends in 表 too
            known = kind_from_title(title.name) is not None or "绩效" in title.name
            if known and is_table_title(title.name, settings):
                where = Location(file=file, block=j, line=b.line, page=b.page)
                out.append(ContentsEntry(number=title.number, name=title.name, where=where))
    return out if len(out) >= settings.min_entries else []


_TOC_HEADINGS = frozenset({"目录", "目次", "公开目录", "报表目录"})  # as squashed: 「目  录」 is 目录
# Where one line of a 目录 ends inside a paragraph: after leaders and a page number, or before the
# next numbered title right after a title (「…预算表十、政府性基金…」「…总表 表2：…」).
_TOC_BREAK = re.compile(
    r"(?:PAGEREF\s+\S+\s*\\?h\s*\d{0,3}|[.…·．。_]{3,}\s*(?:\d{1,3}(?![\d.．、]))?|(?<=\S)\s+\d{1,3}(?=\s|$|附?表\s*\d|[一二三四五六七八九十]{1,3}[、.．]))"
    rf"|(?<=[^附\s][表》])\s*(?=[{_NUMERAL}]{{1,3}}[、.．]|[（(][{_NUMERAL}\d]{{1,3}}[)）]|附?表\s*\d+\s*[:：、.．\s]"
    r"|\d{1,2}(?:[、．]|\.(?!\d)|\.(?=(?:19|20)\d{2}年)))"
)


def _toc_lines(text: str) -> list[str]:
    out: list[str] = []
    for part in _TOC_BREAK.split(text):
        for line in part.splitlines():
            s = squash(line)
            if s and not s.isdigit():
                out.append(s)
    return out


# ---------------------------------------------------------------- 机构设置

#: Organisation grid columns by their header words (first fit wins).
ORG_ROLES: Roles = (
    ("seq", ("序号",), "eq"),
    ("code", ("单位编码", "单位代码", "机构编码", "机构代码", "统一社会信用代码"), "in"),
    ("code", ("编码", "代码"), "eq"),
    ("nature", ("单位性质", "机构性质", "单位类型", "单位类别", "机构类型", "机构类别"), "in"),
    ("nature", ("性质", "类型", "类别"), "eq"),
    ("rank", ("规格", "级别"), "in"),
    ("funding", ("经费保障", "经费形式", "经费来源", "经费供给", "经费渠道", "保障形式"), "in"),
    ("staff", ("编制", "人数", "职数"), "in"),
    ("note", ("备注", "说明", "变动情况"), "in"),
    ("name", ("单位名称", "机构名称", "内设机构", "科室名称", "处室名称", "部门名称", "所属单位", "下属单位",
              "预算单位"), "in"),
    ("name", ("名称", "单位", "机构", "科室", "处室"), "eq"),
)
_DESCRIBING = frozenset({"nature", "rank", "funding"})
_UNIT_ENDINGS = (*ORG_ENDINGS, "科", "股", "室", "组")
_QUALIFIER_TAIL = re.compile(r"[（(](?:" + "|".join(NAME_QUALIFIERS) + r"|机关|[^（()）]{0,12}单位)[)）]$|本级$")


def is_unit_name(text: str) -> bool:
    """「…局」「…中心」「…股」「…财政局（本级）」: the name of a body or of a unit inside one."""
    s = _QUALIFIER_TAIL.sub("", normalize_brackets(squash(text)))
    return 2 <= len(s) <= DEFAULT.max_name_chars and s.endswith(_UNIT_ENDINGS)


def _org_layout(grid: Grid, settings: HoldingsSettings = DEFAULT) -> tuple[int, dict[str, int]] | None:
    """The header row of an organisation grid and its columns (role → column), or None.

    A header naming the units and describing them (单位性质, 单位规格, 经费保障形式) is enough; a list
    with only 序号/备注/编码 beside the names needs names of bodies in most rows and no figures."""
    head = grid.rows[: settings.header_rows]
    if not any(header_role(c.text, ORG_ROLES) == "name" for row in head for c in row if c.text):
        return None  # every grid is asked: no header names units (the whole grid need not be laid out)
    texts = _texts(grid)
    for h, row in enumerate(texts[: settings.header_rows]):
        roles = {k: r for k, t in enumerate(row) if t and (r := header_role(t, ORG_ROLES)) is not None}
        cols: dict[str, int] = {}
        for k, role in roles.items():
            cols.setdefault(role, k)
        if "name" not in cols:
            continue
        body = texts[h + 1:]
        if any(_share([r[k] for r in body], _is_money) >= settings.column_share for k in range(len(row))):
            continue  # a column of amounts: a table of figures
        named = len([t for t in row if t])
        if _DESCRIBING & cols.keys() and 2 * len(roles) >= named:
            return h, cols
        if len(roles) < named or len(cols) < 2:
            continue  # a column the header names otherwise: some other table
        if _share([r[cols["name"]] for r in body], is_unit_name) >= settings.org_name_share:
            return h, cols
    return None


def is_organization_grid(grid: Grid, settings: HoldingsSettings = DEFAULT) -> bool:
    return _org_layout(grid, settings) is not None


def build_organization(grid: Grid, settings: HoldingsSettings = DEFAULT) -> list[OrgUnit]:
    layout = _org_layout(grid, settings)
    if layout is None:
        return []
    h, cols = layout
    out: list[OrgUnit] = []
    for row in _cells(grid)[h + 1:]:
        def text(role: str, row: list[Cell | None] = row) -> str | None:
            k = cols.get(role)
            cell = row[k] if k is not None and k < len(row) else None
            return (cell.text.strip() or None) if cell is not None else None

        name = text("name")
        if name is None or _GRAND_TOTAL.match(squash(name)) or "小计" in name:
            continue
        if _NOTE.match(squash(name)):
            break
        out.append(OrgUnit(name=squash(name), nature=text("nature"), rank=text("rank"), funding=text("funding"),
                           code=text("code"), note=text("note")))
    return out


# ---------------------------------------------------------------- procurement


def _num(row_values: dict[str, Amount], *keys: str) -> Amount | None:
    for key in keys:
        if key in row_values:
            return row_values[key]
    return None


_FUNDING_KEYS = ("一般公共预算", "政府性基金", "国有资本经营", "财政专户", "其他收入", "单位资金", "财政拨款")
_LEVEL_ORDER = {Level.CLASS: 0, Level.SECTION: 1, Level.ITEM: 2}
_GRAND_TOTAL = re.compile(r"^(?:合计|总计)")


def _is_total_row(row: Row) -> bool:
    return row.is_total or "小计" in row.name or bool(_GRAND_TOTAL.match(row.name))


def _procurement_total(rows: list[Row]) -> Amount | None:
    """The 合计/总计 row's amount; without one, the one 小计 (a list of one department's purchases)."""
    totals = [r for r in rows if _is_total_row(r)]
    grand = [r for r in totals if _GRAND_TOTAL.match(r.name) or ("小计" not in r.name and r.is_total)]
    chosen = grand or (totals if len(totals) == 1 else [])
    return _num(chosen[0].values, "合计", "金额") if chosen else None


def item_rows(rows: list[Row]) -> list[Row]:
    """The rows that are the procurement list's items: the rows of one level, never a row and its parts.

    A table classified by 支出功能分类 codes lists 类, 款 and 项 rows, each the sum of the next: the
    items are the top level printed. Classification rows grouping purchases printed under them
    (rows without a code) head their groups: the items are the rows no deeper row follows. Rows
    numbered at several depths (一、 over 1.) give the top depth when every row is numbered."""
    body = [r for r in rows if not _is_total_row(r)]
    coded = [r for r in body if r.level is not None]
    if coded and len(coded) == len(body):
        top = min(_LEVEL_ORDER[r.level] for r in coded if r.level is not None)
        return [r for r in body if r.level is not None and _LEVEL_ORDER[r.level] == top]
    if coded:
        ranks = [_LEVEL_ORDER[r.level] if r.level is not None else len(_LEVEL_ORDER) for r in body]
        return [r for i, r in enumerate(body) if i + 1 == len(body) or ranks[i + 1] <= ranks[i]]
    depths = {r.depth for r in body}
    if body and all(r.numbered for r in body) and len(depths) > 1:
        return [r for r in body if r.depth == min(depths)]
    return body


def _procurement_item(row: Row) -> ProcurementItem:
    item_name = row.texts.get("采购物品名称") or row.texts.get("采购项目") or ""
    quantity = row.values.get("数量")
    return ProcurementItem(
        item=item_name or row.name,
        project=row.name or None,
        project_budget=_num(row.values, "预算资金"),
        catalog_code=row.texts.get("政府采购目录序号"),
        measure=row.texts.get("计量单位"),
        quantity=quantity.value if quantity else None,
        unit_price=row.values.get("单价"),
        amount=_num(row.values, "合计", "金额"),
        funding={k: v for k, v in row.values.items() if k in _FUNDING_KEYS},
        where=row.where,
    )


def build_procurement(table: Table, settings: HoldingsSettings = DEFAULT) -> Procurement:
    items = [_procurement_item(r) for r in item_rows(table.rows)]
    amounts = [it for it in items if it.amount is not None]
    unnamed = sum(1 for it in amounts if not it.item.strip())
    doubt = None
    if amounts and unnamed >= settings.unnamed_doubt * len(amounts):
        doubt = f"{len(amounts)}行采购明细中{unnamed}行没有名称，可能未读准"
    return Procurement(unit=table.unit, total=_procurement_total(table.rows), items=items,
                       empty_reason=table.empty_reason, where=table.where, doubt=doubt)


# ---------------------------------------------------------------- assets and staff


def build_assets(table: Table, grid: Grid | None = None) -> AssetSummary:
    """Asset summary of a 资产表; ``grid`` (the table as read) supplies a 截止时间 printed above the header."""
    items: list[AssetItem] = []
    total: Amount | None = None
    for row in table.rows:
        value = _num(row.values, "金额", "合计")
        if "总额" in row.name or row.name in ("合计", "总计"):
            total = value
            continue
        qty = row.values.get("数量")
        items.append(AssetItem(name=row.name, quantity=qty.value if qty else None, value=value, where=row.where))
    as_of = None
    heads = [table.title]
    if grid is not None:
        heads += [c.text for row in grid.rows[:4] for c in row]
    for text in heads:
        m = re.search(r"(?:截止|截至)(?:时间|日期)?[:：]\s*(\S+)", text)
        if m:
            as_of = m.group(1)
            break
    return AssetSummary(as_of=as_of, unit=table.unit, total=total, items=items, where=table.where)


_STAFF_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((field, re.compile(p)) for field, p in (
    ("authorized", r"(?:人员)?编制(?:数)?(?:为|共)?\s*(\d+)\s*[人个名]"),
    ("authorized_admin", r"行政编制\s*(\d+)\s*[人个名]"),
    ("authorized_institution", r"事业编制\s*(\d+)\s*[人个名]"),
    ("actual", r"实有(?:人员|人数)?\s*(\d+)\s*[人名]"),
    ("actual_admin", r"实有[^；;。]*?行政\s*(\d+)\s*[人名]"),
    ("actual_institution", r"实有[^；;。]*?事业\s*(\d+)\s*[人名]"),
    ("retired", r"离退休人员\s*(\d+)\s*[人名]"),
))
_HEADCOUNT = re.compile(r"\d+[人个名]")


def find_staff(blocks: list[Block], file: str) -> StaffSummary | None:
    for index, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        text = squash(block.text)
        if "编制" not in text or not _HEADCOUNT.search(text):
            continue
        found: dict[str, int] = {}
        for field, pattern in _STAFF_PATTERNS:
            m = pattern.search(text)
            if m:
                found[field] = int(m.group(1))
        if "authorized" in found or "actual" in found:
            return StaffSummary(**found, where=Location(file=file, block=index, line=block.line, page=block.page))
    return None


def decimal_or_none(text: str) -> Decimal | None:
    parsed = parse_number(text)
    return parsed[0] if parsed else None
