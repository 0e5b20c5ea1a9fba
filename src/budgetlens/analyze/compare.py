"""Comparisons across stored documents: overview with shares, one entity across years,
outliers among peers of a year (robust z-score or IQR, on shares and per-staff amounts), and
stated year-on-year changes checked against last year's stored document. Pure functions over
:class:`DocQuantities`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from budgetlens.analyze.resolver import SHARE_OF, STANDARD_QUANTITIES

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
Z_THRESHOLD = Decimal("3.5")
K_MAD = Decimal("0.6745")  # MAD → standard deviation of a normal distribution
IQR_K = Decimal("1.5")
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
    staff: int | None = None
    values: dict[str, Decimal] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    stated_change: dict[str, Decimal] = field(default_factory=dict)
    stated_percent: dict[str, Decimal] = field(default_factory=dict)
    stated_previous: dict[str, Decimal] = field(default_factory=dict)  # 上年 figures stated in prose, 元


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


def quartiles(values: Sequence[Decimal]) -> tuple[Decimal, Decimal]:
    """First and third quartiles: medians of the lower and upper halves (Tukey's hinges)."""
    s = sorted(values)
    half = len(s) // 2
    return median(s[:half]), median(s[half + len(s) % 2:])


def _per_staff(concept: str) -> Callable[[DocQuantities], Decimal | None]:
    def metric(d: DocQuantities) -> Decimal | None:
        if concept not in d.values or not d.staff:
            return None
        return (d.values[concept] / d.staff).quantize(CENT, rounding=ROUND_HALF_UP)
    return metric


def _share(part: str, whole: str) -> Callable[[DocQuantities], Decimal | None]:
    def metric(d: DocQuantities) -> Decimal | None:
        if part not in d.values or whole not in d.values:
            return None
        return pct(d.values[part], d.values[whole])
    return metric


# Metrics compared among peers (same year and kind): label, unit, how to compute
OUTLIER_METRICS: tuple[tuple[str, str, Callable[[DocQuantities], Decimal | None]], ...] = (
    ("人均三公经费", "元/人", _per_staff("三公经费")),
    ("人均公用经费", "元/人", _per_staff("公用经费")),
    ("三公经费占本年支出", "%", _share("三公经费", "本年支出合计")),
    ("公用经费占基本支出", "%", _share("公用经费", "基本支出")),
    ("人员经费占基本支出", "%", _share("人员经费", "基本支出")),
    ("项目支出占本年支出", "%", _share("项目支出", "本年支出合计")),
)


class Method(StrEnum):
    MAD = "mad"  # robust z-score: 0.6745·(x − median)/MAD beyond ±3.5
    IQR = "iqr"  # outside Tukey's fences Q1 − 1.5·IQR … Q3 + 1.5·IQR


@dataclass(frozen=True)
class Outlier:
    doc: DocQuantities
    metric: str
    unit: str
    value: Decimal
    median: Decimal
    z: Decimal | None
    low: Decimal
    high: Decimal
    peers: int
    method: Method = Method.MAD


def outliers(docs: Iterable[DocQuantities], threshold: Decimal = Z_THRESHOLD,
             min_peers: int = MIN_PEERS, method: Method = Method.MAD) -> list[Outlier]:
    """Documents whose metric lies far from their peers' (same year and kind).

    ``low``/``high`` are the bounds outside which a value is flagged: median ± threshold·MAD/0.6745
    for the robust z-score, Tukey's fences for IQR.
    """
    groups: dict[tuple[int | None, str | None], list[DocQuantities]] = defaultdict(list)
    for d in docs:
        groups[(d.year, d.kind)].append(d)
    found: list[Outlier] = []
    for (_year, _kind), members in sorted(groups.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1] or "")):
        for label, unit, metric in OUTLIER_METRICS:
            valued = [(d, v) for d in members if (v := metric(d)) is not None]
            if len(valued) < min_peers:
                continue
            xs = [v for _, v in valued]
            med = median(xs)
            mad = median([abs(x - med) for x in xs])
            if method is Method.MAD:
                if mad == 0:
                    continue
                radius = threshold * mad / K_MAD
                low, high = (med - radius).quantize(CENT, ROUND_HALF_UP), (med + radius).quantize(CENT, ROUND_HALF_UP)
            else:
                q1, q3 = quartiles(xs)
                low, high = q1 - IQR_K * (q3 - q1), q3 + IQR_K * (q3 - q1)
            for d, x in valued:
                z = (K_MAD * (x - med) / mad).quantize(CENT, rounding=ROUND_HALF_UP) if mad else None
                flagged = (z is not None and abs(z) > threshold) if method is Method.MAD else not low <= x <= high
                if flagged:
                    found.append(Outlier(d, label, unit, x, med, z, low, high, len(valued), method))
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
    stated_previous: Decimal | None = None  # last year's figure as this year's disclosure states it

    @property
    def previous_matches(self) -> bool | None:
        """The 上年 figure stated now against last year's stored value (half a 万元 at most)."""
        if self.stated_previous is None:
            return None
        return abs(self.stated_previous - self.previous.values[self.concept]) <= Decimal(5000)

    @property
    def matches(self) -> bool:
        return all(m for m in (self.amount_matches, self.percent_matches, self.previous_matches) if m is not None)

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
    """Each stated change (and stated 上年 figure) against last year's stored document of the same
    entity, kind and scope."""
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
            stated_prev = doc.stated_previous.get(concept)
            if stated_a is None and stated_p is None and stated_prev is None:
                continue
            if concept not in doc.values or concept not in prev.values:
                continue
            actual = doc.values[concept] - prev.values[concept]
            out.append(YoyCheck(doc, prev, concept, stated_a, stated_p, actual, pct(actual, prev.values[concept]),
                                stated_prev))
    return out
