"""Rebuild the packaged classification files from the source tables in ``data/sources/``.

``python -m budgetlens.reference.rebuild [--evidence codes_printed.tsv]``

The source tables are written by hand from the official documents (see ``data/SOURCES.md``):

* ``function.txt``, ``econ_dept.txt``, ``econ_gov.txt``: one 类 or 款 a line, with its 项, the
  fiscal years each line is valid in and tags saying how sure it is (syntax at the top of
  ``function.txt``); ``@partial`` lines name the 类/款 whose list is not known completely;
* ``crosswalk.csv``: 部门经济分类 款 → 政府经济分类 款, already in its packaged form.

The packaged files (``function_codes.csv``, ``econ_dept_codes.csv``, ``econ_gov_codes.csv``,
``econ_dept_to_gov.csv``, ``coverage.csv``) are what :mod:`budgetlens.reference.classification`
reads at run time. Next year's list is an edit of the source tables and a rerun of this script.
With ``--evidence``, each entry's ``source`` also gets ``EV:`` and the years in which real
disclosures printed the code with that name (``shared/reference-evidence/codes_printed.tsv``).
"""

from __future__ import annotations

import argparse
import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).parent / "data"
SOURCES = DATA / "sources"

# scheme key, source table, packaged file, allowed code lengths
SCHEMES: tuple[tuple[str, str, str, tuple[int, ...]], ...] = (
    ("function", "function.txt", "function_codes.csv", (3, 5, 7)),
    ("econ_dept", "econ_dept.txt", "econ_dept_codes.csv", (3, 5)),
    ("econ_gov", "econ_gov.txt", "econ_gov_codes.csv", (3, 5)),
)
CODE_HEADER = ["code", "name", "parent", "level", "valid_from", "valid_to", "source"]
COVERAGE_HEADER = ["scheme", "prefix", "valid_from", "valid_to", "status", "note"]
LEVELS = {3: "类", 5: "款", 7: "项"}
TAG_NAMES = {"A": "APPROX"}

_YEARS = r"(?:\s*\[(?P<from>\d{4})?-(?P<to>\d{4})?\])?"
_TAGS = r"(?:\s*\{(?P<tags>[^}]*)\})?"
_LINE = re.compile(r"^(?P<code>\d{3}|\d{5}|\d{7})\s+(?P<name>[^\[\{:]+?)" + _YEARS + _TAGS
                   + r"(?:\s*:\s*(?P<items>.*))?$")
_ITEM = re.compile(r"^(?P<code>\d{2})\s+(?P<name>[^\[\{]+?)" + _YEARS + _TAGS + r"$")
_DIRECTIVE = re.compile(r"^@(?P<what>\w+)\s*(?P<rest>.*)$")
_RANGE = re.compile(r"^(?P<from>\d{4})?-(?P<to>\d{4})?$")


class SourceError(ValueError):
    """A source table line that does not parse (names the file and line)."""


@dataclass
class SourceEntry:
    code: str
    name: str
    valid_from: int | None
    valid_to: int | None
    tags: list[str]
    line: int


@dataclass
class SourceTable:
    base: str = ""
    years: tuple[int, int] | None = None
    entries: list[SourceEntry] = field(default_factory=list)
    partial: list[tuple[str, int, int | None, str]] = field(default_factory=list)


def _year(text: str | None) -> int | None:
    return int(text) if text else None


def _tags(text: str | None) -> list[str]:
    return [TAG_NAMES.get(t.strip(), t.strip()) for t in (text or "").split(",") if t.strip()]


def _directive(table: SourceTable, what: str, rest: str, where: str) -> None:
    if what == "base":
        table.base = rest.strip()
    elif what == "years":
        m = _RANGE.match(rest.strip())
        if not m or not m["from"] or not m["to"]:
            raise SourceError(f"{where}: @years needs FROM-TO")
        table.years = (int(m["from"]), int(m["to"]))
    elif what == "partial":
        prefix, span, *note = rest.split(maxsplit=2)
        m = _RANGE.match(span)
        if not m or not m["from"]:
            raise SourceError(f"{where}: @partial needs PREFIX FROM-TO NOTE")
        table.partial.append((prefix, int(m["from"]), _year(m["to"]), note[0] if note else ""))
    else:
        raise SourceError(f"{where}: unknown directive @{what}")


def parse(path: Path) -> SourceTable:
    """Read one source table."""
    table = SourceTable()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = raw.strip()
        where = f"{path.name}:{number}"
        if not text or text.startswith("#"):
            continue
        if d := _DIRECTIVE.match(text):
            _directive(table, d["what"], d["rest"], where)
            continue
        m = _LINE.match(text)
        if not m:
            raise SourceError(f"{where}: cannot read {text!r}")
        table.entries.append(SourceEntry(m["code"], m["name"].strip(), _year(m["from"]), _year(m["to"]),
                                         _tags(m["tags"]), number))
        for part in filter(None, (p.strip() for p in (m["items"] or "").split(";"))):
            item = _ITEM.match(part)
            if not item:
                raise SourceError(f"{where}: cannot read item {part!r}")
            table.entries.append(SourceEntry(m["code"] + item["code"], item["name"].strip(), _year(item["from"]),
                                             _year(item["to"]), _tags(item["tags"]), number))
    return table


def _span(entries: Iterable[SourceEntry], first: int) -> tuple[int, int | None]:
    """The years covered by all ``entries`` of one code (None: open-ended)."""
    froms = [e.valid_from or first for e in entries]
    tos = [e.valid_to for e in entries]
    return min(froms), None if any(t is None for t in tos) else max(t for t in tos if t is not None)


def resolve(table: SourceTable, first: int) -> list[SourceEntry]:
    """Fill in the years a line leaves open: a code is valid wherever its parent is (resolved
    parents first, so a 项 inherits its 款's years and the 款 its 类's)."""
    resolved: dict[str, list[SourceEntry]] = {}
    for entry in sorted(table.entries, key=lambda e: len(e.code)):
        parent = resolved.get(entry.code[:-2]) if len(entry.code) > 3 else None
        p_from, p_to = _span(parent, first) if parent else (first, None)
        valid_from = entry.valid_from or p_from
        valid_to = entry.valid_to if entry.valid_to is not None else p_to
        done = SourceEntry(entry.code, entry.name, valid_from, valid_to, entry.tags, entry.line)
        resolved.setdefault(entry.code, []).append(done)
    return [e for entries in resolved.values() for e in entries]


def _name_key(name: str) -> str:
    from budgetlens.reference.classification import normalize_name

    return normalize_name(name)


def read_evidence(path: Path) -> dict[tuple[str, str, str], set[int]]:
    """(scheme, code, name key) → fiscal years printed, from ``codes_printed.tsv``."""
    seen: dict[tuple[str, str, str], set[int]] = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            key = (row["scheme"], row["code"], _name_key(row["name"]))
            seen.setdefault(key, set()).add(int(row["year"]))
    return seen


def _source(base: str, entry: SourceEntry, printed: set[int]) -> str:
    tags = [base, *entry.tags] if base else list(entry.tags)
    last = entry.valid_to if entry.valid_to is not None else 9999
    years = sorted(y for y in printed if (entry.valid_from or 0) <= y <= last)
    if years:
        tags.append("EV:" + "+".join(str(y) for y in years))
    return ";".join(dict.fromkeys(tags))


def code_rows(scheme: str, table: SourceTable, first: int,
              evidence: dict[tuple[str, str, str], set[int]]) -> list[list[str]]:
    rows = []
    for e in sorted(resolve(table, first), key=lambda e: (e.code, e.valid_from or 0)):
        parent = e.code[:-2] if len(e.code) > 3 else ""
        printed = evidence.get((scheme, e.code, _name_key(e.name)), set())
        rows.append([e.code, e.name, parent, LEVELS[len(e.code)], str(e.valid_from),
                     "" if e.valid_to is None else str(e.valid_to), _source(table.base, e, printed)])
    return rows


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def rebuild(sources: Path = SOURCES, target: Path = DATA, evidence: Path | None = None) -> dict[str, int]:
    """Write the packaged files from ``sources`` into ``target``; returns rows written per file."""
    seen = read_evidence(evidence) if evidence else {}
    tables = {key: parse(sources / src) for key, src, _out, _lengths in SCHEMES}
    years = tables["function"].years
    if years is None:
        raise SourceError("function.txt: @years FROM-TO missing")
    first, last = years
    written: dict[str, int] = {}
    coverage = []
    for key, _src, out, lengths in SCHEMES:
        table = tables[key]
        rows = code_rows(key, table, first, seen)
        bad = [r[0] for r in rows if len(r[0]) not in lengths]
        if bad:
            raise SourceError(f"{key}: codes of the wrong length: {bad[:5]}")
        _write(target / out, CODE_HEADER, rows)
        written[out] = len(rows)
        coverage.append([key, "", str(first), str(last), "covered", table.base])
        coverage += [[key, p, str(f), "" if t is None else str(t), "partial", note] for p, f, t, note in table.partial]
    _write(target / "coverage.csv", COVERAGE_HEADER, coverage)
    written["coverage.csv"] = len(coverage)
    crosswalk = (sources / "crosswalk.csv").read_text(encoding="utf-8")
    (target / "econ_dept_to_gov.csv").write_text(crosswalk, encoding="utf-8")
    written["econ_dept_to_gov.csv"] = len(crosswalk.splitlines()) - 1
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--evidence", type=Path, help="codes_printed.tsv of printed codes and names")
    parser.add_argument("--sources", type=Path, default=SOURCES)
    parser.add_argument("--target", type=Path, default=DATA)
    args = parser.parse_args(argv)
    for name, count in rebuild(args.sources, args.target, args.evidence).items():
        print(f"{name}: {count} rows")
    from budgetlens.reference import classification

    classification.validate_all()
    print("packaged data loads and is consistent")


if __name__ == "__main__":
    main()
