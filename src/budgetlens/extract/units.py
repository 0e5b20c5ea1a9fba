"""Monetary units as disclosures state them: the one parser for tables, forms and prose.

A unit is stated in three ways: a statement above or inside a table (「单位：万元」, 「金额单位：元」,
「（单位：万）」), a column label (「金额（万元）」, 「预算数(千元)」) and a word after a figure in
prose (「1,234.56万元」). Every reader asks this module; :meth:`budgetlens.model.Unit.parse` knows
the words (元, 千元, 万元 and the bare 万 of 「单位：万」, 亿元).
"""

from __future__ import annotations

import re
from functools import lru_cache

from budgetlens.model import Unit

# A unit word. A bare 「元」「万」「亿」 must not run on into a name: 「编制单位：元宝区…」 「单位：万里街道」.
UNIT_WORD = r"(?:千元|万元|亿元|(?:元|万|亿)(?![\u4e00-\u9fff]))"
# Words that may follow a figure in prose, longest first.
PROSE_UNIT_WORD = r"(?:千元|万元|亿元|元)"

_STATEMENT = re.compile(rf"(?:金额|货币)?单位[:：]\s*({UNIT_WORD})")
_LABEL = re.compile(rf"[（(]\s*(?:单位[:：]?\s*)?({UNIT_WORD})\s*[)）]")
_SPACE = re.compile(r"[\s\u3000]+")


@lru_cache(maxsize=8192)
def stated_unit(text: str) -> Unit | None:
    """The unit a statement names: 「单位：万元」, 「金额单位：元」, 「单位: 万」; None when there is none.

    Labels that merely contain 「单位：」 before a name (「编制单位：…」) name no unit.
    """
    m = _STATEMENT.search(_SPACE.sub("", text))
    return Unit.parse(m.group(1)) if m else None


@lru_cache(maxsize=8192)
def label_unit(text: str) -> Unit | None:
    """The unit a column label or caption gives in brackets: 「（万元）」, 「(元)」, 「（单位：千元）」."""
    m = _LABEL.search(_SPACE.sub("", text))
    return Unit.parse(m.group(1)) if m else None


def word_unit(word: str | None, default: Unit) -> Unit:
    """The unit a figure's trailing word names, else ``default`` (the table's or form's unit)."""
    if not word:
        return default
    return Unit.parse(word) or default
