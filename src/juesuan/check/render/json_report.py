"""Findings as JSON: one object per file with its counts and findings."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from juesuan.check.render import CheckedReport


def to_json(items: Sequence[CheckedReport]) -> dict[str, Any]:
    files: list[dict[str, Any]] = []
    for item in items:
        entry: dict[str, Any] = {"file": item.file}
        if item.error is not None:
            entry["error"] = item.error
        else:
            report = item.report
            entry["department"] = report.department if report else None
            entry["year"] = report.year if report else None
            entry["counts"] = item.counts()
            entry["findings"] = [f.to_json() for f in item.findings]
        files.append(entry)
    return {"files": files}


def render_json(items: Sequence[CheckedReport]) -> str:
    return json.dumps(to_json(items), ensure_ascii=False, indent=1) + "\n"
