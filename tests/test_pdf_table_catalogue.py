"""Table titles, header phrases and empty-table statements (read/table_catalogue.py)."""

from __future__ import annotations

import pytest

from juesuan.read.tables.catalogue import (
    CODE,
    NAME,
    column_role,
    empty_statement,
    is_header_text,
    match_other_title,
    match_title,
    strip_numbering,
)


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("收入支出决算总表", "summary"),
        ("财政拨款收入支出决算总表", "fiscal_summary"),
        ("财政拨款收支决算总表", "fiscal_summary"),
        ("收入决算表", "income"),
        ("支出决算表", "expenditure"),
        ("一般公共预算财政拨款支出决算表", "general_budget"),
        ("一般公共预算财政拨款支出决算明细表", "general_budget"),
        ("一般公共预算财政拨款基本支出决算表", "basic_expenditure"),
        ("财政拨款“三公”经费支出决算表", "three_public"),
        ("财政拨款\"三公\"经费支出决算表", "three_public"),
        ("政府性基金预算财政拨款收入支出决算表", "gov_fund"),
        ("国有资本经营预算财政拨款收入支出决算表", "state_capital"),
        ("表1 收入支出决算总表", "summary"),
        ("附表4：财政拨款收入支出决算总表", "fiscal_summary"),
        ("上海市 XX 局 2024 年度收入决算表", "income"),
        ("收 入 决 算 表", "income"),
        ("附件1：收入支出决算总表", "summary"),
        ("公开01表 收入支出决算总表", "summary"),
        ("财决公开08表政府性基金预算财政拨款收入支出决算表", "gov_fund"),
        # names and numbering of 2015-2021 templates
        ("财决01表 收入支出决算总表", "summary"),
        ("表二 收入决算总表", "income"),
        ("表三 支出决算总表", "expenditure"),
        ("财政拨款收入支出决算表", "fiscal_summary"),
        ("公共预算财政拨款支出决算表", "general_budget"),
        ("公共财政拨款基本支出决算表", "basic_expenditure"),
        ("政府性基金预算财政拨款支出决算表", "gov_fund"),
        ("国有资本经营预算财政拨款支出决算表", "state_capital"),
        ("某某市某某局2019年度公共预算财政拨款支出决算表", "general_budget"),
        ("表1-1 收入支出决算总表", "summary"),
        ("附表2-3：支出决算表", "expenditure"),
    ],
)
def test_titles_and_aliases(line: str, key: str) -> None:
    assert match_title(line) == (key, False)


@pytest.mark.parametrize(
    "line",
    [
        "四、财政拨款收入支出决算总体情况说明",
        "第二部分 上海市普陀区财政局2024年度部门决算表",
        "详见一般公共预算财政拨款支出决算表",  # a mention in running text, not a title
        "二、收入决算总体情况说明",
    ],
)
def test_not_titles(line: str) -> None:
    assert match_title(line) is None


def test_continued_title() -> None:
    assert match_title("支出决算表（续表）") == ("expenditure", True)
    assert match_title("支出决算表(续)") == ("expenditure", True)


def test_header_phrases_map_to_model_columns() -> None:
    assert column_role("income", "本年收入合计", "本年收入合计") == "total"
    assert column_role("income", "附属单位上缴收入", "附属单位上缴收入") == "affiliated"
    assert column_role("expenditure", "对附属单位补助支出", "对附属单位补助支出") == "to_affiliated"
    assert column_role("gov_fund", "小计", "本年支出小计") == "total"
    assert column_role("gov_fund", "年初结转和结余", "年初结转和结余") == "opening"
    assert column_role("general_budget", "合计", "年初预算数合计") == "budget_total"
    assert column_role("income", "款", "支出功能分类科目编码款") == CODE
    assert column_role("income", "科目名称", "项目科目名称") == NAME


def test_header_text_is_made_of_header_words() -> None:
    assert is_header_text("支出功能分类科目编码")
    assert is_header_text("本年收入合计")
    assert is_header_text("因公出国（境）费")
    assert not is_header_text("一般公共服务支出")
    assert not is_header_text("2,946.25")


def test_empty_statements() -> None:
    assert empty_statement("注：本单位无政府性基金预算财政拨款支出，故本表无数据。") == (
        "本单位无政府性基金预算财政拨款支出，故本表无数据。"
    )
    assert empty_statement("本表无数据") == "本表无数据"
    assert empty_statement("说明：本部门2024年度无国有资本经营预算财政拨款收支，故以空表列示。") == (
        "本部门2024年度无国有资本经营预算财政拨款收支，故以空表列示。"
    )
    assert empty_statement("备注：本单位无“三公”经费支出，此表为空。") == "本单位无“三公”经费支出，此表为空。"
    assert empty_statement("注：本表反映部门本年度“三公”经费支出预决算情况。") is None
    assert empty_statement("无政府性基金预算财政拨款收入支出的部门，仍保留该表格式，并在本表下方作下述说明：") is None


def test_numbering_stripped_from_line_names() -> None:
    assert strip_numbering("二十一、国有资本经营预算支出") == "国有资本经营预算支出"
    assert strip_numbering("（一）一般公共预算财政拨款") == "一般公共预算财政拨款"
    assert strip_numbering("本年收入合计") == "本年收入合计"


def test_tables_known_to_be_none_of_the_nine() -> None:
    assert match_other_title("表四 财政拨款支出决算表") == "财政拨款支出决算表"
    assert match_other_title("财政拨款支出决算明细表（续表）") == "财政拨款支出决算明细表"
    # a standard title that ends the same way is the standard table
    assert match_other_title("政府性基金预算财政拨款支出决算表") is None
    assert match_other_title("一般公共预算财政拨款支出决算表") is None
    assert match_title("表四 财政拨款支出决算表") is None
