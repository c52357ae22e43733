"""The figures the 情况说明 and the charts speak of, taken from the tables first and the officer's inputs second.

Tables are the source of truth for this year's amounts; what no table gives
(previous-year totals, 年初预算, 机关运行经费, 政府采购 ...) comes from the
narrative facts that the workbook's 补充信息 sheet fills (or a parsed report
carries).  Nothing here is a float.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from juesuan.amounts import total_of
from juesuan.model import Amount, Report, Table

INCOME_PARTS: tuple[tuple[str, str], ...] = (
    ("fiscal", "财政拨款收入"),
    ("superior_subsidy", "上级补助收入"),
    ("business", "事业收入"),
    ("operating", "经营收入"),
    ("affiliated", "附属单位上缴收入"),
    ("other", "其他收入"),
)
EXPENDITURE_PARTS: tuple[tuple[str, str], ...] = (
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("to_superior", "上缴上级支出"),
    ("operating", "经营支出"),
    ("to_affiliated", "对附属单位补助支出"),
)


def as_amount(value: Any) -> Amount:
    """A narrative fact as an amount (Decimal, int or numeric string); anything else is None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    try:
        return Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None


def total_value(table: Table | None, column: str) -> Amount:
    if table is None or table.empty or table.total is None:
        return None
    i = table.column(column)
    if i is None or i >= len(table.total):
        return None
    return table.total[i]


def two_sided_total(table: Table | None, key: str, index: int = 0) -> Amount:
    if table is None or table.empty:
        return None
    row = table.totals.get(key)
    if row is None or index >= len(row.values):
        return None
    return row.values[index]


@dataclass
class ClassLine:
    code: str
    name: str
    actual: Decimal
    budget: Amount = None
    reason: str | None = None


@dataclass
class Figures:
    department: str
    year: int
    total: Amount = None
    previous_total: Amount = None
    income_total: Amount = None
    income_parts: list[tuple[str, Decimal]] = field(default_factory=list)
    expenditure_total: Amount = None
    expenditure_parts: list[tuple[str, Decimal]] = field(default_factory=list)
    fiscal_total: Amount = None
    fiscal_previous: Amount = None
    general_actual: Amount = None
    general_previous: Amount = None
    general_budget: Amount = None
    general_project: Amount = None
    project: Amount = None  # 项目支出 of all funds (支出决算表)
    classes: list[ClassLine] = field(default_factory=list)
    personnel: Amount = None
    public: Amount = None
    personnel_items: list[str] = field(default_factory=list)
    public_items: list[str] = field(default_factory=list)


def _fact(report: Report, path: str) -> Amount:
    return as_amount(report.narrative.get(path))


def reason(report: Report, key: str) -> str | None:
    """The officer's reason for a change or a difference, as typed (None when not given)."""
    value = report.narrative.get(f"reasons.{key}")
    text = str(value).strip() if value is not None else ""
    return text.rstrip("。") or None


def collect(report: Report) -> Figures:
    t = report.tables
    fig = Figures(report.department or "本部门", int(report.year or 0))
    income, expenditure = t.get("income"), t.get("expenditure")
    summary, fiscal_summary = t.get("summary"), t.get("fiscal_summary")
    general = t.get("general_budget")

    fig.income_total = total_value(income, "total")
    if fig.income_total is None:
        fig.income_total = two_sided_total(summary, "income_total") or _fact(report, "income_total")
    fig.expenditure_total = total_value(expenditure, "total")
    if fig.expenditure_total is None:
        fig.expenditure_total = two_sided_total(summary, "expenditure_total") or _fact(report, "expenditure_total")
    fig.total = two_sided_total(summary, "grand_total.income")
    if fig.total is None:
        fig.total = _fact(report, "total") or fig.income_total
    fig.previous_total = _fact(report, "previous_total")

    for col, name in INCOME_PARTS:
        value = total_value(income, col)
        if value:
            fig.income_parts.append((name, value))
    for col, name in EXPENDITURE_PARTS:
        value = total_value(expenditure, col)
        if value:
            fig.expenditure_parts.append((name, value))

    fig.fiscal_total = two_sided_total(fiscal_summary, "grand_total.income")
    if fig.fiscal_total is None:
        fig.fiscal_total = _fact(report, "fiscal.total") or total_value(income, "fiscal")
    fig.fiscal_previous = _fact(report, "fiscal.previous")

    fig.general_actual = total_value(general, "total")
    if fig.general_actual is None:
        fig.general_actual = _fact(report, "general_budget.actual")
    fig.general_project = total_value(general, "project")
    fig.project = total_value(expenditure, "project")
    fig.general_previous = _fact(report, "general_budget.previous")
    fig.general_budget = _fact(report, "general_budget.budget")
    by_class = report.narrative.get("general_budget.by_class") or {}
    if general is not None and not general.empty:
        for row in general.rows:
            if row.code and len(row.code) == 3:
                i = general.column("total")
                actual = row.values[i] if i is not None and i < len(row.values) else None
                info = by_class.get(row.name) if isinstance(by_class, dict) else None
                budget = as_amount(info.get("budget")) if isinstance(info, dict) else None
                fig.classes.append(ClassLine(row.code, row.name, actual or Decimal(0), budget,
                                             reason(report, f"class.{row.name}")))

    basic = t.get("basic_expenditure")
    if basic is not None and not basic.empty:
        fig.personnel = basic.value("personnel_total")
        fig.public = basic.value("public_total")
        from juesuan.standard import is_personnel

        for row in basic.rows:
            if row.code and len(row.code) == 5 and total_of(row.values) != 0:
                (fig.personnel_items if is_personnel(row.code) else fig.public_items).append(row.name)
    if fig.personnel is None:
        fig.personnel = _fact(report, "basic_detail.personnel")
    if fig.public is None:
        fig.public = _fact(report, "basic_detail.public")
    return fig
