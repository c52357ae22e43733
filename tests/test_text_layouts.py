"""Plain texts laid out the ways other extractors write them: every printed number placed or kept in doubt.

Small synthetic texts, one per layout: the lines between two rows given to the right row, wrapped names,
figures printed under their sentence, the 三公 line in 预算数/决算数 pairs and with blanks, the 基本支出 table
in three blocks, two-sided tables with a 行次 column, titles printed after their table, a table written
column by column, and a text whose search must stop on its budget.
"""

from __future__ import annotations

import time
from decimal import Decimal

from juesuan.model import Narrative, Page, Row, Table, TextLine
from juesuan.model_json import table_from_json, table_to_json
from juesuan.read.text.column_assignment import Budget
from juesuan.read.text.line_repair import restore_figures
from juesuan.read.text.tables import find_regions, read_text_tables

D = Decimal


def pages_of(text: str) -> list[Page]:
    return [Page(1, [TextLine(line) for line in text.strip("\n").split("\n")])]


def values(table: Table, code: str) -> list[str | None]:
    row = table.row(code)
    assert row is not None, code
    return [None if v is None else str(v) for v in row.values]


EXPENDITURE = "支出决算表\n本年支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出\n"
NARRATIVE = "本年支出合计 30.03 万元，其中：基本支出 10.00 万元，项目支出 20.03 万元。\n"


# --- which row the lines between two rows belong to ---------------------------------------------


def test_numbers_printed_under_their_row() -> None:
    # pdftotext -raw: a row's parts printed lower in their cells come on the lines after it
    text = EXPENDITURE + """
合计 30.03
10.00 20.03
201 一般公共服务支出 30.03
10.00 20.03
2010601 行政运行 10.00
10.00
2010505 专项统计业务 20.03
20.03
""" + NARRATIVE
    tables, problems = read_text_tables(pages_of(text))
    table = tables["expenditure"]
    assert table.total == [D("30.03"), D("10.00"), D("20.03"), None, None, None]
    assert values(table, "2010601") == ["10.00", "10.00", None, None, None, None]
    assert values(table, "2010505") == ["20.03", None, "20.03", None, None, None]
    assert not problems


def test_names_printed_above_their_codes() -> None:
    # pdfplumber: a name (with the numbers at the top of its cells) above the code's line
    text = EXPENDITURE + """
合计 10.00 20.03
30.03
一般公共服务支出 10.00 20.03
201 30.03
行政运行
2010601 10.00 10.00
专项统计业务
2010505 20.03 20.03
""" + NARRATIVE
    tables, problems = read_text_tables(pages_of(text))
    table = tables["expenditure"]
    assert [(r.code, r.name) for r in table.rows] == [
        ("201", "一般公共服务支出"), ("2010601", "行政运行"), ("2010505", "专项统计业务")]
    assert values(table, "201") == ["30.03", "10.00", "20.03", None, None, None]
    assert values(table, "2010505") == ["20.03", None, "20.03", None, None, None]
    assert not problems


def test_names_wrapped_round_a_code_printed_alone() -> None:
    text = EXPENDITURE + """
合计 3.00 1.00 2.00
208 社会保障和就业支出 3.00 1.00 2.00
20805 行政事业单位养老支出 3.00 1.00 2.00
机关事业单位基本养老保险缴费
2080505 1.00 1.00
支出
2080506 机关事业单位职业年金缴费支出 2.00 2.00
"""
    text += "本年支出合计 3.00 万元，其中：基本支出 1.00 万元，项目支出 2.00 万元。\n"
    tables, _ = read_text_tables(pages_of(text))
    rows = {r.code: r.name for r in tables["expenditure"].rows}
    assert rows["2080505"] == "机关事业单位基本养老保险缴费支出"
    assert rows["20805"] == "行政事业单位养老支出"
    assert values(tables["expenditure"], "2080506") == ["2.00", None, "2.00", None, None, None]


def test_a_total_and_one_part_placed_by_the_other_tables() -> None:
    # "2010505 专项统计业务 20.03 20.03": the part is 基本支出 or 项目支出; no narrative here, but the
    # 基本支出 table's totals fix table 5's 基本支出 合计, and the 合计 then fixes every row.
    text = """
一般公共预算财政拨款支出决算表
合计 30.03 10.00 20.03
201 一般公共服务支出 30.03 10.00 20.03
2010601 行政运行 10.00 10.00
2010505 专项统计业务 20.03 20.03
一般公共预算财政拨款基本支出决算表
301 工资福利支出 10.00 302 商品和服务支出 0.00
30101 基本工资 10.00 30201 办公费 0.00
人员经费合计 10.00 公用经费合计 0.00
"""
    tables, problems = read_text_tables(pages_of(text))
    general = tables["general_budget"]
    assert values(general, "2010505") == ["20.03", None, "20.03"]
    assert values(general, "2010601") == ["10.00", "10.00", None]
    assert not [p for p in problems if p.kind == "ambiguous"]


def test_doubt_keeps_the_numbers_and_their_placements() -> None:
    text = EXPENDITURE + "2010505 专项统计业务 20.03 20.03\n"
    tables, problems = read_text_tables(pages_of(text))
    row = tables["expenditure"].row("2010505")
    assert row is not None
    assert row.values[0] == D("20.03") and row.values[1:] == [None] * 5
    assert row.ambiguous == ["basic", "project", "to_superior", "operating", "to_affiliated"]
    assert row.printed == [D("20.03"), D("20.03")]
    assert row.candidates is not None and len(row.candidates) == 5
    assert [D("20.03"), D("20.03"), None, None, None, None] in row.candidates
    assert "20.03 20.03" in problems[0].message and problems[0].kind == "ambiguous"


def test_too_many_numbers_for_a_row_are_kept_not_dropped() -> None:
    text = EXPENDITURE + "2010505 专项统计业务 1.00 2.00 3.00 4.00 5.00 6.00 7.00\n"
    tables, problems = read_text_tables(pages_of(text))
    row = tables["expenditure"].row("2010505")
    assert row is not None and row.printed is not None and len(row.printed) == 7
    assert any("1.00 2.00 3.00 4.00 5.00 6.00 7.00" in p.message for p in problems)


# --- running text --------------------------------------------------------------------------------


def test_figures_printed_under_their_sentence_go_back() -> None:
    lines = ["本年收入合计 万元，其中：财政拨款收入 万元，占 ；其他", "2946.25 2940.05 99.79%",
             "万元，占 ；", "603.14 20.51%", "合计", "2,946.25 2,940.05"]
    assert restore_figures(lines) == [
        "本年收入合计 2946.25 万元，其中：财政拨款收入 2940.05 万元，占 99.79% ；其他",
        "603.14 万元，占 20.51% ；", "合计", "2,946.25 2,940.05"]


# --- the 三公 table --------------------------------------------------------------------------------


THREE_PUBLIC_HEAD = "财政拨款“三公”经费支出决算表\n合计 因公出国（境）费 公务用车购置及运行维护费 公务接待费\n"


def test_three_public_ten_of_twelve_numbers() -> None:
    # 预算数 block then 决算数 block; both 购置费 cells blank: which of 购置/运行维护 holds 40.63 is open,
    # the 基本支出 table's 公务用车运行维护费 40.61 settles the 决算数 side
    text = THREE_PUBLIC_HEAD + "预算数 决算数\n76.43 30.00 40.63 40.63 5.80 46.21 4.69 40.61 40.61 0.90\n" + """
一般公共预算财政拨款基本支出决算表
302 商品和服务支出 41.51
30217 公务接待费 0.90 30231 公务用车运行维护费 40.61
"""
    tables, problems = read_text_tables(pages_of(text))
    table = tables["three_public"]
    assert table.value("budget.total") == D("76.43")
    assert table.value("actual.vehicle_operation") == D("40.61")
    assert table.value("actual.vehicle_purchase") is None
    assert table.ambiguous == ["budget.vehicle_purchase", "budget.vehicle_operation"]
    assert {o["budget.vehicle_operation"] for o in table.candidates} == {D("40.63"), None}
    assert [p.kind for p in problems if p.table == "three_public"] == ["ambiguous"]


def test_three_public_in_budget_and_actual_pairs() -> None:
    text = THREE_PUBLIC_HEAD + ("预算数 决算数 " * 6) + "\n0.95 0.95\n"
    narrative = Narrative()  # the 情况说明: 预算 0.95, 决算 0.00, nothing for 因公出国 budgeted
    narrative.set("three_public.budget", D("0.95"))
    narrative.set("three_public.actual", D("0.00"))
    narrative.set("three_public.overseas.budget", D("0"))
    tables, _ = read_text_tables(pages_of(text), narrative)
    table = tables["three_public"]
    assert table.value("budget.total") == D("0.95")
    assert table.value("budget.reception") == D("0.95")
    assert table.value("actual.total") is None
    assert not table.ambiguous


def test_three_public_eight_of_twelve() -> None:
    text = THREE_PUBLIC_HEAD + "预算数 决算数\n10.00 4.00 6.00 6.00 8.00 3.00 5.00 5.00\n"
    tables, _ = read_text_tables(pages_of(text))
    table = tables["three_public"]
    # budget: total 10 = overseas 4 + vehicles 6 (one of its parts 6) ; actual: 8 = 3 + 5 (one part 5)
    assert table.value("budget.total") == D("10.00") and table.value("budget.overseas") == D("4.00")
    assert table.value("actual.total") == D("8.00") and table.value("actual.vehicles") == D("5.00")
    assert set(table.ambiguous) <= {f"{side}.vehicle_{part}" for side in ("budget", "actual")
                                    for part in ("purchase", "operation")} | {"actual.overseas", "actual.reception"}


# --- the 基本支出 table ---------------------------------------------------------------------------


def test_basic_table_in_three_blocks_loses_no_row() -> None:
    text = """
一般公共预算财政拨款基本支出决算表
301 工资福利支出 3.00 302 商品和服务支出 2.00 310 资本性支出 1.00
30101 基本工资 3.00 30201 办公费 2.00 31002 办公设备购置 1.00
303 对个人和家庭的补助 30299 其他商品和服务支出 39908 对民间非营利组织和群众
性自治组织补贴
30301 离休费 399 其他支出
人员经费合计 3.00 公用经费合计 3.00
"""
    tables, problems = read_text_tables(pages_of(text))
    rows = tables["basic_expenditure"].rows
    assert [r.code for r in rows] == ["301", "30101", "303", "30301", "302", "30201", "30299",
                                      "310", "31002", "39908", "399"]
    assert tables["basic_expenditure"].row("39908").name == "对民间非营利组织和群众性自治组织补贴"  # type: ignore[union-attr]
    assert values(tables["basic_expenditure"], "31002") == ["1.00"]
    assert not problems


def test_basic_table_amount_printed_under_the_next_blocks_code() -> None:
    text = """
一般公共预算财政拨款基本支出决算表
301 工资福利支出 6.18 302 商品和服务支出 0.50
301 08 机关事业单位基本养老保险缴
费
6.18 302 06 电费 0.50
人员经费合计 6.18 公用经费合计 0.50
"""
    tables, problems = read_text_tables(pages_of(text))
    table = tables["basic_expenditure"]
    assert table.row("30108").name == "机关事业单位基本养老保险缴费"  # type: ignore[union-attr]
    assert values(table, "30108") == ["6.18"] and values(table, "30206") == ["0.50"]
    assert not problems


def test_basic_table_printed_row_spread_over_lines() -> None:
    # each printed row over three lines, the pieces of both blocks left to right on each
    text = """
一般公共预算财政拨款基本支出决算表
301 302
工资福利支出 7.00 商品和服务支出 5.00
301 01 302
基本工资 01 办公费
7.00 5.00
301 02 302
津贴补贴 02 印刷费
人员经费合计 7.00 公用经费合计 5.00
"""
    tables, problems = read_text_tables(pages_of(text))
    table = tables["basic_expenditure"]
    assert values(table, "30101") == ["7.00"] and values(table, "30201") == ["5.00"]
    assert values(table, "30102") == [None] and table.row("30202").name == "印刷费"  # type: ignore[union-attr]
    assert not problems


# --- the two-sided tables --------------------------------------------------------------------------


def test_two_sided_with_line_numbers_and_numbers_under_the_items() -> None:
    text = """
收入支出决算总表
项目 行次 金额 项目 行次 金额
一、一般公共预算财政拨款收入 1 一、一般公共服务支出 32
10.00 8.00
八、其他收入 8 八、社会保障和就业支出 39
2.00 4.00
本年收入合计 27 本年支出合计 58
12.00 12.00
年初结转和结余 29 年末结转和结余 60
总计 31 总计 62
12.00 12.00
"""
    tables, problems = read_text_tables(pages_of(text))
    summary = tables["summary"]
    assert [(r.name, r.values) for r in summary.income] == [
        ("一般公共预算财政拨款收入", [D("10.00")]), ("其他收入", [D("2.00")])]
    assert [(r.name, r.values) for r in summary.expenditure] == [
        ("一般公共服务支出", [D("8.00")]), ("社会保障和就业支出", [D("4.00")])]
    assert summary.totals["grand_total.expenditure"].values == [D("12.00")]
    assert not problems


# --- where the tables are --------------------------------------------------------------------------


def test_title_printed_after_its_table_and_numbers_as_markers() -> None:
    text = """
公开 02 表
本年收入合计 财政拨款收入 上级补助收入 事业收入 经营收入 附属单位上缴收入 其他收入
合计 5.00 5.00
201 一般公共服务支出 5.00 5.00
注：本表反映部门本年度取得的各项收入情况。
收入决算表7
支出决算表
公开 03 表
合计 5.00 5.00
201 一般公共服务支出 5.00 5.00
人员经费合计 1.00 公用经费合计 2.00财政拨款“三公”经费支出决算表
"""
    regions = find_regions(pages_of(text))
    assert [r.key for r in regions] == ["income", "expenditure", "three_public"]
    assert any("人员经费合计" in ref.text for ref in regions[1].lines)


# --- written column by column ---------------------------------------------------------------------


def test_a_table_written_column_by_column() -> None:
    # pdftotext's default mode: the 类 codes, the 款 and 项 codes, the names, then each column's amounts
    text = """
一般公共预算财政拨款支出决算表

201
201
201

03
03

01

一般公共服务支出
政府办公厅（室）及相关机构事务
行政运行
合计

9.00
9.00
9.00
9.00

4.00
4.00
4.00
4.00

5.00
5.00
5.00
5.00
"""
    text += "五、一般公共预算财政拨款支出决算情况说明\n一般公共预算财政拨款支出决算为 9.00 万元。\n"
    tables, problems = read_text_tables(pages_of(text))
    table = tables["general_budget"]
    assert [(r.code, r.name) for r in table.rows] == [
        ("201", "一般公共服务支出"), ("20103", "政府办公厅（室）及相关机构事务"), ("2010301", "行政运行")]
    assert table.total == [D("9.00"), D("4.00"), D("5.00")]
    assert values(table, "2010301") == ["9.00", "4.00", "5.00"]
    assert not problems


# --- the search is bounded -------------------------------------------------------------------------


def test_interleaved_tables_stop_on_the_budget() -> None:
    # two tables' lines interleaved: rows of many numbers each; with a small budget the search stops
    # and leaves rows in doubt instead of running on
    lines = ["支出决算表", "本年支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出"]
    for k in range(1, 13):
        lines.append(f"20101{k:02d} 事务{k} {k}.11 {k}.07")
        lines.append(f"{k}.01 {k}.02 {k}.03")
        lines.append(f"20102{k:02d} 项目{k} {k}.21 {k}.17")
    started = time.perf_counter()
    tables, problems = read_text_tables(pages_of("\n".join(lines)), budget=Budget(20_000))
    assert time.perf_counter() - started < 10
    table = tables["expenditure"]
    assert len(table.rows) == 24
    assert any(r.ambiguous for r in table.rows)
    assert any(p.kind == "ambiguous" for p in problems)


# --- the model keeps the doubt ---------------------------------------------------------------------


def test_doubt_survives_the_json_form() -> None:
    table = Table(key="expenditure", columns=["total", "basic", "project"])
    table.rows.append(Row("专项统计业务", [D("20.03"), None, None], "2010505", ambiguous=["basic", "project"],
                          printed=[D("20.03"), D("20.03")],
                          candidates=[[D("20.03"), D("20.03"), None], [D("20.03"), None, D("20.03")]]))
    table.ambiguous = ["total.basic"]
    table.candidates = [{"total.basic": D("1.00")}]
    again = table_from_json("expenditure", table_to_json(table))
    assert again.rows[0].candidates == table.rows[0].candidates
    assert again.rows[0].printed == table.rows[0].printed
    assert again.ambiguous == ["total.basic"] and again.candidates == [{"total.basic": D("1.00")}]


def test_figures_written_apart_come_back_whole() -> None:
    from juesuan.read.text.line_repair import normalise_figures

    assert normalise_figures("合计 １，４０５．７２ 万元") == "合计 1,405.72 万元"
    spaced = "201 一般公共服务支出 1, 157.27 513 .10 644. 17"
    assert normalise_figures(spaced) == "201 一般公共服务支出 1,157.27 513.10 644.17"
    assert normalise_figures("万元，其中：2024，2023年") == "万元，其中：2024，2023年"  # sentence commas stay


def test_personnel_and_public_in_the_narrative_place_table_5() -> None:
    text = """
一般公共预算财政拨款支出决算表
合计 30.03 10.00 20.03
201 一般公共服务支出 30.03 10.00 20.03
2010601 行政运行 10.00 10.00
2010505 专项统计业务 20.03 20.03
"""
    narrative = Narrative()
    narrative.set("basic_detail.personnel", D("8.00"))
    narrative.set("basic_detail.public", D("2.00"))
    tables, problems = read_text_tables(pages_of(text), narrative)
    assert values(tables["general_budget"], "2010505") == ["20.03", None, "20.03"]
    assert not [p for p in problems if p.kind == "ambiguous"]


# --- two-sided tables: balances bounded by the other table -------------------------------------------


def test_balances_printed_apart_settled_by_the_fiscal_balances() -> None:
    # 49.14 is 使用非财政拨款结余 or 年初结转和结余, 55.34 结余分配 or 年末结转和结余: the sums allow both; the
    # 财政拨款 balances (21.63, table 4) are part of all funds' balances, so these cannot be blank
    from juesuan.read.text.two_sided_hints import place_by_hints

    keys = ["income:一般公共预算财政拨款收入", "expenditure:一般公共服务支出", "total:income_total",
            "total:expenditure_total", "total:use_of_balance", "total:opening_balance", "total:grand_total.income",
            "total:distribution", "total:closing_balance", "total:grand_total.expenditure"]
    pool = [D("2940.05"), D("2940.05"), D("2940.05"), D("2940.05"), D("49.14"), D("2989.19"), D("49.14"),
            D("2989.19")]
    hints = {"income:一般公共预算财政拨款收入": D("2940.05"), "expenditure:一般公共服务支出": D("2940.05"),
             "total:income_total": D("2940.05"), "total:expenditure_total": D("2940.05")}
    unbounded = place_by_hints(keys, list(pool), hints, set())
    assert unbounded.doubt["total:opening_balance"] == [D("49.14")]  # or 使用非财政拨款结余: not said
    bounded = place_by_hints(keys, list(pool), {**hints, "at_least:total:opening_balance": D("21.63"),
                                                "at_least:total:closing_balance": D("21.63")}, set())
    assert bounded.values["total:opening_balance"] == [D("49.14")]
    assert bounded.values["total:closing_balance"] == [D("49.14")]
    assert "total:use_of_balance" not in bounded.values and not bounded.doubt
    # a bound no placement keeps (a publisher's inconsistency) is not used
    broken = place_by_hints(keys, list(pool), {**hints, "at_least:total:opening_balance": D("60.00")}, set())
    assert broken.doubt["total:opening_balance"] == [D("49.14")]
