"""JSON and SARIF-like JSON (schema documented in docs/rules.md)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from budgetlens import __version__ as _version
from budgetlens.check.finding import Finding, Report, Severity
from budgetlens.check.registry import all_rules
from budgetlens.model import Location

SCHEMA_VERSION = 1


def _dec(v: Decimal | None) -> str | None:
    return None if v is None else format(v, "f")


def _loc(loc: Location) -> dict[str, Any]:
    return {k: v for k, v in loc.model_dump().items() if v is not None and v != ""}


def finding_dict(f: Finding, lang: str = "zh") -> dict[str, Any]:
    values = None
    if f.values is not None:
        values = {"stated": _dec(f.values.stated), "expected": _dec(f.values.expected),
                  "difference": _dec(f.values.difference), "tolerance": _dec(f.values.tolerance),
                  "unit": f.values.unit}
    return {
        "code": f.code,
        "severity": f.severity.value,
        "family": f.family.value,
        "title": f.title,
        "message": f.text(lang),
        "values": values,
        "locations": [_loc(loc) for loc in f.locations],
        "hint": f.hint_text(lang),
        "diagnosis": f.diagnosis,
    }


def report_dict(r: Report, lang: str = "zh") -> dict[str, Any]:
    return {
        "file": r.source,
        "entity": r.entity,
        "year": r.year,
        "kind": r.kind,
        "error": r.error,
        "summary": {s.value: r.count(s) for s in Severity} | {"by_code": r.by_code()},
        "findings": [finding_dict(f, lang) for f in r.findings],
    }


def render_json(reports: list[Report], lang: str = "zh") -> str:
    doc = {"schema": SCHEMA_VERSION, "tool": "budgetlens", "version": _version,
           "reports": [report_dict(r, lang) for r in reports]}
    return json.dumps(doc, ensure_ascii=False, indent=2)


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_sarif(reports: list[Report], lang: str = "zh") -> str:
    """A SARIF 2.1.0-shaped log: one run, the rule catalogue as ``tool.driver.rules``."""
    rules = [{"id": r.code, "name": r.title_en, "shortDescription": {"text": r.title if lang == "zh" else r.title_en},
              "fullDescription": {"text": r.explanation},
              "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
              "properties": {"family": r.family.value}} for r in all_rules()]
    results = []
    for rep in reports:
        for f in rep.findings:
            locs = []
            for loc in f.locations or [Location(file=rep.source)]:
                phys: dict[str, Any] = {"artifactLocation": {"uri": loc.file or rep.source}}
                if loc.line is not None:
                    phys["region"] = {"startLine": loc.line}
                locs.append({"physicalLocation": phys})
            hint = f.hint_text(lang)
            text = f.text(lang) + (f"（{hint}）" if hint else "")
            results.append({"ruleId": f.code, "level": _SARIF_LEVEL[f.severity], "message": {"text": text},
                            "locations": locs})
    log = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
           "runs": [{"tool": {"driver": {"name": "budgetlens", "version": _version, "rules": rules}},
                     "results": results}]}
    return json.dumps(log, ensure_ascii=False, indent=2)
