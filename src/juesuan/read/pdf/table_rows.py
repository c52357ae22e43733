"""Read the rows of a standard table from its page layouts.

One job: given the ``Layout`` of each page a table is printed on (header
mapped, data columns known), fill a ``model.Table``:

* row tables (收入/支出/一般公共预算/政府性基金/国有资本经营): one Row per
  printed 科目 line, code joined from 类/款/项 cells, 合计 as ``total``;
* two-sided tables (收入支出决算总表, 财政拨款收入支出决算总表): income and
  expenditure lines and the named totals;
* 基本支出表: side-by-side code/name/amount blocks, 人员经费合计 / 公用经费合计;
* 三公 table: budget / actual cells per item.

Every value keeps its cell box.  What cannot be read becomes a ``Problem``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from juesuan.amounts import parse_amount
from juesuan.model import TABLE_COLUMNS, Amount, Box, Cell, Problem, Row, Table
from juesuan.read.pdf.grid import GridCell
from juesuan.read.pdf.table_layout import Layout, header_texts
from juesuan.read.tables.catalogue import (
    ACTUAL_WORDS,
    BASIC_CELLS,
    BUDGET_WORDS,
    CODE,
    EXPENDITURE_TOTALS,
    FISCAL_SIDE_PHRASES,
    INCOME_TOTALS,
    LINE_NUMBER_LABELS,
    NAME,
    THREE_PUBLIC_PHRASES,
    TOTAL_ROW_LABELS,
    column_role,
    empty_statement,
    is_header_text,
    is_name_header,
    label_key,
    strip_numbering,
)

_DIGITS = re.compile(r"^\d+$")
_CODE_AND_NAME = re.compile(r"^(\d{3}|\d{5}|\d{7})(\D.*)$")
_BUDGET_KEYS = frozenset(BUDGET_WORDS)
_ACTUAL_KEYS = frozenset(ACTUAL_WORDS)
_PLACEHOLDER = re.compile(r"^[.…·。\-—]*$")

INCOME_NAME, INCOME_VALUE, EXPENDITURE_NAME, EXPENDITURE_VALUE = "income_name", "income", "expenditure_name", "out"
# Section rows of a two-sided table printed in one column.
SECTION_LABELS = {
    "收入": INCOME_VALUE, "收入项目": INCOME_VALUE, "支出": EXPENDITURE_VALUE, "支出项目": EXPENDITURE_VALUE,
}


@dataclass
class TableReading:
    """What the rows of one table came to, page by page."""

    table: Table
    problems: list[Problem] = field(default_factory=list)

    def problem(self, message: str, page: int | None, kind: str = "unreadable") -> None:
        self.problems.append(Problem(message=message, table=self.table.key, page=page, kind=kind))


def _amount(reading: TableReading, cell: GridCell | None, page: int) -> tuple[Amount, Box | None]:
    if cell is None:
        return None, None
    text = cell.text
    try:
        value = parse_amount(text)
    except ValueError:
        if not is_header_text(text):  # header words printed in a 合计 row (本年支出: 合计/基本支出) are no amount
            reading.problem(f"第{page}页单元格“{text}”不是金额 (not an amount)", page)
        value = None
    return value, cell.box(page)


# ---------------------------------------------------------------- roles


def assign_row_roles(key: str, layout: Layout) -> None:
    """Model column keys (or CODE / NAME) for the data columns of a row table, from their header text."""
    for col in layout.columns:
        if not col.header:
            continue
        role = None
        for i in range(len(col.header) - 1, -1, -1):
            if label_key(col.header[i]) in LINE_NUMBER_LABELS:
                break  # a 行次 column: no amounts
            role = column_role(key, col.header[i], "".join(col.header[: i + 1]))
            if role:
                break
        col.role = role


def assign_two_sided_roles(key: str, layout: Layout) -> None:
    """income_name / income / expenditure_name / out:<i> for the columns of a two-sided table."""
    names_seen = 0
    for col in layout.columns:
        if not col.header:
            continue
        leaf = label_key(col.leaf)
        if leaf in LINE_NUMBER_LABELS:
            continue
        if any(is_name_header(text) for text in col.header):  # 项目, under a 收入 / 支出 group or above one
            names_seen += 1
            col.role = INCOME_NAME if names_seen == 1 else EXPENDITURE_NAME
            continue
        if names_seen == 1:
            col.role = INCOME_VALUE
        elif names_seen >= 2:
            index = 0
            if key == "fiscal_summary":
                path = label_key(col.path)
                tail = label_key("".join(col.header[1:])) if len(col.header) > 1 else path
                index = next((i for i, words in FISCAL_SIDE_PHRASES if any(w in tail for w in words)), 0)
            col.role = f"{EXPENDITURE_VALUE}:{index}"


def roles_known(layout: Layout) -> bool:
    return any(col.role for col in layout.columns)


# ---------------------------------------------------------------- row tables


def _row_cells(layout: Layout, row: int) -> list[tuple[int, GridCell]]:
    """(data column, cell) for cells starting in ``row``, each printed cell once."""
    out: list[tuple[int, GridCell]] = []
    seen: set[int] = set()
    for i in range(len(layout.columns)):
        cell = layout.cell(row, i)
        if cell is None or id(cell) in seen:
            continue
        seen.add(id(cell))
        out.append((i, cell))
    return out


def read_row_table(reading: TableReading, layouts: list[Layout]) -> None:
    table = reading.table
    keys: list[str] = []
    for layout in layouts:
        for col in layout.columns:
            if col.role and col.role not in (CODE, NAME) and col.role not in keys:
                keys.append(col.role)
    table.columns = keys
    if keys and "total" in TABLE_COLUMNS.get(table.key, ()) and "total" not in keys:
        # regional tables may leave out columns, never the 合计 column
        reading.problem("未找到合计列 (no total column)", layouts[0].grid.page, "missing")
    for layout in layouts:
        page = layout.grid.page
        value_cols = {i: col.role for i, col in enumerate(layout.columns) if col.role in keys}
        for r in range(layout.first_data_row, layout.grid.n_rows):
            code_parts: list[str] = []
            labels: list[str] = []
            values: list[Amount] = [None] * len(keys)
            boxes: list[Box | None] = [None] * len(keys)
            for i, cell in _row_cells(layout, r):
                role = layout.columns[i].role
                text = cell.text
                if i in value_cols:
                    k = keys.index(value_cols[i])
                    if boxes[k] is None:
                        values[k], boxes[k] = _amount(reading, cell, page)
                elif role == CODE and _DIGITS.match(text):
                    code_parts.append(text)
                elif role in (CODE, NAME) and text and text not in ("类", "款", "项"):
                    labels.append(text)
            name = "".join(labels)
            code = "".join(code_parts) or None
            if code is None and (m := _CODE_AND_NAME.match(name)):
                code, name = m.group(1), m.group(2)  # "2010601行政运行" printed in one cell
            if label_key(name) in TOTAL_ROW_LABELS and code is None:
                if table.total is None:
                    table.total, table.total_boxes = values, boxes
                continue
            if code is None and (not name or _PLACEHOLDER.match(name) or empty_statement(name)):
                if any(v is not None for v in values):
                    reading.problem(f"第{page}页有金额而无科目 (amounts without a 科目)", page)
                continue
            if code is not None and len(code) not in (3, 5, 7):
                reading.problem(f"第{page}页科目编码“{code}”不是类/款/项编码 (not a 3, 5 or 7 digit code)", page,
                                "ambiguous")
            table.rows.append(Row(name=name, values=values, code=code, page=page, boxes=boxes))


# ---------------------------------------------------------------- two-sided tables


def _value_columns(layout: Layout, side: str, stacked: bool) -> list[tuple[int, int]]:
    """(data column, index in the line's values) of one side's amounts."""
    out: list[tuple[int, int]] = []
    for i, col in enumerate(layout.columns):
        role = col.role or ""
        if stacked and (role == INCOME_VALUE or role.startswith(EXPENDITURE_VALUE + ":")):
            out.append((i, len(out)))  # one column of lines: amounts in printed order
        elif not stacked and side == INCOME_VALUE and role == INCOME_VALUE:
            out.append((i, 0))
        elif not stacked and side == EXPENDITURE_VALUE and role.startswith(EXPENDITURE_VALUE + ":"):
            out.append((i, int(role.split(":")[1])))
    return out


def _total_key(name: str, totals: dict[str, str]) -> str | None:
    key = label_key(name)
    if key.startswith("使用非财政拨款结余"):
        key = "使用非财政拨款结余"
    return totals.get(key)


def read_two_sided(reading: TableReading, layouts: list[Layout]) -> None:
    """Income and expenditure lines side by side, or stacked in one column (收入 lines, then 支出 lines)."""
    table = reading.table
    width = {INCOME_VALUE: 1, EXPENDITURE_VALUE: 4 if table.key == "fiscal_summary" else 1}
    closed = {INCOME_VALUE: False, EXPENDITURE_VALUE: False}
    stacked = not any(col.role == EXPENDITURE_NAME for layout in layouts for col in layout.columns)
    sides = {
        INCOME_VALUE: (INCOME_NAME, table.income, INCOME_TOTALS),
        EXPENDITURE_VALUE: (EXPENDITURE_NAME, table.expenditure, EXPENDITURE_TOTALS),
    }
    state = INCOME_VALUE  # stacked: the side being read
    for layout in layouts:
        page = layout.grid.page
        for r in range(layout.first_data_row, layout.grid.n_rows):
            for printed_side, (name_role, _, _) in sides.items():
                if stacked and printed_side == EXPENDITURE_VALUE:
                    continue
                name_col = next((i for i, c in enumerate(layout.columns) if c.role == name_role), None)
                name_cell = layout.cell(r, name_col) if name_col is not None else None
                if name_cell is None or not name_cell.text:
                    continue
                name = strip_numbering(name_cell.text)
                side = printed_side
                if stacked:
                    key = label_key(name)
                    if key in SECTION_LABELS:
                        state = SECTION_LABELS[key]
                        continue
                    if state == INCOME_VALUE and closed[INCOME_VALUE] and _total_key(name, INCOME_TOTALS) is None:
                        state = EXPENDITURE_VALUE  # the lines after 收入 总计 are the 支出 side
                    side = state
                _, lines, totals = sides[side]
                values: list[Amount] = [None] * width[side]
                boxes: list[Box | None] = [None] * width[side]
                for i, index in _value_columns(layout, side, stacked):
                    if index < width[side] and boxes[index] is None:
                        values[index], boxes[index] = _amount(reading, layout.cell(r, i), page)
                total_key = _total_key(name, totals)
                if total_key is not None:
                    if total_key not in table.totals:
                        table.totals[total_key] = Row(total_key, values, page=page, boxes=boxes)
                    closed[side] = True
                elif not closed[side]:
                    lines.append(Row(name, values, page=page, boxes=boxes))
    wanted = ("income_total", "expenditure_total", "grand_total.income", "grand_total.expenditure")
    missing = [k for k in wanted if k not in table.totals]
    if missing and (table.income or table.expenditure):
        reading.problem(f"未找到合计/总计行 (totals not found): {', '.join(missing)}", layouts[-1].grid.page, "missing")


# ---------------------------------------------------------------- 基本支出表


def read_basic(reading: TableReading, layouts: list[Layout]) -> None:
    table = reading.table
    table.columns = ["amount"]
    blocks: list[list[Row]] = []
    for layout in layouts:
        page = layout.grid.page
        # blocks: each starts at a code column that follows a non-code column
        spans: list[list[int]] = []
        prev: str | None = None
        for i, col in enumerate(layout.columns):
            if col.role == CODE and prev != CODE:
                spans.append([])
            if spans:
                spans[-1].append(i)
            prev = col.role
        while len(blocks) < len(spans):
            blocks.append([])
        for b, span in enumerate(spans):
            for r in range(layout.first_data_row, layout.grid.n_rows):
                code_parts: list[str] = []
                name = ""
                value: Amount = None
                box: Box | None = None
                seen: set[int] = set()
                for i in span:
                    cell = layout.cell(r, i)
                    if cell is None or id(cell) in seen:
                        continue
                    seen.add(id(cell))
                    role = layout.columns[i].role
                    if role == CODE and _DIGITS.match(cell.text):
                        code_parts.append(cell.text)
                    elif role == NAME or (role == CODE and cell.text):
                        name += cell.text
                    elif role == "amount" and box is None:
                        value, box = _amount(reading, cell, page)
                if label_key(name) in BASIC_CELLS:
                    key = BASIC_CELLS[label_key(name)]
                    if key not in table.cells:
                        table.cells[key] = Cell(value, box)
                    continue
                code = "".join(code_parts) or None
                if code is None:
                    if value is not None:
                        reading.problem(f"第{page}页有金额而无经济分类科目 (amount without a code)", page)
                    continue
                if len(code) not in (3, 5):
                    reading.problem(f"第{page}页经济分类编码“{code}”不是类/款编码 (not a 3 or 5 digit code)", page,
                                    "ambiguous")
                blocks[b].append(Row(name=name, values=[value], code=code, page=page, boxes=[box]))
    table.rows = [row for block in blocks for row in block]
    for key in ("personnel_total", "public_total"):
        if key not in table.cells:
            reading.problem(f"未找到{'人员经费合计' if key == 'personnel_total' else '公用经费合计'} ({key} not found)",
                            table.pages[0] if table.pages else None)


# ---------------------------------------------------------------- 三公 table


def _three_public_item(text: str) -> str | None:
    key = label_key(text)
    return next((k for k, phrases in THREE_PUBLIC_PHRASES if any(p in key for p in phrases)), None)


def _budget_or_actual(text: str) -> str | None:
    key = label_key(text)
    if key in _BUDGET_KEYS:
        return "budget"
    if key in _ACTUAL_KEYS:
        return "actual"
    return None


def read_three_public(reading: TableReading, layouts: list[Layout]) -> None:
    """三公 cells: items across the columns (the national layout), or down the rows (items as lines)."""
    table = reading.table
    grid = layouts[0].grid
    page = grid.page
    header_end = None
    for r in range(grid.n_rows):
        if any(_budget_or_actual(c.text) for c in grid.cells_starting_in_row(r)):
            header_end = r + 1
    if header_end is None:
        reading.problem("三公经费表未找到预算数/决算数表头 (no budget/actual header)", page)
        return
    # columns under 预算数 / 决算数, with the header text above them
    columns: list[tuple[GridCell, str, list[str]]] = []
    seen: set[int] = set()
    for c in range(grid.n_cols):
        head = grid.at(header_end - 1, c)
        if id(head) in seen:
            continue
        seen.add(id(head))
        texts = header_texts(grid, header_end, head.c0, head.c1)
        group = _budget_or_actual(texts[-1]) if texts else None
        if group:
            columns.append((head, group, texts))
    data_rows = [r for r in range(header_end, grid.n_rows) if grid.cells_starting_in_row(r)]
    across = [
        (head, group, item) for head, group, texts in columns if (item := _three_public_item("".join(texts[:-1])))
    ]
    if across:
        row = data_rows[0] if data_rows else None
        for head, group, item in across:
            cell = grid.at(row, head.c0) if row is not None else None
            _set_three_public(reading, f"{group}.{item}", cell if cell is None or cell.r0 == row else None, page)
    else:
        for r in data_rows:
            label = next((c for c in sorted(grid.cells_starting_in_row(r), key=lambda c: c.c0) if c.text), None)
            item = _three_public_item(label.text) if label else None
            if item is None:
                continue
            for head, group, _ in columns:
                cell = grid.at(r, head.c0)
                _set_three_public(reading, f"{group}.{item}", cell if cell.r0 == r else None, page)
    items = [f"{g}.{i}" for g in ("budget", "actual") for i, _ in THREE_PUBLIC_PHRASES]
    missing = [name for name in items if name not in table.cells]
    if missing:
        reading.problem(f"三公经费表缺少列 (columns not found): {', '.join(missing)}", page)


def _set_three_public(reading: TableReading, name: str, cell: GridCell | None, page: int) -> None:
    if name in reading.table.cells:
        reading.problem(f"三公经费表“{name}”出现两次 (printed twice)", page)
        return
    value, box = _amount(reading, cell, page)
    reading.table.cells[name] = Cell(value, box)
