"""The parts of a report read from its running text: who, when, narrative facts, 绩效自评."""

from __future__ import annotations

from juesuan.model import Report


def fill_from_text(report: Report) -> None:
    from juesuan.read.prose.metadata import read_metadata
    from juesuan.read.prose.narrative import read_narrative
    from juesuan.read.prose.passages import read_passages
    from juesuan.read.prose.performance import read_performance
    from juesuan.read.prose.with_tables import fiscal_wording_rules

    read_metadata(report)
    report.narrative = read_narrative(report.pages, fiscal_wording_rules(report.tables))
    report.performance = read_performance(report.pages, report.problems)
    read_passages(report)  # the prose the composed report carries: 主要职能, reasons, 预算绩效管理
