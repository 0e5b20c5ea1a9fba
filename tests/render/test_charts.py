"""Charts: PNG output, the CJK font choice, shares printed in legends."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.render import charts

pytest.importorskip("matplotlib")

PNG = b"\x89PNG\r\n\x1a\n"


def test_share_half_up() -> None:
    assert charts.share(Decimal("5286400"), Decimal("5586400")) == Decimal("94.63")
    assert charts.share(Decimal("300000"), Decimal("5586400")) == Decimal("5.37")
    assert charts.share(Decimal("1"), Decimal("8")) == Decimal("12.50")
    assert charts.share(Decimal("1"), Decimal("0")) == Decimal("0.00")


def test_cjk_font_is_noto_when_installed() -> None:
    from pathlib import Path

    font = charts.cjk_font()
    if list(Path("/usr/share/fonts/opentype/noto").glob("NotoSansCJK-*.ttc")):
        assert font == "Noto Sans CJK SC"
    else:
        assert font is None or isinstance(font, str)


def test_charts_are_png_of_sensible_size() -> None:
    s = charts.structure(2024, [("一般公共预算拨款收入", Decimal("5286400")), ("政府性基金预算拨款收入", Decimal("300000"))],
                         [("基本支出", Decimal("3066400")), ("项目支出", Decimal("2520000"))])
    p = charts.pie("“三公”经费构成", [("因公出国（境）费", Decimal(0)), ("公务用车运行维护费", Decimal("24000")),
                                  ("公务接待费", Decimal("15000"))])
    y = charts.year_on_year(2024, [("收入", Decimal("5120000"), Decimal("5586400"))])
    for png in (s, p, y):
        assert png.startswith(PNG)
        assert len(png) > 10_000


def test_missing_glyphs_are_not_drawn_as_boxes(recwarn: pytest.WarningsRecorder) -> None:
    charts.pie("收入结构", [("一般公共预算拨款收入", Decimal("1")), ("事业收入", Decimal("2"))])
    assert not [w for w in recwarn if "missing from font" in str(w.message)]
