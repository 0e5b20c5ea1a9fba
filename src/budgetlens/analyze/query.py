"""Reading resolved quantities from the store for comparisons."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from budgetlens.analyze.compare import DocQuantities
from budgetlens.analyze.resolver import STANDARD_QUANTITIES
from budgetlens.store.schema import ClaimRow, DocumentRow, EntityRow, QuantityRow


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
            # figures of the previous year stated in this year's prose (first per concept)
            stmt_prev = (select(ClaimRow.document_id, ClaimRow.concept, ClaimRow.year, ClaimRow.value_yuan)
                         .where(ClaimRow.document_id.in_(chunk), ClaimRow.concept.in_(STANDARD_QUANTITIES),
                                ClaimRow.year.is_not(None))
                         .order_by(ClaimRow.document_id, ClaimRow.claim_index))
            for doc_id, concept, year, value in session.execute(stmt_prev):
                d = docs[doc_id]
                if concept is not None and d.year is not None and year == d.year - 1:
                    d.stated_previous.setdefault(concept, value)
    return list(docs.values())
