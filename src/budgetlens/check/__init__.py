"""The check engine and the rule catalogue.

``check(disclosure, config=None) -> Report`` runs every selected rule over a disclosure and
collects the findings (code, severity, message, values, locations, hint).
"""

from budgetlens.check.config import Config, load_config
from budgetlens.check.engine import check, selected_rules
from budgetlens.check.finding import Family, Finding, Report, Severity, Values
from budgetlens.check.registry import RULES, Rule, all_rules

__all__ = ["RULES", "Config", "Family", "Finding", "Report", "Rule", "Severity", "Values", "all_rules",
           "check", "load_config", "selected_rules"]
