"""Read a budget input workbook (.xlsx) or YAML file into :class:`BudgetInput`.

Both become the same raw form first: per sheet, a list of records mapping a column name to a
:class:`RawCell` (the value and where it was: ``支出明细!B7`` in a workbook, ``支出明细[3].科目编码``
in YAML). Conversion then parses every cell and collects every problem with its place, so that
one run lists all the mistakes of a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from budgetlens.errors import InputError
from budgetlens.model import DocumentKind, Scope, Unit
from budgetlens.render import layout as L
from budgetlens.render.inputs import (
    AssetLine,
    BudgetInput,
    EconLine,
    EntityInput,
    ExpenseLine,
    IncomeInput,
    IndicatorInput,
    LastYear,
    Nature,
    ProcurementLine,
    ProjectInput,
    Source,
    StaffInput,
    TargetInput,
    ThreePublicInput,
    source_from_text,
)


@dataclass(frozen=True, slots=True)
class RawCell:
    value: Any
    ref: str


@dataclass(slots=True)
class RawRecord:
    cells: dict[str, RawCell]
    ref: str

    def get(self, column: str) -> RawCell:
        return self.cells.get(column) or RawCell(None, f"{self.ref}.{column}")


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem in the input: where (sheet and cell) and what, in Chinese."""

    ref: str
    message: str

    def __str__(self) -> str:
        return f"{self.ref}：{self.message}"


@dataclass(slots=True)
class Refs:
    """Where each value of a :class:`BudgetInput` came from: (section, index or key, column) → ref."""

    places: dict[tuple[str, int | str, str], str] = field(default_factory=dict)
    file: str = ""

    def of(self, sheet: str, index: int | str, column: str) -> str:
        return self.places.get((sheet, index, column), f"{sheet}（{column}）")


class InputIssues(InputError):
    """The input has problems; ``issues`` lists them all."""

    def __init__(self, path: str, issues: list[Issue]) -> None:
        self.issues = issues
        lines = "\n".join(f"  {i}" for i in issues)
        super().__init__(f"输入有 {len(issues)} 处错误：\n{lines}", path=path)


RawInput = dict[str, list[RawRecord]]


# --------------------------------------------------------------------------- raw readers


def _cell_text(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def read_workbook(path: Path) -> RawInput:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        wb = load_workbook(path, data_only=True, read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise InputError(f"无法打开工作簿（{type(exc).__name__}），请确认是 .xlsx 文件", path=str(path)) from exc
    raw: RawInput = {}
    try:
        for spec in L.SHEETS:
            if spec.name not in wb.sheetnames:
                continue
            ws = wb[spec.name]
            rows = list(ws.iter_rows(values_only=True))
            if not rows:
                raw[spec.name] = []
                continue
            header = [str(_cell_text(v) or "") for v in rows[0]]
            positions = {name: i for i, name in enumerate(header) if name}
            missing = [c for c in spec.columns if c not in positions]
            if missing:
                raise InputError(f"工作表「{spec.name}」第1行缺少列：{'、'.join(missing)}", path=str(path))
            records: list[RawRecord] = []
            for r, row in enumerate(rows[1:], start=2):
                cells = {
                    name: RawCell(
                        _cell_text(row[i]) if i < len(row) else None, f"{spec.name}!{get_column_letter(i + 1)}{r}"
                    )
                    for name, i in positions.items()
                    if name in spec.columns
                }
                if all(c.value is None for c in cells.values()):
                    continue
                records.append(RawRecord(cells, f"{spec.name}!A{r}"))
            raw[spec.name] = records
    finally:
        wb.close()
    return raw


def read_yaml(path: Path) -> RawInput:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"无法读取文件（{exc}）", path=str(path)) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark is not None else None
        raise InputError("YAML 格式错误", path=str(path), where=where) from exc
    if not isinstance(data, dict):
        raise InputError("YAML 顶层应为映射（工作表名: 内容）", path=str(path))
    raw: RawInput = {}
    for key, body in data.items():
        spec = L.SHEET_BY_NAME.get(str(key))
        if spec is None:
            raise InputError(f"未知的部分「{key}」，应为：{'、'.join(L.SHEET_BY_NAME)}", path=str(path))
        if body is None:
            raw[spec.name] = []
        elif spec.keyed:
            if not isinstance(body, dict):
                raise InputError(f"「{spec.name}」应为映射（{spec.key_column}: 值）", path=str(path))
            records = []
            for k, v in body.items():
                ref = f"{spec.name}.{k}"
                cells = {spec.key_column: RawCell(str(k), ref)}
                if isinstance(v, dict) and len(spec.value_columns) > 1:
                    for col, val in v.items():
                        cells[str(col)] = RawCell(_cell_text(val), f"{ref}.{col}")
                else:
                    cells[spec.value_columns[0]] = RawCell(_cell_text(v), ref)
                records.append(RawRecord(cells, ref))
            raw[spec.name] = records
        else:
            if not isinstance(body, list):
                raise InputError(f"「{spec.name}」应为列表（每项一行）", path=str(path))
            records = []
            for i, item in enumerate(body, start=1):
                ref = f"{spec.name}[{i}]"
                if not isinstance(item, dict):
                    raise InputError(f"{ref} 应为映射（列名: 值）", path=str(path))
                cells = {str(col): RawCell(_cell_text(val), f"{ref}.{col}") for col, val in item.items()}
                records.append(RawRecord(cells, ref))
            raw[spec.name] = records
    return raw


# --------------------------------------------------------------------------- conversion

_NUMBER_JUNK = re.compile(r"[,，\s\u3000]")


class _Converter:
    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.refs = Refs()

    def fail(self, ref: str, message: str) -> None:
        self.issues.append(Issue(ref, message))

    def text(self, cell: RawCell) -> str:
        if cell.value is None:
            return ""
        if isinstance(cell.value, datetime | date):
            return cell.value.strftime("%Y年%m月%d日")
        return str(cell.value).strip()

    def code(self, cell: RawCell, what: str) -> str:
        value = cell.value
        if value is None:
            return ""
        text = str(int(value)) if isinstance(value, int | float) and float(value).is_integer() else str(value)
        text = "".join(text.split())
        if not text.isdigit():
            self.fail(cell.ref, f"{what}「{text}」应为数字编码")
            return ""
        return text

    def number(self, cell: RawCell, what: str, *, required: bool = False, negative_ok: bool = False) -> Decimal | None:
        value = cell.value
        if value is None:
            if required:
                self.fail(cell.ref, f"{what}未填写")
            return None
        if isinstance(value, bool):
            self.fail(cell.ref, f"{what}「{value}」不是数字")
            return None
        if isinstance(value, int):
            result = Decimal(value)
        elif isinstance(value, float):
            result = Decimal(repr(value))
        else:
            text = _NUMBER_JUNK.sub("", str(value))
            text = text.removesuffix("万元").removesuffix("元")
            try:
                result = Decimal(text)
            except InvalidOperation:
                self.fail(cell.ref, f"{what}「{value}」不是数字")
                return None
            if not result.is_finite():
                self.fail(cell.ref, f"{what}「{value}」不是数字")
                return None
        if result < 0 and not negative_ok:
            self.fail(cell.ref, f"{what}不能为负数（{value}）")
            return None
        return result

    def amount(self, cell: RawCell, what: str) -> Decimal:
        return self.number(cell, what) or Decimal(0)

    def integer(self, cell: RawCell, what: str) -> int | None:
        n = self.number(cell, what)
        if n is None:
            return None
        if n != n.to_integral_value():
            self.fail(cell.ref, f"{what}应为整数（{cell.value}）")
            return None
        return int(n)

    def remember(self, sheet: str, index: int | str, record: RawRecord) -> None:
        for column, cell in record.cells.items():
            self.refs.places[(sheet, index, column)] = cell.ref
        self.refs.places[(sheet, index, "")] = record.ref


def _keyed(raw: RawInput, spec: L.SheetSpec, conv: _Converter) -> dict[str, RawRecord]:
    out: dict[str, RawRecord] = {}
    for record in raw.get(spec.name, []):
        key_cell = record.get(spec.key_column)
        key = conv.text(key_cell)
        if not key:
            conv.fail(key_cell.ref, f"{spec.key_column}未填写")
            continue
        if key not in spec.keys:
            conv.fail(key_cell.ref, f"未知的{spec.key_column}「{key}」，应为：{'、'.join(spec.keys)}")
            continue
        if key in out:
            conv.fail(key_cell.ref, f"「{key}」重复填写")
            continue
        conv.remember(spec.name, key, record)
        out[key] = record
    return out


def _value(records: dict[str, RawRecord], key: str, column: str, sheet: str) -> RawCell:
    record = records.get(key)
    return record.get(column) if record else RawCell(None, f"{sheet}（{key}）")


def _entity(raw: RawInput, conv: _Converter) -> EntityInput | None:
    spec = L.ENTITY
    rec = _keyed(raw, spec, conv)

    def cell(key: str) -> RawCell:
        return _value(rec, key, "内容", spec.name)

    name = conv.text(cell("单位名称"))
    if not name:
        conv.fail(cell("单位名称").ref, "单位名称未填写")
    year = conv.integer(cell("年度"), "年度")
    if year is None:
        conv.fail(cell("年度").ref, "年度未填写或不是整数")
    elif not 2000 <= year <= 2100:
        conv.fail(cell("年度").ref, f"年度 {year} 不合理")
        year = None

    def choice(key: str, enum: Any, default: Any) -> Any:
        text = conv.text(cell(key))
        if not text:
            return default
        for member in enum:
            if text == member.value:
                return member
        conv.fail(cell(key).ref, f"{key}「{text}」应为：{'、'.join(m.value for m in enum)}")
        return default

    kind = choice("公开类型", (DocumentKind.BUDGET, DocumentKind.FINAL), DocumentKind.BUDGET)
    scope = choice("公开范围", Scope, Scope.DEPARTMENT)
    unit = choice("金额单位", Unit, Unit.YUAN)
    nature = choice("单位性质", Nature, Nature.ADMIN)
    code = conv.code(cell("单位编码"), "单位编码") or None
    if not name or year is None:
        return None
    return EntityInput(
        name=name, code=code, year=year, kind=kind, scope=scope, unit=unit, nature=nature,
        duties=conv.text(cell("主要职责")), organization=conv.text(cell("机构设置")),
        change_reason=conv.text(cell("收支增减原因")), three_public_reason=conv.text(cell("三公经费增减原因")),
        running_cost_use=conv.text(cell("机关运行经费用途")), assets_as_of=conv.text(cell("资产统计截止日期")),
    )


def _income(raw: RawInput, conv: _Converter) -> list[IncomeInput]:
    out = []
    for key, record in _keyed(raw, L.INCOME, conv).items():
        amount = conv.number(record.get("金额"), key)
        if amount is not None:
            out.append(IncomeInput(source=Source(key), amount=amount))
    return out


def _lines(raw: RawInput, conv: _Converter) -> list[ExpenseLine]:
    spec = L.LINES
    out: list[ExpenseLine] = []
    for record in raw.get(spec.name, []):
        code_cell = record.get("科目编码")
        code = conv.code(code_cell, "科目编码")
        if not code and code_cell.value is None:
            conv.fail(code_cell.ref, "科目编码未填写")
        elif code and len(code) != 7:
            conv.fail(code_cell.ref, f"科目编码 {code} 应为“项”级7位编码（类、款由程序汇总）")
            code = ""
        name = conv.text(record.get("科目名称"))
        if not name:
            conv.fail(record.get("科目名称").ref, "科目名称未填写")
        source_cell = record.get("资金来源")
        source_text = conv.text(source_cell)
        source = source_from_text(source_text) if source_text else Source.GENERAL
        if source is None:
            conv.fail(source_cell.ref, f"资金来源「{source_text}」应为：{'、'.join(s.short for s in Source)}")
        personnel = conv.amount(record.get("人员经费"), "人员经费")
        public = conv.amount(record.get("公用经费"), "公用经费")
        project = conv.amount(record.get("项目支出"), "项目支出")
        if code and name and source is not None:
            conv.remember(spec.name, len(out), record)
            out.append(ExpenseLine(code=code, name=name, source=source, personnel=personnel, public=public,
                                   project=project))
    return out


def _econ(raw: RawInput, conv: _Converter) -> list[EconLine]:
    spec = L.ECON
    out: list[EconLine] = []
    for record in raw.get(spec.name, []):
        code_cell = record.get("部门经济分类编码")
        code = conv.code(code_cell, "部门经济分类编码")
        if not code and code_cell.value is None:
            conv.fail(code_cell.ref, "部门经济分类编码未填写")
        elif code and len(code) != 5:
            conv.fail(code_cell.ref, f"部门经济分类编码 {code} 应为“款”级5位编码")
            code = ""
        name = conv.text(record.get("科目名称"))
        if not name:
            conv.fail(record.get("科目名称").ref, "科目名称未填写")
        gov_cell = record.get("政府经济分类编码")
        gov = conv.code(gov_cell, "政府经济分类编码") or None
        if gov is not None and len(gov) != 5:
            conv.fail(gov_cell.ref, f"政府经济分类编码 {gov} 应为“款”级5位编码")
            gov = None
        personnel = conv.amount(record.get("人员经费"), "人员经费")
        public = conv.amount(record.get("公用经费"), "公用经费")
        if code and name:
            conv.remember(spec.name, len(out), record)
            out.append(EconLine(code=code, name=name, gov_code=gov, personnel=personnel, public=public))
    return out


def _projects(raw: RawInput, conv: _Converter) -> list[ProjectInput]:
    spec = L.PROJECTS
    out: list[ProjectInput] = []
    for record in raw.get(spec.name, []):
        name = conv.text(record.get("项目名称"))
        if not name:
            conv.fail(record.get("项目名称").ref, "项目名称未填写")
        code = conv.code(record.get("科目编码"), "科目编码") or None
        amount = conv.number(record.get("金额"), "金额", required=True)
        if name and amount is not None:
            conv.remember(spec.name, len(out), record)
            out.append(ProjectInput(name=name, code=code, amount=amount,
                                    description=conv.text(record.get("项目说明"))))
    return out


def _two_years(raw: RawInput, spec: L.SheetSpec, conv: _Converter) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    this: dict[str, Decimal] = {}
    last: dict[str, Decimal] = {}
    for key, record in _keyed(raw, spec, conv).items():
        now = conv.number(record.get("本年"), f"{key}本年数")
        before = conv.number(record.get("上年"), f"{key}上年数")
        if now is not None:
            this[key] = now
        if before is not None:
            last[key] = before
    return this, last


def _three_public(values: dict[str, Decimal]) -> ThreePublicInput:
    z = Decimal(0)
    return ThreePublicInput(
        abroad=values.get("因公出国（境）费", z), car_purchase=values.get("公务用车购置费", z),
        car_running=values.get("公务用车运行维护费", z), reception=values.get("公务接待费", z),
    )


def _procurement(raw: RawInput, conv: _Converter) -> list[ProcurementLine]:
    spec = L.PROCUREMENT
    out: list[ProcurementLine] = []
    for record in raw.get(spec.name, []):
        item = conv.text(record.get("品目名称"))
        if not item:
            conv.fail(record.get("品目名称").ref, "品目名称未填写")
        code_cell = record.get("品目编码")
        code = conv.text(code_cell).upper()
        if not code:
            conv.fail(code_cell.ref, "品目编码未填写")
        elif not re.fullmatch(r"[ABC]\d{0,12}", code):
            conv.fail(code_cell.ref, f"品目编码「{code}」应以 A（货物）、B（工程）或 C（服务）开头，后接数字")
            code = ""
        quantity = conv.number(record.get("数量"), "数量", required=True)
        price = conv.number(record.get("单价"), "单价", required=True)
        if item and code and quantity is not None and price is not None:
            conv.remember(spec.name, len(out), record)
            out.append(ProcurementLine(item=item, catalog_code=code, quantity=quantity, unit_price=price,
                                       measure=conv.text(record.get("计量单位")),
                                       project=conv.text(record.get("所属项目"))))
    return out


def _assets(raw: RawInput, conv: _Converter) -> list[AssetLine]:
    out: list[AssetLine] = []
    for record in raw.get(L.ASSETS.name, []):
        name = conv.text(record.get("资产名称"))
        if not name:
            conv.fail(record.get("资产名称").ref, "资产名称未填写")
        quantity = conv.number(record.get("数量"), "数量")
        value = conv.number(record.get("金额"), "金额", required=True)
        if name and value is not None:
            conv.remember(L.ASSETS.name, len(out), record)
            out.append(AssetLine(name=name, quantity=quantity, value=value))
    return out


def _staff(raw: RawInput, conv: _Converter) -> StaffInput:
    rec = _keyed(raw, L.STAFF, conv)
    values = {key: conv.integer(r.get("人数"), key) for key, r in rec.items()}
    return StaffInput(
        authorized=values.get("编制人数"), authorized_admin=values.get("行政编制"),
        authorized_institution=values.get("事业编制"), actual=values.get("实有人数"),
        actual_admin=values.get("实有行政人员"), actual_institution=values.get("实有事业人员"),
        retired=values.get("离退休人员"),
    )


_OPS = {">=": "≥", "<=": "≤", "＞": ">", "＜": "<", "＝": "=", "≥": "≥", "≤": "≤", ">": ">", "<": "<", "=": "="}


def _targets(raw: RawInput, conv: _Converter) -> list[TargetInput]:
    spec = L.TARGETS
    out: list[TargetInput] = []
    current: dict[str, Any] | None = None
    last_levels = ["", ""]

    def flush() -> None:
        if current is not None:
            out.append(TargetInput(**current))

    for record in raw.get(spec.name, []):
        project = conv.text(record.get("项目名称"))
        if project:
            flush()
            amount = conv.number(record.get("项目金额"), "项目金额", required=True)
            current = {"project": project, "amount": amount or Decimal(0), "goal": conv.text(record.get("年度目标")),
                       "indicators": []}
            conv.remember(spec.name, len(out), record)
            last_levels = ["", ""]
        elif current is None:
            conv.fail(record.get("项目名称").ref, "第一行须填写项目名称")
            continue
        level1 = conv.text(record.get("一级指标")) or last_levels[0]
        level2 = conv.text(record.get("二级指标")) or last_levels[1]
        level3 = conv.text(record.get("三级指标"))
        if not level3:
            if any(conv.text(record.get(c)) for c in ("指标值", "文字指标值", "运算符")):
                conv.fail(record.get("三级指标").ref, "三级指标未填写")
            continue
        if not level1 or not level2:
            conv.fail(record.get("一级指标").ref, "一级指标和二级指标未填写")
            continue
        last_levels = [level1, level2]
        op_cell = record.get("运算符")
        op_text = conv.text(op_cell)
        op = _OPS.get(op_text) if op_text else ""
        if op is None:
            conv.fail(op_cell.ref, f"运算符「{op_text}」应为 ≥ ≤ = > <")
            op = ""
        number = conv.number(record.get("指标值"), "指标值")
        text = conv.text(record.get("文字指标值"))
        if number is None and not text:
            conv.fail(record.get("指标值").ref, f"指标「{level3}」未填写指标值")
            continue
        assert current is not None
        current["indicators"].append(IndicatorInput(level1=level1, level2=level2, level3=level3, op=op or "",
                                                    number=number, unit=conv.text(record.get("计量单位")), text=text))
    flush()
    return out


def convert(raw: RawInput) -> tuple[BudgetInput | None, Refs, list[Issue]]:
    """Parse every cell; return the input (None when the entity is unusable), refs and issues."""
    conv = _Converter()
    entity = _entity(raw, conv)
    if L.ENTITY.name not in raw:
        conv.fail(L.ENTITY.name, "缺少工作表「单位信息」")
    three_now, three_last = _two_years(raw, L.THREE_PUBLIC, conv)
    run_now, run_last = _two_years(raw, L.RUNNING, conv)
    last_rec = _keyed(raw, L.LAST_YEAR, conv)
    last = {key: conv.number(r.get("金额"), f"上年{key}") for key, r in last_rec.items()}
    income = _income(raw, conv)
    lines = _lines(raw, conv)
    econ = _econ(raw, conv)
    projects = _projects(raw, conv)
    procurement = _procurement(raw, conv)
    assets = _assets(raw, conv)
    staff = _staff(raw, conv)
    targets = _targets(raw, conv)
    if entity is None:
        return None, conv.refs, conv.issues
    budget = BudgetInput(
        entity=entity, income=income, lines=lines, econ=econ, projects=projects,
        three_public=_three_public(three_now), running_cost=run_now.get("机关运行经费", Decimal(0)),
        procurement=procurement, assets=assets, staff=staff, targets=targets,
        last_year=LastYear(
            income_total=last.get("收入合计"), expense_total=last.get("支出合计"), basic=last.get("基本支出"),
            project=last.get("项目支出"), general_expense=last.get("一般公共预算拨款支出"),
            running_cost=run_last.get("机关运行经费"), procurement=last.get("政府采购"),
            three_public=_three_public(three_last) if three_last else None,
        ),
    )
    return budget, conv.refs, conv.issues


def read_raw(path: Path) -> RawInput:
    if not path.exists():
        raise InputError("文件不存在", path=str(path))
    if path.is_dir():
        raise InputError("这是一个文件夹，请给出 .xlsx 或 .yaml 文件", path=str(path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_workbook(path)
    if suffix in (".yaml", ".yml"):
        return read_yaml(path)
    raise InputError(f"不支持的输入格式「{suffix}」，请使用 .xlsx 或 .yaml", path=str(path))
