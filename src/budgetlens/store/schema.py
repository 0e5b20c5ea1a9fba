"""The relational schema of the store (SQLAlchemy 2 typed ORM).

One row per entity; per stored document (file hash, path, format, year, kind, scope, the whole
Disclosure JSON for a faithful reload and the check report); per standard table; per table row
(classification code, name, level); per printed amount (``bl_amounts``: its row, column key,
value, unit and the value in 元; the classification is the row's); per narrative
claim, performance target, indicator and finding; and the resolved standard quantities that
comparisons read. Every extracted value keeps its provenance (``location`` JSON).

Money columns use :class:`Money`: ``NUMERIC(28, 6)`` on PostgreSQL and exact decimal text on
SQLite (whose NUMERIC affinity would round through binary floating point). The schema is created
and upgraded by the Alembic migrations in ``budgetlens/store/migrations`` (applied on open); a
change here needs a new migration (a test compares the migrated database with this metadata).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeEngine


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
        return canonical(value if isinstance(value, Decimal) else Decimal(str(value)))

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal


def canonical(d: Decimal) -> Decimal:
    """One form whatever the backend: no trailing zeros, no exponent (5E+6 → 5000000)."""
    d = d.normalize()
    return d.quantize(Decimal(1)) if d.as_tuple().exponent > 0 else d  # type: ignore[operator]


class Base(DeclarativeBase):
    pass


def _doc_fk(index: bool = True) -> Mapped[int]:
    """The owning document; ``index=False`` where a unique constraint starts with it (its index serves)."""
    return mapped_column(ForeignKey("bl_documents.id", ondelete="CASCADE"), index=index)


class EntityRow(Base):
    """A publishing department or unit, by name."""

    __tablename__ = "bl_entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    code: Mapped[str | None] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(Text)

    documents: Mapped[list[DocumentRow]] = relationship(back_populates="entity")


class DocumentRow(Base):
    """One stored version of a document (entity + year + kind + scope), identified by its file hash."""

    __tablename__ = "bl_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("bl_entities.id"), index=True)
    # entity + year + kind + scope: one stored version of a document at a time
    doc_key: Mapped[str] = mapped_column(Text, unique=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer, default=0)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    kind: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(Text)
    staff_actual: Mapped[int | None] = mapped_column(Integer)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    n_errors: Mapped[int] = mapped_column(Integer, default=0)
    n_warnings: Mapped[int] = mapped_column(Integer, default=0)
    n_infos: Mapped[int] = mapped_column(Integer, default=0)
    # the Disclosure JSON without its tables' rows (they are bl_rows and bl_amounts; load_disclosure
    # puts them back) and the Report JSON, UTF-8, zlib-compressed (see records.pack/unpack)
    disclosure_json: Mapped[bytes] = mapped_column(LargeBinary)
    report_json: Mapped[bytes] = mapped_column(LargeBinary)

    entity: Mapped[EntityRow] = relationship(back_populates="documents")


class TableRow(Base):
    """A standard table of a document."""

    __tablename__ = "bl_tables"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk(index=False)
    table_index: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(Text)
    number: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(Text)
    scheme: Mapped[str] = mapped_column(Text)
    columns: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    empty_reason: Mapped[str | None] = mapped_column(Text)
    location: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (UniqueConstraint("document_id", "table_index", name="uq_bl_tables_doc_index"),)


class RowRow(Base):
    """A line of a standard table: classification code, name, level (类/款/项), side, total flag."""

    __tablename__ = "bl_rows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    # indexed by the unique constraint below, which starts with it
    table_id: Mapped[int] = mapped_column(ForeignKey("bl_tables.id", ondelete="CASCADE"))
    row_index: Mapped[int] = mapped_column(Integer)
    code: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    level: Mapped[str | None] = mapped_column(Text)
    econ_gov_code: Mapped[str | None] = mapped_column(Text)
    econ_gov_name: Mapped[str | None] = mapped_column(Text)
    side: Mapped[str | None] = mapped_column(Text)
    group: Mapped[str | None] = mapped_column("grp", Text)
    is_total: Mapped[bool] = mapped_column(Boolean, default=False)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    numbered: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    indented: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    concept: Mapped[str | None] = mapped_column(Text)
    texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    location: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (UniqueConstraint("table_id", "row_index", name="uq_bl_rows_table_index"),
                      Index("ix_bl_rows_code", "code"))


class AmountRow(Base):
    """One printed amount of a table: its row (which holds the classification code, name and
    level, and its table), its column, the value as printed and in 元.

    Locations of child rows omit ``file`` (it is the document's file); a table's rows and amounts
    omit it when it is their table's, which it always is for an extracted document.
    """

    __tablename__ = "bl_amounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    row_id: Mapped[int] = mapped_column(ForeignKey("bl_rows.id", ondelete="CASCADE"))
    column_key: Mapped[str] = mapped_column(Text)
    value: Mapped[Decimal] = mapped_column(Money)
    unit: Mapped[str] = mapped_column(Text)
    value_yuan: Mapped[Decimal] = mapped_column(Money)
    decimals: Mapped[int] = mapped_column(Integer)
    raw: Mapped[str] = mapped_column(Text)
    location: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (Index("ix_bl_amounts_row", "row_id"),)


# The earlier name of AmountRow (one row per table value).
TableValueRow = AmountRow


class ClaimRow(Base):
    """A figure stated in the narrative: concept, value, share, change against last year."""

    __tablename__ = "bl_claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
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
    change_against: Mapped[str | None] = mapped_column(Text)
    completion: Mapped[Decimal | None] = mapped_column(Money)
    parent_index: Mapped[int | None] = mapped_column(Integer)
    code: Mapped[str | None] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    location: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class TargetRow(Base):
    """A performance target table (or a project self-evaluation)."""

    __tablename__ = "bl_targets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
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
    period: Mapped[str | None] = mapped_column(Text)
    goals: Mapped[list[str] | None] = mapped_column(JSON)
    location: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class IndicatorRow(Base):
    """One line of a target's three-level indicator tree."""

    __tablename__ = "bl_indicators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    target_id: Mapped[int] = mapped_column(ForeignKey("bl_targets.id", ondelete="CASCADE"), index=True)
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
    """One finding of the checker, with the values involved and where."""

    __tablename__ = "bl_findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    code: Mapped[str] = mapped_column(Text, index=True)
    severity: Mapped[str] = mapped_column(Text)
    family: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    # the finding's Values as exact decimal strings ({"stated": "1.5", "unit": "万元", …})
    values: Mapped[dict[str, str] | None] = mapped_column(JSON)
    stated: Mapped[Decimal | None] = mapped_column(Money)
    expected: Mapped[Decimal | None] = mapped_column(Money)
    difference: Mapped[Decimal | None] = mapped_column(Money)
    value_unit: Mapped[str | None] = mapped_column(Text)
    hint: Mapped[str | None] = mapped_column(Text)
    diagnosis: Mapped[str | None] = mapped_column(Text)
    locations: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)


class QuantityRow(Base):
    """A standard quantity of a document resolved at ingest (tables first, then narrative)."""

    __tablename__ = "bl_quantities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk(index=False)
    concept: Mapped[str] = mapped_column(Text)
    value_yuan: Mapped[Decimal] = mapped_column(Money)
    source: Mapped[str] = mapped_column(Text)
    stated_change_yuan: Mapped[Decimal | None] = mapped_column(Money)
    stated_change_percent: Mapped[Decimal | None] = mapped_column(Money)
    location: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (UniqueConstraint("document_id", "concept", name="uq_bl_quantities_doc_concept"),)


class SupersededRow(Base):
    """Hashes of document versions that a newer version replaced: re-ingesting them is a no-op."""

    __tablename__ = "bl_superseded"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    doc_key: Mapped[str] = mapped_column(Text)
    superseded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# Children of a document, in the order they are deleted (dependants first).
CHILD_TABLES = (AmountRow, RowRow, TableRow, ClaimRow, IndicatorRow, TargetRow, FindingRow, QuantityRow)
