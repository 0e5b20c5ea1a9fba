"""The corpus as the web app sees it: browse, search, compare and ingest over the store.

Reads use the store's schema (``budgetlens.store.schema``) and its loaders; writes go through
``budgetlens.store.repository.store`` so that the web app writes exactly what the CLI writes.
Quantities compared are those the store resolved at ingest (``budgetlens.analyze``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.orm import Session

from budgetlens.analyze.resolver import STANDARD_QUANTITIES
from budgetlens.check import Report
from budgetlens.model import Disclosure
from budgetlens.store.db import open_engine
from budgetlens.store.repository import delete_document, load_disclosure, load_report, store
from budgetlens.store.schema import DocumentRow, EntityRow, FindingRow, QuantityRow
from budgetlens.web.service import NotFound

CONCEPTS: tuple[str, ...] = tuple(STANDARD_QUANTITIES)
__all__ = ["CONCEPTS", "Corpus", "NotFound", "StoredDocument"]


def _dec(x: Decimal | None) -> str | None:
    return None if x is None else format(x, "f")


def _like(q: str) -> str:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass
class StoredDocument:
    meta: dict[str, Any]
    disclosure: Disclosure
    report: Report


class Corpus:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str | None) -> Corpus:
        return cls(open_engine(url))

    # --- reading -------------------------------------------------------------------------

    def entities(self, q: str | None = None, limit: int = 200, offset: int = 0) -> list[dict[str, Any]]:
        """Entities by name or code (substring), with how many documents and which years."""
        with Session(self.engine) as s:
            stmt = select(EntityRow).order_by(EntityRow.name).limit(limit).offset(offset)
            if q:
                stmt = stmt.where(or_(EntityRow.name.like(_like(q), escape="\\"),
                                      EntityRow.code.like(_like(q), escape="\\"),
                                      EntityRow.region.like(_like(q), escape="\\")))
            ents = list(s.scalars(stmt))
            years: dict[int, set[int]] = {}
            counts: dict[int, int] = {}
            if ents:
                rows = s.execute(select(DocumentRow.entity_id, DocumentRow.year)
                                 .where(DocumentRow.entity_id.in_([e.id for e in ents])))
                for eid, year in rows:
                    counts[eid] = counts.get(eid, 0) + 1
                    if year is not None:
                        years.setdefault(eid, set()).add(year)
            return [{"id": e.id, "name": e.name, "code": e.code, "region": e.region,
                     "documents": counts.get(e.id, 0), "years": sorted(years.get(e.id, set()))} for e in ents]

    def entity(self, entity_id: int) -> dict[str, Any]:
        with Session(self.engine) as s:
            e = s.get(EntityRow, entity_id)
            if e is None:
                raise NotFound(f"没有编号为 {entity_id} 的单位")
            info = {"id": e.id, "name": e.name, "code": e.code, "region": e.region}
        return info | {"documents": self.documents(entity_id=entity_id)}

    def documents(self, entity_id: int | None = None, year: int | None = None, kind: str | None = None,
                  q: str | None = None, limit: int = 500, offset: int = 0) -> list[dict[str, Any]]:
        with Session(self.engine) as s:
            stmt = (select(DocumentRow, EntityRow).join(EntityRow, DocumentRow.entity_id == EntityRow.id)
                    .order_by(EntityRow.name, DocumentRow.year.desc(), DocumentRow.id).limit(limit).offset(offset))
            if entity_id is not None:
                stmt = stmt.where(DocumentRow.entity_id == entity_id)
            if year is not None:
                stmt = stmt.where(DocumentRow.year == year)
            if kind:
                stmt = stmt.where(DocumentRow.kind == kind)
            if q:
                stmt = stmt.where(or_(EntityRow.name.like(_like(q), escape="\\"),
                                      EntityRow.code.like(_like(q), escape="\\"),
                                      DocumentRow.title.like(_like(q), escape="\\")))
            return [self._doc_meta(d, e) for d, e in s.execute(stmt)]

    @staticmethod
    def _doc_meta(d: DocumentRow, e: EntityRow) -> dict[str, Any]:
        return {"id": d.id, "entity_id": e.id, "entity": e.name, "entity_code": e.code, "year": d.year,
                "kind": d.kind, "scope": d.scope, "title": d.title,
                "file": d.path.replace("\\", "/").rsplit("/", 1)[-1],
                "format": d.format, "unit": d.unit, "errors": d.n_errors, "warnings": d.n_warnings,
                "infos": d.n_infos, "ingested_at": d.ingested_at.isoformat(timespec="seconds")}

    def document(self, document_id: int) -> StoredDocument:
        with Session(self.engine) as s:
            found = s.execute(select(DocumentRow, EntityRow).join(EntityRow, DocumentRow.entity_id == EntityRow.id)
                              .where(DocumentRow.id == document_id)).first()
            if found is None:
                raise NotFound(f"没有编号为 {document_id} 的文档")
            meta = self._doc_meta(*found)
            meta["quantities"] = {q.concept: _dec(q.value_yuan) for q in
                                  s.scalars(select(QuantityRow).where(QuantityRow.document_id == document_id))}
            return StoredDocument(meta=meta, disclosure=load_disclosure(s, document_id),
                                  report=load_report(s, document_id))

    def findings(self, document_id: int | None = None, code: str | None = None, severity: str | None = None,
                 entity_id: int | None = None, year: int | None = None, limit: int = 500,
                 offset: int = 0) -> list[dict[str, Any]]:
        with Session(self.engine) as s:
            stmt = (select(FindingRow, DocumentRow.entity_id, DocumentRow.year, EntityRow.name)
                    .join(DocumentRow, FindingRow.document_id == DocumentRow.id)
                    .join(EntityRow, DocumentRow.entity_id == EntityRow.id)
                    .order_by(FindingRow.document_id, FindingRow.id).limit(limit).offset(offset))
            if document_id is not None:
                stmt = stmt.where(FindingRow.document_id == document_id)
            if code:
                stmt = stmt.where(FindingRow.code.like(f"{code.upper()}%"))
            if severity:
                stmt = stmt.where(FindingRow.severity == severity)
            if entity_id is not None:
                stmt = stmt.where(DocumentRow.entity_id == entity_id)
            if year is not None:
                stmt = stmt.where(DocumentRow.year == year)
            return [{"document_id": f.document_id, "entity_id": eid, "entity": name, "year": yr, "code": f.code,
                     "severity": f.severity, "family": f.family, "title": f.title, "message": f.message,
                     "stated": _dec(f.stated), "expected": _dec(f.expected), "difference": _dec(f.difference),
                     "unit": f.value_unit, "hint": f.hint, "locations": f.locations or []}
                    for f, eid, yr, name in s.execute(stmt)]

    def years(self) -> list[int]:
        with Session(self.engine) as s:
            return sorted({y for y in s.scalars(select(DocumentRow.year).distinct()) if y is not None})

    def kinds(self) -> list[str]:
        with Session(self.engine) as s:
            return sorted({k for k in s.scalars(select(DocumentRow.kind).distinct()) if k})

    def stats(self) -> dict[str, int]:
        with Session(self.engine) as s:
            return {"entities": s.scalar(select(func.count(EntityRow.id))) or 0,
                    "documents": s.scalar(select(func.count(DocumentRow.id))) or 0,
                    "findings": s.scalar(select(func.count(FindingRow.id))) or 0}

    # --- comparing -----------------------------------------------------------------------

    def compare_years(self, entity_id: int, concepts: list[str] | None = None,
                      kind: str | None = None) -> dict[str, Any]:
        """One entity across years: each concept's value in 元 per year (None where not stated)."""
        concepts = [c for c in (concepts or list(CONCEPTS)) if c in CONCEPTS]
        info = self.entity(entity_id)
        with Session(self.engine) as s:
            stmt = (select(DocumentRow.year, DocumentRow.kind, QuantityRow.concept, QuantityRow.value_yuan)
                    .join(QuantityRow, QuantityRow.document_id == DocumentRow.id)
                    .where(DocumentRow.entity_id == entity_id, DocumentRow.year.is_not(None))
                    .order_by(DocumentRow.year, DocumentRow.id))
            if kind:
                stmt = stmt.where(DocumentRow.kind == kind)
            data: dict[tuple[int, str], Decimal] = {}
            years: set[int] = set()
            for year, _kind, concept, value in s.execute(stmt):
                if year is None:
                    continue
                years.add(year)
                data.setdefault((year, concept), value)  # first stored document of the year wins
        ys = sorted(years)
        series = {c: [_dec(data.get((y, c))) for y in ys] for c in concepts}
        return {"entity": {"id": info["id"], "name": info["name"]}, "kind": kind, "years": ys,
                "concepts": concepts, "series": series, "unit": "元"}

    def compare_entities(self, year: int, concepts: list[str] | None = None, kind: str | None = None,
                         entity_ids: list[int] | None = None) -> dict[str, Any]:
        """Many entities in one year: each concept's value in 元 per entity."""
        concepts = [c for c in (concepts or list(CONCEPTS)) if c in CONCEPTS]
        with Session(self.engine) as s:
            stmt = (select(EntityRow.id, EntityRow.name, QuantityRow.concept, QuantityRow.value_yuan)
                    .join(DocumentRow, DocumentRow.entity_id == EntityRow.id)
                    .join(QuantityRow, QuantityRow.document_id == DocumentRow.id)
                    .where(DocumentRow.year == year).order_by(EntityRow.name, DocumentRow.id))
            if kind:
                stmt = stmt.where(DocumentRow.kind == kind)
            if entity_ids:
                stmt = stmt.where(EntityRow.id.in_(entity_ids))
            names: dict[int, str] = {}
            data: dict[tuple[int, str], Decimal] = {}
            for eid, name, concept, value in s.execute(stmt):
                names[eid] = name
                data.setdefault((eid, concept), value)
        ids = list(names)
        return {"year": year, "kind": kind, "entities": [{"id": i, "name": names[i]} for i in ids],
                "concepts": concepts, "series": {c: [_dec(data.get((i, c))) for i in ids] for c in concepts},
                "unit": "元"}

    # --- writing -------------------------------------------------------------------------

    def ingest(self, disclosure: Disclosure, report: Report) -> dict[str, Any]:
        result = store(self.engine, disclosure, report)
        return {"document_id": result.document_id, "outcome": result.outcome.value}

    def delete(self, document_id: int) -> None:
        with Session(self.engine) as s, s.begin():
            if s.get(DocumentRow, document_id) is None:
                raise NotFound(f"没有编号为 {document_id} 的文档")
            delete_document(s, document_id)
