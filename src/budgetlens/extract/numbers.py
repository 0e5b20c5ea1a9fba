"""Numbers as printed in disclosures: amounts with thousands separators, percentages, targets."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# Full-width digits and symbols → ASCII, variant comparison signs → canonical ones.
_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋％",
    "0123456789.,-+%",
)
_VARIANTS = {
    "≧": "≥", "≦": "≤", "》=": "≥", ">=": "≥", "<=": "≤", "《=": "≤", "＞＝": "≥", "＜＝": "≤",
    "＞": ">", "＜": "<", "＝": "=", "》": ">", "《": "<",
}
_VARIANT_RE = re.compile("|".join(re.escape(k) for k in sorted(_VARIANTS, key=len, reverse=True)))

_AMOUNT_RE = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# what an empty cell may print (stripped)
EMPTY_MARKS = frozenset({"", "-", "—", "——", "--", "/", "－", "／"})


# In prose only digits, the decimal point and the percent sign are folded: 「，」 stays a comma.
_FULLWIDTH_PROSE = str.maketrans("０１２３４５６７８９．％", "0123456789.%")


# str.translate looks each character of a non-ASCII text up in its table, one at a time; a search
# for the characters it would change is a single pass in C, and most texts have none of them.
_HAS_FULLWIDTH = re.compile("[０-９．，－＋％]")
_HAS_FULLWIDTH_PROSE = re.compile("[０-９．％]")


def ascii_digits(text: str) -> str:
    return text.translate(_FULLWIDTH) if _HAS_FULLWIDTH.search(text) else text


def ascii_digits_prose(text: str) -> str:
    """Fold full-width digits for prose, keeping every character at its position."""
    return text.translate(_FULLWIDTH_PROSE) if _HAS_FULLWIDTH_PROSE.search(text) else text


def canonical_ops(text: str) -> str:
    """Replace variant comparison signs (≧ ≦ 》= ＝ …) with ≥ ≤ = > <."""
    return _VARIANT_RE.sub(lambda m: _VARIANTS[m.group(0)], text)


@lru_cache(maxsize=16384)  # cell texts repeat (totals, rows shared by several tables); the result is immutable
def parse_number(text: str) -> tuple[Decimal, int] | None:
    """Parse "3,488,570.00" / "76582425.00" / "-12.5" → (Decimal, printed decimals); None if not a number."""
    s = ascii_digits(text).strip().replace(" ", "")
    if not s or not _AMOUNT_RE.match(s):
        return None
    try:
        value = Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None
    decimals = len(s.rsplit(".", 1)[1]) if "." in s else 0
    return value, decimals


def parse_percent(text: str) -> tuple[Decimal, int] | None:
    s = ascii_digits(text).strip().rstrip("%").strip()
    return parse_number(s)


# A negative figure in a table cell: 「-12.50」, 「－12.50」 (folded above), 「(12.50)」, 「（12.50）」, 「△12.50」.
_BRACKETED = re.compile(r"^[(（]\s*([^()（）]+?)\s*[)）]$")


def parse_cell_amount(text: str) -> tuple[Decimal, int] | None:
    """A figure as a table cell prints it, negatives in any printed form; None if not a figure.

    Brackets are read as a minus sign only here, in a value cell: in a name cell 「(1)」 numbers an item.
    """
    s = text.strip()
    if not s:
        return None
    parsed = parse_number(s)
    if parsed is not None:
        return parsed
    m = _BRACKETED.match(s)
    inner = m.group(1) if m else (s[1:] if s[0] == "△" else None)
    if inner is None or inner.startswith(("-", "－", "+")):
        return None
    parsed = parse_number(inner)
    return (-parsed[0], parsed[1]) if parsed is not None else None
