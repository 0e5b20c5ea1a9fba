"""Opening a store: SQLite file by default, PostgreSQL (or any SQLAlchemy URL) on request.

The schema is created and upgraded by the Alembic migrations shipped in
``budgetlens/store/migrations``, applied automatically when a store is opened. Migrating takes a
lock first (``BEGIN IMMEDIATE`` on SQLite, a transaction-level advisory lock on PostgreSQL) and
runs in that transaction, so two processes opening a new database at once do not both create it.
A database written by a newer budgetlens (an unknown revision) is refused with a clear message.

SQLite runs in WAL mode with a busy timeout, and every write transaction starts with
``BEGIN IMMEDIATE`` so that two processes ingesting into one file serialize instead of failing
on lock upgrades.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from budgetlens.errors import BudgetlensError

DEFAULT_DB = "budgetlens.db"
ENV_VAR = "BUDGETLENS_DB"
_MIGRATION_LOCK = 0x62756467  # "budg": PostgreSQL advisory lock id held while migrating


# Python's sqlite3 binds int, float, str and bytearray parameters directly, but sends every other
# value (None and bool among them) through its adapter protocol, which for a type without a
# registered adapter is slow: a NULL cost as much as five ints, and a stored document has about
# 1,500 of them. Registered adapters are found at once, and bind what sqlite3 bound anyway (NULL,
# 0/1). Neither is one of the four base types, whose registration would slow every parameter.
# The adapter for None is the ``get`` of an empty dict: a function in C that returns None for any
# argument, so that a NULL costs no call of a Python function either.
_NULL: dict[None, None] = {}
sqlite3.register_adapter(type(None), _NULL.get)
sqlite3.register_adapter(bool, int)


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
        # 16 KB pages for a new file (an existing one keeps its own): a store is written in bulk,
        # a document at a time, and larger pages cost fewer page splits and page headers per row
        cur.execute("PRAGMA page_size = 16384")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        # 64 MB of page cache (the default is 2 MB): index pages stay cached as a store grows past
        # thousands of documents, instead of being read back for every batch
        cur.execute("PRAGMA cache_size = -65536")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "budgetlens.store:migrations")
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (no-op when it is there already)."""
    head = head_revision()
    with engine.connect() as conn:
        current = current_revision(conn)
        conn.rollback()
    if current == head:
        return
    cfg = alembic_config()
    shown = engine.url.render_as_string(hide_password=True)
    with engine.begin() as conn:  # SQLite: BEGIN IMMEDIATE, i.e. the write lock is ours
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        try:
            command.upgrade(cfg, "head")
        except CommandError as exc:
            raise StoreError(f"数据库结构版本无法识别（{exc}），可能由更新版本的 budgetlens 创建", shown) from None


def open_engine(db: str | None = None, create: bool = True) -> Engine:
    """Engine for ``db``; creates or upgrades the schema unless ``create`` is False."""
    url_text = resolve_url(db)
    try:
        url = make_url(url_text)
    except ArgumentError:
        raise StoreError("数据库地址无法识别", url_text) from None
    shown = url.render_as_string(hide_password=True)
    kwargs: dict[str, Any] = {}
    if url.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": 60}
        if url.database and url.database != ":memory:" and not Path(url.database).parent.is_dir():
            raise StoreError("数据库文件所在的文件夹不存在", url.database)
    try:
        engine = create_engine(url, **kwargs)
    except Exception as exc:  # missing driver, bad options
        raise StoreError(f"无法打开数据库（{type(exc).__name__}：{exc}）", shown) from None
    if url.get_backend_name() == "sqlite":
        _sqlite_setup(engine)
    if create:
        for attempt in range(_OPEN_ATTEMPTS):
            try:
                migrate(engine)
                break
            except OperationalError as exc:
                engine.dispose()
                reason = str(exc.orig).strip().splitlines()[0]
                # Processes that open one new SQLite file at once race to create it and switch it
                # to WAL; SQLite may refuse the loser at once ("database is locked") instead of
                # waiting for the busy timeout. A moment later the file is there and the open works.
                if "locked" not in reason.lower() or attempt == _OPEN_ATTEMPTS - 1:
                    raise StoreError(f"无法连接数据库（{reason}）", shown) from None
                time.sleep(0.05 * (attempt + 1))
    return engine


_OPEN_ATTEMPTS = 5


def ensure_schema(engine: Engine) -> None:
    """The schema at the newest revision (the name older callers use)."""
    migrate(engine)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
