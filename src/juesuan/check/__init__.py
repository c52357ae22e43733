"""Check a report: every identity, cross-table link and narrative claim, pointed at its page and cell.

``check(report)`` runs the rule catalogue (``juesuan.check.rules``) and returns
findings as data; ``juesuan.check.render`` turns them into text, JSON, SARIF
and HTML.
"""

from __future__ import annotations

from juesuan.check.finding import Finding, Location, Severity
from juesuan.check.rule import Rule
from juesuan.check.rules import ALL_RULES, RULES_BY_ID
from juesuan.check.runner import check

__all__ = ["ALL_RULES", "RULES_BY_ID", "Finding", "Location", "Rule", "Severity", "check"]
