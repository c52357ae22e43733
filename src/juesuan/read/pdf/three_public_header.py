"""The 三公 table's header: which printed cell is which item, budget or actual, in any of its layouts.

Layouts printed in China (all read the same way, from the header cells):

* items across, 预算数 / 决算数 under each item (上海: 合计 | 因公出国（境）费 | … each over 预算数 | 决算数);
* items across, grouped (中央部门: 预算数 over 合计 … 公务接待费, then 决算数 over the same six);
* items across, 预算数 / 决算数 as row labels (one data row per group);
* items down the rows (合计, 因公出国（境）费 …) with 预算数 / 决算数 columns;
* any of these with 会议费 and 培训费 added; a 栏次 row (1, 2, 3 …) between header and data.

A column's item is read from its header texts bottom-up: the lowest text that names an item (a
小计 is the subtotal of the item above it: 公务用车 小计 = vehicles; a bare 小计/合计 is the total).
The budget basis (全年预算数 / 年初预算数) is kept where the header says it.  One job: the header;
reading the amounts is table_rows' job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from juesuan.amounts import is_amount
from juesuan.read.pdf.grid import Grid, GridCell
from juesuan.read.pdf.table_layout import header_texts
from juesuan.read.tables.catalogue import THREE_PUBLIC_PHRASES, TOTAL_ROW_LABELS, is_header_text, label_key

_YEAR = re.compile(r"^\d{4}年度?")
_SUBTOTAL = "subtotal"
_THREE = "three_public"  # a heading naming the 三公 group itself ("“三公”经费")
MAX_GROUP_WORD = 8  # 预算数, 2024年全年预算数 ...: longer texts are not a budget/actual heading


def group_of(text: str) -> str | None:
    """budget / actual for a heading 预算数, 全年预算数, 年初预算, 决算数, 实际支出 ...; else None."""
    key = _YEAR.sub("", label_key(text))
    if not key or len(key) > MAX_GROUP_WORD or key.startswith(("上年", "去年", "上一年")):
        return None  # a previous year's column is none of this year's cells
    if "决算" in key or key in ("实际", "实际数", "实际支出", "执行数"):
        return "actual"
    if "预算" in key:
        return "budget"
    return None


def basis_of(text: str) -> str | None:
    """full_year (全年预算数, 调整后预算数) or initial (年初预算数) for a budget heading or note."""
    key = label_key(text)
    if "全年预算" in key or "调整后预算" in key or "调整预算" in key:
        return "full_year"
    if "年初预算" in key:
        return "initial"
    return None


def _phrase(text: str) -> str | None:
    key = label_key(text)
    return next((item for item, phrases in THREE_PUBLIC_PHRASES if any(p in key for p in phrases)), None)


def item_of(path: list[str]) -> tuple[str | None, bool]:
    """(item, named as the 三公 total) for a column's header texts, top to bottom.

    The second value is True when the total is named as the 三公 group's own ("“三公”经费合计",
    or a 小计 under a “三公”经费 heading), so that it does not include 会议费 / 培训费.
    """
    pending_subtotal = False
    for text in reversed(path):
        if group_of(text):
            continue
        item = _phrase(text)
        if item is None:
            continue
        if item == _SUBTOTAL:
            pending_subtotal = True
            continue
        if item in ("total", _THREE):
            return "total", "三公" in label_key(text)
        return item, False  # a 小计 under an item (公务用车 小计) is that item
    return ("total", False) if pending_subtotal else (None, False)


@dataclass
class Slot:
    """One 三公 cell: its model name (budget.total ...) and where its value is printed (grid row, column)."""

    name: str
    row: int
    col: int


@dataclass
class ThreePublicHeader:
    slots: list[Slot] = field(default_factory=list)
    basis: str | None = None  # full_year | initial, where the header says it
    total_named_three: bool = False  # the total's heading names it as the 三公 total only


def _cells(grid: Grid, row: int) -> list[GridCell]:
    return sorted(grid.cells_starting_in_row(row), key=lambda c: c.c0)


def _is_column_numbers(cells: list[GridCell]) -> bool:
    """A row of column numbers 1, 2, 3 … (a 栏次 row without its label)."""
    numbers = [c.text for c in cells if c.text and label_key(c.text) not in ("栏次", "栏号")]
    if len(numbers) < 3 or not all(n.isdigit() for n in numbers):
        return False
    values = [int(n) for n in numbers]
    return values == list(range(values[0], values[0] + len(values)))


def _has_amount(cells: list[GridCell]) -> bool:
    return any(is_amount(c.text) for c in cells) and not _is_column_numbers(cells)


def _row_group(cells: list[GridCell]) -> str | None:
    """budget / actual when a row is labelled 预算数 / 决算数 and holds only amounts (or blanks) besides."""
    filled = [c for c in cells if c.text]
    if not filled:
        return None
    group = group_of(filled[0].text)
    if group and len(cells) > 1 and all(is_amount(c.text) for c in filled[1:]):
        return group
    return None


def _basis(grid: Grid, start: int, end: int) -> str | None:
    for r in range(start, end):
        for cell in grid.cells_starting_in_row(r):
            if cell.text and group_of(cell.text) == "budget" and (basis := basis_of(cell.text)):
                return basis
    return None


def _header_end(grid: Grid, start: int) -> int:
    """The first data row: the first row with an amount (not column numbers); in a blank table, the row
    after the last one made only of header words and column numbers."""
    for r in range(start, grid.n_rows):
        cells = _cells(grid, r)
        if _has_amount(cells) and not any(group_of(c.text) for c in cells if c.text):
            return r
    end = start
    for r in range(start, grid.n_rows):
        texts = [c.text for c in grid.cells_starting_in_row(r) if c.text]
        if texts and all(is_header_text(t) or group_of(t) or _phrase(t) or t.isdigit() for t in texts):
            end = r + 1
    return end


def _column_paths(grid: Grid, header_end: int, start: int, data_row: int | None) -> list[tuple[int, list[str]]]:
    """(elementary column, header texts) once per printed data cell."""
    out: list[tuple[int, list[str]]] = []
    seen: set[int] = set()
    for c in range(grid.n_cols):
        if data_row is not None:
            cell = grid.at(data_row, c)
            if id(cell) in seen:
                continue
            seen.add(id(cell))
        out.append((c, header_texts(grid, header_end, c, c + 1, start)))
    return out


def _total_row(grid: Grid, rows: list[int]) -> int | None:
    """Of several data rows (a 汇总 report lists its units), the 合计 row, else the first."""
    for r in rows:
        if any(label_key(c.text) in TOTAL_ROW_LABELS for c in grid.cells_starting_in_row(r) if c.text):
            return r
    return rows[0] if rows else None


def read_three_public_header(grid: Grid, start: int = 0) -> ThreePublicHeader | None:
    """Where each 三公 cell is printed; None when no 预算数 / 决算数 heading is found."""
    group_rows = [r for r in range(start, grid.n_rows) if any(group_of(c.text) for c in _cells(grid, r) if c.text)]
    if not group_rows:
        return None
    header = ThreePublicHeader()
    # items across, groups as row labels
    labelled = [(r, g) for r in group_rows if (g := _row_group(_cells(grid, r)))]
    if {g for _, g in labelled} == {"budget", "actual"}:
        end = labelled[0][0]
        header.basis = _basis(grid, start, grid.n_rows)
        for c, path in _column_paths(grid, end, start, labelled[0][0]):
            item, named = item_of(path)
            if item is None:
                continue
            header.total_named_three |= item == "total" and named
            header.slots.extend(Slot(f"{group}.{item}", r, c) for r, group in labelled)
        return header
    end = _header_end(grid, group_rows[0])
    header.basis = _basis(grid, start, end)
    data_rows = [r for r in range(end, grid.n_rows) if _has_amount(_cells(grid, r))]
    data_row = _total_row(grid, data_rows) if data_rows else (end if end < grid.n_rows else None)
    columns = _column_paths(grid, end, start, data_row)
    across: list[tuple[int, str, str]] = []
    for c, path in columns:
        groups = [g for t in path if (g := group_of(t))]
        item, named = item_of(path)
        if groups and item is not None:
            across.append((c, groups[-1], item))
            header.total_named_three |= item == "total" and named
    if across and data_row is not None:
        header.slots = [Slot(f"{group}.{item}", data_row, c) for c, group, item in across]
        return header
    # items down the rows: 预算数 / 决算数 columns, the item named at the left of each row
    last_group_row = group_rows[-1]
    group_cols = [(c.c0, g) for c in _cells(grid, last_group_row) if c.text and (g := group_of(c.text))]
    if not group_cols:
        return header
    first_value_col = min(c for c, _ in group_cols)
    for r in range(last_group_row + 1, grid.n_rows):
        labels = [c.text for c in _cells(grid, r) if c.text and c.c0 < first_value_col]
        item, named = item_of(labels[-1:]) if labels else (None, False)
        if item is None:
            continue
        header.total_named_three |= item == "total" and named
        header.slots.extend(Slot(f"{group}.{item}", r, c) for c, group in group_cols)
    return header
