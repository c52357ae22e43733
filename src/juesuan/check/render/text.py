"""Findings as terminal text: one line per finding, grouped by file."""

from __future__ import annotations

from collections.abc import Sequence

from juesuan.check.finding import SEVERITY_LABELS, SEVERITY_ORDER
from juesuan.check.render import CheckedReport


def summary_line(item: CheckedReport) -> str:
    counts = item.counts()
    who = ""
    if item.report is not None:
        who = " ".join(x for x in (item.report.department or "", f"{item.report.year}年度" if item.report.year else "")
                       if x)
    tally = "，".join(f"{SEVERITY_LABELS[k]} {v}" for k, v in counts.items())
    return f"{item.file}: {who + ' — ' if who else ''}{tally}"


def render_text(items: Sequence[CheckedReport], min_severity: str = "info") -> str:
    limit = SEVERITY_ORDER[min_severity]
    lines: list[str] = []
    for item in items:
        if item.error is not None:
            lines.append(f"{item.file}: 无法读取：{item.error}")
            continue
        lines.append(summary_line(item))
        for f in item.findings:
            if SEVERITY_ORDER[f.severity] > limit:
                continue
            where = f.location.describe()
            lines.append(f"  {SEVERITY_LABELS[f.severity]} {f.rule} {f.message}" + (f"  @ {where}" if where else ""))
            for rel in f.related:
                lines.append(f"      对照 {rel.describe()}")
        lines.append("")
    if len(items) > 1:
        totals = {k: sum(item.counts()[k] for item in items) for k in SEVERITY_LABELS}
        unread = sum(1 for item in items if item.error is not None)
        tally = "，".join(f"{SEVERITY_LABELS[k]} {v}" for k, v in totals.items())
        lines.append(f"共 {len(items)} 份报告" + (f"（{unread} 份无法读取）" if unread else "") + f"：{tally}")
    return "\n".join(lines) + "\n"
