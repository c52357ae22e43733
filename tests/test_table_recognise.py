"""Recognition by content (read/tables/recognise.py): which standard table a sketch of cells is."""

from __future__ import annotations

import pytest

from juesuan.read.tables.recognise import Sketch, code_kind, is_two_sided, may_hold_table, recognise, row_code


def _sketch(headers: list[str], *rows: list[str]) -> Sketch:
    return Sketch([h.split("/") if h else [] for h in headers], [list(r) for r in rows])


ROW_HEADER = ["科目编码", "科目名称"]


@pytest.mark.parametrize(
    ("sketch", "key"),
    [
        (_sketch(["合计", "因公出国（境）费/预算数", "公务接待费/决算数"], ["5.00", "1.00", "2.00"]), "three_public"),
        (_sketch([*ROW_HEADER, "决算数"], ["301", "工资福利支出", "50.00"], ["30101", "基本工资", "50.00"]),
         "basic_expenditure"),
        (_sketch(["收入/项目", "收入/决算数", "支出/项目", "支出/合计", "支出/一般公共预算财政拨款"],
                 ["一般公共预算财政拨款", "100.00", "一般公共服务支出", "100.00", "100.00"]), "fiscal_summary"),
        (_sketch(["收入/项目", "收入/决算数", "支出/项目", "支出/决算数"],
                 ["一般公共预算财政拨款收入", "100.00", "一般公共服务支出", "100.00"]), "summary"),
        (_sketch([*ROW_HEADER, "年初结转和结余", "本年收入", "本年支出/合计", "年末结转和结余"],
                 ["2120816", "农业土地开发资金安排的支出", "1.00", "9.00", "8.00", "2.00"]), "gov_fund"),
        (_sketch([*ROW_HEADER, "年初结转和结余", "本年收入", "本年支出/合计", "年末结转和结余"],
                 ["2230105", "国有企业退休人员社会化管理补助支出", "1.00", "9.00", "8.00", "2.00"]), "state_capital"),
        # the central layout's 国有资本经营 table is expenditure only: the class of its codes says which it is
        (_sketch([*ROW_HEADER, "合计", "基本支出", "项目支出"], ["223", "国有资本经营预算支出", "8.00", "", "8.00"]),
         "state_capital"),
        (_sketch([*ROW_HEADER, "本年收入合计", "财政拨款收入", "事业收入"],
                 ["201", "一般公共服务支出", "9.00", "9.00", ""]), "income"),
        (_sketch([*ROW_HEADER, "本年支出合计", "基本支出", "项目支出", "经营支出"],
                 ["201", "一般公共服务支出", "9.00", "9.00", "", ""]), "expenditure"),
        (_sketch([*ROW_HEADER, "年初预算数/合计", "年初预算数/基本支出", "年初预算数/项目支出", "决算数/合计"],
                 ["201", "一般公共服务支出", "9.00", "9.00", "", "9.00"]), "general_budget"),
    ],
)
def test_signatures(sketch: Sketch, key: str) -> None:
    assert recognise(sketch) == key


PLAIN = _sketch([*ROW_HEADER, "合计", "基本支出", "项目支出"], ["201", "一般公共服务支出", "9.00", "9.00", ""])


def test_same_columns_are_settled_by_what_was_found_before() -> None:
    assert recognise(PLAIN, []) == "expenditure"
    assert recognise(PLAIN, ["summary", "income"]) == "expenditure"
    # 财政拨款收入支出决算总表 comes between the two in the national order
    assert recognise(PLAIN, ["summary", "income", "fiscal_summary"]) == "general_budget"
    assert recognise(PLAIN, ["expenditure"]) == "general_budget"
    assert recognise(PLAIN, ["expenditure", "general_budget"]) is None  # a third such table: cannot tell


def test_a_table_printed_again_is_recognised_again() -> None:
    three = _sketch(["因公出国（境）费/决算数"], ["1.00"])
    assert recognise(three, ["three_public"]) == "three_public"


def test_tables_declared_empty_are_told_by_their_header() -> None:
    fund = _sketch([*ROW_HEADER, "年初结转和结余", "本年收入", "本年支出/合计", "年末结转和结余"],
                   ["合计", "", "", "", ""])
    assert recognise(fund, ["general_budget"]) == "gov_fund"
    assert recognise(fund, ["general_budget", "gov_fund"]) == "state_capital"  # the same columns, printed next
    assert recognise(_sketch(["合计/预算数", "因公出国（境）费/预算数"], ["", ""])) == "three_public"
    assert recognise(_sketch(["收入/项目", "收入/决算数", "支出/项目", "支出/决算数"],
                             ["一般公共预算财政拨款收入", "", "一般公共服务支出", ""])) == "summary"


def test_a_table_declared_empty_is_told_by_its_statement() -> None:
    plain = [*ROW_HEADER, "合计", "基本支出", "项目支出"]
    said = "国家信访局没有国有资本经营预算，也没有使用国有资本经营预算安排的支出，故本表无数据。"
    assert recognise(Sketch([[h] for h in plain], [["合计", "", "", "", ""]], (said,))) == "state_capital"
    said = "本部门没有财政拨款“三公”经费支出，故本表无数据。"
    assert recognise(Sketch([["项目"], ["预算数"]], [["", ""]], (said,))) == "three_public"


def test_nothing_to_go_on_is_not_recognised() -> None:
    assert recognise(_sketch(["序号", "单位名称"], ["1", "某某局"])) is None  # no amount with decimals or header
    assert recognise(_sketch([*ROW_HEADER, "合计", "基本支出", "项目支出"])) is None  # empty grid: which one?
    assert recognise(_sketch(["项目", "上年数", "本年数"], ["办公费", "1.00", "2.00"])) is None


def test_codes() -> None:
    assert row_code(["201", "06", "01", "行政运行", "1.00"]) == "2010601"
    assert row_code(["2010601", "行政运行"]) == "2010601"
    assert row_code(["2010601行政运行", "1.00"]) == "2010601"
    assert row_code(["", "合计", "1.00"]) is None
    assert row_code(["12", "办公费"]) is None  # a 行次, not a code
    assert code_kind(_sketch(["a"], ["301"], ["30101"], ["302"], ["30201"])) == ("economic", None)
    assert code_kind(_sketch(["a"], ["223"], ["22301"], ["2230105"])) == ("function", "223")


def test_two_sides_need_names_on_both_sides_and_amounts_between() -> None:
    assert is_two_sided(_sketch(["", "", "", ""], ["一、财政拨款收入", "1.00", "一、教育支出", "1.00"]))
    assert not is_two_sided(_sketch([*ROW_HEADER, "合计"], ["201", "一般公共服务支出", "1.00"]))


def test_pages_that_may_hold_a_table() -> None:
    assert may_hold_table("表3 支出决算表")
    assert may_hold_table("合计1,200.00700.00200.00")
    assert not may_hold_table("第一部分 部门概况 一、主要职能")
