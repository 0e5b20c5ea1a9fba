"""``budgetlens check PATH...``: check disclosures like a linter."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from budgetlens.check.config import Config, ConfigError, load_config
from budgetlens.check.engine import check
from budgetlens.check.finding import Report
from budgetlens.check.output import render_html, render_json, render_sarif, render_text
from budgetlens.check.registry import all_rules
from budgetlens.errors import BudgetlensError

SUFFIXES = (".txt", ".docx", ".xlsx", ".xls", ".pdf", ".html", ".htm")


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    HTML = "html"
    SARIF = "sarif"


def collect(paths: list[Path]) -> list[Path]:
    """Files to check: the files given, and the supported files under each folder given."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES))
        else:
            files.append(p)
    return files


def check_path(path: Path, config: Config) -> Report:
    """Parse and check one file; a file that cannot be read becomes a report with ``error``."""
    from budgetlens.extract import parse_file

    try:
        disclosure = parse_file(path)
    except BudgetlensError as exc:
        return Report(source=str(path), error=str(exc))
    report = check(disclosure, config)
    return report


def _source_lines(path: str) -> list[str] | None:
    p = Path(path)
    if p.suffix.lower() != ".txt" or not p.is_file():
        return None
    data = p.read_bytes()
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc).splitlines()
        except UnicodeDecodeError:
            continue
    return None


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check_cmd(
        paths: list[Path] = typer.Argument(..., help="要检查的文件或文件夹（可多个）"),
        format: OutputFormat = typer.Option(OutputFormat.TEXT, "--format", "-f",
                                            help="输出格式：text、json、html、sarif"),
        output: Path | None = typer.Option(None, "--output", "-o", help="写入文件而不是输出到终端"),
        select: list[str] | None = typer.Option(None, "--select", help="只运行这些规则（代码或类别，如 SUM,NAR001）"),
        ignore: list[str] | None = typer.Option(None, "--ignore", help="不运行这些规则（代码或类别）"),
        lang: str | None = typer.Option(None, "--lang", help="信息语言：zh（默认）或 en"),
        config_file: Path | None = typer.Option(
            None, "--config", help="配置文件（默认查找 budgetlens.toml 或 pyproject.toml）"),
        list_rules: bool = typer.Option(False, "--list-rules", help="列出全部规则后退出"),
    ) -> None:
        """检查预决算公开文件：表内与表间勾稽、说明与报表、科目、完整性、绩效目标、采购与资产、主体信息。

        发现错误级问题时退出码为 1。
        """
        if lang is not None and lang not in ("zh", "en"):
            raise ConfigError(f"语言 {lang!r} 无效（可用 zh、en）")
        base = load_config(explicit=config_file) if config_file else load_config()
        cfg = base.merged(select=_split(select), ignore=_split(ignore), lang=lang)
        known = {r.code for r in all_rules()} | {r.family.value for r in all_rules()} | {"ALL"}
        unknown = [c for c in cfg.select + cfg.ignore if c not in known]
        if unknown:
            raise ConfigError(f"未知的规则代码或类别：{'、'.join(unknown)}")
        if list_rules:
            con = Console()
            for r in all_rules():
                enabled = "" if cfg.enabled(r.code) else "（未启用）"
                con.print(f"{r.code}  {r.severity.label}  {r.title if cfg.lang == 'zh' else r.title_en}{enabled}")
            return
        files = collect(paths)
        if not files:
            raise ConfigError("没有找到可检查的文件")
        reports = [check_path(f, cfg) for f in files]
        if format is OutputFormat.TEXT:
            sources = {r.source: lines for r in reports if (lines := _source_lines(r.source)) is not None}
            # soft wrap: a finding is one line however long, never cut inside a figure
            # (「5\n28640」); the terminal folds it at its own width
            if output is not None:
                with output.open("w", encoding="utf-8") as fh:
                    render_text(reports, Console(file=fh, width=120, no_color=True, soft_wrap=True), cfg.lang,
                                sources)
            else:
                render_text(reports, Console(soft_wrap=True), cfg.lang, sources)
        else:
            text = {OutputFormat.JSON: render_json, OutputFormat.HTML: render_html,
                    OutputFormat.SARIF: render_sarif}[format](reports, cfg.lang)
            if output is not None:
                output.write_text(text, encoding="utf-8")
            else:
                sys.stdout.write(text + "\n")
        if any(r.has_errors for r in reports):
            raise typer.Exit(1)
