"""A finding: one rule's verdict on one place of one report, as data (rendered later)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from juesuan.model import TABLE_KEYS, Box

Severity = Literal["error", "warning", "info"]

SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(frozen=True)
class Location:
    """Where a finding points: a table cell (table, row, column, box) or a narrative sentence (page, text)."""

    page: int | None = None
    table: str | None = None
    row_code: str | None = None
    row_name: str | None = None
    column: str | None = None
    box: Box | None = None
    text: str | None = None  # the sentence of the 情况说明, or the printed line
    path: str | None = None  # narrative / performance fact path
    cell: str | None = None  # read from the workbook: the cell, the Excel way ("表2 收入决算表!D6")

    def describe(self) -> str:
        """A short Chinese description: 第3页 表3 支出决算表 208 社会保障和就业支出 [合计]
        (from a workbook: 表3 支出决算表!C9 208 社会保障和就业支出 [合计])."""
        from juesuan.model import TABLE_TITLES

        parts: list[str] = []
        if self.cell:
            parts.append(self.cell)
        elif self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table and not self.cell:
            parts.append(TABLE_TITLES.get(self.table, self.table))
        row = " ".join(p for p in (self.row_code, self.row_name) if p)
        if row:
            parts.append(row)
        if self.column:
            parts.append(f"[{self.column}]")
        if self.path and not self.table and not self.cell:
            if self.path.startswith("绩效自评"):
                parts.append(self.path)
            else:
                from juesuan.check.fact_labels import fact_label

                parts.append(f"情况说明 {fact_label(self.path)}")
        if self.text:
            parts.append(f"“{self.text}”")
        return " ".join(parts)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in ("page", "table", "row_code", "row_name", "column", "text", "path", "cell"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.box is not None:
            out["box"] = [self.box.page, *self.box.to_json()]
        return out


@dataclass(frozen=True)
class Hit:
    """What a rule function reports; the runner adds the rule's id and default severity."""

    message: str
    location: Location = field(default_factory=Location)
    severity: Severity | None = None  # None: the rule's own severity
    printed: str | None = None
    expected: str | None = None
    related: tuple[Location, ...] = ()
    rounding: bool = True  # an info hit is a 取整差异 unless a rule says otherwise
    basis: tuple[Location, ...] = ()  # what else the verdict rests on (cells, facts) besides location and related


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    location: Location
    section: str
    printed: str | None = None
    expected: str | None = None
    related: tuple[Location, ...] = ()
    doubt: str | None = None  # why the reading behind this finding is in doubt (the severity was lowered)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "section": self.section,
            "message": self.message,
            "location": self.location.to_json(),
        }
        if self.printed is not None:
            out["printed"] = self.printed
        if self.expected is not None:
            out["expected"] = self.expected
        if self.related:
            out["related"] = [loc.to_json() for loc in self.related]
        if self.doubt is not None:
            out["doubt"] = self.doubt
        return out

    def sort_key(self) -> tuple[int, int, int]:
        """Errors, then warnings, then info; within a severity by page (document-wide findings first), then
        table in the template's order.  The sort is stable, so ties keep the catalogue's order."""
        table = self.location.table
        order = -1 if table is None else TABLE_KEYS.index(table) if table in TABLE_KEYS else len(TABLE_KEYS)
        return (SEVERITY_ORDER[self.severity], self.location.page or 0, order)
