"""A baseline: findings already looked at and accepted, so that a check shows only what is new.

``juesuan check --write-baseline FILE`` records every finding of a run;
``--baseline FILE`` (or ``baseline =`` in juesuan.toml) then leaves out the
findings the file records.  A finding is recognised by its rule, its place
(table, row, column, 情况说明 path, sentence) and the printed and expected
values, not by its page or wording, so that it stays recognised when pages
move or messages are reworded, and comes back when the numbers change.  A
report is recognised by its department and year (by its file name when either
is unknown), so that renaming or moving the file keeps its baseline.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from juesuan import __version__
from juesuan.check.finding import Finding
from juesuan.errors import ConfigError

FORMAT = "juesuan-baseline"
VERSION = 1


def finding_key(f: Finding) -> str:
    loc = f.location
    text = "".join(loc.text.split()) if loc.text else None
    parts = (f.rule, loc.table, loc.row_code or loc.row_name, loc.column, loc.path, text, f.printed, f.expected)
    return "|".join(str(x) if x is not None else "" for x in parts)


def report_key(file: str, department: str | None, year: int | None) -> str:
    if department and year:
        return f"{department}|{year}"
    return Path(file).name


@dataclass
class Baseline:
    """Accepted findings by report: how many times each finding key was accepted."""

    reports: dict[str, Counter[str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return sum(sum(c.values()) for c in self.reports.values())

    def suppress(self, report: str, findings: Iterable[Finding]) -> tuple[list[Finding], int]:
        """The findings not in the baseline, and how many were left out."""
        accepted = Counter(self.reports.get(report, Counter()))
        kept: list[Finding] = []
        dropped = 0
        for f in findings:
            key = finding_key(f)
            if accepted[key] > 0:
                accepted[key] -= 1
                dropped += 1
            else:
                kept.append(f)
        return kept, dropped


def load_baseline(path: str | Path) -> Baseline:
    where = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(where, "基线文件不存在 (no such baseline file)；用 --write-baseline 生成") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(where, f"不是基线文件 (not a baseline file): {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("reports"), list):
        raise ConfigError(where, "不是 juesuan 基线文件 (not a juesuan baseline file)；用 --write-baseline 生成")
    if data.get("version") != VERSION:
        raise ConfigError(where, f"基线文件版本 {data.get('version')!r} 不受支持 (unsupported version)")
    baseline = Baseline()
    for entry in data["reports"]:
        try:
            counts = baseline.reports.setdefault(str(entry["report"]), Counter())
            for item in entry["findings"]:
                counts[str(item["key"])] += 1
        except (KeyError, TypeError):
            raise ConfigError(where, "基线文件内容不完整 (malformed baseline entry)") from None
    return baseline


class BaselineWriter:
    """Writes a baseline as results arrive: one entry per report, each finding with its key."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._first = True
        self.count = 0
        out.write(json.dumps({"format": FORMAT, "version": VERSION, "tool": f"juesuan {__version__}"},
                             ensure_ascii=False)[:-1])
        out.write(', "reports": [')

    def add(self, file: str, department: str | None, year: int | None, findings: Iterable[Finding]) -> None:
        items: list[dict[str, Any]] = [
            {"key": finding_key(f), "rule": f.rule, "severity": f.severity, "message": f.message} for f in findings
        ]
        entry = {"report": report_key(file, department, year), "file": file, "findings": items}
        self._out.write(("\n " if self._first else ",\n ") + json.dumps(entry, ensure_ascii=False))
        self._first = False
        self.count += len(items)

    def close(self) -> None:
        self._out.write("\n]}\n")
