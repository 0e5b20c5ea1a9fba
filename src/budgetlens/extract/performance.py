"""Performance target tables (项目/部门整体/专项资金绩效目标表) and project self-evaluations (自评表)."""

from __future__ import annotations

import re
from decimal import Decimal

from budgetlens.extract.builders import new_amount, new_cell_location, new_percent
from budgetlens.extract.headers import squash
from budgetlens.extract.numbers import ascii_digits, canonical_ops, parse_number
from budgetlens.extract.table import GridContext
from budgetlens.extract.units import PROSE_UNIT_WORD, label_unit, stated_unit, word_unit
from budgetlens.model import (
    Amount,
    Indicator,
    Location,
    PerformanceTarget,
    PlanStep,
    Target,
    TargetForm,
    Task,
    Unit,
)
from budgetlens.model.trusted import maker
from budgetlens.read.blocks import Cell, Grid

# made from values just parsed into the declared types (see budgetlens.model.trusted)
_new_indicator = maker(Indicator, "level1", "level2", "level3", "description", "target", "basis", "actual", "where")
_new_target = maker(Target, "raw", "op", "number", "unit")
_new_text_target = maker(Target, "raw", "op", "text")
_new_plan_step = maker(PlanStep, "label", "percent")

LEVEL2_NAMES = (
    "数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标",
    "可持续影响指标", "服务对象满意度指标", "满意度指标",
)
_WORD_OPS = (
    ("不低于", "≥"), ("不少于", "≥"), ("大于等于", "≥"), ("不高于", "≤"), ("不超过", "≤"), ("不多于", "≤"),
    ("小于等于", "≤"), ("不晚于", "≤"), ("大于", ">"), ("高于", ">"), ("小于", "<"), ("低于", "<"), ("等于", "="),
)
_TARGET_NUM = re.compile(r"^(?P<op>[≥≤=><])?\s*(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<unit>.*)$")
_UNIT_SUFFIX_OPS = (("以上", "≥"), ("以内", "≤"), ("以下", "≤"))
_DATE = re.compile(r"^(19|20)\d{2}年")
_YUAN_END = re.compile(f"({PROSE_UNIT_WORD})$")
_CODED_NAME = re.compile(r"^(\d{3,9})?(.+?)(\d{3,9})?$")
_FISCAL_PART = re.compile(r"^其中[:：\-－]?(财政资金|财政拨款)$")
_TITLE_NUMBER = re.compile(r"^\d+[、.．]")
_TITLE_TAIL = re.compile(r"(项目)?(支出)?绩效目标(申报|完成情况|自评)?表$")
_GOAL_BREAK = re.compile(r"\n|(?=目标\d+[:：])")


def is_performance_grid(grid: Grid, title: str) -> bool:
    t = squash(title)
    if "绩效" in t and ("目标" in t or "自评" in t or "完成情况" in t):
        return True
    head = grid.rows[:60]
    text = "".join([c.text for row in head for c in row])
    if "指" not in text and "执" not in text and "绩" not in text:
        return False  # a standard table (nearly every grid): no character of 指标, 执行情况 or 绩效目标
    for row in head:
        joined = "".join([squash(c.text) for c in row])
        if "一级指标" in joined and "二级指标" in joined:
            return True
        if "预算执行情况" in joined or ("绩效目标" in joined and "项目名称" in joined):
            return True
    return False


def parse_target(raw: str) -> Target:
    """「≥95%」「≧2次」「》=90%」「不低于上年」「128元/人」「≥93百分比」 → operator, number, unit or text."""
    text = canonical_ops(ascii_digits(raw.strip())).replace(" ", "")
    op: str | None = None
    for word, sym in _WORD_OPS:
        if text.startswith(word):
            op, text = sym, text[len(word):]
            break
    m = _TARGET_NUM.match(text)
    # a date, or a formula such as 「280元*30%」, is not one quantity: keep it as text
    if not m or _DATE.match(text) or "*" in m.group("unit") or "×" in m.group("unit"):
        return _new_text_target(raw.strip(), op, raw.strip() or None)
    unit: str | None = m.group("unit").strip() or None
    if unit is not None:
        for suffix, sym in _UNIT_SUFFIX_OPS:
            if unit is not None and unit.endswith(suffix):
                unit = unit[: -len(suffix)] or None
                op = op or sym
        if unit == "百分比":
            unit = "%"
    number = Decimal(m.group("num").replace(",", ""))
    return _new_target(raw.strip(), m.group("op") or op, number, unit)


def _form(title: str, joined: str) -> TargetForm:
    t = squash(title)
    if "自评" in t or "完成情况" in t or "执行数" in joined:
        return TargetForm.PROJECT_SELF_EVAL
    if "部门整体" in t or "部门整体" in joined[:40]:
        return TargetForm.DEPARTMENT
    if "专项资金" in t:
        return TargetForm.SPECIAL_FUND
    return TargetForm.PROJECT


def _label(text: str) -> str:
    return squash(text).rstrip(":：")


def _amount(text: str, unit: Unit, where: Location) -> Amount | None:
    s = ascii_digits(text).strip()
    s = _YUAN_END.sub("", s)
    parsed = parse_number(s)
    if parsed is None:
        return None
    value, decimals = parsed
    return new_amount(value, unit, decimals, text.strip(), where)


_INLINE = re.compile(
    r"(资金总额|公共财政拨款|财政拨款|基本支出|项目支出|其他资金)[:：]\s*(\d[\d,]*(?:\.\d+)?)\s*"
    f"({PROSE_UNIT_WORD})?"
)
_ATTACHMENT = re.compile(r"^附件\s*[\d一二三四五六七八九十]*[:：]?$")
# An unlabeled first line naming the department with its code: 「322002隆尧县医疗保障局」.
_CODED_DEPT = re.compile(r"^(\d{3,9})([^\d\s:：]{2,40}?(?:局|委|院|会|中心|办|办公室|所|站|处|厅|部|队|校|馆|社|室))$")
_DEPT_LABELS = ("部门名称", "预算单位", "主管部门", "主管部门及代码", "部门（单位）名称", "部门(单位)名称")


def build_target(grid: Grid, block: int, ctx: GridContext, file: str) -> PerformanceTarget | None:
    rows = grid.rows
    joined = "".join(squash(c.text) for r in rows for c in r)
    title = ctx.title
    if rows and len([c for c in rows[0] if c.text.strip()]) == 1 and "表" in rows[0][0].text:
        first = rows[0][0].text.split("\n")[0].strip()
        if not title or _ATTACHMENT.match(squash(title)):
            title = first  # 「附件3」 above the grid is a label, the grid's own first line is the title
    form = _form(title, joined)
    unit = ctx.unit or stated_unit(joined[:400]) or label_unit(joined) or Unit.YUAN
    fields: dict[str, object] = {}
    goals: list[str] = []
    actual_goals: list[str] = []
    plan: list[PlanStep] = []
    tasks: list[Task] = []
    indicators: list[Indicator] = []

    def loc(r: int, c: int, cell: Cell) -> Location:
        return new_cell_location(file, block, r, c, cell.line, cell.page)

    def set_amount(key: str, text: str, r: int, c: int, cell: Cell) -> None:
        amount = _amount(text, unit, loc(r, c, cell))
        if amount is not None and key not in fields:
            fields[key] = amount

    r = 0
    while r < len(rows):
        cells = rows[r]
        labels = [_label(c.text) for c in cells]
        if r < 2 and cells:
            m_dept = _CODED_DEPT.match(labels[0])
            if m_dept:
                fields.setdefault("department", m_dept.group(2))
                fields.setdefault("department_code", m_dept.group(1))
        if "一级指标" in labels and ("二级指标" in labels):
            r = _indicators(rows, r, labels, form, indicators, file, block)
            continue
        if "任务名称" in labels:
            r = _tasks(rows, r, unit, tasks, fields, file, block)
            continue
        for c, label in enumerate(labels):
            nxt = _next_value(cells, c)
            if label in ("项目名称",) and nxt is not None:
                fields.setdefault("project_name", cells[nxt].text.strip())
            elif label in ("项目编码", "项目代码") and nxt is not None:
                fields.setdefault("project_code", squash(cells[nxt].text))
            elif label in _DEPT_LABELS and nxt is not None:
                dept = squash(cells[nxt].text)
                m = _CODED_NAME.match(dept)
                if m:
                    fields.setdefault("department", m.group(2))
                    code = m.group(1) or m.group(3)
                    if code:
                        fields.setdefault("department_code", code)
            elif label in ("预算数", "实施期资金总额", "资金总额", "年度资金总额") and nxt is not None:
                set_amount("total", cells[nxt].text, r, nxt, cells[nxt])
            elif label in ("执行数",) and nxt is not None:
                set_amount("executed", cells[nxt].text, r, nxt, cells[nxt])
            elif _FISCAL_PART.match(label) and nxt is not None:
                key = "fiscal" if "fiscal" not in fields else "fiscal_executed"
                set_amount(key, cells[nxt].text, r, nxt, cells[nxt])
            elif label in ("其他资金", "其它资金") and nxt is not None:
                key = "other" if "other" not in fields else "other_executed"
                set_amount(key, cells[nxt].text, r, nxt, cells[nxt])
            elif label.startswith("资金支出计划") and r + 1 < len(rows):
                plan = _plan(cells[c + 1:], rows[r + 1], r + 1, file, block)
            elif label in ("绩效目标", "年度目标", "总体目标", "年度总体目标", "实施期总目标") and nxt is not None:
                if label == "总体目标" and r + 1 < len(rows) and _label(cells[nxt].text) in ("实施期总目标",):
                    break
                goals.extend(_split_goals(cells[nxt].text))
            elif label == "预期目标" and r + 1 < len(rows):
                texts = [x.text.strip() for x in rows[r + 1] if x.text.strip()]
                if texts:
                    goals.extend(_split_goals(texts[0]))
                if len(texts) > 1:
                    actual_goals.extend(_split_goals(texts[1]))
            elif label.startswith("预算规模及资金用途") and r + 1 < len(rows):
                texts = [x.text.strip() for x in rows[r + 1] if x.text.strip()]
                if texts and parse_number(texts[0]) is None:
                    fields.setdefault("purpose", texts[0])
            elif label in ("实施期限",) and nxt is not None:
                fields.setdefault("period", cells[nxt].text.strip())
            for m in _INLINE.finditer(ascii_digits(squash(cells[c].text))):
                key = {"资金总额": "total", "公共财政拨款": "fiscal", "财政拨款": "fiscal",
                       "基本支出": "basic", "项目支出": "project", "其他资金": "other"}[m.group(1)]
                parsed = parse_number(m.group(2))
                if parsed and key not in fields:
                    fields[key] = Amount(value=parsed[0], unit=word_unit(m.group(3), unit), decimals=parsed[1],
                                         raw=m.group(2) + (m.group(3) or ""),
                                         where=_inline_loc(loc(r, c, cells[c]), cells[c], m.group(1), m.group(2)))
        # 总体目标 with 实施期/年度 columns on the next row
        if "实施期总目标" in labels and r + 1 < len(rows):
            texts = [x.text.strip() for x in rows[r + 1] if x.text.strip()]
            goals.extend(_split_goals(texts[-1]) if texts else [])
        r += 1
    if not indicators and not fields and not goals:
        return None
    project_name = fields.pop("project_name", None)
    if project_name is None and title:
        project_name = _name_from_title(title)
    rate = None
    total, executed = fields.get("total"), fields.get("executed")
    if total is None and executed is None and not indicators and not goals:
        return None
    return PerformanceTarget.model_validate(
        {
            "form": form,
            "title": title,
            "project_name": project_name,
            "unit": unit,
            "spending_plan": plan,
            "goals": goals,
            "tasks": tasks,
            "indicators": indicators,
            "actual_goals": actual_goals,
            "rate": rate,
            "where": Location(file=file, block=block, line=grid.line, page=grid.page),
            **fields,
        }
    )


def _inline_loc(where: Location, cell: Cell, label: str, number: str) -> Location:
    """The line of a multi-line cell on which 「label：number」 is printed."""
    if where.line is None:
        return where
    for k, text in enumerate(cell.text.split("\n")):
        flat = ascii_digits(squash(text))
        if label in flat and number in flat:
            return where.model_copy(update={"line": where.line + k})
    return where


def _name_from_title(title: str) -> str:
    s = squash(title)
    s = _TITLE_NUMBER.sub("", s)
    s = _TITLE_TAIL.sub("", s)
    return s or title


def _next_value(cells: list[Cell], c: int) -> int | None:
    for j in range(c + 1, len(cells)):
        if cells[j].text.strip():
            return j
    return None


def _split_goals(text: str) -> list[str]:
    parts = _GOAL_BREAK.split(text.strip())
    return [p.strip() for p in parts if p.strip()]


def _plan(labels: list[Cell], values: list[Cell], r: int, file: str, block: int) -> list[PlanStep]:
    steps: list[PlanStep] = []
    vals = values[1:] if values and not values[0].text.strip() and len(values) > len(labels) else values
    for i, label_cell in enumerate(labels):
        text = vals[i].text.strip() if i < len(vals) else ""
        parsed = parse_number(text.rstrip("%％"))
        pct = None
        if parsed is not None:
            cell = vals[i]
            pct = new_percent(parsed[0], parsed[1], text, new_cell_location(file, block, r, i, cell.line, cell.page))
        steps.append(_new_plan_step(squash(label_cell.text), pct))
    return steps


def _tasks(
    rows: list[list[Cell]], r: int, unit: Unit, tasks: list[Task], fields: dict[str, object], file: str, block: int
) -> int:
    header = [_label(c.text) for c in rows[r]]
    start = header.index("任务名称")
    r += 1
    if r < len(rows) and "总额" in [_label(c.text) for c in rows[r]]:
        r += 1
    while r < len(rows):
        cells = rows[r]
        texts = [c.text.strip() for c in cells]
        labels = [_label(t) for t in texts]
        if "一级指标" in labels or any(t.startswith("年度总体目标") for t in labels):
            break
        nums = [(i, t) for i, t in enumerate(texts) if i > start and parse_number(t) is not None]
        amounts = [
            Amount(value=parse_number(t)[0], unit=unit, decimals=parse_number(t)[1], raw=t,  # type: ignore[index]
                   where=Location(file=file, block=block, row=r, col=i, line=cells[i].line, page=cells[i].page))
            for i, t in nums
        ]
        if "金额合计" in "".join(labels) or labels[0].startswith("合计"):
            if amounts:
                fields.setdefault("total", amounts[0])
            if len(amounts) > 1:
                fields.setdefault("fiscal", amounts[1])
            r += 1
            continue
        name = texts[start] if start < len(texts) else ""
        if not name and not amounts:
            break
        content = texts[start + 1] if start + 1 < len(texts) else ""
        idx = {i for i, _ in nums}
        vals = [amounts[k] for k in range(len(amounts))]
        positions = sorted(idx)
        total = vals[0] if positions and positions[0] == start + 2 else None
        fiscal = next((a for i, a in zip(positions, vals, strict=True) if i == start + 3), None)
        other = next((a for i, a in zip(positions, vals, strict=True) if i == start + 4), None)
        tasks.append(Task(name=name, content=content, total=total, fiscal=fiscal, other=other,
                          where=Location(file=file, block=block, row=r, col=start,
                                         line=cells[start].line if start < len(cells) else None,
                                         page=cells[start].page if start < len(cells) else None)))
        r += 1
    return r


def _indicators(
    rows: list[list[Cell]], r: int, header: list[str], form: TargetForm, out: list[Indicator], file: str, block: int
) -> int:
    width = len(header)
    i1 = header.index("一级指标")
    i2 = header.index("二级指标")
    i3 = next((i for i, h in enumerate(header) if h in ("三级指标", "指标内容", "指标名称")), i2 + 1)
    i_desc = next((i for i, h in enumerate(header) if h.startswith("绩效指标描述") or h == "指标描述"), None)
    i_val = next((i for i, h in enumerate(header) if h.startswith(("指标值", "预期指标值", "年度指标值", "目标值"))
                  and "依据" not in h), None)
    i_act = next((i for i, h in enumerate(header) if h.startswith(("实际完成指标值", "实际完成值", "实际值"))), None)
    i_basis = next((i for i, h in enumerate(header) if "依据" in h or h == "备注"), None)
    r += 1
    l1 = l2 = ""
    while r < len(rows):
        cells = list(rows[r])
        texts = [c.text for c in cells]
        if len(cells) < width and r + 1 < len(rows) and len(cells) + len(rows[r + 1]) == width:
            cells = cells + list(rows[r + 1])  # one row broken in two by a stray blank line
            r += 1
            texts = [c.text for c in cells]
        labels = [_label(t) for t in texts]
        if "一级指标" in labels:
            break
        if len(cells) < width:
            pad = width - len(cells)
            cells = [Cell(text="")] * pad + cells
            texts = [""] * pad + texts
            labels = [""] * pad + labels
        # A second-level category written in the first-level column: the row is shifted left.
        if labels[i1] in LEVEL2_NAMES and (not labels[i2] or labels[i2] not in LEVEL2_NAMES):
            cells = [*cells[:i1], Cell(text=""), *cells[i1:]]
            texts = [c.text for c in cells]
            labels = [_label(t) for t in texts]

        def get(i: int | None, texts: list[str] = texts) -> str:
            return texts[i].strip() if i is not None and i < len(texts) else ""

        if labels[i1]:
            l1 = labels[i1]
        if labels[i2]:
            l2 = labels[i2]
        elif labels[i1]:
            l2 = ""
        l3 = squash(get(i3))
        value = get(i_val)
        if not l3 and not value:
            r += 1
            continue
        where_cell = cells[i3] if i3 < len(cells) else cells[0]
        out.append(
            _new_indicator(
                l1, l2, l3, get(i_desc) or None, parse_target(value), get(i_basis) or None,
                parse_target(get(i_act)) if i_act is not None and get(i_act) else None,
                new_cell_location(file, block, r, i3, where_cell.line, where_cell.page),
            )
        )
        r += 1
    return r
