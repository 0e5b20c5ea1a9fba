"""Alembic environment of the store.

Normally run by :func:`budgetlens.store.db.migrate`, which passes an open connection (already
inside the transaction that holds the migration lock) in ``config.attributes["connection"]``.
Run by hand (``alembic -x url=sqlite:///budgetlens.db upgrade head`` with a config whose
``script_location`` is ``budgetlens.store:migrations``) it connects to that URL itself.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from budgetlens.store.schema import Base

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        transactional_ddl=True,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


given = config.attributes.get("connection")
if given is not None:
    _run(given)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("budgetlens migrations: pass -x url=DATABASE_URL")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()
