"""Running-text readings that need the tables to know what the words mean.

* Section 五 (一般公共预算财政拨款支出决算情况说明) is often written with "财政拨款支出" for
  一般公共预算财政拨款支出 (the central departments' template and others).  The two are one figure only
  in a report with no other fund: its 财政拨款收入支出决算总表 prints nothing in the 政府性基金 and
  国有资本经营 columns, or both fund tables declare themselves empty (本表无数据) or print only zeros.
  Then, and only then, those sentences give the general_budget facts; otherwise they stay unmapped.
* A 三公 table's 预算数 is 全年预算数 or 年初预算数: where its header does not say, the note printed with
  it may ("其中，预算数为“三公”经费全年预算数").

The PDF reader knows the tables before the text: its narrative is read once, with ``fiscal_wording_rules``;
the text reader reads the tables last (they use the narrative) and calls ``read_with_tables`` after them.
"""

from __future__ import annotations

import re

from juesuan.model import Report, Row, Table
from juesuan.read.prose.narrative import apply_rules, mark_breaks, sections
from juesuan.read.prose.narrative_patterns import FISCAL_AS_GENERAL_BUDGET_RULES, Rule
from juesuan.read.prose.running_text import RunningText

# fiscal_summary expenditure values: [total, general_budget, gov_fund, state_capital]
_OTHER_FUNDS = (2, 3)
_OTHER_FUND_NAMES = ("政府性基金", "国有资本经营")
_BASIS_NOTE = re.compile(r"预算数?(?:为|是|指)[^。；;]{0,16}?(全年|年初|调整后)预算")
_BASIS = {"全年": "full_year", "调整后": "full_year", "年初": "initial"}


def _prints_nothing(table: Table) -> bool:
    """A fund table that declares itself empty or prints no amount but zeros."""
    if table.empty:
        return True
    values = [v for row in table.rows for v in row.values] + list(table.total or [])
    return bool(table.rows or table.total) and not any(values)


def only_general_budget(tables: dict[str, Table]) -> bool:
    """Whether the report's only 财政拨款 is 一般公共预算 (so 财政拨款支出 is 一般公共预算财政拨款支出)."""
    fiscal = tables.get("fiscal_summary")
    if fiscal is not None and not fiscal.empty:
        lines: list[Row] = [*fiscal.expenditure, *fiscal.totals.values()]
        four = [row for row in lines if len(row.values) == 4]
        if four:
            other = any(row.values[i] for row in four for i in _OTHER_FUNDS)
            income = any(row.values and row.values[0] for row in fiscal.income
                         if any(name in row.name for name in _OTHER_FUND_NAMES))
            return not other and not income and any(row.values[1] for row in four)
    gov_fund, state_capital = tables.get("gov_fund"), tables.get("state_capital")
    return gov_fund is not None and state_capital is not None and _prints_nothing(gov_fund) and _prints_nothing(
        state_capital)


def _basis_from_note(report: Report, table: Table) -> str | None:
    pages = [p for p in report.pages if p.number in table.pages] if table.pages else []
    for page in pages:
        m = _BASIS_NOTE.search("".join(page.text.split()))
        if m:
            return _BASIS[m.group(1)]
    return None


def fiscal_wording_rules(tables: dict[str, Table]) -> list[Rule]:
    """The rules reading 财政拨款支出 as 一般公共预算财政拨款支出, where the tables show it is the only fund."""
    return FISCAL_AS_GENERAL_BUDGET_RULES if only_general_budget(tables) else []


def read_with_tables(report: Report, facts: bool = True) -> None:
    """Facts and table details whose reading depends on the tables (see the module note).  ``facts``: False
    where the narrative was read with the tables already known (read_narrative had fiscal_wording_rules)."""
    rules = fiscal_wording_rules(report.tables) if facts else []
    if rules:
        stream = RunningText.compact(report.pages)
        mark_breaks(stream)
        apply_rules(stream, sections(stream), rules, report.narrative)
    three = report.tables.get("three_public")
    if three is not None and not three.empty and three.budget_basis is None:
        three.budget_basis = _basis_from_note(report, three)
