"""Each standard table as a ruled grid in the national layout (headers, 类/款/项 code cells, 合计 row)."""

from __future__ import annotations

from juesuan.compose.document import Grid, GridCell
from juesuan.compose.figures import fmt
from juesuan.model import (
    TABLE_KEYS,
    TABLE_TITLES,
    THREE_PUBLIC_EXTRA_ITEMS,
    THREE_PUBLIC_ITEMS,
    THREE_PUBLIC_LABELS,
    Amount,
    Row,
    Table,
    column_label,
)
from juesuan.standard import (
    FISCAL_INCOME_LINES,
    SUMMARY_INCOME_LINES,
    TABLE_NOTES,
    chinese_number,
    is_personnel,
)

EMPTY_STATEMENT = "本表无数据"

def _c(text: str, colspan: int = 1, rowspan: int = 1, align: str = "center", bold: bool = False) -> GridCell:
    return GridCell(text, colspan, rowspan, align, bold)


def _num(value: Amount) -> GridCell:
    return GridCell(fmt(value), align="right")


def split_code(code: str | None) -> tuple[str, str, str]:
    """'2010301' -> ('201', '03', '01'); '20103' -> ('201', '03', ''); '201' -> ('201', '', '')."""
    c = (code or "").strip()
    return c[:3], c[3:5], c[5:7]


def _code_name_cells(row: Row) -> list[GridCell]:
    lei, kuan, xiang = split_code(row.code)
    return [_c(lei), _c(kuan), _c(xiang), GridCell(row.name)]


def statement(table: Table) -> list[str]:
    """The line under a table declared empty: its own statement, ending 故本表无数据 when it does not say so."""
    note = (table.note or "").strip()
    if note.startswith("说明："):
        note = note[3:]
    if EMPTY_STATEMENT in note:
        return [f"说明：{note}"]
    if note:
        return [f"说明：{note.rstrip('。')}，故{EMPTY_STATEMENT}。"]
    return [f"说明：{EMPTY_STATEMENT}。"]


def _notes(table: Table) -> list[str]:
    notes = [TABLE_NOTES[table.key]]
    if table.empty:
        notes.extend(statement(table))
    return notes


def _code_header(labels: list[GridCell]) -> list[list[GridCell]]:
    """项目 / 功能分类科目编码 (类 款 项) / 科目名称, then one header cell per value column."""
    return [
        [_c("项目", colspan=4), *labels],
        [_c("功能分类科目编码", colspan=3), _c("科目名称", rowspan=2)],
        [_c("类"), _c("款"), _c("项")],
    ]


def _row_table(table: Table, key: str) -> Grid:
    columns = list(table.columns)
    labels = []
    for col in columns:
        text = column_label(key, col)
        labels.append(_c(text, rowspan=3))
    body: list[list[GridCell]] = []
    if not table.empty:
        body.append([_c("合计", colspan=4), *[_num(v) for v in (table.total or [None] * len(columns))]])
        for row in table.rows:
            body.append([*_code_name_cells(row), *[_num(v) for v in _pad(row.values, len(columns))]])
    return Grid(key, TABLE_TITLES[key], [0.5, 0.45, 0.45, 3.2, *[1.1] * len(columns)],
                _code_header(labels), body, _notes(table))


def _fund_table(table: Table, key: str) -> Grid:
    """政府性基金 / 国有资本经营: 年初结转和结余, 本年收入, 本年支出 (合计, 基本支出, 项目支出), 年末结转和结余."""
    columns = ["opening", "income", "total", "basic", "project", "closing"]
    header = [
        [_c("项目", colspan=4), _c("年初结转和结余", rowspan=3), _c("本年收入", rowspan=3),
         _c("本年支出", colspan=3), _c("年末结转和结余", rowspan=3)],
        [_c("功能分类科目编码", colspan=3), _c("科目名称", rowspan=2),
         _c("合计", rowspan=2), _c("基本支出", rowspan=2), _c("项目支出", rowspan=2)],
        [_c("类"), _c("款"), _c("项")],
    ]
    body: list[list[GridCell]] = []
    if not table.empty:
        index = [table.column(c) for c in columns]

        def pick(values: list[Amount] | None) -> list[Amount]:
            vals = values or []
            return [vals[i] if i is not None and i < len(vals) else None for i in index]

        body.append([_c("合计", colspan=4), *[_num(v) for v in pick(table.total)]])
        for row in table.rows:
            body.append([*_code_name_cells(row), *[_num(v) for v in pick(row.values)]])
    return Grid(key, TABLE_TITLES[key], [0.5, 0.45, 0.45, 3.2, *[1.1] * 6], header, body, _notes(table))


def _pad(values: list[Amount], n: int) -> list[Amount]:
    return list(values[:n]) + [None] * (n - len(values))


def _line_name(i: int, name: str) -> str:
    return f"{chinese_number(i + 1)}、{name}"


def _two_sided(table: Table, key: str) -> Grid:
    fiscal = key == "fiscal_summary"
    n_exp = 4 if fiscal else 1
    if fiscal:
        header = [
            [_c("收入", colspan=2), _c("支出", colspan=5)],
            [_c("项目"), _c("决算数"), _c("项目"), _c("合计"), _c("一般公共预算财政拨款"),
             _c("政府性基金预算财政拨款"), _c("国有资本经营预算财政拨款")],
        ]
        widths = [2.6, 1.0, 2.6, 1.0, 1.0, 1.0, 1.0]
    else:
        header = [[_c("收入", colspan=2), _c("支出", colspan=2)],
                  [_c("项目"), _c("决算数"), _c("项目"), _c("决算数")]]
        widths = [3.0, 1.2, 3.0, 1.2]
    body: list[list[GridCell]] = []
    if not table.empty:
        lines = FISCAL_INCOME_LINES if fiscal else SUMMARY_INCOME_LINES
        income = list(table.income) or [Row(n, [None]) for n in lines]
        expenditure = list(table.expenditure)
        for i in range(max(len(income), len(expenditure))):
            left = ([GridCell(_line_name(i, income[i].name)), _num(_pad(income[i].values, 1)[0])]
                    if i < len(income) else [GridCell(""), GridCell("")])
            if i < len(expenditure):
                right = [GridCell(_line_name(i, expenditure[i].name)),
                         *[_num(v) for v in _pad(expenditure[i].values, n_exp)]]
            else:
                right = [GridCell("")] * (1 + n_exp)
            body.append(left + right)
        pairs = [("income_total", "本年收入合计", "expenditure_total", "本年支出合计")]
        if fiscal:
            pairs.append(("opening_balance", "年初财政拨款结转和结余", "closing_balance", "年末财政拨款结转和结余"))
        else:
            pairs.append(("use_of_balance", "使用非财政拨款结余", "distribution", "结余分配"))
            pairs.append(("opening_balance", "年初结转和结余", "closing_balance", "年末结转和结余"))
        pairs.append(("grand_total.income", "总计", "grand_total.expenditure", "总计"))
        for lkey, ltext, rkey, rtext in pairs:
            lrow, rrow = table.totals.get(lkey), table.totals.get(rkey)
            lval = _pad(lrow.values if lrow else [], 1)
            rval = _pad(rrow.values if rrow else [], n_exp)
            body.append([_c(ltext, bold=True), _num(lval[0]), _c(rtext, bold=True), *[_num(v) for v in rval]])
    return Grid(key, TABLE_TITLES[key], widths, header, body, _notes(table))


def _basic_expenditure(table: Table) -> Grid:
    header = [[_c("经济分类科目编码"), _c("科目名称"), _c("决算数"),
               _c("经济分类科目编码"), _c("科目名称"), _c("决算数")]]
    body: list[list[GridCell]] = []
    if not table.empty:
        left = [r for r in table.rows if is_personnel(r.code)]
        right = [r for r in table.rows if not is_personnel(r.code)]
        for i in range(max(len(left), len(right))):
            cells: list[GridCell] = []
            for side in (left, right):
                if i < len(side):
                    r = side[i]
                    cells += [_c(r.code or ""), GridCell(r.name), _num(_pad(r.values, 1)[0])]
                else:
                    cells += [GridCell(""), GridCell(""), GridCell("")]
            body.append(cells)
        body.append([_c("人员经费合计", colspan=2, bold=True), _num(table.value("personnel_total")),
                     _c("公用经费合计", colspan=2, bold=True), _num(table.value("public_total"))])
    return Grid("basic_expenditure", TABLE_TITLES["basic_expenditure"], [0.9, 2.6, 1.0, 0.9, 2.6, 1.0],
                header, body, _notes(table))


def _three_public(table: Table) -> Grid:
    """The national 12 columns, and 会议费 / 培训费 after them where the table adds them."""
    extras = [i for i in THREE_PUBLIC_EXTRA_ITEMS if f"budget.{i}" in table.cells or f"actual.{i}" in table.cells]
    items = (*THREE_PUBLIC_ITEMS, *extras)
    width = 2 * len(items)
    total = "合计" if not extras or table.total_includes else "“三公”经费合计"
    header = [
        [_c("财政拨款“三公”经费" + ("及" + "、".join(THREE_PUBLIC_LABELS[i] for i in extras) if extras else ""),
            colspan=width)],
        [_c(total, colspan=2, rowspan=2), _c(THREE_PUBLIC_LABELS["overseas"], colspan=2, rowspan=2),
         _c(THREE_PUBLIC_LABELS["vehicles"], colspan=6), _c(THREE_PUBLIC_LABELS["reception"], colspan=2, rowspan=2),
         *(_c(THREE_PUBLIC_LABELS[i], colspan=2, rowspan=2) for i in extras)],
        [_c("小计", colspan=2), _c(THREE_PUBLIC_LABELS["vehicle_purchase"], colspan=2),
         _c(THREE_PUBLIC_LABELS["vehicle_operation"], colspan=2)],
        [_c("预算数" if i % 2 == 0 else "决算数") for i in range(width)],
    ]
    body: list[list[GridCell]] = []
    if not table.empty:
        body.append([_num(table.value(f"{g}.{item}")) for item in items for g in ("budget", "actual")])
    title = TABLE_TITLES["three_public"]
    if extras:  # 财政拨款“三公”经费及会议费、培训费支出决算表
        title = title.replace("支出决算表", "及" + "、".join(THREE_PUBLIC_LABELS[i] for i in extras) + "支出决算表")
    return Grid("three_public", title, [1.0] * width, header, body, _notes(table))


def table_grid(table: Table) -> Grid:
    key = table.key
    if key in ("summary", "fiscal_summary"):
        grid = _two_sided(table, key)
    elif key == "basic_expenditure":
        grid = _basic_expenditure(table)
    elif key == "three_public":
        grid = _three_public(table)
    elif key in ("gov_fund", "state_capital"):
        grid = _fund_table(table, key)
    else:
        grid = _row_table(table, key)
    grid.number = TABLE_KEYS.index(key) + 1
    return grid


def missing_table(key: str) -> Table:
    """A table the data does not give: kept with its headers and stated empty."""
    return Table(key=key, empty=True, note=f"本部门未提供{TABLE_TITLES[key]}数据，故{EMPTY_STATEMENT}。")


# what a department without the spending says under the table (the national template's wording)
NOTHING_SPENT: dict[str, str] = {
    "three_public": "没有财政拨款“三公”经费支出",
    "gov_fund": "没有政府性基金预算财政拨款收入和支出",
    "state_capital": "没有国有资本经营预算财政拨款收入和支出",
}


def has_figures(table: Table) -> bool:
    """Any amount at all, blank cells aside (a printed 0.00 is a figure)."""
    rows = [table.total or [], *(r.values for r in (*table.rows, *table.income, *table.expenditure)),
            *(r.values for r in table.totals.values())]
    return any(v is not None for values in rows for v in values) or any(
        c.value is not None for c in table.cells.values())


def as_printed(table: Table | None, key: str, department: str | None = None) -> Table:
    """The table as the report prints it: absent -> stated as not provided; present with no figure at all
    (a 三公 table whose every cell is blank) -> stated empty in the template's words, never a bare header."""
    if table is None:
        return missing_table(key)
    if table.empty or has_figures(table):
        return table
    what = NOTHING_SPENT.get(key)
    note = (f"{department or '本部门'}本年度{what}，故{EMPTY_STATEMENT}。" if what
            else f"本部门未提供{TABLE_TITLES[key]}数据，故{EMPTY_STATEMENT}。")
    return Table(key=key, title=table.title, pages=list(table.pages), empty=True, note=note)
