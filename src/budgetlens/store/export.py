"""Export stored table values: CSV, Excel (Chinese headers), Parquet, Fiscal Data Package.

One row per printed amount of a standard table, with the document it belongs to; amounts are
written exactly (decimal text in CSV, Decimal cells in Excel, decimal128 in Parquet).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from budgetlens.errors import BudgetlensError
from budgetlens.store.schema import AmountRow, DocumentRow, EntityRow, RowRow, TableRow

# (key, Chinese header, type for the data package)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("entity", "单位名称", "string"),
    ("entity_code", "单位编码", "string"),
    ("year", "年度", "integer"),
    ("kind", "文档类型", "string"),
    ("scope", "范围", "string"),
    ("table_kind", "表类别", "string"),
    ("table_title", "表标题", "string"),
    ("row_index", "行序号", "integer"),
    ("row_code", "科目编码", "string"),
    ("row_name", "科目名称", "string"),
    ("row_level", "科目级次", "string"),
    ("row_side", "收支方向", "string"),
    ("column_key", "列", "string"),
    ("value", "金额", "number"),
    ("unit", "金额单位", "string"),
    ("value_yuan", "金额（元）", "number"),
    ("sha256", "文件SHA256", "string"),
)


PARQUET_CHUNK = 20_000


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    PARQUET = "parquet"
    FDP = "fdp"


class ExportError(BudgetlensError):
    pass


def rows(engine: Engine, entity: str | None = None, year: int | None = None) -> Iterator[dict[str, Any]]:
    stmt = (select(EntityRow.name, EntityRow.code, DocumentRow.year, DocumentRow.kind, DocumentRow.scope,
                   DocumentRow.sha256, TableRow.kind, TableRow.title, RowRow.row_index, RowRow.code, RowRow.name,
                   RowRow.level, RowRow.side, AmountRow.column_key, AmountRow.value, AmountRow.unit,
                   AmountRow.value_yuan)
            .join(RowRow, AmountRow.row_id == RowRow.id)
            .join(TableRow, RowRow.table_id == TableRow.id)
            .join(DocumentRow, AmountRow.document_id == DocumentRow.id)
            .join(EntityRow, DocumentRow.entity_id == EntityRow.id))
    if entity:
        stmt = stmt.where(EntityRow.name.contains(entity, autoescape=True))
    if year is not None:
        stmt = stmt.where(DocumentRow.year == year)
    stmt = stmt.order_by(EntityRow.name, DocumentRow.year, DocumentRow.id, TableRow.table_index,
                         RowRow.row_index, AmountRow.id)
    with Session(engine) as session:
        for r in session.execute(stmt.execution_options(yield_per=2000)):
            yield dict(zip(_QUERIED, r, strict=True))


# the keys of COLUMNS in the order ``rows`` selects them
_QUERIED = ("entity", "entity_code", "year", "kind", "scope", "sha256", "table_kind", "table_title", "row_index",
            "row_code", "row_name", "row_level", "row_side", "column_key", "value", "unit", "value_yuan")


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def write_csv(data: Iterator[dict[str, Any]], out: Path, headers: str = "zh") -> int:
    n = 0
    with out.open("w", encoding="utf-8-sig" if headers == "zh" else "utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([zh if headers == "zh" else key for key, zh, _ in COLUMNS])
        for r in data:
            w.writerow([_text(r[key]) for key, _, _ in COLUMNS])
            n += 1
    return n


def write_xlsx(data: Iterator[dict[str, Any]], out: Path) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("表格数据")
    ws.append([zh for _, zh, _ in COLUMNS])
    n = 0
    for r in data:
        ws.append([r[key] for key, _, _ in COLUMNS])
        n += 1
    wb.save(out)
    return n


def write_parquet(data: Iterator[dict[str, Any]], out: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover
        raise ExportError("未安装 pyarrow，无法导出 Parquet（pip install 'budgetlens[export]'）") from None
    money = pa.decimal128(28, 6)
    types = {"integer": pa.int64(), "number": money, "string": pa.string()}
    schema = pa.schema([pa.field(key, types[t]) for key, _, t in COLUMNS],
                       metadata={"amount_unit": "value in 金额单位; value_yuan in 元"})
    n = 0
    with pq.ParquetWriter(out, schema) as writer:  # streamed: memory stays flat whatever the store's size
        chunk: list[dict[str, Any]] = []
        for r in data:
            chunk.append(r)
            if len(chunk) >= PARQUET_CHUNK:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                n += len(chunk)
                chunk = []
        if chunk or n == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n


def write_fdp(data: Iterator[dict[str, Any]], out: Path) -> int:
    """A Fiscal Data Package: folder with datapackage.json and the values as CSV."""
    out.mkdir(parents=True, exist_ok=True)
    n = write_csv(data, out / "table_values.csv", headers="key")
    fields: list[dict[str, Any]] = []
    for key, zh, typ in COLUMNS:
        f: dict[str, Any] = {"name": key, "title": zh, "type": typ}
        if key == "row_code":
            f["constraints"] = {"pattern": r"^(\d{3}(\d{2}){0,2}|)$"}
            f["columnType"] = "functional-classification:generic:code"
        elif key == "entity_code":
            f["constraints"] = {"pattern": r"^[0-9A-Za-z]*$"}
            f["columnType"] = "administrative-classification:generic:code"
        elif key == "row_name":
            f["columnType"] = "functional-classification:generic:label"
        elif key == "entity":
            f["columnType"] = "administrative-classification:generic:label"
        elif key == "year":
            f["columnType"] = "date:fiscal-year"
        elif key == "value_yuan":
            f["columnType"] = "value"
            f["decimalChar"] = "."
            f["unit"] = "元"
        elif key == "value":
            f["decimalChar"] = "."
            f["unit"] = "见 unit 列（元 或 万元）"
        fields.append(f)
    package = {
        "name": "budgetlens-export",
        "title": "预决算公开表格数据",
        "profile": "fiscal-data-package",
        "resources": [{
            "name": "table-values",
            "path": "table_values.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "profile": "tabular-data-resource",
            "schema": {"fields": fields},
        }],
        "model": {"measures": {"amount": {"source": "value_yuan", "currency": "CNY"}},
                  "dimensions": {"entity": {"attributes": {"name": {"source": "entity"}}},
                                 "year": {"attributes": {"year": {"source": "year"}}},
                                 "classification": {"attributes": {"code": {"source": "row_code"},
                                                                   "label": {"source": "row_name"}}}}},
        "currency": "CNY",
    }
    (out / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    return n


def export(engine: Engine, fmt: ExportFormat, out: Path, entity: str | None = None, year: int | None = None) -> int:
    """Write the selected values; returns the number of rows written."""
    writers = {ExportFormat.CSV: write_csv, ExportFormat.XLSX: write_xlsx, ExportFormat.PARQUET: write_parquet,
               ExportFormat.FDP: write_fdp}
    if fmt is not ExportFormat.FDP and not out.parent.is_dir():
        raise ExportError("无法写入（输出文件夹不存在）", str(out))
    try:
        return writers[fmt](rows(engine, entity, year), out)
    except OSError as exc:
        raise ExportError(f"无法写入（{exc.strerror or exc}）", str(out)) from None
