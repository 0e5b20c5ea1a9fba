"""The one title normaliser: table titles, contents lines and section headings compared alike.

Titles vary by province and year: 「收入支出决算总表」, 「部门收支总体情况表」, 「2026年市级部门收支
预算总表」, 「综合预算收支总表」, 「表1：…」, 「七、一般公共预算支出预算情况说明」. The normaliser
drops the number (表1, 一、, 第三部分), the year, bracketed notes, the level and the words that do
not tell what the table or section is about (部门, 单位, 综合, 预算, 决算, 情况, 总体 …), writes
「收入支出」 as 「收支」 and 「政府基金」 as 「政府性基金」, and removes quotes and punctuation.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SPACE = re.compile(r"[\s\u3000]+")
_NUMBER = re.compile(
    r"^(?:附件?\d*[:：]?)?(?:附?表\s*[\d一二三四五六七八九十]+(?:[-－—]\d+)?[、.．:：\s]*"
    r"|第[一二三四五六七八九十\d]+部分[、.．:：\s]*|[\d一二三四五六七八九十]+[、.．:：]\s*|[（(][一二三四五六七八九十\d]+[)）])"
)
_YEAR = re.compile(r"(?:19|20)\d{2}年度?")
_BRACKETED = re.compile(r"[（(][^（()）]*[)）]")
_NOISE = re.compile(r"市级|省级|县级|区级|本级|部门|单位|综合|公开|情况|总体|明细|预算|决算|年度|汇总|财务")
_PUNCT = re.compile(r"[\"'“”‘’「」《》\[\]:：、.。,，·…]+")


@lru_cache(maxsize=4096)
def normalize_title(title: str) -> str:
    """「表1：2026年市级部门收支预算总表（按功能分类）」 → 「收支总表」; 「一般公共预算」 → 「一般公共」."""
    s = _SPACE.sub("", title)
    s = _NUMBER.sub("", s)
    s = s.replace("收入支出", "收支").replace("政府基金", "政府性基金")
    s = _YEAR.sub("", s)
    s = _BRACKETED.sub("", s)
    s = _NOISE.sub("", s)
    return _PUNCT.sub("", s)
