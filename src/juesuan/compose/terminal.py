"""The model as aligned terminal tables, for a person (``juesuan parse --format text``).

Chinese characters take two terminal columns; amounts are right-aligned with
thousands separators as printed in reports; a blank cell stays blank and a
printed 0.00 shows as 0.00.
"""

from __future__ import annotations

import unicodedata

from juesuan.model import (
    SUMMARY_TOTAL_LABELS,
    TABLE_KEYS,
    TABLE_TITLES,
    THREE_PUBLIC_ALL_ITEMS,
    THREE_PUBLIC_LABELS,
    Amount,
    Report,
    Row,
    Table,
    column_label,
)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def format_amount(value: Amount) -> str:
    if value is None:
        return ""
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return f"{value:,.{places}f}"


def grid(header: list[str], rows: list[list[str]], numeric: set[int]) -> list[str]:
    """Rows aligned under a header; the ``numeric`` columns are right-aligned."""
    widths = [display_width(h) for h in header]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], display_width(cell))
    out = ["  ".join(pad(h, widths[i], i in numeric) for i, h in enumerate(header)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    for row in rows:
        out.append("  ".join(pad(c, widths[i], i in numeric) for i, c in enumerate(row)).rstrip())
    return out


def _row_cells(row: Row, n: int) -> list[str]:
    values = list(row.values) + [None] * (n - len(row.values))
    return [format_amount(v) for v in values[:n]]


def render_table(table: Table) -> list[str]:
    title = table.title or TABLE_TITLES.get(table.key, table.key)
    pages = f"（第 {', '.join(str(p) for p in table.pages)} 页）" if table.pages else ""
    lines = [f"{title} [{table.key}]{pages}"]
    if table.empty:
        lines.append(f"  本表无数据：{table.note or ''}")
        return lines
    if table.two_sided:
        width = max((len(r.values) for r in table.expenditure), default=1)
        sides = ["决算数"] if width == 1 else ["合计", "一般公共预算", "政府性基金", "国有资本经营"]
        header = ["收入项目", "决算数", "支出项目", *sides]
        rows: list[list[str]] = []
        for i in range(max(len(table.income), len(table.expenditure))):
            inc = table.income[i] if i < len(table.income) else None
            exp = table.expenditure[i] if i < len(table.expenditure) else None
            rows.append(
                [inc.name if inc else "", format_amount(inc.values[0]) if inc and inc.values else ""]
                + [exp.name if exp else ""]
                + (_row_cells(exp, width) if exp else [""] * width)
            )
        lines += grid(header, rows, numeric={1, *range(3, 3 + width)})
        for key, label in SUMMARY_TOTAL_LABELS.items():
            if key in table.totals:
                vals = "  ".join(format_amount(v) or "—" for v in table.totals[key].values)
                lines.append(f"  {label}：{vals}")
        return lines
    if table.key == "three_public":
        rows = [
            [("其中：" if item.startswith("vehicle_") else "") + THREE_PUBLIC_LABELS[item],
             format_amount(table.value(f"budget.{item}")),
             format_amount(table.value(f"actual.{item}"))]
            for item in THREE_PUBLIC_ALL_ITEMS
            if f"budget.{item}" in table.cells or f"actual.{item}" in table.cells
        ]
        budget = {"full_year": "全年预算数", "initial": "年初预算数"}.get(table.budget_basis or "", "预算数")
        return lines + grid(["项目", budget, "决算数"], rows, numeric={1, 2})
    header = ["科目编码", "科目名称", *(column_label(table.key, c) for c in table.columns)]
    rows = []
    if table.total is not None:
        rows.append(["", "合计", *_row_cells(Row("合计", table.total), len(table.columns))])
    for row in table.rows:
        indent = "  " * max(0, (len(row.code or "") - 3) // 2)
        mark = " ?" if row.ambiguous else ""
        rows.append([row.code or "", indent + row.name + mark, *_row_cells(row, len(table.columns))])
    lines += grid(header, rows, numeric=set(range(2, len(header))))
    for key, label in (("personnel_total", "人员经费合计"), ("public_total", "公用经费合计")):
        if key in table.cells:
            lines.append(f"  {label}：{format_amount(table.value(key))}")
    return lines


def render_generic(table: Table) -> list[str]:
    """A table that is none of the nine: its printed header over code, name and amounts."""
    pages = f"（第 {', '.join(str(p) for p in table.pages)} 页）" if table.pages else ""
    lines = [f"{table.title or '（无标题）'} [其他表格]{pages}"]
    width = len(table.header)
    rows: list[list[str]] = []
    if table.total is not None:
        rows.append(["", "合计", *_row_cells(Row("合计", table.total), width)])
    for row in table.rows:
        rows.append([row.code or "", row.name, *_row_cells(row, width)])
    return lines + grid(["科目编码", "科目名称", *table.header], rows, numeric=set(range(2, width + 2)))


def render_report(report: Report) -> str:
    head = f"{report.department or '（部门未识别）'} {report.year or ''}年度部门决算"
    lines = [head, f"单位：{report.unit}；来源：{report.source or ''}", ""]
    for key in TABLE_KEYS:
        table = report.tables.get(key)
        if table is None:
            lines.append(f"{TABLE_TITLES[key]} [{key}]：未找到 (not found)")
            lines.append("")
            continue
        lines += render_table(table)
        lines.append("")
    if report.other_tables:
        lines.append(f"其他表格 (other tables)：{len(report.other_tables)} 张")
        lines.append("")
    for table in report.other_tables:
        if table.generic:
            lines += render_generic(table)
        else:  # a standard table printed twice: the copy not used
            copy = render_table(table)
            copy[0] += " 重复印出，未采用 (a second copy, not used)"
            lines += copy
        lines.append("")
    facts = report.narrative.paths()
    if facts:
        lines.append(f"情况说明：读出 {len(facts)} 项数字 (narrative facts)")
    if report.performance is not None and not report.performance.is_empty():
        perf = report.performance
        lines.append(f"绩效自评：{len(perf.projects)} 个项目，{len(perf.indicators)} 项指标")
    for problem in report.problems:
        where = "".join(
            part for part in (
                f"[{problem.table}]" if problem.table else "",
                f" 第 {problem.page} 页" if problem.page else "",
            )
        )
        lines.append(f"注意 ({problem.kind}){where}：{problem.message}")
    return "\n".join(lines).rstrip() + "\n"


