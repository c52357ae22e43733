"""Table values that the 情况说明 restates, by the narrative's dotted paths (report-model.md)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from juesuan.amounts import as_number, total_of
from juesuan.check.finding import Location
from juesuan.check.locate import at_cell, at_line, at_named_total, at_row, at_total, cell_label
from juesuan.check.names import normalize
from juesuan.check.table_access import classes, live, unsure, value_at
from juesuan.model import THREE_PUBLIC_LABELS, Amount, Report

INCOME_PART_COLUMNS: tuple[tuple[str, str], ...] = (
    ("财政拨款", "fiscal"),
    ("上级补助", "superior_subsidy"),
    ("事业收入", "business"),
    ("经营收入", "operating"),
    ("附属单位上缴", "affiliated"),
    ("其他收入", "other"),
)

# The 三公 items the 情况说明 states (and 会议费 / 培训费 where the table adds them).
THREE_PUBLIC_ITEMS: tuple[str, ...] = ("overseas", "vehicles", "reception", "meeting", "training")


@dataclass(frozen=True)
class TableFigure:
    """A table's value for a narrative path, and where it is printed."""

    path: str
    value: Amount
    where: Location
    label: str


def _total_figure(report: Report, key: str, column: str, path: str, label: str) -> TableFigure | None:
    table = live(report, key)
    if table is None or table.total is None:
        return None
    i = table.column(column)
    if i is None:
        return None
    return TableFigure(path, value_at(table.total, i), at_total(table, i), label)


def _named_total(report: Report, key: str, name: str, path: str, label: str) -> TableFigure | None:
    table = live(report, key)
    row = table.totals.get(name) if table is not None else None
    if table is None or row is None:
        return None
    return TableFigure(path, value_at(row.values, 0), at_named_total(table, name, 0), label)


FUND_SOURCES: tuple[str, ...] = ("一般公共预算", "政府性基金", "国有资本经营")


def _income_part(report: Report, name: str) -> TableFigure | None:
    """One kind of income the text names: a fund's 财政拨款 is a 总表 line, the rest are 收入决算表 columns."""
    path, plain = f"income_parts.{name}.amount", normalize(name)
    summary = live(report, "summary")
    fund = next((f for f in FUND_SOURCES if f in plain), None)
    if fund is not None:
        if summary is None:
            return None
        line = next((r for r in summary.income if fund in r.name and "财政拨款" in r.name), None)
        if line is None:
            return None
        return TableFigure(path, value_at(line.values, 0), at_line(summary, line, 0), f"收入支出决算总表 {line.name}")
    income = live(report, "income")
    if income is None or income.total is None:
        return None
    column = next((c for key, c in INCOME_PART_COLUMNS if key in plain), None)
    i = income.column(column) if column else None
    if i is None:
        return None
    return TableFigure(path, value_at(income.total, i), at_total(income, i), f"收入决算表 合计行 {name}")


def general_figures(report: Report) -> Iterator[TableFigure]:
    """Everything but 三公: totals, income parts, basic/project, 一般公共预算 by class, 人员/公用经费."""
    candidates = [
        _named_total(report, "summary", "grand_total.income", "total", "收入支出决算总表 总计"),
        _named_total(report, "fiscal_summary", "grand_total.income", "fiscal.total", "财政拨款收入支出决算总表 总计"),
        _total_figure(report, "income", "total", "income_total", "收入决算表 合计")
        or _named_total(report, "summary", "income_total", "income_total", "收入支出决算总表 本年收入合计"),
        _total_figure(report, "expenditure", "total", "expenditure_total", "支出决算表 合计")
        or _named_total(report, "summary", "expenditure_total", "expenditure_total", "收入支出决算总表 本年支出合计"),
        _total_figure(report, "expenditure", "basic", "basic.amount", "支出决算表 基本支出合计"),
        _total_figure(report, "expenditure", "project", "project.amount", "支出决算表 项目支出合计"),
        _total_figure(report, "general_budget", "total", "general_budget.actual",
                      "一般公共预算财政拨款支出决算表 合计"),
        _total_figure(report, "general_budget", "budget_total", "general_budget.budget", "一般公共预算表 预算数"),
    ]
    yield from (c for c in candidates if c is not None)
    parts = report.narrative.get("income_parts")
    if isinstance(parts, dict):
        for name in parts:
            figure = _income_part(report, name)
            if figure is not None:
                yield figure
    budget = live(report, "general_budget")
    by_class = report.narrative.get("general_budget.by_class")
    if budget is not None and isinstance(by_class, dict):
        ti = budget.column("total")
        top = classes(budget)
        for name in by_class:
            row = next((r for r in top if normalize(r.name) == normalize(name)), None)
            if row is not None and ti is not None and not unsure(budget, [row], ti):
                yield TableFigure(f"general_budget.by_class.{name}.actual", value_at(row.values, ti),
                                  at_row(budget, row, ti), f"一般公共预算表 {row.code} {row.name}")
    basic = live(report, "basic_expenditure")
    if basic is not None:
        for cell, path, label in (("personnel_total", "basic_detail.personnel", "人员经费合计"),
                                  ("public_total", "basic_detail.public", "公用经费合计")):
            if cell in basic.cells:
                yield TableFigure(path, basic.value(cell), at_cell(basic, cell), f"基本支出决算表 {label}")


def three_public_figures(report: Report) -> Iterator[TableFigure]:
    """三公 narrative paths -> the 三公 table (a table declared empty counts as 0 actual)."""
    table = report.table("three_public")
    if table is None:
        return
    items = (("", "total"), *((f"{i}.", i) for i in THREE_PUBLIC_ITEMS))
    for prefix, item in items:
        for group in ("budget", "actual"):
            path = f"three_public.{prefix}{group}"
            if table.empty:
                if group == "actual":
                    yield TableFigure(path, Decimal(0), Location(page=table.pages[0] if table.pages else None,
                                                                 table="three_public"), "“三公”经费表（声明无数据）")
                continue
            key = f"{group}.{item}"
            if key not in table.cells:
                continue
            if item == "total" and table.total_includes:
                # the printed 合计 adds 会议费 / 培训费: the 三公 total the text states is that 合计 without them
                added = [table.value(f"{group}.{i}") for i in table.total_includes]
                value = as_number(table.value(key)) - total_of(added)
                names = "、".join(THREE_PUBLIC_LABELS[i] for i in table.total_includes)
                yield TableFigure(path, value, at_cell(table, key), f"“三公”经费表 {cell_label(key)}（减去{names}）")
                continue
            yield TableFigure(path, table.value(key), at_cell(table, key), f"“三公”经费表 {cell_label(key)}")


def fact(report: Report, path: str) -> Any:
    return report.narrative.get(path)
