"""The clause before a narrative figure: the fast walk gives what a walk a character at a time gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlens.extract.narrative import _DELIMS, _brackets, _inside, _segment_before


def _walk_by_character(text: str, end: int, matched: list[tuple[int, int]],
                       unmatched: list[tuple[int, int]]) -> int:
    spans = [(a, b) for a, b in matched if not (a < end < b)]
    spans += [(a, b) if not (a < end < b) else (a, end) for a, b in unmatched]
    start = end
    while start > 0:
        span = _inside(start - 1, spans)
        if span is not None:
            start = span[0]
            continue
        if text[start - 1] in _DELIMS:
            break
        start -= 1
    return start


@settings(max_examples=400)
@given(text=st.text(alphabet="经费（）()，,；;。：:、\n元12和", min_size=1, max_size=40), data=st.data())
def test_walk_matches_the_character_walk(text: str, data: st.DataObject) -> None:
    end = data.draw(st.integers(min_value=0, max_value=len(text)))
    matched, unmatched = _brackets(text)
    start, segment = _segment_before(text, end, matched, unmatched)
    expected = _walk_by_character(text, end, matched, unmatched)
    # the walk's start, moved past a joining 和/及/与 after a figure when there is one
    assert start >= expected
    assert segment == text[start:end]
    if "和" not in text[expected:end]:
        assert start == expected


def test_clause_examples() -> None:
    text = "基本支出100万元（其中：人员经费80万元，公用经费20万元），项目支出50万元"
    matched, unmatched = _brackets(text)
    end = text.index("50万元")
    assert _segment_before(text, end, matched, unmatched) == (text.index("项目"), "项目支出")
    inner = text.index("20万元")
    assert _segment_before(text, inner, matched, unmatched)[1] == "公用经费"
    assert _segment_before("收入合计：300万元", 5) == (5, "")
