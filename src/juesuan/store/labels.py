"""Chinese labels of stored rows and columns, for people (compare's tables, the exports' label columns)."""

from __future__ import annotations

from juesuan.model import SUMMARY_TOTAL_LABELS, column_label

# the value columns of the two-sided tables and of the named cells
NAMED_COLUMNS: dict[str, str] = {
    "amount": "金额",
    "total": "合计",
    "general_budget": "一般公共预算财政拨款",
    "gov_fund": "政府性基金预算财政拨款",
    "state_capital": "国有资本经营预算财政拨款",
    "budget": "预算数",
    "actual": "决算数",
}
CELL_NAMES: dict[str, str] = {"personnel_total": "人员经费合计", "public_total": "公用经费合计"}


def row_label(side: str, code: str | None, name: str | None) -> str:
    """总计（收入）, 201 一般公共服务支出, 合计, 公务接待费 ..."""
    if side == "totals":
        return SUMMARY_TOTAL_LABELS.get(name or "", name or "")
    if side == "rows" and code:
        return f"{code} {name or ''}".strip()
    return name or code or ""


def column_text(table: str, side: str, column: str) -> str:
    if side in ("income", "expenditure", "totals") or (side == "cells" and column in NAMED_COLUMNS):
        return NAMED_COLUMNS.get(column, column)
    return column_label(table, column)
