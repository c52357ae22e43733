"""Run juesuan.check on the data before composing: errors stop the composer unless forced.

What is checked is what the composed report will carry: the tables, the officer's inputs
(previous-year figures, 年初预算, 政府采购 ...) and the 绩效自评 data.  A published report
given as input also carries its own printed 情况说明 and page text; those are not checked
here, because the composer recomputes the narrative rather than copying it.

The checker is another package of this project; when it cannot be imported the gate
says so and lets the composer go on (marked unchecked).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from juesuan.model import Narrative, Report
from juesuan.workbook_layout import supplement_fields

# narrative paths that are inputs to the composer (besides the 补充信息 fields)
INPUT_PREFIXES: tuple[str, ...] = ("projects", "profile.", "basic_detail.", "reasons.")


@dataclass
class GateResult:
    available: bool
    errors: list[str] = field(default_factory=list)
    warnings: int = 0

    @property
    def passed(self) -> bool:
        return self.available and not self.errors


def composer_inputs(report: Report) -> Report:
    """The report as the composer uses it: tables, performance and input facts; no printed text."""
    by_class = report.narrative.get("general_budget.by_class")
    classes = list(by_class) if isinstance(by_class, dict) else None
    inputs = {path for _, _, path, _ in supplement_fields(classes)}
    facts = Narrative()
    for path in report.narrative.paths():
        if path in inputs or path.startswith(INPUT_PREFIXES):
            facts.set(path, report.narrative.get(path))
    projects: Any = report.narrative.get("projects")
    if isinstance(projects, dict):
        facts.set("projects", dict(projects), overwrite=True)
    prepared = copy.copy(report)
    prepared.narrative = facts
    prepared.pages = []
    return prepared


def run_checks(report: Report) -> GateResult:
    try:
        from juesuan.check import check
    except ImportError:
        return GateResult(available=False)
    findings = check(composer_inputs(report))
    errors = [f"{f.location.describe()}：{f.message}".lstrip("：") for f in findings if f.severity == "error"]
    warnings = sum(1 for f in findings if f.severity == "warning")
    return GateResult(available=True, errors=errors, warnings=warnings)
