"""``data_width``: the most common width of the non-empty rows, the first seen on a tie."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from budgetlens.extract.headers import data_width


@given(st.lists(st.integers(min_value=0, max_value=6)))
def test_data_width_is_most_common(widths: list[int]) -> None:
    rows = [["x"] * w for w in widths]
    counts = Counter(w for w in widths if w)
    assert data_width(rows) == (counts.most_common(1)[0][0] if counts else 0)


def test_data_width_examples() -> None:
    assert data_width([]) == 0
    assert data_width([[], []]) == 0
    assert data_width([["a"] * 3, ["a"] * 5, ["a"] * 5, []]) == 5
    assert data_width([["a"] * 4, ["a"] * 2, ["a"] * 2, ["a"] * 4]) == 4  # a tie: the first seen
