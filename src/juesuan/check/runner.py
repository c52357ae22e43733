"""Run every rule on a report; a rule that crashes becomes an I001 finding, never silence.

A finding that rests on a place the reader could not vouch for (``juesuan.check.doubt``) is at most a
警告, and its message says why; one that rests on a value read by OCR from a page image says so
("识别自图像，请人工核对"), and is a 警告 at most where that reading is unsure.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable

from juesuan.check.doubt import Doubts
from juesuan.check.finding import Finding, Hit, Location, Severity
from juesuan.check.page_text import cached_pages
from juesuan.check.rule import Rule
from juesuan.check.rules import ALL_RULES, RULES_BY_ID
from juesuan.check.rules.internal import CRASH_ID
from juesuan.model import Report

# sections whose findings rest on what the reader read (completeness findings judge the reading itself)
_READ_SECTIONS = ("table", "cross_table", "narrative", "performance")


def _finding(rule: Rule, hit: Hit, doubts: Doubts, typed: bool = False) -> Finding:
    severity: Severity = hit.severity or rule.severity
    message = f"取整差异：{hit.message}" if severity == "info" and hit.rounding else hit.message
    if typed:  # a workbook's figures were typed in (填报), not printed
        message = message.replace("打印", "填报")
    doubt: str | None = None
    if severity != "info" and rule.section in _READ_SECTIONS and doubts:
        places = (hit.location, *hit.related, *hit.basis)
        reasons = doubts.about(places)
        if reasons:
            # the difference may be the reader's miss, not the document's
            doubt = "；".join(reasons)
            severity = "warning"
        if doubts.from_image(places):
            reasons.append("识别自图像")
        if reasons:
            message += f"（{'；'.join(reasons)}，请人工核对）"
    elif severity != "info" and doubts.ocr is not None and doubts.from_image((hit.location, *hit.related)):
        # a finding on the printed text itself (年度, 单位名称, 模板残留) rests on what OCR read of it
        places = (hit.location, *hit.related)
        reasons = doubts.unsure_text(places)
        if reasons:
            doubt = "；".join(reasons)
            severity = "warning"
        message += f"（{'；'.join([*reasons, '识别自图像'])}，请人工核对）"
    return Finding(rule.id, severity, message, hit.location, rule.section, hit.printed, hit.expected, hit.related,
                   doubt)


def run_rule(rule: Rule, report: Report, doubts: Doubts | None = None) -> list[Finding]:
    if doubts is None:
        doubts = Doubts.of(report)
    typed = report.source_format == "xlsx"
    try:
        return [_finding(rule, hit, doubts, typed) for hit in rule.func(report)]
    except Exception as exc:  # a crashing rule must be reported, not hidden
        crash = RULES_BY_ID[CRASH_ID]
        where = traceback.extract_tb(exc.__traceback__)[-1]
        detail = f"{type(exc).__name__}: {exc} ({where.filename.rsplit('/', 1)[-1]}:{where.lineno})"
        return [Finding(CRASH_ID, crash.severity, f"规则 {rule.id} 运行出错，未完成检查：{detail}", Location(),
                        crash.section)]


def check(report: Report, rules: Iterable[Rule] = ALL_RULES) -> list[Finding]:
    """Check one report against the catalogue: errors first, then warnings, then info; within a severity by
    page, then table (stable: ties keep the catalogue's order)."""
    findings: list[Finding] = []
    doubts = Doubts.of(report)
    with cached_pages():
        for rule in rules:
            findings.extend(run_rule(rule, report, doubts))
    return sorted(findings, key=Finding.sort_key)
