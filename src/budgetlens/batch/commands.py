"""``budgetlens ingest``: many files into the store, in parallel."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from budgetlens.batch.runner import BATCH_SIZE, Processed, ingest
from budgetlens.store.db import open_engine

DB_HELP = "数据库：文件路径或 SQLAlchemy 地址；默认 $BUDGETLENS_DB 或 budgetlens.db"


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest_cmd(
        paths: list[Path] = typer.Argument(..., help="文件或文件夹（文件夹递归查找）"),
        db: str | None = typer.Option(None, "--db", help=DB_HELP),
        workers: int = typer.Option(0, "--workers", "-j", help="并行进程数（默认：CPU 核数）"),
        dask: str | None = typer.Option(None, "--dask", help="Dask 调度器地址，如 tcp://127.0.0.1:8786"),
        batch: int = typer.Option(BATCH_SIZE, "--batch", min=1, help="每个数据库事务写入的文档数"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="不显示进度条"),
    ) -> None:
        """读取、检查并存入数据库（重复文件跳过，新版本替换旧版本）。"""
        console = Console(stderr=True)
        engine = open_engine(db)
        n_workers = workers if workers > 0 else (len(os.sched_getaffinity(0)) or 1)
        with Progress(TextColumn("入库"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=console, disable=quiet, transient=True) as progress:
            task = progress.add_task("ingest", total=None)

            def started(total: int) -> None:
                progress.update(task, total=total)

            def advanced(item: Processed) -> None:
                progress.advance(task)
                if item.error is not None:
                    progress.console.print(f"[yellow]跳过[/] {item.label}：{item.error}", highlight=False)

            summary = ingest([str(p) for p in paths], engine, workers=n_workers, dask=dask, batch_size=batch,
                             on_file=advanced, on_start=started)
        rate = summary.stored / summary.seconds if summary.seconds > 0 else 0.0
        typer.echo(f"共 {summary.files} 个文件：新增 {summary.added}，替换 {summary.replaced}，"
                  f"未变 {summary.unchanged}，旧版本跳过 {summary.outdated}，失败 {len(summary.failed)}；"
                  f"用时 {summary.seconds:.1f} 秒"
                  f"（{rate:.1f} 份/秒）")
        for label, error in summary.failed:
            typer.echo(f"  失败：{label}：{error}")
        engine.dispose()
        if summary.failed:
            raise typer.Exit(1)
