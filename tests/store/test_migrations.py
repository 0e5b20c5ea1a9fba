from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import OperationalError

from budgetlens.check import check
from budgetlens.extract import parse_file
from budgetlens.store import db as store_db
from budgetlens.store.db import StoreError, alembic_config, current_revision, head_revision, open_engine
from budgetlens.store.repository import store
from budgetlens.store.schema import AmountRow, Base, RowRow, TableRow
from tests.store.dbutil import contents

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "yunxi_2024_budget.txt"


def test_open_applies_migrations_to_head(engine: Engine) -> None:
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision() == "0003"
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
        assert conn.execute(text("select version_num from alembic_version")).scalars().all() == ["0003"]
    eng.dispose()


def _failing_migrate(reason: str, failures: int, calls: list[str]) -> Callable[[Engine], None]:
    """A migrate() that fails with ``reason`` on its first ``failures`` calls, then migrates."""
    real = store_db.migrate

    def migrate(engine: Engine) -> None:
        calls.append(reason)
        if len(calls) <= failures:
            raise OperationalError("PRAGMA journal_mode = WAL", {}, Exception(reason))
        real(engine)

    return migrate


def test_a_new_file_locked_by_another_opener_is_opened_a_moment_later(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    # another process is creating the file: turned away twice, then opened
    monkeypatch.setattr(store_db, "migrate", _failing_migrate("database is locked", 2, calls))
    open_engine(f"sqlite:///{tmp_path / 'new.db'}").dispose()
    assert len(calls) == 3
    # locked for good: given up after five tries
    calls = []
    monkeypatch.setattr(store_db, "migrate", _failing_migrate("database is locked", 99, calls))
    with pytest.raises(StoreError, match="无法连接数据库（database is locked）"):
        open_engine(f"sqlite:///{tmp_path / 'other.db'}")
    assert len(calls) == 5
    # not a lock: reported at once
    calls = []
    monkeypatch.setattr(store_db, "migrate", _failing_migrate("disk I/O error", 99, calls))
    with pytest.raises(StoreError, match="disk I/O error"):
        open_engine(f"sqlite:///{tmp_path / 'third.db'}")
    assert len(calls) == 1


def _alembic(engine: Engine, verb: str, revision: str) -> None:
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        getattr(command, verb)(cfg, revision)


def test_0002_moves_the_copied_row_columns_out_of_amounts_and_back(engine: Engine) -> None:
    """Down to 0001 the amounts get their row's copied columns back, filled in; up again nothing is lost."""
    d = parse_file(EXAMPLE)
    store(engine, d, check(d))
    before = contents(engine)
    joined = (select(AmountRow.id, TableRow.kind, TableRow.table_index, RowRow.table_id, RowRow.row_index,
                     RowRow.code, RowRow.name, RowRow.level, RowRow.side, RowRow.is_total, RowRow.concept)
              .join(RowRow, AmountRow.row_id == RowRow.id).join(TableRow, RowRow.table_id == TableRow.id)
              .order_by(AmountRow.id))
    with engine.connect() as conn:
        expected = [tuple(r) for r in conn.execute(joined)]
    assert len(expected) == sum(len(r.values) for t in d.tables for r in t.rows) == 177

    _alembic(engine, "downgrade", "0001")
    with engine.connect() as conn:
        assert current_revision(conn) == "0001"
        copied = conn.execute(text(
            "SELECT id, table_kind, table_index, table_id, row_index, row_code, row_name, row_level, row_side, "
            "row_is_total, row_concept FROM bl_amounts ORDER BY id")).all()
        # (PostgreSQL lists the indexes behind unique constraints too)
        indexes = {t: {i["name"] for i in inspect(conn).get_indexes(t) if not i.get("duplicates_constraint")}
                   for t in ("bl_amounts", "bl_rows", "bl_tables", "bl_quantities")}
    assert [(*r[:9], bool(r[9]), r[10]) for r in copied] == expected
    assert indexes == {
        "bl_amounts": {"ix_bl_amounts_code", "ix_bl_amounts_doc_kind", "ix_bl_amounts_row", "ix_bl_amounts_table"},
        "bl_rows": {"ix_bl_rows_document_id", "ix_bl_rows_table_id"},
        "bl_tables": {"ix_bl_tables_document_id"},
        "bl_quantities": {"ix_bl_quantities_document_id"},
    }

    _alembic(engine, "upgrade", "head")
    assert contents(engine) == before
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata) == []
