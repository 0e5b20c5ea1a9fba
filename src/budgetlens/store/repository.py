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
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, Dialect, Engine, Table, delete, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from budgetlens.check.finding import Report
from budgetlens.model import Disclosure
from budgetlens.store.db import StoreError
from budgetlens.store.records import DocumentRecord, RawJSON, flatten, unpack
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


def _entity_id(session: Session, rec: DocumentRecord) -> int:
    name = rec.entity["name"]
    stmt = select(EntityRow.id, EntityRow.code, EntityRow.region).where(EntityRow.name == name)
    found = session.execute(stmt).first()
    if found is not None:
        # a code or region learnt from a later document fills a gap, never overwrites
        gaps = {k: rec.entity[k] for k in ("code", "region") if getattr(found, k) is None and rec.entity.get(k)}
        if gaps:
            session.execute(update(EntityRow).where(EntityRow.id == found.id).values(**gaps))
        return int(found.id)
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        ins = pg_insert(EntityRow) if dialect == "postgresql" else sqlite_insert(EntityRow)
        session.execute(ins.values(**rec.entity).on_conflict_do_nothing(index_elements=["name"]))
        entity_id = session.scalar(select(EntityRow.id).where(EntityRow.name == name))
        assert entity_id is not None
        return entity_id
    entity = EntityRow(**rec.entity)
    session.add(entity)
    session.flush()
    return entity.id


def delete_document(session: Session, document_id: int) -> None:
    """Delete a document and its rows (explicitly, whatever the backend's cascade support)."""
    for model in CHILD_TABLES:
        session.execute(delete(model).where(model.document_id == document_id))
    session.execute(delete(DocumentRow).where(DocumentRow.id == document_id))


def _insert_ids(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows returning their new ids in the order given (one statement a row on SQLite)."""
    stmt = insert(model.__table__).returning(model.__table__.c.id, sort_by_parameter_order=True)
    return list(session.connection().execute(stmt, rows).scalars())


_Processor = Callable[[Any], Any] | None


@lru_cache(maxsize=256)
def _plan(dialect: Dialect, table: Table, columns: tuple[str, ...]) -> tuple[str, tuple[_Processor, ...]] | None:
    """SQL and per-column bind processors for inserting ``columns`` through the driver directly.

    Values are converted exactly as SQLAlchemy would (its own bind processors), except JSON
    already serialized in the worker (:class:`RawJSON`), which is passed as it is.
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
        return str(value) if isinstance(value, RawJSON) else proc(value)
    return process


def _insert(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """Insert rows (every row has the same keys) with one executemany of the driver."""
    if not rows:
        return
    conn = session.connection()
    columns = tuple(rows[0])
    plan = _plan(conn.dialect, model.__table__, columns)
    if plan is None:  # a driver with another parameter style: let SQLAlchemy do it
        conn.execute(insert(model.__table__), rows)
        return
    sql, procs = plan
    params = [tuple(row[c] if p is None else p(row[c]) for c, p in zip(columns, procs, strict=True))
              for row in rows]
    conn.exec_driver_sql(sql, params)


def _ids_by(session: Session, model: type[Any], document_id: int, *keys: str) -> dict[tuple[Any, ...], int]:
    """Ids of a document's freshly inserted children by their position keys (bulk insert, then one select)."""
    t = model.__table__
    stmt = select(t.c.id, *(t.c[k] for k in keys)).where(t.c.document_id == document_id)
    return {tuple(r[1:]): r[0] for r in session.connection().execute(stmt)}


def _insert_children(session: Session, document_id: int, rec: DocumentRecord) -> None:
    """Insert tables, rows, amounts, claims, targets, indicators, findings and quantities."""
    _insert(session, TableRow, [{**t, "document_id": document_id} for t in rec.tables])
    table_ids = {k[0]: v for k, v in _ids_by(session, TableRow, document_id, "table_index").items()} \
        if rec.tables else {}
    _insert(session, RowRow, [
        {k: v for k, v in r.items() if k != "table_index"} | {"document_id": document_id,
                                                              "table_id": table_ids[r["table_index"]]}
        for r in rec.rows])
    row_ids: dict[tuple[Any, ...], int] = {}
    if rec.rows:
        by_table = {v: k for k, v in table_ids.items()}
        row_ids = {(by_table[tid], ri): i
                   for (tid, ri), i in _ids_by(session, RowRow, document_id, "table_id", "row_index").items()}
    _insert(session, AmountRow, [
        {**a, "document_id": document_id, "table_id": table_ids[a["table_index"]],
         "row_id": row_ids[(a["table_index"], a["row_index"])]} for a in rec.amounts])
    _insert(session, TargetRow, [{**t, "document_id": document_id} for t in rec.targets])
    if rec.indicators:
        target_ids = {k[0]: v for k, v in _ids_by(session, TargetRow, document_id, "target_index").items()}
        _insert(session, IndicatorRow, [
            {**i, "document_id": document_id, "target_id": target_ids[i["target_index"]]} for i in rec.indicators])
    for model, rows in ((ClaimRow, rec.claims), (FindingRow, rec.findings), (QuantityRow, rec.quantities)):
        _insert(session, model, [{**row, "document_id": document_id} for row in rows])


def _lock_keys(session: Session, keys: Sequence[str]) -> None:
    """PostgreSQL: serialize writers of the same documents (advisory locks, sorted: no deadlock)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    ids = sorted({int.from_bytes(hashlib.sha256(k.encode("utf-8")).digest()[:8], "big", signed=True) for k in keys})
    for lock_id in ids:
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_id})


def write_one(session: Session, rec: DocumentRecord) -> WriteResult:
    """Write one record inside the caller's transaction."""
    existing = session.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == rec.sha256))
    if existing is not None:
        return WriteResult(rec.label, Outcome.UNCHANGED, existing)
    if session.get(SupersededRow, rec.sha256) is not None:
        return WriteResult(rec.label, Outcome.OUTDATED, None)
    outcome = Outcome.ADDED
    same_key = select(DocumentRow.id, DocumentRow.sha256).where(DocumentRow.doc_key == rec.doc_key)
    previous = session.execute(same_key).first()
    if previous is not None:
        session.add(SupersededRow(sha256=previous.sha256, doc_key=rec.doc_key, superseded_at=datetime.now(UTC)))
        delete_document(session, previous.id)
        session.flush()
        outcome = Outcome.REPLACED
    values = {"entity_id": _entity_id(session, rec), "doc_key": rec.doc_key, "sha256": rec.sha256,
              "ingested_at": datetime.now(UTC), **rec.document}
    [doc_id] = _insert_ids(session, DocumentRow, [values])
    _insert_children(session, doc_id, rec)
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
                return [write_one(session, rec) for rec in records]
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
    """The stored Disclosure, exactly as it was ingested."""
    data = session.scalar(select(DocumentRow.disclosure_json).where(DocumentRow.id == document_id))
    if data is None:
        raise StoreError(f"数据库中没有编号为 {document_id} 的文档")
    return Disclosure.from_json(unpack(data))


def load_report(session: Session, document_id: int) -> Report:
    data = session.scalar(select(DocumentRow.report_json).where(DocumentRow.id == document_id))
    if data is None:
        raise StoreError(f"数据库中没有编号为 {document_id} 的文档")
    return Report.model_validate_json(unpack(data))
