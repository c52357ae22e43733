"""Seed the officer's inputs from a report: its own previous-year figures, or (``--next-year``)
this report's figures as next year's previous-year figures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from juesuan.compose.report_figures import as_amount, collect
from juesuan.model import Narrative, Report, Row, Table
from juesuan.workbook_layout import YEAR_SPECIFIC_TEXTS

CENT = Decimal("0.01")

# (previous-year path, current path, change path): previous = current - change when not printed
_PREVIOUS_FROM_CHANGE: tuple[tuple[str, str, str], ...] = (
    ("previous_total", "total", "change"),
    ("fiscal.previous", "fiscal.total", "fiscal.change"),
    ("general_budget.previous", "general_budget.actual", "general_budget.change"),
    ("three_public.previous", "three_public.actual", "three_public.change"),
    ("operating_costs.previous", "operating_costs.amount", "operating_costs.change"),
)


def fill_previous(report: Report) -> list[str]:
    """Previous-year figures a report implies through a printed change (current - change); paths filled.

    Only where the narrative's current figure agrees with the tables' (to the cent): a change
    printed beside a wrong total says nothing reliable about the previous year.
    """
    n = report.narrative
    fig = collect(report)
    three = report.tables.get("three_public")
    from_tables: dict[str, Decimal | None] = {
        "total": fig.total, "fiscal.total": fig.fiscal_total, "general_budget.actual": fig.general_actual,
        "three_public.actual": three.value("actual.total") if three is not None and not three.empty else None,
    }
    filled: list[str] = []
    for prev, cur, chg in _PREVIOUS_FROM_CHANGE:
        if n.get(prev) is not None:
            continue
        current, delta = as_amount(n.get(cur)), as_amount(n.get(chg))
        table_value = from_tables.get(cur)
        if current is None:
            current = table_value
        elif table_value is not None and abs(current - table_value) > CENT:
            continue
        if current is not None and delta is not None:
            n.set(prev, current - delta)
            filled.append(prev)
    return filled


def drafts(report: Report) -> list[str]:
    """The texts of a report that belong to its year (reasons, 预算绩效管理情况): paths that hold text."""
    return [path for path in report.narrative.paths()
            if path.startswith(YEAR_SPECIFIC_TEXTS) and isinstance(report.narrative.get(path), str)]


def next_year(report: Report) -> Report:
    """A workbook seed for the following year: same department and structure, this year's totals as 上年数."""
    fig = collect(report)
    n = report.narrative
    seed = Report(department=report.department, year=(report.year or 0) + 1 if report.year else None,
                  unit=report.unit, units_included=list(report.units_included))
    facts: dict[str, Any] = {}
    for key in ("profile.functions", "profile.subordinate_units"):
        if n.get(key) is not None:
            facts[key] = n.get(key)
    for key in drafts(report):  # last year's wording, to be rewritten (the workbook marks them 本年新写)
        facts[key] = n.get(key)
    facts["previous_total"] = fig.total
    facts["fiscal.previous"] = fig.fiscal_total
    facts["general_budget.previous"] = fig.general_actual
    three = report.tables.get("three_public")
    facts["three_public.previous"] = (three.value("actual.total") if three is not None and not three.empty
                                      else as_amount(n.get("three_public.actual")))
    facts["operating_costs.previous"] = as_amount(n.get("operating_costs.amount"))
    seed.narrative = Narrative()
    for path, value in facts.items():
        if value is not None:
            seed.narrative.set(path, value)
    for key, table in report.tables.items():
        if table.empty or key in ("three_public",):
            continue
        blank = Table(key=key, columns=list(table.columns))
        blank.rows = [Row(r.name, [None] * len(r.values), code=r.code) for r in table.rows]
        blank.income = [Row(r.name, [None] * len(r.values)) for r in table.income]
        blank.expenditure = [Row(r.name, [None] * len(r.values)) for r in table.expenditure]
        seed.tables[key] = blank
    return seed

