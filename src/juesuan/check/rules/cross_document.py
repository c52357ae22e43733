"""与上年报告比较 (X4xx): this year's "上年" figures against last year's report of the same department.

A report states last year's figures in its 情况说明: printed (上年收入支出总计 1542.46 万元, 上年决算数)
or implied by a change (本年 1405.72 万元，比上年减少 136.74 万元, so 上年 1542.46).  With last year's
report at hand (a corpus: ``juesuan ingest`` stores both, ``juesuan compare`` shows them) each can be
checked against what last year's report actually printed: its tables first, its own 情况说明 where the
table is not there.

These rules need two reports, so they run through ``check_against_previous(report, previous)``; in a
plain ``check(report)`` they have no previous report and stay silent.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal

from juesuan.check.compare import dec, fmt, same_verdict, sum_verdict
from juesuan.check.fact_labels import fact_label
from juesuan.check.facts import THREE_PUBLIC_ITEMS, fact, general_figures, three_public_figures
from juesuan.check.finding import Finding, Hit, Location
from juesuan.check.locate import at_fact
from juesuan.check.rule import Rule, rule
from juesuan.model import Report

RULES: list[Rule] = []

_PREVIOUS: ContextVar[Report | None] = ContextVar("juesuan_previous_report", default=None)


def check_against_previous(report: Report, previous: Report) -> list[Finding]:
    """Run the X4xx rules on ``report`` with ``previous``, last year's report of the same department."""
    from juesuan.check.runner import check

    if report.year is not None and previous.year is not None and previous.year != report.year - 1:
        raise ValueError(f"上年报告的年度应为 {report.year - 1}，而不是 {previous.year} (not last year's report)")
    token = _PREVIOUS.set(previous)
    try:
        return check(report, RULES)
    finally:
        _PREVIOUS.reset(token)


@dataclass(frozen=True)
class LastYear:
    """What last year's report printed for a quantity, and where."""

    value: Decimal
    label: str
    where: Location


def last_year(previous: Report, path: str) -> LastYear | None:
    """Last year's figure for a narrative path: its table where it has one, else its own 情况说明."""
    year = f"上年报告（{previous.year}年度）" if previous.year else "上年报告"
    for figure in (*general_figures(previous), *three_public_figures(previous)):
        if figure.path == path and figure.value is not None:
            return LastYear(figure.value, f"{year}{figure.label}", figure.where)
    value = dec(fact(previous, path))
    if value is None:
        return None
    return LastYear(value, f"{year}情况说明 {fact_label(path)}", at_fact(previous, path))


def _against_last_year(report: Report, current: str, stated: str, change: str) -> Iterator[Hit]:
    """This year's stated (or implied) previous figure for ``current`` against last year's report."""
    previous = _PREVIOUS.get()
    if previous is None:
        return
    last = last_year(previous, current)
    if last is None:
        return
    printed = dec(fact(report, stated))
    if printed is not None:
        verdict = same_verdict(printed, last.value)
        if verdict:
            yield Hit(f"情况说明 {fact_label(stated)} 打印 {fmt(printed)} 万元，{last.label} 为 {fmt(last.value)} 万元",
                      at_fact(report, stated), None if verdict == "error" else "info", fmt(printed), fmt(last.value),
                      (last.where,))
        return
    now, delta = dec(fact(report, current)), dec(fact(report, change))
    if now is None or delta is None:
        return
    verdict, _ = sum_verdict(now, [last.value, delta])  # 本年 = 上年 + 增减额
    if verdict:
        implied = now - delta
        yield Hit(f"情况说明 {fact_label(current)} {fmt(now)} 万元、增减额 {fmt(delta)} 万元，"
                  f"即上年 {fmt(implied)} 万元；{last.label} 为 {fmt(last.value)} 万元"
                  f"（增减额应为 {fmt(now - last.value)} 万元）",
                  at_fact(report, change), None if verdict == "error" else "info", fmt(delta),
                  fmt(now - last.value), (last.where,))


_WHY = """
口径调整（机构改革、单位划转）可能使上年数与上年报告不同，此时正文应说明；否则是上年数或增减额写错，
或上年报告已更正而本年仍用旧数。只在入库了同一部门上年报告时检查（juesuan ingest / compare）。
"""


@rule(
    RULES, "X401", "previous-total", "warning", "cross_document",
    "上年收入支出总计与上年报告不符",
    """
    本年情况说明打印的上年收入支出总计（或由本年总计与增减额推出的上年数）= 上年报告收入支出决算总表的总计
    （上年报告没有该表时用其情况说明）。
    """ + _WHY,
    "情况说明 上年收入支出总计 打印 1542.46 万元，上年报告（2021年度）收入支出决算总表 总计 为 1524.46 万元",
)
def previous_total(report: Report) -> Iterator[Hit]:
    yield from _against_last_year(report, "total", "previous_total", "change")


@rule(
    RULES, "X402", "previous-fiscal-total", "warning", "cross_document",
    "上年财政拨款收入支出总计与上年报告不符",
    """
    本年情况说明的上年财政拨款收入支出总计（打印的，或由本年数与增减额推出的）= 上年报告财政拨款收入支出决算总表的总计。
    """ + _WHY,
    "情况说明 财政拨款收入支出 总计 1405.72 万元、增减额 -136.74 万元，即上年 1542.46 万元；"
    "上年报告（2021年度）财政拨款收入支出决算总表 总计 为 1500.00 万元（增减额应为 -94.28 万元）",
)
def previous_fiscal_total(report: Report) -> Iterator[Hit]:
    yield from _against_last_year(report, "fiscal.total", "fiscal.previous", "fiscal.change")


@rule(
    RULES, "X403", "previous-general-budget", "warning", "cross_document",
    "上年一般公共预算财政拨款支出与上年报告不符",
    """
    本年情况说明的一般公共预算财政拨款支出上年决算数（打印的，或由本年决算数与增减额推出的）
    = 上年报告一般公共预算财政拨款支出决算表的合计。
    """ + _WHY,
    "情况说明 一般公共预算财政拨款支出 决算数 2940.05 万元、增减额 -63.14 万元，即上年 3003.19 万元；"
    "上年报告（2023年度）一般公共预算财政拨款支出决算表 合计 为 3013.19 万元（增减额应为 -73.14 万元）",
)
def previous_general_budget(report: Report) -> Iterator[Hit]:
    yield from _against_last_year(report, "general_budget.actual", "general_budget.previous", "general_budget.change")


@rule(
    RULES, "X404", "previous-three-public", "warning", "cross_document",
    "上年“三公”经费与上年报告不符",
    """
    本年情况说明的上年“三公”经费决算数（合计，以及打印了上年数的因公出国（境）费、公务用车购置及运行维护费、
    公务接待费）= 上年报告“三公”经费表的决算数（上年表声明无数据时为0）。
    """ + _WHY,
    "情况说明 “三公”经费 上年数 打印 0.15 万元，上年报告（2023年度）“三公”经费表 决算数 合计 为 0.25 万元",
)
def previous_three_public(report: Report) -> Iterator[Hit]:
    yield from _against_last_year(report, "three_public.actual", "three_public.previous", "three_public.change")
    for item in THREE_PUBLIC_ITEMS:
        base = f"three_public.{item}"
        yield from _against_last_year(report, f"{base}.actual", f"{base}.previous", f"{base}.change")


@rule(
    RULES, "X405", "previous-operating-costs", "warning", "cross_document",
    "上年机关运行经费与上年报告不符",
    """
    本年情况说明的上年机关运行经费（打印的，或由本年数与增减额推出的）= 上年报告情况说明的机关运行经费。
    """ + _WHY,
    "情况说明 机关运行经费 184.65 万元、增减额 2.55 万元，即上年 182.10 万元；"
    "上年报告（2023年度）情况说明 机关运行经费 为 192.10 万元（增减额应为 -7.45 万元）",
)
def previous_operating_costs(report: Report) -> Iterator[Hit]:
    yield from _against_last_year(report, "operating_costs.amount", "operating_costs.previous",
                                  "operating_costs.change")
