"""Values no report can hold: a missing or impossible year, a negative or astronomical count, an amount beyond
any government's budget, a number that is not a number.  They make no arithmetic wrong (a table of
10^12 万元 can add up), so without this rule a report of them would check clean."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from juesuan.check.finding import Hit, Location
from juesuan.check.locate import at_fact, at_named_total, at_performance, at_row, at_total
from juesuan.check.rule import Rule, rule
from juesuan.model import Report

RULES: list[Rule] = []

YEARS = (1990, 2100)
MAX_COUNT = 100_000  # vehicles, projects, units: more than any department has
# the largest amount any departmental report can print, in 万元: ten times China's yearly public spending
MAX_WAN_YUAN = Decimal(10) ** 10
UNIT_SCALE = {"元": Decimal(10000), "千元": Decimal(10), "万元": Decimal(1), "百万元": Decimal("0.01"),
              "亿元": Decimal("0.0001")}
COUNT_FACTS = ("assets.vehicles", "assets.equipment", "profile.subordinate_units")


def _amount_problem(value: Any, unit: str) -> str | None:
    if not isinstance(value, Decimal):
        return None
    if not value.is_finite():
        return f"“{value}”不是数"
    if abs(value) > MAX_WAN_YUAN * UNIT_SCALE.get(unit, Decimal(1)):
        return f"{value} {unit} 超过任何部门可能的规模（{MAX_WAN_YUAN:,} 万元）"
    return None


def _count_problem(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal) or (
            isinstance(value, Decimal) and (not value.is_finite() or value != value.to_integral_value())):
        return f"“{value}”不是整数"
    if value < 0:
        return f"{value} 是负数"
    if value > MAX_COUNT:
        return f"{value} 超过任何部门可能的数量（{MAX_COUNT:,}）"
    return None


@rule(
    RULES, "C206", "implausible-value", "error", "completeness",
    "不可能的数值（年度、个数、金额）",
    f"""
    报告年度应为 {YEARS[0]}-{YEARS[1]} 之间的年份；车辆数、设备数、单位数、自评项目个数应为不大于
    {MAX_COUNT:,} 的非负整数；金额不应超过 {MAX_WAN_YUAN:,} 万元（按报告的单位换算），也不能是 NaN、Infinity
    之类不是数的值。这样的值不会让任何勾稽出错，却说明数据填错或文件被改坏，编制的报告会印出“None 年度”
    “-3 辆”之类的内容。
    """,
    "年度为 -2024，应为 1990-2100 之间的年份",
)
def implausible_value(report: Report) -> Iterator[Hit]:
    year = report.year
    if year is None:
        yield Hit("报告没有年度（未填写或未能识别）", Location(path="year"))
    elif isinstance(year, bool) or not isinstance(year, int):
        yield Hit(f"年度“{year}”不是整数年份", Location(path="year"))
    elif not YEARS[0] <= year <= YEARS[1]:
        yield Hit(f"年度为 {year}，应为 {YEARS[0]}-{YEARS[1]} 之间的年份", Location(path="year"))
    unit = report.unit or "万元"
    for table in report.tables.values():
        for rows in (table.rows, table.income, table.expenditure):
            for row in rows:
                for i, value in enumerate(row.values):
                    reason = _amount_problem(value, unit)
                    if reason:
                        yield Hit(f"金额 {reason}", at_row(table, row, i))
        for key, row in table.totals.items():
            for i, value in enumerate(row.values):
                reason = _amount_problem(value, unit)
                if reason:
                    yield Hit(f"金额 {reason}", at_named_total(table, key, i))
        for i, value in enumerate(table.total or []):
            reason = _amount_problem(value, unit)
            if reason:
                yield Hit(f"金额 {reason}", at_total(table, i))
        for key, cell in table.cells.items():
            reason = _amount_problem(cell.value, unit)
            if reason:
                yield Hit(f"金额 {reason}", Location(table=table.key, column=key, box=cell.box, cell=cell.ref))
    for path in COUNT_FACTS:
        reason = _count_problem(report.narrative.get(path))
        if reason:
            yield Hit(f"{path} {reason}", at_fact(report, path))
    if report.performance is not None:
        reason = _count_problem(report.performance.self_evaluated.get("projects"))
        if reason:
            yield Hit(f"自评项目个数 {reason}", at_performance(report, "self_evaluated.projects"))
    for path in report.narrative.paths():
        if path in COUNT_FACTS:
            continue
        reason = _amount_problem(report.narrative.get(path), "万元" if "yuan" not in path else "元")
        if reason:
            yield Hit(f"{path} {reason}", at_fact(report, path))
