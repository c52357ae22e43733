"""Table arithmetic: each table adds up within itself (rows, 类/款/项, 合计, both sides)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from juesuan.amounts import as_number
from juesuan.check.compare import fmt, sum_verdict
from juesuan.check.finding import Hit
from juesuan.check.locate import (
    TOTAL_LABELS,
    at_cell,
    at_line,
    at_named_total,
    at_row,
    at_total,
    column_label,
)
from juesuan.check.rule import Rule, rule
from juesuan.check.systematic import damp
from juesuan.check.table_access import children, classes, live, unsure, value_at
from juesuan.model import Amount, Report, Row, Table

RULES: list[Rule] = []

# row-shaped tables: (total column, part columns) identities within a row
ROW_IDENTITIES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "income": (("total", ("fiscal", "superior_subsidy", "business", "operating", "affiliated", "other")),),
    "expenditure": (("total", ("basic", "project", "to_superior", "operating", "to_affiliated")),),
    "general_budget": (("total", ("basic", "project")), ("budget_total", ("budget_basic", "budget_project"))),
    "gov_fund": (("total", ("basic", "project")),),
    "state_capital": (("total", ("basic", "project")),),
}

HIERARCHY_TABLES: tuple[str, ...] = ("income", "expenditure", "general_budget", "basic_expenditure", "gov_fund",
                                     "state_capital")
FUND_TABLES: tuple[str, ...] = ("gov_fund", "state_capital")


def _row_parts(table: Table, row_name: str, values: list[Amount], where: Row | None) -> Iterator[Hit]:
    for total_key, part_keys in ROW_IDENTITIES.get(table.key, ()):
        ti = table.column(total_key)
        indexes = [table.column(k) for k in part_keys]
        present = [i for i in indexes if i is not None]
        if ti is None or not present:
            continue
        if where is not None and any(unsure(table, [where], i) for i in (ti, *present)):
            continue
        parts = [value_at(values, i) for i in present]
        total = value_at(values, ti)
        if total is None and all(p is None for p in parts):
            continue
        verdict, expected = sum_verdict(total, parts)
        if verdict is None:
            continue
        loc = at_row(table, where, ti) if where is not None else at_total(table, ti)
        names = "+".join(column_label(table, i) for i in present)
        yield Hit(
            f"{row_name}：{column_label(table, ti)} 打印 {fmt(total)}，{names} = {fmt(expected)}，"
            f"相差 {fmt(as_number(total) - expected)}",
            loc, verdict, fmt(total), fmt(expected),
        )


@rule(
    RULES, "A201", "row-total", "error", "table",
    "行内合计不等于各列之和",
    """
    每一行的合计列等于其组成列之和：收入决算表 合计 = 财政拨款收入 + 上级补助收入 + 事业收入 + 经营收入 +
    附属单位上缴收入 + 其他收入；支出决算表 合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 +
    对附属单位补助支出；一般公共预算、政府性基金、国有资本经营预算表 合计 = 基本支出 + 项目支出；
    财政拨款收入支出决算总表支出方 合计 = 一般公共预算 + 政府性基金 + 国有资本经营预算。合计行也检查。
    一张表多数行都不满足时只报警告（更可能是列被读错或有未识别的列）。
    """,
    "支出决算表 2010601 行政运行：合计 打印 1511.89，基本支出+项目支出 = 1511.99，相差 -0.10",
)
def row_total(report: Report) -> Iterator[Hit]:
    for key in ROW_IDENTITIES:
        table = live(report, key)
        if table is None:
            continue
        hits: list[Hit] = []
        rows: list[tuple[str, list[Amount], Row | None]] = []
        if table.total is not None:
            rows.append(("合计行", table.total, None))
        rows += [(f"{row.code or ''} {row.name}".strip(), row.values, row) for row in table.rows]
        for name, values, where in rows:
            hits += _row_parts(table, name, values, where)
        yield from damp(hits, sum(1 for _, values, _ in rows if any(v is not None for v in values)))
    fiscal = live(report, "fiscal_summary")
    if fiscal is None:
        return
    lines: list[tuple[Row, str, str | None]] = [(r, r.name, None) for r in fiscal.expenditure]
    lines += [(r, r.name, k) for k, r in fiscal.totals.items() if not k.startswith("grand_total.income")]
    for line, name, total_key in lines:
        if len(line.values) < 2:
            continue
        verdict, expected = sum_verdict(line.values[0], line.values[1:])
        if verdict is None:
            continue
        loc = at_named_total(fiscal, total_key, 0) if total_key else at_line(fiscal, line, 0)
        yield Hit(f"{name}：合计 打印 {fmt(line.values[0])}，分列之和 = {fmt(expected)}", loc, verdict,
                  fmt(line.values[0]), fmt(expected))


@rule(
    RULES, "A202", "class-hierarchy", "error", "table",
    "类不等于所属款之和，或款不等于所属项之和",
    """
    功能分类：类（3位）= 所属款（5位）之和，款 = 所属项（7位）之和；经济分类：类（3位）= 所属款（5位）之和。
    逐列检查，只在表中列出了下级科目时检查。某一列多数科目都不满足时只报警告（更可能是该列被读错）。
    """,
    "支出决算表 208 社会保障和就业支出 [合计]：打印 326.72，所属下级科目之和 = 326.62",
)
def class_hierarchy(report: Report) -> Iterator[Hit]:
    for key in HIERARCHY_TABLES:
        table = live(report, key)
        if table is None:
            continue
        by_column: dict[int, list[Hit]] = {}
        checked: dict[int, int] = {}
        for row in table.rows:
            kids = children(table, row)
            if not kids:
                continue
            for i in range(len(row.values)):
                if unsure(table, [row, *kids], i):
                    continue
                parts = [value_at(k.values, i) for k in kids]
                if row.values[i] is not None or any(p is not None for p in parts):
                    checked[i] = checked.get(i, 0) + 1
                verdict, expected = sum_verdict(row.values[i], parts)
                if verdict is None:
                    continue
                codes = "、".join(k.code or "" for k in kids) if len(kids) <= 6 else f"{len(kids)}个"
                by_column.setdefault(i, []).append(Hit(
                    f"{row.code} {row.name} [{column_label(table, i)}]：打印 {fmt(row.values[i])}，"
                    f"下级科目（{codes}）之和 = {fmt(expected)}",
                    at_row(table, row, i), verdict, fmt(row.values[i]), fmt(expected),
                ))
        for i, hits in sorted(by_column.items()):
            yield from damp(hits, checked.get(i, 0), f"{column_label(table, i)}列")


@rule(
    RULES, "A203", "table-total", "error", "table",
    "合计行不等于各类之和",
    "合计行每一列 = 表中各类（3位科目）该列之和。",
    "支出决算表 合计 [合计]：打印 2940.05，各类之和 = 2940.15",
)
def table_total(report: Report) -> Iterator[Hit]:
    for key in HIERARCHY_TABLES:
        table = live(report, key)
        if table is None or table.total is None:
            continue
        top = classes(table)
        if not top:
            continue
        for i, total in enumerate(table.total):
            if unsure(table, top, i):
                continue
            parts = [value_at(r.values, i) for r in top]
            verdict, expected = sum_verdict(total, parts)
            if verdict is None:
                continue
            yield Hit(f"合计 [{column_label(table, i)}]：打印 {fmt(total)}，各类之和 = {fmt(expected)}",
                      at_total(table, i), verdict, fmt(total), fmt(expected))


# Lines of a two-sided table that are balances, not this year's income or spending: older templates print
# "用事业基金弥补收支差额" where 2019+ print 使用非财政拨款结余, and a reader that does not know the line keeps it
# as an ordinary line.  They belong beside the named balances, not in 本年收入合计 / 本年支出合计.
_BALANCE_LINE = re.compile(r"结余|结转|弥补收支差额|事业基金")


def _side_lines(table: Table, side: str) -> list[Row]:
    """The lines that add up to 本年收入合计 / 本年支出合计."""
    lines = table.income if side == "income" else table.expenditure
    return [r for r in lines if not _BALANCE_LINE.search(r.name)]


def _balance_lines(table: Table, side: str) -> list[Row]:
    lines = table.income if side == "income" else table.expenditure
    return [r for r in lines if _BALANCE_LINE.search(r.name)]


@rule(
    RULES, "A204", "two-sided-lines", "error", "table",
    "总表本年收入合计/本年支出合计不等于各行之和",
    """
    收入支出决算总表、财政拨款收入支出决算总表：本年收入合计 = 收入方各行之和，本年支出合计 = 支出方各行之和
    （逐列）。结余、结转一类的行（如旧格式的“用事业基金弥补收支差额”）不计入本年合计，计入总计（见 A205）。
    """,
    "收入支出决算总表 本年支出合计：打印 2940.05，支出方各行之和 = 2940.04",
)
def two_sided_lines(report: Report) -> Iterator[Hit]:
    for key in ("summary", "fiscal_summary"):
        table = live(report, key)
        if table is None:
            continue
        for side, total_key in (("income", "income_total"), ("expenditure", "expenditure_total")):
            lines = _side_lines(table, side)
            total_row = table.totals.get(total_key)
            if total_row is None or not lines:
                continue
            for i, total in enumerate(total_row.values):
                parts = [value_at(r.values, i) for r in lines]
                verdict, expected = sum_verdict(total, parts)
                if verdict is None:
                    continue
                label = "收入方" if side == "income" else "支出方"
                yield Hit(f"{_label(total_key)} [{column_label(table, i)}]：打印 {fmt(total)}，{label}各行之和 = "
                          f"{fmt(expected)}", at_named_total(table, total_key, i), verdict, fmt(total), fmt(expected))


def _label(key: str) -> str:
    return TOTAL_LABELS.get(key, key)


def _total_value(table: Table, key: str, index: int) -> Amount:
    row = table.totals.get(key)
    return value_at(row.values, index) if row else None


@rule(
    RULES, "A205", "two-sided-balance", "error", "table",
    "总表两方不平衡",
    """
    收入方：总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余；支出方：总计 = 本年支出合计 + 结余分配 +
    年末结转和结余（逐列）；收入方总计 = 支出方总计。旧格式印在各行中的结余、结转一类的行（如“用事业基金弥补
    收支差额”）也计入总计。
    """,
    "收入支出决算总表 总计（支出）：打印 2995.39，本年支出合计 + 结余分配 + 年末结转和结余 = 2995.49",
)
def two_sided_balance(report: Report) -> Iterator[Hit]:
    for key in ("summary", "fiscal_summary"):
        table = live(report, key)
        if table is None:
            continue
        sides = (
            ("grand_total.income", ("income_total", "use_of_balance", "opening_balance")),
            ("grand_total.expenditure", ("expenditure_total", "distribution", "closing_balance")),
        )
        for grand_key, part_keys in sides:
            grand = table.totals.get(grand_key)
            if grand is None:
                continue
            columns = range(len(grand.values)) if grand_key.endswith("expenditure") else range(1)
            extra = _balance_lines(table, "income" if grand_key.endswith("income") else "expenditure")
            for i in columns:
                present = [k for k in part_keys if k in table.totals]
                parts = [_total_value(table, k, i) for k in present] + [value_at(r.values, i) for r in extra]
                verdict, expected = sum_verdict(value_at(grand.values, i), parts)
                if verdict is None:
                    continue
                names = " + ".join([*(_label(k) for k in present), *(r.name for r in extra)])
                yield Hit(f"{_label(grand_key)} [{column_label(table, i)}]：打印 {fmt(value_at(grand.values, i))}，"
                          f"{names} = {fmt(expected)}", at_named_total(table, grand_key, i), verdict,
                          fmt(value_at(grand.values, i)), fmt(expected))
        income, spent = _total_value(table, "grand_total.income", 0), _total_value(table, "grand_total.expenditure", 0)
        if income is None and spent is None:
            continue
        verdict, _ = sum_verdict(income, [spent])
        if verdict is not None:
            yield Hit(f"收入方总计 {fmt(income)} ≠ 支出方总计 {fmt(spent)}",
                      at_named_total(table, "grand_total.expenditure", 0), verdict, fmt(spent), fmt(income))


PERSONNEL_CLASSES = ("301", "303")


@rule(
    RULES, "A206", "basic-personnel-public", "error", "table",
    "基本支出表 人员经费合计/公用经费合计与经济分类类级不符",
    """
    一般公共预算财政拨款基本支出决算表：人员经费合计 = 工资福利支出（301）+ 对个人和家庭的补助（303）；
    公用经费合计 = 其余各类（302 商品和服务支出、310 资本性支出等）之和。
    """,
    "基本支出决算表 人员经费合计：打印 2152.26，301 + 303 = 2152.36",
)
def basic_personnel_public(report: Report) -> Iterator[Hit]:
    table = live(report, "basic_expenditure")
    if table is None:
        return
    top = classes(table)
    if not top:
        return
    groups = {
        "personnel_total": [r for r in top if r.code in PERSONNEL_CLASSES],
        "public_total": [r for r in top if r.code not in PERSONNEL_CLASSES],
    }
    for cell_key, rows in groups.items():
        if cell_key not in table.cells:
            continue
        printed = table.value(cell_key)
        verdict, expected = sum_verdict(printed, [value_at(r.values, 0) for r in rows])
        if verdict is None:
            continue
        codes = " + ".join(r.code or "" for r in rows) or "（无）"
        label = "人员经费合计" if cell_key == "personnel_total" else "公用经费合计"
        yield Hit(f"{label}：打印 {fmt(printed)}，{codes} = {fmt(expected)}", at_cell(table, cell_key), verdict,
                  fmt(printed), fmt(expected))


@rule(
    RULES, "A208", "fund-balance", "error", "table",
    "基金/国资表 年末结转和结余 ≠ 年初 + 本年收入 − 本年支出",
    "政府性基金、国有资本经营预算财政拨款收入支出决算表：每行 年末结转和结余 = 年初结转和结余 + 本年收入 − "
    "本年支出合计。",
    "政府性基金预算财政拨款收入支出决算表 合计行：年末结转和结余 打印 10.00，年初 + 收入 − 支出 = 12.00",
)
def fund_balance(report: Report) -> Iterator[Hit]:
    for key in FUND_TABLES:
        table = live(report, key)
        if table is None:
            continue
        idx = [table.column(k) for k in ("opening", "income", "total", "closing")]
        if any(i is None for i in idx):
            continue
        lines: list[tuple[str, list[Amount], Row | None]] = []
        if table.total is not None:
            lines.append(("合计行", table.total, None))
        lines += [(f"{r.code or ''} {r.name}".strip(), r.values, r) for r in table.rows]
        for name, values, row in lines:
            opening, income, spent, closing = (value_at(values, i) for i in idx)
            if all(v is None for v in (opening, income, spent, closing)):
                continue
            negative_spent = -as_number(spent)
            verdict, expected = sum_verdict(closing, [opening, income, negative_spent])
            if verdict is None:
                continue
            ci = idx[3]
            assert ci is not None
            loc = at_row(table, row, ci) if row is not None else at_total(table, ci)
            yield Hit(f"{name}：年末结转和结余 打印 {fmt(closing)}，年初 + 本年收入 − 本年支出 = {fmt(expected)}",
                      loc, verdict, fmt(closing), fmt(expected))
