"""Write docs/concepts.md from the concept vocabulary (``python -m budgetlens.reference.catalogue``)."""

from __future__ import annotations

import sys
from pathlib import Path

from budgetlens.reference.concepts import COLUMN_KEYS, CONCEPTS


def render() -> str:
    lines = [
        "# The concept vocabulary",
        "",
        "Generated from `src/budgetlens/reference/concepts.py` by `python -m budgetlens.reference.catalogue`.",
        "A narrative phrase, a table row name or a workbook label maps to a concept key when, after",
        "numbering and spaces are stripped, it equals a synonym (or ends with one after a harmless",
        "prefix such as 本年/部门/财政拨款). Rules compare figures by these keys.",
        "",
        "| concept key | part of | synonyms | note |",
        "|---|---|---|---|",
    ]
    for c in CONCEPTS:
        lines.append(f"| {c.key} | {c.parent or ''} | {'、'.join(c.synonyms)} | {c.doc} |")
    lines += ["", "## Column keys", "", "| column key | header words |", "|---|---|"]
    for key, words in COLUMN_KEYS:
        lines.append(f"| {key} | {'、'.join(words)} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/concepts.md")
    target.write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main()
