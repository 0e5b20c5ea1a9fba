"""Databases for store tests: a SQLite file always, PostgreSQL in a fresh schema when reachable."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session

from budgetlens.store.db import open_engine
from budgetlens.store.schema import AmountRow, DocumentRow

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


def contents(engine: Engine) -> list[tuple[str, str, int, str, str, str]]:
    """Every stored amount, by document hash, in a comparable form."""
    stmt = (select(DocumentRow.sha256, AmountRow.table_kind, AmountRow.row_index, AmountRow.row_name,
                   AmountRow.column_key, AmountRow.value_yuan)
            .join(DocumentRow, AmountRow.document_id == DocumentRow.id))
    with Session(engine) as s:
        return sorted((a, b, c, d, e, format(f, "f")) for a, b, c, d, e, f in s.execute(stmt))


def count(engine: Engine, model: type) -> int:
    with Session(engine) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)
