"""Locations of table cells and narrative facts, with whatever the reader recorded (page, box)."""

from __future__ import annotations

from juesuan.check.finding import Location
from juesuan.model import SUMMARY_TOTAL_LABELS, THREE_PUBLIC_LABELS, Report, Row, Table
from juesuan.model import column_label as printed_column_label

# two-sided tables: their value columns
TWO_SIDED_COLUMNS: tuple[str, ...] = (
    "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款",
)

TOTAL_LABELS = SUMMARY_TOTAL_LABELS

CELL_LABELS: dict[str, str] = {
    **THREE_PUBLIC_LABELS,
    "personnel_total": "人员经费合计",
    "public_total": "公用经费合计",
}


def column_label(table: Table, index: int) -> str:
    if table.two_sided:
        return TWO_SIDED_COLUMNS[index] if index < len(TWO_SIDED_COLUMNS) else f"第{index + 1}列"
    key = table.columns[index] if index < len(table.columns) else f"第{index + 1}列"
    return printed_column_label(table.key, key)


def cell_label(key: str) -> str:
    group, _, item = key.partition(".")
    if item:
        return ("预算数 " if group == "budget" else "决算数 ") + CELL_LABELS.get(item, item)
    return CELL_LABELS.get(key, key)


def first_page(table: Table) -> int | None:
    return table.pages[0] if table.pages else None


def at_row(table: Table, row: Row, index: int) -> Location:
    return Location(
        page=row.page if row.page is not None else first_page(table),
        table=table.key,
        row_code=row.code,
        row_name=row.name,
        column=column_label(table, index),
        box=row.box(index),
        cell=row.cell(index),
    )


def at_total(table: Table, index: int) -> Location:
    box = table.total_boxes[index] if table.total_boxes and index < len(table.total_boxes) else None
    cell = table.total_cells[index] if table.total_cells and index < len(table.total_cells) else None
    return Location(
        page=box.page if box else first_page(table),
        table=table.key,
        row_name="合计",
        column=column_label(table, index),
        box=box,
        cell=cell,
    )


def at_named_total(table: Table, key: str, index: int) -> Location:
    row = table.totals.get(key)
    box = row.box(index) if row else None
    page = row.page if row and row.page is not None else first_page(table)
    return Location(page=page, table=table.key, row_name=TOTAL_LABELS.get(key, key),
                    column=column_label(table, index), box=box, cell=row.cell(index) if row else None)


def at_cell(table: Table, key: str) -> Location:
    cell = table.cells.get(key)
    box = cell.box if cell else None
    return Location(page=box.page if box else first_page(table), table=table.key, row_name=cell_label(key), box=box,
                    cell=cell.ref if cell else None)


def at_table(table: Table) -> Location:
    return Location(page=first_page(table), table=table.key)


def at_fact(report: Report, path: str) -> Location:
    """A narrative fact: the sentence it was read from, where the reader kept it."""
    src = report.narrative.sources.get(path)
    if src is None:
        # a fact nested under a sourced parent ("three_public.actual" under "three_public")
        parent = path
        while "." in parent and src is None:
            parent = parent.rsplit(".", 1)[0]
            src = report.narrative.sources.get(parent)
    if src is None:
        return Location(path=path)
    return Location(page=src.page or None, text=src.text, box=src.box, path=path, cell=src.cell)


def at_performance(report: Report, path: str) -> Location:
    perf = report.performance
    src = perf.sources.get(path) if perf else None
    if src is None:
        return Location(path=f"绩效自评 {path}")
    return Location(page=src.page or None, text=src.text, box=src.box, path=f"绩效自评 {path}", cell=src.cell)


def at_line(table: Table, row: Row, index: int) -> Location:
    """A line of a two-sided table (no code)."""
    return Location(page=row.page if row.page is not None else first_page(table), table=table.key,
                    row_name=row.name, column=column_label(table, index), box=row.box(index), cell=row.cell(index))
