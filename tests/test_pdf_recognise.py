"""Standard tables found by what they hold when their title is missing, broken or overlapped; tables printed twice."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from juesuan import read
from juesuan.compose.terminal import render_report
from juesuan.model import GENERIC_KEY
from juesuan.read.pdf.document import iter_pages, open_pdf
from juesuan.read.pdf.tables import TablesRead, read_all_tables
from tests.synthetic_pdf import CellSpec, html_pdf, table_page

D = Decimal

SUMMARY: list[list[CellSpec]] = [
    [("收入", 2, 1), ("支出", 2, 1)],
    ["项目", "决算数", "项目", "决算数"],
    ["一、一般公共预算财政拨款收入", "100.00", "一、一般公共服务支出", "90.00"],
    ["二、事业收入", "", "二、住房保障支出", "10.00"],
    ["本年收入合计", "100.00", "本年支出合计", "100.00"],
    ["使用非财政拨款结余（含专用结余）", "", "结余分配", ""],
    ["年初结转和结余", "5.00", "年末结转和结余", "5.00"],
    ["总计", "105.00", "总计", "105.00"],
]
INCOME: list[list[CellSpec]] = [
    [("项目", 2, 1), ("本年收入合计", 1, 2), ("财政拨款收入", 1, 2), ("事业收入", 1, 2), ("其他收入", 1, 2)],
    ["科目编码", "科目名称"],
    [("合计", 2, 1), "100.00", "100.00", "", ""],
    ["201", "一般公共服务支出", "90.00", "90.00", "", ""],
    ["2010101", "行政运行", "90.00", "90.00", "", ""],
    ["221", "住房保障支出", "10.00", "10.00", "", ""],
]
EXPENDITURE: list[list[CellSpec]] = [
    [("项目", 2, 1), ("本年支出合计", 1, 2), ("基本支出", 1, 2), ("项目支出", 1, 2), ("上缴上级支出", 1, 2),
     ("经营支出", 1, 2)],
    ["科目编码", "科目名称"],
    [("合计", 2, 1), "100.00", "60.00", "40.00", "", ""],
    ["201", "一般公共服务支出", "90.00", "50.00", "40.00", "", ""],
    ["221", "住房保障支出", "10.00", "10.00", "", "", ""],
]
FISCAL_SUMMARY: list[list[CellSpec]] = [
    [("收入", 2, 1), ("支出", 5, 1)],
    ["项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"],
    ["一、一般公共预算财政拨款", "100.00", "一、一般公共服务支出", "90.00", "90.00", "", ""],
    ["二、政府性基金预算财政拨款", "", "二、住房保障支出", "10.00", "10.00", "", ""],
    ["本年收入合计", "100.00", "本年支出合计", "100.00", "100.00", "", ""],
    ["总计", "100.00", "总计", "100.00", "100.00", "", ""],
]
GENERAL_BUDGET: list[list[CellSpec]] = [
    [("项目", 2, 1), ("本年支出", 3, 1)],
    ["科目编码", "科目名称", "小计", "基本支出", "项目支出"],
    [("合计", 2, 1), "100.00", "60.00", "40.00"],
    ["201", "一般公共服务支出", "90.00", "50.00", "40.00"],
    ["221", "住房保障支出", "10.00", "10.00", ""],
]
BASIC: list[list[CellSpec]] = [
    ["科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"],
    ["301", "工资福利支出", "50.00", "302", "商品和服务支出", "10.00"],
    ["30101", "基本工资", "50.00", "30201", "办公费", "10.00"],
    [("人员经费合计", 2, 1), "50.00", ("公用经费合计", 2, 1), "10.00"],
]
THREE_PUBLIC: list[list[CellSpec]] = [
    [("合计", 2, 1), ("因公出国（境）费", 2, 1), ("公务用车购置及运行维护费", 6, 1), ("公务接待费", 2, 1)],
    ["", "", "", "", ("小计", 2, 1), ("公务用车购置费", 2, 1), ("公务用车运行维护费", 2, 1), "", ""],
    ["预算数", "决算数", "预算数", "决算数", "预算数", "决算数", "预算数", "决算数", "预算数", "决算数",
     "预算数", "决算数"],
    ["5.00", "4.00", "", "", "3.00", "2.00", "", "", "3.00", "2.00", "2.00", "2.00"],
]
GOV_FUND: list[list[CellSpec]] = [
    [("项目", 2, 1), ("年初结转和结余", 1, 2), ("本年收入", 1, 2), ("本年支出", 3, 1), ("年末结转和结余", 1, 2)],
    ["科目编码", "科目名称", "小计", "基本支出", "项目支出"],
    [("合计", 2, 1), "1.00", "9.00", "8.00", "", "8.00", "2.00"],
    ["2120816", "农业土地开发资金安排的支出", "1.00", "9.00", "8.00", "", "8.00", "2.00"],
]

# A title broken over two lines ("收入支出决" / "算总表") and another heading printed over its first line.
OVERLAPPED_TITLE = (
    '<div style="position:relative;height:60pt">'
    '<div style="position:absolute;left:300pt;top:0;font-size:16pt;width:80pt">收入支出决算总表</div>'
    '<div style="position:absolute;left:290pt;top:4pt;font-size:16pt">部门决算公开表</div></div>'
)


def _read(path: Path) -> TablesRead:
    doc = open_pdf(path)
    try:
        return read_all_tables(list(iter_pages(doc)))
    finally:
        doc.close()


def _with_heading(page: str, heading: str) -> str:
    return page.replace('<div class="page">', '<div class="page">' + heading, 1)


def test_summary_whose_title_is_broken_and_overlapped_is_found_by_its_header(tmp_path: Path) -> None:
    pdf = html_pdf(tmp_path, [_with_heading(table_page(None, SUMMARY), OVERLAPPED_TITLE)])
    found = _read(pdf)
    assert list(found.tables) == ["summary"]
    summary = found.tables["summary"]
    assert [r.name for r in summary.income] == ["一般公共预算财政拨款收入", "事业收入"]
    assert summary.totals["grand_total.expenditure"].values == [D("105.00")]
    notes = [p for p in found.problems if p.kind == "info"]
    assert [(p.table, p.page) for p in notes] == [("summary", 1)]
    assert "按表头识别为收入支出决算总表" in notes[0].message
    assert found.others == []


def test_title_with_its_number_wrapped_over_two_lines(tmp_path: Path) -> None:
    wrapped = '<h1>公开01表 收入支出决<br>算总表（续表）</h1>'
    found = _read(html_pdf(tmp_path, [_with_heading(table_page(None, SUMMARY), wrapped)]))
    assert list(found.tables) == ["summary"]
    assert found.tables["summary"].title == "公开01表收入支出决算总表（续表）"
    assert [p for p in found.problems if p.kind == "info"] == []  # found by its title


def test_every_standard_table_without_a_title_is_recognised_in_printed_order(tmp_path: Path) -> None:
    pages = [table_page(None, rows) for rows in (SUMMARY, INCOME, EXPENDITURE, FISCAL_SUMMARY, GENERAL_BUDGET,
                                                 BASIC, THREE_PUBLIC, GOV_FUND)]
    found = _read(html_pdf(tmp_path, pages))
    assert list(found.tables) == ["summary", "income", "expenditure", "fiscal_summary", "general_budget",
                                  "basic_expenditure", "three_public", "gov_fund"]
    assert [t.pages for t in found.tables.values()] == [[n] for n in range(1, 9)]
    assert found.tables["general_budget"].columns == ["total", "basic", "project"]
    assert found.tables["expenditure"].columns == ["total", "basic", "project", "to_superior", "operating"]
    assert found.tables["basic_expenditure"].cells["personnel_total"].value == D("50.00")
    assert found.tables["three_public"].cells["actual.total"].value == D("4.00")
    assert found.tables["gov_fund"].rows[0].values[-1] == D("2.00")
    # each one says that it was recognised by its header, on its page
    notes = [(p.table, p.page) for p in found.problems if p.kind == "info"]
    assert notes == [(k, i) for i, k in enumerate(found.tables, start=1)]
    assert [p for p in found.problems if p.kind != "info"] == []


def test_same_columns_are_expenditure_before_the_fiscal_summary_and_general_budget_after(tmp_path: Path) -> None:
    plain: list[list[CellSpec]] = [
        [("项目", 2, 1), ("合计", 1, 2), ("基本支出", 1, 2), ("项目支出", 1, 2)],
        ["科目编码", "科目名称"],
        ["201", "一般公共服务支出", "90.00", "50.00", "40.00"],
    ]
    heading = "<p>（标题缺失）</p>"  # running text above each grid: not a continuation of the one before
    pages = [_with_heading(table_page(None, rows), heading) for rows in (plain, FISCAL_SUMMARY, plain)]
    found = _read(html_pdf(tmp_path, pages))
    assert [(k, t.pages) for k, t in found.tables.items()] == [
        ("expenditure", [1]), ("fiscal_summary", [2]), ("general_budget", [3])]


def test_table_printed_twice_keeps_both_and_uses_the_first_complete_copy(tmp_path: Path) -> None:
    broken = [list(row) for row in INCOME]
    broken[3][2] = "90.0O"  # a letter O for a zero: the first copy cannot be read whole
    pages = [table_page("收入决算表", broken), table_page("支出决算表", EXPENDITURE),
             table_page("附表2 收入决算表", INCOME)]
    found = _read(html_pdf(tmp_path, pages))
    income = found.tables["income"]
    assert income.pages == [3]
    assert income.row("201") is not None and income.row("201").values[0] == D("90.00")  # type: ignore[union-attr]
    assert [(t.key, t.pages) for t in found.others] == [("income", [1])]
    note = next(p for p in found.problems if p.kind == "info")
    assert note.table == "income" and "第1页；第3页" in note.message and "采用第3页" in note.message
    # the unused copy's problem is kept, no longer laid on the table used
    assert [p.table for p in found.problems if p.kind == "unreadable"] == [None]


def test_first_complete_copy_is_used_when_both_are_complete(tmp_path: Path) -> None:
    pages = [table_page("收入决算表", INCOME), table_page("支出决算表", EXPENDITURE), table_page("收入决算表", INCOME)]
    pdf = html_pdf(tmp_path, pages)
    found = _read(pdf)
    assert found.tables["income"].pages == [1]
    assert [(t.key, t.pages) for t in found.others] == [("income", [3])]
    shown = render_report(read(pdf))
    assert "收入决算表 [income]（第 3 页） 重复印出，未采用" in shown


def test_title_repeated_on_a_continuation_page_is_still_one_table(tmp_path: Path) -> None:
    page1 = table_page("收入决算表", INCOME[:4])
    page2 = table_page("收入决算表（续表）", INCOME[:2] + INCOME[4:])
    found = _read(html_pdf(tmp_path, [page1, page2]))
    assert found.tables["income"].pages == [1, 2]
    assert [r.code for r in found.tables["income"].rows] == ["201", "2010101", "221"]
    assert found.others == []


def test_grid_of_a_table_of_contents_or_unit_list_is_no_table(tmp_path: Path) -> None:
    units: list[list[CellSpec]] = [["序号", "单位名称", "备注"], ["1", "某某局（本级）", ""], ["2", "某某中心", ""],
                                   ["3", "某某所", ""]]
    scores: list[list[CellSpec]] = [["一级指标", "分值", "得分"], ["决策", "20", "17.90"], ["过程", "20", "17.99"],
                                    ["产出", "40", "38.50"]]
    pages = [table_page("部门决算单位构成", units), table_page("部门整体支出绩效自评表", scores),
             table_page("收入决算表", INCOME)]
    found = _read(html_pdf(tmp_path, pages))
    assert list(found.tables) == ["income"]
    assert found.others == []


def test_standard_table_whose_columns_do_not_map_is_read_as_a_generic_table(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        [("项目", 2, 1), ("本年收入合计", 1, 2), ("财政拨款收入", 1, 2), ("事业收入", 2, 1)],
        ["科目编码", "科目名称", "教育事业收入", "科研事业收入"],
        [("合计", 2, 1), "100.00", "60.00", "30.00", "10.00"],
        ["205", "教育支出", "100.00", "60.00", "30.00", "10.00"],
    ]
    found = _read(html_pdf(tmp_path, [table_page("收入决算表", rows)]))
    assert found.tables == {}
    (table,) = found.others
    assert table.key == GENERIC_KEY and table.title == "收入决算表"
    assert table.header == ["本年收入合计", "财政拨款收入", "事业收入/教育事业收入", "事业收入/科研事业收入"]
    assert table.total == [D("100.00"), D("60.00"), D("30.00"), D("10.00")]
    note = next(p for p in found.problems if p.kind == "info")
    assert note.table == "income" and "事业收入/科研事业收入" in note.message  # the second onto 事业收入


def test_university_income_table_in_the_standard_columns_is_the_standard_table(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        [("项目", 2, 1), ("本年收入合计", 1, 2), ("财政补助收入", 1, 2), ("事业收入", 1, 2), ("经营收入", 1, 2),
         ("其他收入", 1, 2)],
        ["科目编码", "科目名称"],
        [("合计", 2, 1), "100.00", "60.00", "30.00", "", "10.00"],
        ["205", "教育支出", "100.00", "60.00", "30.00", "", "10.00"],
    ]
    found = _read(html_pdf(tmp_path, [table_page("表二 收入决算表", rows)]))
    income = found.tables["income"]
    # 财政补助收入: the 事业单位 name of 财政拨款收入 until 2019
    assert income.columns == ["total", "fiscal", "business", "operating", "other"]
    assert income.total == [D("100.00"), D("60.00"), D("30.00"), None, D("10.00")]
    assert found.others == [] and found.problems == []


def test_one_column_the_standard_table_has_not_is_noted_and_the_table_stays_standard(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        [("项目", 2, 1), ("本年收入合计", 1, 2), ("财政拨款收入", 1, 2), ("其他收入", 1, 2), ("上年结转", 1, 2)],
        ["科目编码", "科目名称"],
        [("合计", 2, 1), "100.00", "90.00", "10.00", "5.00"],
        ["205", "教育支出", "100.00", "90.00", "10.00", "5.00"],
    ]
    found = _read(html_pdf(tmp_path, [table_page("收入决算表", rows)]))
    income = found.tables["income"]
    assert income.columns == ["total", "fiscal", "other"]
    assert income.total == [D("100.00"), D("90.00"), D("10.00")]
    assert found.others == []
    (note,) = found.problems
    assert (note.kind, note.table, note.page) == ("info", "income", 1) and "上年结转" in note.message
