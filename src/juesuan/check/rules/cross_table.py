"""Across tables: the same line printed in two tables must be the same number."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from juesuan.amounts import as_number, tolerance, total_of
from juesuan.check.compare import fmt, same_verdict, sum_verdict
from juesuan.check.finding import Hit, Location
from juesuan.check.locate import at_cell, at_line, at_named_total, at_row, at_table, at_total, column_label
from juesuan.check.names import normalize
from juesuan.check.rule import Rule, rule
from juesuan.check.systematic import damp
from juesuan.check.table_access import classes, live, unsure, value_at
from juesuan.model import THREE_PUBLIC_EXTRA_ITEMS, Amount, Report, Row, Table

RULES: list[Rule] = []

# 总表 income lines -> 收入决算表 columns
INCOME_SOURCES: tuple[tuple[str, str], ...] = (
    ("上级补助收入", "superior_subsidy"),
    ("事业收入", "business"),
    ("经营收入", "operating"),
    ("附属单位上缴收入", "affiliated"),
    ("其他收入", "other"),
)


def _mismatch(what: str, a_label: str, a: Amount, b_label: str, b: Amount) -> str:
    return f"{what}：{a_label} 打印 {fmt(a)}，{b_label} 打印 {fmt(b)}，相差 {fmt(as_number(a) - as_number(b))}"


def _line(lines: list[Row], name: str) -> Row | None:
    """The line of that name; else the only line whose name extends it or is cut from it (一般公共服务 / ～支出)."""
    want = normalize(name)
    exact = next((r for r in lines if normalize(r.name) == want), None)
    if exact is not None or not want:
        return exact
    near = [r for r in lines if normalize(r.name) and (normalize(r.name).startswith(want)
                                                      or want.startswith(normalize(r.name)))]
    return near[0] if len(near) == 1 else None


@rule(
    RULES, "X301", "summary-vs-income", "error", "cross_table",
    "收入支出决算总表收入方与收入决算表不符",
    """
    总表收入方各行 = 收入决算表合计行对应列：财政拨款收入各行之和 = 财政拨款收入列，上级补助收入、事业收入、
    经营收入、附属单位上缴收入、其他收入各自相等；总表本年收入合计 = 收入决算表合计。
    """,
    "总表 其他收入：打印 6.20，收入决算表 合计行 其他收入 打印 6.10",
)
def summary_vs_income(report: Report) -> Iterator[Hit]:
    summary, income = live(report, "summary"), live(report, "income")
    if summary is None or income is None or income.total is None:
        return
    fiscal_lines = [r for r in summary.income if "财政拨款" in r.name]
    fi = income.column("fiscal")
    if fiscal_lines and fi is not None:
        printed = total_of(value_at(r.values, 0) for r in fiscal_lines)
        other = value_at(income.total, fi)
        verdict, _ = sum_verdict(other, [value_at(r.values, 0) for r in fiscal_lines])
        if verdict:
            yield Hit(_mismatch("财政拨款收入", "总表", printed, "收入决算表", other),
                      at_line(summary, fiscal_lines[0], 0), verdict, fmt(printed), fmt(other),
                      (at_total(income, fi),))
    for name, column in INCOME_SOURCES:
        line, ci = _line(summary.income, name), income.column(column)
        if line is None or ci is None:
            continue
        a, b = value_at(line.values, 0), value_at(income.total, ci)
        verdict = same_verdict(a, b)
        if verdict:
            yield Hit(_mismatch(name, "总表", a, "收入决算表", b), at_line(summary, line, 0), verdict, fmt(a), fmt(b),
                      (at_total(income, ci),))
    total_row, ti = summary.totals.get("income_total"), income.column("total")
    if total_row is not None and ti is not None:
        a, b = value_at(total_row.values, 0), value_at(income.total, ti)
        verdict = same_verdict(a, b)
        if verdict:
            yield Hit(_mismatch("本年收入合计", "总表", a, "收入决算表", b), at_named_total(summary, "income_total", 0),
                      verdict, fmt(a), fmt(b), (at_total(income, ti),))


def _class_lines(
    lines: list[Row], line_col: int, table: Table, table_col: int | None, what: str, side_table: Table,
) -> Iterator[Hit]:
    """Two-sided table expenditure lines vs a row table's 类 rows, matched by name."""
    if table_col is None:
        return
    matched: set[int] = set()
    compared: list[Hit] = []
    for row in classes(table):
        if unsure(table, [row], table_col):
            continue
        line = _line(lines, row.name)
        printed = value_at(row.values, table_col)
        if line is None:
            if as_number(printed) != 0:
                yield Hit(f"{row.code} {row.name}：{what}打印 {fmt(printed)}，但{side_table.title or '总表'}"
                          f"没有同名的支出行", at_row(table, row, table_col), "warning", fmt(printed), None,
                          basis=(at_table(side_table),))
            continue
        matched.add(id(line))
        a = value_at(line.values, line_col)
        verdict = same_verdict(a, printed)
        if verdict:
            compared.append(Hit(_mismatch(row.name, _title(side_table), a, _title(table), printed),
                                at_line(side_table, line, line_col), verdict, fmt(a), fmt(printed),
                                (at_row(table, row, table_col),)))
    yield from damp(compared, len(matched), "各类")
    for line in lines:
        value = value_at(line.values, line_col)
        if id(line) not in matched and as_number(value) != 0:
            yield Hit(f"{line.name}：{_title(side_table)}打印 {fmt(value)}，但{_title(table)}没有这一类",
                      at_line(side_table, line, line_col), "warning", fmt(value), None, basis=(at_table(table),))


def _title(table: Table) -> str:
    from juesuan.model import TABLE_TITLES

    return TABLE_TITLES.get(table.key, table.key)


@rule(
    RULES, "X302", "summary-vs-expenditure", "error", "cross_table",
    "收入支出决算总表支出方与支出决算表不符",
    """
    总表支出方各行（按功能分类类级）= 支出决算表同名类的合计；总表本年支出合计 = 支出决算表合计。
    某一类只在一张表中出现时报警告（名称可能不同）；多数类都不符时只报警告（更可能是列被读错）。
    """,
    "社会保障和就业支出：收入支出决算总表 打印 326.71，支出决算表 打印 326.72，相差 -0.01",
)
def summary_vs_expenditure(report: Report) -> Iterator[Hit]:
    summary, spent = live(report, "summary"), live(report, "expenditure")
    if summary is None or spent is None:
        return
    ti = spent.column("total")
    yield from _class_lines(summary.expenditure, 0, spent, ti, "支出决算表", summary)
    total_row = summary.totals.get("expenditure_total")
    if total_row is not None and spent.total is not None and ti is not None:
        a, b = value_at(total_row.values, 0), value_at(spent.total, ti)
        verdict = same_verdict(a, b)
        if verdict:
            yield Hit(_mismatch("本年支出合计", "总表", a, "支出决算表", b),
                      at_named_total(summary, "expenditure_total", 0), verdict, fmt(a), fmt(b), (at_total(spent, ti),))


FUND_COLUMNS: tuple[tuple[int, str, str], ...] = (
    (1, "general_budget", "一般公共预算财政拨款"),
    (2, "gov_fund", "政府性基金预算财政拨款"),
    (3, "state_capital", "国有资本经营预算财政拨款"),
)


@rule(
    RULES, "X303", "fiscal-summary-vs-fund-tables", "error", "cross_table",
    "财政拨款收入支出决算总表与一般公共预算/政府性基金/国有资本经营预算表不符",
    """
    财政拨款总表支出方：一般公共预算列各行 = 一般公共预算财政拨款支出决算表同名类；政府性基金列 =
    政府性基金表；国有资本经营预算列 = 国资表；各列本年支出合计 = 对应表合计。对应表声明无数据时，该列应为空或0。
    收入方 政府性基金/国有资本经营预算财政拨款 = 对应表本年收入合计；
    年末结转和结余的基金、国资列 = 对应表年末结转和结余。
    """,
    "社会保障和就业支出：财政拨款收入支出决算总表 打印 326.71，一般公共预算财政拨款支出决算表 打印 326.72",
)
def fiscal_summary_vs_fund_tables(report: Report) -> Iterator[Hit]:
    fiscal = live(report, "fiscal_summary")
    if fiscal is None:
        return
    for col, key, label in FUND_COLUMNS:
        table = report.table(key)
        if table is None:
            continue
        total_row = fiscal.totals.get("expenditure_total")
        if table.empty:
            for line in [*fiscal.expenditure, *([total_row] if total_row else [])]:
                value = value_at(line.values, col)
                if as_number(value) != 0:
                    loc = at_named_total(fiscal, "expenditure_total", col) if line is total_row else \
                        at_line(fiscal, line, col)
                    yield Hit(f"{line.name}：{label}列打印 {fmt(value)}，但{_title(table)}声明本表无数据", loc,
                              "error", fmt(value), "0.00", basis=(at_table(table),))
            continue
        ti = table.column("total")
        yield from _class_lines(fiscal.expenditure, col, table, ti, _title(table), fiscal)
        if total_row is not None and table.total is not None and ti is not None:
            a, b = value_at(total_row.values, col), value_at(table.total, ti)
            verdict = same_verdict(a, b)
            if verdict:
                yield Hit(_mismatch(f"本年支出合计（{label}）", "财政拨款总表", a, _title(table), b),
                          at_named_total(fiscal, "expenditure_total", col), verdict, fmt(a), fmt(b),
                          (at_total(table, ti),))
        ii = table.column("income")
        income_line = _line(fiscal.income, label)
        if ii is not None and income_line is not None and table.total is not None:
            a, b = value_at(income_line.values, 0), value_at(table.total, ii)
            verdict = same_verdict(a, b)
            if verdict:
                yield Hit(_mismatch(f"{label}收入", "财政拨款总表", a, _title(table), b),
                          at_line(fiscal, income_line, 0),
                          verdict, fmt(a), fmt(b), (at_total(table, ii),))
        ci, closing = table.column("closing"), fiscal.totals.get("closing_balance")
        if key != "general_budget" and ci is not None and closing is not None and table.total is not None \
                and len(closing.values) > col:
            a, b = value_at(closing.values, col), value_at(table.total, ci)
            verdict = same_verdict(a, b)
            if verdict:
                yield Hit(_mismatch(f"年末结转和结余（{label}）", "财政拨款总表", a, _title(table), b),
                          at_named_total(fiscal, "closing_balance", col), verdict, fmt(a), fmt(b),
                          (at_total(table, ci),))


@rule(
    RULES, "X307", "fiscal-summary-vs-summary", "error", "cross_table",
    "财政拨款收入支出决算总表与收入支出决算总表、收入决算表不符",
    """
    财政拨款总表收入方各项财政拨款 = 收入支出决算总表同名收入行；财政拨款总表本年收入合计 = 收入决算表
    财政拨款收入列合计；财政拨款总表支出方各行合计不超过收入支出决算总表同名行（财政拨款只是全部资金的一部分）。
    """,
    "一般公共预算财政拨款：财政拨款收入支出决算总表 打印 2940.05，收入支出决算总表 打印 2904.05",
)
def fiscal_summary_vs_summary(report: Report) -> Iterator[Hit]:
    fiscal, summary, income = live(report, "fiscal_summary"), live(report, "summary"), live(report, "income")
    if fiscal is None:
        return
    if summary is not None:
        for line in fiscal.income:
            other = next((r for r in summary.income if normalize(r.name).startswith(normalize(line.name))), None)
            if other is None:
                continue
            a, b = value_at(line.values, 0), value_at(other.values, 0)
            verdict = same_verdict(a, b)
            if verdict:
                yield Hit(_mismatch(line.name, "财政拨款总表", a, "收入支出决算总表", b), at_line(fiscal, line, 0),
                          verdict, fmt(a), fmt(b), (at_line(summary, other, 0),))
        for line in fiscal.expenditure:
            other = _line(summary.expenditure, line.name)
            if other is None:
                continue
            a, b = as_number(value_at(line.values, 0)), as_number(value_at(other.values, 0))
            if a - b > tolerance(1):
                yield Hit(f"{line.name}：财政拨款总表 打印 {fmt(a)}，超过收入支出决算总表的 {fmt(b)}",
                          at_line(fiscal, line, 0), "error", fmt(a), f"≤ {fmt(b)}", (at_line(summary, other, 0),))
    total_row = fiscal.totals.get("income_total")
    fi = income.column("fiscal") if income is not None else None
    if income is not None and income.total is not None and total_row is not None and fi is not None:
        a, b = value_at(total_row.values, 0), value_at(income.total, fi)
        verdict = same_verdict(a, b)
        if verdict:
            yield Hit(_mismatch("财政拨款本年收入合计", "财政拨款总表", a, "收入决算表财政拨款收入列", b),
                      at_named_total(fiscal, "income_total", 0), verdict, fmt(a), fmt(b), (at_total(income, fi),))


@rule(
    RULES, "X304", "general-budget-within-expenditure", "error", "cross_table",
    "一般公共预算财政拨款支出超过支出决算表",
    """
    一般公共预算财政拨款只是全部支出的一部分：一般公共预算财政拨款支出决算表每一科目的合计/基本支出/项目支出
    不超过支出决算表同一科目的同名列；一般公共预算表中的科目在支出决算表中也应列出。
    """,
    "2010601 行政运行 [基本支出]：一般公共预算表 打印 1503.52，超过支出决算表的 1403.52",
)
def general_budget_within_expenditure(report: Report) -> Iterator[Hit]:
    budget, spent = live(report, "general_budget"), live(report, "expenditure")
    if budget is None or spent is None:
        return
    pairs = [(c, budget.column(c), spent.column(c)) for c in ("total", "basic", "project")]
    lines: list[tuple[Row | None, list[Amount], list[Amount] | None, Row | None]] = []
    if budget.total is not None:
        lines.append((None, budget.total, spent.total, None))
    for row in budget.rows:
        other = spent.row(row.code) if row.code else None
        if other is None:
            if row.code and any(as_number(v) != 0 for v in row.values):
                yield Hit(f"{row.code} {row.name}：一般公共预算表有此科目（{fmt(value_at(row.values, 0))}），"
                          f"支出决算表没有", at_row(budget, row, 0), "error", fmt(value_at(row.values, 0)), None,
                          basis=(at_table(spent),))
            continue
        lines.append((row, row.values, other.values, other))
    for line_row, values, other_values, other in lines:
        if other_values is None:
            continue
        for _, bi, si in pairs:
            if bi is None or si is None:
                continue
            if (line_row is not None and unsure(budget, [line_row], bi)) or (
                    other is not None and unsure(spent, [other], si)):
                continue
            a, b = as_number(value_at(values, bi)), as_number(value_at(other_values, si))
            if a - b <= tolerance(1):
                continue
            name = f"{line_row.code} {line_row.name}" if line_row is not None else "合计行"
            loc = at_row(budget, line_row, bi) if line_row is not None else at_total(budget, bi)
            rel = at_row(spent, other, si) if other is not None else at_total(spent, si)
            yield Hit(f"{name} [{column_label(budget, bi)}]：一般公共预算表 打印 {fmt(a)}，超过支出决算表的 {fmt(b)}",
                      loc, "error", fmt(a), f"≤ {fmt(b)}", (rel,))


@rule(
    RULES, "X305", "basic-total", "error", "cross_table",
    "基本支出决算表合计与一般公共预算表基本支出不符",
    "一般公共预算财政拨款基本支出决算表 人员经费合计 + 公用经费合计（未打印时用各经济分类类级之和）= "
    "一般公共预算财政拨款支出决算表 合计行 基本支出。",
    "基本支出决算表 人员经费 + 公用经费 = 2336.91，一般公共预算表 基本支出 打印 2336.19",
)
def basic_total(report: Report) -> Iterator[Hit]:
    basic, budget = live(report, "basic_expenditure"), live(report, "general_budget")
    if basic is None or budget is None or budget.total is None:
        return
    bi = budget.column("basic")
    if bi is None:
        return
    if "personnel_total" in basic.cells or "public_total" in basic.cells:
        parts = [basic.value("personnel_total"), basic.value("public_total")]
        how = "人员经费合计 + 公用经费合计"
    else:
        parts = [value_at(r.values, 0) for r in classes(basic)]
        how = "各经济分类类级之和"
        if not parts:
            return
    printed = value_at(budget.total, bi)
    verdict, expected = sum_verdict(printed, parts)
    if verdict:
        yield Hit(f"一般公共预算表 合计行 基本支出 打印 {fmt(printed)}，基本支出决算表 {how} = {fmt(expected)}",
                  at_total(budget, bi), verdict, fmt(printed), fmt(expected),
                  (at_cell(basic, "personnel_total"),) if "personnel_total" in basic.cells else (),
                  basis=(at_table(basic),))


ECONOMIC_ROWS: tuple[tuple[str, str], ...] = (
    ("30212", "overseas"),
    ("30217", "reception"),
    ("30231", "vehicle_operation"),
    ("31013", "vehicle_purchase"),
    ("30215", "meeting"),  # where the 三公 table adds 会议费 / 培训费 columns
    ("30216", "training"),
)


@rule(
    RULES, "X306", "three-public-vs-economic", "error", "cross_table",
    "“三公”经费决算数小于基本支出表对应经济科目",
    """
    基本支出决算表的 30212 因公出国（境）费用、30217 公务接待费、30231 公务用车运行维护费、31013 公务用车购置
    是“三公”经费的基本支出部分，不能超过“三公”经费表对应的决算数（“三公”还包括项目支出，所以可以更大）；
    “三公”经费表另列会议费、培训费时，30215 会议费、30216 培训费同样检查。只在两张表都打印了该数时检查；
    “三公”表声明无数据时三项决算数按0计（会议费、培训费不按0计）。
    """,
    "30217 公务接待费：基本支出表 打印 5.00，“三公”经费表 决算数 公务接待费 只有 0.00",
)
def three_public_vs_economic(report: Report) -> Iterator[Hit]:
    basic, three = live(report, "basic_expenditure"), report.table("three_public")
    if basic is None or three is None:
        return
    for code, item in ECONOMIC_ROWS:
        row = basic.row(code)
        if row is None or value_at(row.values, 0) is None:
            continue
        key = f"actual.{item}"
        if key not in three.cells and (not three.empty or item in THREE_PUBLIC_EXTRA_ITEMS):
            continue  # an empty 三公 table says nothing of 会议费 / 培训费
        actual = Decimal(0) if three.empty else as_number(three.value(key))
        econ = as_number(value_at(row.values, 0))
        if econ - actual <= tolerance(1):
            continue
        where = "（“三公”表声明无数据）" if three.empty else ""
        rel: tuple[Location, ...] = () if three.empty else (at_cell(three, key),)
        yield Hit(f"{code} {row.name}：基本支出表 打印 {fmt(econ)}，“三公”经费表决算数只有 {fmt(actual)}{where}",
                  at_row(basic, row, 0), "error", fmt(econ), f"≤ {fmt(actual)}", rel, basis=(at_table(three),))
