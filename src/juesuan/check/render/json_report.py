"""Findings as JSON: the tool and its version, then one object per file with its counts and findings.

Written as each file is done (``JsonWriter``), so that a batch of any size
needs no more memory than one file's findings.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import IO, Any

from juesuan import __version__
from juesuan.check.batch import FileResult
from juesuan.check.finding import SEVERITY_LABELS, Severity


def file_entry(result: FileResult, min_severity: Severity = "info") -> dict[str, Any]:
    entry: dict[str, Any] = {"file": result.file}
    if result.error is not None:
        entry["error"] = result.error
        return entry
    entry["department"] = result.department
    entry["year"] = result.year
    entry["counts"] = result.counts()
    if result.suppressed:
        entry["baseline_suppressed"] = result.suppressed
    entry["findings"] = [f.to_json() for f in result.shown(min_severity)]
    return entry


class JsonWriter:
    def __init__(self, out: IO[str], min_severity: Severity = "info") -> None:
        self._out = out
        self._min = min_severity
        self._first = True
        self._files = 0
        self._unread = 0
        self._totals = {k: 0 for k in SEVERITY_LABELS}
        head = {"tool": {"name": "juesuan", "version": __version__}, "severity": min_severity}
        out.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "files": [')

    def add(self, result: FileResult) -> None:
        self._files += 1
        if result.error is not None:
            self._unread += 1
        else:
            for k, v in result.counts().items():
                self._totals[k] += v
        text = json.dumps(file_entry(result, self._min), ensure_ascii=False, indent=1)
        self._out.write(("\n" if self._first else ",\n") + "  " + text.replace("\n", "\n  "))
        self._first = False

    def close(self) -> None:
        summary = {"files": self._files, "unreadable": self._unread, "counts": self._totals}
        self._out.write("\n ],\n \"summary\": " + json.dumps(summary, ensure_ascii=False) + "\n}\n")


def render_json(results: Iterable[FileResult], min_severity: Severity = "info") -> str:
    buf = io.StringIO()
    writer = JsonWriter(buf, min_severity)
    for result in results:
        writer.add(result)
    writer.close()
    return buf.getvalue()
