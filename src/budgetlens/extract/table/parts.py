"""Logical parts of a printed table: the sides of a 收支 table, blocks printed side by side.

A part is a run of key columns (row number, unit, code or its 类/款/项 parts, name) followed by
value and text columns. A key column after a part's values starts a new part when the table is
two-sided (收入 | 支出) or when the new part repeats the first one's header (「科目编码 | 科目名称 |
决算数」 twice: 人员经费 | 公用经费 printed side by side). Any other name column after values is
text of the same part (「采购品目」 after the project's figures).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetlens.extract.table.roles import KEY_ROLES, ColumnPlan, Role
from budgetlens.model import Scheme, Side


@dataclass(slots=True)
class Part:
    keys: list[ColumnPlan] = field(default_factory=list)
    values: list[ColumnPlan] = field(default_factory=list)
    texts: list[ColumnPlan] = field(default_factory=list)
    side: Side | None = None
    group: str | None = None
    scheme: Scheme = Scheme.NONE

    def first(self, role: Role) -> ColumnPlan | None:
        return next((p for p in self.keys if p.role is role), None)

    def nth(self, role: Role, n: int) -> ColumnPlan | None:
        found = [p for p in self.keys if p.role is role]
        return found[n] if n < len(found) else None

    @property
    def code_parts(self) -> list[ColumnPlan]:
        """The first run of 类 | 款 | 项 columns (a second run, if any, is another scheme's code)."""
        run: list[ColumnPlan] = []
        for p in self.keys:
            if p.role is Role.CODE_PART and len(run) < 3:
                run.append(p)
            elif run:
                break
        return run

    @property
    def label(self) -> str:
        """The header over the part's key columns: 「支出功能分类科目」「收入」 …"""
        first = self.keys[0] if self.keys else (self.values[0] if self.values else None)
        return first.header.group if first else ""


def split_parts(plans: list[ColumnPlan], two_sided: bool) -> list[Part]:
    parts: list[Part] = []
    cur: Part | None = None
    for k, plan in enumerate(plans):
        is_key = plan.role in KEY_ROLES
        if cur is None or (is_key and (cur.values or cur.texts) and _starts_part(cur, plans, k, two_sided)) or (
                two_sided and not is_key and _other_side(cur, plan)):
            cur = Part()
            parts.append(cur)
        if is_key and not (cur.values or cur.texts):
            cur.keys.append(plan)
        elif plan.role is Role.VALUE:
            cur.values.append(plan)
        else:
            cur.texts.append(plan)
    for part in parts:
        part.scheme = _scheme(part)
    _sides(parts, two_sided)
    return parts


def _other_side(cur: Part, plan: ColumnPlan) -> bool:
    """A value column under the other side's header (the 支出 side's names printed outside the frame)."""
    mine = next((s for p in cur.keys + cur.values if (s := _side_of(p)) is not None), None)
    theirs = _side_of(plan)
    return mine is not None and theirs is not None and mine is not theirs


def _starts_part(cur: Part, plans: list[ColumnPlan], k: int, two_sided: bool) -> bool:
    plan = plans[k]
    rest = plans[k:]
    nxt = next((i for i, p in enumerate(rest) if p.role is Role.VALUE), None)
    if nxt is None:
        return False  # words with no figures after them: text of this part
    if two_sided:
        return True
    first_key = cur.keys[0] if cur.keys else None
    if (first_key is not None and first_key.role is plan.role and plan.header.label
            and first_key.header.label == plan.header.label):
        return True
    their = [p.header.label for p in rest[nxt:] if p.role is Role.VALUE][: len(cur.values)]
    return bool(their) and their == [p.header.label for p in cur.values][: len(their)] and bool(their[0])


def _scheme_of_label(label: str) -> Scheme:
    if "功能" in label:
        return Scheme.FUNCTION
    if "政府" in label and "经济" in label:
        return Scheme.ECON_GOV
    if "经济" in label:
        return Scheme.ECON_DEPT
    return Scheme.NONE


def _scheme(part: Part) -> Scheme:
    for plan in part.keys:
        if plan.role in (Role.CODE, Role.CODE_PART, Role.NAME):
            found = _scheme_of_label(plan.header.full)
            if found is not Scheme.NONE:
                return found
    return Scheme.NONE


def _side_of(plan: ColumnPlan) -> Side | None:
    g = plan.header.group + plan.header.label
    if g.startswith("收入") or "收入" in plan.header.group:
        return Side.INCOME
    if g.startswith("支出") or "支出" in plan.header.group:
        return Side.EXPENSE
    return None


def _sides(parts: list[Part], two_sided: bool) -> None:
    if not two_sided:
        if len(parts) > 1:
            for k, part in enumerate(parts):
                part.group = f"第{k + 1}栏"
        return
    for part in parts:
        for plan in part.keys + part.values:
            part.side = _side_of(plan)
            if part.side is not None:
                break
    if all(p.side is None for p in parts):
        # No 收入/支出 header row: the first column group is the income side by convention.
        for k, part in enumerate(parts):
            part.side = Side.INCOME if k == 0 else Side.EXPENSE
    for part in parts:
        name = part.first(Role.NAME)
        if name is not None and part.scheme is not Scheme.NONE:
            part.group = part.scheme.value
