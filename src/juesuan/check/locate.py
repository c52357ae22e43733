"""Locations of table cells and narrative facts, with whatever the reader recorded (page, box)."""

from __future__ import annotations

from juesuan.check.finding import Location
from juesuan.model import Report, Row, Table

# Chinese column labels of the row-shaped tables
COLUMN_LABELS: dict[str, str] = {
    "total": "合计",
    "fiscal": "财政拨款收入",
    "superior_subsidy": "上级补助收入",
    "business": "事业收入",
    "operating": "经营收入/经营支出",
    "affiliated": "附属单位上缴收入",
    "other": "其他收入",
    "basic": "基本支出",
    "project": "项目支出",
    "to_superior": "上缴上级支出",
    "to_affiliated": "对附属单位补助支出",
    "amount": "决算数",
    "opening": "年初结转和结余",
    "income": "本年收入",
    "closing": "年末结转和结余",
    "budget_total": "预算数合计",
    "budget_basic": "预算数基本支出",
    "budget_project": "预算数项目支出",
}

# two-sided tables: their value columns
TWO_SIDED_COLUMNS: tuple[str, ...] = (
    "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款",
)

TOTAL_LABELS: dict[str, str] = {
    "income_total": "本年收入合计",
    "expenditure_total": "本年支出合计",
    "use_of_balance": "使用非财政拨款结余",
    "opening_balance": "年初结转和结余",
    "distribution": "结余分配",
    "closing_balance": "年末结转和结余",
    "grand_total.income": "总计（收入）",
    "grand_total.expenditure": "总计（支出）",
}

CELL_LABELS: dict[str, str] = {
    "total": "合计",
    "overseas": "因公出国（境）费",
    "vehicles": "公务用车购置及运行维护费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费",
    "reception": "公务接待费",
    "personnel_total": "人员经费合计",
    "public_total": "公用经费合计",
}


def column_label(table: Table, index: int) -> str:
    if table.two_sided:
        return TWO_SIDED_COLUMNS[index] if index < len(TWO_SIDED_COLUMNS) else f"第{index + 1}列"
    key = table.columns[index] if index < len(table.columns) else f"第{index + 1}列"
    return COLUMN_LABELS.get(key, key)


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
    )


def at_total(table: Table, index: int) -> Location:
    box = table.total_boxes[index] if table.total_boxes and index < len(table.total_boxes) else None
    return Location(
        page=box.page if box else first_page(table),
        table=table.key,
        row_name="合计",
        column=column_label(table, index),
        box=box,
    )


def at_named_total(table: Table, key: str, index: int) -> Location:
    row = table.totals.get(key)
    box = row.box(index) if row else None
    page = row.page if row and row.page is not None else first_page(table)
    return Location(page=page, table=table.key, row_name=TOTAL_LABELS.get(key, key),
                    column=column_label(table, index), box=box)


def at_cell(table: Table, key: str) -> Location:
    cell = table.cells.get(key)
    box = cell.box if cell else None
    return Location(page=box.page if box else first_page(table), table=table.key, row_name=cell_label(key), box=box)


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
    return Location(page=src.page or None, text=src.text, box=src.box, path=path)


def at_performance(report: Report, path: str) -> Location:
    perf = report.performance
    src = perf.sources.get(path) if perf else None
    if src is None:
        return Location(path=f"绩效自评 {path}")
    return Location(page=src.page or None, text=src.text, box=src.box, path=f"绩效自评 {path}")


def at_line(table: Table, row: Row, index: int) -> Location:
    """A line of a two-sided table (no code)."""
    return Location(page=row.page if row.page is not None else first_page(table), table=table.key,
                    row_name=row.name, column=column_label(table, index), box=row.box(index))
