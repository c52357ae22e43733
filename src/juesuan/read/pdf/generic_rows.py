"""Read a table that is none of the nine as it is printed: code, name and amounts under their header.

One job: given the page layouts of a ruled table that no standard table fits
(a 高等学校 table, an appended table, a layout not yet known), fill generic
``model.Table`` objects (``key == GENERIC_KEY``):

* each data column is a code column (header 编码/代码/类/款/项, or cells that are
  all 3-, 5- or 7-digit codes), a name column (text) or a value column (amounts);
  行次/栏次/序号 columns are left out;
* ``header``: each value column's header cells, top to bottom, joined with "/";
* ``rows``: code (类/款/项 cells joined), name and amounts, with page and boxes; the
  first 合计/总计 line without a code is ``total``;
* side-by-side blocks (名称 | 金额 | 名称 | 金额): blocks with the same value headers
  are one table read block after block; different ones (收入 | 支出) are one
  table each, named after the block's group header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from juesuan.amounts import is_amount, parse_amount
from juesuan.model import GENERIC_KEY, Amount, Box, Problem, Row, Table
from juesuan.read.pdf.table_layout import Column, Layout, data_columns, header_texts
from juesuan.read.tables.catalogue import (
    CODE,
    LINE_NUMBER_LABELS,
    NAME,
    TOTAL_ROW_LABELS,
    column_role,
    is_name_header,
    label_key,
    normalise,
)

VALUE, SKIP = "value", "skip"
# Columns that number the lines or the columns, not amounts.
NUMBER_LABELS = LINE_NUMBER_LABELS | {"序号", "编号"}
HEADER_JOIN = "/"
_CODE = re.compile(r"^\d{3}$|^\d{5}$|^\d{7}$")
_DIGITS = re.compile(r"^\d+$")
_CODE_AND_NAME = re.compile(r"^(\d{3}|\d{5}|\d{7})(\D.*)$")
_LEVEL_LABELS = frozenset({"类", "款", "项"})


@dataclass
class Block:
    """Side-by-side part of a table: its label columns (code, name) and value columns, by data column index."""

    columns: list[int]
    group: str  # the header above its first label column (收入 / 支出), "" if none


def _holds_data(layout: Layout, row: int) -> bool:
    """A row with an amount or a code (not a 栏次 row of column numbers; a header row may well say 合计)."""
    cells = sorted((c for c in layout.grid.cells_starting_in_row(row) if c.text), key=lambda c: c.c0)
    if not cells or label_key(cells[0].text) in NUMBER_LABELS:
        return False
    return any(is_amount(c.text) or _CODE.match(normalise(c.text)) for c in cells)


def generic_layout(layout: Layout) -> Layout:
    """The layout with every leading row that holds no amount or code taken as header: a table of none of the
    nine may head its columns with words no catalogue knows (教育事业收入, 日常公用经费), and a 合计 column
    heading its header (the 三公 table) is no 合计 line."""
    grid = layout.grid
    first = layout.first_data_row
    while first < grid.n_rows and not _holds_data(layout, first):
        first += 1
    if first == layout.first_data_row or first >= grid.n_rows:
        return layout
    columns = [
        Column(a, b, grid.xs[a], grid.xs[b], header_texts(grid, first, a, b)) for a, b in data_columns(grid, first)
    ]
    return Layout(grid, first, columns)


def _texts(layouts: list[Layout], i: int) -> list[str]:
    out = []
    for layout in layouts:
        for r in range(layout.first_data_row, layout.grid.n_rows):
            cell = layout.cell(r, i) if i < len(layout.columns) else None
            if cell is not None and cell.text:
                out.append(normalise(cell.text))
    return out


def column_kinds(layouts: list[Layout]) -> list[str]:
    """CODE, NAME, VALUE or SKIP for each data column, from its header and what its cells hold."""
    first = layouts[0]
    kinds = []
    for i, col in enumerate(first.columns):
        leaf = label_key(col.leaf) if col.header else ""
        texts = _texts(layouts, i)
        role = column_role("", col.leaf, col.path) if col.header else None
        if leaf in NUMBER_LABELS:
            kinds.append(SKIP)
        elif role == CODE or (texts and all(_CODE.match(t) for t in texts) and not col.header):
            kinds.append(CODE)
        elif role == NAME or (col.header and is_name_header(col.leaf)):
            kinds.append(NAME)
        elif texts and sum(1 for t in texts if is_amount(t)) <= len(texts) / 2:
            kinds.append(NAME)  # mostly words: line names, whatever the header says
        else:
            kinds.append(VALUE)
    return kinds


def header_text(header: list[str]) -> str:
    """A value column's header cells, top to bottom, each once, joined with "/" ("本年支出/基本支出")."""
    parts: list[str] = []
    for text in header:
        norm = normalise(text).replace(HEADER_JOIN, "／")
        if norm and (not parts or parts[-1] != norm) and not _DIGITS.match(norm):
            parts.append(norm)
    return HEADER_JOIN.join(parts)


def blocks(layout: Layout, kinds: list[str]) -> list[Block]:
    """Side-by-side blocks: a new one starts at each label column that follows a value column."""
    out: list[Block] = []
    previous = None
    for i, kind in enumerate(kinds):
        if kind == SKIP:
            continue
        label = kind in (CODE, NAME)
        if not out or (label and previous == VALUE):
            header = layout.columns[i].header
            out.append(Block([], normalise(header[0]) if label and len(header) > 1 else ""))
        out[-1].columns.append(i)
        previous = kind
    return [b for b in out if any(kinds[i] == VALUE for i in b.columns)]


@dataclass
class _Reading:
    problems: list[Problem]

    def amount(self, text: str, page: int, title: str) -> Amount:
        try:
            return parse_amount(text)
        except ValueError:
            self.problems.append(Problem(f"第{page}页“{title}”单元格“{text}”不是金额 (not an amount)", None, page))
            return None


def _read_block(table: Table, layouts: list[Layout], kinds: list[str], columns: list[int],
                reading: _Reading) -> list[Row]:
    rows: list[Row] = []
    values_at = [i for i in columns if kinds[i] == VALUE]
    for layout in layouts:
        page = layout.grid.page
        for r in range(layout.first_data_row, layout.grid.n_rows):
            code_parts: list[str] = []
            labels: list[str] = []
            values: list[Amount] = [None] * len(values_at)
            boxes: list[Box | None] = [None] * len(values_at)
            seen: set[int] = set()
            for i in columns:
                cell = layout.cell(r, i) if i < len(layout.columns) else None
                if cell is None or id(cell) in seen:
                    continue
                seen.add(id(cell))
                text = normalise(cell.text)
                if kinds[i] == VALUE:
                    k = values_at.index(i)
                    values[k], boxes[k] = reading.amount(text, page, table.title or ""), cell.box(page)
                elif kinds[i] == CODE and _DIGITS.match(text):
                    code_parts.append(text)
                elif text and text not in _LEVEL_LABELS:
                    labels.append(text)
            name = "".join(labels)
            code = "".join(code_parts) or None
            if code is None and (m := _CODE_AND_NAME.match(name)):
                code, name = m.group(1), m.group(2)
            if code is None and not name and all(v is None for v in values):
                continue
            if code is None and label_key(name) in TOTAL_ROW_LABELS and table.total is None:
                table.total, table.total_boxes = values, boxes
                continue
            rows.append(Row(name=name, values=values, code=code, page=page, boxes=boxes))
    return rows


def read_generic(title: str | None, layouts: list[Layout], pages: list[int]) -> tuple[list[Table], list[Problem]]:
    """The generic tables printed in ``layouts`` (one, or one per side), and cells that were no amounts."""
    kinds = column_kinds(layouts)
    parts = blocks(layouts[0], kinds)
    reading = _Reading([])
    if not parts:
        return [], []
    first = layouts[0]

    def header_of(block: Block) -> list[str]:
        return [header_text(first.columns[i].header) for i in block.columns if kinds[i] == VALUE]

    same = all(header_of(b) == header_of(parts[0]) for b in parts)
    groups = [parts] if same else [[b] for b in parts]
    tables: list[Table] = []
    for group in groups:
        name = title or ""
        if len(groups) > 1 and group[0].group:
            name = f"{name}（{group[0].group}）" if name else group[0].group
        table = Table(key=GENERIC_KEY, title=name or None, pages=list(pages), header=header_of(group[0]))
        for block in group:
            table.rows.extend(_read_block(table, layouts, kinds, block.columns, reading))
        if table.rows or table.total is not None:
            tables.append(table)
    return tables, reading.problems
