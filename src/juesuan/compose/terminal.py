"""The model as aligned terminal tables, for a person (``juesuan parse --format text``) (stub)."""

from __future__ import annotations

from juesuan.model import Report


def render_report(report: Report) -> str:
    return f"{report.department or '?'} {report.year or ''}\n"
