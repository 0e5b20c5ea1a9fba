from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from budgetlens.store.db import StoreError, head_revision, open_engine
from budgetlens.store.schema import Base


def test_open_applies_migrations_to_head(engine: Engine) -> None:
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision() == "0001"
        names = set(inspect(conn).get_table_names())
    assert {"bl_entities", "bl_documents", "bl_tables", "bl_rows", "bl_amounts", "bl_claims", "bl_targets",
            "bl_indicators", "bl_findings", "bl_quantities", "bl_superseded", "alembic_version"} <= names


def test_migrated_schema_equals_the_model(engine: Engine) -> None:
    """A model change without a migration fails here."""
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_reopening_is_a_no_op(db: str) -> None:
    for _ in range(3):
        open_engine(db).dispose()
    eng = open_engine(db)
    with eng.connect() as conn:
        assert conn.execute(text("select count(*) from alembic_version")).scalar() == 1
    eng.dispose()


def test_unknown_revision_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    eng = open_engine(url)
    with eng.begin() as conn:
        conn.execute(text("update alembic_version set version_num = 'ffff'"))
    eng.dispose()
    with pytest.raises(StoreError, match="数据库结构版本无法识别"):
        open_engine(url)


def test_missing_folder_is_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="文件夹不存在"):
        open_engine(str(tmp_path / "nowhere" / "x.db"))


def test_two_processes_migrate_a_new_database_at_once(db: str) -> None:
    code = "import sys; from budgetlens.store.db import open_engine; open_engine(sys.argv[1]).dispose()"
    procs = [subprocess.Popen([sys.executable, "-c", code, db], stderr=subprocess.PIPE, text=True) for _ in range(3)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    eng = open_engine(db)
    with eng.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalars().all() == ["0001"]
    eng.dispose()
