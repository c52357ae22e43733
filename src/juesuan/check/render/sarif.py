"""Findings as SARIF 2.1.0, so that code-review and CI tools can show them.

A PDF has no lines: ``region.startLine`` carries the page number (GitHub code
scanning needs a startLine; "report.pdf:6" then reads as page 6), the logical
location names the table / row / column or the 情况说明 path, and the box and
sentence go in ``properties``.  ``partialFingerprints`` identify a finding by
rule and logical place, so that CI tools match it from one run to the next.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from juesuan import __version__
from juesuan.check.finding import Finding
from juesuan.check.render import CheckedReport
from juesuan.check.rule import SECTIONS
from juesuan.check.rules import ALL_RULES
from juesuan.model import TABLE_TITLES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _rule(index: int) -> dict[str, Any]:
    r = ALL_RULES[index]
    return {
        "id": r.id,
        "name": r.name,
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": r.explanation},
        "help": {"text": f"{r.explanation}\n例：{r.example}"},
        "defaultConfiguration": {"level": LEVELS[r.severity]},
        "properties": {"section": SECTIONS[r.section]},
    }


def _logical(f: Finding) -> list[dict[str, Any]]:
    loc = f.location
    if loc.table:
        parts = [TABLE_TITLES.get(loc.table, loc.table)]
        row = " ".join(p for p in (loc.row_code, loc.row_name) if p)
        parts += [p for p in (row, loc.column) if p]
        return [{"name": parts[-1], "fullyQualifiedName": "/".join(parts), "kind": "member"}]
    if loc.path:
        return [{"name": loc.path, "fullyQualifiedName": f"情况说明/{loc.path}", "kind": "member"}]
    return []


def _fingerprint(f: Finding) -> str:
    loc = f.location
    return "|".join(str(x or "") for x in (f.rule, loc.table, loc.row_code or loc.row_name, loc.column, loc.path))


def _result(f: Finding, artifact: int, file: str) -> dict[str, Any]:
    index = next(i for i, r in enumerate(ALL_RULES) if r.id == f.rule)
    location: dict[str, Any] = {"physicalLocation": {
        "artifactLocation": {"uri": file, "index": artifact},
        "region": {"startLine": f.location.page or 1},
    }}
    logical = _logical(f)
    if logical:
        location["logicalLocations"] = logical
    props: dict[str, Any] = {k: v for k, v in f.location.to_json().items() if k in ("page", "box", "text")}
    if f.printed is not None:
        props["printed"] = f.printed
    if f.expected is not None:
        props["expected"] = f.expected
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [location],
        "partialFingerprints": {"juesuanLocation/v1": _fingerprint(f)},
    }
    if props:
        result["properties"] = props
    return result


def to_sarif(items: Sequence[CheckedReport]) -> dict[str, Any]:
    artifacts = [{"location": {"uri": item.file}} for item in items]
    results = [_result(f, i, item.file) for i, item in enumerate(items) for f in item.findings]
    notifications = [
        {"level": "error", "message": {"text": f"{item.file}: {item.error}"}}
        for item in items
        if item.error is not None
    ]
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "juesuan",
            "version": __version__,
            "rules": [_rule(i) for i in range(len(ALL_RULES))],
        }},
        "artifacts": artifacts,
        "results": results,
        "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render_sarif(items: Sequence[CheckedReport]) -> str:
    return json.dumps(to_sarif(items), ensure_ascii=False, indent=1) + "\n"
