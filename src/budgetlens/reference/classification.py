"""Official classification codes by fiscal year, with a fast lookup API.

Three schemes are covered (see ``data/SOURCES.md`` for provenance and what is uncertain):

* 支出功能分类科目 (``Scheme.FUNCTION``): 类 3 digits, 款 5, 项 7, codes 2xx;
* 部门预算支出经济分类科目 (``Scheme.ECON_DEPT``): 类 3 digits, 款 5, codes 3xx;
* 政府预算支出经济分类科目 (``Scheme.ECON_GOV``): 类 3 digits, 款 5, codes 5xx.

Every entry carries the fiscal years it is valid in (``valid_from`` .. ``valid_to`` inclusive,
``valid_to`` None meaning still valid in the last covered year). A code whose name changed
appears once per name, with disjoint validity. The CSV files are read once and indexed; all
lookups are dictionary accesses.

Years outside :func:`years_covered` (2019–2026, from ``coverage.csv``) are not covered: lookups for them return
``None`` / empty results. Within them, a 类 or 款 may be known only in part (``coverage.csv``):
:func:`complete` tells whether a code missing from the list can be judged wrong. The packaged
files are written by ``python -m budgetlens.reference.rebuild`` from ``data/sources/``.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources

from budgetlens.model.table import Level, Scheme

_SCHEME_KEYS: dict[Scheme, str] = {
    Scheme.FUNCTION: "function",
    Scheme.ECON_DEPT: "econ_dept",
    Scheme.ECON_GOV: "econ_gov",
}
_COVERAGE_FILE = "coverage.csv"
_COVERAGE_HEADER = ["scheme", "prefix", "valid_from", "valid_to", "status", "note"]

_FILES: dict[Scheme, str] = {
    Scheme.FUNCTION: "function_codes.csv",
    Scheme.ECON_DEPT: "econ_dept_codes.csv",
    Scheme.ECON_GOV: "econ_gov_codes.csv",
}
_MAPPING_FILE = "econ_dept_to_gov.csv"
_HEADER = ["code", "name", "parent", "level", "valid_from", "valid_to", "source"]
_MAPPING_HEADER = ["dept_code", "gov_code", "applies_to", "valid_from", "valid_to", "source"]
_LEVEL_BY_LENGTH = {3: Level.CLASS, 5: Level.SECTION, 7: Level.ITEM}
_LENGTHS: dict[Scheme, tuple[int, ...]] = {
    Scheme.FUNCTION: (3, 5, 7),
    Scheme.ECON_DEPT: (3, 5),
    Scheme.ECON_GOV: (3, 5),
}
_FIRST_DIGIT = {"2": Scheme.FUNCTION, "3": Scheme.ECON_DEPT, "5": Scheme.ECON_GOV}


class ReferenceDataError(ValueError):
    """The packaged reference data is malformed (a packaging bug, never user input)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One classification code with its name and the fiscal years it is valid in."""

    code: str
    name: str
    parent: str | None
    level: Level
    valid_from: int
    valid_to: int | None
    scheme: Scheme
    source: str

    def valid_in(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)

    @property
    def attested(self) -> bool:
        """True when the code and name were also seen in a real published disclosure."""
        return "SEED" in self.source.split(";")

    @property
    def approximate(self) -> bool:
        """True when the year boundaries of this entry are not verified (see data/README.md)."""
        return "APPROX" in self.source.split(";")


class EditKind(StrEnum):
    """How a mistyped code differs from an official one."""

    SUBSTITUTION = "一位数字不同"
    TRANSPOSITION = "相邻两位数字颠倒"
    OMISSION = "漏一位数字"
    INSERTION = "多一位数字"


@dataclass(frozen=True, slots=True)
class SimilarCode:
    """An official code close to a code that was not found, for diagnosis."""

    entry: Entry
    kind: EditKind


@dataclass(frozen=True, slots=True)
class _Mapping:
    dept_code: str
    gov_code: str
    applies_to: str  # 机关 | 事业单位 | 全部
    valid_from: int
    valid_to: int | None

    def valid_in(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)


@dataclass(frozen=True, slots=True)
class _Index:
    by_code: dict[str, tuple[Entry, ...]]
    by_name: dict[str, tuple[Entry, ...]]


# --------------------------------------------------------------------------- normalisation

_CODE_JUNK = re.compile(r"[\s\u3000]")
_LEVEL_TAG = re.compile(r"\((类|款|项)\)")
_NAME_DROP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉·•、:;,.。，；：的]")
_TRAILING_TAG = re.compile(r"\(([^()]+)\)$")
_LEADING = re.compile(r"^(其中|含|包括)")
_LEADING_ENUM = re.compile(r"^(?:[0-9]+|[一二三四五六七八九十]+)(?=[\(、.])|^\([一二三四五六七八九十0-9]+\)")


@lru_cache(maxsize=16384)
def normalize_code(code: str) -> str:
    """Half-width digits without spaces (``" ２１０ 15 "`` → ``"21015"``)."""
    return _CODE_JUNK.sub("", unicodedata.normalize("NFKC", code))


@lru_cache(maxsize=16384)
def normalize_name(name: str) -> str:
    """A comparison key for a classification name as printed in a table.

    Full-width forms become half-width (brackets included), whitespace, quotes and
    punctuation are dropped, a level tag such as 「（类）」 and a leading 「其中：」 or list
    number are removed, the particle 「的」 and one trailing 「支出」 are dropped, so that 「社会保障和就业（类）支出」,
    「 社会保障和就业支出 」 and 「社会保障和就业」 all compare equal.
    """
    text = unicodedata.normalize("NFKC", name).strip()
    text = _LEVEL_TAG.sub("", text)
    text = re.sub(r"^[0-9]{3,7}(?=\D)", "", text.strip())
    text = _LEADING_ENUM.sub("", text.strip())
    text = _NAME_DROP.sub("", text)
    text = _LEADING.sub("", text)
    if text.endswith("支出") and len(text) > 2:
        text = text[:-2]
    return text


# --------------------------------------------------------------------------- loading


def _read_rows(filename: str, header: list[str]) -> list[tuple[int, dict[str, str]]]:
    data = resources.files("budgetlens.reference").joinpath("data", filename).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(data))
    if reader.fieldnames != header:
        raise ReferenceDataError(f"{filename}: header {reader.fieldnames!r}, expected {header!r}")
    return [(number, row) for number, row in enumerate(reader, start=2)]


def _year(value: str, filename: str, line: int) -> int:
    if not value.isdigit():
        raise ReferenceDataError(f"{filename}:{line}: bad year {value!r}")
    return int(value)


@dataclass(frozen=True, slots=True)
class _Partial:
    prefix: str
    valid_from: int
    valid_to: int | None
    note: str

    def covers(self, code: str, year: int) -> bool:
        in_years = self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)
        return in_years and code.startswith(self.prefix)


@dataclass(frozen=True, slots=True)
class _Coverage:
    years: dict[str, range]
    partial: dict[str, tuple[_Partial, ...]]


@cache
def _coverage() -> _Coverage:
    years: dict[str, range] = {}
    partial: dict[str, list[_Partial]] = {}
    for line, row in _read_rows(_COVERAGE_FILE, _COVERAGE_HEADER):
        first = _year(row["valid_from"], _COVERAGE_FILE, line)
        last = _year(row["valid_to"], _COVERAGE_FILE, line) if row["valid_to"] else None
        if row["status"] == "covered" and not row["prefix"] and last is not None:
            years[row["scheme"]] = range(first, last + 1)
        elif row["status"] == "partial" and row["prefix"].isdigit():
            partial.setdefault(row["scheme"], []).append(_Partial(row["prefix"], first, last, row["note"]))
        else:
            raise ReferenceDataError(f"{_COVERAGE_FILE}:{line}: bad row {row!r}")
    return _Coverage(years, {k: tuple(v) for k, v in partial.items()})


@cache
def _index(scheme: Scheme) -> _Index:
    if scheme not in _FILES:
        raise ValueError(f"no classification data for scheme {scheme!r}")
    filename = _FILES[scheme]
    by_code: dict[str, list[Entry]] = {}
    for line, row in _read_rows(filename, _HEADER):
        code = row["code"]
        if not code.isdigit() or len(code) not in _LENGTHS[scheme]:
            raise ReferenceDataError(f"{filename}:{line}: bad code {code!r}")
        level = _LEVEL_BY_LENGTH[len(code)]
        if row["level"] != level.value:
            raise ReferenceDataError(f"{filename}:{line}: level {row['level']!r} does not fit {code}")
        parent = row["parent"] or None
        expected_parent = {3: None, 5: code[:3], 7: code[:5]}[len(code)]
        if parent != expected_parent:
            raise ReferenceDataError(f"{filename}:{line}: parent {parent!r} does not fit {code}")
        valid_to = _year(row["valid_to"], filename, line) if row["valid_to"] else None
        entry = Entry(
            code=code,
            name=row["name"],
            parent=parent,
            level=level,
            valid_from=_year(row["valid_from"], filename, line),
            valid_to=valid_to,
            scheme=scheme,
            source=row["source"],
        )
        for other in by_code.get(code, []):
            if _overlap(other, entry):
                raise ReferenceDataError(f"{filename}:{line}: {code} has overlapping validity")
        by_code.setdefault(code, []).append(entry)
    for entries in by_code.values():
        for entry in entries:
            if entry.parent is not None and not any(
                _overlap(entry, p) for p in by_code.get(entry.parent, [])
            ):
                raise ReferenceDataError(f"{filename}: parent of {entry.code} missing in its years")
    by_name: dict[str, list[Entry]] = {}
    for entries in by_code.values():
        for entry in entries:
            by_name.setdefault(normalize_name(entry.name), []).append(entry)
    return _Index(
        by_code={code: tuple(sorted(es, key=lambda e: e.valid_from)) for code, es in by_code.items()},
        by_name={key: tuple(sorted(es, key=lambda e: (e.code, e.valid_from))) for key, es in by_name.items()},
    )


def _overlap(a: Entry, b: Entry) -> bool:
    a_to = a.valid_to if a.valid_to is not None else 9999
    b_to = b.valid_to if b.valid_to is not None else 9999
    return a.valid_from <= b_to and b.valid_from <= a_to


@cache
def _mappings() -> tuple[_Mapping, ...]:
    out: list[_Mapping] = []
    for line, row in _read_rows(_MAPPING_FILE, _MAPPING_HEADER):
        if row["applies_to"] not in ("机关", "事业单位", "全部"):
            raise ReferenceDataError(f"{_MAPPING_FILE}:{line}: bad applies_to {row['applies_to']!r}")
        out.append(
            _Mapping(
                dept_code=row["dept_code"],
                gov_code=row["gov_code"],
                applies_to=row["applies_to"],
                valid_from=_year(row["valid_from"], _MAPPING_FILE, line),
                valid_to=_year(row["valid_to"], _MAPPING_FILE, line) if row["valid_to"] else None,
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------- public API


def years_covered(scheme: Scheme) -> range:
    """Fiscal years for which ``scheme`` is covered by the packaged data."""
    if scheme not in _FILES:
        return range(0)
    return _coverage().years.get(_SCHEME_KEYS[scheme], range(0))


def complete(code: str, year: int, scheme: Scheme) -> bool:
    """Whether the list is known completely where ``code`` would sit in ``year``.

    True when ``year`` is covered and neither the 类 nor the 款 of ``code`` is marked partial
    (``coverage.csv``) in that year: only then is a code missing from the list an error.
    """
    code = normalize_code(code)
    if year not in years_covered(scheme) or len(code) not in _LENGTHS[scheme]:
        return False  # a code of another shape (「3010201」 in an economic table) is not this list's to judge
    return not any(p.covers(code, year) for p in _coverage().partial.get(_SCHEME_KEYS[scheme], ()))


def partial_note(code: str, year: int, scheme: Scheme) -> str | None:
    """Why the list is not complete for ``code`` in ``year`` (the ``coverage.csv`` note), if it is not."""
    code = normalize_code(code)
    for p in _coverage().partial.get(_SCHEME_KEYS.get(scheme, ""), ()):
        if p.covers(code, year):
            return p.note
    return None


def years_valid(code: str, scheme: Scheme) -> tuple[int, ...]:
    """Covered fiscal years in which ``code`` exists, ascending."""
    return tuple(y for y in years_covered(scheme) if lookup(code, y, scheme) is not None)


def name_years(code: str, name: str, scheme: Scheme) -> tuple[int, ...]:
    """Covered fiscal years in which ``name`` is the official name of ``code`` (printing variants tolerated)."""
    return tuple(y for y in years_covered(scheme) if name_matches(code, name, y, scheme))


def validate_all() -> None:
    """Load every packaged file once; raises :class:`ReferenceDataError` on the first inconsistency."""
    _coverage()
    for scheme in _FILES:
        _index(scheme)
    for m in _mappings():
        for code, scheme in ((m.dept_code, Scheme.ECON_DEPT), (m.gov_code, Scheme.ECON_GOV)):
            if not history(code, scheme):
                raise ReferenceDataError(f"{_MAPPING_FILE}: {code} is not in the {scheme.value} list")


def scheme_of_code(code: str) -> Scheme:
    """Guess the scheme from the first digit and the length of a code.

    2xx (3/5/7 digits) → 支出功能分类; 3xx (3/5 digits) → 部门预算支出经济分类;
    5xx (3/5 digits) → 政府预算支出经济分类; anything else → ``Scheme.NONE``.
    """
    code = normalize_code(code)
    if not code.isdigit():
        return Scheme.NONE
    scheme = _FIRST_DIGIT.get(code[:1], Scheme.NONE)
    if scheme is Scheme.NONE or len(code) not in _LENGTHS[scheme]:
        return Scheme.NONE
    return scheme


def level_of_code(code: str) -> Level | None:
    """类/款/项 from the number of digits, or None when the length fits no level."""
    return _LEVEL_BY_LENGTH.get(len(normalize_code(code)))


# lookup and name_matches read packaged data that never changes while running, and tables ask
# about the same codes and names again and again: both are cached
@lru_cache(maxsize=16384)
def lookup(code: str, year: int, scheme: Scheme) -> Entry | None:
    """The entry for ``code`` valid in fiscal ``year``, or None."""
    if scheme not in _FILES or year not in years_covered(scheme):
        return None
    for entry in _index(scheme).by_code.get(normalize_code(code), ()):
        if entry.valid_in(year):
            return entry
    return None


def exists(code: str, year: int, scheme: Scheme) -> bool:
    return lookup(code, year, scheme) is not None


def history(code: str, scheme: Scheme) -> tuple[Entry, ...]:
    """Every entry of ``code`` over the covered years (one per name), oldest first."""
    if scheme not in _FILES:
        return ()
    return _index(scheme).by_code.get(normalize_code(code), ())


@lru_cache(maxsize=16384)
def name_matches(code: str, name: str, year: int, scheme: Scheme, *, any_year: bool = False) -> bool:
    """Whether ``name`` is the official name of ``code`` in ``year``, as tables print it.

    Tolerates whitespace, full/half-width brackets, quotes, a level tag 「（类）」, a leading
    「其中：」 and a trailing 「支出」. With ``any_year`` a name the code had in another covered
    year (an old name kept after a renaming) also matches.
    """
    key = normalize_name(name)
    if not key:
        return False
    if any_year:
        return any(_same_name(e, key, y) for e in history(code, scheme) for y in (e.valid_from,))
    entry = lookup(code, year, scheme)
    return entry is not None and _same_name(entry, key, year)


# the numbering that tells twin names apart (503 机关资本性支出（一）, 504 …（二）): a name printed
# without it beside its code is the same name
_NUMBERED_TWIN = re.compile(r"\((?:[一二三四五六七八九十]|\d)\)$")


def _same_name(entry: Entry, key: str, year: int) -> bool:
    """``key`` is the entry's name, possibly followed by its parent's name in brackets
    (「行政运行（公安）」, as some templates print generic 项 names)."""
    own = normalize_name(entry.name)
    if key == own or key == normalize_name(_NUMBERED_TWIN.sub("", own)):  # 「机关资本性支出」 for 503 …（一）
        return True
    tag = _TRAILING_TAG.search(key)
    if tag is None or entry.parent is None or key[: tag.start()] != own:
        return False
    parent = lookup(entry.parent, year, entry.scheme)
    return parent is not None and normalize_name(parent.name) == normalize_name(tag.group(1))


def path(code: str, year: int, scheme: Scheme) -> list[Entry]:
    """类 → 款 → 项 entries down to ``code`` in ``year``; empty when ``code`` is unknown then."""
    entry = lookup(code, year, scheme)
    if entry is None:
        return []
    chain = [entry]
    while chain[0].parent is not None:
        parent = lookup(chain[0].parent, year, scheme)
        if parent is None:
            break
        chain.insert(0, parent)
    return chain


def children(code: str, year: int, scheme: Scheme) -> list[Entry]:
    """Direct children of ``code`` valid in ``year``, by code."""
    code = normalize_code(code)
    return [e for e in entries(year, scheme) if e.parent == code]


def entries(year: int, scheme: Scheme, level: Level | None = None) -> Iterator[Entry]:
    """All entries valid in ``year``, by code."""
    if scheme not in _FILES or year not in years_covered(scheme):
        return
    index = _index(scheme)
    for code in sorted(index.by_code):
        entry = lookup(code, year, scheme)
        if entry is not None and (level is None or entry.level == level):
            yield entry


def find_by_name(name: str, year: int, scheme: Scheme, level: Level | None = None) -> list[Entry]:
    """Entries valid in ``year`` whose name matches ``name`` (normalized), by code.

    Generic names such as 「行政运行」 match many 项; pass ``level`` or check the parent.
    """
    if scheme not in _FILES or year not in years_covered(scheme):
        return []
    found = _index(scheme).by_name.get(normalize_name(name), ())
    return [e for e in found if e.valid_in(year) and (level is None or e.level == level)]


def similar_codes(code: str, year: int, scheme: Scheme) -> list[SimilarCode]:
    """Official codes valid in ``year`` that are one keystroke away from ``code``.

    Considers one digit replaced, two adjacent digits swapped, one digit dropped (the official
    code is one digit longer) and one digit too many. ``code`` itself is never returned.
    Ordered by kind (as listed) then code.
    """
    code = normalize_code(code)
    if not code.isdigit() or scheme not in _FILES:
        return []
    lengths = _LENGTHS[scheme]
    digits = "0123456789"
    candidates: dict[str, EditKind] = {}

    def add(candidate: str, kind: EditKind) -> None:
        if candidate != code and len(candidate) in lengths and candidate not in candidates:
            candidates[candidate] = kind

    for i, original in enumerate(code):
        for d in digits:
            if d != original:
                add(code[:i] + d + code[i + 1 :], EditKind.SUBSTITUTION)
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            add(code[:i] + code[i + 1] + code[i] + code[i + 2 :], EditKind.TRANSPOSITION)
    for i in range(len(code) + 1):
        for d in digits:
            add(code[:i] + d + code[i:], EditKind.OMISSION)
    for i in range(len(code)):
        add(code[:i] + code[i + 1 :], EditKind.INSERTION)
    order = list(EditKind)
    found = [
        SimilarCode(entry, kind)
        for candidate, kind in candidates.items()
        if (entry := lookup(candidate, year, scheme)) is not None
    ]
    return sorted(found, key=lambda s: (order.index(s.kind), s.entry.code))


def econ_dept_to_gov(code: str, year: int, *, institution: bool = False) -> Entry | None:
    """The 政府预算支出经济分类 entry a 部门预算支出经济分类 code rolls up to.

    ``institution`` selects the mapping for a 事业单位 (工资福利 and 商品和服务 go to 505
    对事业单位经常性补助) instead of a 机关 or 参公 unit (501/502). For a 类 code the
    government 类 is returned when all its mapped 款 agree. None when no mapping is sourced
    (e.g. 309/310 资本性支出, see data/README.md) or the code is unknown in ``year``.
    """
    dept = lookup(code, year, Scheme.ECON_DEPT)
    if dept is None:
        return None
    wanted = ("事业单位", "全部") if institution else ("机关", "全部")
    usable = [m for m in _mappings() if m.applies_to in wanted and m.valid_in(year)]
    if dept.level == Level.SECTION:
        for m in usable:
            if m.dept_code == dept.code:
                return lookup(m.gov_code, year, Scheme.ECON_GOV)
        return None
    sections = [e.code for e in children(dept.code, year, Scheme.ECON_DEPT)]
    targets = {m.gov_code[:3] for m in usable if m.dept_code in sections}
    if len(targets) != 1:
        return None
    return lookup(targets.pop(), year, Scheme.ECON_GOV)


def econ_gov_to_dept(code: str, year: int, *, institution: bool = False) -> list[Entry]:
    """The 部门预算支出经济分类 款 that roll up to a 政府预算支出经济分类 款, by code."""
    gov = lookup(code, year, Scheme.ECON_GOV)
    if gov is None or gov.level != Level.SECTION:
        return []
    wanted = ("事业单位", "全部") if institution else ("机关", "全部")
    found = [
        entry
        for m in _mappings()
        if m.gov_code == gov.code and m.applies_to in wanted and m.valid_in(year)
        if (entry := lookup(m.dept_code, year, Scheme.ECON_DEPT)) is not None
    ]
    return sorted(found, key=lambda e: e.code)
