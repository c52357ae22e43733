"""What the other tables and the 情况说明 say about a text table's cells.

The same figures are printed in several tables: a 类's 支出 in the 支出决算表 is
its line in the 收入支出决算总表; its 一般公共预算财政拨款 支出 is its line in the
财政拨款收入支出决算总表 (一般公共预算 column) and the 情况说明's by-class
figure; the 基本支出 of the 一般公共预算财政拨款支出决算表 is 人员经费合计 +
公用经费合计 of the 基本支出 table.  These are given to the column solver as
hints: used where a row's numbers can agree with them, ignored where they
cannot (a publisher's inconsistency is the checker's business, not a reason
to misplace a number).
"""

from __future__ import annotations

import re
from decimal import Decimal

from juesuan.amounts import amount_or_none
from juesuan.model import Narrative, Table
from juesuan.read.text.three_public import BASIC_ROWS
from juesuan.standard import CLASS_CODE

# Row table -> (two-sided table, index of the value in its expenditure lines) giving its 类 totals.
_CLASS_LINES = {"expenditure": ("summary", 0), "general_budget": ("fiscal_summary", 1)}


def _squeeze(text: str) -> str:
    return "".join(text.split())


def row_hints(key: str, tables: dict[str, Table], narrative: Narrative | None) -> dict[str, dict[str, Decimal]]:
    """Row code -> column -> the value another table (or the narrative) gives for it."""
    hints: dict[str, dict[str, Decimal]] = {}
    source = _CLASS_LINES.get(key)
    if source is not None:
        two_sided, index = source
        table = tables.get(two_sided)
        if table is not None and not table.empty:
            for line in table.expenditure:
                code = CLASS_CODE.get(_squeeze(line.name))
                value = line.values[index] if index < len(line.values) else None
                if code is not None and isinstance(value, Decimal):
                    hints.setdefault(code, {})["total"] = value
    if key == "general_budget" and narrative is not None:
        by_class = narrative.get("general_budget.by_class")
        if isinstance(by_class, dict):
            for name, facts in by_class.items():
                code = CLASS_CODE.get(_squeeze(name))
                actual = facts.get("actual") if isinstance(facts, dict) else None
                if code is not None and isinstance(actual, Decimal):
                    hints.setdefault(code, {}).setdefault("total", actual)
    return hints


def total_hints(key: str, tables: dict[str, Table], narrative: Narrative | None = None) -> dict[str, Decimal]:
    """Column -> the value another table (or the 情况说明's 人员经费 and 公用经费) gives for this table's 合计."""
    out: dict[str, Decimal] = {}
    if key == "general_budget" and narrative is not None:
        personnel, public = narrative.get("basic_detail.personnel"), narrative.get("basic_detail.public")
        if isinstance(personnel, Decimal) and isinstance(public, Decimal):
            out["basic"] = personnel + public
    summary, fiscal, basic = tables.get("summary"), tables.get("fiscal_summary"), tables.get("basic_expenditure")
    if key == "expenditure" and summary is not None and not summary.empty:
        _put(out, "total", summary.totals.get("expenditure_total"), 0)
    if key == "income" and summary is not None and not summary.empty:
        _put(out, "total", summary.totals.get("income_total"), 0)
    if key == "general_budget" and fiscal is not None and not fiscal.empty:
        _put(out, "total", fiscal.totals.get("expenditure_total"), 1)
    if key == "general_budget" and basic is not None and not basic.empty:
        personnel, public = basic.value("personnel_total"), basic.value("public_total")
        if personnel is not None and public is not None:
            out["basic"] = personnel + public
    return out


def _put(out: dict[str, Decimal], column: str, row: object, index: int) -> None:
    values = getattr(row, "values", None)
    if isinstance(values, list) and index < len(values) and isinstance(values[index], Decimal):
        out[column] = values[index]


def three_public_floor(tables: dict[str, Table]) -> dict[str, Decimal]:
    """三公 cell -> the least it can be: what the 基本支出 table spent on that item."""
    basic = tables.get("basic_expenditure")
    out: dict[str, Decimal] = {}
    if basic is None or basic.empty:
        return out
    for code, cell in BASIC_ROWS.items():
        row = basic.row(code)
        value = row.values[0] if row is not None and row.values else None
        if isinstance(value, Decimal) and value > 0:
            out[cell] = value
    return out


_BALANCE_WORDS = {
    "summary": (("opening_balance", r"年初结转和结余"), ("closing_balance", r"年末结转和结余"),
                ("use_of_balance", r"使用非财政拨款结余"), ("distribution", r"结余分配")),
    "fiscal_summary": (("opening_balance", r"年初财政拨款结转和结余"), ("closing_balance", r"年末财政拨款结转和结余")),
}


def two_sided_hints(
    key: str, tables: dict[str, Table], empty: set[str], text: str = "", other: Table | None = None,
) -> dict[str, Decimal]:
    """Item key ("income:<name>", "expenditure:<name>", "total:<key>") -> the figure the row tables
    print for it (table 1: 收入决算表 and 支出决算表; table 4: 一般公共预算财政拨款支出决算表, where the
    other funds are stated empty), and the balances the 情况说明 states in ``text`` ("年初结转和结余
    1615.24 万元"); with ``other`` (the other two-sided table, as read with these figures), bounds on the
    balances: those of all funds (table 1) hold those of the 财政拨款 funds (table 4)."""
    out: dict[str, Decimal] = {}
    for name, words in _BALANCE_WORDS.get(key, ()):
        found = re.search(words + r"[^0-9。；]{0,6}?(\d[\d,]*\.\d+)\s*万元", text)
        if found is not None:
            _set(out, f"total:{name}", amount_or_none(found.group(1)))
    if other is not None and not other.empty:
        bound = "at_least" if key == "summary" else "at_most"
        for name in ("opening_balance", "closing_balance"):
            row = other.totals.get(name)
            if row is not None and row.values and name not in other.ambiguous:
                _set(out, f"{bound}:total:{name}", row.values[0])
    income = tables.get("income")
    spent = tables.get("expenditure") if key == "summary" else tables.get("general_budget")
    if key == "fiscal_summary" and not {"gov_fund", "state_capital"} <= empty:
        return out
    if income is not None and not income.empty and income.total:
        totals = dict(zip(income.columns, income.total, strict=False))
        if key == "summary":
            names = {"other": "其他收入", "business": "事业收入", "operating": "经营收入",
                     "superior_subsidy": "上级补助收入", "affiliated": "附属单位上缴收入"}
            for column, name in names.items():
                _set(out, f"income:{name}", totals.get(column))
            if {"gov_fund", "state_capital"} <= empty:
                _set(out, "income:一般公共预算财政拨款收入", totals.get("fiscal"))
            _set(out, "total:income_total", totals.get("total"))
        else:
            _set(out, "income:一般公共预算财政拨款", totals.get("fiscal"))
            _set(out, "total:income_total", totals.get("fiscal"))
    if spent is not None and not spent.empty:
        for row in spent.rows:
            if row.code and len(row.code) == 3 and row.values:
                _set(out, f"expenditure:{_squeeze(row.name)}", row.values[0])
        if spent.total:
            _set(out, "total:expenditure_total", spent.total[0])
    return out


def _set(out: dict[str, Decimal], key: str, value: object) -> None:
    if isinstance(value, Decimal):
        out[key] = value
