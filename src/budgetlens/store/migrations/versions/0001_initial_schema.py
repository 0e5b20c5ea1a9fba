"""Initial schema: entities, documents, tables, rows, amounts, claims, targets, indicators, findings,
quantities, superseded hashes.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from budgetlens.store.schema import Money

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bl_entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("code", sa.Text(), nullable=True),
        sa.Column("region", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "bl_superseded",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("doc_key", sa.Text(), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "bl_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("doc_key", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("format", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("kind", sa.Text(), nullable=True),
        sa.Column("scope", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("staff_actual", sa.Integer(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("n_errors", sa.Integer(), nullable=False),
        sa.Column("n_warnings", sa.Integer(), nullable=False),
        sa.Column("n_infos", sa.Integer(), nullable=False),
        sa.Column("disclosure_json", sa.LargeBinary(), nullable=False),
        sa.Column("report_json", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["bl_entities.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("doc_key"),
        sa.UniqueConstraint("sha256"),
    )
    op.create_index("ix_bl_documents_entity_id", "bl_documents", ["entity_id"], unique=False)
    op.create_index("ix_bl_documents_year", "bl_documents", ["year"], unique=False)

    op.create_table(
        "bl_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("claim_index", sa.Integer(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("concept", sa.Text(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("value", Money(precision=28, scale=6), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("value_yuan", Money(precision=28, scale=6), nullable=False),
        sa.Column("share", Money(precision=28, scale=6), nullable=True),
        sa.Column("share_of", sa.Text(), nullable=True),
        sa.Column("change_direction", sa.Text(), nullable=True),
        sa.Column("change_amount_yuan", Money(precision=28, scale=6), nullable=True),
        sa.Column("change_percent", Money(precision=28, scale=6), nullable=True),
        sa.Column("change_against", sa.Text(), nullable=True),
        sa.Column("completion", Money(precision=28, scale=6), nullable=True),
        sa.Column("parent_index", sa.Integer(), nullable=True),
        sa.Column("code", sa.Text(), nullable=True),
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("location", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["bl_documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_bl_claims_document_id", "bl_claims", ["document_id"], unique=False)

    op.create_table(
        "bl_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("severity", sa.Text(), nullable=False),
        sa.Column("family", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=True),
        sa.Column("stated", Money(precision=28, scale=6), nullable=True),
        sa.Column("expected", Money(precision=28, scale=6), nullable=True),
        sa.Column("difference", Money(precision=28, scale=6), nullable=True),
        sa.Column("value_unit", sa.Text(), nullable=True),
        sa.Column("hint", sa.Text(), nullable=True),
        sa.Column("diagnosis", sa.Text(), nullable=True),
        sa.Column("locations", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["bl_documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_bl_findings_code", "bl_findings", ["code"], unique=False)
    op.create_index("ix_bl_findings_document_id", "bl_findings", ["document_id"], unique=False)

    op.create_table(
        "bl_quantities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("concept", sa.Text(), nullable=False),
        sa.Column("value_yuan", Money(precision=28, scale=6), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("stated_change_yuan", Money(precision=28, scale=6), nullable=True),
        sa.Column("stated_change_percent", Money(precision=28, scale=6), nullable=True),
        sa.Column("location", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["bl_documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "concept", name="uq_bl_quantities_doc_concept"),
    )
    op.create_index("ix_bl_quantities_document_id", "bl_quantities", ["document_id"], unique=False)

    op.create_table(
        "bl_tables",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("table_index", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("number", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("scheme", sa.Text(), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("empty_reason", sa.Text(), nullable=True),
        sa.Column("location", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["bl_documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "table_index", name="uq_bl_tables_doc_index"),
    )
    op.create_index("ix_bl_tables_document_id", "bl_tables", ["document_id"], unique=False)

    op.create_table(
        "bl_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("target_index", sa.Integer(), nullable=False),
        sa.Column("form", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("project_name", sa.Text(), nullable=True),
        sa.Column("project_code", sa.Text(), nullable=True),
        sa.Column("department", sa.Text(), nullable=True),
        sa.Column("total_yuan", Money(precision=28, scale=6), nullable=True),
        sa.Column("fiscal_yuan", Money(precision=28, scale=6), nullable=True),
        sa.Column("other_yuan", Money(precision=28, scale=6), nullable=True),
        sa.Column("executed_yuan", Money(precision=28, scale=6), nullable=True),
        sa.Column("rate", Money(precision=28, scale=6), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.Column("period", sa.Text(), nullable=True),
        sa.Column("goals", sa.JSON(), nullable=True),
        sa.Column("location", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["bl_documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_bl_targets_document_id", "bl_targets", ["document_id"], unique=False)

    op.create_table(
        "bl_indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("target_index", sa.Integer(), nullable=False),
        sa.Column("indicator_index", sa.Integer(), nullable=False),
        sa.Column("level1", sa.Text(), nullable=False),
        sa.Column("level2", sa.Text(), nullable=False),
        sa.Column("level3", sa.Text(), nullable=False),
        sa.Column("target_raw", sa.Text(), nullable=False),
        sa.Column("target_op", sa.Text(), nullable=True),
        sa.Column("target_number", Money(precision=28, scale=6), nullable=True),
        sa.Column("target_unit", sa.Text(), nullable=True),
        sa.Column("actual_raw", sa.Text(), nullable=True),
        sa.Column("actual_number", Money(precision=28, scale=6), nullable=True),
        sa.Column("location", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["bl_documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["target_id"], ["bl_targets.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_bl_indicators_document_id", "bl_indicators", ["document_id"], unique=False)
    op.create_index("ix_bl_indicators_target_id", "bl_indicators", ["target_id"], unique=False)

    op.create_table(
        "bl_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("table_id", sa.Integer(), nullable=False),
        sa.Column("row_index", sa.Integer(), nullable=False),
        sa.Column("code", sa.Text(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("level", sa.Text(), nullable=True),
        sa.Column("econ_gov_code", sa.Text(), nullable=True),
        sa.Column("econ_gov_name", sa.Text(), nullable=True),
        sa.Column("side", sa.Text(), nullable=True),
        sa.Column("grp", sa.Text(), nullable=True),
        sa.Column("is_total", sa.Boolean(), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("concept", sa.Text(), nullable=True),
        sa.Column("texts", sa.JSON(), nullable=True),
        sa.Column("location", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["bl_documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["table_id"], ["bl_tables.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("table_id", "row_index", name="uq_bl_rows_table_index"),
    )
    op.create_index("ix_bl_rows_document_id", "bl_rows", ["document_id"], unique=False)
    op.create_index("ix_bl_rows_table_id", "bl_rows", ["table_id"], unique=False)

    op.create_table(
        "bl_amounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("table_id", sa.Integer(), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("table_index", sa.Integer(), nullable=False),
        sa.Column("table_kind", sa.Text(), nullable=False),
        sa.Column("row_index", sa.Integer(), nullable=False),
        sa.Column("row_code", sa.Text(), nullable=True),
        sa.Column("row_name", sa.Text(), nullable=False),
        sa.Column("row_level", sa.Text(), nullable=True),
        sa.Column("row_side", sa.Text(), nullable=True),
        sa.Column("row_is_total", sa.Boolean(), nullable=False),
        sa.Column("row_concept", sa.Text(), nullable=True),
        sa.Column("column_key", sa.Text(), nullable=False),
        sa.Column("value", Money(precision=28, scale=6), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("value_yuan", Money(precision=28, scale=6), nullable=False),
        sa.Column("decimals", sa.Integer(), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("location", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["bl_documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["row_id"], ["bl_rows.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["table_id"], ["bl_tables.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_bl_amounts_code", "bl_amounts", ["row_code"], unique=False)
    op.create_index("ix_bl_amounts_doc_kind", "bl_amounts", ["document_id", "table_kind"], unique=False)
    op.create_index("ix_bl_amounts_row", "bl_amounts", ["row_id"], unique=False)
    op.create_index("ix_bl_amounts_table", "bl_amounts", ["table_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_bl_amounts_table", table_name="bl_amounts")
    op.drop_index("ix_bl_amounts_row", table_name="bl_amounts")
    op.drop_index("ix_bl_amounts_doc_kind", table_name="bl_amounts")
    op.drop_index("ix_bl_amounts_code", table_name="bl_amounts")

    op.drop_table("bl_amounts")
    op.drop_index("ix_bl_rows_table_id", table_name="bl_rows")
    op.drop_index("ix_bl_rows_document_id", table_name="bl_rows")

    op.drop_table("bl_rows")
    op.drop_index("ix_bl_indicators_target_id", table_name="bl_indicators")
    op.drop_index("ix_bl_indicators_document_id", table_name="bl_indicators")

    op.drop_table("bl_indicators")
    op.drop_index("ix_bl_targets_document_id", table_name="bl_targets")

    op.drop_table("bl_targets")
    op.drop_index("ix_bl_tables_document_id", table_name="bl_tables")

    op.drop_table("bl_tables")
    op.drop_index("ix_bl_quantities_document_id", table_name="bl_quantities")

    op.drop_table("bl_quantities")
    op.drop_index("ix_bl_findings_document_id", table_name="bl_findings")
    op.drop_index("ix_bl_findings_code", table_name="bl_findings")

    op.drop_table("bl_findings")
    op.drop_index("ix_bl_claims_document_id", table_name="bl_claims")

    op.drop_table("bl_claims")
    op.drop_index("ix_bl_documents_year", table_name="bl_documents")
    op.drop_index("ix_bl_documents_entity_id", table_name="bl_documents")

    op.drop_table("bl_documents")
    op.drop_table("bl_superseded")
    op.drop_table("bl_entities")
