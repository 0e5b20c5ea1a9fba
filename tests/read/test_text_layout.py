"""Which text layout a dump uses: lines holding several cells against lines holding one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from budgetlens.read.text import _is_tab_separated


def _spec(lines: list[str]) -> bool:
    """The rule as stated: after trailing white space is dropped, a line that is one tab and a
    cell votes for cell-per-line; a line with a tab and more than tabs votes for tab-separated."""
    one, several = 0, 0
    for line in lines:
        body = line.rstrip()
        if "\t" not in body:
            continue
        if body.startswith("\t") and body.count("\t") == 1:
            one += 1
        elif body.strip("\t"):
            several += 1
    return several > one


@given(st.lists(st.text(alphabet=st.sampled_from(list("\t a收\u3000\r")), max_size=8), max_size=8))
def test_layout_vote(lines: list[str]) -> None:
    assert _is_tab_separated(lines) == _spec(lines)


def test_layout_examples() -> None:
    assert _is_tab_separated(["项目\t金额", "收入\t100", "\t单独"])
    assert not _is_tab_separated(["\t项目", "\t金额", "", "\t收入", "\t100", "说明\t一"])
    assert not _is_tab_separated(["没有制表符的说明"])
    assert not _is_tab_separated(["\t\t", "  \t"])  # tabs only: no vote
