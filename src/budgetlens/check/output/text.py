"""Terminal output with Rich: findings grouped by severity, with the source line excerpt."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from budgetlens.check.finding import Finding, Report, Severity

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_LABEL_EN = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "notes"}


def _where(f: Finding, lang: str) -> str:
    if not f.locations:
        return ""
    loc = f.locations[0]
    if lang == "en":
        parts = [loc.file] if loc.file else []
        if loc.line is not None:
            parts.append(f"line {loc.line}")
        return " ".join(parts)
    return loc.describe()


def _excerpt(f: Finding, lines: Sequence[str] | None, width: int = 60) -> str | None:
    """The printed line around the first located figure (a window around its span)."""
    if not lines:
        return None
    for loc in f.locations:
        if loc.line is not None and 1 <= loc.line <= len(lines):
            text = lines[loc.line - 1].replace("\t", " ")
            if not text.strip():
                continue
            if len(text) <= width:
                return text.strip()
            start = max(0, (loc.start or 0) - width // 4)
            piece = text[start:start + width]
            return ("…" if start > 0 else "") + piece.strip() + ("…" if start + width < len(text) else "")
    return None


def render_text(reports: Sequence[Report], console: Console, lang: str = "zh",
                sources: Mapping[str, Sequence[str]] | None = None) -> None:
    totals = {s: 0 for s in Severity}
    for rep in reports:
        head = Text(rep.source, style="bold")
        if rep.entity:
            head.append(f"  {rep.entity}", style="dim")
        if rep.year:
            head.append(f" {rep.year}", style="dim")
        console.print(head)
        if rep.error:
            console.print(f"  [bold red]{'无法检查' if lang == 'zh' else 'cannot check'}[/]：{escape(rep.error)}")
            continue
        if not rep.findings:
            console.print("  [green]" + ("未发现问题" if lang == "zh" else "no findings") + "[/]")
        lines = (sources or {}).get(rep.source)
        for sev in Severity:
            group = [f for f in rep.findings if f.severity is sev]
            if not group:
                continue
            totals[sev] += len(group)
            title = f"{sev.label}（{len(group)}）" if lang == "zh" else f"{_LABEL_EN[sev]} ({len(group)})"
            console.print(f"  [{_STYLE[sev]}]{title}[/]")
            for f in group:
                where = _where(f, lang)
                console.print(f"    [{_STYLE[sev]}]{f.code}[/] {escape(f.text(lang))}")
                if where:
                    console.print(f"      [dim]{escape(where)}[/]")
                ex = _excerpt(f, lines)
                if ex:
                    console.print(f"      [dim]│[/] {escape(ex)}")
                hint = f.hint_text(lang)
                if hint:
                    console.print(f"      [green]{'建议' if lang == 'zh' else 'hint'}：[/]{escape(hint)}")
        console.print()
    if lang == "zh":
        summary = (f"共检查 {len(reports)} 个文件：错误 {totals[Severity.ERROR]}，警告 {totals[Severity.WARNING]}，"
                   f"提示 {totals[Severity.INFO]}")
    else:
        summary = (f"{len(reports)} file(s): {totals[Severity.ERROR]} errors, {totals[Severity.WARNING]} warnings, "
                   f"{totals[Severity.INFO]} notes")
    console.print(summary, style="bold")
