"""Rows say whether their depth was printed: by a numbering (一、 1. （一） 其中) or by the
indentation of their name. The depth of a row with neither is not known from the print, and the
checks use the flags to tell a sure hierarchy from a guessed one. Rows stored before have neither
flag (the old reader kept no more).

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


_COLUMNS = ("numbered", "indented")


def upgrade() -> None:
    for name in _COLUMNS:
        op.add_column("bl_rows", sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    for name in _COLUMNS:
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE bl_rows DROP COLUMN {name}")
        else:
            op.drop_column("bl_rows", name)
