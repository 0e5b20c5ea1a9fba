"""Comparisons across stored documents: overview with shares, one entity across years,
outliers among peers of a year (robust z-score), and stated year-on-year changes checked
against last year's stored document. Pure functions over :class:`DocQuantities`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from budgetlens.analyze.resolver import SHARE_OF, STANDARD_QUANTITIES

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# Peers' shares compared for outliers: (label, part, whole)
OUTLIER_METRICS: tuple[tuple[str, str, str], ...] = (
    ("三公经费占本年支出", "三公经费", "本年支出合计"),
    ("公用经费占基本支出", "公用经费", "基本支出"),
    ("人员经费占基本支出", "人员经费", "基本支出"),
    ("项目支出占本年支出", "项目支出", "本年支出合计"),
)
Z_THRESHOLD = Decimal("3.5")
MIN_PEERS = 4


@dataclass(frozen=True)
class DocQuantities:
    """One stored document and its resolved quantities in 元."""

    document_id: int
    entity: str
    year: int | None
    kind: str | None
    scope: str | None
    path: str
    values: dict[str, Decimal] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    stated_change: dict[str, Decimal] = field(default_factory=dict)
    stated_percent: dict[str, Decimal] = field(default_factory=dict)


def pct(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole in percent, two decimals (half up); None when whole is zero."""
    if whole == 0:
        return None
    return (part / whole * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def share(doc: DocQuantities, concept: str) -> Decimal | None:
    parent = SHARE_OF.get(concept)
    if parent is None or concept not in doc.values or parent not in doc.values:
        return None
    return pct(doc.values[concept], doc.values[parent])


@dataclass(frozen=True)
class Change:
    concept: str
    previous: Decimal
    current: Decimal
    amount: Decimal
    percent: Decimal | None


@dataclass(frozen=True)
class SeriesPoint:
    doc: DocQuantities
    changes: dict[str, Change]


def series(docs: Iterable[DocQuantities]) -> list[SeriesPoint]:
    """Documents of one entity by year; each compared with the previous stored year of the same kind/scope."""
    ordered = sorted(docs, key=lambda d: (d.kind or "", d.scope or "", d.year or 0, d.document_id))
    out: list[SeriesPoint] = []
    previous: dict[tuple[str | None, str | None], DocQuantities] = {}
    for doc in ordered:
        prev = previous.get((doc.kind, doc.scope))
        changes: dict[str, Change] = {}
        if prev is not None:
            for concept in STANDARD_QUANTITIES:
                if concept in doc.values and concept in prev.values:
                    a, b = prev.values[concept], doc.values[concept]
                    changes[concept] = Change(concept, a, b, b - a, pct(b - a, a))
        out.append(SeriesPoint(doc, changes))
        previous[(doc.kind, doc.scope)] = doc
    out.sort(key=lambda p: (p.doc.year or 0, p.doc.kind or "", p.doc.scope or ""))
    return out


def median(values: Sequence[Decimal]) -> Decimal:
    s = sorted(values)
    n = len(s)
    mid = n // 2
    return s[mid] if n % 2 else (s[mid - 1] + s[mid]) / 2


@dataclass(frozen=True)
class Outlier:
    doc: DocQuantities
    metric: str
    value: Decimal
    median: Decimal
    z: Decimal
    peers: int


def outliers(docs: Iterable[DocQuantities], threshold: Decimal = Z_THRESHOLD,
             min_peers: int = MIN_PEERS) -> list[Outlier]:
    """Shares far from their peers' (same year and kind): robust z = 0.6745·(x − median)/MAD."""
    groups: dict[tuple[int | None, str | None], list[DocQuantities]] = defaultdict(list)
    for d in docs:
        groups[(d.year, d.kind)].append(d)
    found: list[Outlier] = []
    for (_year, _kind), members in sorted(groups.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1] or "")):
        for label, part, whole in OUTLIER_METRICS:
            points = [(d, pct(d.values[part], d.values[whole])) for d in members
                      if part in d.values and whole in d.values]
            valued = [(d, v) for d, v in points if v is not None]
            if len(valued) < min_peers:
                continue
            xs = [v for _, v in valued]
            med = median(xs)
            mad = median([abs(x - med) for x in xs])
            if mad == 0:
                continue
            for d, x in valued:
                z = (Decimal("0.6745") * (x - med) / mad).quantize(CENT, rounding=ROUND_HALF_UP)
                if abs(z) > threshold:
                    found.append(Outlier(d, label, x, med, z, len(valued)))
    return found


@dataclass(frozen=True)
class YoyCheck:
    doc: DocQuantities
    previous: DocQuantities
    concept: str
    stated_amount: Decimal | None
    stated_percent: Decimal | None
    actual_amount: Decimal
    actual_percent: Decimal | None

    @property
    def amount_matches(self) -> bool | None:
        if self.stated_amount is None:
            return None
        # stated changes are usually rounded to the printed unit; allow half a 万元 at most
        return abs(self.stated_amount - self.actual_amount) <= Decimal(5000)

    @property
    def percent_matches(self) -> bool | None:
        if self.stated_percent is None or self.actual_percent is None:
            return None
        return abs(self.stated_percent - self.actual_percent) <= Decimal("0.1")


def year_on_year(docs: Iterable[DocQuantities]) -> list[YoyCheck]:
    """Each stated change against last year's stored document of the same entity, kind and scope."""
    by_key = {(d.entity, d.kind, d.scope, d.year): d for d in docs}
    out: list[YoyCheck] = []
    for (entity, kind, scope, year), doc in sorted(by_key.items(), key=lambda kv: (kv[0][0], kv[0][3] or 0)):
        if year is None:
            continue
        prev = by_key.get((entity, kind, scope, year - 1))
        if prev is None:
            continue
        for concept in STANDARD_QUANTITIES:
            stated_a = doc.stated_change.get(concept)
            stated_p = doc.stated_percent.get(concept)
            if (stated_a is None and stated_p is None) or concept not in doc.values or concept not in prev.values:
                continue
            actual = doc.values[concept] - prev.values[concept]
            out.append(YoyCheck(doc, prev, concept, stated_a, stated_p, actual, pct(actual, prev.values[concept])))
    return out
