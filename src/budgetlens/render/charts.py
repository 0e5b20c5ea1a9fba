"""Charts of a rendered disclosure (收支结构 pies, 三公 breakdown, year-on-year bars) as PNG bytes.

matplotlib is an optional extra (``budgetlens[charts]``); without it :func:`available` is False
and the writers simply leave the charts out. Chinese labels need a font with CJK glyphs: Noto
Sans CJK when installed (Debian ``fonts-noto-cjk``), otherwise the first installed font that can
draw 「预算」 (see docs/render.md). Money stays Decimal up to here; float only for plotting.
"""

from __future__ import annotations

import contextlib
import io
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

_PREFERRED = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
              "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC")
_PROBE = "预算经费"
_CENT = Decimal("0.01")


def share(part: Decimal, whole: Decimal) -> Decimal:
    """Percentage of ``part`` in ``whole`` to two decimals, half up (the figure printed in labels)."""
    if whole == 0:
        return Decimal(0).quantize(_CENT)
    return (part * 100 / whole).quantize(_CENT, rounding=ROUND_HALF_UP)
_COLORS = ("#2f6db5", "#e08a2e", "#4c9a5b", "#b9473f", "#7d5ba6", "#8c8c8c")


def available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


# Where Debian's fonts-noto-cjk (and fonts-wqy-*) put their files.
_SYSTEM_CJK_FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-*.tt[cf]"),
)


@cache
def cjk_font() -> str | None:
    """Family name of a font that can draw Chinese: Noto CJK first, then any font covering the probe text."""
    from matplotlib import font_manager

    names = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    if not any(name in names for name in _PREFERRED):
        # matplotlib caches the font list on first use: fonts installed since are not in it
        known = set(names.values())
        for pattern in _SYSTEM_CJK_FONTS:
            if not pattern.parent.is_dir():
                continue
            for found in sorted(pattern.parent.glob(pattern.name)):
                if str(found) not in known:
                    with contextlib.suppress(OSError, RuntimeError, ValueError):
                        font_manager.fontManager.addfont(str(found))
        names = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    for name in _PREFERRED:
        if name in names:
            return name
    for entry in font_manager.fontManager.ttflist:
        try:
            from matplotlib.ft2font import FT2Font

            font = FT2Font(entry.fname)
            charmap = font.get_charmap()
        except (OSError, RuntimeError, ValueError):
            continue
        if all(ord(ch) in charmap for ch in _PROBE):
            return str(entry.name)
    return None


def _figure(width: float, height: float) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    font = cjk_font()
    fig = Figure(figsize=(width, height), dpi=110)
    if font:
        matplotlib.rcParams["font.sans-serif"] = [font, "DejaVu Sans"]
        matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["axes.unicode_minus"] = False
    return fig


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return buf.getvalue()


def _pies(title: str, groups: list[tuple[str, list[tuple[str, Decimal]]]]) -> bytes:
    fig = _figure(4.2 * len(groups), 4.0)
    fig.suptitle(title, fontsize=12)
    width = 1 / len(groups)
    for i, (name, parts) in enumerate(groups):
        parts = [(label, v) for label, v in parts if v > 0]
        whole = sum((v for _, v in parts), Decimal(0))
        ax = fig.add_axes((i * width + width * 0.15, 0.32, width * 0.7, 0.55))
        values = [float(v) for _, v in parts]  # plotting boundary
        wedges, _ = ax.pie(values, colors=_COLORS[: len(values)], startangle=90, counterclock=False,
                           wedgeprops={"linewidth": 1.5, "edgecolor": "white", "width": 0.45})
        ax.set_title(name, fontsize=11)
        ax.axis("equal")
        labels = [f"{label}  {v:,.2f}元（{share(v, whole)}%）" for label, v in parts]
        ax.legend(wedges, labels, loc="upper center", bbox_to_anchor=(0.5, -0.02), frameon=False, fontsize=8.5)
    return _png(fig)


def _bars(title: str, pairs: list[tuple[str, Decimal, Decimal]], year: int) -> bytes:
    """One small panel per figure (their scales differ by orders of magnitude), last year vs this year."""
    from matplotlib.ticker import FuncFormatter

    fig = _figure(3.1 * len(pairs) + 0.6, 3.4)
    fig.suptitle(title, fontsize=12)
    for i, (label, last, now) in enumerate(pairs):
        ax = fig.add_subplot(1, len(pairs), i + 1)
        heights = [float(last), float(now)]  # plotting boundary
        bars = ax.bar([f"{year - 1}年", f"{year}年"], heights, 0.55, color=["#9db7d9", "#2f6db5"])
        for bar, value in zip(bars, (last, now), strict=True):
            ax.annotate(f"{value:,.0f}", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                        ha="center", va="bottom", fontsize=8)
        diff = now - last
        pct = f"{share(abs(diff), last)}%" if last else "—"
        sign = "增长" if diff > 0 else ("下降" if diff < 0 else "持平")
        ax.set_title(f"{label}（{sign}{'' if diff == 0 else pct}）", fontsize=10)
        ax.set_ylabel("元")
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(y=0.18)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    fig.tight_layout()
    return _png(fig)


def pie(title: str, parts: list[tuple[str, Decimal]]) -> bytes:
    """A donut of the positive parts, legend lines 「名称  金额元（占比%）」 under it."""
    return _pies(title, [("", parts)])


def structure(year: int, income: list[tuple[str, Decimal]], expense: list[tuple[str, Decimal]]) -> bytes:
    """收支结构: income by source and expenditure by 基本/项目, side by side."""
    return _pies(f"{year}年收支结构", [("收入", income), ("支出", expense)])


def year_on_year(year: int, pairs: list[tuple[str, Decimal, Decimal]]) -> bytes:
    """One panel per figure: (label, last year, this year)."""
    return _bars(f"{year}年与上年对比", pairs, year)
