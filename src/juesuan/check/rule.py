"""A rule: data (id, severity, Chinese title, explanation, example) plus one small function."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from juesuan.check.finding import Hit, Severity
from juesuan.model import Report

RuleFunction = Callable[[Report], Iterable[Hit]]

# sections of the catalogue, in the order a reviewer reads a report
SECTIONS: dict[str, str] = {
    "completeness": "完整性与规范性",
    "table": "表内勾稽",
    "cross_table": "表间勾稽",
    "narrative": "情况说明与表格",
    "performance": "绩效自评",
    "cross_document": "与上年报告比较",
    "internal": "检查程序",
}


@dataclass(frozen=True)
class Rule:
    id: str
    name: str  # short English slug
    severity: Severity
    section: str  # a SECTIONS key
    title: str  # 中文标题
    explanation: str  # what it checks and why it matters
    example: str  # a finding it would report
    func: RuleFunction


def rule(
    registry: list[Rule],
    id: str,
    name: str,
    severity: Severity,
    section: str,
    title: str,
    explanation: str,
    example: str,
) -> Callable[[RuleFunction], RuleFunction]:
    """Register ``func`` as a rule in ``registry`` (the module's list of rules)."""

    def wrap(func: RuleFunction) -> RuleFunction:
        registry.append(Rule(id, name, severity, section, title, explanation.strip(), example.strip(), func))
        return func

    return wrap
