"""Findings as SARIF 2.1.0, so that code-review and CI tools can show them.

A PDF has no lines: ``region.startLine`` carries the page number (GitHub code
scanning needs a startLine; "report.pdf:6" then reads as page 6), the logical
location names the table / row / column or the 情况说明 path, and the box and
sentence go in ``properties``.  ``partialFingerprints`` identify a finding by
rule and logical place, so that CI tools match it from one run to the next.
Artifacts are named by ``file:`` URIs.  Rules switched off or given another
level for the run are recorded as ``ruleConfigurationOverrides``.

Written as each file is done (``SarifWriter``): the results stream out, and
only the list of files is kept until the end.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from juesuan import __version__
from juesuan.check.batch import FileResult
from juesuan.check.config import RuleSettings
from juesuan.check.finding import Finding, Severity
from juesuan.check.rule import SECTIONS, Rule
from juesuan.check.rule_fixes import FIXES
from juesuan.check.rules import ALL_RULES
from juesuan.model import TABLE_TITLES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
RULE_INDEX = {r.id: i for i, r in enumerate(ALL_RULES)}


def paragraph(text: str) -> str:
    """A rule's text as one paragraph: the line breaks and indentation of the source code taken out."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def artifact_uri(file: str) -> str:
    return Path(file).resolve().as_uri()


def _rule(r: Rule) -> dict[str, Any]:
    explanation = paragraph(r.explanation)
    fix = FIXES.get(r.id, "")
    return {
        "id": r.id,
        "name": r.name,
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": explanation},
        "help": {"text": f"{explanation}\n例：{paragraph(r.example)}" + (f"\n如何修正：{fix}" if fix else ""),
                 "markdown": f"{explanation}\n\n**例**：{paragraph(r.example)}"
                             + (f"\n\n**如何修正**：{fix}" if fix else "")},
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


def _result(f: Finding, artifact: int, uri: str) -> dict[str, Any]:
    location: dict[str, Any] = {"physicalLocation": {
        "artifactLocation": {"uri": uri, "index": artifact},
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
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [location],
        "partialFingerprints": {"juesuanLocation/v1": _fingerprint(f)},
    }
    if f.rule in RULE_INDEX:
        result["ruleIndex"] = RULE_INDEX[f.rule]
    if props:
        result["properties"] = props
    return result


def _overrides(settings: RuleSettings | None) -> list[dict[str, Any]]:
    if settings is None:
        return []
    out: list[dict[str, Any]] = []
    for rule_id in sorted(settings.ignore):
        out.append({"descriptor": {"id": rule_id, "index": RULE_INDEX[rule_id]}, "configuration": {"enabled": False}})
    for rule_id, level in sorted(settings.severity.items()):
        if rule_id not in settings.ignore:
            out.append({"descriptor": {"id": rule_id, "index": RULE_INDEX[rule_id]},
                        "configuration": {"level": LEVELS[level]}})
    return out


class SarifWriter:
    def __init__(self, out: IO[str], min_severity: Severity = "info", settings: RuleSettings | None = None) -> None:
        self._out = out
        self._min = min_severity
        self._settings = settings
        self._artifacts: list[dict[str, Any]] = []
        self._notifications: list[dict[str, Any]] = []
        self._first = True
        driver = {"name": "juesuan", "version": __version__, "semanticVersion": __version__,
                  "rules": [_rule(r) for r in ALL_RULES]}
        head = json.dumps({"$schema": SCHEMA, "version": "2.1.0"}, ensure_ascii=False, indent=1)[:-2]
        tool = json.dumps({"driver": driver}, ensure_ascii=False, indent=1).replace("\n", "\n  ")
        out.write(f'{head},\n "runs": [{{\n  "tool": {tool},\n  "results": [')

    def add(self, result: FileResult) -> None:
        index = len(self._artifacts)
        uri = artifact_uri(result.file)
        self._artifacts.append({"location": {"uri": uri}})
        if result.error is not None:
            self._notifications.append({"level": "error", "message": {"text": result.error},
                                        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]})
            return
        for f in result.shown(self._min):
            text = json.dumps(_result(f, index, uri), ensure_ascii=False)
            self._out.write(("\n   " if self._first else ",\n   ") + text)
            self._first = False

    def close(self) -> None:
        invocation: dict[str, Any] = {"executionSuccessful": not self._notifications,
                                      "toolExecutionNotifications": self._notifications}
        overrides = _overrides(self._settings)
        if overrides:
            invocation["ruleConfigurationOverrides"] = overrides
        rest = json.dumps({"artifacts": self._artifacts, "invocations": [invocation]}, ensure_ascii=False, indent=1)
        self._out.write("\n  ],\n  " + rest[2:-2].replace("\n", "\n  ") + "\n }]\n}\n")


def render_sarif(results: Iterable[FileResult], min_severity: Severity = "info",
                 settings: RuleSettings | None = None) -> str:
    buf = io.StringIO()
    writer = SarifWriter(buf, min_severity, settings)
    for result in results:
        writer.add(result)
    writer.close()
    return buf.getvalue()
