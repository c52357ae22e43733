"""A stored report's findings as the check renderers take them: its own check and, where last year's report
of its department is stored, the comparison with it (X4xx), errors first."""

from __future__ import annotations

from pathlib import Path

from juesuan.check.batch import FileResult
from juesuan.check.finding import Finding
from juesuan.model import Report


def all_findings(report: Report, previous: Report | None) -> list[Finding]:
    import juesuan

    findings = list(juesuan.check(report))
    if previous is not None:
        from juesuan.check.rules.cross_document import check_against_previous

        findings += check_against_previous(report, previous)
    return sorted(findings, key=Finding.sort_key)


def file_result(report: Report, previous: Report | None, file_name: str) -> FileResult:
    result = FileResult(Path(file_name).name, report.department, report.year, report.source_format, report.page_count)
    result.findings = all_findings(report, previous)
    return result
