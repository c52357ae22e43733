"""Run every rule on a report; a rule that crashes becomes an I001 finding, never silence."""

from __future__ import annotations

import traceback
from collections.abc import Iterable

from juesuan.check.finding import Finding, Hit, Location
from juesuan.check.page_text import cached_pages
from juesuan.check.rule import Rule
from juesuan.check.rules import ALL_RULES, RULES_BY_ID
from juesuan.check.rules.internal import CRASH_ID
from juesuan.model import Report

# sections whose findings rest on table values the reader may have missed
_TABLE_SECTIONS = ("table", "cross_table", "narrative", "performance")


def _finding(rule: Rule, hit: Hit, doubtful: set[str]) -> Finding:
    severity = hit.severity or rule.severity
    message = f"取整差异：{hit.message}" if severity == "info" and hit.rounding else hit.message
    tables = {loc.table for loc in (hit.location, *hit.related) if loc.table}
    if severity == "error" and rule.section in _TABLE_SECTIONS and tables & doubtful:
        # the reader could not read all of that table: the difference may be its miss, not the document's
        severity = "warning"
        message += "（该表有未能读取的内容，请人工核对）"
    return Finding(rule.id, severity, message, hit.location, rule.section, hit.printed, hit.expected, hit.related)


def run_rule(rule: Rule, report: Report) -> list[Finding]:
    doubtful = {p.table for p in report.problems if p.table and p.kind in ("unreadable", "missing")}
    try:
        return [_finding(rule, hit, doubtful) for hit in rule.func(report)]
    except Exception as exc:  # a crashing rule must be reported, not hidden
        crash = RULES_BY_ID[CRASH_ID]
        where = traceback.extract_tb(exc.__traceback__)[-1]
        detail = f"{type(exc).__name__}: {exc} ({where.filename.rsplit('/', 1)[-1]}:{where.lineno})"
        return [Finding(CRASH_ID, crash.severity, f"规则 {rule.id} 运行出错，未完成检查：{detail}", Location(),
                        crash.section)]


def check(report: Report, rules: Iterable[Rule] = ALL_RULES) -> list[Finding]:
    """Check one report against the catalogue: findings sorted by severity, page and rule."""
    findings: list[Finding] = []
    with cached_pages():
        for rule in rules:
            findings.extend(run_rule(rule, report))
    return sorted(findings, key=Finding.sort_key)
