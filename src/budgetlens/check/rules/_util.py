"""Helpers shared by the rule modules: sum comparisons with diagnosis, labels, units."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from budgetlens.check.context import Context
from budgetlens.check.diagnosis import Diagnosis, best, diagnose, fixes_within
from budgetlens.check.finding import Values
from budgetlens.check.registry import Issue
from budgetlens.check.tolerance import Interval, SumCheck, adds_up, check_sum, fmt
from budgetlens.check.tolerance import total as total_iv
from budgetlens.model import Amount, Location, Unit, convert


def money(value: Decimal, unit: Unit | str) -> str:
    u = unit.value if isinstance(unit, Unit) else unit
    return f"{fmt(value)}{u}"


def values_of(res: SumCheck) -> Values:
    return Values(stated=res.stated, expected=res.expected, difference=res.difference,
                  tolerance=res.tolerance, unit=res.unit.value)


def sum_candidates(total_label: str, total: Amount, parts: Sequence[tuple[str, Amount]],
                   unit: Unit) -> list[tuple[str, Diagnosis]]:
    """Plausible single slips that would make ``total == Σ parts`` hold within printed precision."""
    t_iv = Interval.of(total, unit)
    s_iv = total_iv(Interval.of(a, unit) for _, a in parts)
    cands: list[tuple[str, Diagnosis]] = []
    # the total: it should lie in the interval of the sum
    lo, hi = convert(s_iv.lo, unit, total.unit), convert(s_iv.hi, unit, total.unit)
    fixes = fixes_within(total.value, lo - total.half_ulp, hi + total.half_ulp)
    if fixes:
        cands.append((total_label, fixes[0]))
    for label, a in parts:
        own = Interval.of(a, unit)
        rest = s_iv - own
        need = t_iv - rest
        lo, hi = convert(need.lo, unit, a.unit), convert(need.hi, unit, a.unit)
        fixes = fixes_within(a.value, lo - a.half_ulp, hi + a.half_ulp)
        if fixes:
            cands.append((label, fixes[0]))
    picked = best(cands)
    return picked[:3]


def hint_from(cands: list[tuple[str, Diagnosis]]) -> tuple[str | None, str | None, str | None]:
    if not cands:
        return None, None, None
    zh = "；或".join(f"{label}：{d.zh}" for label, d in cands)
    en = "; or ".join(f"{label}: {d.en}" for label, d in cands)
    return zh, en, cands[0][1].kind


def sum_issue(ctx: Context, *, total_label: str, total: Amount, parts: Sequence[tuple[str, Amount]],
              what: str, what_en: str, extra_locations: Sequence[Location | None] = (),
              unit: Unit | None = None) -> Issue | None:
    """An issue when ``total`` cannot equal the sum of ``parts`` within printed precision."""
    u = unit or total.unit
    amounts = [a for _, a in parts]
    if adds_up(total, amounts, u):
        return None
    res = check_sum(total, amounts, u)
    names = "＋".join(label for label, _ in parts) if len(parts) <= 6 else f"{len(parts)}项之和"
    msg = (f"{what}：{total_label} {money(res.stated, u)} 不等于 {names} = {money(res.expected, u)}"
           f"（相差 {money(res.difference, u)}）")
    msg_en = (f"{what_en}: {total_label} {money(res.stated, u)} is not the sum of its parts "
              f"{money(res.expected, u)} (difference {money(res.difference, u)})")
    hint, hint_en, kind = hint_from(sum_candidates(total_label, total, parts, u))
    locs = ctx.where(total.where, *(a.where for _, a in parts), *extra_locations)
    return Issue(msg, msg_en, values_of(res), locs, hint, hint_en, kind)


def equal_issue(ctx: Context, *, a_label: str, a: Amount, b_label: str, b: Amount, what: str,
                what_en: str, extra_locations: Sequence[Location | None] = ()) -> Issue | None:
    """An issue when two figures that must be equal cannot be, within printed precision."""
    u = a.unit
    if adds_up(a, [b], u):
        return None
    res = check_sum(a, [b], u)
    msg = (f"{what}：{a_label} {money(res.stated, u)} 与 {b_label} {money(res.expected, u)} 不一致"
           f"（相差 {money(res.difference, u)}）")
    msg_en = (f"{what_en}: {a_label} {money(res.stated, u)} differs from {b_label} "
              f"{money(res.expected, u)} (difference {money(res.difference, u)})")
    d = diagnose(a.value, b.in_unit(a.unit))
    hint = f"{a_label}：{d.zh}" if d else None
    hint_en = f"{a_label}: {d.en}" if d else None
    return Issue(msg, msg_en, values_of(res), ctx.where(a.where, b.where, *extra_locations), hint,
                 hint_en, d.kind if d else None)
