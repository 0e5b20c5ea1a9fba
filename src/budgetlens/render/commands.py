"""``budgetlens template`` and ``budgetlens render``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from budgetlens.errors import InputError
from budgetlens.model import DocumentKind


class TemplateKind(StrEnum):
    BUDGET = "预算"
    FINAL = "决算"


def register(app: typer.Typer) -> None:
    @app.command("template")
    def template(
        kind: TemplateKind = typer.Option(TemplateKind.BUDGET, "--kind", help="预算 或 决算"),
        out: Path = typer.Option(..., "--out", "-o", help="要写出的 .xlsx 模板文件"),
    ) -> None:
        """生成预决算公开数据填报模板（Excel 工作簿）。"""
        from budgetlens.render.template import write_template

        if out.suffix.lower() != ".xlsx":
            raise InputError("模板文件名应以 .xlsx 结尾", path=str(out))
        write_template(DocumentKind(kind.value), out)
        typer.echo(f"已生成模板：{out}")

    @app.command("render")
    def render_cmd(
        input: Path = typer.Argument(..., help="填好的 .xlsx 模板或 .yaml 输入"),
        out: Path = typer.Option(..., "--out", "-o", help="输出目录"),
        charts: bool = typer.Option(True, "--charts/--no-charts", help="是否生成图表"),
        pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="安装了 LibreOffice 时同时生成 PDF"),
    ) -> None:
        """由结构化预算数据生成公开文件：公开表（.xlsx/.docx）、情况说明（.docx/.html/.txt）、图表。"""
        from budgetlens.render.figures import Figures
        from budgetlens.render.validate import load_input
        from budgetlens.render.writers import render, soffice, write_all

        budget = load_input(input)
        rendered = render(Figures(budget), with_charts=charts)
        e = budget.entity
        stem = f"{e.name}{e.year}年{e.scope.value}{e.kind.value}公开"
        for path in write_all(rendered, out, stem, pdf=pdf):
            typer.echo(f"已写出：{path}")
        if charts and not rendered.charts:
            typer.echo("提示：未安装 matplotlib（budgetlens[charts]），未生成图表", err=True)
        if pdf and soffice() is None:
            typer.echo("提示：未安装 LibreOffice（soffice），未生成 PDF", err=True)
