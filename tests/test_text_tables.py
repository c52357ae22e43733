"""Text tables whose blank cells were lost: numbers placed by the table's arithmetic."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from juesuan.model import Page, Table, TextLine
from juesuan.model_json import report_to_json
from juesuan.read.text.column_assignment import Identity, Layout, Line, solve
from juesuan.read.text.reader import read_text
from juesuan.read.text.table_lines import parse_row
from juesuan.read.text.tables import read_text_tables, title_key
from tests.conftest import corpus_file

D = Decimal


def pages_of(text: str) -> list[Page]:
    return [Page(1, [TextLine(line) for line in text.strip("\n").split("\n")])]


def values(table: Table, code: str) -> list[str | None]:
    row = table.row(code)
    assert row is not None, code
    return [None if v is None else str(v) for v in row.values]


# --- the corpus --------------------------------------------------------------


def test_hanyang_tables_equal_the_answer() -> None:
    path = corpus_file("hanyang-zzb-2022.txt")
    want = json.loads(corpus_file("hanyang-zzb-2022.expected.json").read_text(encoding="utf-8"))
    report = read_text(path)
    got = report_to_json(report, with_pages=False)
    for key, table in want["tables"].items():
        assert got["tables"][key] == table, key
    assert not [p for p in report.problems if p.kind == "ambiguous"]


def test_hanyang_states_its_empty_tables() -> None:
    report = read_text(corpus_file("hanyang-zzb-2022.txt"))
    gov_fund = report.tables["gov_fund"]
    assert gov_fund.empty
    assert gov_fund.note == "本部门当年无政府性基金预算财政拨款收入支出。"
    assert report.tables["state_capital"].empty
    assert "three_public" not in report.tables


# --- lines -------------------------------------------------------------------


def test_row_lines() -> None:
    assert parse_row("2010302   一般行政管理事务 0.45 0.45 0.00") == (
        "2010302", "一般行政管理事务", [D("0.45"), D("0.45"), D("0.00")])
    assert parse_row("201 01 02 一般行政管理事务 1,000.45 1,000.45") == (
        "2010102", "一般行政管理事务", [D("1000.45"), D("1000.45")])
    assert parse_row("201 01 政府办公厅（室）及相关机构事务 9.45") == (
        "20101", "政府办公厅（室）及相关机构事务", [D("9.45")])
    assert parse_row("221 住房保障支出") == ("221", "住房保障支出", [])
    assert parse_row("栏次 1 2 3 4 5 6 7") is None
    assert parse_row("2022年度收入决算表（表2）") is None


def test_titles() -> None:
    assert title_key(" 2022年度收入决算表（表2）") == "income"
    assert title_key("2022年度支出决算表（表3）") == "expenditure"
    assert title_key("一般公共预算财政拨款支出决算表") == "general_budget"
    assert title_key("一般公共预算财政拨款基本支出决算表") == "basic_expenditure"
    assert title_key("政府性基金预算财政拨款收入支出决算表（表8）") == "gov_fund"
    assert title_key("收入支出决算总表") == "summary"
    assert title_key("二、收入决算情况说明") is None


# --- synthetic tables ----------------------------------------------------------

EXPENDITURE_HEAD = """
2022年度支出决算表
单位：万元
本年支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出
栏次 1 2 3 4 5 6
"""


def test_a_row_that_fits_one_way_only() -> None:
    # 5.00 = 2.00 + 3.00 must be basic + project: 合计 and narrative fix the columns.
    text = EXPENDITURE_HEAD + """
合 计 5.00 2.00 3.00
201 一般公共服务支出 5.00 2.00 3.00
2010301 行政运行 5.00 2.00 3.00
"""
    text += "支出合计 5.00 万元。其中：基本支出 2.00 万元，项目支出 3.00 万元。\n"
    tables, problems = read_text_tables(pages_of(text))
    table = tables["expenditure"]
    assert table.total == [D("5.00"), D("2.00"), D("3.00"), None, None, None]
    assert values(table, "2010301") == ["5.00", "2.00", "3.00", None, None, None]
    assert not problems


def test_a_row_the_arithmetic_cannot_settle_is_marked_not_guessed() -> None:
    # Nothing says which part column 9.00 is in.
    text = EXPENDITURE_HEAD + "201 一般公共服务支出 9.00 9.00\n"
    tables, problems = read_text_tables(pages_of(text))
    row = tables["expenditure"].row("201")
    assert row is not None
    assert row.values == [D("9.00"), None, None, None, None, None]
    assert row.ambiguous == ["basic", "project", "to_superior", "operating", "to_affiliated"]
    assert [p.kind for p in problems] == ["ambiguous"]
    assert problems[0].table == "expenditure"
    assert "201" in problems[0].message


def test_a_total_printed_after_the_notes() -> None:
    text = EXPENDITURE_HEAD + """
合 计
201 一般公共服务支出 10.00 4.00 6.00
208 社会保障和就业支出 2.00 2.00
注：本表反映部门本年度各项支出情况。
1栏各行＝（2＋3＋4＋5＋6）栏各行。
12.00 6.00 6.00
说明：本部门当年无政府性基金预算财政拨款收入支出。
"""
    text += "支出合计 12.00 万元。其中：基本支出 6.00 万元，项目支出 6.00 万元。\n"
    tables, problems = read_text_tables(pages_of(text))
    table = tables["expenditure"]
    assert table.total == [D("12.00"), D("6.00"), D("6.00"), None, None, None]
    # 208's 2.00 must be basic: basic 6.00 = 4.00 + 2.00.
    assert values(table, "208") == ["2.00", "2.00", None, None, None, None]
    assert values(table, "201") == ["10.00", "4.00", "6.00", None, None, None]
    assert tables["gov_fund"].empty
    assert not problems


def test_codes_printed_as_three_cells() -> None:
    text = EXPENDITURE_HEAD + """
合 计 3.00 1.00 2.00
201 一般公共服务支出 3.00 1.00 2.00
201 03 政府办公厅（室）及相关机构事务 3.00 1.00 2.00
201 03 01 行政运行 1.00 1.00
201 03 02 一般行政管理事务 2.00 2.00
"""
    text += "支出合计 3.00 万元。其中：基本支出 1.00 万元，项目支出 2.00 万元。\n"
    tables, problems = read_text_tables(pages_of(text))
    table = tables["expenditure"]
    assert [r.code for r in table.rows] == ["201", "20103", "2010301", "2010302"]
    assert values(table, "2010301") == ["1.00", "1.00", None, None, None, None]
    assert values(table, "2010302") == ["2.00", None, "2.00", None, None, None]
    assert not problems


def test_a_parent_fixes_its_childs_column() -> None:
    # No 合计, no narrative: the 款 row (printed in full) decides where its 项 rows go.
    text = EXPENDITURE_HEAD + """
20132 组织事务 7.00 4.00 3.00 0.00 0.00 0.00
2013201 行政运行 4.00 4.00
2013202 一般行政管理事务 3.00 3.00
"""
    tables, problems = read_text_tables(pages_of(text))
    table = tables["expenditure"]
    assert values(table, "2013201") == ["4.00", "4.00", None, None, None, None]
    assert values(table, "2013202") == ["3.00", None, "3.00", None, None, None]
    assert not problems


def test_a_full_row_is_unambiguous() -> None:
    text = EXPENDITURE_HEAD + "2010302 一般行政管理事务 0.45 0.00 0.45 0.00 0.00 0.00\n"
    tables, problems = read_text_tables(pages_of(text))
    assert values(tables["expenditure"], "2010302") == ["0.45", "0.00", "0.45", "0.00", "0.00", "0.00"]
    assert not problems


def test_income_placed_by_the_narrative() -> None:
    text = """
2022年度收入决算表
合 计 8.00 6.00 2.00
201 一般公共服务支出 8.00 6.00 2.00
2010301 行政运行 6.00 6.00
2010399 其他事务 2.00 2.00
收入合计 8.00 万元。其中：财政拨款收入 6.00 万元，占 75%；其他收入 2.00 万元，占 25%。
"""
    tables, problems = read_text_tables(pages_of(text))
    table = tables["income"]
    assert table.total == [D("8.00"), D("6.00"), None, None, None, None, D("2.00")]
    assert values(table, "2010399") == ["2.00", None, None, None, None, None, "2.00"]
    assert not problems


def test_figures_that_do_not_add_up_are_noted_not_forced() -> None:
    text = EXPENDITURE_HEAD + """
201 一般公共服务支出 5.00 2.00 3.00 0.00 0.00 0.00
2010301 行政运行 1.00 1.00 0.00 0.00 0.00 0.00
"""
    tables, problems = read_text_tables(pages_of(text))
    assert values(tables["expenditure"], "2010301") == ["1.00", "1.00", "0.00", "0.00", "0.00", "0.00"]
    assert any("do not add up" in p.message for p in problems)


def test_empty_statement_without_table() -> None:
    text = (
        "七、政府性基金预算财政拨款收入支出决算情况说明\n"
        "本单位2022年度没有政府性基金预算财政拨款收入和支出，故本表无数据。\n"
    )
    tables, _ = read_text_tables(pages_of(text))
    assert tables["gov_fund"].empty
    assert tables["gov_fund"].note == "本单位2022年度没有政府性基金预算财政拨款收入和支出，故本表无数据。"


def test_general_budget_and_basic_expenditure_in_text() -> None:
    text = """
一般公共预算财政拨款支出决算表
合 计 10.00 4.00 6.00
201 一般公共服务支出 10.00 4.00 6.00
2010301 行政运行 4.00 4.00
2010302 一般行政管理事务 6.00 0.00 6.00
一般公共预算财政拨款基本支出决算表
301 工资福利支出 3.00 302 商品和服务支出 1.00
30101 基本工资 3.00 30201 办公费 1.00
人员经费合计 3.00 公用经费合计 1.00
"""
    tables, problems = read_text_tables(pages_of(text))
    general = tables["general_budget"]
    assert values(general, "2010302") == ["6.00", "0.00", "6.00"]
    # 2010301's 4.00: basic, since project = 6.00 is all 2010302's.
    assert values(general, "2010301") == ["4.00", "4.00", None]
    basic = tables["basic_expenditure"]
    assert [(r.code, r.name, r.values) for r in basic.rows] == [
        ("301", "工资福利支出", [D("3.00")]),
        ("30101", "基本工资", [D("3.00")]),
        ("302", "商品和服务支出", [D("1.00")]),
        ("30201", "办公费", [D("1.00")]),
    ]
    assert basic.value("personnel_total") == D("3.00")
    assert basic.value("public_total") == D("1.00")
    assert not problems


def test_three_public_line() -> None:
    text = """
财政拨款“三公”经费支出决算表
栏次 1 2 3 4 5 6 7 8 9 10 11 12
4.00 0.00 1.00 0.00 1.00 3.00 0.09 0.00 0.00 0.00 0.00 0.09
"""
    tables, problems = read_text_tables(pages_of(text))
    table = tables["three_public"]
    assert table.value("budget.total") == D("4.00")
    assert table.value("budget.vehicle_operation") == D("1.00")
    assert table.value("actual.reception") == D("0.09")
    assert not problems


def test_solver_keeps_every_possible_placement() -> None:
    layout = Layout(3, (Identity.total(0, (1, 2)),), first_is_total=True)
    lines = [Line("root", []), Line("a", [D("1.00"), D("1.00")], "root"), Line("b", [D("2.00"), D("2.00")], "root")]
    solution = solve(lines, layout, root="root", known={1: D("1.00")})
    assert solution.placements["a"].values == [D("1.00"), D("1.00"), None]
    assert solution.placements["b"].values == [D("2.00"), None, D("2.00")]


def test_read_text_of_synthetic_file(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(EXPENDITURE_HEAD + "合 计 1.00 1.00\n201 一般公共服务支出 1.00 1.00\n"
                    "支出合计 1.00 万元。其中：基本支出 1.00 万元，项目支出 0 万元。\n", encoding="utf-8")
    report = read_text(path)
    assert values(report.tables["expenditure"], "201") == ["1.00", "1.00", None, None, None, None]


def test_numbers_wrapped_onto_the_next_line() -> None:
    text = EXPENDITURE_HEAD + """
合 计 3.00 1.00 2.00
201 一般公共服务支出 3.00 1.00 2.00
2010301 行政运行
1.00 1.00
2010302 一般行政管理事务 2.00 2.00
"""
    text += "支出合计 3.00 万元。其中：基本支出 1.00 万元，项目支出 2.00 万元。\n"
    tables, problems = read_text_tables(pages_of(text))
    table = tables["expenditure"]
    assert table.total == [D("3.00"), D("1.00"), D("2.00"), None, None, None]
    assert values(table, "2010301") == ["1.00", "1.00", None, None, None, None]
    assert not problems


def test_names_wrapped_round_their_row_and_numbers_printed_above_it() -> None:
    # Reading order of a PDF whose names wrap in their cells and whose numbers sit at the top.
    text = EXPENDITURE_HEAD + """
类 款 项 4.00 3.00
合计 7.00
4.00 3.00
208 社会保障和就业支出 7.00
4.00 3.00
208 05 行政事业单位养老支出 7.00
机关事业单位基本养老保险缴
208 05 05 4.00 4.00
费支出
3.00
208 05 99 其他支出 3.00
"""
    text += "支出合计 7.00 万元。其中：基本支出 4.00 万元，项目支出 3.00 万元。\n"
    tables, problems = read_text_tables(pages_of(text))
    table = tables["expenditure"]
    assert table.total == [D("7.00"), D("4.00"), D("3.00"), None, None, None]
    assert values(table, "208") == ["7.00", "4.00", "3.00", None, None, None]
    assert table.row("2080505") is not None
    assert table.row("2080505").name == "机关事业单位基本养老保险缴费支出"  # type: ignore[union-attr]
    assert values(table, "2080505") == ["4.00", "4.00", None, None, None, None]
    assert values(table, "2080599") == ["3.00", None, "3.00", None, None, None]
    assert not problems


def test_basic_expenditure_with_wrapped_names_and_split_codes() -> None:
    readable = """
一般公共预算财政拨款基本支出决算表
301 工资福利支出 6.18 302 商品和服务支出 0.50
机关事业单位基本
30108 6.18 30201 办公费 0.50
养老保险缴费
人员经费合计 6.18 公用经费合计 0.50
"""
    tables, problems = read_text_tables(pages_of(readable))
    rows = tables["basic_expenditure"].rows
    assert [(r.code, r.name) for r in rows] == [
        ("301", "工资福利支出"), ("30108", "机关事业单位基本养老保险缴费"),
        ("302", "商品和服务支出"), ("30201", "办公费")]
    assert not problems
    scrambled = """
一般公共预算财政拨款基本支出决算表
301 2,082.85 302 171.07
工资福利支出 商品和服务支出
301 01 302
基本工资 262.33 01 办公费 21.21
"""
    tables, problems = read_text_tables(pages_of(scrambled))
    assert "basic_expenditure" not in tables
    assert problems and problems[0].table == "basic_expenditure"


def test_three_public_cells_fixed_by_the_narrative() -> None:
    from juesuan.model import Narrative

    narrative = Narrative()
    narrative.set("three_public.budget", D("0.95"))
    narrative.set("three_public.overseas.budget", D("0"))
    text = "财政拨款“三公”经费支出决算表\n预算数 决算数\n0.95 0.95\n"
    tables, problems = read_text_tables(pages_of(text), narrative)
    table = tables["three_public"]
    assert table.value("budget.total") == D("0.95")
    assert table.value("budget.reception") == D("0.95")
    assert table.value("actual.total") is None
    assert not problems


def test_two_sided_summaries() -> None:
    text = """
收入支出决算总表
收入 支出
项目 决算数 项目 决算数
一、一般公共预算财政拨款收入 10.00 一、一般公共服务支出 8.00
二、政府性基金预算财政拨 二、外交支出
款收入
八、其他收入 1.00 八、社会保障和就业支出 3.00
二十一、国有资本经营预算
支出
本年收入合计 11.00 本年支出合计 11.00
使用非财政拨款结余（含专用结余） 结余分配
年初结转和结余 1.00 年末结转和结余 1.00
总计 12.00 总计 12.00
财政拨款收入支出决算总表
一、一般公共预算财政拨款 10.00 一、一般公共服务支出 8.00 8.00
二、政府性基金预算财政拨款 二、外交支出
八、社会保障和就业支出 2.00 2.00
本年收入合计 10.00 本年支出合计 10.00 10.00
年初财政拨款结转和结余 年末财政拨款结转和结余
总计 10.00 总计 10.00 10.00
说明：本单位当年无政府性基金预算财政拨款收入支出。
说明：本单位当年无国有资本经营预算财政拨款支出。
"""
    tables, problems = read_text_tables(pages_of(text))
    summary = tables["summary"]
    assert [(r.name, r.values) for r in summary.income] == [
        ("一般公共预算财政拨款收入", [D("10.00")]), ("政府性基金预算财政拨款收入", [None]), ("其他收入", [D("1.00")])]
    assert [(r.name, r.values) for r in summary.expenditure] == [
        ("一般公共服务支出", [D("8.00")]), ("外交支出", [None]), ("社会保障和就业支出", [D("3.00")]),
        ("国有资本经营预算支出", [None])]
    assert summary.totals["income_total"].values == [D("11.00")]
    assert summary.totals["use_of_balance"].values == [None]
    assert summary.totals["grand_total.expenditure"].values == [D("12.00")]
    fiscal = tables["fiscal_summary"]
    # gov_fund and state_capital are stated empty: every second number is 一般公共预算.
    assert fiscal.expenditure[0].values == [D("8.00"), D("8.00"), None, None]
    assert fiscal.totals["expenditure_total"].values == [D("10.00"), D("10.00"), None, None]
    assert fiscal.totals["grand_total.expenditure"].values == [D("10.00"), D("10.00"), None, None]
    assert fiscal.totals["closing_balance"].values == [None, None, None, None]
    assert not problems


# --- the PDFs of the corpus, as plain text --------------------------------------


def _plain_text_of(pdf: Path, tmp_path: Path) -> Path:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        text = "\f".join(page.extract_text() or "" for page in doc.pages)
    out = tmp_path / (pdf.stem + ".txt")
    out.write_text(text, encoding="utf-8")
    return out


def _tables_without_locations(report_json: dict[str, Any]) -> dict[str, Any]:
    tables = report_json["tables"]
    for table in tables.values():
        table.pop("pages", None)
        for side in ("rows", "income", "expenditure"):
            for row in table.get(side, []):
                row.pop("page", None)
    return dict(tables)


def test_shgzb_pdf_text_reads_exactly(tmp_path: Path) -> None:
    want = json.loads(corpus_file("putuo-shgzb-2024.expected.json").read_text(encoding="utf-8"))
    report = read_text(_plain_text_of(corpus_file("putuo-shgzb-2024.pdf"), tmp_path))
    got = _tables_without_locations(report_to_json(report, with_pages=False))
    for key, table in want["tables"].items():
        assert got.get(key) == table, key


def test_czj_pdf_text_is_never_guessed(tmp_path: Path) -> None:
    # Its text interleaves names, codes and numbers, and its narrative's figures
    # are split from their words: much is left ambiguous, but nothing placed is wrong.
    want = json.loads(corpus_file("putuo-czj-2024.expected.json").read_text(encoding="utf-8"))
    report = read_text(_plain_text_of(corpus_file("putuo-czj-2024.pdf"), tmp_path))
    got = _tables_without_locations(report_to_json(report, with_pages=False))
    for key in ("income", "expenditure", "general_budget"):
        rows = {r["code"]: r for r in got[key]["rows"]}
        assert set(rows) == {r["code"] for r in want["tables"][key]["rows"]}
        for wanted in want["tables"][key]["rows"]:
            row = rows[wanted["code"]]
            assert row["name"] == wanted["name"]
            doubt = set(row.get("ambiguous") or [])
            for column, value, right in zip(want["tables"][key]["columns"], row["values"], wanted["values"],
                                            strict=True):
                assert value == right or (value is None and column in doubt), (key, wanted["code"], column)


def test_total_numbers_on_the_line_under_its_label() -> None:
    text = EXPENDITURE_HEAD + """
合 计
3.00 1.00 2.00
201 一般公共服务支出 3.00 1.00 2.00
2010301 行政运行 1.00 1.00
2010302 一般行政管理事务 2.00 2.00
"""
    text += "支出合计 3.00 万元。其中：基本支出 1.00 万元，项目支出 2.00 万元。\n"
    tables, problems = read_text_tables(pages_of(text))
    table = tables["expenditure"]
    assert table.total == [D("3.00"), D("1.00"), D("2.00"), None, None, None]
    assert values(table, "201") == ["3.00", "1.00", "2.00", None, None, None]
    assert not problems


def test_spaced_out_names() -> None:
    assert parse_row("2010301 行 政 运 行 9.00") == ("2010301", "行政运行", [D("9.00")])
    assert parse_row("2013299 “2021 年度”资助 1.00") == ("2013299", "“2021 年度”资助", [D("1.00")])


def test_exact_sums_win_over_rounding() -> None:
    # 0.01 would fit any column within rounding; it is printed where the parent's 6.20 needs it.
    layout = Layout(3, (Identity.total(0, (1, 2)),), first_is_total=True)
    lines = [
        Line("parent", [D("16.20"), D("10.00"), D("6.20")]),
        Line("a", [D("1.01"), D("1.00"), D("0.01")], "parent"),
        Line("b", [D("15.19"), D("9.00"), D("6.19")], "parent"),
    ]
    solution = solve(lines, layout, root="parent")
    assert solution.placements["a"].values == [D("1.01"), D("1.00"), D("0.01")]
    income = Layout(7, (Identity.total(0, range(1, 7)),), first_is_total=True)
    lines = [
        Line("parent", [D("6.21"), D("0.01"), D("6.20")]),
        Line("a", [D("0.01"), D("0.01")], "parent"),
        Line("b", [D("6.20"), D("6.20")], "parent"),
    ]
    solution = solve(lines, income, root="parent", known={1: D("0.01")})
    assert solution.placements["a"].values == [D("0.01"), D("0.01"), None, None, None, None, None]
    assert solution.placements["b"].ambiguous == [2, 3, 4, 5, 6]


def test_a_table_ends_at_the_next_section_heading() -> None:
    text = EXPENDITURE_HEAD + """
合 计
201 一般公共服务支出 2.00 2.00
一、收入支出决算总体情况说明
图 1
1542.46
"""
    tables, _ = read_text_tables(pages_of(text))
    assert tables["expenditure"].total is None


def test_general_budget_with_budget_columns() -> None:
    text = """
一般公共预算财政拨款支出决算表
年初预算数 决算数
合计 基本支出 项目支出 合计 基本支出 项目支出
合 计 12.00 5.00 7.00 10.00 4.00 6.00
201 一般公共服务支出 12.00 5.00 7.00 10.00 4.00 6.00
2010301 行政运行 5.00 5.00 4.00 4.00
2010302 一般行政管理事务 7.00 7.00 6.00 6.00
"""
    tables, problems = read_text_tables(pages_of(text))
    table = tables["general_budget"]
    assert table.columns == ["budget_total", "budget_basic", "budget_project", "total", "basic", "project"]
    assert values(table, "2010301") == ["5.00", "5.00", None, "4.00", "4.00", None]
    assert values(table, "2010302") == ["7.00", None, "7.00", "6.00", None, "6.00"]
    assert not problems
