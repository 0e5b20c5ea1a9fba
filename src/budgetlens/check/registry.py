"""The rule registry: every rule has a stable code, a title, a severity, a family and an
explanation with an example, like a linter's rule catalogue."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from budgetlens.check.finding import Family, Severity, Values
from budgetlens.model import Location

if TYPE_CHECKING:
    from budgetlens.check.context import Context


@dataclass(frozen=True, slots=True)
class Issue:
    """What a rule reports; the engine turns it into a :class:`Finding`."""

    message: str
    message_en: str
    values: Values | None = None
    locations: tuple[Location, ...] = ()
    hint: str | None = None
    hint_en: str | None = None
    diagnosis: str | None = None
    severity: Severity | None = None  # overrides the rule's default for this issue


RuleFunc = Callable[["Context"], Iterable[Issue]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    family: Family
    severity: Severity
    title: str
    title_en: str
    explanation: str
    example: str
    func: RuleFunc = field(compare=False)


RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, title: str, title_en: str, explanation: str,
         example: str) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under ``code`` (family prefix + three digits)."""
    family = Family(code.rstrip("0123456789"))

    def deco(func: RuleFunc) -> RuleFunc:
        if code in RULES:
            raise ValueError(f"duplicate rule code {code}")
        RULES[code] = Rule(code, family, severity, title, title_en, explanation, example, func)
        return func

    return deco


def all_rules() -> list[Rule]:
    """Every registered rule in catalogue order (a new list: callers may filter it in place)."""
    if not _catalogue:
        from budgetlens.check import rules as _rules  # noqa: F401  (registers the catalogue)
    # keyed by size: rules are only ever added (a code twice is refused), and this runs once a document
    key = len(RULES)
    ordered = _catalogue.get(key)
    if ordered is None:
        ordered = _catalogue[key] = tuple(RULES[c] for c in _ordered(tuple(RULES)))
    return list(ordered)


_catalogue: dict[int, tuple[Rule, ...]] = {}


_FAMILY_ORDER = [f.value for f in Family]


@lru_cache(maxsize=8)
def _ordered(codes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(codes, key=_sort_key))


def _sort_key(code: str) -> tuple[int, str]:
    prefix = code.rstrip("0123456789")
    return (_FAMILY_ORDER.index(prefix), code)
