"""The 基本支出表's layout: where its economic rows begin, and its side-by-side column blocks.

The 一般公共预算财政拨款基本支出决算表 prints its economic rows in one, two or three blocks side by
side (上海: 301/303 | 302/310; 中央部门: 301/303 | 302 | 307/310/399), each block a group of columns
headed 科目编码 (or 类 and 款), 科目名称 and 决算数, often under group headings (人员经费 / 公用经费)
that name no column.  One job: from the grid's content and headings, find

* the first data row: the first row that prints an economic code (301, 30101, "30101基本工资") or a
  合计 label; every row above it is header, whatever words it holds;
* the blocks: a new block starts where a column heading's kind comes round again (code, name,
  amount, then code again), so the number of blocks is read, never assumed;
* columns headed 人员经费 / 公用经费 (a one-block layout printing them as amount columns).
"""

from __future__ import annotations

import re

from juesuan.amounts import is_amount
from juesuan.read.pdf.grid import Grid, GridCell
from juesuan.read.pdf.table_layout import Layout
from juesuan.read.tables.catalogue import BASIC_CELLS, TOTAL_ROW_LABELS, label_key

# An economic code (类 3 digits, 款 5 digits, all starting with 3), alone or before its name.
_ECONOMIC_CODE = re.compile(r"^3\d{2}(?:\d{2})?(?:[^\d.,].*)?$")
PERSONNEL, PUBLIC = "personnel_total", "public_total"


def _is_total_label(text: str) -> bool:
    key = label_key(text)
    return key in TOTAL_ROW_LABELS or (key in BASIC_CELLS and key.endswith("合计"))


def _starts_data(cells: list[GridCell]) -> bool:
    """A row printing an economic code, or a 合计 row: a 合计 label first, then only amounts and labels
    (a header cell 合计 over an amount column is no 合计 row)."""
    filled = [c.text for c in sorted(cells, key=lambda c: c.c0) if c.text]
    if any(_ECONOMIC_CODE.match(label_key(t)) for t in filled):
        return True
    return bool(filled) and _is_total_label(filled[0]) and all(
        is_amount(t) or _is_total_label(t) for t in filled[1:])


def economic_data_start(grid: Grid, start: int = 0) -> int | None:
    """The first row (from ``start``) printing an economic code or a 合计 label; None if there is none."""
    for r in range(start, grid.n_rows):
        if _starts_data(grid.cells_starting_in_row(r)):
            return r
    return None


def total_column_role(leaf: str) -> str | None:
    """personnel_total / public_total for a column headed 人员经费 / 公用经费 (their 合计 row holds the totals)."""
    key = BASIC_CELLS.get(label_key(leaf))
    return key if key in (PERSONNEL, PUBLIC) else None


def column_blocks(layout: Layout) -> list[list[int]]:
    """Data columns grouped into side-by-side blocks: a block ends where a heading's kind comes round again.

    Consecutive columns of one kind stay together (类 and 款 are one code); a column with no role
    belongs to the block it stands in.
    """
    blocks: list[list[int]] = []
    seen: set[str] = set()
    previous: str | None = None
    for i, col in enumerate(layout.columns):
        role = col.role
        if role is None:
            if blocks:
                blocks[-1].append(i)
            continue
        if not blocks or (role in seen and role != previous):
            blocks.append([])
            seen = set()
        blocks[-1].append(i)
        seen.add(role)
        previous = role
    return blocks
