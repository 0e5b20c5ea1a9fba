"""Opening a store: SQLite file by default, PostgreSQL (or any SQLAlchemy URL) on request.

The schema is created with ``metadata.create_all`` guarded by a version table
(``bl_schema_version``): opening a store at an older version than :data:`SCHEMA_VERSION`
is refused with a clear message rather than silently mixed. SQLite runs in WAL mode with a
busy timeout, and every write transaction starts with ``BEGIN IMMEDIATE`` so that two
processes ingesting into one file serialize instead of failing on lock upgrades.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from budgetlens.errors import BudgetlensError
from budgetlens.store.schema import SCHEMA_VERSION, Base, SchemaVersion

DEFAULT_DB = "budgetlens.db"
ENV_VAR = "BUDGETLENS_DB"


class StoreError(BudgetlensError):
    """The store cannot be opened or written."""


def resolve_url(db: str | None) -> str:
    """A SQLAlchemy URL from ``--db`` (URL or file path), ``$BUDGETLENS_DB`` or the default file."""
    value = db or os.environ.get(ENV_VAR) or DEFAULT_DB
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout = 60000")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def open_engine(db: str | None = None, create: bool = True) -> Engine:
    """Engine for ``db``; creates (or checks) the schema unless ``create`` is False."""
    url_text = resolve_url(db)
    try:
        url = make_url(url_text)
    except ArgumentError:
        raise StoreError("数据库地址无法识别", url_text) from None
    shown = url.render_as_string(hide_password=True)
    kwargs: dict[str, Any] = {}
    if url.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": 60}
    try:
        engine = create_engine(url, **kwargs)
    except Exception as exc:  # missing driver, bad options
        raise StoreError(f"无法打开数据库（{type(exc).__name__}：{exc}）", shown) from None
    if url.get_backend_name() == "sqlite":
        _sqlite_setup(engine)
    if create:
        try:
            ensure_schema(engine)
        except OperationalError as exc:
            raise StoreError(f"无法连接数据库（{str(exc.orig).strip().splitlines()[0]}）", shown) from None
    return engine


def ensure_schema(engine: Engine) -> None:
    """Create the tables when missing and record the schema version; refuse other versions."""
    for attempt in range(5):
        try:
            Base.metadata.create_all(engine)
            with Session(engine) as session, session.begin():
                versions = list(session.scalars(select(SchemaVersion.version)))
                if not versions:
                    session.add(SchemaVersion(version=SCHEMA_VERSION, applied_at=datetime.now(UTC)))
                elif max(versions) != SCHEMA_VERSION:
                    raise StoreError(f"数据库结构版本为 {max(versions)}，本程序需要 {SCHEMA_VERSION}",
                                     engine.url.render_as_string(hide_password=True))
            return
        except (IntegrityError, OperationalError):
            # another process created the tables or the version row at the same moment
            if attempt == 4:
                raise


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
