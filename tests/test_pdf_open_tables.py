"""Tables without vertical rules (三线表, or a rule under every row): columns from the text's alignment.

Drawn here (tests/drawn_pdf.py: centred headers, right-aligned amounts) or by WeasyPrint (every
cell left-aligned), each read as a whole document is.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.read.pdf.document import iter_pages, open_pdf
from juesuan.read.pdf.grid import find_grids
from tests.drawn_pdf import (
    COLUMNS,
    FRAME_ROWS,
    HEADER_OPEN,
    HEADER_ROWS,
    ROWS,
    THREE_LINES,
    DrawnPage,
    draw_table,
    drawn_pdf,
)
from tests.synthetic_pdf import CellSpec, html_pdf, table_page
from tests.test_pdf_layouts import read

D = Decimal

INCOME_HEADER: list[list[CellSpec]] = [
    [("项目", 4, 1), ("本年收入合\n计", 1, 3), ("财政拨款收\n入", 1, 3), ("事业收入", 1, 3), ("其他收入", 1, 3)],
    [("支出功能分类科目编码", 3, 1), ("科目名称", 1, 2)],
    ["类", "款", "项"],
]
INCOME_ROWS: list[list[CellSpec]] = [
    [("合计", 4, 1), "1,250.00", "1,200.00", "", "50.00"],
    ["201", "", "", "一般公共服务支出", "1,250.00", "1,200.00", "", "50.00"],
    ["201", "06", "", "财政事务", "1,250.00", "1,200.00", "", "50.00"],
    ["201", "06", "01", "行政运行", "1,000.00", "1,000.00", "0.00", ""],
    ["201", "06", "99", "其他财政事务支出", "250.00", "200.00", "", "50.00"],
]
INCOME_WIDTHS = [40.0, 40.0, 40.0, 160.0, 80.0, 80.0, 80.0, 80.0]
# the drawn columns' left edges, from x = 40
INCOME_XS = [40.0, 80.0, 120.0, 160.0, 320.0, 400.0, 480.0, 560.0, 640.0]

THREE_LINES_CSS = (
    "td { border: none; } table { border-top: 1.5pt solid black; border-bottom: 1.5pt solid black; }"
    " tr:nth-child(%d) td { border-bottom: 0.75pt solid black; }"
)


def _drawn_income(tmp_path: Path, rules: str, left_codes: bool = False) -> Path:
    page = DrawnPage()
    draw_table(page, INCOME_HEADER + INCOME_ROWS, INCOME_WIDTHS, header_rows=3, rules=rules, title="收入决算表",
               top=100, left_columns=(0, 1, 2) if left_codes else ())
    return drawn_pdf(tmp_path / f"income-{rules}.pdf", [page])


@pytest.mark.parametrize("rules", [THREE_LINES, ROWS, FRAME_ROWS, COLUMNS, HEADER_ROWS, HEADER_OPEN])
@pytest.mark.parametrize("left_codes", [False, True])
def test_income_table_without_vertical_rules(tmp_path: Path, rules: str, left_codes: bool) -> None:
    """Three header rows, words wrapped in the header, codes in 类/款/项, a column blank in most rows.

    Ruled only across; or in a frame; or with its columns ruled but not its rows; or with the
    header ruled in full over a body ruled only across, or not at all.
    """
    tables, problems = read(_drawn_income(tmp_path, rules, left_codes))
    assert problems == []
    income = tables["income"]
    assert income.columns == ["total", "fiscal", "business", "other"]
    assert income.total == [D("1250.00"), D("1200.00"), None, D("50.00")]
    assert [(r.code, r.name) for r in income.rows] == [
        ("201", "一般公共服务支出"), ("20106", "财政事务"), ("2010601", "行政运行"), ("2010699", "其他财政事务支出"),
    ]
    assert income.row("2010601").values == [D("1000.00"), D("1000.00"), D("0.00"), None]  # type: ignore[union-attr]
    # boxes: each value's column as drawn, within a few points (boundaries are found from the text)
    boxes = income.row("2010699").boxes or []  # type: ignore[union-attr]
    for box, left, right in zip(boxes, INCOME_XS[4:-1], INCOME_XS[5:], strict=True):
        assert box is not None and abs(box.x0 - left) <= 3 and abs(box.x1 - right) <= 3


def test_column_blank_in_every_row_keeps_its_place(tmp_path: Path) -> None:
    """WeasyPrint, every cell left-aligned, 基本支出 blank throughout: its header alone shows the column."""
    rows: list[list[CellSpec]] = [
        [("项目", 2, 1), ("年初结转和结余", 1, 2), ("本年收入", 1, 2), ("本年支出", 3, 1), ("年末结转和结余", 1, 2)],
        ["科目编码", "科目名称", "小计", "基本支出", "项目支出"],
        [("合计", 2, 1), "1.00", "9.00", "8.00", "", "8.00", "2.00"],
        ["212", "城乡社区支出", "1.00", "9.00", "8.00", "", "8.00", "2.00"],
        ["21208", "国有土地使用权出让收入安排的支出", "1.00", "9.00", "8.00", "", "8.00", "2.00"],
        ["2120816", "农业土地开发资金安排的支出", "1.00", "9.00", "8.00", "", "8.00", "2.00"],
    ]
    pdf = html_pdf(tmp_path, [table_page("政府性基金预算财政拨款收入支出决算表", rows)], style=THREE_LINES_CSS % 2)
    tables, problems = read(pdf)
    assert problems == []
    table = tables["gov_fund"]
    assert table.columns == ["opening", "income", "total", "basic", "project", "closing"]
    assert table.total == [D("1.00"), D("9.00"), D("8.00"), None, D("8.00"), D("2.00")]
    assert [r.code for r in table.rows] == ["212", "21208", "2120816"]
    assert all(r.values == table.total for r in table.rows)


def test_group_headers_centred_over_their_columns(tmp_path: Path) -> None:
    """年初预算数 / 决算数 each centred over 合计, 基本支出, 项目支出: the budget columns are told apart."""
    rows: list[list[CellSpec]] = [
        [("项目", 2, 1), ("年初预算数", 3, 1), ("决算数", 3, 1)],
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出", "合计", "基本支出", "项目支出"],
        [("合计", 2, 1), "40.00", "25.00", "15.00", "30.00", "20.00", "10.00"],
        ["205", "教育支出", "40.00", "25.00", "15.00", "30.00", "20.00", "10.00"],
        ["20502", "普通教育", "40.00", "25.00", "15.00", "30.00", "20.00", "10.00"],
    ]
    page = DrawnPage()
    draw_table(page, rows, [60, 120, 70, 70, 70, 70, 70, 70], header_rows=2, rules=THREE_LINES,
               title="一般公共预算财政拨款支出决算表", top=100, left_columns=(0,))
    tables, problems = read(drawn_pdf(tmp_path / "budget.pdf", [page]))
    assert problems == []
    table = tables["general_budget"]
    assert table.columns == ["budget_total", "budget_basic", "budget_project", "total", "basic", "project"]
    assert table.rows[1].values == [D("40.00"), D("25.00"), D("15.00"), D("30.00"), D("20.00"), D("10.00")]


def test_two_sided_summary_without_vertical_rules(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        [("收入", 2, 1), ("支出", 2, 1)],
        ["项目", "决算数", "项目", "决算数"],
        ["一、一般公共预算财政拨款收入", "100.00", "一、一般公共服务支出", "90.00"],
        ["二、事业收入", "", "二、住房保障支出", "10.00"],
        ["本年收入合计", "100.00", "本年支出合计", "100.00"],
        ["使用非财政拨款结余（含专用结余）", "", "结余分配", ""],
        ["年初结转和结余", "5.00", "年末结转和结余", "5.00"],
        ["总计", "105.00", "总计", "105.00"],
    ]
    page = DrawnPage()
    draw_table(page, rows, [200, 90, 200, 90], header_rows=2, rules=THREE_LINES, title="收入支出决算总表", top=100)
    tables, problems = read(drawn_pdf(tmp_path / "summary.pdf", [page]))
    assert problems == []
    summary = tables["summary"]
    assert [(r.name, r.values) for r in summary.income] == [
        ("一般公共预算财政拨款收入", [D("100.00")]), ("事业收入", [None]),
    ]
    assert [(r.name, r.values) for r in summary.expenditure] == [
        ("一般公共服务支出", [D("90.00")]), ("住房保障支出", [D("10.00")]),
    ]
    assert summary.totals["grand_total.expenditure"].values == [D("105.00")]
    assert summary.totals["use_of_balance"].values == [None]


def test_names_wrapped_over_lines_in_rows_without_rules(tmp_path: Path) -> None:
    """A 三线表 row whose name takes two lines, its amounts centred between them: one row."""
    rows: list[list[CellSpec]] = [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["208", "社会保障和就业支出", "30.00", "20.00", "10.00"],
        ["20805", "行政事业单位养老\n支出", "30.00", "20.00", "10.00"],
        ["2080505", "机关事业单位基本养老\n保险缴费支出", "30.00", "20.00", "10.00"],
    ]
    page = DrawnPage()
    draw_table(page, rows, [70, 110, 80, 80, 80], rules=THREE_LINES, title="一般公共预算财政拨款支出决算表",
               top=100, left_columns=(0,), padding=6.0)
    tables, problems = read(drawn_pdf(tmp_path / "wrapped.pdf", [page]))
    assert problems == []
    table = tables["general_budget"]
    assert [(r.code, r.name) for r in table.rows] == [
        ("208", "社会保障和就业支出"), ("20805", "行政事业单位养老支出"),
        ("2080505", "机关事业单位基本养老保险缴费支出"),
    ]
    assert all(r.values == [D("30.00"), D("20.00"), D("10.00")] for r in table.rows)


def _continued(tmp_path: Path, repeat_header: bool) -> Path:
    header: list[list[CellSpec]] = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
    first: list[list[CellSpec]] = [
        [("合计", 2, 1), "50.00", "20.00", "30.00"],
        ["205", "教育支出", "30.00", "20.00", "10.00"],
        ["20502", "普通教育", "30.00", "20.00", "10.00"],
    ]
    second: list[list[CellSpec]] = [  # 基本支出 blank on this page
        ["208", "社会保障和就业支出", "20.00", "", "20.00"],
        ["20805", "行政事业单位养老支出", "20.00", "", "20.00"],
    ]
    widths = [70.0, 150.0, 80.0, 80.0, 80.0]
    page1, page2 = DrawnPage(), DrawnPage()
    draw_table(page1, header + first, widths, rules=THREE_LINES, title="一般公共预算财政拨款支出决算表", top=100,
               left_columns=(0,))
    draw_table(page2, (header if repeat_header else []) + second, widths, header_rows=1 if repeat_header else 0,
               rules=THREE_LINES, top=60, left_columns=(0,))
    return drawn_pdf(tmp_path / f"continued-{repeat_header}.pdf", [page1, page2])


@pytest.mark.parametrize("repeat_header", [False, True])
def test_table_continued_over_pages(tmp_path: Path, repeat_header: bool) -> None:
    tables, problems = read(_continued(tmp_path, repeat_header))
    assert problems == []
    table = tables["general_budget"]
    assert table.pages == [1, 2]
    assert [(r.code, r.page) for r in table.rows] == [("205", 1), ("20502", 1), ("208", 2), ("20805", 2)]
    assert table.row("20805").values == [D("20.00"), None, D("20.00")]  # type: ignore[union-attr]


def test_two_tables_on_one_page(tmp_path: Path) -> None:
    general: list[list[CellSpec]] = [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["205", "教育支出", "30.00", "20.00", "10.00"],
        ["20502", "普通教育", "30.00", "20.00", "10.00"],
    ]
    fund: list[list[CellSpec]] = [
        ["科目编码", "科目名称", "本年收入", "小计", "基本支出", "项目支出"],
        ["212", "城乡社区支出", "9.00", "8.00", "", "8.00"],
        ["21208", "国有土地使用权出让收入安排的支出", "9.00", "8.00", "", "8.00"],
    ]
    page = DrawnPage()
    bottom = draw_table(page, general, [70, 190, 70, 70, 70], rules=THREE_LINES,
                        title="一般公共预算财政拨款支出决算表", top=90, left_columns=(0,))
    draw_table(page, fund, [70, 190, 70, 70, 70, 70], rules=THREE_LINES,
               title="政府性基金预算财政拨款收入支出决算表", top=bottom + 80, left_columns=(0,))
    tables, problems = read(drawn_pdf(tmp_path / "two.pdf", [page]))
    assert problems == []
    assert [r.code for r in tables["general_budget"].rows] == ["205", "20502"]
    assert tables["gov_fund"].columns == ["income", "total", "basic", "project"]
    assert tables["gov_fund"].row("21208").values == [D("9.00"), D("8.00"), None, D("8.00")]  # type: ignore[union-attr]


def test_rules_around_running_text_are_no_table(tmp_path: Path) -> None:
    """A page's header and footer rules around prose, amounts included, make no grid."""
    page = DrawnPage()
    page.rule(40, 50, 800, 50)
    page.rule(40, 550, 800, 550)
    page.text(40, 80, "一般公共预算财政拨款支出决算表说明", 14)
    lines = [
        "本年度一般公共预算财政拨款支出 1,250.00 万元，比上年增加 50.00 万元。",
        "其中：基本支出 1,000.00 万元，项目支出 250.00 万元。",
        "主要原因是人员增加。",
    ]
    for i, line in enumerate(lines):
        page.text(40, 110 + 20 * i, line, 10)
    path = drawn_pdf(tmp_path / "prose.pdf", [page])
    doc = open_pdf(path)
    try:
        geometry = next(iter_pages(doc, all_segments=True))
    finally:
        doc.close()
    grids, rest = find_grids(1, geometry.segments, geometry.chars)
    assert grids == [] and len(rest) == len(geometry.chars)


def test_turned_page_with_a_table_ruled_only_across(tmp_path: Path) -> None:
    page = DrawnPage(rotate=90)
    draw_table(page, INCOME_HEADER + INCOME_ROWS, INCOME_WIDTHS, header_rows=3, rules=THREE_LINES,
               title="收入决算表", top=100)
    tables, problems = read(drawn_pdf(tmp_path / "turned.pdf", [page]))
    assert problems == []
    assert tables["income"].row("2010699").values == [D("250.00"), D("200.00"), None, D("50.00")]  # type: ignore[union-attr]


def test_debug_drawing_frames_a_grid_cut_by_its_text(tmp_path: Path) -> None:
    from PIL import Image

    from juesuan.read.pdf.grid_debug import DATA_COLOUR, OPEN_COLOUR, draw_page

    out = tmp_path / "page.png"
    assert draw_page(_drawn_income(tmp_path, THREE_LINES), 1, out, scale=1.0) == 1
    colours = {colour for _, colour in Image.open(out).convert("RGB").getcolors(maxcolors=1 << 20) or []}
    assert OPEN_COLOUR in colours and DATA_COLOUR in colours
