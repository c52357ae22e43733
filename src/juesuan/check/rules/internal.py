"""The checker's own health: a rule that crashed is reported, never counted as "no issues"."""

from __future__ import annotations

from collections.abc import Iterator

from juesuan.check.finding import Hit
from juesuan.check.rule import Rule, rule
from juesuan.model import Report

RULES: list[Rule] = []

CRASH_ID = "I001"


@rule(
    RULES, CRASH_ID, "rule-crashed", "error", "internal",
    "检查规则运行出错",
    """
    某条规则在这份报告上运行出错（程序缺陷或报告里意外的内容）。它检查的内容没有检查，所以不能当作“没有问题”；
    请把报告和错误信息反馈给开发者。
    """,
    "规则 N402 运行出错：ZeroDivisionError: division by zero",
)
def rule_crashed(report: Report) -> Iterator[Hit]:
    """Reported by the runner for other rules; never fires by itself."""
    return iter(())
