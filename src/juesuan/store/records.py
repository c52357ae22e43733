"""A report as rows for the database: amounts in long form, narrative facts, problems, findings.

Workers build a ``ReportRecord`` (plain data, cheap to pickle) and the client writes it; nothing here
touches the database.  Blank cells are not amounts and give no row; a printed 0.00 does.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from juesuan.check.finding import Finding
from juesuan.model import THREE_PUBLIC_LABELS, Amount, Box, Report, Row, Table
from juesuan.model_json import report_from_json, report_to_json
from juesuan.store.labels import CELL_NAMES

# (table_key, side, line, code, name, column_key, amount, page, box)
AmountRow = tuple[str, str, int | None, str | None, str | None, str, Decimal, int | None, Box | None]
# (path, value, amount, page, sentence)
FactRow = tuple[str, str, Decimal | None, int | None, str | None]
# (kind, table_key, page, message)
ProblemRow = tuple[str, str | None, int | None, str]

# column keys of the two-sided tables' value lists
SUMMARY_COLUMNS: tuple[str, ...] = ("amount",)
FISCAL_EXPENDITURE_COLUMNS: tuple[str, ...] = ("total", "general_budget", "gov_fund", "state_capital")


def fingerprint(rule: str, table: str | None, row_code: str | None, row_name: str | None, column: str | None,
                path: str | None, text: str | None, printed: str | None, expected: str | None) -> str:
    """What recognises a finding across checks of the same report: its rule, its place (table, row, column,
    情况说明 path, sentence) and its printed and expected values (``juesuan.check.baseline.finding_key``),
    hashed; not its page or wording.  A review (确认 / 误报 / 已整改) is kept by it."""
    sentence = "".join(text.split()) if text else None
    parts = (rule, table, row_code or row_name, column, path, sentence, printed, expected)
    key = "|".join(str(x) if x is not None else "" for x in parts)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


@dataclass
class FindingRow:
    rule: str
    severity: str
    section: str
    message: str
    page: int | None
    table_key: str | None
    row_code: str | None
    row_name: str | None
    column_label: str | None
    text: str | None
    path: str | None
    printed: str | None
    expected: str | None
    fingerprint: str | None = None

    @classmethod
    def of(cls, f: Finding) -> FindingRow:
        loc = f.location
        return cls(f.rule, f.severity, f.section, f.message, loc.page, loc.table, loc.row_code, loc.row_name,
                   loc.column, loc.text, loc.path, f.printed, f.expected,
                   fingerprint(f.rule, loc.table, loc.row_code, loc.row_name, loc.column, loc.path, loc.text,
                               f.printed, f.expected))


@dataclass
class CheckRecord:
    """One run of the checker over one reading (or over a reading and last year's, for X4xx)."""

    checker_version: str
    findings: list[FindingRow] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {"errors": 0, "warnings": 0, "infos": 0}
        for f in self.findings:
            out[{"error": "errors", "warning": "warnings"}.get(f.severity, "infos")] += 1
        return out


@dataclass
class ReportRecord:
    """Everything a worker learned about one file."""

    path: str
    file_name: str
    size: int
    mtime_ns: int
    content_hash: str
    format: str | None
    reader_version: str
    status: str = "ok"  # ok | failed
    error: str | None = None
    exit_code: int | None = None
    department: str | None = None
    region: str | None = None
    year: int | None = None
    kind: str | None = None
    pages: int | None = None
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # the worker's CPU time on this file (what a dedicated core would take)
    model: bytes | None = None
    amounts: list[AmountRow] = field(default_factory=list)
    facts: list[FactRow] = field(default_factory=list)
    problems: list[ProblemRow] = field(default_factory=list)
    check: CheckRecord | None = None
    worker_peak_kb: int = 0


def pack_model(report: Report) -> bytes:
    return zlib.compress(json.dumps(report_to_json(report), ensure_ascii=False).encode("utf-8"), 6)


def unpack_model(blob: bytes) -> Report:
    return report_from_json(json.loads(zlib.decompress(blob)))


def _values(table: str, side: str, line: int | None, code: str | None, name: str | None,
            columns: Iterable[str], values: list[Amount], page: int | None,
            boxes: list[Box | None] | None) -> Iterator[AmountRow]:
    for i, column in enumerate(columns):
        value = values[i] if i < len(values) else None
        if value is None:
            continue
        box = boxes[i] if boxes and i < len(boxes) else None
        yield (table, side, line, code, name, column, value, box.page if box else page, box)


def _row(table: Table, side: str, line: int, row: Row, columns: tuple[str, ...] | list[str]) -> Iterator[AmountRow]:
    page = row.page if row.page is not None else (table.pages[0] if table.pages else None)
    yield from _values(table.key, side, line, row.code, row.name, columns, row.values, page, row.boxes)


def table_amounts(table: Table) -> Iterator[AmountRow]:
    first_page = table.pages[0] if table.pages else None
    if table.empty:
        return
    if table.two_sided:
        expenditure_columns = FISCAL_EXPENDITURE_COLUMNS if table.key == "fiscal_summary" else SUMMARY_COLUMNS
        for i, row in enumerate(table.income):
            yield from _row(table, "income", i, row, SUMMARY_COLUMNS)
        for i, row in enumerate(table.expenditure):
            yield from _row(table, "expenditure", i, row, expenditure_columns)
        for i, (name, row) in enumerate(table.totals.items()):
            columns = expenditure_columns if len(row.values) > 1 else SUMMARY_COLUMNS
            yield from _values(table.key, "totals", i, None, name, columns, row.values,
                               row.page if row.page is not None else first_page, row.boxes)
        return
    for i, row in enumerate(table.rows):
        yield from _row(table, "rows", i, row, table.columns)
    if table.total is not None:
        yield from _values(table.key, "total", None, None, "合计", table.columns, table.total, first_page,
                           table.total_boxes)
    for i, (key, cell) in enumerate(table.cells.items()):
        if cell.value is None:
            continue
        group, _, item = key.partition(".")
        if item:  # 三公: budget.total -> code total, column budget
            name = THREE_PUBLIC_LABELS.get(item, item)
            yield (table.key, "cells", i, item, name, group, cell.value,
                   cell.box.page if cell.box else first_page, cell.box)
        else:  # personnel_total, public_total
            yield (table.key, "cells", i, key, CELL_NAMES.get(key, key), "amount", cell.value,
                   cell.box.page if cell.box else first_page, cell.box)


def report_amounts(report: Report) -> list[AmountRow]:
    return [a for table in report.tables.values() for a in table_amounts(table)]


def _leaves(value: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, f"{prefix}.{i}")
    else:
        yield prefix, value


def _fact(path: str, value: Any, page: int | None, sentence: str | None) -> FactRow:
    amount = value if isinstance(value, Decimal) else None
    return (path, "" if value is None else str(value), amount, page, sentence)


def report_facts(report: Report) -> list[FactRow]:
    out: list[FactRow] = []
    for path, value in _leaves(report.narrative.facts, ""):
        src = report.narrative.sources.get(path)
        out.append(_fact(path, value, src.page if src else None, src.text if src else None))
    for key, table in report.tables.items():  # 本表无数据: a statement of the document, not a missing table
        if table.empty:
            out.append((f"tables.{key}.empty", "true", None, table.pages[0] if table.pages else None, table.note))
    perf = report.performance
    if perf is not None:
        for group, data in (("overall", perf.overall), ("self_evaluated", perf.self_evaluated),
                            ("projects", perf.projects)):
            for path, value in _leaves(data, f"performance.{group}"):
                src = perf.sources.get(path.removeprefix("performance."))
                out.append(_fact(path, value, src.page if src else None, src.text if src else None))
    return out


def report_problems(report: Report) -> list[ProblemRow]:
    return [(p.kind, p.table, p.page, p.message) for p in report.problems]
