"""Read a 决算填报 workbook (made by ``juesuan template``) back into the report model.

Tables come from 表1-表9 (a table with a 无数据说明 and no figures is empty with
that statement; a sheet left entirely blank is absent), the officer's inputs from
基本信息, 补充信息, 项目支出用途 and 绩效自评 into the narrative facts and the
performance.  Amounts are read as Decimal rounded to the cent; a blank cell stays
None and a typed 0 becomes 0.00.

Every value keeps the cell it was typed in, the Excel way ("表2 收入决算表!D6"), so
that a finding on a workbook points at its cell.  A cell that is not what its place
asks for (text in an amount, "264,87" whose comma cannot be a thousands separator)
is an error at that cell; all of them are reported together, not the first only.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from juesuan.errors import BadWorkbook, UnfilledWorkbook, UnsupportedFile
from juesuan.model import (
    TABLE_COLUMNS,
    TABLE_KEYS,
    THREE_PUBLIC_ALL_ITEMS,
    Amount,
    Cell,
    Performance,
    Report,
    Row,
    Source,
    Table,
)
from juesuan.read.tables.three_public_total import total_includes
from juesuan.workbook_layout import (
    COLUMN_KEYS_PREFIX,
    FIRST_DATA_ROW,
    HEADER_ROW,
    INFO_SHEET,
    NOTE_CELL,
    PERFORMANCE_INDICATOR_COLUMNS,
    PERFORMANCE_KEY_COLUMN,
    PERFORMANCE_PROJECT_COLUMNS,
    PERFORMANCE_SHEET,
    PROJECTS_SHEET,
    SHEET_NAMES,
    SUPPLEMENT_SHEET,
    TWO_SIDED_TOTALS,
    path_kind,
)

CENT = Decimal("0.01")
MAX_LISTED = 50  # errors named one by one; beyond that, how many more
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?|[+-]?\.\d+")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


class CellError(ValueError):
    """A cell that is not what its place asks for; the message says why (the reader adds where)."""


def to_amount(value: Any) -> Amount:
    """A cell as an amount: a number, or numeric text ("1,157.27" with real thousands separators).

    Blank ("", "-", "—") is None.  A comma that cannot be a thousands separator ("264,87",
    typed with a decimal comma) is an error, never 26487.00; so is anything else that is not
    a plain decimal number (text, 1e5, NaN).
    """
    if value is None or (isinstance(value, str) and value.strip() in ("", "-", "—")):
        return None
    if isinstance(value, bool):
        raise CellError("不是金额 (not an amount)")
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        if not number.is_finite():
            raise CellError("不是金额 (not an amount)")
        return number.quantize(CENT, rounding=ROUND_HALF_UP)
    text = "".join(str(value).translate(_FULL_WIDTH).split())
    if "," in text:
        if not _THOUSANDS.fullmatch(text):
            raise CellError("逗号不是千位分隔符，小数点请用“.” (a comma that cannot be a thousands separator)")
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(text):
        raise CellError("不是金额 (not an amount)")
    try:
        return Decimal(text).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise CellError("不是金额 (not an amount)") from None


def to_count(value: Any) -> int | None:
    """A whole number that is not negative (车辆数, 项目个数): 3 or "3"; 3.5 is an error."""
    amount = to_amount(value)
    if amount is None:
        return None
    if amount != amount.to_integral_value() or amount < 0:
        raise CellError("应为不小于 0 的整数 (not a whole number)")
    return int(amount)


def _number(value: Any, count: bool = False) -> Any:
    """A performance figure as typed, as Decimal (a count stays an int); text that is no number stays text."""
    if value is None or value == "":
        return None
    if count:
        return to_count(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return value.strip()
        return number if number.is_finite() else value.strip()
    return value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _code(value: Any) -> str | None:
    text = _text(value)
    return text.replace(" ", "") if text else None


class _Sheet:
    """One worksheet, its cells named the Excel way, and the errors found in it."""

    def __init__(self, ws: Any, errors: list[str]) -> None:
        self.ws = ws
        self.errors = errors

    @property
    def title(self) -> str:
        return str(self.ws.title)

    @property
    def max_row(self) -> int:
        return int(self.ws.max_row)

    @property
    def max_column(self) -> int:
        return int(self.ws.max_column)

    def value(self, row: int, col: int) -> Any:
        return self.ws.cell(row=row, column=col).value

    def ref(self, row: int, col: int) -> str:
        return f"{self.title}!{self.ws.cell(row=row, column=col).coordinate}"

    def text(self, row: int, col: int) -> str | None:
        return _text(self.value(row, col))

    def amount(self, row: int, col: int) -> Amount:
        value = self.value(row, col)
        try:
            return to_amount(value)
        except CellError as exc:
            self.error(row, col, value, str(exc))
            return None

    def count(self, row: int, col: int) -> int | None:
        value = self.value(row, col)
        try:
            return to_count(value)
        except CellError as exc:
            self.error(row, col, value, str(exc))
            return None

    def error(self, row: int, col: int, value: Any, reason: str) -> None:
        self.errors.append(f"{self.ref(row, col)} “{value}”：{reason}")

    def note(self) -> str | None:
        return _text(self.ws[NOTE_CELL].value)


def _finish(table: Table, has_figures: bool, note: str | None) -> Table | None:
    if not has_figures:
        if note:
            return Table(key=table.key, empty=True, note=note)
        return None
    return table


def _row_table(sheet: _Sheet, key: str) -> Table | None:
    columns = list(TABLE_COLUMNS[key])
    for col in range(1, sheet.max_column + 1):
        marker = sheet.value(HEADER_ROW, col)
        if isinstance(marker, str) and marker.startswith(COLUMN_KEYS_PREFIX):
            columns = [c for c in marker[len(COLUMN_KEYS_PREFIX):].split(",") if c]
    n = len(columns)
    table = Table(key=key, columns=columns)
    has = False
    total = [sheet.amount(FIRST_DATA_ROW, 3 + i) for i in range(n)]
    table.total_cells = [sheet.ref(FIRST_DATA_ROW, 3 + i) for i in range(n)]
    for r in range(FIRST_DATA_ROW + 1, sheet.max_row + 1):
        code = _code(sheet.value(r, 1))
        name = sheet.text(r, 2)
        values = [sheet.amount(r, 3 + i) for i in range(n)]
        if not code and not name and all(v is None for v in values):
            continue
        table.rows.append(Row(name or "", values, code=code, cells=[sheet.ref(r, 3 + i) for i in range(n)]))
        has = True
    if any(v is not None for v in total):
        table.total = total
        has = True
    elif table.rows:
        tops = [r for r in table.rows if r.code and len(r.code) == 3]
        table.total = [sum((r.values[i] or Decimal(0) for r in tops), Decimal(0)).quantize(CENT)
                       if any(r.values[i] is not None for r in tops) else None for i in range(n)]
    return _finish(table, has, sheet.note())


def _two_sided(sheet: _Sheet, key: str) -> Table | None:
    fiscal = key == "fiscal_summary"
    n_exp = 4 if fiscal else 1
    table = Table(key=key)
    totals = TWO_SIDED_TOTALS[key]
    total_rows_start = None
    for r in range(FIRST_DATA_ROW, sheet.max_row + 1):
        if sheet.text(r, 1) == totals[0][1]:
            total_rows_start = r
            break
    if total_rows_start is None:
        sheet.errors.append(f"{sheet.title}：找不到“{totals[0][1]}”行 (the total lines are missing)")
        return None
    has = False
    for r in range(FIRST_DATA_ROW, total_rows_start):
        name = sheet.text(r, 1)
        if name:
            value = sheet.amount(r, 2)
            table.income.append(Row(name, [value], cells=[sheet.ref(r, 2)]))
            has = has or value is not None
        ename = sheet.text(r, 3)
        if ename:
            values = [sheet.amount(r, 4 + k) for k in range(n_exp)]
            table.expenditure.append(Row(ename, values, cells=[sheet.ref(r, 4 + k) for k in range(n_exp)]))
            has = has or any(v is not None for v in values)
    for i, (lkey, _, rkey, _) in enumerate(totals):
        r = total_rows_start + i
        lval = sheet.amount(r, 2)
        rvals = [sheet.amount(r, 4 + k) for k in range(n_exp)]
        table.totals[lkey] = Row(lkey, [lval], cells=[sheet.ref(r, 2)])
        table.totals[rkey] = Row(rkey, rvals, cells=[sheet.ref(r, 4 + k) for k in range(n_exp)])
        has = has or lval is not None or any(v is not None for v in rvals)
    return _finish(table, has, sheet.note())


def _basic(sheet: _Sheet) -> Table | None:
    table = Table(key="basic_expenditure", columns=["amount"])
    has = False
    left: list[Row] = []
    right: list[Row] = []
    for r in range(FIRST_DATA_ROW, sheet.max_row + 1):
        if sheet.text(r, 2) == "人员经费合计":
            personnel, public = sheet.amount(r, 3), sheet.amount(r, 6)
            if personnel is not None:
                table.cells["personnel_total"] = Cell(personnel, ref=sheet.ref(r, 3))
            if public is not None:
                table.cells["public_total"] = Cell(public, ref=sheet.ref(r, 6))
            has = has or personnel is not None or public is not None
            break
        for col, side in ((1, left), (4, right)):
            code = _code(sheet.value(r, col))
            name = sheet.text(r, col + 1)
            value = sheet.amount(r, col + 2)
            if code or name or value is not None:  # a listed line stays, blank or not
                side.append(Row(name or "", [value], code=code, cells=[sheet.ref(r, col + 2)]))
    table.rows = left + right
    has = has or any(r.values[0] is not None for r in table.rows)
    return _finish(table, has, sheet.note())


def _three_public(sheet: _Sheet) -> Table | None:
    table = Table(key="three_public")
    has = False
    for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(THREE_PUBLIC_ALL_ITEMS) + 5):
        item = sheet.text(r, 4)
        if item not in THREE_PUBLIC_ALL_ITEMS:
            continue
        for col, group in ((2, "budget"), (3, "actual")):
            value = sheet.amount(r, col)
            table.cells[f"{group}.{item}"] = Cell(value, ref=sheet.ref(r, col))
            has = has or value is not None
    table.total_includes = total_includes(table)
    return _finish(table, has, sheet.note())


def _source(sheet: _Sheet, row: int, col: int, label: str | None) -> Source:
    return Source(page=0, text=label or "", cell=sheet.ref(row, col))


def _info(sheet: _Sheet, report: Report) -> None:
    for r in range(2, sheet.max_row + 1):
        key = sheet.text(r, 4)
        value = sheet.value(r, 2)
        if not key or value is None or value == "":
            continue
        if key == "department":
            report.department = _text(value)
        elif key == "year":
            year = sheet.count(r, 2)
            if year is not None and not 1990 <= year <= 2100:
                sheet.error(r, 2, value, "年度应为四位数字 (a four-digit year)")
            elif year is not None:
                report.year = year
        elif key == "unit":
            report.unit = _text(value) or "万元"
        elif key == "units_included":
            report.units_included = [u.strip() for u in str(value).replace("、", "\n").splitlines() if u.strip()]
        elif path_kind(key) == "int":
            count = sheet.count(r, 2)
            if count is not None:
                report.narrative.set(key, count, _source(sheet, r, 2, sheet.text(r, 1)), overwrite=True)
        else:
            report.narrative.set(key, str(value).strip(), _source(sheet, r, 2, sheet.text(r, 1)), overwrite=True)


def _supplement(sheet: _Sheet, report: Report) -> None:
    for r in range(2, sheet.max_row + 1):
        path = sheet.text(r, 5)
        value = sheet.value(r, 3)
        if not path or value is None or (isinstance(value, str) and not value.strip()):
            continue
        kind = path_kind(path)
        source = _source(sheet, r, 3, sheet.text(r, 2))
        parsed: Any
        if kind == "amount":
            parsed = sheet.amount(r, 3)
        elif kind == "int":
            parsed = sheet.count(r, 3)
        else:
            parsed = str(value).strip()
        if parsed is not None:
            report.narrative.set(path, parsed, source, overwrite=True)


def _projects(sheet: _Sheet, report: Report) -> None:
    projects: dict[str, Decimal] = {}
    for r in range(2, sheet.max_row + 1):
        name = sheet.text(r, 1)
        value = sheet.amount(r, 2)
        if name and value is not None:
            projects[name] = value
            report.narrative.sources[f"projects.{name}"] = _source(sheet, r, 2, name)
    if projects:
        report.narrative.set("projects", projects, overwrite=True)


def _performance(sheet: _Sheet) -> Performance | None:
    perf = Performance()
    section = ""
    header_seen = False
    for r in range(1, sheet.max_row + 1):
        first = sheet.value(r, 1)
        if isinstance(first, str) and first.startswith("【"):
            section, header_seen = first, False
            continue
        key = sheet.text(r, PERFORMANCE_KEY_COLUMN)
        if key and "." in key:
            group, name = key.split(".", 1)
            raw = sheet.value(r, 2)
            try:
                value = _number(raw, count=name == "projects")
            except CellError as exc:
                sheet.error(r, 2, raw, str(exc))
                continue
            if value is not None:
                (perf.overall if group == "overall" else perf.self_evaluated)[name] = value
                perf.sources[key] = _source(sheet, r, 2, sheet.text(r, 1))
            continue
        if "项目支出绩效自评表" in section or "绩效指标" in section:
            if not header_seen:
                header_seen = True
                continue
            columns = PERFORMANCE_PROJECT_COLUMNS if "项目" in section else PERFORMANCE_INDICATOR_COLUMNS
            values = {k: sheet.value(r, j) for j, (k, _) in enumerate(columns, 1)}
            if all(v is None or v == "" for v in values.values()):
                continue
            if columns is PERFORMANCE_PROJECT_COLUMNS:
                index = len(perf.projects)
                perf.projects.append({k: (_text(v) if k == "name" else _number(v)) for k, v in values.items()})
                for j, (k, _) in enumerate(columns, 1):
                    perf.sources[f"projects.{index}.{k}"] = _source(sheet, r, j, _text(values["name"]))
            else:
                perf.indicators.append({k: _text(v) for k, v in values.items()})
    return None if perf.is_empty() else perf


def _raise_errors(path: Path, errors: list[str]) -> None:
    if not errors:
        return
    listed = "；".join(errors[:MAX_LISTED])
    more = f"；另有 {len(errors) - MAX_LISTED} 处" if len(errors) > MAX_LISTED else ""
    raise BadWorkbook(str(path), f"{len(errors)} 处 ({len(errors)} cells): {listed}{more}")


def read_workbook(path: str | Path) -> Report:
    from openpyxl import load_workbook

    p = Path(path)
    try:
        wb = load_workbook(p, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnsupportedFile(str(p), f"无法读取工作簿 (cannot read workbook: {type(exc).__name__})") from None
    report = Report(source=str(p), source_format="xlsx")
    errors: list[str] = []

    def sheet(name: str) -> _Sheet | None:
        return _Sheet(wb[name], errors) if name in wb.sheetnames else None

    if (info := sheet(INFO_SHEET)) is not None:
        _info(info, report)
    for key in TABLE_KEYS:
        ws = sheet(SHEET_NAMES[key])
        if ws is None:
            continue
        if key in ("summary", "fiscal_summary"):
            table = _two_sided(ws, key)
        elif key == "basic_expenditure":
            table = _basic(ws)
        elif key == "three_public":
            table = _three_public(ws)
        else:
            table = _row_table(ws, key)
        if table is not None:
            report.tables[key] = table
    if (supplement := sheet(SUPPLEMENT_SHEET)) is not None:
        _supplement(supplement, report)
    if (projects := sheet(PROJECTS_SHEET)) is not None:
        _projects(projects, report)
    if (performance := sheet(PERFORMANCE_SHEET)) is not None:
        report.performance = _performance(performance)
    _raise_errors(p, errors)
    if not report.tables:
        if INFO_SHEET not in wb.sheetnames and not any(name in wb.sheetnames for name in SHEET_NAMES.values()):
            raise UnsupportedFile(str(p), "不是决算填报工作簿 (not a juesuan workbook: no 基本信息 or 表1-表9 sheet)")
        raise UnfilledWorkbook(str(p), "表1至表9均未填写，请先填报再生成报告 (tables 1-9 are all blank)")
    return report
