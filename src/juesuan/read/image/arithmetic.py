"""The sums a standard table's printed values must make, as (total, parts) pairs of values with their boxes.

One job: list a table's identities for the OCR self-check (``recognised``): which printed value is
the sum of which others.  The checker's rules (check/rules/table_arithmetic.py) judge the same sums
and report them; here they only point at readings that one misread character would explain.

* a row of a row table: 合计 = its parts (收入: the six sources; 支出: the five uses; 一般公共预算,
  政府性基金, 国有资本经营: 基本支出 + 项目支出);
* a 类 = its 款, a 款 = its 项, column by column; the 合计 row = the 类 rows;
* the 三公 table: 合计 = 出国 + 公务用车 + 接待, 公务用车 = 购置 + 运行, for 预算 and 决算.
"""

from __future__ import annotations

from collections.abc import Iterator

from juesuan.model import Amount, Box, Row, Table

Ref = tuple[Amount, Box | None]  # a printed value and where it is

# Row tables: the total column and the columns that add up to it.
ROW_SUMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "income": ("total", ("fiscal", "superior_subsidy", "business", "operating", "affiliated", "other")),
    "expenditure": ("total", ("basic", "project", "to_superior", "operating", "to_affiliated")),
    "general_budget": ("total", ("basic", "project")),
    "gov_fund": ("total", ("basic", "project")),
    "state_capital": ("total", ("basic", "project")),
}
THREE_PUBLIC_SUMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("total", ("overseas", "vehicles", "reception")),
    ("vehicles", ("vehicle_purchase", "vehicle_operation")),
)


def _ref(row: Row, index: int | None) -> Ref:
    if index is None or index >= len(row.values):
        return None, None
    return row.values[index], row.box(index)


def _row_sums(table: Table, rows: list[Row]) -> Iterator[tuple[Ref, list[Ref]]]:
    total_key, part_keys = ROW_SUMS[table.key]
    ti = table.column(total_key)
    parts = [i for i in (table.column(k) for k in part_keys) if i is not None]
    if ti is None or not parts:
        return
    for row in rows:
        yield _ref(row, ti), [_ref(row, i) for i in parts]


def _hierarchy(table: Table) -> Iterator[tuple[Ref, list[Ref]]]:
    coded = [r for r in table.rows if r.code and r.code.isdigit()]
    for parent in coded:
        code = parent.code or ""
        if len(code) not in (3, 5):
            continue
        kids = [r for r in coded if r.code and len(r.code) == len(code) + 2 and r.code.startswith(code)]
        if not kids:
            continue
        for i in range(len(table.columns)):
            yield _ref(parent, i), [_ref(k, i) for k in kids]


def _total_row(table: Table) -> Iterator[tuple[Ref, list[Ref]]]:
    if table.total is None:
        return
    classes = [r for r in table.rows if r.code and len(r.code) == 3]
    if not classes or len(classes) != len({r.code for r in classes}):
        return
    for i, value in enumerate(table.total):
        box = table.total_boxes[i] if table.total_boxes and i < len(table.total_boxes) else None
        yield (value, box), [_ref(r, i) for r in classes]


def _three_public(table: Table) -> Iterator[tuple[Ref, list[Ref]]]:
    for group in ("budget", "actual"):
        for total, parts in THREE_PUBLIC_SUMS:
            cells = [table.cells.get(f"{group}.{k}") for k in (total, *parts)]
            if any(c is None for c in cells):
                continue
            refs: list[Ref] = [(c.value, c.box) for c in cells if c is not None]
            yield refs[0], refs[1:]


def identities(table: Table) -> Iterator[tuple[Ref, list[Ref]]]:
    """(total, parts) for every sum the table's printed values must make."""
    if table.empty:
        return
    if table.key in ROW_SUMS:
        yield from _row_sums(table, table.rows)
        if table.total is not None:
            total_row = Row("合计", table.total, boxes=table.total_boxes)
            yield from _row_sums(table, [total_row])
    if table.key in ROW_SUMS or table.key == "basic_expenditure":
        yield from _hierarchy(table)
        yield from _total_row(table)
    if table.key == "three_public":
        yield from _three_public(table)
