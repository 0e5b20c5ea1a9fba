"""The 情况说明 page: self-contained, every computed figure present, charts embedded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from budgetlens.render.figures import Figures
from budgetlens.render.validate import load_input
from budgetlens.render.writers import render, render_html

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "input" / "yunxi_2024.yaml"


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(render(Figures(load_input(EXAMPLE))))


def test_no_external_resources(page: str) -> None:
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    assert "<script" not in page
    assert "<style>" in page
    assert page.startswith("<!DOCTYPE html>")


def test_computed_shares_and_changes(page: str) -> None:
    # hand calculations: 5286400 / 5586400 = 94.6296…% ; 300000 / 5586400 = 5.3702…%
    assert "一般公共预算拨款收入5286400.00元，占94.63%" in page
    assert "政府性基金预算拨款收入300000.00元，占5.37%" in page
    # 5586400 − 5120000 = 466400 ; 466400 / 5120000 = 9.109375%
    assert "增加466400.00元，增长9.11%" in page
    # 3066400 / 5586400 = 54.890…% ; 三公 39000 against 42000: −3000, 7.142857…%
    assert "占54.89%" in page and "占45.11%" in page
    assert "减少3000.00元，下降7.14%" in page


def test_headline_figures_and_tables(page: str) -> None:
    kpis = re.findall(r'<div class="kpi"><b>([^<]+)</b><span>([^<]+)</span>', page)
    assert kpis == [("5,586,400.00", "收入预算（元）"), ("3,066,400.00", "基本支出（元）"),
                    ("2,520,000.00", "项目支出（元）"), ("39,000.00", "“三公”经费（元）")]
    assert page.count('<div class="tt" id="t') == 11
    assert "本表为空表" in page  # the 国有资本经营 table
    assert '<tr class="total"><td></td><td>合计</td><td class="n">5,586,400.00</td>' in page


def test_text_is_escaped() -> None:
    from budgetlens.render.html import render_page
    from budgetlens.render.narrative import Para

    r = render(Figures(load_input(EXAMPLE)), with_charts=False)
    r.blocks.append(Para("<b>说明</b>&"))
    out = render_page(r)
    assert "<p>&lt;b&gt;说明&lt;/b&gt;&amp;</p>" in out
    assert "<figure>" not in out


def test_charts_embedded_for_each_reference(page: str) -> None:
    pytest.importorskip("matplotlib")
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 3  # 收支结构, 与上年对比, 三公构成
    assert "<figcaption>图1 2024年收支结构</figcaption>" in page
