"""REQ: completeness — required tables and sections, tables listed in the contents, empty
tables and their reasons."""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher
from functools import lru_cache

from budgetlens.check.context import Context, table_label
from budgetlens.check.finding import Severity
from budgetlens.check.registry import Issue, rule
from budgetlens.extract.table.kinds import kind_from_title
from budgetlens.model import ContentsEntry, DocumentKind, Scope, Table, TableKind, TargetForm
from budgetlens.reference import requirements as req
from budgetlens.reference.titles import normalize_title

_ALSO = {TableKind.BASIC_EXPENSE: (TableKind.BASIC_EXPENSE_ECON,),
         TableKind.GENERAL_EXPENSE: (TableKind.GENERAL_EXPENSE_ECON,)}
_SEVERITY = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}


def _kind_scope(ctx: Context) -> tuple[DocumentKind, Scope] | None:
    if ctx.d.kind not in (DocumentKind.BUDGET, DocumentKind.FINAL):
        return None
    return ctx.d.kind, ctx.d.scope or Scope.DEPARTMENT


# The document follows the unified template (and a missing table is a gap, not another template
# or a file holding only part of the disclosure) when it prints at least this share of the tables
# the template requires.
TEMPLATE_SHARE = 2 / 3


@rule("REQ001", Severity.ERROR, "缺少规定的公开表格", "a required table is missing",
      "按文件类型（部门/单位预算、决算）核对规定必须公开的报表（收支总表、收入总表、支出总表、财政拨款收支总表、"
      "一般公共预算支出表、基本支出表、“三公”经费表、政府性基金表等）；无数据的表也应以空表公开并说明。"
      "只在文件按统一格式公开（已公开规定报表的三分之二以上）时核对：只有部分报表的文件（如说明与报表分开发布）"
      "或其他主管部门的格式（如高等学校决算）不据此报错。",
      "单位预算公开了九张表中的七张，缺少“三公”经费表和政府性基金表：报错，列出缺少的表。")
def required_tables(ctx: Context) -> Iterator[Issue]:
    ks = _kind_scope(ctx)
    if ks is None:
        return
    present = {t.kind for t in ctx.d.tables}
    required = req.required_tables(*ks)
    titled = {m.key for t in ctx.d.tables if (m := _match_table(t.title, *ks)) is not None}
    missing = [r for r in required if r.table_kind is not None and r.table_kind not in present
               and not any(k in present for k in _ALSO.get(r.table_kind, ())) and r.key not in titled]
    if len(required) - len(missing) < TEMPLATE_SHARE * len(required):
        return
    listed = bool(ctx.d.contents)
    for r in missing:
        by_rule = r.severity.value == "error"
        if listed and not by_rule:
            continue  # a table only the template asks for, left out of the document's own 目录
        # a requirement the rule text makes is an error; one only a template (not verified) makes, info
        yield Issue(f"{ks[0].value}公开缺少规定的报表：{r.title}", f"required table missing: {r.title}",
                    None, (), f"依据：{r.source.title}", f"source: {r.source.title}",
                    severity=Severity.ERROR if by_rule else Severity.INFO)


# The requirements are packaged data, and titles and headings repeat from one document to the next.
_match_table = lru_cache(maxsize=4096)(req.match_table)


@lru_cache(maxsize=4096)
def _sections_titled(title: str, kind: DocumentKind, scope: Scope) -> frozenset[int]:
    """Indexes (in ``req.required_sections``) of the required sections ``title`` is a heading of."""
    return frozenset(i for i, r in enumerate(req.required_sections(kind, scope)) if r.matches_title(title))


def _norm(title: str) -> str:
    return normalize_title(title)


_LEADING_NUMBER = re.compile(
    r"^(?:附?表\d+(?:-\d+)?|[一二三四五六七八九十\d]+[、.．]|[（(][一二三四五六七八九十\d]+[)）])[:：、.．]?"
)


def _contents_key(name: str) -> str:
    """A contents line's title as printed, brackets kept (「（按功能分类）」 tells two tables apart)."""
    return _LEADING_NUMBER.sub("", re.sub(r"[\s\u3000]+", "", name))


def _table_for(ctx: Context, e: ContentsEntry) -> Table | None:
    """The table a contents line lists: by its number, by its title, else the only table of the
    kind its title names (titles in the 目录 and on the table's page are often worded apart)."""
    for t in ctx.d.tables:
        if e.number and t.number and t.number == e.number:
            return t
    want = _norm(e.name)
    for t in ctx.d.tables:
        have = _norm(t.title)
        if want and have and (want == have or SequenceMatcher(None, want, have).ratio() >= 0.9):
            return t
    kind = kind_from_title(e.name)
    of_kind = [t for t in ctx.d.tables if kind is not None and _same_family(t.kind, kind)]
    return of_kind[0] if len(of_kind) == 1 else None


def _same_family(a: TableKind, b: TableKind) -> bool:
    return a is b or a in _ALSO.get(b, ()) or b in _ALSO.get(a, ())


def _target_listed(ctx: Context, e: ContentsEntry) -> bool:
    if "绩效" not in e.name:
        return False
    if "整体" in e.name:
        forms = {TargetForm.DEPARTMENT}
    elif "专项资金" in e.name:
        forms = {TargetForm.SPECIAL_FUND}
    else:
        forms = {TargetForm.PROJECT, TargetForm.PROJECT_SELF_EVAL}
    return any(t.form in forms for t in ctx.d.targets)


@rule("REQ002", Severity.ERROR, "目录所列表格未公开", "a table listed in the contents is absent",
      "目录（公开报表清单）中列出的每一张表都应出现在文件中；目录标为空表的也应公开空表。",
      "目录列出表1–表15，文件中只有表4–表8、表10、表13–表15：报错，逐一列出缺失的表。")
def contents_absent(ctx: Context) -> Iterator[Issue]:
    for e in ctx.d.contents:
        if _table_for(ctx, e) is not None or _target_listed(ctx, e):
            continue
        label = f"{e.number}《{e.name}》" if e.number else f"《{e.name}》"
        extra = "（目录标为空表，也应公开空表）" if e.empty else ""
        yield Issue(f"目录列出的{label}在文件中没有找到{extra}",
                    f"{label} is listed in the contents but not in the document", None, ctx.where(e.where))


@rule("REQ003", Severity.WARNING, "空表未说明理由", "an empty table gives no reason",
      "公开空表时应在表内或目录中说明为什么是空表（如“本单位无政府性基金预算”）。",
      "政府性基金表无数据，表下注明“无政府性基金预算财政拨款预算，空表列示”：通过；没有任何说明：提示。")
def empty_without_reason(ctx: Context) -> Iterator[Issue]:
    for t in ctx.d.tables:
        if not t.is_empty or t.empty_reason:
            continue
        listed = next((e for e in ctx.d.contents if _table_for(ctx, e) is t), None)
        if listed is not None and listed.reason:
            continue
        yield Issue(f"{table_label(t)}为空表，但没有说明理由", f"{t.title!r} is empty and gives no reason",
                    None, ctx.where(t.where))
    for e in ctx.d.contents:
        if e.empty and not (e.reason or "").strip():
            yield Issue(f"目录标明{e.number or ''}《{e.name}》为空表，但没有说明理由",
                        f"{e.name!r} is marked empty in the contents without a reason", None, ctx.where(e.where))


@rule("REQ004", Severity.WARNING, "目录与表格的空表标注不一致", "contents and table disagree about emptiness",
      "目录标为“否”（非空表）的表格实际没有数据，或标为空表的表格实际有数据。",
      "目录写表12“否”，而表12 全部为空：提示。")
def contents_emptiness(ctx: Context) -> Iterator[Issue]:
    for e in ctx.d.contents:
        t = _table_for(ctx, e)
        if t is None or e.empty is None:
            continue
        if e.empty is False and t.is_empty:
            yield Issue(f"目录标明《{e.name}》不是空表，但表中没有数据",
                        f"{e.name!r} is listed as not empty but is empty",
                        None, ctx.where(e.where, t.where))
        elif e.empty is True and not t.is_empty:
            yield Issue(f"目录标明《{e.name}》为空表，但表中有数据", f"{e.name!r} is listed as empty but has figures",
                        None, ctx.where(e.where, t.where))


@rule("REQ005", Severity.WARNING, "缺少规定的说明内容", "a required narrative section is missing",
      "按文件类型核对情况说明应包含的部分：职责机构、收支总体情况、财政拨款收支、一般公共预算支出、机关运行经费、"
      "“三公”经费、政府采购、国有资产、绩效信息、名词解释等。标题措辞各地不同，只在找到三分之二以上部分时"
      "提示缺少的部分，且只作提示。",
      "单位预算说明只有“公用经费情况说明”，没有“机关运行经费”：提示。")
def required_sections(ctx: Context) -> Iterator[Issue]:
    ks = _kind_scope(ctx)
    if ks is None:
        return
    titled = frozenset().union(*(_sections_titled(s.title, *ks) for s in ctx.d.sections))
    concepts = {c.concept for c in ctx.d.claims if c.concept}
    required = req.required_sections(*ks)
    missing = [r for i, r in enumerate(required) if i not in titled and not (r.section and r.section in concepts)]
    if len(required) - len(missing) < TEMPLATE_SHARE * len(required):
        return  # headings this document's template words otherwise, or no narrative in this file
    for r in missing:
        # headings are worded in many ways: a section not found is worth a look, never an error; one
        # only a template asks for (not verified) is info
        severity = Severity.WARNING if r.severity.value == "error" else Severity.INFO
        yield Issue(f"情况说明缺少“{r.title}”部分", f"the narrative has no section on {r.title}", None, (),
                    f"依据：{r.source.title}", f"source: {r.source.title}", severity=severity)


@rule("REQ006", Severity.WARNING, "目录重复列出同一张表", "the contents list a table twice",
      "目录中两个条目的表名完全相同，可能漏列了另一张表或编号错误。",
      "附表目录第十三、十四项都是“国有资本经营预算财政拨款支出决算表”：提示。")
def contents_duplicates(ctx: Context) -> Iterator[Issue]:
    seen: dict[str, ContentsEntry] = {}
    for e in ctx.d.contents:
        key = _contents_key(e.name)
        if key in seen:
            first = seen[key]
            yield Issue(f"目录重复列出《{e.name}》（{first.number or ''}与{e.number or ''}）",
                        f"the contents list {e.name!r} twice", None, ctx.where(first.where, e.where))
        else:
            seen[key] = e
