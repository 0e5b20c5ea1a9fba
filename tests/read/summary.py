"""What must be equal between the formats of one disclosure: tables and claims."""

from __future__ import annotations

from budgetlens.model import Disclosure


def tables(d: Disclosure) -> list[tuple[str, list[tuple[str | None, str, list[tuple[str, str]]]]]]:
    return [
        (str(t.kind), [(r.code, r.name, sorted((k, str(v.value)) for k, v in r.values.items())) for r in t.rows])
        for t in d.tables
    ]


def claims(d: Disclosure) -> list[tuple[str, str | None]]:
    return [(c.subject, str(c.value.value) if c.value else None) for c in d.claims]
