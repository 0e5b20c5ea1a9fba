"""``budgetlens parse``: print the extracted model of a file."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table as RichTable

from budgetlens.extract import parse_file
from budgetlens.model import Disclosure


class ParseFormat(StrEnum):
    JSON = "json"
    TEXT = "text"


def register(app: typer.Typer) -> None:
    @app.command("parse")
    def parse(
        file: Path = typer.Argument(..., help="要读取的公开文件（.txt .docx .xlsx .xls .pdf .html）"),
        format: ParseFormat = typer.Option(ParseFormat.TEXT, "--format", "-f", help="输出格式：text 或 json"),
    ) -> None:
        """读取一个公开文件，输出提取的模型（表格、叙述数字、绩效目标等）。"""
        disclosure = parse_file(file)
        if format is ParseFormat.JSON:
            typer.echo(disclosure.to_json())
        else:
            print_summary(disclosure, Console())


def print_summary(d: Disclosure, console: Console) -> None:
    console.print(f"[bold]{d.entity.name}[/bold]" + (f"（{d.entity.code}）" if d.entity.code else ""))
    console.print(
        f"年度：{d.year or '未识别'}　类型：{d.kind.value if d.kind else '未识别'}"
        f"　范围：{d.scope.value if d.scope else '未识别'}　主要金额单位：{d.unit.value}"
    )
    table = RichTable(title="标准表格", show_lines=False)
    for header in ("序", "表号", "类别", "标题", "单位", "行数", "合计"):
        table.add_column(header)
    for i, t in enumerate(d.tables, start=1):
        total = t.total_row()
        total_text = ""
        if total is not None and total.values:
            first = next(iter(total.values.values()))
            total_text = first.raw
        if t.empty_reason:
            total_text = "空表"
        table.add_row(str(i), t.number or "", t.kind.value, t.title[:28], t.unit.value, str(len(t.rows)), total_text)
    console.print(table)
    mapped = sum(1 for c in d.claims if c.concept)
    console.print(f"叙述数字：{len(d.claims)} 个（其中 {mapped} 个对应到标准概念）")
    if d.targets:
        console.print(
            f"绩效目标/自评表：{len(d.targets)} 张，指标 {sum(len(t.indicators) for t in d.targets)} 个"
        )
    if d.procurement is not None:
        console.print(f"政府采购：{len(d.procurement.items)} 项")
    if d.contents:
        console.print(f"目录列出报表：{len(d.contents)} 张")
    for note in d.notes:
        console.print(f"[yellow]注意：{note}[/yellow]")
