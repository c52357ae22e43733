"""Findings rendered: text, JSON, SARIF 2.1.0, HTML; and the rule catalogue as text and Markdown."""

from __future__ import annotations

from dataclasses import dataclass, field

from juesuan.check.finding import Finding
from juesuan.model import Report


@dataclass
class CheckedReport:
    """One input file: the report read from it and its findings (or why it could not be read)."""

    file: str
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # the one-line read error

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out


__all__ = ["CheckedReport"]
