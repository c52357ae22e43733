"""情况说明 amounts against the tables, and the sums the text states itself."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from juesuan.amounts import as_number, tolerance
from juesuan.check.compare import dec, fmt, same_verdict, sum_verdict
from juesuan.check.fact_labels import fact_label
from juesuan.check.facts import TableFigure, fact, general_figures, three_public_figures
from juesuan.check.finding import Hit, Location
from juesuan.check.locate import at_cell, at_fact
from juesuan.check.rule import Rule, rule
from juesuan.check.table_access import live
from juesuan.model import Report

RULES: list[Rule] = []


def _against(report: Report, figures: Iterable[TableFigure]) -> Iterator[Hit]:
    for fig in figures:
        printed = dec(fact(report, fig.path))
        if printed is None:
            continue
        verdict = same_verdict(printed, fig.value)
        if verdict is None:
            continue
        yield Hit(f"情况说明 {fact_label(fig.path)} 打印 {printed} 万元，{fig.label} 为 {fmt(fig.value)} 万元",
                  at_fact(report, fig.path), verdict, str(printed), fmt(fig.value), (fig.where,))


@rule(
    RULES, "N401", "narrative-amount", "error", "narrative",
    "情况说明中的金额与表格不符",
    """
    情况说明复述的金额逐一与表格比较：收入支出总计（总表总计）、财政拨款收入支出总计（财政拨款总表总计）、
    本年收入合计及各项收入、本年支出合计、基本支出、项目支出、一般公共预算财政拨款支出及各类、人员经费、
    公用经费。同一个数两处打印必须相同；正文少打小数位（6.2 对 6.20）不算错。
    """,
    "情况说明 fiscal.total 打印 0.3 万元，财政拨款收入支出决算总表 总计 为 2961.68 万元",
)
def narrative_amount(report: Report) -> Iterator[Hit]:
    yield from _against(report, general_figures(report))


@rule(
    RULES, "N407", "three-public-text", "error", "narrative",
    "情况说明中的“三公”经费与“三公”表不符",
    "情况说明中“三公”经费的预算数、决算数（合计及因公出国（境）、公务用车、公务接待）= “三公”经费表；"
    "表格声明无数据时，正文的决算数应为0。",
    "情况说明 three_public.actual 打印 0.09 万元，“三公”经费表 决算数 合计 为 0.19 万元",
)
def three_public_text(report: Report) -> Iterator[Hit]:
    yield from _against(report, three_public_figures(report))


@rule(
    RULES, "N408", "operating-costs", "error", "narrative",
    "机关运行经费超过公用经费",
    """
    机关运行经费是一般公共预算财政拨款基本支出中的日常公用经费，不能超过基本支出决算表的公用经费合计
    （表中没有时用正文的公用经费）。
    """,
    "情况说明 机关运行经费 打印 190.00 万元，超过公用经费合计 184.65 万元",
)
def operating_costs(report: Report) -> Iterator[Hit]:
    amount = dec(fact(report, "operating_costs.amount"))
    if amount is None:
        return
    basic = live(report, "basic_expenditure")
    if basic is not None and "public_total" in basic.cells:
        public, label = basic.value("public_total"), "公用经费合计"
        where: tuple[Location, ...] = (at_cell(basic, "public_total"),)
    else:
        public, where, label = dec(fact(report, "basic_detail.public")), (), "正文的公用经费"
    if public is None:
        return
    if amount - as_number(public) > tolerance(1):
        yield Hit(f"情况说明 机关运行经费 打印 {fmt(amount)} 万元，超过{label} {fmt(public)} 万元",
                  at_fact(report, "operating_costs.amount"), "error", fmt(amount), f"≤ {fmt(public)}", where)


@rule(
    RULES, "N409", "procurement-parts", "error", "narrative",
    "政府采购总额不等于货物、工程、服务之和",
    "情况说明：政府采购支出总额 = 货物采购 + 工程采购 + 服务采购。",
    "政府采购 打印 251.25 万元，货物 + 工程 + 服务 = 261.26 万元",
)
def procurement_parts(report: Report) -> Iterator[Hit]:
    total = dec(fact(report, "procurement.total"))
    parts = [dec(fact(report, f"procurement.{k}")) for k in ("goods", "works", "services")]
    if total is None or all(p is None for p in parts):
        return
    verdict, expected = sum_verdict(total, parts)
    if verdict:
        basis = tuple(at_fact(report, f"procurement.{k}") for k in ("goods", "works", "services"))
        yield Hit(f"政府采购 打印 {fmt(total)} 万元，货物 + 工程 + 服务 = {fmt(expected)} 万元",
                  at_fact(report, "procurement.total"), verdict, fmt(total), fmt(expected), basis=basis)


# (total, the parts the text lists, value key inside a part, label): the parts may not exceed the total
NARRATIVE_GROUPS: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    ("expenditure_total", ("basic.amount", "project.amount"), "", "基本支出 + 项目支出"),
    ("income_total", ("income_parts",), "amount", "各项收入之和"),
    ("general_budget.actual", ("general_budget.by_class",), "actual", "一般公共预算各类之和"),
    ("project.amount", ("projects",), "*", "项目支出主要用途各项之和"),
)


def _listed(report: Report, paths: tuple[str, ...], leaf: str) -> list[tuple[Decimal, str]]:
    """The parts the text lists, each with its fact path."""
    values: list[tuple[Decimal | None, str]] = []
    for path in paths:
        value = fact(report, path)
        if leaf == "*" and isinstance(value, dict):  # {name: amount}
            values += [(dec(v), f"{path}.{k}") for k, v in value.items()]
        elif leaf and isinstance(value, dict):
            values += [(dec(v.get(leaf)), f"{path}.{k}.{leaf}") for k, v in value.items() if isinstance(v, dict)]
        elif not leaf:
            values.append((dec(value), path))
    return [(v, p) for v, p in values if v is not None]


@rule(
    RULES, "N410", "narrative-parts", "error", "narrative",
    "情况说明列出的分项之和超过总数",
    """
    正文自己的数：基本支出 + 项目支出、列出的各项收入、列出的一般公共预算各类、项目支出主要用途各项，
    其和不能超过对应的总数
    （本年支出合计还包括上缴上级、经营支出等，正文也可能只列主要几项，所以只查“超过”）。
    """,
    "情况说明 各项收入之和 3000.00 万元，超过本年收入合计 2946.25 万元",
)
def narrative_parts(report: Report) -> Iterator[Hit]:
    for total_path, part_paths, leaf, label in NARRATIVE_GROUPS:
        total = dec(fact(report, total_path))
        listed = _listed(report, part_paths, leaf)
        if total is None or not listed:
            continue
        excess = sum((v for v, _ in listed), Decimal(0)) - total
        if excess > tolerance(len(listed)):
            yield Hit(f"情况说明 {label} {fmt(total + excess)} 万元，超过{fact_label(total_path)} {fmt(total)} 万元",
                      at_fact(report, total_path), "error", fmt(total + excess), f"≤ {fmt(total)}",
                      basis=tuple(at_fact(report, p) for _, p in listed))
