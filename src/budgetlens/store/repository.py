"""Writing and reading the store.

Writes are transactional: a batch of documents is written in one transaction; if that fails
for a reason other than a concurrent writer, each document is retried in its own transaction
so that one bad record is reported and the others are kept. A document already stored with
the same sha256 is left alone (idempotent); a document with the same entity + year + kind +
scope and another hash replaces the stored one in the same transaction (old rows deleted, new
rows inserted), so a failure leaves the old version in place. The hash of a replaced version is
remembered (``bl_superseded``): ingesting that old file again is reported as outdated and
changes nothing, so re-running an ingest over the same files is idempotent.

Concurrent writers: on SQLite every write transaction starts with ``BEGIN IMMEDIATE`` (see
:mod:`budgetlens.store.db`), so writers take turns; on PostgreSQL a transaction first takes an
advisory lock per document key (in sorted order, so two batches cannot deadlock) and entities
are inserted with ``ON CONFLICT DO NOTHING``. Unique constraints on the hash and the document
key back both up; a transaction that still collides is retried.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, Connection, Dialect, Engine, Table, delete, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from budgetlens.check.finding import Report
from budgetlens.model import Disclosure
from budgetlens.store.db import StoreError
from budgetlens.store.records import (
    AMOUNT_COLUMNS,
    CLAIM_COLUMNS,
    FINDING_COLUMNS,
    INDICATOR_COLUMNS,
    QUANTITY_COLUMNS,
    ROW_COLUMNS,
    TABLE_COLUMNS,
    TARGET_COLUMNS,
    DocumentRecord,
    flatten,
    unpack,
)
from budgetlens.store.schema import (
    CHILD_TABLES,
    AmountRow,
    ClaimRow,
    DocumentRow,
    EntityRow,
    FindingRow,
    IndicatorRow,
    QuantityRow,
    RowRow,
    SupersededRow,
    TableRow,
    TargetRow,
)

MAX_ATTEMPTS = 8


class Outcome(StrEnum):
    ADDED = "added"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"
    OUTDATED = "outdated"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class WriteResult:
    label: str
    outcome: Outcome
    document_id: int | None = None
    error: str | None = None


IN_CHUNK = 500  # values per IN (…) list: well under every backend's limit on bound parameters


def _chunks(values: set[str]) -> list[list[str]]:
    ordered = sorted(values)
    return [ordered[i:i + IN_CHUNK] for i in range(0, len(ordered), IN_CHUNK)]


class _Known:
    """What the store holds for the documents of one batch: read in a few queries when the batch
    starts (inside its transaction) and kept up to date as it is written, since one batch may
    hold several versions of a document or several documents of a new entity."""

    def __init__(self, session: Session, records: Sequence[DocumentRecord]) -> None:
        self.by_sha: dict[str, int] = {}
        self.superseded: set[str] = set()
        self.by_key: dict[str, tuple[int, str]] = {}
        self.entities: dict[str, tuple[int, str | None, str | None]] = {}
        doc = DocumentRow
        for shas in _chunks({r.sha256 for r in records}):
            found = session.execute(select(doc.sha256, doc.id).where(doc.sha256.in_(shas)))
            self.by_sha.update((sha, i) for sha, i in found)
            self.superseded.update(session.scalars(select(SupersededRow.sha256)
                                                   .where(SupersededRow.sha256.in_(shas))))
        for keys in _chunks({r.doc_key for r in records}):
            versions = session.execute(select(doc.doc_key, doc.id, doc.sha256).where(doc.doc_key.in_(keys)))
            self.by_key.update((k, (i, sha)) for k, i, sha in versions)
        for names in _chunks({r.entity["name"] for r in records}):
            ent = EntityRow
            rows = session.execute(select(ent.name, ent.id, ent.code, ent.region).where(ent.name.in_(names)))
            self.entities.update((n, (i, c, r)) for n, i, c, r in rows)


def _entity_id(session: Session, rec: DocumentRecord, known: _Known) -> int:
    name = rec.entity["name"]
    found = known.entities.get(name)
    if found is not None:
        entity_id, code, region = found
        # a code or region learnt from a later document fills a gap, never overwrites
        gaps = {k: rec.entity[k] for k, v in (("code", code), ("region", region)) if v is None and rec.entity.get(k)}
        if gaps:
            # a Core statement: the ORM's bulk-update machinery cost more than the update (no entity is loaded here)
            entities = _table(EntityRow)
            session.execute(update(entities).where(entities.c.id == entity_id).values(**gaps))
            known.entities[name] = (entity_id, gaps.get("code", code), gaps.get("region", region))
        return entity_id
    if session.get_bind().dialect.name == "postgresql":
        # another writer may be adding the same entity now: its row wins, and this one is not inserted
        session.execute(pg_insert(EntityRow).values(**rec.entity).on_conflict_do_nothing(index_elements=["name"]))
        stored = session.scalar(select(EntityRow.id).where(EntityRow.name == name))
        assert stored is not None
        entity_id = stored
    else:  # the transaction holds SQLite's write lock: nobody else can add it meanwhile
        [entity_id] = _ids(session).take(EntityRow, 1)
        _insert(session.connection(), EntityRow, ("id", "name", "code", "region"),
                [(entity_id, name, rec.entity.get("code"), rec.entity.get("region"))])
    known.entities[name] = (entity_id, rec.entity.get("code"), rec.entity.get("region"))
    return entity_id


def delete_document(session: Session, document_id: int) -> None:
    """Delete a document and its rows (explicitly, whatever the backend's cascade support)."""
    for model in CHILD_TABLES:
        session.execute(delete(model).where(model.document_id == document_id))
    session.execute(delete(DocumentRow).where(DocumentRow.id == document_id))


def _table(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


class _Ids:
    """Ids for new parent rows, handed out by the writer so that children name their parents
    without reading them back.

    PostgreSQL: taken from each table's own sequence (safe with concurrent writers). SQLite (and
    others): the next after the largest; every write transaction on SQLite holds the database's
    write lock from its start (``BEGIN IMMEDIATE``), so no other writer can take the same ids.
    """

    def __init__(self, session: Session) -> None:
        self._conn = session.connection()
        self._next: dict[str, int] = {}

    def take(self, model: type[Any], n: int) -> list[int]:
        """Ids for ``n`` new rows of ``model``'s table."""
        if n == 0:
            return []
        table = _table(model)
        if self._conn.dialect.name == "postgresql":
            sql = text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)")
            return list(self._conn.execute(sql, {"t": table.name, "n": n}).scalars())
        first = self._next.get(table.name)
        if first is None:
            first = (self._conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        self._next[table.name] = first + n
        return list(range(first, first + n))


def _ids(session: Session) -> _Ids:
    """The id allocator of the session's transaction."""
    ids = session.info.get("bl_ids")
    if ids is None:
        ids = session.info["bl_ids"] = _Ids(session)
    return ids


_Processor = Callable[[Any], Any] | None


@lru_cache(maxsize=256)
def _plan(dialect: Dialect, table: Table, columns: tuple[str, ...]) -> tuple[str, tuple[_Processor, ...]] | None:
    """SQL and per-column bind processors for inserting ``columns`` through the driver directly.

    Values are converted exactly as SQLAlchemy would (its own bind processors), except JSON
    already serialized in the worker: records hold JSON columns as text, which is passed as it is.
    """
    marker = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(dialect.paramstyle or "")
    if marker is None:
        return None
    quote = dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "
           f"({', '.join(quote(c) for c in columns)}) VALUES ({', '.join([marker] * len(columns))})")
    procs: list[_Processor] = []
    for c in columns:
        col_type = table.c[c].type
        proc: _Processor = col_type.dialect_impl(dialect).bind_processor(dialect)
        if isinstance(col_type, JSON) and proc is not None:
            proc = _keep_raw(proc)
        procs.append(proc)
    return sql, tuple(procs)


def _keep_raw(proc: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def process(value: Any) -> Any:
        # text in a JSON column of a record is JSON already (records never hold a bare JSON string)
        return value if value is None or isinstance(value, str) else proc(value)
    return process


def _insert(conn: Connection, model: type[Any], columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Insert tuples (values in ``columns`` order, as records hold them) with one executemany of the driver.

    Child rows of records hold what SQLite stores; a document's row holds Python values (its
    ingest time, a datetime) that SQLite too needs converted, as SQLAlchemy would.
    """
    if not rows:
        return
    table = _table(model)
    plan = _plan(conn.dialect, table, columns)
    if plan is None:  # a driver with another parameter style: let SQLAlchemy do it
        conn.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    sql, procs = plan
    if model is DocumentRow or conn.dialect.name != "sqlite":  # other databases convert money text → Decimal
        rows = [tuple(v if p is None else p(v) for v, p in zip(row, procs, strict=True)) for row in rows]
    conn.exec_driver_sql(sql, rows)


def _insert_children(session: Session, document_id: int, rec: DocumentRecord) -> None:
    """Insert tables, rows, amounts, claims, targets, indicators, findings and quantities (queued
    with the session's pending rows when a batch defers them, see :func:`_queue`)."""
    ids = _ids(session)
    table_ids = ids.take(TableRow, len(rec.tables))
    _queue(session, TableRow, ("id", "document_id", *TABLE_COLUMNS),
           [(i, document_id, *t) for i, t in zip(table_ids, rec.tables, strict=True)])
    row_ids = ids.take(RowRow, len(rec.rows))
    _queue(session, RowRow, ("id", "document_id", "table_id", *ROW_COLUMNS),
           [(i, document_id, table_ids[r[0]], *r[1:]) for i, r in zip(row_ids, rec.rows, strict=True)])
    _queue(session, AmountRow, ("document_id", "row_id", *AMOUNT_COLUMNS),
           [(document_id, row_ids[a[0]], *a[1:]) for a in rec.amounts])
    target_ids = ids.take(TargetRow, len(rec.targets))
    _queue(session, TargetRow, ("id", "document_id", *TARGET_COLUMNS),
           [(i, document_id, *t) for i, t in zip(target_ids, rec.targets, strict=True)])
    _queue(session, IndicatorRow, ("document_id", "target_id", *INDICATOR_COLUMNS),
           [(document_id, target_ids[i[0]], *i) for i in rec.indicators])
    for model, columns, rows in ((ClaimRow, CLAIM_COLUMNS, rec.claims), (FindingRow, FINDING_COLUMNS, rec.findings),
                                 (QuantityRow, QUANTITY_COLUMNS, rec.quantities)):
        _queue(session, model, ("document_id", *columns), [(document_id, *row) for row in rows])


# Parents before children (foreign keys are checked as rows go in).
_INSERT_ORDER = {model: i for i, model in enumerate(
    (DocumentRow, TableRow, RowRow, AmountRow, TargetRow, IndicatorRow, ClaimRow, FindingRow, QuantityRow))}
_Pending = dict[tuple[type[Any], tuple[str, ...]], list[tuple[Any, ...]]]


def _queue(session: Session, model: type[Any], columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Insert ``rows`` now, or queue them when the session's batch defers its inserts: a batch
    then makes one executemany per table for all its documents instead of one per table and
    document (a call through SQLAlchemy costs about 10 µs besides the rows, one-off timeit)."""
    pending: _Pending | None = session.info.get("bl_pending")
    if pending is None:
        _insert(session.connection(), model, columns, rows)
    elif rows:
        pending.setdefault((model, columns), []).extend(rows)


def _flush_pending(session: Session) -> None:
    """Insert the queued rows, parents first; the batch goes on deferring."""
    pending: _Pending | None = session.info.get("bl_pending")
    if not pending:
        return
    conn = session.connection()
    for (model, columns), rows in sorted(pending.items(), key=lambda item: _INSERT_ORDER[item[0][0]]):
        _insert(conn, model, columns, rows)
    pending.clear()


def _lock_keys(session: Session, keys: Sequence[str]) -> None:
    """PostgreSQL: serialize writers of the same documents (advisory locks, sorted: no deadlock)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    ids = sorted({int.from_bytes(hashlib.sha256(k.encode("utf-8")).digest()[:8], "big", signed=True) for k in keys})
    for lock_id in ids:
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_id})


def write_one(session: Session, rec: DocumentRecord, known: _Known | None = None) -> WriteResult:
    """Write one record inside the caller's transaction."""
    known = known or _Known(session, [rec])
    existing = known.by_sha.get(rec.sha256)
    if existing is not None:
        return WriteResult(rec.label, Outcome.UNCHANGED, existing)
    if rec.sha256 in known.superseded:
        return WriteResult(rec.label, Outcome.OUTDATED, None)
    outcome = Outcome.ADDED
    previous = known.by_key.get(rec.doc_key)
    if previous is not None:
        previous_id, previous_sha = previous
        _flush_pending(session)  # the previous version may be one of this batch's queued documents
        session.add(SupersededRow(sha256=previous_sha, doc_key=rec.doc_key, superseded_at=datetime.now(UTC)))
        delete_document(session, previous_id)
        session.flush()
        known.by_sha.pop(previous_sha, None)
        known.superseded.add(previous_sha)
        outcome = Outcome.REPLACED
    [doc_id] = _ids(session).take(DocumentRow, 1)
    # through the driver like the children, without a Core statement compiled for every document
    _queue(session, DocumentRow, ("id", "entity_id", "doc_key", "sha256", "ingested_at", *rec.document),
           [(doc_id, _entity_id(session, rec, known), rec.doc_key, rec.sha256, datetime.now(UTC),
             *rec.document.values())])
    _insert_children(session, doc_id, rec)
    known.by_sha[rec.sha256] = doc_id
    known.by_key[rec.doc_key] = (doc_id, rec.sha256)
    return WriteResult(rec.label, outcome, doc_id)


def _transient(exc: DBAPIError) -> bool:
    """Errors a retry may cure: another writer took the same key, or the database was busy."""
    if isinstance(exc, IntegrityError):
        return True
    if isinstance(exc, OperationalError):
        text_ = str(exc.orig).lower()
        return any(w in text_ for w in ("locked", "busy", "deadlock", "could not serialize"))
    return False


def _write_all(engine: Engine, records: Sequence[DocumentRecord]) -> list[WriteResult]:
    for attempt in range(MAX_ATTEMPTS):
        try:
            with Session(engine) as session, session.begin():
                _lock_keys(session, [r.doc_key for r in records])
                known = _Known(session, records)
                session.info["bl_pending"] = {}  # the batch's inserts go in together at its end
                results = [write_one(session, rec, known) for rec in records]
                _flush_pending(session)
                return results
        except DBAPIError as exc:
            if not _transient(exc) or attempt == MAX_ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
    raise AssertionError("unreachable")


def write_records(engine: Engine, records: Sequence[DocumentRecord]) -> list[WriteResult]:
    """Write records in one transaction; on failure, one transaction each, reporting failures."""
    if not records:
        return []
    try:
        return _write_all(engine, records)
    except Exception:
        if len(records) == 1:
            return [_failed(records[0])]
    results: list[WriteResult] = []
    for rec in records:
        try:
            results.extend(_write_all(engine, [rec]))
        except Exception:
            results.append(_failed(rec))
    return results


def _failed(rec: DocumentRecord) -> WriteResult:
    exc = sys.exc_info()[1]
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return WriteResult(rec.label, Outcome.FAILED, None,
                       f"写入数据库失败（{type(exc).__name__}：{detail[0] if detail else ''}），本文件未入库")


def store(engine: Engine, disclosure: Disclosure, report: Report) -> WriteResult:
    """Store one parsed and checked disclosure."""
    result = write_records(engine, [flatten(disclosure, report)])[0]
    if result.outcome is Outcome.FAILED:
        raise StoreError(result.error or "写入数据库失败", disclosure.source.path)
    return result


def load_disclosure(session: Session, document_id: int) -> Disclosure:
    """The stored Disclosure, equal to the one that was ingested."""
    data = session.scalar(select(DocumentRow.disclosure_json).where(DocumentRow.id == document_id))
    if data is None:
        raise StoreError(f"数据库中没有编号为 {document_id} 的文档")
    text = unpack(data)
    doc = json.loads(text)
    tables = doc.get("tables") or []
    if all("rows" in t for t in tables):  # stored whole (before the rows were left out, or no tables)
        return Disclosure.from_json(text)
    _put_rows_back(session, document_id, tables)
    return Disclosure.from_json(json.dumps(doc, ensure_ascii=False))


def _put_rows_back(session: Session, document_id: int, tables: list[dict[str, Any]]) -> None:
    """Fill the tables of a stored Disclosure JSON with their rows, from bl_rows and bl_amounts.

    Locations are stored without the file when it is the table's; a value is given back with the
    decimals it was printed with (the store keeps the number, and the database may drop zeros).
    """
    index_of = {table_id: ti for table_id, ti in session.execute(
        select(TableRow.id, TableRow.table_index).where(TableRow.document_id == document_id))}
    values: dict[int, dict[str, Any]] = {}
    for row_id, key, value, unit, decimals, raw, where in session.execute(
            select(AmountRow.row_id, AmountRow.column_key, AmountRow.value, AmountRow.unit, AmountRow.decimals,
                   AmountRow.raw, AmountRow.location)
            .where(AmountRow.document_id == document_id).order_by(AmountRow.id)):
        if decimals >= 0:
            value = value.quantize(Decimal(1).scaleb(-decimals))
        values.setdefault(row_id, {})[key] = {"value": format(value, "f"), "unit": unit, "decimals": decimals,
                                              "raw": raw, "where": where}
    files = [(t.get("where") or {}).get("file") for t in tables]
    for table in tables:
        table["rows"] = []
    for r in session.execute(select(RowRow).where(RowRow.document_id == document_id)
                             .order_by(RowRow.table_id, RowRow.row_index)).scalars():
        ti = index_of[r.table_id]
        figures = values.get(r.id, {})
        row: dict[str, Any] = {
            "name": r.name, "code": r.code, "level": r.level, "econ_gov_code": r.econ_gov_code,
            "econ_gov_name": r.econ_gov_name, "side": r.side, "group": r.group, "is_total": r.is_total,
            "depth": r.depth, "numbered": r.numbered, "indented": r.indented, "values": figures, "texts": r.texts or {},
        }
        if r.location is not None:
            row["where"] = r.location
        if files[ti] is not None:
            for where in (r.location, *(v["where"] for v in figures.values())):
                if where is not None:
                    where.setdefault("file", files[ti])
        tables[ti]["rows"].append(row)


def load_report(session: Session, document_id: int) -> Report:
    data = session.scalar(select(DocumentRow.report_json).where(DocumentRow.id == document_id))
    if data is None:
        raise StoreError(f"数据库中没有编号为 {document_id} 的文档")
    return Report.model_validate_json(unpack(data))
