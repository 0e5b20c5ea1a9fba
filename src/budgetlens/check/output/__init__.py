"""Report renderers: terminal text (Rich), JSON, HTML (Jinja2, no CDN) and SARIF-like JSON."""

from budgetlens.check.output.html import render_html
from budgetlens.check.output.json import render_json, render_sarif, report_dict
from budgetlens.check.output.text import render_text

__all__ = ["render_html", "render_json", "render_sarif", "render_text", "report_dict"]
