"""A parsed and checked document flattened into plain rows, ready to be written.

Flattening is pure and runs wherever the parsing ran (a worker process or a Dask worker), so
the process that writes to the database only inserts. A record holds the Disclosure (without its
tables' rows, which are the row and amount tuples) and the Report as JSON, zlib-compressed, and
each kind of child row as a list of tuples in the column order given by the ``*_COLUMNS``
constants, already in the form SQLite stores (money as exact decimal text, JSON as text): the
writer prepends the ids and hands the tuples to the driver as they are. Tuples also pickle in a
fraction of the time and space of dicts.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import TypeAdapter

from budgetlens.analyze.resolver import resolve, to_yuan
from budgetlens.check.finding import Report, Severity
from budgetlens.model import Amount, Column, Disclosure, Location, Unit
from budgetlens.model.performance import Target
from budgetlens.reference.concepts import match_concept

# Column order of each kind of child tuple. A row's tuple starts with its table's index, an
# amount's with the position of its row in ``DocumentRecord.rows``, an indicator's with its
# target's index: the writer turns these into the parents' ids.
TABLE_COLUMNS = ("table_index", "kind", "number", "title", "unit", "scheme", "columns", "empty_reason", "location")
ROW_COLUMNS = ("row_index", "code", "name", "level", "econ_gov_code", "econ_gov_name", "side", "grp", "is_total",
               "depth", "numbered", "indented", "concept", "texts", "location")
AMOUNT_COLUMNS = ("column_key", "value", "unit", "value_yuan", "decimals", "raw", "location")
CLAIM_COLUMNS = ("claim_index", "subject", "concept", "year", "value", "unit", "value_yuan", "share", "share_of",
                 "change_direction", "change_amount_yuan", "change_percent", "change_against", "completion",
                 "parent_index", "code", "section", "text", "location")
TARGET_COLUMNS = ("target_index", "form", "title", "project_name", "project_code", "department", "total_yuan",
                  "fiscal_yuan", "other_yuan", "executed_yuan", "rate", "purpose", "period", "goals", "location")
INDICATOR_COLUMNS = ("target_index", "indicator_index", "level1", "level2", "level3", "target_raw", "target_op",
                     "target_number", "target_unit", "actual_raw", "actual_number", "location")
FINDING_COLUMNS = ("code", "severity", "family", "title", "message", "values", "stated", "expected", "difference",
                   "value_unit", "hint", "diagnosis", "locations")
QUANTITY_COLUMNS = ("concept", "value_yuan", "source", "stated_change_yuan", "stated_change_percent", "location")


def pack(text: str) -> bytes:
    """JSON text as stored: UTF-8, zlib-compressed (level 3: twice as fast as 6, 15% larger)."""
    return zlib.compress(text.encode("utf-8"), 3)


def unpack(data: bytes | str) -> str:
    if isinstance(data, str):  # written by hand or by another tool as plain text
        return data
    return zlib.decompress(data).decode("utf-8")


def _json(value: Any) -> str | None:
    """JSON text of a value for a JSON column (the writer passes text in JSON columns as it is)."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def plain(value: Decimal) -> str:
    """``format(value, "f")`` in about half the time: ``str`` writes the same text unless it
    uses an exponent (a positive one, or a value under 10⁻⁶), which no printed figure has."""
    text = str(value)
    return format(value, "f") if "E" in text else text


def money(value: Decimal | None) -> str | None:
    """An exact decimal as stored (the text SQLite keeps; other databases get it back as a Decimal)."""
    return None if value is None else plain(value)


_LOCATION_JSON = Location.__pydantic_serializer__
# what the stored Disclosure JSON leaves out: the rows of every table (in bl_rows and bl_amounts)
ROWS_ELSEWHERE = {"tables": {"__all__": {"rows"}}}
_NOT_STORED = {"file"}


_ANY_FILE = object()


def _loc(where: Location | None, implied_file: object = _ANY_FILE) -> str | None:
    """A location as stored with a child row: compact JSON without the file, which is the
    document's. A table's rows and figures pass their table's file (``implied_file``): theirs is
    left out only when it is that one (always, in practice), so that
    :func:`budgetlens.store.repository.load_disclosure` restores it exactly."""
    if where is None:
        return None
    f = where.__dict__
    implied = implied_file is _ANY_FILE or f["file"] == implied_file
    if implied and f["start"] is None and f["end"] is None and f["page"] is None and f["sheet"] is None:
        block, row, col, line = f["block"], f["row"], f["col"], f["line"]
        if block is not None and row is not None and col is not None and line is not None:
            # a cell of a text file's table, most locations stored: written here as pydantic writes
            # it (tests/store/test_records.py), 0.4 µs against pydantic's 1.1 (one-off timeit). The
            # fields are ints (validation turns a bool into one), so no format spec is needed, which
            # would halve the speed.
            return f'{{"block":{block},"row":{row},"col":{col},"line":{line}}}'
    exclude = _NOT_STORED if implied else None
    return _LOCATION_JSON.to_json(where, exclude_none=True, exclude=exclude).decode("utf-8")


def _yuan(amount: Amount | None) -> str | None:
    return money(to_yuan(amount)) if amount is not None else None


def doc_key(d: Disclosure) -> str:
    """Identity of a document across versions: entity + year + kind + scope."""
    kind = d.kind.value if d.kind else ""
    scope = d.scope.value if d.scope else ""
    return "|".join([d.entity.name, str(d.year or ""), kind, scope])


Values = tuple[Any, ...]


@dataclass
class DocumentRecord:
    """Everything stored for one document; child tuples lack their parents' ids until written."""

    sha256: str
    doc_key: str
    entity: dict[str, Any]
    document: dict[str, Any]
    tables: list[Values] = field(default_factory=list)
    rows: list[Values] = field(default_factory=list)
    amounts: list[Values] = field(default_factory=list)
    claims: list[Values] = field(default_factory=list)
    targets: list[Values] = field(default_factory=list)
    indicators: list[Values] = field(default_factory=list)
    findings: list[Values] = field(default_factory=list)
    quantities: list[Values] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.document["path"])


_COLUMNS_JSON = TypeAdapter(list[Column])
# each unit's text and its factor to 元 (None for 元 itself)
_UNITS = {u: (u.value, None if u is Unit.YUAN else u.factor) for u in Unit}


def _target_number(t: Target | None) -> str | None:
    return money(t.number) if t is not None else None


def _tables(d: Disclosure, rec: DocumentRecord) -> None:
    for ti, table in enumerate(d.tables):
        table_file = table.where.file if table.where is not None else None
        rec.tables.append((
            ti, table.kind.value, table.number, table.title, table.unit.value, table.scheme.value,
            _COLUMNS_JSON.dump_json(table.columns, exclude_none=True).decode("utf-8"), table.empty_reason,
            _loc(table.where),
        ))
        for ri, row in enumerate(table.rows):
            position = len(rec.rows)
            rec.rows.append((
                # _value_ is the member's plain attribute; .value goes through the enum's Python descriptor
                ti, ri, row.code, row.name, row.level._value_ if row.level else None, row.econ_gov_code,
                row.econ_gov_name, row.side._value_ if row.side else None, row.group, row.is_total, row.depth,
                row.numbered, row.indented, match_concept(row.name), _json(row.texts) if row.texts else None,
                _loc(row.where, table_file),
            ))
            for key, amount in row.values.items():
                # to_yuan inlined (the most numerous child): a figure in 元 is stored as printed
                value = plain(amount.value)
                unit, factor = _UNITS[amount.unit]
                rec.amounts.append((
                    position, key, value, unit, value if factor is None else plain(amount.value * factor),
                    amount.decimals, amount.raw, _loc(amount.where, table_file),
                ))


def _claims(d: Disclosure, rec: DocumentRecord) -> None:
    for ci, claim in enumerate(d.claims):
        change = claim.change
        rec.claims.append((
            ci, claim.subject, claim.concept, claim.year, money(claim.value.value), claim.value.unit.value,
            _yuan(claim.value), money(claim.share.value) if claim.share else None, claim.share_of,
            change.direction.value if change else None, _yuan(change.amount) if change else None,
            money(change.percent.value) if change and change.percent else None, change.against if change else None,
            money(claim.completion.value) if claim.completion else None, claim.parent, claim.code, claim.section,
            claim.text, _loc(claim.where or claim.value.where),
        ))


def _targets(d: Disclosure, rec: DocumentRecord) -> None:
    for gi, target in enumerate(d.targets):
        rec.targets.append((
            gi, target.form.value, target.title, target.project_name, target.project_code, target.department,
            _yuan(target.total), _yuan(target.fiscal), _yuan(target.other), _yuan(target.executed),
            money(target.rate.value) if target.rate else None, target.purpose, target.period,
            _json(list(target.goals)), _loc(target.where),
        ))
        for ii, ind in enumerate(target.indicators):
            rec.indicators.append((
                gi, ii, ind.level1, ind.level2, ind.level3, ind.target.raw, ind.target.op,
                _target_number(ind.target), ind.target.unit, ind.actual.raw if ind.actual else None,
                _target_number(ind.actual), _loc(ind.where),
            ))


def _findings(report: Report, rec: DocumentRecord) -> None:
    for f in report.findings:
        v = f.values
        values = ({k: (format(x, "f") if isinstance(x, Decimal) else str(x))
                   for k, x in v.model_dump(exclude_none=True).items()} or None) if v else None
        rec.findings.append((
            f.code, f.severity.value, f.family.value, f.title, f.message, _json(values),
            money(v.stated) if v else None, money(v.expected) if v else None, money(v.difference) if v else None,
            v.unit if v else None, f.hint, f.diagnosis,
            _json([loc.model_dump(exclude_none=True) for loc in f.locations]),
        ))


def flatten(d: Disclosure, report: Report) -> DocumentRecord:
    """Flatten a disclosure and its report into rows."""
    # None fields left out: every optional field of the model defaults to None, so the document
    # reads back equal, and the text is a third shorter (most of it is locations). Table rows are
    # left out too: they are stored as rows and amounts, and put back from there on loading
    # (serializing them twice cost a tenth of the whole ingest).
    text = d.model_dump_json(exclude_none=True, exclude=ROWS_ELSEWHERE)
    meta = {
        "path": d.source.path,
        "format": d.source.format,
        "size": d.source.size,
        "year": d.year,
        "kind": d.kind.value if d.kind else None,
        "scope": d.scope.value if d.scope else None,
        "title": d.title,
        "unit": d.unit.value,
        "staff_actual": d.staff.actual if d.staff is not None else None,
        "n_errors": report.count(Severity.ERROR),
        "n_warnings": report.count(Severity.WARNING),
        "n_infos": report.count(Severity.INFO),
        "disclosure_json": pack(text),
        "report_json": pack(report.model_dump_json()),
    }
    rec = DocumentRecord(
        # a disclosure built without a file (tests, the web form) is identified by its content
        sha256=d.source.sha256 or hashlib.sha256(d.model_dump_json(exclude_none=True).encode("utf-8")).hexdigest(),
        doc_key=doc_key(d),
        entity={"name": d.entity.name, "code": d.entity.code, "region": d.entity.region},
        document=meta,
    )
    _tables(d, rec)
    _claims(d, rec)
    _targets(d, rec)
    _findings(report, rec)
    for q in resolve(d).values():
        rec.quantities.append((
            q.concept, money(q.value_yuan), q.source, money(q.stated_change_yuan), money(q.stated_change_percent),
            _loc(q.where),
        ))
    return rec
