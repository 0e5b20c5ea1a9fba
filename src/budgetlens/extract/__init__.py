"""Blocks → Disclosure: metadata, standard tables, narrative claims, performance targets, holdings."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from budgetlens.errors import BudgetlensError, ExtractError
from budgetlens.extract.document import GridItem, grid_items
from budgetlens.extract.holdings import (
    build_assets,
    build_contents,
    build_organization,
    build_procurement,
    find_contents,
    find_staff,
    is_contents_grid,
    is_organization_grid,
)
from budgetlens.extract.metadata import find_entity, find_kind_scope, find_year, refusal
from budgetlens.extract.narrative import extract_claims, find_sections
from budgetlens.extract.performance import build_targets, is_blank_form, is_performance_grid, join_targets
from budgetlens.extract.table import build_table
from budgetlens.model import Disclosure, Location, Source, Table, TableKind, Unit
from budgetlens.read import ReadResult, read_file
from budgetlens.read.blocks import Block, Paragraph

__all__ = ["extract", "parse_file"]

# A note under an empty table saying why it is empty: 「注：本单位无政府性基金预算，空表列示」,
# 「说明：…本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据」.
_EMPTY_REASON = re.compile(
    r"空表|不涉及|无数据|(?:没有|无|未安排|未发生)[^，。；]{0,40}(?:数据|收入|支出|安排|预算|决算|资金|经费|拨款)"
)
# The title `budgetlens template` writes on the first sheet of its input workbook.
_INPUT_TEMPLATE = re.compile(r"^budgetlens\s*(预算|决算)公开数据填报模板$")
_DOC_TITLE = re.compile(r"(预算|决算|绩效).*(说明|表|公开|报告|情况)\s*$")


def _is_input_template(result: ReadResult) -> bool:
    for block in result.blocks[:3]:
        texts = [block.text] if isinstance(block, Paragraph) else [c.text for row in block.rows[:2] for c in row]
        if any(_INPUT_TEMPLATE.match(t.strip()) for t in texts):
            return True
    return False


def parse_file(path: str | Path) -> Disclosure:
    """Read and extract one file. Raises :class:`BudgetlensError` with a clear message on bad input."""
    result = read_file(path)
    return extract(result)


def extract(result: ReadResult) -> Disclosure:
    try:
        return _extract(result)
    except BudgetlensError:
        raise
    except Exception as exc:  # a defect of ours must still name the file, never dump a traceback
        raise ExtractError(f"内容无法解析（{type(exc).__name__}: {exc}）", result.path) from exc


def _extract(result: ReadResult) -> Disclosure:
    if _is_input_template(result):
        raise ExtractError("这是 budgetlens 的公开数据填报模板（render 的输入），不是公开文件；"
                           "请用 budgetlens render 生成公开文件后再读取或检查", result.path)
    blocks = result.blocks
    file = Path(result.path).name
    notes: list[str] = list(result.warnings)
    tables: list[Table] = []
    targets = []
    contents = []
    organization = []
    unit_votes: Counter[Unit] = Counter()
    assets_grid = None
    items = grid_items(blocks)
    for item in items:
        grid = item.grid
        if is_contents_grid(grid):
            contents.extend(build_contents(grid, item.index, file))
            continue
        if is_organization_grid(grid):
            organization.extend(build_organization(grid))
            continue
        if is_performance_grid(grid, item.ctx.title):
            built = build_targets(grid, item.index, item.ctx, file)
            if built:
                targets.extend(built)
                continue
            if is_blank_form(grid, item.ctx.title):  # listed in the 目录 as an empty table: keep it as one
                tables.append(_blank_form_table(item, file))
                continue
        table = build_table(grid, item.index, item.ctx, file, Unit.YUAN, origins=item.origins)
        if table is None:
            place = f"第{grid.line}行起" if grid.line else f"第{item.index + 1}个内容块"
            if grid.page:
                place = f"第{grid.page}页{place}"
            notes.append(f"{place}的表格未能识别为标准表，已跳过")
            continue
        if table.kind is TableKind.ASSETS and assets_grid is None:
            assets_grid = grid
        if table.is_empty:
            reason = _empty_reason(item.after) or _stated_absence(blocks, table.kind)
            if reason:
                table = table.model_copy(update={"empty_reason": reason})
        unit_votes[table.unit] += 1
        tables.append(table)
    if not unit_votes:  # documents without standard tables: the target tables' unit decides
        unit_votes.update(t.unit for t in targets)
    doc_unit = unit_votes.most_common(1)[0][0] if unit_votes else Unit.YUAN
    title = next(
        (b.text.strip() for b in blocks[:60]
         if isinstance(b, Paragraph) and len(b.text.strip()) <= 60
         and _DOC_TITLE.search(b.text.strip())),
        "",
    )
    targets = join_targets(targets)
    if not contents:  # no contents grid: a 目录 printed as lines of titles
        contents = find_contents(blocks, file)
    entity = find_entity(blocks)
    year = find_year(blocks)
    kind, scope = find_kind_scope(blocks, tables, targets, title)
    claims = extract_claims(blocks, file, year)
    refused = refusal(blocks, tables, targets, sum(1 for c in claims if c.concept), title)
    if refused is not None:
        raise ExtractError(refused, result.path)
    procurement_table = next((t for t in tables if t.kind is TableKind.PROCUREMENT), None)
    assets_table = next((t for t in tables if t.kind is TableKind.ASSETS), None)
    return Disclosure(
        source=Source(
            path=result.path,
            sha256=result.sha256,
            format=result.format,
            encoding=result.encoding,
            size=result.size,
        ),
        entity=entity,
        year=year,
        kind=kind,
        scope=scope,
        title=title[:80],
        unit=doc_unit,
        sections=find_sections(blocks, file),
        contents=contents,
        organization=organization,
        tables=tables,
        claims=claims,
        targets=targets,
        procurement=build_procurement(procurement_table) if procurement_table else None,
        assets=build_assets(assets_table, assets_grid) if assets_table else None,
        staff=find_staff(blocks, file),
        notes=notes,
    )


# What an empty table of a kind is about, as the narrative names it when it says there is none
# (「本部门无政府性基金预算相关收支」 in the section on that table).
_SUBJECT_OF_KIND = {
    TableKind.GOV_FUND: "政府性基金", TableKind.STATE_CAPITAL: "国有资本经营", TableKind.THREE_PUBLIC: "三公",
    TableKind.PROCUREMENT: "政府采购", TableKind.PROJECT_EXPENSE: "项目支出",
}
_SENTENCE = re.compile(r"[^。；;\n]+")


def _stated_absence(blocks: list[Block], kind: TableKind) -> str | None:
    """The sentence of the narrative saying the department has none of what an empty table is about."""
    subject = _SUBJECT_OF_KIND.get(kind)
    if subject is None:
        return None
    for block in blocks:
        if not isinstance(block, Paragraph) or subject not in block.text:
            continue
        for m in _SENTENCE.finditer(block.text):
            sentence = m.group(0).strip()
            if subject in sentence and _EMPTY_REASON.search(sentence) and "表" not in sentence[:2]:
                return sentence
    return None


def _blank_form_table(item: GridItem, file: str) -> Table:
    """A performance form printed blank, as an empty table (with the note under it, if any, as
    the reason): the 目录 lists it, and REQ002/REQ004 look for it among the tables."""
    grid = item.grid
    where = Location(file=file, block=item.index, line=grid.line, page=grid.page, sheet=grid.sheet)
    return Table(kind=TableKind.OTHER, title=item.ctx.title, number=item.ctx.number,
                 unit=item.ctx.unit or Unit.YUAN, where=where, empty_reason=_empty_reason(item.after))


def _empty_reason(after: list[tuple[int, Paragraph]]) -> str | None:
    """The note under an empty table that says why it is empty (it may follow other notes)."""
    for _, para in after:
        text = para.text.strip()
        if _EMPTY_REASON.search(text):
            return text
    return None
