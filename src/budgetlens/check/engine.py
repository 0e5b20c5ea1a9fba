"""Run the rule catalogue over a disclosure and collect a report."""

from __future__ import annotations

import logging

from budgetlens.check.config import Config
from budgetlens.check.context import ClassificationRef, Context
from budgetlens.check.finding import Finding, Report
from budgetlens.check.reference import default_reference
from budgetlens.check.registry import RULES, Issue, Rule, all_rules
from budgetlens.check.rules.reading import RULE_FAILED
from budgetlens.model import Disclosure

log = logging.getLogger(__name__)


class _Unset:
    pass


UNSET = _Unset()


def selected_rules(config: Config) -> list[Rule]:
    if not config.select and not config.ignore:
        return all_rules()
    return [r for r in all_rules() if config.enabled(r.code)]


def check(disclosure: Disclosure, config: Config | None = None,
          reference: ClassificationRef | _Unset | None = UNSET) -> Report:
    """Check one disclosure with the selected rules and return the report.

    ``reference`` defaults to the packaged classification data when available.
    """
    cfg = config or Config()
    ref = default_reference() if isinstance(reference, _Unset) else reference
    ctx = Context(disclosure, reference=ref)
    report = Report(
        source=disclosure.source.path,
        entity=disclosure.entity.name,
        year=disclosure.year,
        kind=disclosure.kind.value if disclosure.kind else None,
    )
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for r in selected_rules(cfg):
        report.rules_run.append(r.code)
        reporter = r  # the rule a finding is reported under: READ002 when the rule itself failed
        try:
            issues = list(r.func(ctx))
        except Exception as exc:  # a broken rule must not stop the others, nor vanish
            log.exception("rule %s failed on %s", r.code, disclosure.source.path)
            if cfg.enabled(RULE_FAILED):
                issues = [Issue(f"规则 {r.code}（{r.title}）运行出错（{type(exc).__name__}），该项核对未完成",
                                f"rule {r.code} failed ({type(exc).__name__}: {exc}); its check was not made")]
                reporter = RULES[RULE_FAILED]
            else:
                continue
        for issue in issues:
            key = (reporter.code, issue.message, tuple(loc.model_dump_json() for loc in issue.locations))
            if key in seen:
                continue
            seen.add(key)
            sev = cfg.severity_of(reporter.code, issue.severity or reporter.severity)
            report.findings.append(Finding(
                code=reporter.code, severity=sev, family=reporter.family, title=reporter.title,
                message=issue.message, message_en=issue.message_en, values=issue.values,
                locations=list(issue.locations), hint=issue.hint, hint_en=issue.hint_en,
                diagnosis=issue.diagnosis, source=disclosure.source.path,
            ))
    report.findings.sort(key=lambda f: (f.severity.rank, _first_line(f), f.code))
    return report


def _first_line(f: Finding) -> int:
    for loc in f.locations:
        if loc.line is not None:
            return loc.line
        if loc.block is not None:
            return loc.block
    return 1 << 30
