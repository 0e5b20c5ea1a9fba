"""What a rule sees: the disclosure, reference data and small helpers shared by rules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from budgetlens.model import Amount, Claim, Disclosure, Level, Location, Row, Scheme, Table, TableKind
from budgetlens.reference.concepts import match_concept


class ClassificationRef(Protocol):
    """Reference data about classification codes (支出功能分类, 经济分类) by fiscal year."""

    def covered(self, year: int | None, scheme: Scheme) -> bool:
        """Whether ``year`` is covered, so that an unknown code really is an error."""

    def name_of(self, code: str, year: int, scheme: Scheme) -> str | None:
        """Official name of ``code`` in ``year``; None when the code does not exist then."""

    def name_matches(self, code: str, name: str, year: int, scheme: Scheme, any_year: bool = False) -> bool:
        """Whether ``name`` is the official name of ``code`` (printing variants tolerated)."""

    def find(self, name: str, year: int, scheme: Scheme, level: Level | None = None) -> list[RefEntry]:
        """Entries whose official name is ``name``."""

    def similar(self, code: str, year: int, scheme: Scheme) -> list[tuple[RefEntry, str]]:
        """Official codes one keystroke away from ``code``, with the kind of slip (Chinese)."""

    def dept_to_gov(self, code: str, year: int) -> RefEntry | None:
        """The 政府经济分类 entry a 部门经济分类 code rolls up to."""


@dataclass(frozen=True, slots=True)
class RefEntry:
    code: str
    name: str
    parent: str | None
    level: Level


def scheme_of_code(code: str) -> Scheme:
    """Scheme of a bare code as quoted in prose: 2xx function, 3xx 部门经济, 5xx 政府经济."""
    if code.startswith("2"):
        return Scheme.FUNCTION
    if code.startswith("3"):
        return Scheme.ECON_DEPT
    if code.startswith("5"):
        return Scheme.ECON_GOV
    return Scheme.NONE


@dataclass
class Context:
    disclosure: Disclosure
    reference: ClassificationRef | None = None
    _concept_cache: dict[int, str | None] = field(default_factory=dict)

    @property
    def d(self) -> Disclosure:
        return self.disclosure

    @property
    def file(self) -> str:
        return self.disclosure.source.path

    def where(self, *places: Location | None) -> tuple[Location, ...]:
        """Locations with the file filled in; None entries are dropped."""
        out: list[Location] = []
        for p in places:
            if p is None:
                continue
            out.append(p if p.file else p.model_copy(update={"file": self.file}))
        return tuple(out)

    def row_concept(self, row: Row) -> str | None:
        key = id(row)
        if key not in self._concept_cache:
            self._concept_cache[key] = match_concept(row.name) or match_concept(row.name, exact=False)
        return self._concept_cache[key]

    def tables(self, *kinds: TableKind) -> Iterator[Table]:
        for t in self.disclosure.tables:
            if not kinds or t.kind in kinds:
                yield t

    def claims_of(self, concept: str) -> list[tuple[int, Claim]]:
        return [(i, c) for i, c in enumerate(self.disclosure.claims) if c.concept == concept]


def cell(row: Row, key: str) -> Amount | None:
    return row.values.get(key)


def table_label(table: Table) -> str:
    if table.number and table.number not in table.title:
        return f"{table.number}《{table.title}》"
    return f"《{table.title}》"


def row_label(row: Row) -> str:
    return f"{row.code} {row.name}" if row.code else row.name
