"""Databases for store tests: a SQLite file always, PostgreSQL in a fresh schema when reachable."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, literal, select, text
from sqlalchemy.orm import Session

from budgetlens.store.db import open_engine
from budgetlens.store.schema import AmountRow, ClaimRow, DocumentRow, FindingRow, QuantityRow, RowRow, TableRow

PG_BASE = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _pg_reachable() -> bool:
    try:
        eng = create_engine(PG_BASE, connect_args={"connect_timeout": 3})
        with eng.connect() as conn:
            conn.execute(text("select 1"))
        eng.dispose()
        return True
    except Exception:
        return False


def db_url(kind: str, tmp_path: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    if not _pg_reachable():
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not reachable")
    schema = f"bl_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_BASE)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_BASE}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from db_url(request.param, tmp_path)


@pytest.fixture
def engine(db: str) -> Iterator[Engine]:
    eng = open_engine(db)
    yield eng
    eng.dispose()


def contents(engine: Engine) -> list[tuple[str, ...]]:
    """Every stored amount, row, claim, finding and quantity, by document hash, in a comparable form."""
    doc = DocumentRow
    queries = [
        select(doc.sha256, literal("amount"), TableRow.kind, RowRow.row_index, RowRow.name,
               AmountRow.column_key, AmountRow.value_yuan, AmountRow.location)
        .join(RowRow, AmountRow.row_id == RowRow.id).join(TableRow, RowRow.table_id == TableRow.id)
        .join(doc, AmountRow.document_id == doc.id),
        select(doc.sha256, literal("row"), TableRow.kind, RowRow.row_index, RowRow.name, RowRow.code, RowRow.level,
               RowRow.location).join(TableRow, RowRow.table_id == TableRow.id).join(doc, RowRow.document_id == doc.id),
        select(doc.sha256, literal("claim"), ClaimRow.claim_index, ClaimRow.concept, ClaimRow.subject,
               ClaimRow.value_yuan, ClaimRow.change_amount_yuan, ClaimRow.location)
        .join(doc, ClaimRow.document_id == doc.id),
        select(doc.sha256, literal("finding"), FindingRow.code, FindingRow.severity, FindingRow.message,
               FindingRow.values, FindingRow.locations).join(doc, FindingRow.document_id == doc.id),
        select(doc.sha256, literal("quantity"), QuantityRow.concept, QuantityRow.value_yuan, QuantityRow.source)
        .join(doc, QuantityRow.document_id == doc.id),
    ]
    out: list[tuple[str, ...]] = []
    with Session(engine) as s:
        for q in queries:
            for row in s.execute(q):
                out.append(tuple(_text(v) for v in row))
    return sorted(out)


def _text(v: object) -> str:
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return "" if v is None else str(v)


def count(engine: Engine, model: type) -> int:
    with Session(engine) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)
