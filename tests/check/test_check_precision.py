"""Precision on unfamiliar reports: what the reader could not read is never an 错误, template rules know the
template, residue is a real placeholder, findings come errors first.

Each behaviour has a case that fires and one that keeps quiet, on the consistent sample report
(tests/check/sample.py) changed in one place.
"""

from __future__ import annotations

from typing import Any

import pytest

from juesuan.check import Finding, check
from juesuan.check.finding import Location
from juesuan.check.template import era_of, template_of
from juesuan.model import TABLE_KEYS, Page, Report, TextLine
from juesuan.model_json import report_from_json
from tests.check import sample

Data = dict[str, Any]


def _findings(data: Data, rule: str) -> list[Finding]:
    return [f for f in check(report_from_json(data)) if f.rule == rule]


def _replace_text(d: Data, old: str, new: str) -> None:
    for p in d["pages"]:
        for line in p["lines"]:
            line[0] = line[0].replace(old, new)


def _add_line(d: Data, page: int, text: str) -> None:
    lines = next(p for p in d["pages"] if p["page"] == page)["lines"]
    lines.append([text, [72, 100 + 14 * len(lines), 520, 112 + 14 * len(lines)]])


def _add_page(d: Data, number: int, *texts: str) -> None:
    d["pages"].append({"page": number, "lines": [[t, [72, 100 + 14 * i, 520, 112 + 14 * i]]
                                                   for i, t in enumerate(texts)]})


# ---- a finding that rests on what the reader could not read is at most a warning, and says so ----------------

def _three_public_budget_never_read(d: Data) -> None:
    """The 三公 table's budget column was not found: its cell is blank, so the budget reads as 0."""
    d["tables"]["three_public"]["budget"]["reception"] = None
    d["narrative"]["three_public"]["reception"] = {"actual": "2.00", "completion_pct": "100.00"}


def test_completion_rate_against_a_budget_never_read_is_a_warning_that_says_so() -> None:
    data = sample.data()
    _three_public_budget_never_read(data)
    [plain] = _findings(data, "N405")  # the table read whole: a blank budget with a rate printed is an error
    assert plain.severity == "error" and plain.doubt is None
    data["problems"] = [{"kind": "unreadable", "table": "three_public", "page": 8,
                         "message": "三公经费表缺少列 (columns not found): budget.reception"}]
    [doubtful] = _findings(data, "N405")
    assert doubtful.severity == "warning"
    assert "“三公”经费支出决算表读取不完整，请人工核对" in doubtful.message
    assert doubtful.doubt is not None and doubtful.to_json()["doubt"] == doubtful.doubt


def test_a_fact_read_from_a_sentence_that_does_not_speak_of_it_is_in_doubt() -> None:
    data = sample.data()
    data["narrative"]["procurement"]["services"] = "60.00"  # 4 + 0 + 60 is not the total 10
    [plain] = _findings(data, "N409")
    assert plain.severity == "error"
    data["narrative"]["sources"]["procurement.services"] = {
        "page": 9, "text": "按功能分类支出划分为一般公共服务支出60.00万元，占比54.55%；"}  # not about 采购
    [doubtful] = _findings(data, "N409")
    assert doubtful.severity == "warning" and "未提到“采购”" in doubtful.message
    data["narrative"]["sources"]["procurement.services"] = {"page": 9, "text": "政府采购服务支出60.00万元。"}
    assert [f.severity for f in _findings(data, "N409")] == ["error"]


def test_a_row_whose_numbers_the_reader_could_not_place_makes_its_comparison_a_warning() -> None:
    data = sample.data()
    next(r for r in data["tables"]["summary"]["expenditure"] if r["name"] == "社会保障和就业支出")["values"] = ["30.01"]
    [plain] = _findings(data, "X302")
    assert plain.severity == "error"
    row = next(r for r in data["tables"]["expenditure"]["rows"] if r["code"] == "208")
    row["ambiguous"] = ["project"]  # the 208 row of 支出决算表, which X302 compares with
    [doubtful] = _findings(data, "X302")
    assert doubtful.severity == "warning" and "208 社会保障和就业支出 有读取时未能确定所属列的数" in doubtful.message


def test_a_problem_on_a_page_makes_table_findings_there_warnings_and_no_others() -> None:
    data = sample.data()
    data["tables"]["general_budget"]["total"][0] = "101.00"  # A203 on page 6
    data["tables"]["income"]["rows"][0]["values"][1] = "70.10"  # A201 on page 3
    data["problems"] = [{"kind": "unreadable", "page": 6, "message": "第6页有金额而无科目"}]
    by_page = {f.location.page: f.severity for f in check(report_from_json(data)) if f.rule in ("A201", "A203")}
    assert by_page == {6: "warning", 3: "error"}


def test_rounding_notes_stay_notes_on_a_doubtful_table() -> None:
    data = sample.data()
    data["tables"]["general_budget"]["total"][0] = "100.01"
    data["problems"] = [{"kind": "ambiguous", "table": "general_budget", "message": "合计: left blank"}]
    [note] = _findings(data, "A203")
    assert note.severity == "info" and note.doubt is None


# ---- findings: errors first, then warnings, then info; by page, then table ----------------------------------

def test_findings_are_ordered_by_severity_then_page_then_table() -> None:
    data = sample.data()
    data["tables"]["general_budget"]["total"][0] = "100.01"  # info, page 6
    data["tables"]["income"]["rows"][0]["values"][1] = "70.10"  # error, page 3
    data["tables"]["three_public"]["actual"]["vehicle_purchase"] = "0.60"  # error, page 8
    _replace_text(data, "项目延期。", "项目延期。。")  # warning, page 9
    data["tables"]["gov_fund"]["note"] = None  # C102 error, page 8, a later table than 三公
    findings = check(report_from_json(data))
    assert {f.severity for f in findings} == {"error", "warning", "info"}
    order = [(["error", "warning", "info"].index(f.severity), f.location.page or 0,
              TABLE_KEYS.index(f.location.table) if f.location.table else -1) for f in findings]
    assert order == sorted(order)
    errors = [(f.location.page, f.location.table) for f in findings if f.severity == "error"]
    assert errors.index((8, "three_public")) < errors.index((8, "gov_fund"))
    assert next(page for page, _ in errors if page is not None) == 3


def test_findings_without_a_page_come_first_in_their_severity() -> None:
    data = sample.data()
    del data["tables"]["state_capital"]  # C101: no page
    data["tables"]["income"]["rows"][0]["values"][1] = "70.10"
    errors = [f for f in check(report_from_json(data)) if f.severity == "error"]
    assert errors[0].rule == "C101" and errors[0].location.page is None
    assert {f.rule for f in errors[1:]} == {"A201", "A202", "A203"}


# ---- the template: year and family ---------------------------------------------------------------------------

@pytest.mark.parametrize(("department", "family"), [
    ("上海市普陀区财政局", "local"),
    ("中共上海市普陀区委社会工作部", "local"),
    ("中国共产党武汉市汉阳区委组织部", "local"),
    ("广东省湛江市人民政府行政服务中心", "local"),
    ("国家信访局", "central"),
    ("国家市场监督管理总局", "central"),  # 市 of 市场 is no city
    ("中国地震局", "central"),
    ("华南理工大学", "university"),
    ("某局", "unknown"),
])
def test_template_family_from_the_department(department: str, family: str) -> None:
    assert template_of(Report(department=department, year=2024)).family == family


def test_central_numbering_tells_the_family_when_the_name_does_not() -> None:
    lines = [TextLine("公开 01 表"), TextLine("收入支出决算总表")]
    report = Report(department="某局", year=2024, pages=[Page(7, lines)])
    assert template_of(report).family == "central"


def _year(data: Data, year: int) -> None:
    data["year"] = year
    _replace_text(data, "2024年度", f"{year}年度")
    _replace_text(data, "截至2024年", f"截至{year}年")


def test_a_2019_report_is_not_asked_for_the_table_its_template_did_not_have() -> None:
    data = sample.data()
    del data["tables"]["state_capital"]
    assert [f.severity for f in _findings(data, "C101")] == ["error"]  # 2024: 9 tables
    _year(data, 2021)
    [note] = _findings(data, "C101")
    assert note.severity == "info" and "2020-2021年地方部门决算公开格式" in note.message
    _year(data, 2019)
    assert _findings(data, "C101") == []
    del data["tables"]["three_public"]  # required since the 2016 rules
    assert [(f.location.table, f.severity) for f in _findings(data, "C101")] == [("three_public", "error")]


def test_a_central_report_before_2020_missing_state_capital_is_a_note() -> None:
    data = sample.data()
    data["department"] = "国家测试局"
    del data["tables"]["state_capital"]
    _year(data, 2018)
    assert [f.severity for f in _findings(data, "C101")] == ["info"]
    _year(data, 2024)
    [error] = _findings(data, "C101")
    assert error.severity == "error" and "公开08表 国有资本经营预算财政拨款支出决算表" in error.message


def test_without_a_year_a_missing_table_is_at_most_a_warning() -> None:
    data = sample.data()
    del data["tables"]["three_public"]
    data["year"] = None
    assert [f.severity for f in _findings(data, "C101")] == ["warning"]


def _drop_2022_headings(d: Data) -> None:
    """A 2019-style 情况说明: no 基本支出 or 国有资本经营 section, no 收支总体 heading (its content is there)."""
    _replace_text(d, "六、一般公共预算财政拨款基本支出决算情况说明", "")
    _replace_text(d, "九、国有资本经营预算财政拨款收入支出决算情况说明", "")
    _replace_text(d, "一、收入支出决算总体情况说明", "一、收入支出总体情况")


def test_a_2019_report_is_not_held_to_the_2022_headings() -> None:
    data = sample.data()
    _drop_2022_headings(data)
    assert {f.severity for f in _findings(data, "C103")} == {"error"}  # 2024: the 2022 template's headings
    _year(data, 2019)
    assert _findings(data, "C103") == []
    _replace_text(data, "（二）政府采购支出情况", "")  # content every template asks for: a note, not an error
    [note] = _findings(data, "C103")
    assert note.severity == "info" and "政府采购" in note.message and "2016-2019年地方部门决算公开格式" in note.message


def test_a_central_report_has_no_fund_sections() -> None:
    data = sample.data()
    data["department"] = "国家测试局"
    _replace_text(data, "八、政府性基金预算财政拨款收入支出决算情况说明", "")
    _replace_text(data, "九、国有资本经营预算财政拨款收入支出决算情况说明", "")
    data["tables"]["gov_fund"]["note"] = "本部门没有相关收支，故本表无数据。"
    data["tables"]["state_capital"]["note"] = "本部门没有相关收支，故本表无数据。"
    assert _findings(data, "C103") == []
    data["department"] = sample.DEPARTMENT
    assert len(_findings(data, "C103")) == 2


def test_glossary_is_required_by_the_2022_template_and_asked_for_before() -> None:
    data = sample.data()
    _replace_text(data, "名词解释", "附表")
    assert [f.severity for f in _findings(data, "C104")] == ["error"]
    _year(data, 2019)
    assert [f.severity for f in _findings(data, "C104")] == ["warning"]


def test_eras_cover_every_year_of_both_families() -> None:
    from juesuan.check.template import Template

    for year in range(2010, 2031):
        for family in ("local", "central", "university", "unknown"):
            era = era_of(Template(year, family, ""))  # type: ignore[arg-type]
            assert era.tables and era.sections


# ---- a missing table: printed but not read, or declared empty --------------------------------------------------

def test_a_table_whose_title_is_printed_but_not_read_is_a_warning() -> None:
    data = sample.data()
    del data["tables"]["three_public"]
    _add_page(data, 12, "“三公”经费、行政参公单位机关运行经费情况表", "单位：万元")  # another wording of the title
    [warning] = _findings(data, "C101")
    assert warning.severity == "warning" and warning.location.page == 12 and "未能读出" in warning.message


def test_a_title_listed_only_in_the_contents_does_not_count() -> None:
    data = sample.data()
    del data["tables"]["three_public"]
    _add_page(data, 2, "目录", "七、财政拨款“三公”经费支出决算表")
    assert [f.severity for f in _findings(data, "C101")] == ["error"]


def test_a_table_the_text_declares_empty_is_only_noted_when_missing() -> None:
    data = sample.data()
    del data["tables"]["gov_fund"]
    assert [f.severity for f in _findings(data, "C101")] == ["error"]
    _add_line(data, 9, "说明：本部门2024年度没有政府性基金预算财政拨款收入，也没有支出，故本表无数据。")
    [note] = _findings(data, "C101")
    assert note.severity == "info" and "故本表无数据" in note.message


def test_an_empty_table_the_reader_could_not_read_is_not_called_undeclared() -> None:
    data = sample.data()
    data["tables"]["three_public"] = {"pages": [8]}  # found, no number read
    assert [f.severity for f in _findings(data, "C102")] == ["warning"]
    data["problems"] = [{"kind": "unreadable", "table": "three_public", "page": 8, "message": "三公经费表缺少列"}]
    assert _findings(data, "C102") == []


def test_an_empty_table_declared_elsewhere_in_the_text_is_not_called_undeclared() -> None:
    data = sample.data()
    data["tables"]["three_public"] = {"pages": [8]}
    _add_line(data, 9, "本部门2024年度无“三公”经费财政拨款支出。")
    assert _findings(data, "C102") == []


# ---- template residue: real placeholders, not unit statements ------------------------------------------------

@pytest.mark.parametrize("text", [
    "本表金额转换为万元时，因四舍五入可能存在尾数误差。",
    "本套报表金额单位为万元。",
    "金额统一折算为万元。",
    "以万元为单位，保留两位小数。",
    "———————— ************************ ————————",
    "资产编号 XXL-2024",
])
def test_unit_statements_and_rules_are_not_residue(text: str) -> None:
    data = sample.data()
    _add_line(data, 9, text)
    assert _findings(data, "C203") == []


@pytest.mark.parametrize(("text", "residue"), [
    ("“三公”经费支出决算为 万元，完成预算的 %。", "为万元"),
    ("上海市XX局2024年度部门决算", "XX"),
    ("完成预算的X.XX%。", "X.XX"),
    ("（单位名称）2024年度部门决算", "（单位名称）"),
    ("××局机关运行经费", "××"),
    ("公用经费占 %。", "占%"),
])
def test_real_placeholders_are_residue(text: str, residue: str) -> None:
    data = sample.data()
    _add_line(data, 9, text)
    [finding] = _findings(data, "C203")
    assert finding.severity == "error" and f"“{residue}”" in finding.message


def test_the_standard_rounding_note_on_every_table_page_gives_nothing() -> None:
    """The issue's report: the note under each of 9 tables gave 9 findings "模板残留：为万元"."""
    data = sample.data()
    for number in range(20, 29):
        _add_page(data, number, "本表金额转换为万元时，因四舍五入可能存在尾数误差。")
    assert _findings(data, "C203") == []


# ---- sentences the rules cannot be sure of -----------------------------------------------------------------

def test_a_year_named_for_comparison_is_not_a_wrong_year() -> None:
    data = sample.data()
    _add_line(data, 9, "与2023年度部门决算相比，收入支出总计减少5.00万元。")
    _add_line(data, 9, "车辆数比截至2023年12月31日增加0辆。")
    assert _findings(data, "C202") == []
    _add_line(data, 9, "本部门2023年度部门决算如下。")
    assert [f.severity for f in _findings(data, "C202")] == ["error"]


def test_an_item_sentence_about_the_expenditure_table_is_not_judged_against_the_budget_table() -> None:
    data = sample.data()
    # 支出决算表 201 is 80.00 (all funds), the 一般公共预算 table's 70.00: the sentence restates the former
    _replace_text(data, "1、一般公共服务支出（类）。年初预算为90.00万元，支出决算为70.00万元",
                  "1、一般公共服务支出（类）。年初预算为90.00万元，支出决算为80.00万元")
    assert _findings(data, "N412") == []
    _replace_text(data, "支出决算为80.00万元", "支出决算为85.00万元")  # neither table's
    assert [f.severity for f in _findings(data, "N412")] == ["error"]


def _old_summary(d: Data) -> None:
    """A pre-2019 收入支出决算总表: 用事业基金弥补收支差额 printed among the income lines."""
    summary = d["tables"]["summary"]
    summary["income"].append({"name": "用事业基金弥补收支差额", "values": ["2.00"]})
    summary["grand_total"] = {"income": ["117.00"], "expenditure": ["117.00"]}
    summary["closing_balance"] = ["7.00"]


def test_a_balance_line_of_an_older_summary_is_not_this_years_income() -> None:
    data = sample.data()
    _old_summary(data)
    assert _findings(data, "A204") == [] and _findings(data, "A205") == []
    data["tables"]["summary"]["grand_total"]["income"] = ["115.00"]  # now the balance line is not in 总计
    assert [f.severity for f in _findings(data, "A205")] == ["error", "error"]


def test_nothing_new_fires_on_the_consistent_sample_in_any_year_or_family() -> None:
    for year in (2015, 2019, 2021, 2024):
        for department in (sample.DEPARTMENT, "国家测试局", "某局"):
            data = sample.data()
            data["department"] = department
            _year(data, year)
            findings = [f for f in check(report_from_json(data)) if f.severity != "info"]
            assert findings == [], (year, department, [f.message for f in findings])


def test_location_of_a_missing_table_has_no_page() -> None:
    assert Location(table="state_capital").page is None


# ---- a relation broken on most lines of a table: the reading is suspect ------------------------------------

def test_a_table_read_with_its_columns_slid_gives_warnings_not_errors() -> None:
    data = sample.data()
    table = data["tables"]["expenditure"]
    for row in table["rows"]:  # the name column taken for the first amount: every value one column left
        row["values"] = [*row["values"][1:], None]
    table["total"] = [*table["total"][1:], None]
    findings = _findings(data, "A201")
    assert len(findings) >= 3 and {f.severity for f in findings} == {"warning"}
    assert all("列被读错" in f.message for f in findings)


def test_one_broken_line_in_a_table_stays_an_error() -> None:
    data = sample.data()
    next(r for r in data["tables"]["expenditure"]["rows"] if r["code"] == "2010101")["values"][1] = "55.00"
    findings = [f for f in _findings(data, "A201") if f.location.row_code == "2010101"]
    assert [f.severity for f in findings] == ["error"]


def test_a_column_broken_on_most_of_its_parents_is_a_warning() -> None:
    data = sample.data()
    for row in data["tables"]["general_budget"]["rows"]:  # every 款 of the 基本支出 column read 1.00 too high
        if len(row["code"]) == 5:
            row["values"][1] = f"{float(row['values'][1]) + 1:.2f}"
    column = [f for f in _findings(data, "A202") if f.location.column == "基本支出"]
    assert len(column) == 4 and {f.severity for f in column} == {"warning"}  # 201, 20101, 208, 20805: all of them
    other = [f for f in _findings(data, "A202") if f.location.column != "基本支出"]
    assert other == []


# ---- 绩效自评: a score of another template's weight ----------------------------------------------------------

def test_execution_score_of_another_templates_weight_is_a_note() -> None:
    data = sample.data()
    data["performance"]["overall"]["score"] = "12.00"  # 15 x 80%
    [note] = _findings(data, "P502")
    assert note.severity == "info" and "分值 15" in note.message
    data["performance"]["overall"]["score"] = "13.00"  # no weight fits
    assert [f.severity for f in _findings(data, "P502")] == ["error"]


# ---- punctuation: a 目录's dot leader is no doubled full stop ------------------------------------------------

def test_dot_leaders_are_not_doubled_punctuation() -> None:
    data = sample.data()
    _add_line(data, 9, "一、收入支出决算总表。。。。。。。。。5")
    assert _findings(data, "C204") == []
    _add_line(data, 9, "主要原因是项目延期。。")
    assert [f.severity for f in _findings(data, "C204")] == ["warning"]


def test_an_empty_table_whose_statement_the_reader_did_not_attach_is_declared() -> None:
    data = sample.data()
    data["tables"]["gov_fund"]["note"] = None
    assert [f.severity for f in _findings(data, "C102")] == ["error"]
    _add_line(data, 9, "本部门2024年度没有政府性基金预算财政拨款收入，也没有使用政府性基金预算财政拨款安排的支出。")
    assert _findings(data, "C102") == []


def test_an_empty_table_noted_as_not_used_is_declared() -> None:
    data = sample.data()
    data["tables"]["gov_fund"]["note"] = "本部门2024年度未使用政府性基金预算财政拨款。"
    assert _findings(data, "C102") == []
    data["tables"]["gov_fund"]["note"] = "详见附件。"
    assert [f.severity for f in _findings(data, "C102")] == ["error"]


def test_in_a_text_without_pages_a_title_printed_after_the_contents_counts() -> None:
    data = sample.data()
    del data["tables"]["three_public"]
    _add_page(data, 2, "目录", "七、财政拨款“三公”经费支出决算表", "……",
              "一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表", "单位：万元")
    [warning] = _findings(data, "C101")
    assert warning.severity == "warning" and "会议费" in warning.message


def test_two_table_cells_side_by_side_are_not_a_contradictory_word() -> None:
    data = sample.data()
    _add_line(data, 9, "资产类别 年初数 增加 减少 年末数")  # a table's header row: two cells
    assert _findings(data, "C205") == []
    _add_line(data, 9, "决算数大")  # a sentence wrapped inside the word: still found
    _add_line(data, 9, "小于预算数。")
    assert [f.severity for f in _findings(data, "C205")] == ["error"]


def test_an_increase_decrease_column_header_is_not_residue() -> None:
    data = sample.data()
    _add_line(data, 9, "项目 2023年决算数 2024年决算数 增加（减少） 增减率")
    assert _findings(data, "C203") == []
    _add_line(data, 9, "机关运行经费支出比2023年度增加（减少）2.00万元。")
    assert [f.severity for f in _findings(data, "C203")] == ["error"]
