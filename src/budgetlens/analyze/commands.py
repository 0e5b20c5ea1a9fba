"""``budgetlens compare``: stored documents side by side, across years, against peers."""

from __future__ import annotations

import json
from decimal import Decimal
from enum import StrEnum
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from budgetlens.analyze.compare import DocQuantities, Method, outliers, series, share, year_on_year
from budgetlens.analyze.query import load
from budgetlens.analyze.resolver import STANDARD_QUANTITIES
from budgetlens.store.db import open_engine

DB_HELP = "数据库：文件路径或 SQLAlchemy 地址；默认 $BUDGETLENS_DB 或 budgetlens.db"


class CompareFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def _s(v: Decimal | None) -> str | None:
    """Exact decimal text; money and percents show at least two decimals (5586400 → 5586400.00)."""
    if v is None:
        return None
    if v == v.quantize(Decimal("0.01")):
        v = v.quantize(Decimal("0.01"))
    return format(v, "f")


def _money(v: Decimal | None) -> str:
    return "—" if v is None else f"{v:,.2f}"


def _doc_json(d: DocQuantities) -> dict[str, Any]:
    return {
        "document_id": d.document_id, "entity": d.entity, "year": d.year, "kind": d.kind, "scope": d.scope,
        "path": d.path, "staff": d.staff,
        "quantities": {c: {"value": _s(d.values[c]), "unit": "元", "share": _s(share(d, c)), "source": d.sources[c]}
                       for c in STANDARD_QUANTITIES if c in d.values},
    }


def comparison(docs: list[DocQuantities], entity: str | None, method: Method = Method.MAD) -> dict[str, Any]:
    """Everything ``compare`` shows, as JSON-ready data (amounts as exact decimal strings, 元)."""
    out: dict[str, Any] = {"documents": [_doc_json(d) for d in docs]}
    if entity:
        out["series"] = [{
            "document_id": p.doc.document_id, "entity": p.doc.entity, "year": p.doc.year, "kind": p.doc.kind,
            "changes": {c: {"previous": _s(ch.previous), "current": _s(ch.current), "amount": _s(ch.amount),
                            "percent": _s(ch.percent)} for c, ch in p.changes.items()},
        } for p in series(docs)]
    out["outliers"] = [{"document_id": o.doc.document_id, "entity": o.doc.entity, "year": o.doc.year,
                        "metric": o.metric, "unit": o.unit, "value": _s(o.value), "median": _s(o.median),
                        "z": _s(o.z), "low": _s(o.low), "high": _s(o.high), "method": o.method.value,
                        "peers": o.peers} for o in outliers(docs, method=method)]
    out["year_on_year"] = [{"document_id": y.doc.document_id, "entity": y.doc.entity, "year": y.doc.year,
                            "concept": y.concept, "stated_amount": _s(y.stated_amount),
                            "stated_percent": _s(y.stated_percent), "actual_amount": _s(y.actual_amount),
                            "actual_percent": _s(y.actual_percent), "amount_matches": y.amount_matches,
                            "percent_matches": y.percent_matches, "stated_previous": _s(y.stated_previous),
                            "stored_previous": _s(y.previous.values[y.concept]),
                            "previous_matches": y.previous_matches, "matches": y.matches}
                           for y in year_on_year(docs)]
    return out


def _print_transposed(console: Console, docs: list[DocQuantities], part: str = "") -> None:
    t = Table(title=f"各文档标准数据（元；括号内为占比）{part}")
    t.add_column("项目")
    for d in docs:
        t.add_column(f"{d.entity}\n{d.year or '—'}年{d.kind or ''}", justify="right")
    for c in STANDARD_QUANTITIES:
        cells = []
        for d in docs:
            sh = share(d, c)
            cells.append(_money(d.values.get(c)) + (f" ({sh}%)" if sh is not None else ""))
        t.add_row(c, *cells)
    console.print(t)


_LABEL_WIDTH, _DOC_WIDTH, _QUANTITY_WIDTH = 20, 24, 15  # terminal columns each part needs


def _print_tables(console: Console, docs: list[DocQuantities], entity: str | None, method: Method) -> None:
    """One column a document (quantities down the side), in as many tables as the terminal's width
    needs; a terminal wide enough for every quantity side by side gets one row a document."""
    per = max(1, (console.width - _LABEL_WIDTH) // _DOC_WIDTH)
    if len(docs) > per and console.width >= 3 * _LABEL_WIDTH + _QUANTITY_WIDTH * len(STANDARD_QUANTITIES):
        _print_wide(console, docs)
    else:
        chunks = [docs[i:i + per] for i in range(0, len(docs), per)]
        for k, chunk in enumerate(chunks, 1):
            _print_transposed(console, chunk, f"（{k}/{len(chunks)}）" if len(chunks) > 1 else "")
    _print_analysis(console, docs, entity, method)


def _print_wide(console: Console, docs: list[DocQuantities]) -> None:
    overview = Table(title="各文档标准数据（元；括号内为占比）", show_lines=False)
    overview.add_column("单位")
    overview.add_column("年度")
    overview.add_column("类型")
    for c in STANDARD_QUANTITIES:
        overview.add_column(c, justify="right")
    for d in docs:
        cells = []
        for c in STANDARD_QUANTITIES:
            v = d.values.get(c)
            sh = share(d, c)
            cells.append(_money(v) + (f"\n({sh}%)" if sh is not None else ""))
        overview.add_row(d.entity, str(d.year or "—"), f"{d.kind or ''}{d.scope or ''}", *cells)
    console.print(overview)


def _print_analysis(console: Console, docs: list[DocQuantities], entity: str | None, method: Method) -> None:
    if entity:
        for point in series(docs):
            if not point.changes:
                continue
            t = Table(title=f"{point.doc.entity} {point.doc.year}年 与上一年度比较（元）")
            for col in ("项目", "上年", "本年", "增减额", "增减率"):
                t.add_column(col, justify="right" if col != "项目" else "left")
            for c, ch in point.changes.items():
                t.add_row(c, _money(ch.previous), _money(ch.current), _money(ch.amount),
                          "—" if ch.percent is None else f"{ch.percent}%")
            console.print(t)
    found = outliers(docs, method=method)
    if found:
        how = "稳健 z 分数，|z| > 3.5" if method is Method.MAD else "四分位距，超出 Q1−1.5·IQR 至 Q3+1.5·IQR"
        t = Table(title=f"同年同类文档中的异常值（{how}）")
        for col in ("单位", "年度", "指标", "数值", "中位数", "正常范围", "z", "样本数"):
            t.add_column(col)
        for o in found:
            u = "%" if o.unit == "%" else f" {o.unit}"
            t.add_row(o.doc.entity, str(o.doc.year), o.metric, f"{o.value:,}{u}", f"{o.median:,.2f}{u}",
                      f"{o.low:,.2f} ~ {o.high:,.2f}", "—" if o.z is None else str(o.z), str(o.peers))
        console.print(t)
    checks = year_on_year(docs)
    if checks:
        t = Table(title="说明中的同比变化与上年入库文档核对（元）")
        for col in ("单位", "年度", "项目", "说明上年数", "上年入库数", "说明增减额", "实际增减额", "说明增减率",
                    "实际增减率", "结论"):
            t.add_column(col)
        for y in checks:
            t.add_row(y.doc.entity, str(y.doc.year), y.concept, _money(y.stated_previous),
                      _money(y.previous.values[y.concept]), _money(y.stated_amount), _money(y.actual_amount),
                      "—" if y.stated_percent is None else f"{y.stated_percent}%",
                      "—" if y.actual_percent is None else f"{y.actual_percent}%",
                      "一致" if y.matches else "[red]不一致[/]")
        console.print(t)


def register(app: typer.Typer) -> None:
    @app.command("compare")
    def compare_cmd(
        db: str | None = typer.Option(None, "--db", help=DB_HELP),
        entity: str | None = typer.Option(None, "--entity", help="单位名称（包含即可）"),
        year: int | None = typer.Option(None, "--year", help="年度"),
        fmt: CompareFormat = typer.Option(CompareFormat.TABLE, "--format", "-f", help="输出格式"),
        method: Method = typer.Option(Method.MAD, "--method", help="异常值方法：mad（稳健 z 分数）或 iqr（四分位距）"),
    ) -> None:
        """比较已入库文档：标准数据与占比、跨年度变化、同类异常值、同比核对。"""
        engine = open_engine(db)
        docs = load(engine, entity=entity, year=year)
        engine.dispose()
        if fmt is CompareFormat.JSON:
            typer.echo(json.dumps(comparison(docs, entity, method), ensure_ascii=False, indent=2))
            return
        console = Console()
        if not docs:
            console.print("数据库中没有符合条件的文档。")
            return
        _print_tables(console, docs, entity, method)
