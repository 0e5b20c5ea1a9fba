"""Reading resolved quantities from the store for comparisons."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from budgetlens.analyze.compare import DocQuantities
from budgetlens.store.schema import DocumentRow, EntityRow, QuantityRow


def load(engine: Engine, entity: str | None = None, year: int | None = None) -> list[DocQuantities]:
    """Stored documents (filtered by entity name substring and year) with their quantities."""
    stmt = select(DocumentRow.id, EntityRow.name, DocumentRow.year, DocumentRow.kind, DocumentRow.scope,
                  DocumentRow.path, DocumentRow.staff_actual).join(EntityRow, DocumentRow.entity_id == EntityRow.id)
    if entity:
        stmt = stmt.where(EntityRow.name.contains(entity, autoescape=True))
    if year is not None:
        stmt = stmt.where(DocumentRow.year == year)
    stmt = stmt.order_by(EntityRow.name, DocumentRow.year, DocumentRow.kind, DocumentRow.id)
    with Session(engine) as session:
        docs = {row.id: DocQuantities(row.id, row.name, row.year, row.kind, row.scope, row.path, row.staff_actual)
                for row in session.execute(stmt)}
        if not docs:
            return []
        ids = list(docs)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for q in session.scalars(select(QuantityRow).where(QuantityRow.document_id.in_(chunk))):
                d = docs[q.document_id]
                d.values[q.concept] = q.value_yuan
                d.sources[q.concept] = q.source
                if q.stated_change_yuan is not None:
                    d.stated_change[q.concept] = q.stated_change_yuan
                if q.stated_change_percent is not None:
                    d.stated_percent[q.concept] = q.stated_change_percent
    return list(docs.values())
