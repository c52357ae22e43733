"""Standard tables rebuilt from PDF geometry: small PDFs made here, one reconstruction step each."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from juesuan.model import Problem, Table
from juesuan.read.pdf.document import iter_pages, open_pdf
from juesuan.read.pdf.tables import read_tables
from tests.synthetic_pdf import CellSpec, html_pdf, table_page

D = Decimal

INCOME_HEADER: list[list[CellSpec]] = [
    [("项目", 4, 1), ("本年收入合\n计", 1, 3), ("财政拨款收\n入", 1, 3), ("事业收入", 1, 3), ("其他收入", 1, 3)],
    [("支出功能分类科目编码", 3, 1), ("科目名称", 1, 2)],
    ["类", "款", "项"],
]


def _read(path: Path) -> tuple[dict[str, Table], list[Problem]]:
    doc = open_pdf(path)
    try:
        pages = list(iter_pages(doc))
    finally:
        doc.close()
    return read_tables(pages)


def _income_rows() -> list[list[CellSpec]]:
    return [
        [("合计", 4, 1), "1,250.00", "1,200.00", "", "50.00"],
        ["201", "", "", "一般公共服务支出", "1,250.00", "1,200.00", "", "50.00"],
        ["201", "06", "", "财政事务", "1,250.00", "1,200.00", "", "50.00"],
        ["201", "06", "01", "行政运行", "1,000.00", "1,000.00", "0.00", ""],
        ["201", "06", "99", "其他财政事务\n支出", "250.00", "200.00", "", "50.00"],
    ]


def test_codes_in_three_cells_are_joined(tmp_path: Path) -> None:
    pdf = html_pdf(tmp_path, [table_page("收入决算表", INCOME_HEADER + _income_rows())])
    tables, problems = _read(pdf)
    income = tables["income"]
    assert problems == []
    assert [r.code for r in income.rows] == ["201", "20106", "2010601", "2010699"]


def test_code_printed_in_one_cell(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        [("项目", 2, 1), ("合计", 1, 2), ("基本支出", 1, 2), ("项目支出", 1, 2)],
        ["功能分类科目编码", "科目名称"],
        ["205", "教育支出", "30.00", "20.00", "10.00"],
        ["20502", "普通教育", "30.00", "20.00", "10.00"],
        ["205 02 05", "高等教育", "30.00", "20.00", "10.00"],
    ]
    tables, _ = _read(html_pdf(tmp_path, [table_page("一般公共预算财政拨款支出决算表", rows)]))
    table = tables["general_budget"]
    assert table.columns == ["total", "basic", "project"]
    assert [r.code for r in table.rows] == ["205", "20502", "2050205"]
    assert table.rows[2].values == [D("30.00"), D("20.00"), D("10.00")]


def test_wrapped_name_and_wrapped_header(tmp_path: Path) -> None:
    tables, _ = _read(html_pdf(tmp_path, [table_page("收入决算表", INCOME_HEADER + _income_rows())]))
    income = tables["income"]
    # "本年收入合\n计" and "财政拨款收\n入" are read as one header each
    assert income.columns == ["total", "fiscal", "business", "other"]
    assert income.rows[3].name == "其他财政事务支出"
    assert income.rows[3].values == [D("250.00"), D("200.00"), None, D("50.00")]


def test_blank_cell_is_none_and_printed_zero_is_zero(tmp_path: Path) -> None:
    tables, _ = _read(html_pdf(tmp_path, [table_page("收入决算表", INCOME_HEADER + _income_rows())]))
    row = tables["income"].row("2010601")
    assert row is not None
    assert row.values == [D("1000.00"), D("1000.00"), D("0.00"), None]
    assert row.values[2] is not None and row.values[3] is None


def test_total_row_and_boxes(tmp_path: Path) -> None:
    tables, _ = _read(html_pdf(tmp_path, [table_page("收入决算表", INCOME_HEADER + _income_rows())]))
    income = tables["income"]
    assert income.total == [D("1250.00"), D("1200.00"), None, D("50.00")]
    assert income.total_boxes is not None and all(b is not None for b in income.total_boxes)
    for row in income.rows:
        assert row.page == 1
        assert row.boxes is not None and len(row.boxes) == len(income.columns)
        boxes = [b for b in row.boxes if b is not None]
        assert len(boxes) == len(income.columns)
        # boxes of one row share their top and bottom, and run left to right
        assert len({round(b.top, 1) for b in boxes}) == 1
        assert [b.x0 for b in boxes] == sorted(b.x0 for b in boxes)
    first, second = income.rows[0].boxes or [], income.rows[1].boxes or []
    assert first[0] is not None and second[0] is not None and first[0].bottom <= second[0].top + 0.5


def test_values_printed_at_the_top_of_tall_cells(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        *INCOME_HEADER,
        ["201", "", "", "一般公共服务支出", "^12.00", "^10.00", "", "^2.00"],
        ["201", "06", "", "^财政事务", "^12.00", "^10.00", "", "^2.00"],
    ]
    tables, _ = _read(html_pdf(tmp_path, [table_page("收入决算表", rows)]))
    rows_read = tables["income"].rows
    assert [r.code for r in rows_read] == ["201", "20106"]
    assert [r.values for r in rows_read] == [[D("12.00"), D("10.00"), None, D("2.00")]] * 2


def test_table_continued_with_title_and_repeated_header(tmp_path: Path) -> None:
    page1 = table_page("收入决算表", INCOME_HEADER + _income_rows()[:3])
    page2 = table_page("收入决算表（续表）", INCOME_HEADER + _income_rows()[3:])
    tables, problems = _read(html_pdf(tmp_path, [page1, page2]))
    income = tables["income"]
    assert problems == []
    assert income.pages == [1, 2]
    assert [r.code for r in income.rows] == ["201", "20106", "2010601", "2010699"]
    assert [r.page for r in income.rows] == [1, 1, 2, 2]


def test_grid_simply_continued_on_the_next_page(tmp_path: Path) -> None:
    page1 = table_page("收入决算表", INCOME_HEADER + _income_rows()[:3])
    page2 = table_page(None, _income_rows()[3:])
    tables, _ = _read(html_pdf(tmp_path, [page1, page2]))
    income = tables["income"]
    assert income.pages == [1, 2]
    assert income.row("2010699") is not None
    assert income.row("2010699").values == [D("250.00"), D("200.00"), None, D("50.00")]  # type: ignore[union-attr]


def _summary_rows(fiscal: bool) -> list[list[CellSpec]]:
    if fiscal:
        head: list[list[CellSpec]] = [
            [("收入", 2, 1), ("支出", 6, 1)],
            ["项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
             "国有资本经营预\n算财政拨款"],
        ]
        return [
            *head,
            ["一、一般公共预算财政拨款", "100.00", "一、一般公共服务支出", "90.00", "90.00", "", ""],
            ["二、政府性基金预算财政拨款", "", "二、外交支出", "", "", "", ""],
            ["", "", "三、住房保障支出", "10.00", "10.00", "", ""],
            ["本年收入合计", "100.00", "本年支出合计", "100.00", "100.00", "", ""],
            ["年初财政拨款结转和结余", "5.00", "年末财政拨款结转和结余", "5.00", "5.00", "", ""],
            ["一、一般公共预算财政拨款", "5.00", "", "", "", "", ""],
            ["总计", "105.00", "总计", "105.00", "105.00", "", ""],
        ]
    return [
        [("收入", 2, 1), ("支出", 2, 1)],
        ["项目", "决算数", "项目", "决算数"],
        ["一、一般公共预算财政拨款收入", "100.00", "一、一般公共服务支出", "90.00"],
        ["二、事业收入", "", "二、住房保障支出", "10.00"],
        ["本年收入合计", "100.00", "本年支出合计", "100.00"],
        ["使用非财政拨款结余（含专用结余）", "", "结余分配", ""],
        ["年初结转和结余", "5.00", "年末结转和结余", "5.00"],
        ["总计", "105.00", "总计", "105.00"],
    ]


def test_two_sided_summary(tmp_path: Path) -> None:
    tables, problems = _read(html_pdf(tmp_path, [table_page("收入支出决算总表", _summary_rows(False))]))
    summary = tables["summary"]
    assert problems == []
    assert [(r.name, r.values) for r in summary.income] == [
        ("一般公共预算财政拨款收入", [D("100.00")]),
        ("事业收入", [None]),
    ]
    assert [r.name for r in summary.expenditure] == ["一般公共服务支出", "住房保障支出"]
    totals = {k: r.values for k, r in summary.totals.items()}
    assert totals == {
        "income_total": [D("100.00")],
        "expenditure_total": [D("100.00")],
        "use_of_balance": [None],
        "distribution": [None],
        "opening_balance": [D("5.00")],
        "closing_balance": [D("5.00")],
        "grand_total.income": [D("105.00")],
        "grand_total.expenditure": [D("105.00")],
    }
    assert all(r.page == 1 and r.boxes and r.boxes[0] for r in summary.totals.values())


def test_fiscal_summary_is_not_mistaken_for_summary(tmp_path: Path) -> None:
    tables, _ = _read(html_pdf(tmp_path, [table_page("财政拨款收入支出决算总表", _summary_rows(True))]))
    assert list(tables) == ["fiscal_summary"]
    fiscal = tables["fiscal_summary"]
    # the 结转和结余 breakdown below 年初财政拨款结转和结余 is not an income line
    assert [r.name for r in fiscal.income] == ["一般公共预算财政拨款", "政府性基金预算财政拨款"]
    assert fiscal.expenditure[0].values == [D("90.00"), D("90.00"), None, None]
    assert [r.name for r in fiscal.expenditure] == ["一般公共服务支出", "外交支出", "住房保障支出"]
    assert fiscal.totals["closing_balance"].values == [D("5.00"), D("5.00"), None, None]
    assert fiscal.totals["opening_balance"].values == [D("5.00")]
    assert fiscal.totals["grand_total.expenditure"].values == [D("105.00"), D("105.00"), None, None]


def test_empty_table_statement(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        [("项目", 2, 1), ("年初结转和结余", 1, 2), ("本年收入", 1, 2), ("本年支出", 3, 1), ("年末结转和结余", 1, 2)],
        ["功能分类科目编码", "科目名称", "小计", "基本支出", "项目支出"],
        [("合计", 2, 1), "", "", "", "", "", ""],
        ["", "", "", "", "", "", "", ""],
    ]
    statement = "说明：本部门本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。"
    pdf = html_pdf(tmp_path, [table_page("政府性基金预算财政拨款收入支出决算表", rows, [statement])])
    tables, problems = _read(pdf)
    table = tables["gov_fund"]
    assert table.empty
    assert table.note == "本部门本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。"
    assert table.pages == [1]
    assert problems == []


def test_gov_fund_columns_under_a_group_header(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        [("项目", 2, 1), ("年初结转和\n结余", 1, 2), ("本年收入", 1, 2), ("本年支出", 3, 1),
         ("年末结转和\n结余", 1, 2)],
        ["科目编码", "科目名称", "小计", "基本支出", "项目支出"],
        [("合计", 2, 1), "1.00", "9.00", "8.00", "", "8.00", "2.00"],
        ["2120816", "农业土地开发资金安排的支出", "1.00", "9.00", "8.00", "", "8.00", "2.00"],
    ]
    tables, _ = _read(html_pdf(tmp_path, [table_page("政府性基金预算财政拨款收入支出决算表", rows)]))
    table = tables["gov_fund"]
    assert not table.empty
    assert table.columns == ["opening", "income", "total", "basic", "project", "closing"]
    assert table.rows[0].code == "2120816"
    assert table.rows[0].values == [D("1.00"), D("9.00"), D("8.00"), None, D("8.00"), D("2.00")]


def test_basic_expenditure_two_blocks_and_named_totals(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        ["经济分类科目编码", "科目名称", "决算数", "经济分类科目编码", "科目名称", "决算数"],
        ["301", "工资福利支出", "30.00", "302", "商品和服务支出", "5.00"],
        ["30101", "基本工资", "30.00", "30201", "办公费", "5.00"],
        ["30103", "奖金", "0.00", "30202", "印刷费", ""],
        ["", "", "", "310", "资本性支出", ""],
        [("人员经费合计", 2, 1), "30.00", ("公用经费合计", 2, 1), "5.00"],
    ]
    tables, problems = _read(html_pdf(tmp_path, [table_page("一般公共预算财政拨款基本支出决算表", rows)]))
    table = tables["basic_expenditure"]
    assert problems == []
    assert [r.code for r in table.rows] == ["301", "30101", "30103", "302", "30201", "30202", "310"]
    assert table.row("30103").values == [D("0.00")]  # type: ignore[union-attr]
    assert table.row("30202").values == [None]  # type: ignore[union-attr]
    assert table.value("personnel_total") == D("30.00")
    assert table.value("public_total") == D("5.00")
    assert table.cells["public_total"].box is not None


def test_three_public_cells(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        [("财政拨款“三公”经费", 12, 1)],
        [("合计", 2, 2), ("因公出国（境）费", 2, 2), ("公务用车购置及运行维护费", 6, 1), ("公务接待费", 2, 2)],
        [("小计", 2, 1), ("公务用车购置费", 2, 1), ("公务用车运行维护费", 2, 1)],
        ["预算数", "决算数"] * 6,
        ["3.00", "2.50", "", "", "2.00", "2.00", "", "", "2.00", "2.00", "1.00", "0.50"],
    ]
    tables, problems = _read(html_pdf(tmp_path, [table_page("财政拨款“三公”经费支出决算表", rows)]))
    table = tables["three_public"]
    assert problems == []
    got = {k: c.value for k, c in table.cells.items()}
    assert got == {
        "budget.total": D("3.00"), "actual.total": D("2.50"),
        "budget.overseas": None, "actual.overseas": None,
        "budget.vehicles": D("2.00"), "actual.vehicles": D("2.00"),
        "budget.vehicle_purchase": None, "actual.vehicle_purchase": None,
        "budget.vehicle_operation": D("2.00"), "actual.vehicle_operation": D("2.00"),
        "budget.reception": D("1.00"), "actual.reception": D("0.50"),
    }
    assert table.cells["actual.reception"].box is not None


def test_unreadable_header_is_a_problem_and_other_tables_still_read(tmp_path: Path) -> None:
    strange: list[list[CellSpec]] = [["甲", "乙", "丙"], ["201", "一般公共服务支出", "1.00"]]
    pages = [
        table_page("支出决算表", strange),
        table_page("收入决算表", INCOME_HEADER + _income_rows()),
    ]
    tables, problems = _read(html_pdf(tmp_path, pages))
    assert tables["income"].rows
    assert any(p.table == "expenditure" and p.page == 1 for p in problems)


def test_no_standard_table(tmp_path: Path) -> None:
    pages = [table_page("人员情况表", [["姓名", "人数"], ["甲", "1"]], ["第二部分 收入决算表说明见后。"])]
    tables, _ = _read(html_pdf(tmp_path, pages))
    assert tables == {}


GENERAL_ROWS: list[list[CellSpec]] = [
    [("项目", 2, 1), ("合计", 1, 2), ("基本支出", 1, 2), ("项目支出", 1, 2)],
    ["科目编码", "科目名称"],
    [("合计", 2, 1), "30.00", "20.00", "10.00"],
    ["205", "教育支出", "30.00", "20.00", "10.00"],
]


def test_title_printed_inside_the_grid(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [[("一般公共预算财政拨款支出决算表", 5, 1)], [("单位：万元", 5, 1)], *GENERAL_ROWS]
    tables, problems = _read(html_pdf(tmp_path, [table_page(None, rows)]))
    table = tables["general_budget"]
    assert problems == []
    assert table.columns == ["total", "basic", "project"]
    assert table.total == [D("30.00"), D("20.00"), D("10.00")]
    assert [(r.code, r.name) for r in table.rows] == [("205", "教育支出")]


def test_title_wrapped_over_two_lines(tmp_path: Path) -> None:
    page = table_page(None, GENERAL_ROWS, [])
    page = page.replace('<div class="page">', '<div class="page"><p>一般公共预算财政拨款支出决</p><p>算表</p>', 1)
    tables, _ = _read(html_pdf(tmp_path, [page]))
    assert list(tables) == ["general_budget"]
    assert tables["general_budget"].rows[0].code == "205"


def test_title_at_the_foot_of_the_page_before(tmp_path: Path) -> None:
    foot = table_page("一般公共预算财政拨款支出决算表", []).replace(
        '<div class="page">', '<div class="page"><div style="height: 125mm"></div>', 1
    )
    tables, _ = _read(html_pdf(tmp_path, [foot, table_page(None, GENERAL_ROWS)]))
    table = tables["general_budget"]
    assert table.pages == [2]
    assert table.rows[0].values == [D("30.00"), D("20.00"), D("10.00")]


def test_code_and_name_printed_in_one_cell(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        ["科目", "合计", "基本支出", "项目支出"],
        ["205 教育支出", "30.00", "20.00", "10.00"],
        ["2050205 高等教育", "30.00", "20.00", "10.00"],
    ]
    tables, _ = _read(html_pdf(tmp_path, [table_page("一般公共预算财政拨款支出决算表", rows)]))
    assert [(r.code, r.name) for r in tables["general_budget"].rows] == [("205", "教育支出"), ("2050205", "高等教育")]


def test_line_number_column_and_column_number_row(tmp_path: Path) -> None:
    # national-template style: a 行次 column on each side and a 栏次 row of column numbers
    summary: list[list[CellSpec]] = [
        [("收入", 3, 1), ("支出", 3, 1)],
        ["项目", "行次", "金额", "项目", "行次", "金额"],
        ["栏次", "", "1", "栏次", "", "2"],
        ["一、财政拨款收入", "1", "80.00", "一、一般公共服务支出", "9", "70.00"],
        ["二、事业收入", "2", "", "二、教育支出", "10", "10.00"],
        ["本年收入合计", "3", "80.00", "本年支出合计", "11", "80.00"],
        ["总计", "4", "80.00", "总计", "12", "80.00"],
    ]
    income: list[list[CellSpec]] = [
        ["科目编码", "科目名称", "行次", "本年收入合计", "财政拨款收入", "其他收入"],
        ["栏次", "", "", "1", "2", "3"],
        [("合计", 2, 1), "1", "80.00", "80.00", ""],
        ["201", "一般公共服务支出", "2", "80.00", "80.00", ""],
    ]
    pages = [table_page("收入支出决算总表", summary), table_page("收入决算表", income)]
    tables, problems = _read(html_pdf(tmp_path, pages))
    assert problems == []
    s = tables["summary"]
    assert [(r.name, r.values) for r in s.income] == [("财政拨款收入", [D("80.00")]), ("事业收入", [None])]
    assert [(r.name, r.values) for r in s.expenditure] == [
        ("一般公共服务支出", [D("70.00")]), ("教育支出", [D("10.00")]),
    ]
    assert s.totals["grand_total.expenditure"].values == [D("80.00")]
    i = tables["income"]
    assert i.columns == ["total", "fiscal", "other"]
    assert i.total == [D("80.00"), D("80.00"), None]
    assert [(r.code, r.values) for r in i.rows] == [("201", [D("80.00"), D("80.00"), None])]


def test_empty_statement_printed_inside_the_grid(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        [("项目", 2, 1), ("年初结转和结余", 1, 2), ("本年收入", 1, 2), ("本年支出", 3, 1), ("年末结转和结余", 1, 2)],
        ["科目编码", "科目名称", "小计", "基本支出", "项目支出"],
        [("本部门无国有资本经营预算财政拨款收支，本表无数据。", 8, 1)],
    ]
    tables, problems = _read(html_pdf(tmp_path, [table_page("国有资本经营预算财政拨款收入支出决算表", rows)]))
    table = tables["state_capital"]
    assert table.empty and table.note == "本部门无国有资本经营预算财政拨款收支，本表无数据。"
    assert problems == []


def test_two_empty_tables_on_one_page_keep_their_own_statements(tmp_path: Path) -> None:
    head: list[list[CellSpec]] = [
        [("项目", 2, 1), ("年初结转和结余", 1, 2), ("本年收入", 1, 2), ("本年支出", 3, 1), ("年末结转和结余", 1, 2)],
        ["科目编码", "科目名称", "小计", "基本支出", "项目支出"],
        ["", "", "", "", "", "", "", ""],
    ]
    gov_note = "注：本部门无政府性基金预算财政拨款收支，故本表无数据。"
    capital_note = "注：本部门无国有资本经营预算财政拨款收支，故本表无数据。"
    page = (
        table_page("政府性基金预算财政拨款收入支出决算表", head, [gov_note])
        + table_page("国有资本经营预算财政拨款收入支出决算表", head, [capital_note])
    ).replace('<div class="page">', "<div>")  # both on one page
    tables, _ = _read(html_pdf(tmp_path, [page]))
    assert tables["gov_fund"].pages == tables["state_capital"].pages == [1]
    assert tables["gov_fund"].note == "本部门无政府性基金预算财政拨款收支，故本表无数据。"
    assert tables["state_capital"].note == "本部门无国有资本经营预算财政拨款收支，故本表无数据。"


def test_three_public_items_down_the_rows(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        ["项目", "预算数", "决算数"],
        ["合计", "3.00", "2.50"],
        ["因公出国（境）费", "", ""],
        ["公务用车购置及运行维护费", "2.00", "2.00"],
        ["其中：公务用车购置费", "0.00", "0.00"],
        ["公务用车运行维护费", "2.00", "2.00"],
        ["公务接待费", "1.00", "0.50"],
    ]
    tables, problems = _read(html_pdf(tmp_path, [table_page("财政拨款“三公”经费支出决算表", rows)]))
    table = tables["three_public"]
    assert problems == []
    assert table.value("budget.total") == D("3.00") and table.value("actual.total") == D("2.50")
    assert table.value("budget.overseas") is None
    assert table.value("actual.vehicles") == D("2.00")
    assert table.value("actual.vehicle_purchase") == D("0.00")
    assert table.value("budget.vehicle_operation") == D("2.00")
    assert table.value("actual.reception") == D("0.50")


def test_general_budget_with_budget_columns(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        [("项目", 2, 1), ("年初预算数", 3, 1), ("决算数", 3, 1)],
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出", "合计", "基本支出", "项目支出"],
        ["205", "教育支出", "40.00", "25.00", "15.00", "30.00", "20.00", "10.00"],
    ]
    tables, _ = _read(html_pdf(tmp_path, [table_page("一般公共预算财政拨款支出决算表", rows)]))
    table = tables["general_budget"]
    assert table.columns == ["budget_total", "budget_basic", "budget_project", "total", "basic", "project"]
    assert table.rows[0].values == [D("40.00"), D("25.00"), D("15.00"), D("30.00"), D("20.00"), D("10.00")]


def test_missing_totals_and_total_column_are_problems(tmp_path: Path) -> None:
    summary = [row for row in _summary_rows(False) if row[0] != "总计"]
    income: list[list[CellSpec]] = [
        ["科目编码", "科目名称", "财政拨款收入", "其他收入"],
        ["201", "一般公共服务支出", "80.00", ""],
    ]
    pages = [table_page("收入支出决算总表", summary), table_page("收入决算表", income)]
    tables, problems = _read(html_pdf(tmp_path, pages))
    assert tables["summary"].totals["income_total"].values == [D("100.00")]
    assert tables["income"].row("201").values == [D("80.00"), None]  # type: ignore[union-attr]
    found = {(p.table, p.page, p.kind) for p in problems}
    assert found == {("summary", 1, "missing"), ("income", 2, "missing")}
    assert any("grand_total.income" in p.message for p in problems if p.table == "summary")


def test_table_without_outer_side_rules(tmp_path: Path) -> None:
    open_sides = "td:first-child { border-left: none; } td:last-child { border-right: none; }"
    rows: list[list[CellSpec]] = [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["205", "教育支出", "30.00", "20.00", "10.00"],
        ["20502", "普通教育", "30.00", "20.00", "10.00"],
    ]
    pdf = html_pdf(tmp_path, [table_page("一般公共预算财政拨款支出决算表", rows)], style=open_sides)
    table = _read(pdf)[0]["general_budget"]
    assert table.columns == ["total", "basic", "project"]
    assert [(r.code, r.values[2]) for r in table.rows] == [("205", D("10.00")), ("20502", D("10.00"))]


def test_two_sided_table_stacked_in_one_column(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        ["项目", "决算数"],
        [("收入", 2, 1)],
        ["一、一般公共预算财政拨款收入", "100.00"],
        ["二、事业收入", ""],
        ["本年收入合计", "100.00"],
        ["年初结转和结余", "5.00"],
        ["总计", "105.00"],
        [("支出", 2, 1)],
        ["一、一般公共服务支出", "90.00"],
        ["二、住房保障支出", "10.00"],
        ["本年支出合计", "100.00"],
        ["年末结转和结余", "5.00"],
        ["总计", "105.00"],
    ]
    tables, problems = _read(html_pdf(tmp_path, [table_page("收入支出决算总表", rows)]))
    summary = tables["summary"]
    assert problems == []
    assert [(r.name, r.values) for r in summary.income] == [
        ("一般公共预算财政拨款收入", [D("100.00")]), ("事业收入", [None]),
    ]
    assert [r.name for r in summary.expenditure] == ["一般公共服务支出", "住房保障支出"]
    assert {k: r.values[0] for k, r in summary.totals.items()} == {
        "income_total": D("100.00"), "opening_balance": D("5.00"), "grand_total.income": D("105.00"),
        "expenditure_total": D("100.00"), "closing_balance": D("5.00"), "grand_total.expenditure": D("105.00"),
    }


def test_header_words_in_the_total_row(tmp_path: Path) -> None:
    # the Shanghai template prints 合计/基本支出/项目支出 of 本年支出 in the 合计 row itself
    rows: list[list[CellSpec]] = [
        [("项目", 2, 1), ("年初结转和\n结余", 1, 2), ("本年收入", 1, 2), ("本年支出", 3, 2),
         ("年末结转和\n结余", 1, 2)],
        ["功能分类科目编码", "科目名称"],
        [("合计", 2, 1), "", "", "合计", "基本支出", "项目支出", ""],
        ["2120816", "农业土地开发资金安排的支出", "1.00", "9.00", "8.00", "", "8.00", "2.00"],
    ]
    tables, problems = _read(html_pdf(tmp_path, [table_page("政府性基金预算财政拨款收入支出决算表", rows)]))
    table = tables["gov_fund"]
    assert problems == []
    assert table.columns == ["opening", "income", "total", "basic", "project", "closing"]
    assert table.total == [None] * 6
    assert table.rows[0].values == [D("1.00"), D("9.00"), D("8.00"), None, D("8.00"), D("2.00")]


def test_header_repeated_on_the_next_page_without_a_title(tmp_path: Path) -> None:
    page1 = table_page("收入决算表", INCOME_HEADER + _income_rows()[:3])
    page2 = table_page(None, INCOME_HEADER + _income_rows()[3:])
    tables, problems = _read(html_pdf(tmp_path, [page1, page2]))
    income = tables["income"]
    assert problems == []
    assert income.pages == [1, 2]
    assert [r.code for r in income.rows] == ["201", "20106", "2010601", "2010699"]
    assert income.total == [D("1250.00"), D("1200.00"), None, D("50.00")]


def test_table_of_contents_does_not_claim_the_next_grid(tmp_path: Path) -> None:
    toc_lines = ["目 录", "一、收入支出决算总表", "二、收入决算表", "三、支出决算表"]
    ruled_toc: list[list[CellSpec]] = [["收入支出决算总表", "5"], ["收入决算表", "6"]]
    unrelated: list[list[CellSpec]] = [["单位名称", "单位性质"], ["上海市XX局", "行政单位"]]
    pages = [
        table_page(None, [], toc_lines),
        table_page(None, ruled_toc),
        table_page(None, unrelated, ["二、部门决算单位构成"]),
        table_page("收入决算表", INCOME_HEADER + _income_rows()),
    ]
    tables, problems = _read(html_pdf(tmp_path, pages))
    assert list(tables) == ["income"]
    assert tables["income"].pages == [4]
    assert problems == []


def test_grid_after_running_text_does_not_continue_a_table(tmp_path: Path) -> None:
    page1 = table_page("收入决算表", INCOME_HEADER + _income_rows()[:3])
    same_columns = table_page(None, _income_rows()[3:]).replace(
        '<div class="page">', '<div class="page"><p>三、收入决算情况说明</p><p>本年收入如下表。</p>', 1
    )
    tables, _ = _read(html_pdf(tmp_path, [page1, same_columns]))
    assert tables["income"].pages == [1]
    assert [r.code for r in tables["income"].rows] == ["201", "20106"]


def test_code_of_odd_length_is_kept_and_reported(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["2050", "教育支出", "30.00", "20.00", "10.00"],
    ]
    tables, problems = _read(html_pdf(tmp_path, [table_page("一般公共预算财政拨款支出决算表", rows)]))
    assert tables["general_budget"].rows[0].code == "2050"
    assert [(p.table, p.page, p.kind) for p in problems] == [("general_budget", 1, "ambiguous")]
