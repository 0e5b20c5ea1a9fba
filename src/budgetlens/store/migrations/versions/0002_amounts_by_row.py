"""Amounts name their row only: the row's table, code, name, level, side, total flag and concept
are no longer copied into each amount (they are one join away, in ``bl_rows``); rows get an index
on their classification code. Amounts are the most numerous rows of the store: this makes each
about half as large and drops three of its four indexes. Three indexes that a unique constraint
starting with the same column already provides are dropped too (tables and quantities by
document, rows by table): fewer index entries to write for every document.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The copied columns, with their types, as 0001 made them.
_COPIED = (
    ("table_id", sa.Integer(), False),
    ("table_index", sa.Integer(), False),
    ("table_kind", sa.Text(), False),
    ("row_index", sa.Integer(), False),
    ("row_code", sa.Text(), True),
    ("row_name", sa.Text(), False),
    ("row_level", sa.Text(), True),
    ("row_side", sa.Text(), True),
    ("row_is_total", sa.Boolean(), False),
    ("row_concept", sa.Text(), True),
)
# Where a copied column comes from: (table alias, column) of the amount's row or its table.
_SOURCE = {
    "table_id": ("r", "table_id"), "table_index": ("t", "table_index"), "table_kind": ("t", "kind"),
    "row_index": ("r", "row_index"), "row_code": ("r", "code"), "row_name": ("r", "name"),
    "row_level": ("r", "level"), "row_side": ("r", "side"), "row_is_total": ("r", "is_total"),
    "row_concept": ("r", "concept"),
}


# (index, table, column) made by 0001 and served by a unique constraint on (column, …)
_REDUNDANT = (
    ("ix_bl_tables_document_id", "bl_tables", "document_id"),
    ("ix_bl_rows_table_id", "bl_rows", "table_id"),
    ("ix_bl_quantities_document_id", "bl_quantities", "document_id"),
)


def upgrade() -> None:
    for name in ("ix_bl_amounts_code", "ix_bl_amounts_doc_kind", "ix_bl_amounts_table"):
        op.drop_index(name, table_name="bl_amounts")
    for name, table, _ in _REDUNDANT:
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("bl_amounts") as batch:
        if op.get_bind().dialect.name != "sqlite":  # SQLite's copy of the table simply leaves it out
            batch.drop_constraint("bl_amounts_table_id_fkey", type_="foreignkey")
        for name, _, _ in _COPIED:
            batch.drop_column(name)
    op.create_index("ix_bl_amounts_document_id", "bl_amounts", ["document_id"], unique=False)
    op.create_index("ix_bl_rows_code", "bl_rows", ["code"], unique=False)


def downgrade() -> None:
    for name, table, column in _REDUNDANT:
        op.create_index(name, table, [column], unique=False)
    op.drop_index("ix_bl_rows_code", table_name="bl_rows")
    op.drop_index("ix_bl_amounts_document_id", table_name="bl_amounts")
    with op.batch_alter_table("bl_amounts") as batch:
        for name, type_, _ in _COPIED:
            batch.add_column(sa.Column(name, type_, nullable=True))
    for name, (alias, column) in _SOURCE.items():
        source = "bl_rows r" if alias == "r" else "bl_rows r JOIN bl_tables t ON t.id = r.table_id"
        op.execute(f"UPDATE bl_amounts SET {name} = (SELECT {alias}.{column} FROM {source} "
                   f"WHERE r.id = bl_amounts.row_id)")
    with op.batch_alter_table("bl_amounts") as batch:
        for name, type_, nullable in _COPIED:
            if not nullable:
                batch.alter_column(name, existing_type=type_, nullable=False)
        batch.create_foreign_key("bl_amounts_table_id_fkey", "bl_tables", ["table_id"], ["id"], ondelete="CASCADE")
    op.create_index("ix_bl_amounts_code", "bl_amounts", ["row_code"], unique=False)
    op.create_index("ix_bl_amounts_doc_kind", "bl_amounts", ["document_id", "table_kind"], unique=False)
    op.create_index("ix_bl_amounts_table", "bl_amounts", ["table_id"], unique=False)
