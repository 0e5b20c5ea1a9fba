"""Contents listings, organisation, procurement, assets and staff."""

from __future__ import annotations

import re
from decimal import Decimal

from budgetlens.extract.headers import squash
from budgetlens.extract.numbers import parse_number
from budgetlens.model import (
    Amount,
    AssetItem,
    AssetSummary,
    ContentsEntry,
    Location,
    OrgUnit,
    Procurement,
    ProcurementItem,
    StaffSummary,
    Table,
)
from budgetlens.read.blocks import Block, Grid, Paragraph

_TABLE_NUMBER = re.compile(r"^(附)?表\s*\d+")


def _row_texts(grid: Grid, limit: int | None = None) -> list[list[str]]:
    return [[squash(c.text) for c in row] for row in grid.rows[:limit]]


def is_contents_grid(grid: Grid) -> bool:
    head = grid.rows[:3]
    # every grid is asked: most have no 「报」 at all, and need no squashing (squash only drops spaces)
    if not any("报" in c.text for row in head for c in row):
        return False
    return any("报表名称" in r and "是否空表" in "".join(r) for r in _row_texts(grid, 3))


def build_contents(grid: Grid, block: int, file: str) -> list[ContentsEntry]:
    out: list[ContentsEntry] = []
    rows = grid.rows
    for r_index, row in enumerate(rows):
        cells = [c.text.strip() for c in row]
        if not cells or "报表名称" in squash("".join(cells)):
            continue
        number = squash(cells[0]) if _TABLE_NUMBER.match(squash(cells[0])) else None
        name = cells[1] if len(cells) > 1 else cells[0]
        empty_text = squash(cells[2]) if len(cells) > 2 else ""
        empty = True if empty_text == "是" else False if empty_text == "否" else None
        reason = cells[3] if len(cells) > 3 and cells[3] else None
        out.append(
            ContentsEntry(
                number=number,
                name=name,
                empty=empty,
                reason=reason,
                where=Location(file=file, block=block, row=r_index, col=0, line=row[0].line, page=row[0].page),
            )
        )
    return out


def is_organization_grid(grid: Grid) -> bool:
    head = "".join(_row_texts(grid, 1)[0]) if grid.rows else ""
    return "单位性质" in head or ("经费保障形式" in head and "名称" in head)


def build_organization(grid: Grid) -> list[OrgUnit]:
    out: list[OrgUnit] = []
    for row in grid.rows[1:]:
        cells = [c.text.strip() for c in row] + ["", "", "", ""]
        if not cells[0]:
            continue
        out.append(OrgUnit(name=cells[0], nature=cells[1] or None, rank=cells[2] or None, funding=cells[3] or None))
    return out


def _num(row_values: dict[str, Amount], *keys: str) -> Amount | None:
    for key in keys:
        if key in row_values:
            return row_values[key]
    return None


def build_procurement(table: Table) -> Procurement:
    items: list[ProcurementItem] = []
    total: Amount | None = None
    funding_keys = ("一般公共预算", "政府性基金", "国有资本经营", "财政专户", "其他收入", "单位资金", "财政拨款")
    for row in table.rows:
        if row.is_total or "小计" in row.name or row.name in ("合计", "总计"):
            total = total or _num(row.values, "合计", "金额")
            continue
        item_name = row.texts.get("采购物品名称") or row.texts.get("采购项目") or ""
        quantity = row.values.get("数量")
        items.append(
            ProcurementItem(
                item=item_name or row.name,
                project=row.name or None,
                project_budget=_num(row.values, "预算资金"),
                catalog_code=row.texts.get("政府采购目录序号"),
                measure=row.texts.get("计量单位"),
                quantity=quantity.value if quantity else None,
                unit_price=row.values.get("单价"),
                amount=_num(row.values, "合计", "金额"),
                funding={k: v for k, v in row.values.items() if k in funding_keys},
                where=row.where,
            )
        )
    return Procurement(unit=table.unit, total=total, items=items, empty_reason=table.empty_reason, where=table.where)


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
