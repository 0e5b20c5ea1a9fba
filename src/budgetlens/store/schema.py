"""The relational schema of the store (SQLAlchemy 2 typed ORM).

One row per entity, per stored document (with the whole Disclosure JSON for a faithful reload
and the check report), one row per printed amount of every standard table, per narrative claim,
per performance target and indicator, per finding, and the resolved standard quantities that
comparisons read. Money columns use :class:`Money`: ``NUMERIC(28, 6)`` on PostgreSQL and exact
decimal text on SQLite (whose NUMERIC affinity would round through binary floating point).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeEngine

SCHEMA_VERSION = 1


class Money(TypeDecorator[Decimal]):
    """Exact decimal: NUMERIC(28, 6) where the database has it, canonical text on SQLite."""

    impl = Numeric(28, 6)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(40))
        return dialect.type_descriptor(Numeric(28, 6, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return format(Decimal(value), "f")
        return Decimal(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        d = (value if isinstance(value, Decimal) else Decimal(str(value))).normalize()
        # one canonical form whatever the backend: no trailing zeros, no exponent (5E+6 → 5000000)
        return d.quantize(Decimal(1)) if d.as_tuple().exponent > 0 else d  # type: ignore[operator]

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal


class Base(DeclarativeBase):
    pass


class SchemaVersion(Base):
    __tablename__ = "bl_schema_version"

    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    applied_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EntityRow(Base):
    __tablename__ = "bl_entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    code: Mapped[str | None] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(Text)

    documents: Mapped[list[DocumentRow]] = relationship(back_populates="entity")


class DocumentRow(Base):
    __tablename__ = "bl_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("bl_entities.id"), index=True)
    # entity + year + kind + scope: one stored version of a document at a time
    doc_key: Mapped[str] = mapped_column(Text, unique=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    kind: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer, default=0)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    n_errors: Mapped[int] = mapped_column(Integer, default=0)
    n_warnings: Mapped[int] = mapped_column(Integer, default=0)
    n_infos: Mapped[int] = mapped_column(Integer, default=0)
    disclosure_json: Mapped[str] = mapped_column(Text)
    report_json: Mapped[str] = mapped_column(Text)

    entity: Mapped[EntityRow] = relationship(back_populates="documents")




class TableValueRow(Base):
    __tablename__ = "bl_table_values"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("bl_documents.id", ondelete="CASCADE"))
    table_index: Mapped[int] = mapped_column(Integer)
    table_kind: Mapped[str] = mapped_column(Text)
    table_number: Mapped[str | None] = mapped_column(Text)
    table_title: Mapped[str] = mapped_column(Text)
    row_index: Mapped[int] = mapped_column(Integer)
    row_code: Mapped[str | None] = mapped_column(Text)
    row_name: Mapped[str] = mapped_column(Text)
    row_level: Mapped[str | None] = mapped_column(Text)
    row_side: Mapped[str | None] = mapped_column(Text)
    row_group: Mapped[str | None] = mapped_column(Text)
    row_is_total: Mapped[bool] = mapped_column(default=False)
    row_concept: Mapped[str | None] = mapped_column(Text)
    column_key: Mapped[str] = mapped_column(Text)
    value: Mapped[Decimal] = mapped_column(Money)
    unit: Mapped[str] = mapped_column(Text)
    value_yuan: Mapped[Decimal] = mapped_column(Money)
    decimals: Mapped[int] = mapped_column(Integer)
    raw: Mapped[str] = mapped_column(Text)
    location: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (Index("ix_bl_table_values_doc", "document_id", "table_kind"),)


class ClaimRow(Base):
    __tablename__ = "bl_claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("bl_documents.id", ondelete="CASCADE"), index=True)
    claim_index: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(Text)
    concept: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    value: Mapped[Decimal] = mapped_column(Money)
    unit: Mapped[str] = mapped_column(Text)
    value_yuan: Mapped[Decimal] = mapped_column(Money)
    share: Mapped[Decimal | None] = mapped_column(Money)
    share_of: Mapped[str | None] = mapped_column(Text)
    change_direction: Mapped[str | None] = mapped_column(Text)
    change_amount_yuan: Mapped[Decimal | None] = mapped_column(Money)
    change_percent: Mapped[Decimal | None] = mapped_column(Money)
    parent_index: Mapped[int | None] = mapped_column(Integer)
    code: Mapped[str | None] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    location: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class TargetRow(Base):
    __tablename__ = "bl_targets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("bl_documents.id", ondelete="CASCADE"), index=True)
    target_index: Mapped[int] = mapped_column(Integer)
    form: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    project_name: Mapped[str | None] = mapped_column(Text)
    project_code: Mapped[str | None] = mapped_column(Text)
    department: Mapped[str | None] = mapped_column(Text)
    total_yuan: Mapped[Decimal | None] = mapped_column(Money)
    fiscal_yuan: Mapped[Decimal | None] = mapped_column(Money)
    other_yuan: Mapped[Decimal | None] = mapped_column(Money)
    executed_yuan: Mapped[Decimal | None] = mapped_column(Money)
    rate: Mapped[Decimal | None] = mapped_column(Money)
    purpose: Mapped[str | None] = mapped_column(Text)
    goals: Mapped[list[str] | None] = mapped_column(JSON)
    location: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class IndicatorRow(Base):
    __tablename__ = "bl_indicators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("bl_documents.id", ondelete="CASCADE"), index=True)
    target_index: Mapped[int] = mapped_column(Integer)
    indicator_index: Mapped[int] = mapped_column(Integer)
    level1: Mapped[str] = mapped_column(Text)
    level2: Mapped[str] = mapped_column(Text)
    level3: Mapped[str] = mapped_column(Text)
    target_raw: Mapped[str] = mapped_column(Text)
    target_op: Mapped[str | None] = mapped_column(Text)
    target_number: Mapped[Decimal | None] = mapped_column(Money)
    target_unit: Mapped[str | None] = mapped_column(Text)
    actual_raw: Mapped[str | None] = mapped_column(Text)
    actual_number: Mapped[Decimal | None] = mapped_column(Money)
    location: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class FindingRow(Base):
    __tablename__ = "bl_findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("bl_documents.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(Text, index=True)
    severity: Mapped[str] = mapped_column(Text)
    family: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    stated: Mapped[Decimal | None] = mapped_column(Money)
    expected: Mapped[Decimal | None] = mapped_column(Money)
    difference: Mapped[Decimal | None] = mapped_column(Money)
    value_unit: Mapped[str | None] = mapped_column(Text)
    hint: Mapped[str | None] = mapped_column(Text)
    locations: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)


class QuantityRow(Base):
    """A standard quantity of a document resolved at ingest (tables first, then narrative)."""

    __tablename__ = "bl_quantities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("bl_documents.id", ondelete="CASCADE"), index=True)
    concept: Mapped[str] = mapped_column(Text)
    value_yuan: Mapped[Decimal] = mapped_column(Money)
    source: Mapped[str] = mapped_column(Text)
    stated_change_yuan: Mapped[Decimal | None] = mapped_column(Money)
    stated_change_percent: Mapped[Decimal | None] = mapped_column(Money)

    __table_args__ = (UniqueConstraint("document_id", "concept", name="uq_bl_quantities_doc_concept"),)


class SupersededRow(Base):
    """Hashes of document versions that a newer version replaced: re-ingesting them is a no-op."""

    __tablename__ = "bl_superseded"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    doc_key: Mapped[str] = mapped_column(Text)
    superseded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


CHILD_TABLES = (TableValueRow, ClaimRow, TargetRow, IndicatorRow, FindingRow, QuantityRow)
