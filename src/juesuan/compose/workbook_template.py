"""The 决算填报 workbook (``juesuan template``): what a finance officer fills, with hints and live checks.

Sheets: 填报说明; 基本信息; 表1-表9 with the official headers and codes; 补充信息 (what
the tables cannot give: previous-year totals, 年初预算 by class, reasons, 三公 previous
year, 机关运行经费, 政府采购, 国有资产, and the texts the report prints: 主要职能,
预算绩效管理情况); 项目支出用途; 绩效自评; 科目代码 (the codes the drop-downs offer).
Pre-filled from a report when one is given.

Each sheet: labels and headers locked (the sheet is protected without a password,
inputs unlocked, rows may be inserted), the field keys the reader uses in hidden
columns, a wrong total turning red as it is typed (compose/workbook_checks.py), and a
print setup (A4, one page wide, headers repeated, page numbers in the footer).
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from juesuan.compose import workbook_checks as checks
from juesuan.compose.code_catalogue import Code, catalogue
from juesuan.model import (
    TABLE_COLUMNS,
    TABLE_KEYS,
    TABLE_TITLES,
    THREE_PUBLIC_EXTRA_ITEMS,
    THREE_PUBLIC_ITEMS,
    THREE_PUBLIC_LABELS,
    Amount,
    Report,
    Row,
    Table,
    column_label,
)
from juesuan.standard import (
    ECONOMIC_CODES,
    FISCAL_INCOME_LINES,
    FUNCTION_CLASSES,
    SUMMARY_INCOME_LINES,
    is_personnel,
)
from juesuan.workbook_layout import (
    BLANK_ROWS,
    CODES_SHEET,
    COLUMN_KEYS_PREFIX,
    FIRST_DATA_ROW,
    GUIDE_SHEET,
    HEADER_ROW,
    INFO_FIELDS,
    INFO_SHEET,
    NOTE_CELL,
    NOTE_LABEL,
    NOTE_ROW,
    PERFORMANCE_INDICATOR_COLUMNS,
    PERFORMANCE_KEY_COLUMN,
    PERFORMANCE_OVERALL,
    PERFORMANCE_PROJECT_COLUMNS,
    PERFORMANCE_SELF,
    PERFORMANCE_SHEET,
    PROJECTS_SHEET,
    SHEET_NAMES,
    SPARE_ROWS,
    SUPPLEMENT_SHEET,
    TWO_SIDED_TOTALS,
    path_kind,
    supplement_fields,
)

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFFFF0")
FRESH_FILL = PatternFill("solid", fgColor="FFF2CC")  # 本年新写: the officer must write it for the new year
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
AMOUNT_FORMAT = "0.00"
GREY = Font(color="999999")
HINT = Font(color="666666")
UNLOCKED = Protection(locked=False)

GUIDE_WIDTH = 80
GUIDE = (
    "决算填报工作簿使用说明",
    "1. 先填“基本信息”，再依次填写表1至表9；金额单位均为万元，保留两位小数（小数点用“.”，千位分隔符可用“,”）。",
    "2. 没有发生数的单元格留空；确实为零的填 0（生成的报告中为 0.00）。",
    "3. 功能分类科目编码填完整编码：类 3 位、款 5 位、项 7 位（如 2010301）；编码列可从下拉列表选择"
    "（“科目代码”表列出已知科目，列表外的编码也可使用），右侧“参考名称”显示已知科目的名称；经济分类填 3 位或 5 位。",
    "4. 某张表本年无数据时，不填数字，在该表第 2 行“无数据说明”中写明（如：本部门本年度没有政府性基金预算"
    "财政拨款收入和支出，故本表无数据。）。",
    "5. 表1、表4、表5 可以不填：若留空，生成报告时由表2、表3 推算（仅当收入全部为财政拨款时）。",
    "6. “补充信息”填写表格反映不了的内容：上年数、年初预算、增减原因、主要职能以外的说明文字、机关运行经费、"
    "政府采购、车辆等；情况说明中的占比、增减额、增减率、完成率均由程序计算，无需填写。浅橙色的格是新一年须重新"
    "填写的内容（原因说明、预算绩效管理情况等）。",
    "7. 合计、类、款行及合计列与其分项不符时（差额超过分项个数 × 0.005 万元），该格变红，请核对。",
    "8. 表头和项目名称已锁定（工作表保护，无密码）；行数不够时可在表内插入行，校验随之扩展。",
    "9. 填好后运行：juesuan compose 本工作簿.xlsx -o 部门决算.docx（或 .pdf / .html）。程序先校验数据，"
    "不一致时列出问题（指明工作表和单元格，如 表2 收入决算表!D6）并停止。",
)


def _amount_validation(ws: Worksheet, ref: str, first_cell: str) -> None:
    dv = DataValidation(type="custom", formula1=f"AND(ISNUMBER({first_cell}),ROUND({first_cell},2)={first_cell})",
                        allow_blank=True, showErrorMessage=True, showInputMessage=True,
                        errorTitle="金额", error="请填写数字（万元），最多两位小数；无数据请留空。",
                        promptTitle="金额（万元）", prompt="数字，保留两位小数；无数据留空，为零填 0")
    ws.add_data_validation(dv)
    dv.add(ref)


def _code_list(ws: Worksheet, ref: str, codes: int) -> None:
    """The 功能分类 code drop-down: known codes offered, others allowed after a warning (the list is partial)."""
    dv = DataValidation(type="list", formula1=f"'{CODES_SHEET}'!$A$2:$A${codes + 1}", allow_blank=True,
                        showErrorMessage=True, errorStyle="warning", errorTitle="功能分类科目编码",
                        error="该编码不在“科目代码”表中（表中只列出已知科目）。确认编码无误可继续使用。",
                        showInputMessage=True, promptTitle="功能分类科目编码",
                        prompt="类 3 位、款 5 位、项 7 位，如 2010301；可从下拉列表选择")
    ws.add_data_validation(dv)
    dv.add(ref)


def _list_validation(ws: Worksheet, ref: str, source: str, title: str) -> None:
    dv = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                        errorTitle=title, error=f"请从{CODES_SHEET}的列表中选择。", showInputMessage=True,
                        promptTitle=title, prompt="从下拉列表中选择")
    ws.add_data_validation(dv)
    dv.add(ref)


def _head(ws: Worksheet, row: int, labels: list[str], widths: list[float] | None = None) -> None:
    for i, label in enumerate(labels, 1):
        cell = ws.cell(row=row, column=i, value=label)
        cell.font, cell.fill, cell.border = BOLD, HEAD_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, w in enumerate(widths or [], 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.row_dimensions[row].height = 32


def _hide(ws: Worksheet, column: int) -> None:
    """A column of field keys: the reader needs them, the officer does not."""
    ws.column_dimensions[get_column_letter(column)].hidden = True


def _setup(ws: Worksheet, last_column: int, title_rows: str, landscape: bool = True) -> None:
    """Protection (labels locked, no password) and printing (A4, one page wide, headers on every page)."""
    protection = ws.protection
    protection.sheet = True
    # what stays allowed under protection (openpyxl: True = forbidden)
    protection.formatColumns = protection.formatRows = protection.formatCells = False
    protection.insertRows = protection.deleteRows = False
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.print_area = f"A1:{get_column_letter(last_column)}{ws.max_row}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "&A　第 &P 页，共 &N 页"


def _title(ws: Worksheet, key: str, table: Table | None) -> None:
    ws.cell(row=1, column=1, value=TABLE_TITLES[key]).font = TITLE_FONT
    ws.cell(row=NOTE_ROW, column=1, value="单位：万元")
    ws.cell(row=NOTE_ROW, column=3, value=NOTE_LABEL).font = BOLD
    note = ws[NOTE_CELL]
    note.value = table.note if table is not None and table.empty else None
    note.fill, note.protection = INPUT_FILL, UNLOCKED


def _put_amount(ws: Worksheet, row: int, col: int, value: Amount) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.number_format = AMOUNT_FORMAT
    cell.border = BORDER
    cell.fill = INPUT_FILL
    cell.protection = UNLOCKED


def _put_text(ws: Worksheet, row: int, col: int, value: Any, editable: bool = True) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.number_format = "@"
    cell.border = BORDER
    if editable:
        cell.protection = UNLOCKED


def _rows_to_offer(given: int) -> int:
    return given + SPARE_ROWS if given else BLANK_ROWS


def _row_sheet(wb: Workbook, key: str, table: Table | None, codes: int) -> None:
    ws = wb.create_sheet(SHEET_NAMES[key])
    columns = list(table.columns) if table is not None and table.columns else list(TABLE_COLUMNS[key])
    _title(ws, key, table)
    labels = ["功能分类科目编码", "科目名称"]
    labels += [column_label(key, col) for col in columns]
    _head(ws, HEADER_ROW, labels, [14, 36, *[14] * len(columns)])
    r = FIRST_DATA_ROW
    _put_text(ws, r, 1, None, editable=False)
    ws.cell(row=r, column=2, value="合计").font = BOLD
    ws.cell(row=r, column=2).border = BORDER
    total = table.total if table is not None and not table.empty else None
    for i in range(len(columns)):
        _put_amount(ws, r, 3 + i, total[i] if total and i < len(total) else None)
    rows = table.rows if table is not None and not table.empty else []
    reference = len(labels) + 1  # 参考名称: the known name of the code typed beside it
    for j in range(_rows_to_offer(len(rows))):
        rr = r + 1 + j
        row = rows[j] if j < len(rows) else None
        _put_text(ws, rr, 1, row.code if row else None)
        _put_text(ws, rr, 2, row.name if row else None)
        for i in range(len(columns)):
            _put_amount(ws, rr, 3 + i, row.values[i] if row and i < len(row.values) else None)
        lookup = ws.cell(row=rr, column=reference,
                         value=f'=IF(A{rr}="","",IFERROR(VLOOKUP(A{rr}&"",\'{CODES_SHEET}\'!$A:$B,2,FALSE),"—"))')
        lookup.font = HINT
    last = ws.max_row
    head = ws.cell(row=HEADER_ROW, column=reference, value="参考名称（科目代码表）")
    head.font, head.alignment = HINT, Alignment(wrap_text=True, vertical="center")
    ws.column_dimensions[get_column_letter(reference)].width = 24
    _code_list(ws, f"A{FIRST_DATA_ROW + 1}:A{last}", codes)
    checks.malformed_codes(ws, f"A{FIRST_DATA_ROW + 1}:A{last}", f"A{FIRST_DATA_ROW + 1}")
    end_col = get_column_letter(2 + len(columns))
    _amount_validation(ws, f"C{FIRST_DATA_ROW}:{end_col}{last}", f"C{FIRST_DATA_ROW}")
    checks.row_table(ws, key, columns, last)
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=3)
    # the column keys, so that the reader maps columns by meaning (hidden: not the officer's business)
    marker = reference + 1
    ws.cell(row=HEADER_ROW, column=marker, value=COLUMN_KEYS_PREFIX + ",".join(columns)).font = GREY
    _hide(ws, marker)
    _setup(ws, reference, f"{HEADER_ROW}:{HEADER_ROW}")


def _two_sided_sheet(wb: Workbook, key: str, table: Table | None) -> None:
    ws = wb.create_sheet(SHEET_NAMES[key])
    fiscal = key == "fiscal_summary"
    n_exp = 4 if fiscal else 1
    _title(ws, key, table)
    exp_labels = (["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
                  if fiscal else ["决算数"])
    _head(ws, HEADER_ROW, ["收入项目", "决算数", "支出项目", *exp_labels], [30, 14, 30, *[16] * n_exp])
    empty = table is None or table.empty
    income_lines = FISCAL_INCOME_LINES if fiscal else SUMMARY_INCOME_LINES
    given_income = {r.name: r for r in table.income} if not empty and table is not None else {}
    given_exp = {r.name: r for r in table.expenditure} if not empty and table is not None else {}
    income_names = list(given_income) or list(income_lines)
    exp_names = list(given_exp) or [name for _, name in FUNCTION_CLASSES]
    r = FIRST_DATA_ROW
    for i in range(max(len(income_names), len(exp_names))):
        if i < len(income_names):
            name = income_names[i]
            _put_text(ws, r + i, 1, name, editable=False)
            row = given_income.get(name)
            _put_amount(ws, r + i, 2, row.values[0] if row and row.values else None)
        if i < len(exp_names):
            name = exp_names[i]
            _put_text(ws, r + i, 3, name, editable=False)
            erow: Row | None = given_exp.get(name)
            for k in range(n_exp):
                _put_amount(ws, r + i, 4 + k, erow.values[k] if erow and k < len(erow.values) else None)
    lines_end = r + max(len(income_names), len(exp_names)) - 1
    r = lines_end + 1
    totals_row = r
    for lkey, ltext, rkey, rtext in TWO_SIDED_TOTALS[key]:
        ws.cell(row=r, column=1, value=ltext).font = BOLD
        ws.cell(row=r, column=3, value=rtext).font = BOLD
        lrow = table.totals.get(lkey) if table is not None else None
        rrow = table.totals.get(rkey) if table is not None else None
        _put_amount(ws, r, 2, lrow.values[0] if lrow and lrow.values else None)
        for k in range(n_exp):
            _put_amount(ws, r, 4 + k, rrow.values[k] if rrow and k < len(rrow.values) else None)
        r += 1
    last = r - 1
    _amount_validation(ws, f"B{FIRST_DATA_ROW}:B{last}", f"B{FIRST_DATA_ROW}")
    _amount_validation(ws, f"D{FIRST_DATA_ROW}:{get_column_letter(3 + n_exp)}{last}", f"D{FIRST_DATA_ROW}")
    value_cols = ["B", *(get_column_letter(4 + k) for k in range(n_exp))]
    checks.two_sided(ws, lines_end, totals_row, last, value_cols, list(range(totals_row + 1, last)))
    if fiscal:
        checks.across(ws, "D", ["E", "F", "G"], FIRST_DATA_ROW, last)
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=1)
    _setup(ws, 3 + n_exp, f"{HEADER_ROW}:{HEADER_ROW}")


def _basic_sheet(wb: Workbook, table: Table | None, economic_count: int) -> None:
    ws = wb.create_sheet(SHEET_NAMES["basic_expenditure"])
    _title(ws, "basic_expenditure", table)
    _head(ws, HEADER_ROW, ["经济分类科目编码", "科目名称（人员经费）", "决算数",
                           "经济分类科目编码", "科目名称（公用经费）", "决算数"], [14, 30, 14, 14, 30, 14])
    if table is None or table.empty:  # nothing given yet: offer the standard 经济分类 lines
        rows = [Row(name, [None], code=code) for code, name in ECONOMIC_CODES]
    else:  # the given lines only (a table known by its two totals alone stays without lines)
        rows = list(table.rows)
    left = [r for r in rows if is_personnel(r.code)]
    right = [r for r in rows if not is_personnel(r.code)]
    n = max(len(left), len(right)) + 10
    for i in range(n):
        rr = FIRST_DATA_ROW + i
        for side, col in ((left, 1), (right, 4)):
            row = side[i] if i < len(side) else None
            _put_text(ws, rr, col, row.code if row else None)
            _put_text(ws, rr, col + 1, row.name if row else None)
            _put_amount(ws, rr, col + 2, row.values[0] if row and row.values else None)
    r = FIRST_DATA_ROW + n
    ws.cell(row=r, column=2, value="人员经费合计").font = BOLD
    ws.cell(row=r, column=5, value="公用经费合计").font = BOLD
    _put_amount(ws, r, 3, table.value("personnel_total") if table is not None else None)
    _put_amount(ws, r, 6, table.value("public_total") if table is not None else None)
    _amount_validation(ws, f"C{FIRST_DATA_ROW}:C{r}", f"C{FIRST_DATA_ROW}")
    _amount_validation(ws, f"F{FIRST_DATA_ROW}:F{r}", f"F{FIRST_DATA_ROW}")
    source = f"'{CODES_SHEET}'!$D$2:$D${economic_count + 1}"
    _list_validation(ws, f"A{FIRST_DATA_ROW}:A{r - 1}", source, "经济分类科目编码")
    _list_validation(ws, f"D{FIRST_DATA_ROW}:D{r - 1}", source, "经济分类科目编码")
    checks.basic_expenditure(ws, FIRST_DATA_ROW, r - 1, r)
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=1)
    _setup(ws, 6, f"{HEADER_ROW}:{HEADER_ROW}")


def _three_public_sheet(wb: Workbook, table: Table | None) -> None:
    ws = wb.create_sheet(SHEET_NAMES["three_public"])
    _title(ws, "three_public", table)
    _head(ws, HEADER_ROW, ["项目", "预算数", "决算数", "项目代码"], [34, 14, 14, 18])
    rows: dict[str, int] = {}
    # 会议费 / 培训费 rows only where the table has them (a region's layout), after the national six
    extras = [i for i in THREE_PUBLIC_EXTRA_ITEMS if table is not None and any(
        f"{g}.{i}" in table.cells for g in ("budget", "actual"))]
    items = (*THREE_PUBLIC_ITEMS, *extras)
    for i, item in enumerate(items):
        r = FIRST_DATA_ROW + i
        rows[item] = r
        label = THREE_PUBLIC_LABELS[item]
        ws.cell(row=r, column=1, value=("  其中：" + label) if item.startswith("vehicle_") else label).border = BORDER
        for col, group in ((2, "budget"), (3, "actual")):
            _put_amount(ws, r, col, table.value(f"{group}.{item}") if table is not None else None)
        ws.cell(row=r, column=4, value=item).font = GREY
    _hide(ws, 4)
    last = FIRST_DATA_ROW + len(items) - 1
    _amount_validation(ws, f"B{FIRST_DATA_ROW}:C{last}", f"B{FIRST_DATA_ROW}")
    checks.three_public(ws, rows, ["B", "C"], table.total_includes if table is not None else [])
    _setup(ws, 3, f"{HEADER_ROW}:{HEADER_ROW}", landscape=False)


def _info_sheet(wb: Workbook, report: Report | None) -> None:
    ws = wb.create_sheet(INFO_SHEET)
    _head(ws, 1, ["项目", "内容", "填写说明", "字段"], [18, 60, 50, 24])
    for i, (label, key, hint) in enumerate(INFO_FIELDS, 2):
        ws.cell(row=i, column=1, value=label).font = BOLD
        value: Any = None
        if report is not None:
            if key == "department":
                value = report.department
            elif key == "year":
                value = report.year
            elif key == "unit":
                value = report.unit
            elif key == "units_included":
                value = "\n".join(report.units_included) or None
            else:
                value = report.narrative.get(key)
        if key == "unit" and value is None:
            value = "万元"
        cell = ws.cell(row=i, column=2, value=value)
        cell.fill, cell.border, cell.protection = INPUT_FILL, BORDER, UNLOCKED
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=i, column=3, value=hint).font = HINT
        ws.cell(row=i, column=4, value=key).font = GREY
        if path_kind(key) == "text":
            ws.row_dimensions[i].height = 150
    _hide(ws, 4)
    ws.row_dimensions[6].height = 60
    dv = DataValidation(type="whole", operator="between", formula1="1990", formula2="2100", showErrorMessage=True,
                        error="年度为四位数字", promptTitle="年度", prompt="如 2024", showInputMessage=True)
    ws.add_data_validation(dv)
    dv.add("B3")
    _setup(ws, 3, "1:1")


def _supplement_sheet(wb: Workbook, report: Report | None, fresh: set[str]) -> None:
    ws = wb.create_sheet(SUPPLEMENT_SHEET)
    _head(ws, 1, ["类别", "项目", "数值或内容", "填写说明", "字段"], [12, 40, 50, 40, 36])
    classes = None
    if report is not None:
        general = report.tables.get("general_budget") or report.tables.get("expenditure")
        if general is not None and not general.empty:
            classes = [r.name for r in general.rows if r.code and len(r.code) == 3] or None
    amount_rows: list[int] = []
    top = Alignment(vertical="top")
    for i, (group, label, path, hint) in enumerate(supplement_fields(classes), 2):
        ws.cell(row=i, column=1, value=group).alignment = top
        ws.cell(row=i, column=2, value=label).alignment = top
        value = report.narrative.get(path) if report is not None else None
        if isinstance(value, dict | list):
            value = None
        kind = path_kind(path)
        cell = ws.cell(row=i, column=3, value=value)
        cell.fill, cell.border, cell.protection = INPUT_FILL, BORDER, UNLOCKED
        if path in fresh:
            cell.fill = FRESH_FILL
            hint = f"【本年新写】已填入上年原文，请按本年情况改写。{hint}"
        if kind == "amount":
            cell.number_format = AMOUNT_FORMAT
            amount_rows.append(i)
        elif kind == "text":
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if value:  # as tall as its wrapped lines (the column holds about 24 Chinese characters)
                lines = sum(len(part) // 24 + 1 for part in str(value).splitlines())
                ws.row_dimensions[i].height = min(409, 15 * lines)
        hint_cell = ws.cell(row=i, column=4, value=hint)
        hint_cell.font, hint_cell.alignment = HINT, top
        ws.cell(row=i, column=5, value=path).font = GREY
    for r in amount_rows:
        _amount_validation(ws, f"C{r}", f"C{r}")
    _hide(ws, 5)
    ws.freeze_panes = "C2"
    _setup(ws, 4, "1:1")


def _projects_sheet(wb: Workbook, report: Report | None) -> None:
    ws = wb.create_sheet(PROJECTS_SHEET)
    _head(ws, 1, ["项目名称（项目支出主要用于）", "金额（万元）"], [50, 16])
    projects = report.narrative.get("projects") if report is not None else None
    items = list(projects.items()) if isinstance(projects, dict) else []
    for i in range(max(len(items) + 10, 30)):
        name, value = items[i] if i < len(items) else (None, None)
        _put_text(ws, 2 + i, 1, name)
        _put_amount(ws, 2 + i, 2, value)
    _amount_validation(ws, f"B2:B{ws.max_row}", "B2")
    _setup(ws, 2, "1:1", landscape=False)


def _performance_sheet(wb: Workbook, report: Report | None) -> None:
    ws = wb.create_sheet(PERFORMANCE_SHEET)
    perf = report.performance if report is not None else None
    ws.column_dimensions["A"].width = 34
    for col in "BCDEFG":
        ws.column_dimensions[col].width = 18
    r = 1
    blocks = (
        ("【部门整体支出绩效自评】", PERFORMANCE_OVERALL, "overall", perf.overall if perf else {}),
        ("【项目支出绩效自评范围】", PERFORMANCE_SELF, "self_evaluated", perf.self_evaluated if perf else {}),
    )
    for title, fields, path, given in blocks:
        ws.cell(row=r, column=1, value=title).font = BOLD
        r += 1
        for key, label in fields:
            ws.cell(row=r, column=1, value=label)
            _put_amount(ws, r, 2, given.get(key))
            ws.cell(row=r, column=PERFORMANCE_KEY_COLUMN, value=f"{path}.{key}").font = GREY
            r += 1
    ws.cell(row=r, column=1, value="【项目支出绩效自评表】").font = BOLD
    r += 1
    _head(ws, r, [label for _, label in PERFORMANCE_PROJECT_COLUMNS])
    r += 1
    projects = perf.projects if perf else []
    for i in range(max(len(projects) + 5, 20)):
        p = projects[i] if i < len(projects) else {}
        for j, (key, _) in enumerate(PERFORMANCE_PROJECT_COLUMNS, 1):
            if key == "name":
                _put_text(ws, r, j, p.get(key))
            else:
                _put_amount(ws, r, j, p.get(key))
        r += 1
    ws.cell(row=r, column=1, value="【绩效指标】").font = BOLD
    r += 1
    _head(ws, r, [label for _, label in PERFORMANCE_INDICATOR_COLUMNS])
    r += 1
    indicators = perf.indicators if perf else []
    for i in range(max(len(indicators) + 5, 40)):
        ind = indicators[i] if i < len(indicators) else {}
        for j, (key, _) in enumerate(PERFORMANCE_INDICATOR_COLUMNS, 1):
            value = ind.get(key)
            _put_text(ws, r, j, str(value) if isinstance(value, Decimal) else value)
        r += 1
    _hide(ws, PERFORMANCE_KEY_COLUMN)
    _setup(ws, len(PERFORMANCE_INDICATOR_COLUMNS), "1:1")


def _codes_sheet(wb: Workbook, codes: list[Code]) -> None:
    ws = wb.create_sheet(CODES_SHEET)
    _head(ws, 1, ["功能分类科目编码", "名称", "级次", "经济分类科目编码", "名称", "来源"], [16, 34, 8, 16, 30, 24])
    for i, code in enumerate(codes, 2):
        ws.cell(row=i, column=1, value=code.code).number_format = "@"
        ws.cell(row=i, column=2, value=code.name)
        ws.cell(row=i, column=3, value=code.level)
        ws.cell(row=i, column=6, value=code.source).font = HINT
    for i, (econ, name) in enumerate(ECONOMIC_CODES, 2):
        ws.cell(row=i, column=4, value=econ).number_format = "@"
        ws.cell(row=i, column=5, value=name)
    ws.freeze_panes = "A2"
    _setup(ws, 6, "1:1", landscape=False)


def build_workbook(report: Report | None = None, code_files: list[Path] | None = None,
                   fresh: set[str] | None = None) -> Workbook:
    """The workbook, pre-filled from ``report``; ``code_files`` add known codes; ``fresh`` marks the 补充信息
    fields the officer must write anew (the texts of a previous year's report, given as a model)."""
    wb = Workbook()
    guide = wb.active
    assert guide is not None
    guide.title = GUIDE_SHEET
    guide.column_dimensions["A"].width = GUIDE_WIDTH
    for i, line in enumerate(GUIDE, 1):
        cell = guide.cell(row=i, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if i == 1:
            cell.font = TITLE_FONT
        # a row as tall as its wrapped lines (a Chinese character is about two width units)
        guide.row_dimensions[i].height = 22 if i == 1 else 16 * (len(line) * 2 // GUIDE_WIDTH + 1)
    _setup(guide, 1, "1:1", landscape=False)
    _info_sheet(wb, report)
    codes = catalogue(report, code_files)
    tables = report.tables if report is not None else {}
    for key in TABLE_KEYS:
        table = tables.get(key)
        if key in ("summary", "fiscal_summary"):
            _two_sided_sheet(wb, key, table)
        elif key == "basic_expenditure":
            _basic_sheet(wb, table, len(ECONOMIC_CODES))
        elif key == "three_public":
            _three_public_sheet(wb, table)
        else:
            _row_sheet(wb, key, table, len(codes))
    _supplement_sheet(wb, report, fresh or set())
    _projects_sheet(wb, report)
    _performance_sheet(wb, report)
    _codes_sheet(wb, codes)
    wb.active = 1
    return wb


def workbook_bytes(report: Report | None = None, code_files: list[Path] | None = None,
                   fresh: set[str] | None = None) -> bytes:
    buf = io.BytesIO()
    build_workbook(report, code_files, fresh).save(buf)
    return buf.getvalue()
