"""Plain texts of reports whose tables are none of the nine: read as generic tables, not refused.

The texts are written here: small tables as an extractor writes them, a row per line or each cell a
paragraph of its own; and the synthetic 高等学校 and unknown-layout PDFs (tests/synthetic_reports.py)
extracted by pdftotext at test time.
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

import juesuan
from juesuan.errors import NotAReport
from juesuan.model import GENERIC_KEY, Report, Table
from juesuan.read.text.generic_tables import generic_title
from tests.synthetic_reports import university_pdf, unknown_layout_pdf

D = Decimal

# A university's 收入决算表: 事业收入 over 小计 / 教育事业收入 / 科研事业收入, blank cells lost.
INCOME_ROWS = """表二 收入决算表
单位：万元
科目编码 科目名称 本年收入合计 财政补助收入 事业收入 经营收入 其他收入
小计 教育事业收入 科研事业收入
合计 1,540.00 820.00 510.00 400.00 110.00 20.00 190.00
205 教育支出 1,270.00 700.00 400.00 400.00 20.00 150.00
20502 普通教育 1,270.00 700.00 400.00 400.00 20.00 150.00
206 科学技术支出 210.00 60.00 110.00 110.00 40.00
20603 应用研究 210.00 60.00 110.00 110.00 40.00
208 社会保障和就业支出 60.00 60.00
20805 行政事业单位养老支出 60.00 60.00
"""

INCOME_HEADER = ["本年收入合计", "财政补助收入", "事业收入/小计", "事业收入/教育事业收入", "事业收入/科研事业收入",
                 "经营收入", "其他收入"]
INCOME_TOTAL = [D("1540.00"), D("820.00"), D("510.00"), D("400.00"), D("110.00"), D("20.00"), D("190.00")]
# 206: 210 = 60 + 110 + 40, its 事业收入 all 科研事业收入 (the sub-columns must add up to the 小计)
ROW_206 = [D("210.00"), D("60.00"), D("110.00"), None, D("110.00"), None, D("40.00")]

# An appended table of an unknown layout: 本年支出 over 合计 / 人员经费 / 公用经费 / 项目支出, then 年末结转结余.
UNKNOWN_CELLS = [
    "某某县某某局2019年度部门支出明细情况表", "单位：万元", "功能分类科目编码", "科目名称",
    "合计", "本年支出", "年末结转结余",
    "合计", "人员经费", "公用经费", "项目支出",
    "1,200.00", "700.00", "200.00", "300.00", "50.00",
    "201", "一般公共服务支出", "1,000.00", "600.00", "150.00", "250.00", "40.00",
    "2010301", "行政运行", "750.00", "600.00", "150.00",
    "2010302", "一般行政管理事务", "250.00", "250.00", "40.00",
    "208", "社会保障和就业支出", "200.00", "100.00", "50.00", "50.00", "10.00",
]
UNKNOWN_HEADER = ["本年支出/合计", "本年支出/人员经费", "本年支出/公用经费", "本年支出/项目支出", "年末结转结余"]


def _read(tmp_path: Path, *pages: str) -> Report:
    path = tmp_path / "report.txt"
    path.write_text("\f".join(pages), encoding="utf-8")
    return juesuan.read(path)


def _other(report: Report, title: str) -> Table:
    found = [t for t in report.other_tables if t.title == title]
    assert len(found) == 1, [t.title for t in report.other_tables]
    return found[0]


def test_titles_of_tables_none_of_the_nine_name() -> None:
    assert generic_title("表一 收支决算总表")
    assert generic_title("某某县某某局2019年度部门支出明细情况表")
    assert generic_title("附表3 项目支出明细表")
    assert not generic_title("本表金额转换为万元时，因四舍五入可能存在尾数误差。")
    assert not generic_title("第三部分 2019年度部门决算情况说明")


def test_university_income_table_row_by_row_is_a_generic_table(tmp_path: Path) -> None:
    report = _read(tmp_path, "某某大学2020年度部门决算\n", INCOME_ROWS)
    assert "income" not in report.tables  # its columns are not the standard 收入决算表's
    income = _other(report, "表二收入决算表")
    assert income.key == GENERIC_KEY
    assert income.header == INCOME_HEADER
    assert income.total == INCOME_TOTAL
    assert [r.code for r in income.rows] == ["205", "20502", "206", "20603", "208", "20805"]
    assert income.row("206") is not None and income.row("206").values == ROW_206  # type: ignore[union-attr]
    assert income.row("20805").values == [D("60.00"), D("60.00"), *[None] * 5]  # type: ignore[union-attr]
    assert not any(r.ambiguous for r in income.rows)
    # why the table under a standard title is not the standard table: said, as a note
    assert any(p.table == "income" and p.kind == "info" and "教育事业收入" in p.message for p in report.problems)


def test_unknown_layout_written_a_cell_per_paragraph(tmp_path: Path) -> None:
    """Each cell a paragraph, in row order; the 合计 row's label printed among the header's words."""
    report = _read(tmp_path, "某某县某某局2019年度部门决算\n", "\n\n".join(UNKNOWN_CELLS) + "\n")
    table = _other(report, "某某县某某局2019年度部门支出明细情况表")
    assert table.header == UNKNOWN_HEADER
    assert table.total == [D("1200.00"), D("700.00"), D("200.00"), D("300.00"), D("50.00")]
    assert [(r.code, r.name, r.values) for r in table.rows] == [
        ("201", "一般公共服务支出", [D("1000.00"), D("600.00"), D("150.00"), D("250.00"), D("40.00")]),
        ("2010301", "行政运行", [D("750.00"), D("600.00"), D("150.00"), None, None]),
        ("2010302", "一般行政管理事务", [D("250.00"), None, None, D("250.00"), D("40.00")]),
        ("208", "社会保障和就业支出", [D("200.00"), D("100.00"), D("50.00"), D("50.00"), D("10.00")]),
    ]
    assert not [p for p in report.problems if p.table == GENERIC_KEY and p.kind != "info"]


def test_header_words_that_do_not_name_the_columns_number_them(tmp_path: Path) -> None:
    text = "附表1 某某情况表\n单位：万元\n科目编码 科目名称 甲 乙\n201 一般公共服务支出 30.00 10.00 20.00\n"
    report = _read(tmp_path, "某某单位2021年度部门决算\n", text)
    table = _other(report, "附表1某某情况表")
    assert table.header == ["第1列", "第2列", "第3列"]
    assert table.rows[0].values == [D("30.00"), D("10.00"), D("20.00")]
    assert any(p.table == GENERIC_KEY and "第" not in p.message and "columns numbered" in p.message
               for p in report.problems)


EXPENDITURE_FOUR = """表三 支出决算表
单位：万元
科目编码 科目名称 本年支出合计 基本支出 项目支出 经营支出
合计 1,540.00 970.00 550.00 20.00
205 教育支出 1,310.00 900.00 390.00 20.00
20502 普通教育 1,310.00 900.00 390.00 20.00
206 科学技术支出 160.00 160.00
20603 应用研究 160.00 160.00
208 社会保障和就业支出 70.00 70.00
20805 行政事业单位养老支出 70.00 70.00
"""


def test_an_expenditure_table_printing_four_of_the_six_columns(tmp_path: Path) -> None:
    """The header leaves 上缴上级支出 and 对附属单位补助支出 out: the table has the four it names."""
    report = _read(tmp_path, "某某大学2020年度部门决算\n", EXPENDITURE_FOUR)
    table = report.tables["expenditure"]
    assert table.columns == ["total", "basic", "project", "operating"]
    assert table.total == [D("1540.00"), D("970.00"), D("550.00"), D("20.00")]
    # the column sums settle the lines printing one number twice: 206's is 项目支出, 208's 基本支出
    assert table.row("20603").values == [D("160.00"), None, D("160.00"), None]  # type: ignore[union-attr]
    assert table.row("20805").values == [D("70.00"), D("70.00"), None, None]  # type: ignore[union-attr]
    assert not [p for p in report.problems if p.kind == "ambiguous"]


def test_a_heading_wrapped_over_lines_is_not_a_column_left_out(tmp_path: Path) -> None:
    wrapped = EXPENDITURE_FOUR.replace("项目支出 经营支出\n", "项目支出 上缴上级支 经营支出 对附属单\n位补助支出 出\n")
    table = _read(tmp_path, "某某大学2020年度部门决算\n", wrapped).tables["expenditure"]
    assert table.columns == ["total", "basic", "project", "to_superior", "operating", "to_affiliated"]


def test_generic_tables_are_checked_by_the_generic_arithmetic(tmp_path: Path) -> None:
    # the 款 row no longer adds up to its 类 (each row still adds up across)
    planted = INCOME_ROWS.replace("20603 应用研究 210.00 60.00 110.00 110.00 40.00",
                                  "20603 应用研究 200.00 60.00 100.00 100.00 40.00")
    good = juesuan.check(_read(tmp_path, "某某大学2020年度部门决算\n", INCOME_ROWS))
    assert not [f for f in good if f.rule.startswith("A21")]
    bad = juesuan.check(_read(tmp_path, "某某大学2020年度部门决算\n", planted))
    assert {f.rule for f in bad if f.rule.startswith("A21")} == {"A212"}


def test_a_text_without_any_table_is_still_refused(tmp_path: Path) -> None:
    with pytest.raises(NotAReport):
        _read(tmp_path, "某某大学2020年度部门决算\n这是一段说明文字。\n")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
@pytest.mark.parametrize("options", [[], ["-raw"]], ids=["default", "raw"])
def test_university_and_unknown_reports_as_pdftotext_writes_them(tmp_path: Path, options: list[str]) -> None:
    texts = []
    for make in (university_pdf, unknown_layout_pdf):
        pdf = make(tmp_path)
        text = tmp_path / f"{pdf.stem}.txt"
        subprocess.run(["pdftotext", *options, str(pdf), str(text)], check=True, capture_output=True)
        texts.append(juesuan.read(text))
    university, unknown = texts
    expenditure = university.tables["expenditure"]  # 表三 prints four of the standard columns
    assert expenditure.columns == ["total", "basic", "project", "operating"]
    assert expenditure.total == [D("1540.00"), D("970.00"), D("550.00"), D("20.00")]
    assert not [p for p in university.problems if p.kind == "ambiguous"]
    income = _other(university, "表二收入决算表")
    assert (income.header, income.total) == (INCOME_HEADER, INCOME_TOTAL)
    assert income.row("2060302") is not None and income.row("2060302").values == ROW_206  # type: ignore[union-attr]
    fiscal = _other(university, "表四财政拨款支出决算表")
    assert fiscal.header == ["合计", "基本支出/小计", "基本支出/人员经费", "基本支出/日常公用经费", "项目支出"]
    assert fiscal.total == [D("820.00"), D("720.00"), D("570.00"), D("150.00"), D("100.00")]
    table = _other(unknown, "某某县某某局2019年度部门支出明细情况表")
    assert table.header == UNKNOWN_HEADER
    assert table.total == [D("1200.00"), D("700.00"), D("200.00"), D("300.00"), D("50.00")]
    if options == ["-raw"]:  # a row per line: the two-sided 收支决算总表 too, a table per side
        summary = _other(university, "表一收支决算总表（收入）")
        assert summary.header == ["收入/年初预算数", "收入/决算数"]
        assert summary.total == [D("1500.00"), D("1540.00")]
