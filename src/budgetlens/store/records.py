"""A parsed and checked document flattened into plain rows, ready to be written.

Flattening is pure and runs wherever the parsing ran (a worker process or a Dask worker), so
the process that writes to the database only inserts. Records pickle cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from budgetlens.analyze.resolver import resolve, to_yuan
from budgetlens.check.finding import Report, Severity
from budgetlens.model import Disclosure, Location
from budgetlens.model.performance import Target
from budgetlens.reference.concepts import match_concept


def _loc(where: Location | None) -> dict[str, Any] | None:
    return where.model_dump(exclude_none=True) if where is not None else None


def doc_key(d: Disclosure) -> str:
    """Identity of a document across versions: entity + year + kind + scope."""
    kind = d.kind.value if d.kind else ""
    scope = d.scope.value if d.scope else ""
    return "|".join([d.entity.name, str(d.year or ""), kind, scope])


@dataclass
class DocumentRecord:
    """Everything stored for one document; child rows lack ``document_id`` until written."""

    sha256: str
    doc_key: str
    entity: dict[str, Any]
    document: dict[str, Any]
    table_values: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    quantities: list[dict[str, Any]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.document["path"])


def _target_number(t: Target | None) -> Decimal | None:
    return t.number if t is not None else None


def flatten(d: Disclosure, report: Report) -> DocumentRecord:
    """Flatten a disclosure and its report into rows."""
    meta = {
        "path": d.source.path,
        "format": d.source.format,
        "size": d.source.size,
        "year": d.year,
        "kind": d.kind.value if d.kind else None,
        "scope": d.scope.value if d.scope else None,
        "title": d.title,
        "unit": d.unit.value,
        "n_errors": report.count(Severity.ERROR),
        "n_warnings": report.count(Severity.WARNING),
        "n_infos": report.count(Severity.INFO),
        "disclosure_json": d.to_json(indent=None),
        "report_json": report.model_dump_json(),
    }
    rec = DocumentRecord(
        sha256=d.source.sha256,
        doc_key=doc_key(d),
        entity={"name": d.entity.name, "code": d.entity.code, "region": d.entity.region},
        document=meta,
    )
    for ti, table in enumerate(d.tables):
        for ri, row in enumerate(table.rows):
            concept = match_concept(row.name)
            for key, amount in row.values.items():
                rec.table_values.append({
                    "table_index": ti, "table_kind": table.kind.value, "table_number": table.number,
                    "table_title": table.title, "row_index": ri, "row_code": row.code, "row_name": row.name,
                    "row_level": row.level.value if row.level else None,
                    "row_side": row.side.value if row.side else None, "row_group": row.group,
                    "row_is_total": row.is_total, "row_concept": concept, "column_key": key,
                    "value": amount.value, "unit": amount.unit.value, "value_yuan": to_yuan(amount),
                    "decimals": amount.decimals, "raw": amount.raw[:60], "location": _loc(amount.where),
                })
    for ci, claim in enumerate(d.claims):
        change = claim.change
        rec.claims.append({
            "claim_index": ci, "subject": claim.subject, "concept": claim.concept, "year": claim.year,
            "value": claim.value.value, "unit": claim.value.unit.value, "value_yuan": to_yuan(claim.value),
            "share": claim.share.value if claim.share else None, "share_of": claim.share_of,
            "change_direction": change.direction.value if change else None,
            "change_amount_yuan": to_yuan(change.amount) if change and change.amount else None,
            "change_percent": change.percent.value if change and change.percent else None,
            "parent_index": claim.parent, "code": claim.code, "section": claim.section, "text": claim.text,
            "location": _loc(claim.where),
        })
    for gi, target in enumerate(d.targets):
        rec.targets.append({
            "target_index": gi, "form": target.form.value, "title": target.title,
            "project_name": target.project_name, "project_code": target.project_code,
            "department": target.department,
            "total_yuan": to_yuan(target.total) if target.total else None,
            "fiscal_yuan": to_yuan(target.fiscal) if target.fiscal else None,
            "other_yuan": to_yuan(target.other) if target.other else None,
            "executed_yuan": to_yuan(target.executed) if target.executed else None,
            "rate": target.rate.value if target.rate else None, "purpose": target.purpose,
            "goals": list(target.goals), "location": _loc(target.where),
        })
        for ii, ind in enumerate(target.indicators):
            rec.indicators.append({
                "target_index": gi, "indicator_index": ii, "level1": ind.level1, "level2": ind.level2,
                "level3": ind.level3, "target_raw": ind.target.raw, "target_op": ind.target.op,
                "target_number": ind.target.number, "target_unit": ind.target.unit,
                "actual_raw": ind.actual.raw if ind.actual else None, "actual_number": _target_number(ind.actual),
                "location": _loc(ind.where),
            })
    for f in report.findings:
        v = f.values
        rec.findings.append({
            "code": f.code, "severity": f.severity.value, "family": f.family.value, "title": f.title,
            "message": f.message, "stated": v.stated if v else None, "expected": v.expected if v else None,
            "difference": v.difference if v else None, "value_unit": v.unit if v else None, "hint": f.hint,
            "locations": [loc.model_dump(exclude_none=True) for loc in f.locations],
        })
    for q in resolve(d).values():
        rec.quantities.append({
            "concept": q.concept, "value_yuan": q.value_yuan, "source": q.source,
            "stated_change_yuan": q.stated_change_yuan, "stated_change_percent": q.stated_change_percent,
        })
    return rec
