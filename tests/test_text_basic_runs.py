"""Table 6 (基本支出) written column by column in paragraphs of the extractor's own order (pdftotext's default
mode): rows from the classification, amounts placed by what the text keeps, the rest in doubt with theirs.

Small synthetic texts: each cell a paragraph (the 类 printed on every row, the 款 apart, paragraphs out of
order); amounts printed on the line of the next block's code; every cell printed (runs that tile a column).
"""

from __future__ import annotations

from decimal import Decimal

from juesuan.model import Page, Table, TextLine
from juesuan.read.text.basic_runs import read_basic_runs
from juesuan.read.text.basic_table import ECONOMIC_NAMES
from juesuan.read.text.tables import read_text_tables

D = Decimal


def _lines(text: str) -> list[tuple[int, str]]:
    return [(1, line) for line in text.strip("\n").split("\n")]


def _paragraphs(*items: str) -> str:
    return "\n\n".join(items)


def _table(text: str) -> Table:
    pages = [Page(1, [TextLine(line) for line in text.strip("\n").split("\n")])]
    tables, _problems = read_text_tables(pages)
    return tables["basic_expenditure"]


# Two blocks: 301 (30101 10.00, 30102 20.00, 30103 blank) and 303 (30302 5.00) | 302 (30201 1.00, 30202 2.00).
SCATTERED = _paragraphs(
    "一般公共预算财政拨款基本支出决算表", "单位：万元", "经济分类", "科目编码\n款", "科目名称", "类",
    "301\n301", "30.00", "302", "工资福利支出", "10.00", "302", "基本工资", "01\n02", "津贴补贴", "302", "5.00",
    "2.00", "印刷费", "301\n301", "03", "奖金", "决算数", "303\n303", "对个人和家庭的补助", "5.00", "02",
    "退休费", "商品和服务支出", "3.00", "01", "办公费", "1.00", "02", "20.00", "决算数",
    "人员经费合计", "35.00", "公用经费合计", "3.00",
)


def test_scattered_cells_read_as_rows_with_their_amounts_in_doubt() -> None:
    # the 类 on every row and the 款 apart: the rows are the 类 printed and the 款 their names spell; the 类
    # rows are fixed by the sums, each 款 keeps the amounts it may hold (a blank among them), none guessed
    reading = read_basic_runs(_lines(SCATTERED), ECONOMIC_NAMES)
    assert reading is not None and reading.unplaced is None
    assert [code for code, *_ in reading.cells] == ["301", "30101", "30102", "30103", "303", "30302", "302",
                                                   "30201", "30202"]
    amounts = {code: amount for code, _name, amount, _page in reading.cells}
    assert (amounts["301"], amounts["303"], amounts["302"]) == (D("30.00"), D("5.00"), D("3.00"))
    assert amounts["30302"] == D("5.00")  # the only 款 of its 类: its one amount
    assert reading.doubt["30101"] == [D("10.00"), D("20.00"), None]
    assert reading.doubt["30103"] == [D("10.00"), D("20.00"), None]
    assert reading.doubt["30201"] == [D("1.00"), D("2.00")]  # two amounts for two cells: neither blank
    assert reading.totals == {"personnel_total": D("35.00"), "public_total": D("3.00")}


def test_scattered_cells_in_the_table_keep_their_candidates() -> None:
    table = _table(SCATTERED)
    row = table.row("30102")
    assert row is not None and row.name == "津贴补贴"
    assert row.values == [None] and row.ambiguous == ["amount"]
    assert row.candidates == [[D("10.00")], [D("20.00")], [None]]
    assert table.value("personnel_total") == D("35.00")


def test_names_that_do_not_spell_the_classification_leave_the_rows_unread() -> None:
    # a 款 column whose codes are not those of the names printed: no reading of the rows stands
    text = SCATTERED.replace("01\n02", "04\n05")
    assert read_basic_runs(_lines(text), ECONOMIC_NAMES) is None


# Three blocks (301 | 302 | 310): the middle block's amounts on the lines of the right block's codes.
THREE_BLOCKS = _paragraphs(
    "一般公共预算财政拨款基本支出决算表", "人员经费\n科目\n代码\n301\n30101\n30102", "科目名称", "决算数",
    "工资福利支出\n基本工资\n津贴补贴", "8.00\n8.00",
    "公用经费\n科目\n决算数\n科目名称\n代码\n6.00 310\n资本性支出\n2.00 31002\n办公设备购置\n31003\n专用设备购置\n"
    "4.00 31099\n其他资本性支出",
    "302\n30201\n30202\n30205", "商品和服务支出\n办公费\n印刷费\n水费",
    "人员经费合计\n8.00", "公用经费合计", "决算数", "2.50\n2.50", "8.50",
)


def test_amounts_on_the_next_blocks_code_line_are_that_rows() -> None:
    reading = read_basic_runs(_lines(THREE_BLOCKS), ECONOMIC_NAMES)
    assert reading is not None and reading.unplaced is None
    amounts = {code: amount for code, _name, amount, _page in reading.cells}
    # "2.00 31002": the middle block's second row (30201), and the line without one (31003) a blank 30202
    assert (amounts["302"], amounts["30201"], amounts["30202"], amounts["30205"]) == (
        D("6.00"), D("2.00"), None, D("4.00"))
    assert amounts["301"] == D("8.00")
    assert reading.totals["public_total"] == D("8.50")
    # the right block's run (2.50 2.50) is 310 and one of its 款: which one, nothing says
    assert amounts["310"] == D("2.50")
    assert reading.doubt["31002"] == [D("2.50"), None]


# Every cell printed (0.00 for nothing): runs of cells tile each column.
FULL = _paragraphs(
    "一般公共预算财政拨款基本支出决算表", "经济分类\n科目编码\n301\n30101\n30102\n30103\n303\n30301\n30302",
    "科目名称", "决算数", "工资福利支出\n基本工资\n津贴补贴\n奖金\n对个人和家庭的补助\n离休费\n退休费",
    "7.00\n3.00\n4.00\n0.00", "1.50\n0.00\n1.50",
    "经济分类\n科目编码\n302\n30201\n30202", "科目名称", "决算数", "商品和服务支出\n办公费\n印刷费",
    "0.40\n0.60", "1.00",
    "人员经费合计\n8.50", "公用经费合计\n1.00",
)


def test_every_cell_printed_runs_tile_the_columns() -> None:
    reading = read_basic_runs(_lines(FULL), ECONOMIC_NAMES)
    assert reading is not None and reading.unplaced is None
    amounts = {code: amount for code, _name, amount, _page in reading.cells}
    assert amounts == {"301": D("7.00"), "30101": D("3.00"), "30102": D("4.00"), "30103": D("0.00"),
                       "303": D("1.50"), "30301": D("0.00"), "30302": D("1.50"),
                       "302": D("1.00"), "30201": D("0.40"), "30202": D("0.60")}
    assert not reading.doubt
