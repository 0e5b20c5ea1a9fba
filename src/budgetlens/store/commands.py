"""``budgetlens export``: stored table values to CSV, Excel, Parquet or a Fiscal Data Package."""

from __future__ import annotations

from pathlib import Path

import typer

from budgetlens.store.db import open_engine
from budgetlens.store.export import ExportFormat, export

DB_HELP = "数据库：文件路径或 SQLAlchemy 地址；默认 $BUDGETLENS_DB 或 budgetlens.db"


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export_cmd(
        out: Path = typer.Option(..., "--out", "-o", help="输出文件（fdp 为文件夹）"),
        fmt: ExportFormat = typer.Option(ExportFormat.CSV, "--format", "-f", help="csv、xlsx、parquet 或 fdp"),
        db: str | None = typer.Option(None, "--db", help=DB_HELP),
        entity: str | None = typer.Option(None, "--entity", help="单位名称（包含即可）"),
        year: int | None = typer.Option(None, "--year", help="年度"),
    ) -> None:
        """导出已入库的表格数据（每个金额一行）。"""
        engine = open_engine(db)
        n = export(engine, fmt, out, entity=entity, year=year)
        engine.dispose()
        typer.echo(f"已导出 {n} 行到 {out}")
