"""Folding full-width digits: the search that skips texts without any must change nothing."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from budgetlens.extract.numbers import _FULLWIDTH, _FULLWIDTH_PROSE, ascii_digits, ascii_digits_prose, parse_number

# the characters the tables fold, ASCII look-alikes and ordinary prose
_chars = st.sampled_from(list("０１２３４５６７８９．，－＋％0123456789.,-+%元万占年，。；：（）收入支出合计 \t\n"))
_texts = st.text(alphabet=_chars, max_size=30) | st.text(max_size=30)


@given(_texts)
def test_ascii_digits_is_translate(text: str) -> None:
    assert ascii_digits(text) == text.translate(_FULLWIDTH)


@given(_texts)
def test_ascii_digits_prose_is_translate(text: str) -> None:
    assert ascii_digits_prose(text) == text.translate(_FULLWIDTH_PROSE)


def test_examples() -> None:
    assert ascii_digits("１２，３４５．６７") == "12,345.67"
    assert ascii_digits("－５％") == "-5%"
    assert ascii_digits_prose("收入１２３．４万元，占５％") == "收入123.4万元，占5%"
    assert ascii_digits_prose("合计，１，２") == "合计，1，2"  # a full-width comma in prose stays
    assert ascii_digits("收入合计") == "收入合计"
    assert parse_number("１，２３４．５０") == (Decimal("1234.50"), 2)
