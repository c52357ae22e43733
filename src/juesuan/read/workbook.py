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
from bisect import bisect_left
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

from juesuan.errors import BadWorkbook, UnfilledWorkbook, UnsupportedFile
from juesuan.model import (
    COLUMN_LABELS,
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
MAX_WHOLE_DIGITS = 15
MAX_AMOUNT = Decimal(10) ** MAX_WHOLE_DIGITS
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NUMERIC_WORD = re.compile(r"[+-]?(?:s?nan\d*|inf|infinity)", re.IGNORECASE)
MAX_LISTED = 50  # errors named one by one; beyond that, how many more
MAX_TABLE_COLUMNS = 30  # a row table's columns (the widest national table has 7)
MAX_NAME = 500  # characters in a department name
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
        return _cents(number)
    text = "".join(str(value).translate(_FULL_WIDTH).split())
    if "," in text:
        if not _THOUSANDS.fullmatch(text):
            raise CellError("逗号不是千位分隔符，小数点请用“.” (a comma that cannot be a thousands separator)")
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(text):
        raise CellError("不是金额 (not an amount)")
    return _cents(Decimal(text))


def _cents(number: Decimal) -> Decimal:
    """An amount rounded to the cent; beyond any amount (16 whole digits or more) it is an error, not a crash."""
    if abs(number) >= MAX_AMOUNT:
        raise CellError(f"数值过大 (more than {MAX_WHOLE_DIGITS} whole digits)")
    return number.quantize(CENT, rounding=ROUND_HALF_UP)


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
        number = Decimal(str(value))
        if not number.is_finite() or abs(number) >= MAX_AMOUNT:
            raise CellError("不是有限的数，或数值过大 (not a finite number of at most 15 whole digits)")
        return number
    if isinstance(value, str):
        text = value.strip()
        if _NUMERIC_WORD.fullmatch(text):
            raise CellError("不是数 (not a number)")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        if not _PLAIN_NUMBER.fullmatch(text) or abs(number) >= MAX_AMOUNT:
            raise CellError("不是普通的小数，或数值过大 (not a plain decimal number)")
        return number
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
    """One worksheet as the values it holds (streamed in, blank cells never stored), named the Excel way, and
    the errors found in it.  Loops go over the rows that hold a value: a stray cell in row 1,048,576 costs one
    row, not a million."""

    def __init__(self, title: str, cells: dict[tuple[int, int], Any], errors: list[str]) -> None:
        self._title = title
        self.cells = cells
        self.errors = errors
        self.row_numbers = sorted({r for r, _ in cells})

    @property
    def title(self) -> str:
        return self._title

    @property
    def max_row(self) -> int:
        return self.row_numbers[-1] if self.row_numbers else 0

    @property
    def max_column(self) -> int:
        return max((c for _, c in self.cells), default=0)

    def rows(self, first: int = 1, stop: int | None = None) -> list[int]:
        """The rows from ``first`` (and before ``stop``) that hold a value."""
        lo = bisect_left(self.row_numbers, first)
        hi = len(self.row_numbers) if stop is None else bisect_left(self.row_numbers, stop)
        return self.row_numbers[lo:hi]

    def value(self, row: int, col: int) -> Any:
        return self.cells.get((row, col))

    def ref(self, row: int, col: int) -> str:
        return f"{self.title}!{get_column_letter(col)}{row}"

    def text(self, row: int, col: int) -> str | None:
        value = self.value(row, col)
        text = _text(value)
        if text is not None and _NOT_XML.search(text):
            self.error(row, col, value, "含控制字符或无效字符 (control or invalid character)")
            return None
        return text

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
        shown = _NOT_XML.sub("\ufffd", str(value))
        self.errors.append(f"{self.ref(row, col)} “{shown[:40]}”：{reason}")

    def note(self) -> str | None:
        col, row = coordinate_from_string(NOTE_CELL)
        return self.text(row, column_index_from_string(col))


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
            columns = [c.strip() for c in marker[len(COLUMN_KEYS_PREFIX):].split(",") if c.strip()]
            unknown = [c for c in columns if c not in COLUMN_LABELS]
            if unknown or not columns or len(columns) > MAX_TABLE_COLUMNS:
                sheet.error(HEADER_ROW, col, marker, f"列代码不对 (unknown column keys: {', '.join(unknown)[:60]})")
                return None
    n = len(columns)
    table = Table(key=key, columns=columns)
    has = False
    total = [sheet.amount(FIRST_DATA_ROW, 3 + i) for i in range(n)]
    table.total_cells = [sheet.ref(FIRST_DATA_ROW, 3 + i) for i in range(n)]
    for r in sheet.rows(FIRST_DATA_ROW + 1):
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
    for r in sheet.rows(FIRST_DATA_ROW):
        if sheet.text(r, 1) == totals[0][1]:
            total_rows_start = r
            break
    if total_rows_start is None:
        sheet.errors.append(f"{sheet.title}：找不到“{totals[0][1]}”行 (the total lines are missing)")
        return None
    has = False
    for r in sheet.rows(FIRST_DATA_ROW, total_rows_start):
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
    for r in sheet.rows(FIRST_DATA_ROW):
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
    for r in sheet.rows(2):
        key = sheet.text(r, 4)
        value = sheet.value(r, 2)
        if not key or value is None or value == "":
            continue
        if key == "department":
            report.department = sheet.text(r, 2)
            if report.department and len(report.department) > MAX_NAME:
                sheet.error(r, 2, value, f"部门名称超过 {MAX_NAME} 字 (longer than {MAX_NAME} characters)")
        elif key == "year":
            try:
                year = to_count(value)
            except CellError:
                year = -1
            if year is not None and not 1990 <= year <= 2100:
                sheet.error(r, 2, value, "年度应为 1990 至 2100 之间的四位数字 (a four-digit year)")
            elif year is not None:
                report.year = year
        elif key == "unit":
            report.unit = sheet.text(r, 2) or "万元"
        elif key == "units_included":
            units = sheet.text(r, 2) or ""
            report.units_included = [u.strip() for u in units.replace("、", "\n").splitlines() if u.strip()]
        elif path_kind(key) == "int":
            count = sheet.count(r, 2)
            if count is not None:
                report.narrative.set(key, count, _source(sheet, r, 2, sheet.text(r, 1)), overwrite=True)
        elif (text := sheet.text(r, 2)) is not None:
            report.narrative.set(key, text, _source(sheet, r, 2, sheet.text(r, 1)), overwrite=True)


def _supplement(sheet: _Sheet, report: Report) -> None:
    for r in sheet.rows(2):
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
            parsed = sheet.text(r, 3)
        if parsed is not None:
            report.narrative.set(path, parsed, source, overwrite=True)


def _projects(sheet: _Sheet, report: Report) -> None:
    projects: dict[str, Decimal] = {}
    for r in sheet.rows(2):
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
    for r in sheet.rows(1):
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
                project: dict[str, Any] = {}
                for j, (k, _) in enumerate(columns, 1):
                    try:
                        project[k] = sheet.text(r, j) if k == "name" else _number(values[k])
                    except CellError as exc:
                        sheet.error(r, j, values[k], str(exc))
                        project[k] = None
                perf.projects.append(project)
                for j, (k, _) in enumerate(columns, 1):
                    perf.sources[f"projects.{index}.{k}"] = _source(sheet, r, j, project.get("name"))
            else:
                perf.indicators.append({k: sheet.text(r, j) for j, (k, _) in enumerate(columns, 1)})
    return None if perf.is_empty() else perf


def _raise_errors(path: Path, errors: list[str]) -> None:
    if not errors:
        return
    listed = "；".join(errors[:MAX_LISTED])
    more = f"；另有 {len(errors) - MAX_LISTED} 处" if len(errors) > MAX_LISTED else ""
    raise BadWorkbook(str(path), f"{len(errors)} 处 ({len(errors)} cells): {listed}{more}")


def read_workbook(path: str | Path) -> Report:
    p = Path(path)
    from juesuan.read.workbook_cells import load_sheets

    errors: list[str] = []
    sheets = load_sheets(p, _WANTED)  # parts measured before they are parsed, rows counted as they stream
    report = Report(source=str(p), source_format="xlsx")

    def sheet(name: str) -> _Sheet | None:
        return _Sheet(name, sheets[name], errors) if name in sheets else None

    if (info := sheet(INFO_SHEET)) is not None:
        _info(info, report)
    elif any(name in sheets for name in SHEET_NAMES.values()):
        errors.append(f"缺少“{INFO_SHEET}”工作表（部门名称、年度）(the {INFO_SHEET} sheet is missing)")
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
        if INFO_SHEET not in sheets and not any(name in sheets for name in SHEET_NAMES.values()):
            raise UnsupportedFile(str(p), "不是决算填报工作簿 (not a juesuan workbook: no 基本信息 or 表1-表9 sheet)")
        raise UnfilledWorkbook(str(p), "表1至表9均未填写，请先填报再生成报告 (tables 1-9 are all blank)")
    return report


# the sheets the reader reads, and how many columns of each it needs
_WANTED: dict[str, int] = {
    INFO_SHEET: 4,
    SUPPLEMENT_SHEET: 5,
    PROJECTS_SHEET: 2,
    PERFORMANCE_SHEET: max(PERFORMANCE_KEY_COLUMN, len(PERFORMANCE_PROJECT_COLUMNS),
                           len(PERFORMANCE_INDICATOR_COLUMNS)),
    **{name: 40 for name in SHEET_NAMES.values()},
}
