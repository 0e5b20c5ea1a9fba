"""The 情况说明 page: self-contained, every computed figure present, charts embedded."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.render.figures import Figures
from budgetlens.render.html import chart_images, render_html
from budgetlens.render.narrative import build_narrative
from budgetlens.render.tables import build_tables
from budgetlens.render.validate import load_input

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "input" / "yunxi_2024.yaml"


@pytest.fixture(scope="module")
def page() -> str:
    f = Figures(load_input(EXAMPLE))
    return render_html(f, build_tables(f), build_narrative(f))


def test_no_external_resources(page: str) -> None:
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    assert "<script" not in page
    assert "<style>" in page


def test_computed_shares_and_changes(page: str) -> None:
    # hand calculations: 5286400 / 5586400 = 94.6296…% ; 300000 / 5586400 = 5.3702…%
    assert "占94.63%" in page
    assert "占5.37%" in page
    # 5586400 − 5120000 = 466400 ; 466400 / 5120000 = 9.109375% ; 3066400 / 5586400 = 54.890…%
    assert "466400" in page and "9.11%" in page
    assert "占54.89%" in page and "占45.11%" in page
    # 三公 39000 against 42000: −3000, 7.142857…%
    assert "3000" in page and "7.14%" in page


def test_kpis_and_tables(page: str) -> None:
    assert "5,586,400.00" in page
    assert "3,066,400.00" in page and "2,520,000.00" in page and "39,000.00" in page
    assert page.count("<table>") >= 9
    assert "本表为空表" in page  # the 国有资本经营 table


def test_charts_embedded_for_each_reference(page: str) -> None:
    pytest.importorskip("matplotlib")
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 3  # 收支结构, 与上年对比, 三公构成
    assert "图1 2024年收支结构" in page


def test_chart_keys() -> None:
    pytest.importorskip("matplotlib")
    f = Figures(load_input(EXAMPLE))
    assert sorted(chart_images(f)) == ["structure", "three", "yoy"]
    assert f.budget.three_public.total == Decimal("39000")
