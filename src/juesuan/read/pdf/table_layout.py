"""A grid's layout as a standard table: where the header ends, and what each column holds.

One job: from a ``Grid`` (cells with text), find

* the header rows: the leading rows whose cells are made only of header
  words (项目, 科目编码, 本年收入合计 ...);
* the data columns: the column boundaries that data cells use (header cells
  may be cut finer or coarser than the data below them);
* each data column's header text, leaf (lowest header cell) first, so that
  pdf_table_rows can map it to a model column key.

A page that continues a table without repeating its header has no header
rows; its columns are then matched by position with the page before.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from juesuan.amounts import is_amount
from juesuan.read.pdf.grid import Grid, GridCell
from juesuan.read.tables.catalogue import LINE_NUMBER_LABELS, TOTAL_ROW_LABELS, is_header_text, normalise

# Columns of two pages are the same when their edges are within this (points).
COLUMN_MATCH = 4.0
# A 科目 code at the start of a cell (201, 20103 行政运行, 205 02 05).
_CODE_START = re.compile(r"^\d{3}(?:\s?\d{2}){0,2}(?:\D|$)")


@dataclass
class Column:
    """A data column: elementary columns c0..c1 of the grid, its x range and header text (top to bottom)."""

    c0: int
    c1: int
    x0: float
    x1: float
    header: list[str]
    role: str | None = None

    @property
    def leaf(self) -> str:
        return self.header[-1] if self.header else ""

    @property
    def path(self) -> str:
        return "".join(self.header)


@dataclass
class Layout:
    grid: Grid
    first_data_row: int
    columns: list[Column]
    start: int = 0  # rows above this (a title printed inside the grid) are not read

    def cell(self, row: int, column: int) -> GridCell | None:
        """The printed cell at data column ``column`` that starts in ``row`` (None if it started above)."""
        col = self.columns[column]
        cell = self.grid.at(row, col.c0)
        return cell if cell.r0 == row else None


def _is_total_row(cells: list[GridCell]) -> bool:
    """A 合计/总计 row: a total label in its first filled cell, and nothing else but amounts or blanks."""
    filled = [c for c in sorted(cells, key=lambda c: c.c0) if c.text]
    if not filled or normalise(filled[0].text) not in TOTAL_ROW_LABELS:
        return False
    return all(is_amount(c.text) or not c.text or is_header_text(c.text) for c in filled[1:]) and filled[0].c0 == 0


def _is_column_numbers(cells: list[GridCell]) -> bool:
    """A 栏次 row: the label 栏次 and column numbers 1, 2, 3 ... (header, not data)."""
    filled = [c for c in sorted(cells, key=lambda c: c.c0) if c.text]
    return bool(filled) and normalise(filled[0].text) in LINE_NUMBER_LABELS and all(
        c.text.isdigit() or normalise(c.text) in LINE_NUMBER_LABELS or c.text in ("—", "-") for c in filled[1:]
    )


def _mostly_header(texts: list[str]) -> bool:
    """A header row with a word the catalogue does not know (支出总额): no amount, no code, and at least
    two cells and half of them made of header words."""
    if any(is_amount(t) or _CODE_START.match(t) for t in texts):
        return False
    known = sum(1 for t in texts if is_header_text(t))
    return known >= 2 and known * 2 >= len(texts)


def find_first_data_row(grid: Grid, start: int = 0) -> int:
    """The first row that is not header: one with a figure, a code, a line name, or a 合计 label at its left.

    Rows made only of header words are header; so is a 栏次 row of column numbers.  With no such row
    (a page that simply continues a table) the data start at the first row; with nothing but header
    and blank rows (a blank template), right below the header.
    """
    after_header = start
    for r in range(start, grid.n_rows):
        cells = grid.cells_starting_in_row(r)
        texts = [c.text for c in cells if c.text]
        if not texts:
            continue
        if _is_column_numbers(cells):
            after_header = r + 1
            continue
        if _is_total_row(cells) or (any(not is_header_text(t) for t in texts) and not _mostly_header(texts)):
            return r
        after_header = r + 1
    return after_header


def data_columns(grid: Grid, first_data_row: int) -> list[tuple[int, int]]:
    """Column spans (elementary c0, c1) that the data rows use."""
    starts: set[int] = set()
    for cell in grid.cells:
        if cell.r0 >= first_data_row:
            starts.add(cell.c0)
            starts.add(cell.c1)
    if not starts or first_data_row >= grid.n_rows:
        # no data rows: use the finest columns the header itself shows
        for cell in grid.cells:
            if cell.r1 == first_data_row or first_data_row >= grid.n_rows:
                starts.add(cell.c0)
                starts.add(cell.c1)
    starts.update({0, grid.n_cols})
    bounds = sorted(starts)
    # a data cell spanning several columns (合计 over 类/款/项) does not join them: other rows split them
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def header_texts(grid: Grid, first_data_row: int, c0: int, c1: int, start: int = 0) -> list[str]:
    """Texts of the header cells above a column (rows ``start`` to ``first_data_row``), top to bottom, each once."""
    out: list[str] = []
    seen: set[int] = set()
    mid = (c0 + c1 - 1) // 2
    for r in range(start, first_data_row):
        for c in (c0, mid):
            cell = grid.at(r, c)
            if id(cell) in seen or not cell.text or cell.text.isdigit() or cell.text in ("栏次", "栏号"):
                continue  # a 栏次 row (column numbers) says nothing about its columns
            seen.add(id(cell))
            out.append(cell.text)
    # header words printed in the first data row under a wider group header (本年支出: 合计/基本支出/项目支出)
    if 0 < first_data_row < grid.n_rows:
        cell = grid.at(first_data_row, c0)
        above = grid.at(first_data_row - 1, c0)
        wider = (above.c1 - above.c0) > (cell.c1 - cell.c0)
        if cell.r0 == first_data_row and cell.c0 == c0 and cell.c0 > 0 and is_header_text(cell.text) and wider:
            out.append(cell.text)
    return out


def read_layout(grid: Grid, start: int = 0, first_data_row: int | None = None) -> Layout:
    """The layout of ``grid``; rows above ``start`` (a title printed inside the grid) are not read.

    ``first_data_row``, when a table reader knows it from the content (where the codes begin), replaces
    the header-word test of ``find_first_data_row``.
    """
    first = find_first_data_row(grid, start) if first_data_row is None else first_data_row
    cols = [
        Column(a, b, grid.xs[a], grid.xs[b], header_texts(grid, first, a, b, start))
        for a, b in data_columns(grid, first)
    ]
    return Layout(grid, first, cols, start)


def recut(layout: Layout, first_data_row: int) -> None:
    """Cut ``layout`` anew with its data starting at ``first_data_row`` (header rows and columns re-read)."""
    fresh = read_layout(layout.grid, layout.start, first_data_row)
    layout.first_data_row, layout.columns = fresh.first_data_row, fresh.columns


def same_columns(a: Layout, b: Layout) -> bool:
    """Whether two pages' grids have the same data columns (a table continued over pages)."""
    if len(a.columns) != len(b.columns):
        return False
    return all(
        abs(x.x0 - y.x0) <= COLUMN_MATCH and abs(x.x1 - y.x1) <= COLUMN_MATCH
        for x, y in zip(a.columns, b.columns, strict=True)
    )


def inherit_roles(layout: Layout, previous: Layout) -> bool:
    """Give a continuation page without header the column roles of the page before; False if they differ."""
    if len(layout.columns) != len(previous.columns):
        return False
    for col, prev in zip(layout.columns, previous.columns, strict=True):
        col.role = prev.role
        if not col.header:
            col.header = list(prev.header)
    return True
