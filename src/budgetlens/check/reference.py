"""Adapter from the packaged reference data (``budgetlens.reference.classification``) to the
small interface rules use (:class:`budgetlens.check.context.ClassificationRef`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol, runtime_checkable

from budgetlens.check.context import ClassificationRef, RefEntry
from budgetlens.model import Level, Scheme
from budgetlens.reference import classification as cls


def _entry(e: cls.Entry) -> RefEntry:
    return RefEntry(e.code, e.name, e.parent, e.level)


@runtime_checkable
class ClassificationKnowledge(ClassificationRef, Protocol):
    """What the reference data knows beyond a lookup: where its lists are complete, and the
    years a code or a name is valid in. CLS rules judge only what the data knows."""

    def complete(self, code: str, year: int, scheme: Scheme) -> bool:
        """Whether the list is complete where ``code`` would sit in ``year`` (its 类 and 款)."""

    def years_valid(self, code: str, scheme: Scheme) -> tuple[int, ...]:
        """Covered years in which ``code`` exists."""

    def name_years(self, code: str, name: str, scheme: Scheme) -> tuple[int, ...]:
        """Covered years in which ``name`` is the official name of ``code``."""

    def covered_years(self, scheme: Scheme) -> range:
        """The fiscal years the lists of ``scheme`` cover."""


class PackagedReference:
    """Classification lookups backed by the packaged code lists (2019 onwards)."""

    def covered(self, year: int | None, scheme: Scheme) -> bool:
        return year is not None and year in cls.years_covered(scheme)

    def name_of(self, code: str, year: int, scheme: Scheme) -> str | None:
        e = cls.lookup(code, year, scheme)
        return e.name if e else None

    def name_matches(self, code: str, name: str, year: int, scheme: Scheme, any_year: bool = False) -> bool:
        return cls.name_matches(code, name, year, scheme, any_year=any_year)

    def find(self, name: str, year: int, scheme: Scheme, level: Level | None = None) -> list[RefEntry]:
        return [_entry(e) for e in cls.find_by_name(name, year, scheme, level)]

    def similar(self, code: str, year: int, scheme: Scheme) -> list[tuple[RefEntry, str]]:
        return [(_entry(s.entry), s.kind.value) for s in cls.similar_codes(code, year, scheme)]

    def dept_to_gov(self, code: str, year: int) -> RefEntry | None:
        e = cls.econ_dept_to_gov(code, year)
        return _entry(e) if e else None

    def complete(self, code: str, year: int, scheme: Scheme) -> bool:
        return cls.complete(code, year, scheme)

    def years_valid(self, code: str, scheme: Scheme) -> tuple[int, ...]:
        return cls.years_valid(code, scheme)

    def name_years(self, code: str, name: str, scheme: Scheme) -> tuple[int, ...]:
        return cls.name_years(code, name, scheme)

    def covered_years(self, scheme: Scheme) -> range:
        return cls.years_covered(scheme)


@lru_cache(maxsize=1)
def default_reference() -> ClassificationRef:
    return PackagedReference()
