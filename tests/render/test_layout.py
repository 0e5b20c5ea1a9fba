"""Column widths of the .docx tables: figures never wrap, text columns share the rest."""

from __future__ import annotations

import pytest

from budgetlens.render.writers import column_widths


def test_room_to_spare_widens_every_column_in_proportion() -> None:
    # 8 pt: one em = 0.28222 cm, cell margins 0.45 cm; 「科目编码」 4 ems → 1.57889 cm, the widest
    # figure 「12,098,000.00」 7.15 ems → 2.46789 cm; 24 cm to fill: × 4.26616
    widths = column_widths([["科目编码", "科目名称", "合计"], ["2130153", "农田建设", "2,500,000.00"],
                            ["", "合计", "12,098,000.00"]], {2}, 8, 24.0)
    assert [round(w, 2) for w in widths] == [6.74, 6.74, 10.53]
    assert sum(widths) == pytest.approx(24.0)


def test_figures_keep_their_width_when_space_is_short() -> None:
    # figures 2.31267 cm each stay whole; the code (1.53656) and the name (capped at 14 ems,
    # 4.40111) share the 5.37467 cm left in proportion
    widths = column_widths([["2130153", "农田建设" + "很长的名称" * 6, "2,500,000.00", "2,500,000.00"]],
                           {2, 3}, 8, 10.0)
    assert [round(w, 2) for w in widths] == [1.39, 3.98, 2.31, 2.31]
    assert sum(widths) == pytest.approx(10.0)


def test_too_wide_for_the_page_shrinks_all_alike() -> None:
    widths = column_widths([["1,000,000.00"] * 10], set(range(10)), 8, 10.0)
    assert [round(w, 3) for w in widths] == [1.0] * 10
    assert column_widths([], set(), 8, 10.0) == []
