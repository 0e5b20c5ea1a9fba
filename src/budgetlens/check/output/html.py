"""A self-contained HTML report (Jinja2 template shipped in the package, no CDN)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from budgetlens.check.finding import Report, Severity
from budgetlens.check.output.json import report_dict


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=PackageLoader("budgetlens.check", "templates"),
                       autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)


def render_html(reports: Sequence[Report], lang: str = "zh") -> str:
    tpl = _env().get_template("report.html.j2")
    data = [report_dict(r, lang) for r in reports]
    totals = {s.value: sum(r.count(s) for r in reports) for s in Severity}
    labels = {s.value: (s.label if lang == "zh" else s.value) for s in Severity}
    return tpl.render(reports=data, totals=totals, labels=labels, lang=lang)
