"""Tables that other tables determine: fill 收入支出决算总表, 财政拨款收入支出决算总表 and the
一般公共预算财政拨款支出决算表 from 收入决算表 and 支出决算表 where the data lacks them.

Only what the figures determine is filled: balances the tables cannot give
stay blank, and nothing is derived when the income is not all 财政拨款
(the fiscal part of the spending is then unknown).
"""

from __future__ import annotations

from decimal import Decimal

from juesuan.model import TABLE_COLUMNS, Amount, Cell, Report, Row, Table
from juesuan.standard import FISCAL_INCOME_LINES, FUNCTION_CLASSES, SUMMARY_INCOME_LINES

ZERO = Decimal("0.00")


def _col(table: Table, row_values: list[Amount] | None, key: str) -> Amount:
    i = table.column(key)
    if row_values is None or i is None or i >= len(row_values):
        return None
    return row_values[i]


def _fund_income(report: Report, key: str) -> Amount:
    t = report.tables.get(key)
    if t is None or t.empty:
        return None
    return _col(t, t.total, "income")


def derive_summary(report: Report) -> Table | None:
    income, expenditure = report.tables.get("income"), report.tables.get("expenditure")
    if income is None or expenditure is None or income.empty or expenditure.empty:
        return None
    fiscal = _col(income, income.total, "fiscal")
    gov, state = _fund_income(report, "gov_fund"), _fund_income(report, "state_capital")
    general = None if fiscal is None else fiscal - (gov or 0) - (state or 0)
    values: list[Amount] = [general, gov, state]
    others = ("superior_subsidy", "business", "operating", "affiliated", "other")
    values += [_col(income, income.total, c) for c in others]
    table = Table(key="summary")
    table.income = [Row(name, [v]) for name, v in zip(SUMMARY_INCOME_LINES, values, strict=True)]
    by_class = {r.code: _col(expenditure, r.values, "total") for r in expenditure.rows if r.code and len(r.code) == 3}
    table.expenditure = [Row(name, [by_class.get(code)]) for code, name in FUNCTION_CLASSES]
    income_total = _col(income, income.total, "total")
    expenditure_total = _col(expenditure, expenditure.total, "total")
    table.totals = {
        "income_total": Row("income_total", [income_total]),
        "expenditure_total": Row("expenditure_total", [expenditure_total]),
        "use_of_balance": Row("use_of_balance", [None]),
        "distribution": Row("distribution", [None]),
        "opening_balance": Row("opening_balance", [None]),
        "closing_balance": Row("closing_balance", [None]),
        "grand_total.income": Row("grand_total.income", [income_total]),
        "grand_total.expenditure": Row("grand_total.expenditure", [expenditure_total]),
    }
    return table


def all_fiscal(report: Report) -> bool:
    """Every yuan of income is 财政拨款 (so all spending is financed by it)."""
    income = report.tables.get("income")
    if income is None or income.empty or income.total is None:
        return False
    return _col(income, income.total, "total") == _col(income, income.total, "fiscal")


def derive_general_budget(report: Report) -> Table | None:
    """支出决算表's fiscal part, when all income is 一般公共预算财政拨款."""
    expenditure = report.tables.get("expenditure")
    if expenditure is None or expenditure.empty or not all_fiscal(report):
        return None
    if _fund_income(report, "gov_fund") or _fund_income(report, "state_capital"):
        return None
    keys = TABLE_COLUMNS["general_budget"]

    def pick(values: list[Amount] | None) -> list[Amount]:
        return [_col(expenditure, values, k) for k in keys]

    table = Table(key="general_budget", columns=list(keys), total=pick(expenditure.total))
    table.rows = [Row(r.name, pick(r.values), code=r.code) for r in expenditure.rows]
    return table


def derive_fiscal_summary(report: Report) -> Table | None:
    general = report.tables.get("general_budget") or derive_general_budget(report)
    income = report.tables.get("income")
    if general is None or income is None or general.empty:
        return None
    gov, state = _fund_income(report, "gov_fund"), _fund_income(report, "state_capital")
    if gov or state:
        return None
    general_income = _col(income, income.total, "fiscal")
    table = Table(key="fiscal_summary")
    table.income = [Row(FISCAL_INCOME_LINES[0], [general_income]), Row(FISCAL_INCOME_LINES[1], [None]),
                    Row(FISCAL_INCOME_LINES[2], [None])]
    by_class = {r.code: _col(general, r.values, "total") for r in general.rows if r.code and len(r.code) == 3}
    table.expenditure = [Row(name, [by_class.get(code), by_class.get(code), None, None])
                         for code, name in FUNCTION_CLASSES]
    spent = _col(general, general.total, "total")
    table.totals = {
        "income_total": Row("income_total", [general_income]),
        "expenditure_total": Row("expenditure_total", [spent, spent, None, None]),
        "opening_balance": Row("opening_balance", [None]),
        "closing_balance": Row("closing_balance", [None, None, None, None]),
        "grand_total.income": Row("grand_total.income", [general_income]),
        "grand_total.expenditure": Row("grand_total.expenditure", [spent, spent, None, None]),
    }
    return table


def _fact(report: Report, path: str) -> Amount:
    from juesuan.compose.report_figures import as_amount

    return as_amount(report.narrative.get(path))


def derive_basic_expenditure(report: Report) -> Table | None:
    """基本支出表 with what the narrative states: 人员经费合计 and 公用经费合计 (no rows)."""
    personnel, public = _fact(report, "basic_detail.personnel"), _fact(report, "basic_detail.public")
    if personnel is None and public is None:
        return None
    table = Table(key="basic_expenditure", columns=["amount"])
    table.cells["personnel_total"] = Cell(_cents(personnel))
    table.cells["public_total"] = Cell(_cents(public))
    return table


def derive_three_public(report: Report) -> Table | None:
    """三公 table from the narrative: totals and the three items; the two vehicle parts only when vehicles is zero."""
    budget, actual = _fact(report, "three_public.budget"), _fact(report, "three_public.actual")
    if budget is None or actual is None:
        return None
    table = Table(key="three_public")
    for group, total in (("budget", budget), ("actual", actual)):
        table.cells[f"{group}.total"] = Cell(_cents(total))
        items = {item: _fact(report, f"three_public.{item}.{group}") for item in ("overseas", "vehicles", "reception")}
        known = [v for v in items.values() if v is not None]
        if len(known) == 2 and total is not None:  # the third is what the total leaves
            missing = next(k for k, v in items.items() if v is None)
            items[missing] = total - sum(known, Decimal(0))
        for item, value in items.items():
            table.cells[f"{group}.{item}"] = Cell(_cents(value))
        vehicles = items["vehicles"]
        zero = vehicles is not None and vehicles == 0
        for part in ("vehicle_purchase", "vehicle_operation"):
            table.cells[f"{group}.{part}"] = Cell(ZERO if zero else None)
    return table


def _cents(value: Amount) -> Amount:
    return None if value is None else value.quantize(Decimal("0.01"))


def fill_derived(report: Report) -> list[str]:
    """Add the derivable tables the report lacks; return the keys added."""
    added: list[str] = []
    for key, make in (("summary", derive_summary), ("general_budget", derive_general_budget),
                      ("fiscal_summary", derive_fiscal_summary), ("basic_expenditure", derive_basic_expenditure),
                      ("three_public", derive_three_public)):
        if key not in report.tables:
            table = make(report)
            if table is not None:
                report.tables[key] = table
                added.append(key)
    return added

