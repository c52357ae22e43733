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

from juesuan.amounts import is_amount, parse_amount
from juesuan.model import (
    TABLE_COLUMNS,
    THREE_PUBLIC_ITEMS,
    Amount,
    Box,
    Cell,
    Problem,
    Row,
    Table,
)
from juesuan.read.pdf.basic_blocks import PERSONNEL, PUBLIC, column_blocks, economic_data_start, total_column_role
from juesuan.read.pdf.grid import GridCell
from juesuan.read.pdf.table_layout import Layout, recut
from juesuan.read.pdf.three_public_header import read_three_public_header
from juesuan.read.tables.catalogue import (
    BASIC_CELLS,
    CODE,
    EXPENDITURE_TOTALS,
    FISCAL_SIDE_PHRASES,
    INCOME_TOTALS,
    LINE_NUMBER_LABELS,
    NAME,
    TOTAL_ROW_LABELS,
    column_role,
    empty_statement,
    is_header_text,
    is_name_header,
    label_key,
    strip_numbering,
)
from juesuan.read.tables.three_public_total import total_includes

_DIGITS = re.compile(r"^\d+$")
_CODE_AND_NAME = re.compile(r"^(\d{3}|\d{5}|\d{7})(\D.*)$")
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
    """The 科目 rows of a row table, in the column reading its own arithmetic supports (column_fit)."""
    from juesuan.read.pdf.column_fit import fit_row_table

    fit_row_table(reading, layouts, _read_rows)


def row_table_settles(key: str, layout: Layout) -> bool:
    """Whether a page whose header does not map onto the standard columns reads as that row table by its
    arithmetic (column_fit), so that it stays the standard table rather than a generic one."""
    from juesuan.read.pdf.column_fit import settles_as_standard

    return settles_as_standard(key, layout, _read_rows)


def _read_rows(reading: TableReading, layouts: list[Layout]) -> None:
    """The 科目 rows as the columns' roles say."""
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
    from juesuan.read.pdf.column_fit import check_two_sided

    check_two_sided(reading, layouts[0].grid.page)


# ---------------------------------------------------------------- 基本支出表


def assign_basic_roles(layout: Layout) -> None:
    """Roles of a 基本支出表 page: its header ends where the economic codes begin (group headings above)."""
    first = economic_data_start(layout.grid, layout.start)
    if first is not None and first != layout.first_data_row:
        recut(layout, first)
    assign_row_roles("basic_expenditure", layout)
    for col in layout.columns:
        role = total_column_role(col.leaf)
        if role:
            col.role = role


def _labelled_totals(reading: TableReading, layout: Layout, row: int) -> set[int]:
    """人员经费合计 / 公用经费合计 printed as a label with its amount to the right; the cells used."""
    used: set[int] = set()
    cells = sorted(layout.grid.cells_starting_in_row(row), key=lambda c: c.c0)
    page = layout.grid.page
    for i, cell in enumerate(cells):
        key = BASIC_CELLS.get(label_key(cell.text)) if cell.text else None
        if key is None:
            continue
        used.add(id(cell))
        after = cells[i + 1] if i + 1 < len(cells) else None
        if after is not None and (not after.text or is_amount(after.text)):
            used.add(id(after))
            value, box = _amount(reading, after, page)
        else:
            value, box = None, None
        if key not in reading.table.cells:
            reading.table.cells[key] = Cell(value, box)
    return used


def read_basic(reading: TableReading, layouts: list[Layout]) -> None:
    """Economic rows block by block (left, then the next block to its right ...), each block over its pages."""
    table = reading.table
    table.columns = ["amount"]
    blocks: list[list[Row]] = []
    for layout in layouts:
        page = layout.grid.page
        spans = column_blocks(layout)
        while len(blocks) < len(spans):
            blocks.append([])
        last_row: dict[int, int] = {}  # block -> grid row of its last line on this page
        for r in range(layout.first_data_row, layout.grid.n_rows):
            used = _labelled_totals(reading, layout, r)
            for b, span in enumerate(spans):
                code_parts: list[str] = []
                name = ""
                value: Amount = None
                box: Box | None = None
                totals: dict[str, GridCell] = {}
                for i in span:
                    cell = layout.cell(r, i)
                    if cell is None or id(cell) in used:
                        continue
                    used.add(id(cell))
                    role = layout.columns[i].role
                    if role == CODE and _DIGITS.match(cell.text):
                        code_parts.append(cell.text)
                    elif role == NAME or (role == CODE and cell.text):
                        name += cell.text
                    elif role == "amount" and box is None:
                        value, box = _amount(reading, cell, page)
                    elif role in (PERSONNEL, PUBLIC):
                        totals[role] = cell
                code = "".join(code_parts) or None
                if code is None and (m := _CODE_AND_NAME.match(name)):
                    code, name = m.group(1), m.group(2)  # "30101基本工资" printed in one cell
                if code is None and label_key(name) in TOTAL_ROW_LABELS:
                    for key, cell in totals.items():  # 合计 row of columns headed 人员经费 / 公用经费
                        if key not in table.cells:
                            table.cells[key] = Cell(*_amount(reading, cell, page))
                    continue
                if code is None:
                    if value is not None:
                        reading.problem(f"第{page}页有金额而无经济分类科目 (amount without a code)", page)
                    elif name and last_row.get(b) == r - 1 and not empty_statement(name):
                        blocks[b][-1].name += name  # a name wrapped into the row below
                        last_row[b] = r
                    continue
                if len(code) not in (3, 5):
                    reading.problem(f"第{page}页经济分类编码“{code}”不是类/款编码 (not a 3 or 5 digit code)", page,
                                    "ambiguous")
                blocks[b].append(Row(name=name, values=[value], code=code, page=page, boxes=[box]))
                last_row[b] = r
    table.rows = [row for block in blocks for row in block]
    for key in ("personnel_total", "public_total"):
        if key not in table.cells:
            reading.problem(f"未找到{'人员经费合计' if key == 'personnel_total' else '公用经费合计'} ({key} not found)",
                            table.pages[0] if table.pages else None)


# ---------------------------------------------------------------- 三公 table


def read_three_public(reading: TableReading, layouts: list[Layout]) -> None:
    """三公 cells where the header places them (three_public_header), the budget basis, and what 合计 includes."""
    table = reading.table
    layout = layouts[0]
    grid, page = layout.grid, layout.grid.page
    header = read_three_public_header(grid, layout.start)
    if header is None:
        reading.problem("三公经费表未找到预算数/决算数表头 (no budget/actual header)", page)
        return
    for slot in header.slots:
        cell = grid.at(slot.row, slot.col)
        _set_three_public(reading, slot.name, cell if cell.r0 == slot.row else None, page)
    table.budget_basis = header.basis
    table.total_includes = total_includes(table, header.total_named_three)
    items = [f"{g}.{i}" for g in ("budget", "actual") for i in THREE_PUBLIC_ITEMS]
    missing = [name for name in items if name not in table.cells]
    if missing:
        reading.problem(f"三公经费表缺少列 (columns not found): {', '.join(missing)}", page)


def _set_three_public(reading: TableReading, name: str, cell: GridCell | None, page: int) -> None:
    if name in reading.table.cells:
        reading.problem(f"三公经费表“{name}”出现两次 (printed twice)", page)
        return
    value, box = _amount(reading, cell, page)
    reading.table.cells[name] = Cell(value, box)
