"""The tables as read, for the page that shows each beside its page image: a header, rows of labelled cells,
each cell with the box it was read from (so the page can box it on the image), as the terminal shows them
(juesuan.compose.terminal)."""

from __future__ import annotations

from dataclasses import dataclass, field

from juesuan.compose.terminal import format_amount
from juesuan.model import (
    SUMMARY_TOTAL_LABELS,
    TABLE_KEYS,
    TABLE_TITLES,
    THREE_PUBLIC_ALL_ITEMS,
    THREE_PUBLIC_LABELS,
    Amount,
    Box,
    Report,
    Row,
    Table,
    column_label,
)


@dataclass(frozen=True)
class GridCell:
    text: str
    box: Box | None = None
    numeric: bool = True


@dataclass
class TableGrid:
    key: str
    title: str
    pages: list[int]
    header: list[str]
    rows: list[list[GridCell]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missing: bool = False

    def boxes(self) -> list[Box]:
        return [c.box for row in self.rows for c in row if c.box is not None]


def _label(text: str) -> GridCell:
    return GridCell(text, None, numeric=False)


def _cells(values: list[Amount], boxes: list[Box | None] | None, n: int) -> list[GridCell]:
    out: list[GridCell] = []
    for i in range(n):
        value = values[i] if i < len(values) else None
        box = boxes[i] if boxes and i < len(boxes) and value is not None else None
        out.append(GridCell(format_amount(value), box))
    return out


def _row(row: Row, n: int) -> list[GridCell]:
    return _cells(list(row.values), row.boxes, n)


def table_grid(table: Table, title: str | None = None) -> TableGrid:
    grid = TableGrid(table.key, title or table.title or TABLE_TITLES.get(table.key, table.key), list(table.pages), [])
    if table.empty:
        grid.notes.append(f"本表无数据：{table.note or ''}")
        return grid
    if table.two_sided:
        width = max((len(r.values) for r in table.expenditure), default=1)
        sides = ["决算数"] if width == 1 else ["合计", "一般公共预算", "政府性基金", "国有资本经营"]
        grid.header = ["收入项目", "决算数", "支出项目", *sides]
        for i in range(max(len(table.income), len(table.expenditure))):
            inc = table.income[i] if i < len(table.income) else None
            exp = table.expenditure[i] if i < len(table.expenditure) else None
            grid.rows.append([_label(inc.name if inc else ""), *(_row(inc, 1) if inc else [GridCell("")]),
                              _label(exp.name if exp else ""), *(_row(exp, width) if exp else [GridCell("")] * width)])
        for key, label in SUMMARY_TOTAL_LABELS.items():
            if key in table.totals:
                total = table.totals[key]
                cells = _row(total, len(total.values))
                grid.rows.append([_label(label), *cells] + [GridCell("")] * max(0, len(grid.header) - 1 - len(cells)))
        return grid
    if table.key == "three_public":
        budget = {"full_year": "全年预算数", "initial": "年初预算数"}.get(table.budget_basis or "", "预算数")
        grid.header = ["项目", budget, "决算数"]
        for item in THREE_PUBLIC_ALL_ITEMS:
            if f"budget.{item}" not in table.cells and f"actual.{item}" not in table.cells:
                continue
            found = [table.cells.get(f"{side}.{item}") for side in ("budget", "actual")]
            grid.rows.append([_label(("其中：" if item.startswith("vehicle_") else "") + THREE_PUBLIC_LABELS[item]),
                              *(GridCell(format_amount(c.value) if c else "", c.box if c else None) for c in found)])
        return grid
    labels = table.header if table.generic and table.header else [column_label(table.key, c) for c in table.columns]
    grid.header = ["科目编码", "科目名称", *labels]
    n = len(labels)
    if table.total is not None:
        grid.rows.append([_label(""), _label("合计"), *_cells(list(table.total), table.total_boxes, n)])
    for row in table.rows:
        indent = "\u3000" * max(0, (len(row.code or "") - 3) // 2)
        grid.rows.append([_label(row.code or ""), _label(indent + row.name), *_row(row, n)])
    for key, label in (("personnel_total", "人员经费合计"), ("public_total", "公用经费合计")):
        cell = table.cells.get(key)
        if cell is not None:
            grid.rows.append([_label(""), _label(label), GridCell(format_amount(cell.value), cell.box)]
                             + [GridCell("")] * max(0, n - 1))
    return grid


def report_grids(report: Report) -> list[TableGrid]:
    """The nine tables in the template's order (a missing one says so), then any other tables."""
    out: list[TableGrid] = []
    for key in TABLE_KEYS:
        table = report.tables.get(key)
        if table is None:
            out.append(TableGrid(key, TABLE_TITLES[key], [], [], missing=True))
        else:
            out.append(table_grid(table))
    for i, table in enumerate(report.other_tables):
        grid = table_grid(table, table.title or "（无标题）")
        grid.key = f"other-{i}"
        grid.notes.append("其他表格（不属于九张表）" if table.generic else "重复印出的表格，未采用")
        out.append(grid)
    return out
