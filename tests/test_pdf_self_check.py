"""The PDF reader checks its own reading by the table's arithmetic (read/pdf/column_fit.py).

Layouts of the kind that broke a 2019 Guangdong report (名称 column taken for the first amount,
every value one column off, 合计 rows lost): 类/款/项 code cells under a merged header, a 行次
column and a 栏次 row, code and name printed in one cell, headers over three rows, a header drawn
apart from the body.  Each reads right; a table whose figures fit no column reading is reported.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.read.pdf import table_rows
from juesuan.read.pdf import tables as pdf_tables
from juesuan.read.pdf.column_fit import fit_of
from tests.drawn_pdf import GRID, DrawnPage, draw_table, drawn_pdf
from tests.synthetic_pdf import CellSpec, html_pdf, table_page
from tests.test_pdf_layouts import read

D = Decimal

# 收入决算表 of the national 2019 template: 行次 column, 栏次 row, three header rows, all seven columns
INCOME_2019: list[list[CellSpec]] = [
    [("项目", 4, 1), ("行次", 1, 3), ("本年收入合计", 1, 3), ("财政拨款收入", 1, 3), ("上级补助收入", 1, 3),
     ("事业收入", 1, 3), ("经营收入", 1, 3), ("附属单位上缴收入", 1, 3), ("其他收入", 1, 3)],
    [("支出功能分类科目编码", 3, 1), ("科目名称", 1, 2)],
    ["类", "款", "项"],
    [("栏次", 4, 1), "", "1", "2", "3", "4", "5", "6", "7"],
    [("合计", 4, 1), "1", "1,320.50", "1,300.00", "", "", "", "", "20.50"],
    ["201", "", "", "一般公共服务支出", "2", "1,100.50", "1,080.00", "", "", "", "", "20.50"],
    ["201", "03", "", "政府办公厅（室）及相关机构事务", "3", "1,100.50", "1,080.00", "", "", "", "", "20.50"],
    [("2010301 行政运行", 4, 1), "4", "900.00", "900.00", "", "", "", "", ""],
    [("2010350 事业运行", 4, 1), "5", "200.50", "180.00", "", "", "", "", "20.50"],
    ["208", "", "", "社会保障和就业支出", "6", "220.00", "220.00", "", "", "", "", ""],
    ["208", "05", "", "行政事业单位养老支出", "7", "220.00", "220.00", "", "", "", "", ""],
    ["208", "05", "05", "机关事业单位基本养老保险缴费支出", "8", "220.00", "220.00", "", "", "", "", ""],
]


def test_national_2019_income_table(tmp_path: Path) -> None:
    """Codes in 类/款/项 cells or with the name in one cell, a 行次 column, a 栏次 row: all read, 合计 kept."""
    tables, problems = read(html_pdf(tmp_path, [table_page("收入决算表", INCOME_2019)]))
    assert problems == []
    income = tables["income"]
    assert income.columns == ["total", "fiscal", "superior_subsidy", "business", "operating", "affiliated", "other"]
    assert income.total == [D("1320.50"), D("1300.00"), None, None, None, None, D("20.50")]
    assert [(r.code, r.name) for r in income.rows] == [
        ("201", "一般公共服务支出"), ("20103", "政府办公厅（室）及相关机构事务"), ("2010301", "行政运行"),
        ("2010350", "事业运行"), ("208", "社会保障和就业支出"), ("20805", "行政事业单位养老支出"),
        ("2080505", "机关事业单位基本养老保险缴费支出"),
    ]
    assert income.row("2010350").values == [D("200.50"), D("180.00"), None, None, None, None, D("20.50")]  # type: ignore[union-attr]
    assert fit_of(income, 0).fails == 0


# 支出决算表 whose header is drawn apart from its body, on columns of its own: the header's cells
# stand one column left of the data they name, as in the Guangdong report.
EXPENDITURE_HEADER: list[CellSpec] = ["项目", "本年支出合计", "基本支出", "项目支出", "经营支出", ""]
EXPENDITURE_BODY: list[list[CellSpec]] = [
    [("合计", 2, 1), "1,350.00", "1,000.00", "330.00", "20.00"],
    ["201", "一般公共服务支出", "1,350.00", "1,000.00", "330.00", "20.00"],
    ["20103", "政府办公厅（室）及相关机构事务", "1,350.00", "1,000.00", "330.00", "20.00"],
    ["2010301", "行政运行", "1,000.00", "1,000.00", "", ""],
    ["2010350", "事业运行", "350.00", "", "330.00", "20.00"],
]


def _apart(tmp_path: Path) -> Path:
    page = DrawnPage()
    draw_table(page, [EXPENDITURE_HEADER, *EXPENDITURE_BODY], [70, 170, 80, 80, 80, 80], rules=GRID,
               header_widths=[90, 94, 94, 94, 94, 94], title="支出决算表", top=100, left_columns=(0,))
    return drawn_pdf(tmp_path / "apart.pdf", [page])


def test_header_one_column_off_is_realigned_by_arithmetic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _apart(tmp_path)
    # as the header alone places them: the names read as 合计, every amount one column off
    with monkeypatch.context() as patch:
        patch.setattr(pdf_tables, "read_row_table", table_rows._read_rows)
        raw, raw_problems = read(path)
    shifted = raw["expenditure"]
    assert shifted.columns == ["total", "basic", "project", "operating"]
    assert shifted.total == [None, D("1350.00"), D("1000.00"), D("330.00")]
    last = shifted.rows[3]  # 2010350 事业运行: its code read as its name, its name as 合计, its 合计 as 基本支出
    assert (last.code, last.name, last.values) == (None, "2010350", [None, D("350.00"), None, D("330.00")])
    assert sum("不是金额" in p.message for p in raw_problems) == 4
    # the reader checks itself and keeps the reading that adds up
    tables, problems = read(path)
    table = tables["expenditure"]
    assert table.columns == ["total", "basic", "project", "operating"]
    assert table.total == [D("1350.00"), D("1000.00"), D("330.00"), D("20.00")]
    assert [(r.code, r.name) for r in table.rows] == [
        ("201", "一般公共服务支出"), ("20103", "政府办公厅（室）及相关机构事务"), ("2010301", "行政运行"),
        ("2010350", "事业运行"),
    ]
    assert table.row("2010350").values == [D("350.00"), None, D("330.00"), D("20.00")]  # type: ignore[union-attr]
    assert [(p.table, p.page, p.kind) for p in problems] == [("expenditure", 1, "ambiguous")]
    box = (table.row("2010350").boxes or [])[0]  # type: ignore[union-attr]
    assert box is not None and abs(box.x0 - 280) < 1 and abs(box.x1 - 360) < 1  # the 合计 column as drawn


def test_total_column_under_an_unknown_header(tmp_path: Path) -> None:
    """A 合计 column headed in words the catalogue does not know: the arithmetic names it."""
    rows: list[list[CellSpec]] = [
        [("项目", 2, 1), ("本年支出", 3, 1)],
        ["科目编码", "科目名称", "支出总额", "基本支出", "项目支出"],
        [("合计", 2, 1), "30.00", "20.00", "10.00"],
        ["205", "教育支出", "30.00", "20.00", "10.00"],
        ["20502", "普通教育", "30.00", "20.00", "10.00"],
        ["2050201", "学前教育", "12.00", "12.00", ""],
        ["2050202", "小学教育", "18.00", "8.00", "10.00"],
    ]
    tables, problems = read(html_pdf(tmp_path, [table_page("支出决算表", rows)]))
    table = tables["expenditure"]
    assert table.columns == ["total", "basic", "project"]
    assert table.row("2050202").values == [D("18.00"), D("8.00"), D("10.00")]  # type: ignore[union-attr]
    assert [(p.table, p.kind) for p in problems] == [("expenditure", "ambiguous")]


def test_figures_that_fit_no_reading_are_reported(tmp_path: Path) -> None:
    """Rows that add up under no column reading: the table is reported misread, with its page."""
    rows: list[list[CellSpec]] = [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        [("合计", 2, 1), "97.00", "13.00", "41.00"],
        ["205", "教育支出", "55.00", "71.00", "12.00"],
        ["20502", "普通教育", "31.00", "9.00", "88.00"],
        ["2050201", "学前教育", "17.00", "64.00", "5.00"],
        ["2050202", "小学教育", "73.00", "2.00", "46.00"],
    ]
    pages = [table_page("收入支出决算总表", []), table_page("一般公共预算财政拨款支出决算表", rows)]
    tables, problems = read(html_pdf(tmp_path, pages))
    table = tables["general_budget"]
    assert table.row("20502").values == [D("31.00"), D("9.00"), D("88.00")]  # type: ignore[union-attr]
    misread = [p for p in problems if p.table == "general_budget"]
    assert [(p.page, p.kind) for p in misread] == [(2, "unreadable")]
    assert "一般公共预算财政拨款支出决算表" in misread[0].message and "第2页" in misread[0].message


def test_a_publishers_slip_is_not_a_misreading(tmp_path: Path) -> None:
    """One row off by 1.00 (the document's own error, for the checker to find): read as printed, no problem."""
    rows: list[list[CellSpec]] = [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        [("合计", 2, 1), "30.00", "20.00", "10.00"],
        ["205", "教育支出", "30.00", "20.00", "10.00"],
        ["20502", "普通教育", "30.00", "20.00", "10.00"],
        ["2050201", "学前教育", "13.00", "12.00", ""],
        ["2050202", "小学教育", "18.00", "8.00", "10.00"],
    ]
    tables, problems = read(html_pdf(tmp_path, [table_page("一般公共预算财政拨款支出决算表", rows)]))
    assert problems == []
    table = tables["general_budget"]
    assert table.row("2050201").values == [D("13.00"), D("12.00"), None]  # type: ignore[union-attr]
    assert 0 < fit_of(table, 0).fails < fit_of(table, 0).checks


def test_general_budget_table_code_and_name_in_one_cell_under_split_header(tmp_path: Path) -> None:
    """The header cuts 科目编码 | 科目名称, the body prints "2010301 行政运行" across both."""
    rows: list[list[CellSpec]] = [
        [("项目", 2, 1), ("本年支出", 3, 1)],
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        [("合计", 2, 1), "1,100.50", "900.00", "200.50"],
        [("201 一般公共服务支出", 2, 1), "1,100.50", "900.00", "200.50"],
        [("20103 政府办公厅（室）及相关机构事务", 2, 1), "1,100.50", "900.00", "200.50"],
        [("2010301 行政运行", 2, 1), "900.00", "900.00", ""],
        [("2010350 事业运行", 2, 1), "200.50", "", "200.50"],
    ]
    tables, problems = read(html_pdf(tmp_path, [table_page("一般公共预算财政拨款支出决算表", rows)]))
    assert problems == []
    table = tables["general_budget"]
    assert [(r.code, r.name) for r in table.rows] == [
        ("201", "一般公共服务支出"), ("20103", "政府办公厅（室）及相关机构事务"), ("2010301", "行政运行"),
        ("2010350", "事业运行"),
    ]
    assert table.total == [D("1100.50"), D("900.00"), D("200.50")]


def test_two_sided_table_that_does_not_add_up_is_reported(tmp_path: Path) -> None:
    summary: list[list[CellSpec]] = [
        [("收入", 2, 1), ("支出", 2, 1)],
        ["项目", "决算数", "项目", "决算数"],
        ["一、一般公共预算财政拨款收入", "100.00", "一、一般公共服务支出", "37.00"],
        ["二、事业收入", "8.00", "二、住房保障支出", "12.00"],
        ["本年收入合计", "61.00", "本年支出合计", "100.00"],
        ["年初结转和结余", "5.00", "年末结转和结余", "19.00"],
        ["总计", "105.00", "总计", "23.00"],
    ]
    tables, problems = read(html_pdf(tmp_path, [table_page("收入支出决算总表", summary)]))
    assert tables["summary"].totals["grand_total.expenditure"].values == [D("23.00")]
    assert [(p.table, p.page, p.kind) for p in problems] == [("summary", 1, "unreadable")]


def test_header_cell_over_two_columns_of_amounts(tmp_path: Path) -> None:
    """基本支出 printed over two columns, 项目支出 left out of the header: the second column is not dropped."""
    rows: list[list[CellSpec]] = [
        ["科目编码", "科目名称", "合计", ("基本支出", 2, 1)],
        ["205", "教育支出", "30.00", "20.00", "10.00"],
        ["20502", "普通教育", "30.00", "20.00", "10.00"],
        ["2050201", "学前教育", "12.00", "12.00", ""],
        ["2050202", "小学教育", "18.00", "8.00", "10.00"],
    ]
    tables, problems = read(html_pdf(tmp_path, [table_page("一般公共预算财政拨款支出决算表", rows)]))
    table = tables["general_budget"]
    assert table.columns == ["total", "basic", "project"]
    assert table.row("2050202").values == [D("18.00"), D("8.00"), D("10.00")]  # type: ignore[union-attr]
    assert [(p.table, p.kind) for p in problems] == [("general_budget", "ambiguous")]
    assert "项目支出" in problems[0].message  # the column named by the standard layout, and said so


def test_name_column_under_a_line_number_header(tmp_path: Path) -> None:
    """The 行次 header cell drawn over the names as well: the names are still read (they are text, not 行次)."""
    rows: list[list[CellSpec]] = [
        ["科目编码", ("行次", 2, 1), "合计", "基本支出", "项目支出"],
        ["205", "教育支出", "1", "30.00", "20.00", "10.00"],
        ["20502", "普通教育", "2", "30.00", "20.00", "10.00"],
        ["2050201", "学前教育", "3", "12.00", "12.00", ""],
        ["2050202", "小学教育", "4", "18.00", "8.00", "10.00"],
    ]
    tables, problems = read(html_pdf(tmp_path, [table_page("一般公共预算财政拨款支出决算表", rows)]))
    table = tables["general_budget"]
    assert [(r.code, r.name) for r in table.rows] == [
        ("205", "教育支出"), ("20502", "普通教育"), ("2050201", "学前教育"), ("2050202", "小学教育"),
    ]
    assert table.row("2050202").values == [D("18.00"), D("8.00"), D("10.00")]  # type: ignore[union-attr]
    assert [(p.table, p.kind) for p in problems] == [("general_budget", "ambiguous")]


def test_gov_fund_header_one_column_off(tmp_path: Path) -> None:
    """政府性基金 table, its header drawn apart one column left of its data: realigned by its arithmetic
    (合计 = 基本支出 + 项目支出, 年末 = 年初 + 本年收入 - 本年支出)."""
    header: list[CellSpec] = ["项目", "年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出",
                              "年末结转和结余", ""]
    body: list[list[CellSpec]] = [
        [("合计", 2, 1), "3.00", "20.00", "18.00", "", "18.00", "5.00"],
        ["212", "城乡社区支出", "3.00", "20.00", "18.00", "", "18.00", "5.00"],
        ["21208", "国有土地使用权出让收入安排的支出", "3.00", "20.00", "18.00", "", "18.00", "5.00"],
        ["2120801", "征地和拆迁补偿支出", "1.00", "12.00", "10.00", "", "10.00", "3.00"],
        ["2120899", "其他国有土地使用权出让收入安排的支出", "2.00", "8.00", "8.00", "", "8.00", "2.00"],
    ]
    page = DrawnPage()
    draw_table(page, [header, *body], [60, 200, 70, 70, 70, 70, 70, 70], rules=GRID,
               header_widths=[100, 82.5, 82.5, 82.5, 82.5, 82.5, 82.5, 85],
               title="政府性基金预算财政拨款收入支出决算表", top=100, left_columns=(0,), size=8.0)
    tables, problems = read(drawn_pdf(tmp_path / "fund.pdf", [page]))
    table = tables["gov_fund"]
    assert table.columns == ["opening", "income", "total", "basic", "project", "closing"]
    assert table.total == [D("3.00"), D("20.00"), D("18.00"), None, D("18.00"), D("5.00")]
    assert table.row("2120801").values == [D("1.00"), D("12.00"), D("10.00"), None, D("10.00"), D("3.00")]  # type: ignore[union-attr]
    assert table.row("2120899").name == "其他国有土地使用权出让收入安排的支出"  # type: ignore[union-attr]
    assert [(p.table, p.kind) for p in problems] == [("gov_fund", "ambiguous")]
