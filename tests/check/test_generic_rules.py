"""The generic-table rules (A211-A213): which columns a 合计 adds up, and silence where the table does not
support the structure the header suggests."""

from __future__ import annotations

from decimal import Decimal

from juesuan.check import check
from juesuan.check.rules.generic_tables import row_identities
from juesuan.model import GENERIC_KEY, Report, Row, Table

D = Decimal


def _table(header: list[str], total: list[str | None] | None, *rows: tuple[str | None, str, list[str | None]]) -> Table:
    def amounts(values: list[str | None]) -> list[Decimal | None]:
        return [D(v) if v is not None else None for v in values]

    return Table(key=GENERIC_KEY, title="某表", pages=[7], header=header,
                 total=amounts(total) if total is not None else None,
                 rows=[Row(name=n, values=amounts(v), code=c, page=7) for c, n, v in rows])


def _findings(table: Table) -> list[tuple[str, str, str | None, str | None]]:
    return sorted((f.rule, f.severity, f.location.row_code, f.location.column)
                  for f in check(Report(other_tables=[table])) if f.rule.startswith("A21"))


def test_parts_from_the_header_groups() -> None:
    header = ["合计", "财政补助收入", "事业收入/小计", "事业收入/教育事业收入", "事业收入/科研事业收入", "其他收入"]
    table = _table(header, None)
    assert row_identities(table) == [(0, [1, 2, 5]), (2, [3, 4])]
    # a group without its own 小计 counts by its columns
    table.header = ["本年支出/合计", "本年支出/人员经费", "本年支出/公用经费", "年末结转结余"]
    assert row_identities(table) == [(0, [1, 2])]
    # shares and 其中 columns are not parts: no identity
    table.header = ["合计", "占比%", "其他"]
    assert row_identities(table) == []
    table.header = ["合计", "其中：政府采购"]
    assert row_identities(table) == []


def test_a_broken_row_among_rows_that_hold_is_a_warning() -> None:
    table = _table(["合计", "甲", "乙"], ["30.00", "20.00", "10.00"],
                   (None, "一", ["10.00", "5.00", "5.00"]),
                   (None, "二", ["20.00", "15.00", "6.00"]))
    assert _findings(table) == [("A211", "warning", None, "合计")]


def test_a_header_the_rows_do_not_support_is_left_alone() -> None:
    # 合计 beside 上年数 and 本年数: no row adds up, so the header was not a sum at all
    table = _table(["合计", "上年数", "本年数"], None,
                   (None, "一", ["10.00", "8.00", "10.00"]),
                   (None, "二", ["20.00", "18.00", "20.00"]),
                   (None, "三", ["5.00", "5.00", "5.00"]))
    assert _findings(table) == []


def test_rounding_is_info() -> None:
    table = _table(["合计", "甲", "乙"], None,
                   ("201", "一般公共服务支出", ["10.01", "5.00", "5.00"]),
                   ("20101", "人大事务", ["10.01", "5.00", "5.00"]),
                   ("208", "社会保障和就业支出", ["1.00", "1.00", None]))
    assert _findings(table) == [("A211", "info", "201", "合计"), ("A211", "info", "20101", "合计")]


def test_codes_that_do_not_add_up_mostly_are_left_alone() -> None:
    # codes that are no tree of sums (a list of projects numbered 101, 10101 ...) break more than they hold
    table = _table(["金额"], ["9.00"],
                   ("101", "项目甲", ["5.00"]),
                   ("10101", "子项一", ["1.00"]),
                   ("102", "项目乙", ["4.00"]),
                   ("10201", "子项二", ["1.00"]))
    assert _findings(table) == []


def _coded(total: str, class_208: str) -> Table:
    return _table(["金额"], [total],
                  ("201", "一般公共服务支出", ["10.00"]),
                  ("20101", "人大事务", ["10.00"]),
                  ("2010101", "行政运行", ["6.00"]),
                  ("2010102", "一般行政管理事务", ["4.00"]),
                  ("208", "社会保障和就业支出", [class_208]),
                  ("20805", "行政事业单位养老支出", ["2.00"]),
                  ("2080501", "行政单位离退休", ["2.00"]))


def test_parent_that_is_not_the_sum_of_its_children() -> None:
    assert _findings(_coded("13.00", "3.00")) == [("A212", "warning", "208", "金额")]


def test_total_line_that_is_not_the_sum_of_the_classes() -> None:
    assert _findings(_coded("13.00", "2.00")) == [("A213", "warning", None, "金额")]
    assert _findings(_coded("12.00", "2.00")) == []


def test_numbered_lines_add_up_to_their_total_line_where_there_are_no_codes() -> None:
    def summary(total: str) -> Table:
        return _table(["年初预算数", "决算数"], ["100.00", total],
                      (None, "一、财政补助收入", ["80.00", "85.00"]),
                      (None, "二、事业收入", ["20.00", "25.00"]),
                      (None, "上年结转", [None, "5.00"]),
                      (None, "收入总计", ["100.00", "115.00"]))

    assert _findings(summary("110.00")) == []
    assert _findings(summary("111.00")) == [("A213", "warning", None, "决算数")]


def test_lines_with_one_printed_part_do_not_support_a_reading() -> None:
    # 合计 beside 上年数 / 本年数: where 上年数 is blank any reading holds; the one line that prints both breaks
    table = _table(["合计", "上年数", "本年数"], None,
                   (None, "一", ["10.00", None, "10.00"]),
                   (None, "二", ["20.00", None, "20.00"]),
                   (None, "三", ["5.00", "3.00", "5.00"]))
    assert _findings(table) == []


def test_cells_a_text_reader_left_in_doubt_are_not_summed() -> None:
    # 二's numbers fit more than one set of columns: its 乙 left blank, in doubt; no sum rests on it
    table = _table(["合计", "甲", "乙"], ["30.00", "20.00", "10.00"],
                   ("201", "一", ["10.00", "5.00", "5.00"]),
                   ("20101", "一之一", ["10.00", "5.00", "5.00"]),
                   ("202", "二", ["20.00", "15.00", None]),
                   ("20201", "二之一", ["20.00", "15.00", "5.00"]))
    # read as printed, the blank breaks 二's row total, 二 = 二之一 and the 合计 = 一 + 二
    assert [f[0] for f in _findings(table)] == ["A211", "A212", "A213"]
    table.rows[2].ambiguous = ["乙"]
    assert _findings(table) == []
