"""Reading accuracy on real documents: amounts against hand-made truth, and what the checker reports.

    python benchmarks/bench_accuracy.py [--corpus ../shared/corpus] [--seeds ../shared/seeds] [--details]

For every PDF of the corpus (and every seed) it prints the tables read, the claims, and the
findings by code and severity. Where ``benchmarks/accuracy/truth/<stem>.yaml`` exists (amounts
transcribed by hand from the page images, see its README) each truth table is matched to the
table read from the same page, its rows aligned (codes must agree where both have one; the
alignment maximises the amounts that agree), and every printed amount counts as exact when the
same figure (in 元, so a wrong unit is an error) stands in the same column of the aligned row.
Extra figures read where the truth has none are counted too. Target: 99.5 % exact.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from budgetlens.check import check
from budgetlens.errors import BudgetlensError
from budgetlens.extract import parse_file
from budgetlens.model import Disclosure, Row, Side, Table, Unit

HERE = Path(__file__).resolve().parent
TRUTH = HERE / "accuracy" / "truth"
ROOT = HERE.parent


@dataclass
class Score:
    amounts: int = 0
    exact: int = 0
    extra: int = 0
    tables: int = 0
    tables_found: int = 0
    kinds_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.amounts += other.amounts
        self.exact += other.exact
        self.extra += other.extra
        self.tables += other.tables
        self.tables_found += other.tables_found
        self.kinds_right += other.kinds_right
        self.misses.extend(other.misses)

    @property
    def share(self) -> float:
        return 100.0 * self.exact / self.amounts if self.amounts else 100.0


def _yuan(text: str, unit: Unit) -> Decimal:
    return Decimal(text) * unit.factor


def _parts(table: Table) -> list[tuple[Side | None, str | None, list[int]]]:
    """The logical parts of a table read, left to right: (side, group, value column indexes)."""
    starts: dict[tuple[Side | None, str | None], int] = {}
    for r in table.rows:
        key = (r.side, r.group)
        col = r.where.col if r.where is not None and r.where.col is not None else 0
        starts[key] = min(starts.get(key, col), col)
    ordered = sorted(starts.items(), key=lambda kv: kv[1])
    out = []
    for k, (key, start) in enumerate(ordered):
        stop = ordered[k + 1][1] if k + 1 < len(ordered) else 1 << 20
        cols = sorted({c.index for c in table.columns if start < c.index < stop})
        out.append((key[0], key[1], cols))
    return out or [(None, None, sorted({c.index for c in table.columns}))]


def _part_rows(table: Table, part: Any) -> tuple[list[Row], list[int]]:
    parts = _parts(table)
    if part is None:
        chosen = parts[0] if len(parts) == 1 else None
        if chosen is None:  # the truth has one part where we read several: take them all
            return list(table.rows), sorted({c.index for c in table.columns})
    elif str(part) in ("收入", "支出"):
        side = Side.INCOME if str(part) == "收入" else Side.EXPENSE
        chosen = next((p for p in parts if p[0] is side), None)
    else:
        k = int(part) - 1
        chosen = parts[k] if k < len(parts) else None
    if chosen is None:
        return [], []
    side, group, cols = chosen
    return [r for r in table.rows if (r.side, r.group) == (side, group)], cols


def _vector(row: Row, cols: list[int], unit: Unit) -> list[Decimal | None]:
    by_col = {a.where.col: a for a in row.values.values() if a.where is not None}
    return [by_col[c].value * by_col[c].unit.factor if c in by_col else None for c in cols]


def _align(truth: list[list[Any]], got: list[tuple[str | None, list[Decimal | None]]],
           unit: Unit) -> list[tuple[int, int]]:
    """Pairs (truth row, read row) maximising the amounts that agree; codes must not disagree."""
    n, m = len(truth), len(got)

    def gain(i: int, j: int) -> int:
        code, values = truth[i][0], truth[i][1:]
        gcode, gvalues = got[j]
        if code and gcode and str(code) != gcode:
            return -1
        hits = sum(1 for k, v in enumerate(values) if v is not None and k < len(gvalues)
                   and gvalues[k] == _yuan(str(v), unit))
        return hits if hits or (code and str(code) == gcode) else -1

    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            g = gain(i, j)
            best[i][j] = max(best[i + 1][j], best[i][j + 1], (g + 1 + best[i + 1][j + 1]) if g >= 0 else -1)
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        g = gain(i, j)
        if g >= 0 and best[i][j] == g + 1 + best[i + 1][j + 1]:
            pairs.append((i, j))
            i += 1
            j += 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def score_table(d: Disclosure, spec: dict[str, Any], label: str) -> Score:
    s = Score(tables=1)
    unit = Unit(spec["unit"])
    truth = spec["rows"]
    s.amounts = sum(1 for row in truth for v in row[1:] if v is not None)
    on_page = [t for t in d.tables if t.where is not None and t.where.page == spec["page"]]
    best: tuple[int, int, Table | None] = (-1, 0, None)
    for t in on_page:
        rows, cols = _part_rows(t, spec.get("part"))
        got = [(r.code, _vector(r, cols, unit)) for r in rows if r.values]
        pairs = _align(truth, got, unit)
        exact = sum(1 for i, j in pairs for k, v in enumerate(truth[i][1:])
                    if v is not None and k < len(got[j][1]) and got[j][1][k] == _yuan(str(v), unit))
        read = sum(1 for _c, vec in got for v in vec if v is not None)
        if exact > best[0]:
            best = (exact, read, t)
    exact, read, table = best
    if table is None:
        s.misses.append(f"{label}: no table read on page {spec['page']}")
        return s
    s.tables_found = 1
    s.kinds_right = int(table.kind.value == spec["kind"])
    if not s.kinds_right:
        s.misses.append(f"{label}: kind {table.kind.value}, truth {spec['kind']}")
    s.exact = exact
    s.extra = max(0, read - exact - (s.amounts - exact))
    if exact < s.amounts:
        doubt = f" doubt: {table.doubt}" if table.doubt else ""
        s.misses.append(f"{label}: {exact}/{s.amounts} exact ({table.title}{doubt})")
    return s


@dataclass
class Judged:
    """Errors and warnings reported on the corpus, matched to the hand-made judgements."""

    rows: list[tuple[str, str, str, str, str, str]] = field(default_factory=list)  # file, code, sev, msg, verdict, why
    unjudged: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    expected: int = 0

    def count(self, severity: str, verdict: str) -> int:
        return sum(1 for r in self.rows if r[2] == severity and r[4] == verdict)


def _load(name: str) -> list[dict[str, Any]]:
    path = HERE / "accuracy" / name
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else []


def judge(name: str, report: Any, judged: Judged, judgements: list[dict[str, Any]],
          expected: list[dict[str, Any]]) -> None:
    for f in report.findings:
        if f.severity.value == "info":
            continue
        entry = next((j for j in judgements
                      if j["file"] == name and j["code"] == f.code and str(j["match"]) in f.message), None)
        if entry is None:
            judged.unjudged.append(f"{name}: {f.code} {f.severity.value} {f.message}")
            continue
        judged.rows.append((name, f.code, f.severity.value, f.message, "true" if entry["verdict"] else "false",
                            " ".join(str(entry["why"]).split())))
    for e in expected:
        if e["file"] != name:
            continue
        judged.expected += 1
        if not any(f.code == e["code"] and str(e["match"]) in f.message for f in report.findings):
            judged.missed.append(f"{name}: {e['what']} ({e['code']})")


def run(paths: list[Path], corpus: Path | None, details: bool, doc: Path | None = None) -> int:
    total = Score()
    sev_total: Counter[str] = Counter()
    judged = Judged()
    judgements, expected = _load("judgements.yaml"), _load("expected.yaml")
    lines: list[str] = []
    print(f"{'document':48} {'tables':>6} {'claims':>6} {'amounts':>8} {'exact':>7} {'%':>6}  "
          "findings (error/warning/info)")
    for path in paths:
        name = path.stem
        try:
            d = parse_file(path)
        except BudgetlensError as exc:
            print(f"{name[:48]:48} refused: {exc}")
            continue
        report = check(d)
        if corpus is not None and corpus in path.parents:
            judge(name, report, judged, judgements, expected)
        sev = Counter(f.severity.value for f in report.findings)
        sev_total.update(sev)
        codes = Counter(f"{f.code}{f.severity.value[0]}" for f in report.findings if f.severity.value != "info")
        score = Score()
        truth_file = TRUTH / f"{name}.yaml"
        if truth_file.exists():
            spec = yaml.safe_load(truth_file.read_text(encoding="utf-8"))
            for k, table_spec in enumerate(spec["tables"]):
                score.add(score_table(d, table_spec, f"{name} #{k + 1} p{table_spec['page']} {table_spec['kind']}"
                                    f"{'/' + str(table_spec['part']) if table_spec.get('part') else ''}"))
        total.add(score)
        pct = f"{score.share:6.2f}" if score.amounts else "     –"
        by_code = " ".join(f"{c}:{n}" for c, n in sorted(codes.items()))
        line = (f"{name[:48]:48} {len(d.tables):6} {len(d.claims):6} {score.amounts:8} {score.exact:7} {pct}  "
                f"{sev['error']}/{sev['warning']}/{sev['info']} {by_code}")
        lines.append(line)
        print(line)
    print()
    print(f"truth tables: {total.tables}, found {total.tables_found}, kind right {total.kinds_right}")
    print(f"amounts: {total.amounts}, exact {total.exact} ({total.share:.2f} %), extra figures read {total.extra}")
    print(f"findings: error {sev_total['error']}, warning {sev_total['warning']}, info {sev_total['info']}")
    if details and total.misses:
        print("\nwhere amounts were missed:")
        for line in total.misses:
            print("  " + line)
    _print_judged(judged)
    if doc is not None:
        doc.write_text(accuracy_markdown(lines, total, judged), encoding="utf-8")
        print(f"wrote {doc}")
    return 0


def _print_judged(j: Judged) -> None:
    for sev in ("error", "warning"):
        t, f = j.count(sev, "true"), j.count(sev, "false")
        share = f"{100 * t / (t + f):.1f} %" if t + f else "–"
        print(f"corpus {sev}s judged: {t + f}, true {t}, false {f} ({share} true)")
    print(f"inconsistencies listed in the corpus README and the truth notes: {j.expected}, "
          f"reported {j.expected - len(j.missed)}")
    for line in j.missed:
        print("  not reported: " + line)
    for line in j.unjudged:
        print("  not judged yet: " + line)


def accuracy_markdown(lines: list[str], total: Score, j: Judged) -> str:
    """docs/accuracy.md: the figures of this run and every corpus error and warning with its verdict."""
    out = ["# Accuracy on real documents", "",
           "Written by `python benchmarks/bench_accuracy.py --write-doc docs/accuracy.md` (do not edit by hand).",
           "Documents: the 17 PDFs of `../shared/corpus/` (ten provinces, 2019–2026, and the national template)",
           "and the five seeds. Truth: every amount of 98 tables of 14 PDFs from nine provinces, transcribed by",
           "hand from the page images (`benchmarks/accuracy/truth/`); verdicts: `benchmarks/accuracy/judgements.yaml`,",
           "each finding read against its page.", "", "## Amounts", "", "```", *lines, "```", "",
           f"- truth tables: {total.tables}, found {total.tables_found}, kind right {total.kinds_right}",
           f"- amounts: {total.amounts}, exact {total.exact} ({total.share:.2f} %), extra figures read {total.extra}",
           "", "## Errors and warnings on the corpus", ""]
    for sev in ("error", "warning"):
        t, f = j.count(sev, "true"), j.count(sev, "false")
        out.append(f"- {sev}s: {t + f}, true {t}, false {f}" + (f" ({100 * t / (t + f):.1f} % true)" if t + f else ""))
    out += [f"- inconsistencies a careful reader lists (corpus README, truth notes): {j.expected}, "
            f"reported {j.expected - len(j.missed)}", ""]
    out += [f"- not reported: {m}" for m in j.missed] + [f"- not judged yet: {u}" for u in j.unjudged]
    out += ["", "| file | code | severity | finding | verdict | why (what the page shows) |",
            "|---|---|---|---|---|---|"]
    for name, code, sev, msg, verdict, why in j.rows:
        cell = msg.replace("|", "｜")
        out.append(f"| {name} | {code} | {sev} | {cell} | {verdict} | {why.replace('|', '｜')} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--details", action="store_true", help="list the tables where amounts were missed")
    ap.add_argument("--only", default="", help="only documents whose name contains this")
    ap.add_argument("--write-doc", type=Path, default=None, help="write the figures and verdicts to this file")
    args = ap.parse_args(argv)
    paths = sorted(args.corpus.rglob("*.pdf")) if args.corpus.is_dir() else []
    paths += sorted(args.seeds.glob("*.txt")) if args.seeds.is_dir() else []
    paths = [p for p in paths if args.only in p.name]
    if not paths:
        print("no documents found (../shared/corpus, ../shared/seeds)", file=sys.stderr)
        return 1
    return run(paths, args.corpus, args.details, args.write_doc)


if __name__ == "__main__":
    raise SystemExit(main())
