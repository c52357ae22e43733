"""Findings as terminal text: one line per finding, grouped by file, written as each file is done."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import IO

from juesuan.check.batch import FileResult
from juesuan.check.finding import SEVERITY_LABELS, Severity


def without_file(result: FileResult) -> str:
    """The read error without the file name it starts with (the line names the file already)."""
    error = result.error or ""
    prefix = f"{result.file}: "
    return error[len(prefix):] if error.startswith(prefix) else error


def tally(counts: dict[str, int]) -> str:
    return "，".join(f"{SEVERITY_LABELS[k]} {v}" for k, v in counts.items())


def summary_line(result: FileResult) -> str:
    who = " ".join(x for x in (result.department or "", f"{result.year}年度" if result.year else "") if x)
    line = f"{result.file}: {who + ' — ' if who else ''}{tally(result.counts())}"
    if result.suppressed:
        line += f"（另有 {result.suppressed} 条已在基线中接受，未列出）"
    return line


class TextWriter:
    """Writes each file's block as it arrives, and the totals of a batch at the end."""

    def __init__(self, out: IO[str], min_severity: Severity = "info", many: bool = False) -> None:
        self._out = out
        self._min = min_severity
        self._many = many
        self.files = 0
        self.unread = 0
        self.totals = {k: 0 for k in SEVERITY_LABELS}

    def add(self, result: FileResult) -> None:
        self.files += 1
        if result.error is not None:
            self.unread += 1
            self._out.write(f"{result.file}: 无法读取：{without_file(result)}\n")
            return
        for k, v in result.counts().items():
            self.totals[k] += v
        lines = [summary_line(result)]
        for f in result.shown(self._min):
            where = f.location.describe()
            lines.append(f"  {SEVERITY_LABELS[f.severity]} {f.rule} {f.message}" + (f"  @ {where}" if where else ""))
            for rel in f.related:
                lines.append(f"      对照 {rel.describe()}")
        self._out.write("\n".join(lines) + "\n\n")

    def close(self) -> None:
        if self._many:
            unread = f"（{self.unread} 份无法读取）" if self.unread else ""
            self._out.write(f"共 {self.files} 份报告{unread}：{tally(self.totals)}\n")


def render_text(results: Iterable[FileResult], min_severity: Severity = "info") -> str:
    items = list(results)
    buf = io.StringIO()
    writer = TextWriter(buf, min_severity, many=len(items) > 1)
    for item in items:
        writer.add(item)
    writer.close()
    return buf.getvalue()
