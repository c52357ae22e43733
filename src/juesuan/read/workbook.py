"""Read a 决算填报 workbook (made by ``juesuan template``) back into the report model.

Tables come from 表1-表9 (a table with a 无数据说明 and no figures is empty with
that statement; a sheet left entirely blank is absent), the officer's inputs from
基本信息, 补充信息, 项目支出用途 and 绩效自评 into the narrative facts and the
performance.  Amounts are read as Decimal rounded to the cent; a blank cell stays
None and a typed 0 becomes 0.00.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from juesuan.errors import UnsupportedFile
from juesuan.model import (
    TABLE_COLUMNS,
    TABLE_KEYS,
    THREE_PUBLIC_ALL_ITEMS,
    Amount,
    Cell,
    Performance,
    Report,
    Row,
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
    PERFORMANCE_PROJECT_COLUMNS,
    PERFORMANCE_SHEET,
    PROJECTS_SHEET,
    SHEET_NAMES,
    SUPPLEMENT_SHEET,
    TWO_SIDED_TOTALS,
    path_kind,
)

CENT = Decimal("0.01")


def to_amount(value: Any, where: str = "") -> Amount:
    """A cell as an amount: numbers and numeric text; blank -> None; anything else is an error."""
    if value is None or (isinstance(value, str) and value.strip() in ("", "-", "—")):
        return None
    if isinstance(value, bool):
        raise ValueError(f"{where}: 不是金额 {value!r}")
    try:
        text = str(value).replace(",", "").strip()
        return Decimal(text).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(f"{where}: 不是金额 {value!r}") from None


def _number(value: Any, count: bool = False) -> Any:
    """A performance figure as typed, as Decimal (a count stays an int)."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value if count else Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            return value.strip()
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


def _note(ws: Any) -> str | None:
    return _text(ws[NOTE_CELL].value)


def _finish(table: Table, has_figures: bool, note: str | None) -> Table | None:
    if not has_figures:
        if note:
            return Table(key=table.key, empty=True, note=note)
        return None
    return table


def _row_table(ws: Any, key: str) -> Table | None:
    columns = list(TABLE_COLUMNS[key])
    for col in range(1, ws.max_column + 1):
        marker = ws.cell(row=HEADER_ROW, column=col).value
        if isinstance(marker, str) and marker.startswith(COLUMN_KEYS_PREFIX):
            columns = [c for c in marker[len(COLUMN_KEYS_PREFIX):].split(",") if c]
    n = len(columns)
    table = Table(key=key, columns=columns)
    has = False
    total = [to_amount(ws.cell(row=FIRST_DATA_ROW, column=3 + i).value, f"{ws.title}!合计") for i in range(n)]
    for r in range(FIRST_DATA_ROW + 1, ws.max_row + 1):
        code = _code(ws.cell(row=r, column=1).value)
        name = _text(ws.cell(row=r, column=2).value)
        values = [to_amount(ws.cell(row=r, column=3 + i).value, f"{ws.title}!R{r}") for i in range(n)]
        if not code and not name and all(v is None for v in values):
            continue
        table.rows.append(Row(name or "", values, code=code))
        has = True
    if any(v is not None for v in total):
        table.total = total
        has = True
    elif table.rows:
        tops = [r for r in table.rows if r.code and len(r.code) == 3]
        table.total = [sum((r.values[i] or Decimal(0) for r in tops), Decimal(0)).quantize(CENT)
                       if any(r.values[i] is not None for r in tops) else None for i in range(n)]
    return _finish(table, has, _note(ws))


def _two_sided(ws: Any, key: str) -> Table | None:
    fiscal = key == "fiscal_summary"
    n_exp = 4 if fiscal else 1
    table = Table(key=key)
    totals = TWO_SIDED_TOTALS[key]
    total_rows_start = None
    for r in range(FIRST_DATA_ROW, ws.max_row + 1):
        if _text(ws.cell(row=r, column=1).value) == totals[0][1]:
            total_rows_start = r
            break
    if total_rows_start is None:
        raise ValueError(f"{ws.title}: 找不到“{totals[0][1]}”行")
    has = False
    for r in range(FIRST_DATA_ROW, total_rows_start):
        name = _text(ws.cell(row=r, column=1).value)
        if name:
            value = to_amount(ws.cell(row=r, column=2).value, f"{ws.title}!B{r}")
            table.income.append(Row(name, [value]))
            has = has or value is not None
        ename = _text(ws.cell(row=r, column=3).value)
        if ename:
            values = [to_amount(ws.cell(row=r, column=4 + k).value, f"{ws.title}!R{r}") for k in range(n_exp)]
            table.expenditure.append(Row(ename, values))
            has = has or any(v is not None for v in values)
    for i, (lkey, _, rkey, _) in enumerate(totals):
        r = total_rows_start + i
        lval = to_amount(ws.cell(row=r, column=2).value, f"{ws.title}!B{r}")
        rvals = [to_amount(ws.cell(row=r, column=4 + k).value, f"{ws.title}!R{r}") for k in range(n_exp)]
        table.totals[lkey] = Row(lkey, [lval])
        table.totals[rkey] = Row(rkey, rvals)
        has = has or lval is not None or any(v is not None for v in rvals)
    return _finish(table, has, _note(ws))


def _basic(ws: Any) -> Table | None:
    table = Table(key="basic_expenditure", columns=["amount"])
    has = False
    left: list[Row] = []
    right: list[Row] = []
    for r in range(FIRST_DATA_ROW, ws.max_row + 1):
        label = _text(ws.cell(row=r, column=2).value)
        if label == "人员经费合计":
            personnel = to_amount(ws.cell(row=r, column=3).value, f"{ws.title}!C{r}")
            public = to_amount(ws.cell(row=r, column=6).value, f"{ws.title}!F{r}")
            if personnel is not None:
                table.cells["personnel_total"] = Cell(personnel)
            if public is not None:
                table.cells["public_total"] = Cell(public)
            has = has or personnel is not None or public is not None
            break
        for col, side in ((1, left), (4, right)):
            code = _code(ws.cell(row=r, column=col).value)
            name = _text(ws.cell(row=r, column=col + 1).value)
            value = to_amount(ws.cell(row=r, column=col + 2).value, f"{ws.title}!R{r}")
            if code or name or value is not None:  # a listed line stays, blank or not
                side.append(Row(name or "", [value], code=code))
    table.rows = left + right
    has = has or any(r.values[0] is not None for r in table.rows)
    return _finish(table, has, _note(ws))


def _three_public(ws: Any) -> Table | None:
    table = Table(key="three_public")
    has = False
    for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(THREE_PUBLIC_ALL_ITEMS) + 5):
        item = _text(ws.cell(row=r, column=4).value)
        if item not in THREE_PUBLIC_ALL_ITEMS:
            continue
        for col, group in ((2, "budget"), (3, "actual")):
            value = to_amount(ws.cell(row=r, column=col).value, f"{ws.title}!R{r}")
            table.cells[f"{group}.{item}"] = Cell(value)
            has = has or value is not None
    table.total_includes = total_includes(table)
    return _finish(table, has, _note(ws))


def _info(ws: Any, report: Report) -> None:
    for r in range(2, ws.max_row + 1):
        key = _text(ws.cell(row=r, column=4).value)
        value = ws.cell(row=r, column=2).value
        if not key or value is None or value == "":
            continue
        if key == "department":
            report.department = _text(value)
        elif key == "year":
            report.year = int(str(value).strip()[:4])
        elif key == "unit":
            report.unit = _text(value) or "万元"
        elif key == "units_included":
            report.units_included = [u.strip() for u in str(value).replace("、", "\n").splitlines() if u.strip()]
        elif path_kind(key) == "int":
            report.narrative.set(key, int(str(value).strip()), overwrite=True)
        else:
            report.narrative.set(key, str(value).strip(), overwrite=True)


def _supplement(ws: Any, report: Report) -> None:
    for r in range(2, ws.max_row + 1):
        path = _text(ws.cell(row=r, column=5).value)
        value = ws.cell(row=r, column=3).value
        if not path or value is None or (isinstance(value, str) and not value.strip()):
            continue
        kind = path_kind(path)
        if kind == "amount":
            report.narrative.set(path, to_amount(value, f"{ws.title}!C{r}"), overwrite=True)
        elif kind == "int":
            report.narrative.set(path, int(Decimal(str(value).strip())), overwrite=True)
        else:
            report.narrative.set(path, str(value).strip(), overwrite=True)


def _projects(ws: Any, report: Report) -> None:
    projects: dict[str, Decimal] = {}
    for r in range(2, ws.max_row + 1):
        name = _text(ws.cell(row=r, column=1).value)
        value = to_amount(ws.cell(row=r, column=2).value, f"{ws.title}!B{r}")
        if name and value is not None:
            projects[name] = value
    if projects:
        report.narrative.set("projects", projects, overwrite=True)


def _performance(ws: Any) -> Performance | None:
    perf = Performance()
    section = ""
    header_seen = False
    for r in range(1, ws.max_row + 1):
        first = ws.cell(row=r, column=1).value
        if isinstance(first, str) and first.startswith("【"):
            section, header_seen = first, False
            continue
        key = _text(ws.cell(row=r, column=8).value)
        if key and "." in key:
            group, name = key.split(".", 1)
            value = _number(ws.cell(row=r, column=2).value, count=name == "projects")
            if value is not None:
                (perf.overall if group == "overall" else perf.self_evaluated)[name] = value
            continue
        if "项目支出绩效自评表" in section or "绩效指标" in section:
            if not header_seen:
                header_seen = True
                continue
            columns = PERFORMANCE_PROJECT_COLUMNS if "项目" in section else PERFORMANCE_INDICATOR_COLUMNS
            values = {k: ws.cell(row=r, column=j).value for j, (k, _) in enumerate(columns, 1)}
            if all(v is None or v == "" for v in values.values()):
                continue
            if columns is PERFORMANCE_PROJECT_COLUMNS:
                perf.projects.append({k: (_text(v) if k == "name" else _number(v)) for k, v in values.items()})
            else:
                perf.indicators.append({k: _text(v) for k, v in values.items()})
    return None if perf.is_empty() else perf


def read_workbook(path: str | Path) -> Report:
    from openpyxl import load_workbook

    p = Path(path)
    try:
        wb = load_workbook(p, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnsupportedFile(str(p), f"无法读取工作簿 (cannot read workbook: {type(exc).__name__})") from None
    report = Report(source=str(p), source_format="xlsx")
    try:
        if INFO_SHEET in wb.sheetnames:
            _info(wb[INFO_SHEET], report)
        for key in TABLE_KEYS:
            name = SHEET_NAMES[key]
            if name not in wb.sheetnames:
                continue
            ws = wb[name]
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
        if SUPPLEMENT_SHEET in wb.sheetnames:
            _supplement(wb[SUPPLEMENT_SHEET], report)
        if PROJECTS_SHEET in wb.sheetnames:
            _projects(wb[PROJECTS_SHEET], report)
        if PERFORMANCE_SHEET in wb.sheetnames:
            report.performance = _performance(wb[PERFORMANCE_SHEET])
    except ValueError as exc:
        raise UnsupportedFile(str(p), f"工作簿内容有误 (bad workbook): {exc}") from None
    if not report.tables and report.department is None:
        detail = "工作簿未填写 (workbook not filled in)" if INFO_SHEET in wb.sheetnames else "不是决算填报工作簿"
        raise UnsupportedFile(str(p), detail)
    return report
