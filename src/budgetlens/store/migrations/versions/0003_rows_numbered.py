"""Rows say whether their name was printed with a numbering (一、 1. （一） 其中): the depth of an
unnumbered row is not known from the print, and the checks use the flag to tell a sure hierarchy
from a guessed one. Rows stored before are marked unnumbered (their depth came from a numbering
only when it was not 0, which is all the old reader kept).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# In place, never by copying the table: on SQLite a copy of bl_rows would drop the table its
# amounts refer to, and the amounts would go with it (ON DELETE CASCADE). SQLite adds and (from
# 3.35) drops a column in place.


def upgrade() -> None:
    op.add_column("bl_rows", sa.Column("numbered", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE bl_rows DROP COLUMN numbered")
    else:
        op.drop_column("bl_rows", "numbered")
