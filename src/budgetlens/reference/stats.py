"""Counts of the packaged classification lists per fiscal year and level.

``python -m budgetlens.reference.stats`` prints a Markdown table (the one in ``data/SOURCES.md``):
for each scheme and year, the codes valid that year by level, how many of them carry the
APPROX tag (a year boundary or exact name not verified), and how many 类/款 are marked partial.
"""

from __future__ import annotations

from collections import Counter

from budgetlens.model.table import Level, Scheme
from budgetlens.reference import classification as cls

SCHEMES = (Scheme.FUNCTION, Scheme.ECON_DEPT, Scheme.ECON_GOV)
LEVELS = (Level.CLASS, Level.SECTION, Level.ITEM)


def counts(year: int, scheme: Scheme) -> dict[str, int]:
    """Codes valid in ``year`` per level (类/款/项), APPROX entries, and partial 类/款."""
    entries = list(cls.entries(year, scheme))
    by_level = Counter(e.level for e in entries)
    out = {level.value: by_level[level] for level in LEVELS}
    out["APPROX"] = sum(1 for e in entries if e.approximate)
    out["partial"] = sum(1 for e in entries if e.level is not Level.ITEM and not cls.complete(e.code, year, scheme))
    return out


def table() -> str:
    lines = ["| scheme | year | 类 | 款 | 项 | all | of which APPROX | 类/款 partial |",
             "|---|---|---|---|---|---|---|---|"]
    for scheme in SCHEMES:
        for year in cls.years_covered(scheme):
            c = counts(year, scheme)
            total = c["类"] + c["款"] + c["项"]
            item = str(c["项"]) if scheme is Scheme.FUNCTION else "–"
            lines.append(f"| {scheme.value} | {year} | {c['类']} | {c['款']} | {item} | {total} | "
                         f"{c['APPROX']} | {c['partial']} |")
    return "\n".join(lines)


def main() -> None:
    print(table())


if __name__ == "__main__":
    main()
