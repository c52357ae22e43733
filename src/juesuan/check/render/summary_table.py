"""A batch as one table (``--summary out.xlsx|out.csv``): a row per report, written as results arrive.

Columns: file, department, year, counts by severity, the key totals of the
report (收入支出总计, 本年收入合计, ...), then how many findings each rule
made.  The rule columns are the whole catalogue, so that tables of different
runs line up.  CSV is UTF-8 with a byte-order mark (so that Excel and WPS show
the Chinese); XLSX is written row by row (openpyxl write-only) with its rule
titles on a second sheet.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import IO, Any

from juesuan.check.batch import FileResult
from juesuan.check.rules import ALL_RULES
from juesuan.model import Amount, Report


def _summary(key: str, side: str = "income") -> Callable[[Report], Amount]:
    def get(report: Report) -> Amount:
        table = report.tables.get(key)
        row = table.totals.get(side) if table else None
        return row.values[0] if row and row.values else None

    return get


def _row_total(key: str, column: str) -> Callable[[Report], Amount]:
    def get(report: Report) -> Amount:
        table = report.tables.get(key)
        if table is None or not table.total:
            return None
        index = table.column(column)
        return table.total[index] if index is not None and index < len(table.total) else None

    return get


def _cell(key: str, cell: str) -> Callable[[Report], Amount]:
    def get(report: Report) -> Amount:
        table = report.tables.get(key)
        return table.value(cell) if table else None

    return get


# the totals a reader of many reports compares first, as printed in each report (万元)
KEY_TOTALS: dict[str, Callable[[Report], Amount]] = {
    "收入支出总计": _summary("summary", "grand_total.income"),
    "本年收入合计": _summary("summary", "income_total"),
    "本年支出合计": _summary("summary", "expenditure_total"),
    "基本支出": _row_total("expenditure", "basic"),
    "项目支出": _row_total("expenditure", "project"),
    "财政拨款收入支出总计": _summary("fiscal_summary", "grand_total.income"),
    "一般公共预算财政拨款支出": _row_total("general_budget", "total"),
    "“三公”经费决算数": _cell("three_public", "actual.total"),
}


def key_totals(report: Report) -> dict[str, Decimal | None]:
    return {label: get(report) for label, get in KEY_TOTALS.items()}


HEAD: tuple[str, ...] = ("文件", "部门", "年度", "格式", "页数", "错误", "警告", "提示", "基线已接受", "无法读取")


def header() -> list[str]:
    return [*HEAD, *(f"{label}（万元）" for label in KEY_TOTALS), *(r.id for r in ALL_RULES)]


def row(result: FileResult) -> list[Any]:
    counts = result.counts()
    by_rule = Counter(f.rule for f in result.findings)
    read = result.error is None
    return [
        result.file, result.department, result.year, result.source_format, result.page_count,
        *((counts[k] if read else None) for k in ("error", "warning", "info")),
        result.suppressed if read else None,
        result.error,
        *(result.totals.get(label) for label in KEY_TOTALS),
        *((by_rule.get(r.id, 0) if read else None) for r in ALL_RULES),
    ]


class CsvSummary:
    def __init__(self, out: IO[str]) -> None:
        out.write("\ufeff")
        self._writer = csv.writer(out)
        self._writer.writerow(header())

    def add(self, result: FileResult) -> None:
        self._writer.writerow(["" if v is None else v for v in row(result)])

    def close(self) -> None:
        pass


class XlsxSummary:
    """Rows go to openpyxl's write-only sheet (kept in a temporary file, not in memory); saved on close."""

    def __init__(self, out: IO[bytes]) -> None:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        self._out = out
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet("审核汇总")
        self._sheet.freeze_panes = "C2"
        for letter, width in (("A", 48), ("B", 30), ("J", 40)):
            self._sheet.column_dimensions[letter].width = width
        bold = Font(bold=True)
        cells = []
        for title in header():
            cell = WriteOnlyCell(self._sheet, value=title)
            cell.font = bold
            cells.append(cell)
        self._sheet.append(cells)
        self._amounts = {i for i, title in enumerate(header()) if title.endswith("（万元）")}
        self._cell = WriteOnlyCell

    def add(self, result: FileResult) -> None:
        values = row(result)
        cells: list[Any] = []
        for i, value in enumerate(values):
            if i in self._amounts and value is not None:
                cell = self._cell(self._sheet, value=value)
                cell.number_format = "#,##0.00"
                cells.append(cell)
            else:
                cells.append(value)
        self._sheet.append(cells)

    def close(self) -> None:
        rules = self._book.create_sheet("规则")
        rules.append(["规则", "标题", "严重程度"])
        for r in ALL_RULES:
            rules.append([r.id, r.title, r.severity])
        self._book.save(self._out)

