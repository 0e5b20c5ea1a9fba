"""Why a figure may be wrong: dropped or extra digit, transposed digits, ×10ⁿ, 元 vs 万元, sign.

``diagnose(stated, expected)`` compares the digits of a printed figure with the figure that
would make an identity hold, and names the most likely slip of the pen.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budgetlens.check.tolerance import fmt

# Lower rank = more specific, more convincing explanation.
_RANK = {"sign": 0, "unit": 1, "dropped_digit": 2, "extra_digit": 2, "transposed": 2, "scale": 3,
         "wrong_digit": 4}


@dataclass(frozen=True, slots=True)
class Diagnosis:
    kind: str
    stated: Decimal
    expected: Decimal
    zh: str
    en: str

    @property
    def rank(self) -> int:
        return _RANK[self.kind]


def _digits(value: Decimal, decimals: int) -> str:
    scaled = abs(value).scaleb(decimals).to_integral_value()
    return str(int(scaled))


def _decimals(value: Decimal) -> int:
    exp = value.normalize().as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def _power_of_ten(ratio: Decimal) -> int | None:
    if ratio <= 0:
        return None
    n = 0
    r = ratio
    while r >= 10 and n < 12:
        r /= 10
        n += 1
    while r < 1 and n > -12:
        r *= 10
        n -= 1
    return n if r == 1 and n != 0 else None


def diagnose(stated: Decimal, expected: Decimal) -> Diagnosis | None:
    """Name the slip that turns ``expected`` into ``stated``, or None when none fits."""
    if stated == expected:
        return None
    s, e = fmt(stated), fmt(expected)
    if stated == -expected:
        return Diagnosis("sign", stated, expected, f"疑似正负号错误（{s} 应为 {e}）",
                         f"sign looks wrong ({s} should be {e})")
    if stated != 0 and expected != 0 and (stated > 0) == (expected > 0):
        n = _power_of_ten(abs(stated) / abs(expected))
        if n in (4, -4):
            return Diagnosis("unit", stated, expected,
                             f"疑似元与万元混用（相差10000倍：{s} 与 {e}）",
                             f"元 and 万元 seem mixed up (×10000: {s} vs {e})")
        if n is not None:
            times = f"10的{n}次方" if n not in (1, -1) else "10"
            return Diagnosis("scale", stated, expected,
                             f"疑似小数点错位或多/少写零（相差{times}倍：{s} 应为 {e}）",
                             f"decimal point or zeros look misplaced (×10^{n}: {s} should be {e})")
    dec = max(_decimals(stated), _decimals(expected))
    ds, de = _digits(stated, dec), _digits(expected, dec)
    if (stated < 0) != (expected < 0):
        return None
    if len(ds) + 1 == len(de) and any(de[:i] + de[i + 1:] == ds for i in range(len(de))):
        return Diagnosis("dropped_digit", stated, expected, f"疑似漏写一位数字（{s} 应为 {e}）",
                         f"a digit seems dropped ({s} should be {e})")
    if len(ds) == len(de) + 1 and any(ds[:i] + ds[i + 1:] == de for i in range(len(ds))):
        return Diagnosis("extra_digit", stated, expected, f"疑似多写一位数字（{s} 应为 {e}）",
                         f"an extra digit seems typed ({s} should be {e})")
    if len(ds) == len(de):
        diff = [i for i in range(len(ds)) if ds[i] != de[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and ds[diff[0]] == de[diff[1]] \
                and ds[diff[1]] == de[diff[0]]:
            return Diagnosis("transposed", stated, expected, f"疑似相邻数字颠倒（{s} 应为 {e}）",
                             f"two digits seem transposed ({s} should be {e})")
        if len(diff) == 1:
            return Diagnosis("wrong_digit", stated, expected, f"疑似个别数字录入错误（{s} 应为 {e}）",
                             f"one digit seems mistyped ({s} should be {e})")
    return None


def best(candidates: list[tuple[str, Diagnosis]]) -> list[tuple[str, Diagnosis]]:
    """Keep the most convincing candidates (lowest rank), in the given order."""
    if not candidates:
        return []
    top = min(d.rank for _, d in candidates)
    return [(label, d) for label, d in candidates if d.rank == top]


def fixes_within(value: Decimal, lo: Decimal, hi: Decimal) -> list[Diagnosis]:
    """One-slip corrections of ``value`` (as printed) that land in ``[lo, hi]``, best first.

    Used when the identity only pins the right value down to an interval (parts printed
    with different precision): a dropped digit, an extra digit, two adjacent digits swapped,
    ×10ⁿ, 元/万元 or sign, and, last, one digit mistyped.
    """
    if lo <= value <= hi:
        return []
    dec = _decimals(value)
    digits = _digits(value, dec)
    sign = -1 if value < 0 else 1
    variants: set[str] = set()
    for i in range(len(digits) + 1):
        for d in "0123456789":
            variants.add(digits[:i] + d + digits[i:])
    for i in range(len(digits)):
        variants.add(digits[:i] + digits[i + 1:])
        for d in "0123456789":
            variants.add(digits[:i] + d + digits[i + 1:])
    for i in range(len(digits) - 1):
        variants.add(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:])
    found: dict[Decimal, Diagnosis] = {}
    for v in variants:
        if not v or (len(v) > 1 and v[0] == "0" and len(v) > dec + 1):
            continue
        cand = Decimal(sign * int(v)).scaleb(-dec)
        if lo <= cand <= hi and cand != -value:
            fix = diagnose(value, cand)
            if fix is not None:
                found.setdefault(cand, fix)
    for n in (1, 2, 3, 4, -1, -2, -3, -4):
        cand = value.scaleb(n)
        if lo <= cand <= hi:
            fix = diagnose(value, cand)
            if fix is not None:
                found.setdefault(cand, fix)
    # The fix that lands nearest the value the identity implies wins; the kind of slip breaks ties
    # (528640 → 5286400 is both "a 0 dropped" and "×10": never prefer 5286401 over it).
    mid = (lo + hi) / 2
    return sorted(found.values(), key=lambda d: (abs(d.expected - mid), d.rank))
