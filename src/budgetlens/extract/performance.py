"""Performance target tables (项目/部门整体/专项资金绩效目标表) and self-evaluations (自评表).

Forms come in three shapes, told apart by their header rows rather than by any one template:

* label/value grids (「项目名称 | …」「年度资金总额： | …」「其中：财政拨款 | …」) with an indicator
  block under a header row (「一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
  偏差原因…」), and for self-evaluations a funding block whose columns are named by a header row
  (「年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分」);
* lists: one header row naming project columns (单位编码, 项目名称, 资金总额, 绩效目标) left of the
  indicator columns, one project over many rows and often over many pages (joined by
  :func:`join_targets`), or a list of projects with their goals and no indicators;
* fragments: the indicator rows of a form continued on the next page without a header.

Every column is given its role from its header words (:data:`INDICATOR_ROLES`, :data:`PROJECT_ROLES`,
:data:`FUNDING_ROLES`); an indicator's target joins the operator, value and unit columns when a form
prints them apart (「≥ | 95 | %」).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from budgetlens.extract.builders import new_amount, new_cell_location, new_percent
from budgetlens.extract.headers import Roles, header_role, squash
from budgetlens.extract.metadata import split_code
from budgetlens.extract.numbers import ascii_digits, canonical_ops, parse_number
from budgetlens.extract.table import GridContext
from budgetlens.extract.table.matrix import expand
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
    "可持续影响指标", "服务对象满意度指标", "满意度指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
)
_WORD_OPS = (
    ("不低于", "≥"), ("不少于", "≥"), ("大于等于", "≥"), ("不高于", "≤"), ("不超过", "≤"), ("不多于", "≤"),
    ("小于等于", "≤"), ("不晚于", "≤"), ("大于", ">"), ("高于", ">"), ("小于", "<"), ("低于", "<"), ("等于", "="),
)
_TARGET_NUM = re.compile(r"^(?P<op>[≥≤=><])?\s*(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<unit>.*)$")
_UNIT_SUFFIX_OPS = (("以上", "≥"), ("以内", "≤"), ("以下", "≤"))
_DATE = re.compile(r"^(19|20)\d{2}年")
_YUAN_END = re.compile(f"({PROSE_UNIT_WORD})$")
_FISCAL_PART = re.compile(r"^其中[:：\-－]?(财政资金|财政拨款)$")
_TITLE_NUMBER = re.compile(r"^\d+[、.．]")
_TITLE_TAIL = re.compile(r"(项目)?(支出)?绩效目标(申报|完成情况|自评)?表$")
_GOAL_BREAK = re.compile(r"\n|(?=目标\d+[:：])")
_TOTAL_LABELS = frozenset({"预算数", "实施期资金总额", "资金总额", "年度资金总额", "年度预算资金总额", "当年预算",
                           "项目总额", "预算金额"})
_GOAL_LABELS = frozenset({"绩效目标", "年度目标", "总体目标", "年度总体目标", "实施期总目标", "当年绩效目标",
                          "当年整体绩效目标", "整体绩效目标", "部门整体绩效目标"})
_GOAL_ABOVE = _GOAL_LABELS  # a goal label alone in its row, the goal in the row below
_YEAR_PREFIX = re.compile(r"^(?:(?:19|20)\d{2}年度?)")


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
    whole = "部门整体" in t or "整体支出" in t or "部门整体" in joined[:40]
    if "自评" in t or "完成情况" in t or "执行数" in joined or "实际完成值" in joined:
        return TargetForm.DEPARTMENT_SELF_EVAL if whole else TargetForm.PROJECT_SELF_EVAL
    if whole:
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


_BLANK = Cell(text="")
HEADER_SEARCH_ROWS = 8  # the header row of a list is among the first rows of its grid


def build_targets(grid: Grid, block: int, ctx: GridContext, file: str) -> list[PerformanceTarget]:
    """The targets of one grid: a list of projects, one form, or a form's rows continued from a page before."""
    texts = [[squash(c.text) for c in row] for row in grid.rows]
    head = texts[:HEADER_SEARCH_ROWS]
    h = next((i for i, row in enumerate(head) if is_indicator_header(row)), None)
    if h is None:
        h = next((i for i, row in enumerate(head) if _is_list_header(row)), None)
    if h is not None:
        top = _header_rows(texts, h)
        labels, _ = _column_labels(grid, top, h)
        form = _form(ctx.title, "".join(labels))
        listed = _list_targets(grid, block, ctx, file, h, labels, form)
        if listed:
            return listed
    one = build_target(grid, block, ctx, file)
    if one is not None:
        return [one]
    fragment = _fragment(grid, block, ctx, file)
    return [fragment] if fragment is not None else []


_NOT_FILLED = re.compile(r"(?:19|20)\d{2}\s*年度?|^\s*(?:附?表|附件)\s*\d+(?:-\d+)?\s*$")


def is_blank_form(grid: Grid, title: str) -> bool:
    """A form printed with its labels only (a 专项资金绩效目标表 the department has no fund for):
    a grid of rows under a table's title (「…表」) where no cell holds a figure but a year or the
    table's number."""
    if len(grid.rows) < 2 or not squash(title).endswith("表"):
        return False
    return not any(_DIGIT.search(_NOT_FILLED.sub("", c.text)) for row in grid.rows for c in row)


_DIGIT = re.compile(r"\d")


def _is_list_header(labels: list[str]) -> bool:
    if any(len(x) > HEADER_CELL_MAX_CHARS for x in labels):
        return False
    roles = {header_role(x, PROJECT_ROLES) for x in labels}
    return "goal" in roles and ("project" in roles or "department" in roles) and "total" in roles


def build_target(grid: Grid, block: int, ctx: GridContext, file: str) -> PerformanceTarget | None:
    # cells spread over the columns they span, so that a column means the same in every row
    rows = [[slot.cell if slot.head else _BLANK for slot in row] for row in expand(grid.rows).rows]
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
    scores: list[Decimal] = []

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
        if is_indicator_header(labels):
            r = _indicators(rows, r, labels, form, indicators, file, block, scores, grid.rows)
            continue
        funding = _funding_roles(labels) if not any(parse_number(x) is not None for x in labels) else {}
        if funding:
            r = _funding(rows, r, funding, unit, fields, file, block)
            if "executed" in funding.values() and not form.self_evaluation:
                form = _form(title + "自评", joined)
            continue
        if len([x for x in labels if x]) == 1 and labels[0] in _GOAL_ABOVE and r + 1 < len(rows):
            texts = [x.text.strip() for x in rows[r + 1] if x.text.strip()]
            if len(texts) == 1:
                goals.extend(_split_goals(texts[0]))
                r += 2
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
                code, dept = split_code(cells[nxt].text)
                if dept:
                    fields.setdefault("department", dept)
                    if code:
                        fields.setdefault("department_code", code)
            elif label in _TOTAL_LABELS and nxt is not None:
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
            elif label in _GOAL_LABELS and nxt is not None:
                if label == "总体目标" and r + 1 < len(rows) and _label(cells[nxt].text) in ("实施期总目标",):
                    break
                goals.extend(_split_goals(cells[nxt].text))
            elif label in ("预期目标", "项目年度目标") and r + 1 < len(rows):
                texts = [x.text.strip() for x in rows[r + 1] if x.text.strip()]
                if texts:
                    goals.extend(_split_goals(texts[0]))
                if len(texts) > 1:
                    actual_goals.extend(_split_goals(texts[1]))
            elif label in ("项目概况", "项目概述") and nxt is not None:
                fields.setdefault("purpose", cells[nxt].text.strip())
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
    if project_name is None and title and form not in (TargetForm.DEPARTMENT, TargetForm.DEPARTMENT_SELF_EVAL):
        project_name = _name_from_title(title)
    if scores:
        fields["score"] = scores[-1]
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


def _name_from_title(title: str) -> str | None:
    """A project's name from its form's title (「1、宣传资料印制绩效目标表」); None when the title
    names no project (「2026年项目支出绩效目标表」)."""
    s = squash(title)
    s = _TITLE_NUMBER.sub("", s)
    s = _TITLE_TAIL.sub("", s)
    s = _YEAR_PREFIX.sub("", s)
    if not s or s in ("项目", "项目支出", "部门", "部门项目", "政策和项目预算", "部门专项业务经费"):
        return None
    return s if "绩效" not in s else None


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


# ---------------------------------------------------------------- columns named by their headers

#: Indicator columns: (role, header words, match). ``start``: the header starts with a word; ``in``:
#: contains one; ``eq``: is one. The first role that fits a header is its role.
INDICATOR_ROLES: Roles = (
    ("l1", ("一级指标",), "start"),
    ("l2", ("二级指标",), "start"),
    ("l3", ("三级指标", "指标名称", "指标内容", "绩效指标名称"), "start"),
    ("deviation", ("偏差原因", "未完成原因", "原因分析", "偏差"), "in"),
    ("basis", ("依据",), "in"),
    ("scoring", ("评分", "扣分", "评（扣）分", "计分"), "in"),
    ("op", ("指标性质", "指标值类型", "运算符", "符号", "指标方向"), "start"),
    ("actual", ("实际完成值", "实际完成指标值", "全年实际值", "实际值", "完成值", "实际完成情况", "实际完成"), "start"),
    ("description", ("指标解释", "指标值内容", "指标说明", "绩效指标描述", "指标描述", "指标值说明", "指标定义"),
     "start"),
    ("value", ("指标值", "年度指标值", "预期指标值", "目标值", "年度目标值", "指标目标值", "绩效指标值"), "start"),
    ("unit", ("计量单位", "度量单位", "单位"), "eq"),
    ("weight", ("分值", "权重", "指标权重", "分值权重"), "start"),
    ("score", ("得分",), "start"),
    ("core", ("是否核心",), "start"),
)
#: Project columns left of the indicators in a list (and in a list without indicators).
PROJECT_ROLES: Roles = (
    ("code", ("单位编码", "项目编码", "项目代码", "序号", "编码"), "start"),
    ("project", ("项目名称", "单位（项目）名称", "一级项目名称", "二级项目名称", "项目"), "in"),
    ("department", ("单位名称", "二级预算单位名称", "预算单位名称", "部门名称", "预算单位", "单位"), "in"),
    ("goal", ("绩效目标", "年度目标", "总体目标"), "in"),
    ("fiscal", ("一般公共预算", "财政拨款"), "in"),
    ("other", ("其他资金",), "in"),
    ("basic", ("基本支出",), "in"),
    ("project_amount", ("项目支出",), "in"),
    ("total", ("资金总额", "金额", "预算数", "预算资金", "年度预算申请", "合计", "总额"), "in"),
)
#: The funding block of a self-evaluation: columns by their header.
FUNDING_ROLES: Roles = (
    ("initial", ("年初预算",), "start"),
    ("rate", ("执行率", "预算执行率"), "in"),
    ("executed", ("全年执行数", "预算执行数", "执行数", "实际支出"), "in"),
    ("total", ("全年预算", "调整后预算", "预算数"), "in"),
    ("weight", ("分值", "权重"), "start"),
    ("score", ("得分",), "start"),
)
#: Row labels of the funding block, by the fields they fill (total row, fiscal row, other row).
_FUNDING_ROWS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("fiscal", re.compile(r"^(其中[:：]?)?(本年|当年)?(财政拨款|财政资金)")),
    ("other", re.compile(r"^(其中[:：]?)?其[他它]资金")),
    ("total", re.compile(r"^(年度)?(资金)?总额|^合计|^小计")),
)
HEADER_CELL_MAX_CHARS = 16  # a longer cell is a value, not a column header
FUNDING_MIN_COLUMNS = 2  # a row naming this many funding columns heads a funding block
_END_ROWS = frozenset({"合计", "总分", "总计", "评价结论", "存在问题", "改进措施", "项目负责人", "填报人", "备注"})
_NOT_APPLICABLE = re.compile(r"^(无|不适用|不涉及|不合适|不满足|不直接|/|／|—|-|－)")
_SCORE_SUFFIX = re.compile(r"[（(]\d+(?:\.\d+)?分[)）]$")
_NAME_UNIT = re.compile(r"[（(]([^（）()\d]{1,6})[)）]$")
_OPS = {"≥": "≥", ">=": "≥", "≧": "≥", "≤": "≤", "<=": "≤", "≦": "≤", "=": "=", "＝": "=", ">": ">", "＞": ">",
        "<": "<", "＜": "<", "大于等于": "≥", "小于等于": "≤", "等于": "=", "大于": ">", "小于": "<"}
LEVEL1_NAMES = ("产出指标", "效益指标", "效果指标", "满意度指标", "成本指标")


def _indicator_roles(header: list[str]) -> dict[str, int]:
    """Indicator column roles of a header row: role → column (the first column of each role)."""
    out: dict[str, int] = {}
    for k, text in enumerate(header):
        role = header_role(text, INDICATOR_ROLES)
        if role is not None and role not in out:
            out[role] = k
    return out


def is_indicator_header(labels: list[str]) -> bool:
    roles = _indicator_roles(labels)
    return ("l1" in roles and "l2" in roles) or ("l3" in roles and ("value" in roles or "op" in roles))


def _level(text: str) -> str:
    return _SCORE_SUFFIX.sub("", squash(text))


def _compose_target(op: str, value: str, unit: str) -> Target:
    """The target of an indicator whose operator, value and unit may be printed in columns of their own."""
    value = value.strip()
    sym = _OPS.get(squash(op))
    raw = value
    if value and parse_number(value) is not None:
        raw = f"{sym or ''}{value}{squash(unit)}"
    elif sym and value and value[0] not in "≥≤=<>≧≦＝＞＜":
        raw = f"{sym}{value}"
    return parse_target(raw)


def _decimal(text: str) -> Decimal | None:
    parsed = parse_number(text.strip().rstrip("%％"))
    return parsed[0] if parsed else None


@dataclass(slots=True)
class _IndicatorReader:
    """Reads indicator rows with the column roles of their header row."""

    roles: dict[str, int]
    width: int
    file: str
    block: int
    l1: str = ""
    l2: str = ""

    def get(self, texts: list[str], role: str) -> str:
        k = self.roles.get(role)
        return texts[k].strip() if k is not None and k < len(texts) else ""

    def names_indicator(self, cells: list[Cell]) -> bool:
        """Whether the row prints an indicator's name or value (read does more: it keeps the levels)."""
        texts = [c.text for c in cells]
        return bool(squash(self.get(texts, "l3")) or self.get(texts, "value"))

    def read(self, cells: list[Cell], r: int) -> Indicator | None:
        texts = [c.text for c in cells]
        l1, l2 = _level(self.get(texts, "l1")), _level(self.get(texts, "l2"))
        if l1:
            self.l1, self.l2 = l1, ""
        if l2:
            self.l2 = l2
        l3 = squash(self.get(texts, "l3"))
        value = self.get(texts, "value")
        if not l3 and not value:
            return None
        target = _compose_target(self.get(texts, "op"), value, self.get(texts, "unit"))
        if target.number is not None and target.unit is None and (m := _NAME_UNIT.search(l3)):
            target = target.model_copy(update={"unit": "%" if m.group(1) == "百分比" else m.group(1)})
        actual_text = self.get(texts, "actual")
        actual = _compose_target("", actual_text, self.get(texts, "unit")) if actual_text else None
        i3 = self.roles.get("l3", self.roles.get("value", 0))
        where_cell = cells[i3] if i3 < len(cells) else cells[0]
        ind = _new_indicator(
            self.l1, self.l2, l3, self.get(texts, "description") or None, target,
            self.get(texts, "basis") or None, actual,
            new_cell_location(self.file, self.block, r, i3, where_cell.line, where_cell.page),
        )
        extra = {
            "weight": _decimal(self.get(texts, "weight")), "score": _decimal(self.get(texts, "score")),
            "scoring_rule": self.get(texts, "scoring") or None, "deviation": self.get(texts, "deviation") or None,
        }
        extra = {k: v for k, v in extra.items() if v is not None}
        return ind.model_copy(update=extra) if extra else ind


def _cell_starts(printed: list[Cell]) -> list[int]:
    """The column each printed cell of a row starts at."""
    out, col = [], 0
    for c in printed:
        out.append(col)
        col += max(c.colspan, 1)
    return out


def _under_header(cells: list[Cell], starts: list[int], width: int) -> list[Cell]:
    """A row's cells, one under each printed cell of the header (at the column that cell starts at)."""
    out = [_BLANK] * width
    for cell, col in zip(cells, starts, strict=False):
        if col < width:
            out[col] = cell
    return out


def _is_end_row(labels: list[str]) -> bool:
    first = next((x for x in labels if x), "")
    return first in _END_ROWS


def _short_row(printed: list[Cell], columns: int) -> list[Cell] | None:
    """The printed cells of a row that has fewer cells than the header, else None.

    A text dump leaves out a row's leading empty cells and may break one row over two lines; a
    document printed from it (Word, PDF) shows such a row as its cells with the last one spanning
    what is left. Both are read on their printed cells, not on the columns the last one spans.
    """
    if not printed or len(printed) >= columns or any(c.colspan > 1 for c in printed[:-1]):
        return None  # a full row, or a cell spanning columns inside the row: read on its columns
    return list(printed)


def _indicators(
    rows: list[list[Cell]], r: int, header: list[str], form: TargetForm, out: list[Indicator], file: str, block: int,
    score: list[Decimal] | None = None, printed: list[list[Cell]] | None = None,
) -> int:
    """Indicator rows under the header row ``r``; returns the index of the first row after them.

    ``rows`` have their cells spread over the columns they span; ``printed`` are the same rows as
    printed (one item a printed cell), by which a short row is told (see :func:`_short_row`) and
    laid out under the header's printed cells.
    """
    width = len(header)
    printed = rows if printed is None else printed
    starts = _cell_starts(printed[r]) if r < len(printed) else list(range(width))
    reader = _IndicatorReader(_indicator_roles(header), width, file, block)
    i1 = reader.roles.get("l1")
    i2 = reader.roles.get("l2")
    r += 1
    while r < len(rows):
        cells = list(rows[r])
        short = _short_row(printed[r], len(starts)) if r < len(printed) else None
        after = _short_row(printed[r + 1], len(starts)) if r + 1 < len(printed) else None
        if short is not None and after is not None and len(short) + len(after) == len(starts) \
                and not short[0].text.strip() and not reader.names_indicator(cells):
            # one printed row broken in two: a row that prints its leading empty cell has left none
            # out, so what it lacks is its end, printed as the next row
            cells = _under_header(short + after, starts, width)
            r += 1
        elif short is not None:
            # the leading empty cells left out: the cells printed go under the header's last ones
            cells = _under_header([_BLANK] * (len(starts) - len(short)) + short, starts, width)
        labels = [_label(c.text) for c in cells]
        if is_indicator_header(labels):
            break
        if _is_end_row(labels):
            k = reader.roles.get("score")
            if score is not None and k is not None and k < len(cells) and (v := _decimal(cells[k].text)) is not None:
                score.append(v)
            r += 1
            break
        # A second-level category written in the first-level column: the row is shifted left.
        if (i1 is not None and i2 is not None and i1 < len(labels) and labels[i1] in LEVEL2_NAMES
                and (not labels[i2] or labels[i2] not in LEVEL2_NAMES)):
            cells = [*cells[:i1], Cell(text=""), *cells[i1:]]
        ind = reader.read(cells, r)
        if ind is not None:
            out.append(ind)
        r += 1
    return r


# ---------------------------------------------------------------- funding block (self-evaluation)


def _funding_roles(labels: list[str]) -> dict[int, str]:
    roles = {k: role for k, text in enumerate(labels) if (role := header_role(text, FUNDING_ROLES)) is not None}
    return roles if len(set(roles.values())) >= FUNDING_MIN_COLUMNS else {}


def _funding(
    rows: list[list[Cell]], r: int, roles: dict[int, str], unit: Unit, fields: dict[str, object], file: str, block: int
) -> int:
    """Rows of a funding block under its header row ``r``; fills ``fields``; returns the next row."""
    width = len(rows[r])
    r += 1
    while r < len(rows):
        cells = rows[r]
        texts = [c.text.strip() for c in cells]
        label = next((_label(t) for t in texts if t and parse_number(t.rstrip("%％")) is None), "")
        kind = next((k for k, pat in _FUNDING_ROWS if pat.search(label)), None)
        if kind is None:
            if label.startswith(("上年结转", "财政专户", "单位资金", "其中")):
                r += 1
                continue
            break
        offset = 0 if len(cells) >= width else width - len(cells)
        for k, role in roles.items():
            j = k - offset
            if j < 0 or j >= len(cells):
                continue
            _fund_value(kind, role, cells[j], unit, fields, new_cell_location(file, block, r, j, cells[j].line,
                                                                              cells[j].page))
        r += 1
    return r


_FUND_FIELDS = {
    ("total", "total"): "total", ("total", "executed"): "executed", ("total", "initial"): "initial",
    ("fiscal", "total"): "fiscal", ("fiscal", "executed"): "fiscal_executed",
    ("other", "total"): "other", ("other", "executed"): "other_executed",
}


def _fund_value(kind: str, role: str, cell: Cell, unit: Unit, fields: dict[str, object], where: Location) -> None:
    text = cell.text.strip()
    if not text:
        return
    if kind == "total" and role == "rate":
        parsed = parse_number(text.rstrip("%％"))
        if parsed is not None and "rate" not in fields:
            fields["rate"] = new_percent(parsed[0], parsed[1], text, where)
        return
    if role in ("score", "weight"):
        return  # the score of the execution rate, not of the form
    key = _FUND_FIELDS.get((kind, role))
    if key is not None and key not in fields:
        amount = _amount(text, unit, where)
        if amount is not None:
            fields[key] = amount


# ---------------------------------------------------------------- lists of projects


def _header_rows(texts: list[list[str]], h: int) -> int:
    """The first row of the header block that ends at row ``h`` (rows of short labels, no figures)."""
    top = h
    while top > 0:
        above = [t for t in texts[top - 1] if t]
        if not above or any(len(t) > HEADER_CELL_MAX_CHARS or parse_number(t) is not None for t in above):
            break
        top -= 1
    return top


def _column_labels(grid: Grid, top: int, h: int) -> tuple[list[str], bool]:
    """Per column, the deepest label of the header rows ``top``…``h`` (spanning cells spread)."""
    m = expand(grid.rows)
    labels = [""] * m.width
    for i in range(top, h + 1):
        for slot in m.rows[i]:
            text = squash(slot.cell.text)
            if text:
                labels[slot.col] = text
    return labels, m.spanned


def _list_columns(labels: list[str], first_indicator: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for k, text in enumerate(labels[:first_indicator]):
        role = header_role(text, PROJECT_ROLES)
        if role is not None and role not in out:
            out[role] = k
    return out


def _list_targets(
    grid: Grid, block: int, ctx: GridContext, file: str, h: int, labels: list[str], form: TargetForm,
) -> list[PerformanceTarget]:
    m = expand(grid.rows)
    roles = _indicator_roles(labels)
    first_indicator = min(roles.values()) if roles else len(labels)
    cols = _list_columns(labels, first_indicator)
    key_col = cols.get("project", cols.get("department"))
    if key_col is None or not ({"total", "goal"} & cols.keys()):
        return []
    unit = ctx.unit or stated_unit(ctx.title) or next((u for t in labels if (u := label_unit(t))), None) or Unit.YUAN
    reader = _IndicatorReader(roles, m.width, file, block) if roles else None
    found: list[tuple[dict[str, object], list[Indicator]]] = []
    key = ""
    dept_col = cols.get("department")
    current: tuple[str, str] = ("", "")
    for i in range(h + 1, len(m.rows)):
        cells = [slot.cell if slot.head else Cell(text="") for slot in m.rows[i]]
        printed = squash(cells[key_col].text) if key_col < len(cells) else ""
        if printed in _END_ROWS or printed.startswith("注"):
            key, current = "", ("", "")
            continue
        dept = squash(cells[dept_col].text) if dept_col is not None and dept_col < len(cells) else ""
        if printed and (printed, dept or current[1]) != current:
            key, current = printed, (printed, dept or current[1])
            found.append((_list_fields(cols, cells, i, key, unit, file, block), []))
            if reader is not None:
                reader.l1 = reader.l2 = ""
        if not key or reader is None:
            continue
        ind = reader.read(cells, i)
        if ind is not None:
            found[-1][1].append(ind)
    where = Location(file=file, block=block, line=grid.line, page=grid.page)
    return [
        PerformanceTarget.model_validate({"form": form, "title": ctx.title, "unit": unit, "where": where,
                                          "indicators": inds, **fields})
        for fields, inds in found if fields.get("goals") or inds
    ]


def _list_fields(
    cols: dict[str, int], cells: list[Cell], r: int, key: str, unit: Unit, file: str, block: int,
) -> dict[str, object]:
    """What the first row of a project in a list says of it: name, department, amounts, goals."""
    def text(role: str) -> str:
        k = cols.get(role)
        return cells[k].text.strip() if k is not None and k < len(cells) else ""

    fields: dict[str, object] = {"project_name": key if "project" in cols else None}
    for role in ("total", "fiscal", "other", "basic", "project_amount"):
        k = cols.get(role)
        if k is None or k >= len(cells):
            continue
        amount = _amount(cells[k].text, unit, new_cell_location(file, block, r, k, cells[k].line, cells[k].page))
        if amount is not None:
            fields["project" if role == "project_amount" else role] = amount
    code, department = split_code(text("department"))
    if department:
        fields["department"] = department
        if code:
            fields["department_code"] = code
    if text("goal"):
        fields["goals"] = _split_goals(text("goal"))
    return fields


# ---------------------------------------------------------------- fragments and joining


def _fragment(grid: Grid, block: int, ctx: GridContext, file: str) -> PerformanceTarget | None:
    """Indicator rows continued from the previous page without a header: columns found by content."""
    m = expand(grid.rows)
    for i in range(min(len(m.rows), 3)):
        texts = [_level(s.cell.text) if s.head else "" for s in m.rows[i]]
        for k, text in enumerate(texts[:-3]):
            if text in LEVEL1_NAMES and texts[k + 1] in LEVEL2_NAMES:
                roles = {"l1": k, "l2": k + 1, "l3": k + 2, "value": k + 3}
                reader = _IndicatorReader(roles, m.width, file, block)
                inds = [ind for j in range(i, len(m.rows))
                        if (ind := reader.read([s.cell if s.head else Cell(text="") for s in m.rows[j]], j))]
                if not inds:
                    return None
                return PerformanceTarget(form=_form(ctx.title, ""), title=ctx.title, indicators=inds,
                                         where=Location(file=file, block=block, line=grid.line, page=grid.page))
    return None


def _is_fragment(t: PerformanceTarget) -> bool:
    return (t.project_name is None and t.department is None and t.total is None and not t.goals
            and not t.tasks and bool(t.indicators))


def _same_target(a: PerformanceTarget, b: PerformanceTarget) -> bool:
    """``b`` is ``a`` again: the same form, title, project and department (one of them printed), same total."""
    named = b.project_name is not None or b.department is not None
    same = (a.form, a.title, a.project_name, a.department) == (b.form, b.title, b.project_name, b.department)
    totals = a.total is None or b.total is None or a.total.value == b.total.value
    return named and same and totals


def join_targets(targets: list[PerformanceTarget]) -> list[PerformanceTarget]:
    """One target printed over several pages (its first row repeated on each page, or its indicator rows
    continued without a header) → one target."""
    out: list[PerformanceTarget] = []
    for t in targets:
        prev = out[-1] if out else None
        if prev is not None and (_is_fragment(t) or _same_target(prev, t)):
            goals = prev.goals + [g for g in t.goals if g not in prev.goals]
            out[-1] = prev.model_copy(update={"indicators": prev.indicators + t.indicators, "goals": goals})
            continue
        out.append(t)
    return out
