"""What a disclosure must contain, by document kind and scope, and the rule each comes from.

The requirements live in ``data/requirements.yaml`` (provenance in ``data/README.md``): the
standard tables of a 部门/单位 预算 or 决算, the narrative sections (职责/机构, 收支总体情况,
机关运行经费, “三公”经费, 政府采购, 国有资产, 绩效, 名词解释 …) and general rules such as
"an empty table must be listed and say why". Each requirement names its source document and a
severity. The check stage decides what to do with them; nothing here looks at a disclosure.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

from budgetlens.model.disclosure import DocumentKind, Scope
from budgetlens.model.table import TableKind
from budgetlens.reference.titles import normalize_title

_FILE = "requirements.yaml"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class RequirementsDataError(ValueError):
    """The packaged requirements file is malformed (a packaging bug, never user input)."""


@dataclass(frozen=True, slots=True)
class Source:
    """A rule document: key, full title, what it says on the matter (our summary)."""

    key: str
    title: str
    note: str


@dataclass(frozen=True, slots=True)
class Requirement:
    """One required table, narrative section or general rule.

    ``table_kind`` is set for a table, ``section`` (a stable key such as 「三公经费」) for a
    narrative section; general rules have neither and a ``key`` such as ``empty-table-reason``.
    """

    key: str
    title: str
    source: Source
    severity: Severity
    table_kind: TableKind | None = None
    section: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def is_table(self) -> bool:
        return self.table_kind is not None

    def matches_title(self, title: str) -> bool:
        """Whether a printed table title or section heading is this requirement.

        Ignores the entity name and the words 部门/单位/预算/决算/公开 around the standard
        title, numbering (「表3」, 「一、」), brackets, quotes and whitespace.
        """
        key = normalize_title(title)
        if not key:
            return False
        for candidate in (self.title, *self.aliases):
            wanted = normalize_title(candidate)
            if not wanted:
                continue
            if self.is_table:
                if key == wanted or key.endswith(wanted):
                    return True
            elif wanted in key:
                return True
        return False


@dataclass(frozen=True, slots=True)
class _Document:
    kind: DocumentKind
    scopes: tuple[Scope, ...]
    tables: tuple[Requirement, ...]
    sections: tuple[Requirement, ...]


@dataclass(frozen=True, slots=True)
class _Data:
    sources: dict[str, Source]
    rules: tuple[Requirement, ...]
    documents: tuple[_Document, ...]


def _get(mapping: Any, key: str, where: str) -> Any:
    if not isinstance(mapping, dict) or key not in mapping:
        raise RequirementsDataError(f"{_FILE}: {where}: missing {key!r}")
    return mapping[key]


def _requirement(raw: Any, sources: dict[str, Source], where: str, *, table: bool) -> Requirement:
    source_key = _get(raw, "source", where)
    if source_key not in sources:
        raise RequirementsDataError(f"{_FILE}: {where}: unknown source {source_key!r}")
    try:
        severity = Severity(_get(raw, "severity", where))
        kind = TableKind(_get(raw, "kind", where)) if table else None
    except ValueError as exc:
        raise RequirementsDataError(f"{_FILE}: {where}: {exc}") from exc
    title = str(_get(raw, "title", where))
    section = None if table else str(_get(raw, "key", where))
    key = f"table:{kind.value}" if kind is not None else f"section:{section}"
    return Requirement(
        key=key,
        title=title,
        source=sources[source_key],
        severity=severity,
        table_kind=kind,
        section=section,
        aliases=tuple(str(a) for a in raw.get("aliases", ()) or ()),
    )


@cache
def _data() -> _Data:
    text = resources.files("budgetlens.reference").joinpath("data", _FILE).read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    sources = {
        str(key): Source(key=str(key), title=str(_get(v, "title", key)), note=str(v.get("note", "")))
        for key, v in _get(raw, "sources", "top").items()
    }
    rules: list[Requirement] = []
    for i, r in enumerate(_get(raw, "rules", "top")):
        where = f"rules[{i}]"
        source_key = _get(r, "source", where)
        if source_key not in sources:
            raise RequirementsDataError(f"{_FILE}: {where}: unknown source {source_key!r}")
        rules.append(
            Requirement(
                key=str(_get(r, "key", where)),
                title=str(_get(r, "title", where)),
                source=sources[source_key],
                severity=Severity(_get(r, "severity", where)),
            )
        )
    documents: list[_Document] = []
    for i, d in enumerate(_get(raw, "documents", "top")):
        where = f"documents[{i}]"
        try:
            kind = DocumentKind(_get(d, "kind", where))
            scopes = tuple(Scope(s) for s in _get(d, "scopes", where))
        except ValueError as exc:
            raise RequirementsDataError(f"{_FILE}: {where}: {exc}") from exc
        tables = tuple(
            _requirement(t, sources, f"{where}.tables[{j}]", table=True)
            for j, t in enumerate(_get(d, "tables", where) or ())
        )
        sections = tuple(
            _requirement(s, sources, f"{where}.sections[{j}]", table=False)
            for j, s in enumerate(_get(d, "sections", where) or ())
        )
        documents.append(_Document(kind=kind, scopes=scopes, tables=tables, sections=sections))
    return _Data(sources=sources, rules=tuple(rules), documents=tuple(documents))


def _document(kind: DocumentKind, scope: Scope) -> _Document | None:
    for doc in _data().documents:
        if doc.kind == kind and scope in doc.scopes:
            return doc
    return None


def required_tables(kind: DocumentKind, scope: Scope = Scope.DEPARTMENT) -> list[Requirement]:
    """The standard tables a disclosure of this kind and scope must publish, in template order."""
    doc = _document(kind, scope)
    return list(doc.tables) if doc else []


def required_sections(kind: DocumentKind, scope: Scope = Scope.DEPARTMENT) -> list[Requirement]:
    """The narrative sections a disclosure of this kind and scope must contain."""
    doc = _document(kind, scope)
    return list(doc.sections) if doc else []


def requirements(kind: DocumentKind, scope: Scope = Scope.DEPARTMENT) -> list[Requirement]:
    """Tables then sections."""
    return required_tables(kind, scope) + required_sections(kind, scope)


def general_rules() -> list[Requirement]:
    """Rules that apply to every 预算/决算 disclosure (空表说明, 公开到项级/款级 …)."""
    return list(_data().rules)


def rule(key: str) -> Requirement | None:
    for r in _data().rules:
        if r.key == key:
            return r
    return None


def sources() -> dict[str, Source]:
    return dict(_data().sources)


def match_table(title: str, kind: DocumentKind, scope: Scope = Scope.DEPARTMENT) -> Requirement | None:
    """The required table a printed title stands for, or None.

    The title must end with a standard title or alias (after normalization); when several
    match, the longest one wins (「一般公共预算财政拨款基本支出表」 is the 基本支出表, not the
    一般公共预算支出表).
    """
    key = normalize_title(title)
    best: Requirement | None = None
    best_len = 0
    for wanted, req in _table_keys(kind, scope):
        if key.endswith(wanted) and len(wanted) > best_len:
            best, best_len = req, len(wanted)
    return best


@lru_cache(maxsize=64)
def _table_keys(kind: DocumentKind, scope: Scope) -> tuple[tuple[str, Requirement], ...]:
    """The normalized title and aliases of each required table, in template order (empty keys left out)."""
    return tuple((wanted, req) for req in required_tables(kind, scope)
                 for wanted in map(normalize_title, (req.title, *req.aliases)) if wanted)


def match_section(heading: str, kind: DocumentKind, scope: Scope = Scope.DEPARTMENT) -> Requirement | None:
    """The required narrative section a heading stands for, or None (first match in order)."""
    for req in required_sections(kind, scope):
        if req.matches_title(heading):
            return req
    return None
