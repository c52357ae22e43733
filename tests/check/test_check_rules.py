"""Every rule: one change to the consistent sample report that makes it fire, and silence on the sample."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from juesuan.check import ALL_RULES, check
from juesuan.check.rule import Rule
from juesuan.check.runner import run_rule
from juesuan.model_json import report_from_json
from tests.check import sample
from tests.check.sample import N

Data = dict[str, Any]


def _tables(d: Data) -> Data:
    tables: Data = d["tables"]
    return tables


def _row(d: Data, table: str, code: str) -> Data:
    return next(r for r in _tables(d)[table]["rows"] if r["code"] == code)


def _other_row(d: Data, code: str) -> Data:
    return next(r for r in d["other_tables"][0]["rows"] if r["code"] == code)


def _line(d: Data, table: str, side: str, name: str) -> Data:
    return next(r for r in _tables(d)[table][side] if r["name"] == name)


def _narr(d: Data, path: str, value: Any) -> None:
    cur = d["narrative"]
    parts = path.split(".")
    for p in parts[:-1]:
        cur = cur[p]
    cur[parts[-1]] = value


def _page_line(d: Data, page: int, index: int, text: str) -> None:
    p = next(p for p in d["pages"] if p["page"] == page)
    p["lines"][index][0] = text


def _replace_text(d: Data, old: str, new: str) -> None:
    for p in d["pages"]:
        for line in p["lines"]:
            line[0] = line[0].replace(old, new)


def _gov_fund(d: Data) -> None:
    _tables(d)["gov_fund"] = {
        "columns": ["opening", "income", "total", "basic", "project", "closing"],
        "total": ["1.00", "5.00", "4.00", "4.00", None, "3.00"],
        "rows": [],
    }


def _set(path: list[Any], value: Any) -> Callable[[Data], None]:
    def change(d: Data) -> None:
        cur = d
        for p in path[:-1]:
            cur = cur[p]
        cur[path[-1]] = value

    return change


T = ["tables"]
P = ["performance"]

# rule id -> (change to the sample, expected severity of the rule's finding)
FIRES: dict[str, tuple[Callable[[Data], None], str]] = {
    "C101": (lambda d: _tables(d).pop("three_public"), "error"),
    "C102": (_set([*T, "gov_fund", "note"], None), "error"),
    "C103": (lambda d: _replace_text(d, "（二）政府采购支出情况", ""), "error"),
    "C104": (lambda d: _replace_text(d, "名词解释", "附表"), "error"),
    "C105": (lambda d: d.update(problems=[{"kind": "unreadable", "table": "income", "page": 3,
                                           "message": "表格线缺失"}]), "warning"),
    "C106": (lambda d: d.update(problems=[{"kind": "lost", "page": 5, "message": "第5页有 50 段文字因嵌入字体 X "
                                                                           "损坏而未能读出"}]), "error"),
    "C201": (lambda d: _page_line(d, 1, 0, "普陀区测试局2024年度部门决算"), "warning"),
    "C202": (lambda d: _page_line(d, 1, 0, f"{sample.DEPARTMENT}2023年度部门决算"), "error"),
    "C203": (lambda d: _replace_text(d, "共有车辆0辆", "共有车辆XX辆"), "error"),
    "C204": (lambda d: _replace_text(d, "项目延期。", "项目延期。。"), "warning"),
    "C205": (lambda d: _replace_text(d, "决算数小于预算数的主要原因", "决算数大小于预算数的主要原因"), "error"),
    "C206": (_set(["year"], -2024), "error"),
    "A201": (lambda d: _row(d, "income", "2010101")["values"].__setitem__(1, "70.10"), "error"),
    "A202": (lambda d: _row(d, "general_budget", "20101")["values"].__setitem__(0, "71.00"), "error"),
    "A203": (lambda d: _tables(d)["general_budget"]["total"].__setitem__(0, "101.00"), "error"),
    "A204": (_set([*T, "summary", "income_total"], ["111.00"]), "error"),
    "A205": (_set([*T, "summary", "opening_balance"], ["6.00"]), "error"),
    "A206": (_set([*T, "basic_expenditure", "personnel_total"], "61.00"), "error"),
    "A207": (_set([*T, "three_public", "actual", "vehicle_purchase"], "0.60"), "error"),
    "A208": (_gov_fund, "error"),
    "A211": (lambda d: _other_row(d, "2050205")["values"].__setitem__(2, "55.00"), "warning"),
    "A212": (lambda d: _other_row(d, "20502")["values"].__setitem__(1, "75.00"), "warning"),
    "A213": (lambda d: d["other_tables"][0]["total"].__setitem__(1, "85.00"), "warning"),
    "X301": (lambda d: _line(d, "summary", "income", "其他收入")["values"].__setitem__(0, "12.00"), "error"),
    "X302": (lambda d: _line(d, "summary", "expenditure", "社会保障和就业支出")["values"].__setitem__(0, "30.01"),
             "error"),
    "X303": (lambda d: _line(d, "fiscal_summary", "expenditure", "社会保障和就业支出").update(
        values=["30.01", "30.01", None, None]), "error"),
    "X304": (lambda d: _row(d, "general_budget", "2080505")["values"].__setitem__(1, "31.00"), "error"),
    "X305": (lambda d: _tables(d)["general_budget"]["total"].__setitem__(1, "81.00"), "error"),
    "X306": (lambda d: _row(d, "basic_expenditure", "30217")["values"].__setitem__(0, "3.00"), "error"),
    "X307": (lambda d: _line(d, "fiscal_summary", "income", "一般公共预算财政拨款")["values"].__setitem__(0, "101.00"),
             "error"),
    "N401": (lambda d: _narr(d, "fiscal.total", "0.3"), "error"),
    "N402": (lambda d: _narr(d, "general_budget.by_class.一般公共服务支出.share_pct", "71.73"), "error"),
    "N403": (lambda d: _narr(d, "change_pct", "-3.17"), "error"),
    "N404": (lambda d: _narr(d, "general_budget.completion_pct", "81.00"), "error"),
    "N405": (lambda d: _narr(d, "general_budget.budget", "0"), "error"),
    "N406": (lambda d: _replace_text(d, "决算数小于预算数的主要原因", "决算数大于预算数的主要原因"), "error"),
    "N407": (lambda d: _narr(d, "three_public.actual", "4.50"), "error"),
    "N408": (lambda d: _narr(d, "operating_costs.amount", "25.00"), "error"),
    "N409": (lambda d: _narr(d, "procurement.total", "11.00"), "error"),
    "N410": (lambda d: _narr(d, "income_parts.其他收入.amount", "20.00"), "error"),
    "N411": (lambda d: _replace_text(d, "完成年初预算的77.78%", "完成年初预算的87.78%"), "error"),
    "N412": (lambda d: _replace_text(d, "支出决算为70.00万元", "支出决算为71.00万元"), "error"),
    "P501": (_set([*P, "projects", 0, "execution_rate"], "85"), "error"),
    "P502": (_set([*P, "overall", "score"], "18.00"), "error"),
    "P503": (_set([*P, "overall", "total_score"], "90.00"), "error"),
    "P504": (_set([*P, "self_evaluated", "amount"], "26.00"), "error"),
    "P506": (lambda d: _narr(d, "projects.项目甲", "16.00"), "error"),
    "P505": (_set([*P, "overall", "basic_total_yuan"], "810000.00"), "error"),
}


def _ids(rules: tuple[Rule, ...]) -> list[str]:
    return [r.id for r in rules]


@pytest.mark.parametrize("rule", ALL_RULES, ids=_ids(ALL_RULES))
def test_rule_is_silent_on_a_consistent_report(rule: Rule) -> None:
    assert run_rule(rule, sample.report()) == []


@pytest.mark.parametrize("rule_id", sorted(FIRES))
def test_rule_fires(rule_id: str) -> None:
    change, severity = FIRES[rule_id]
    data = sample.data()
    change(data)
    findings = [f for f in check(report_from_json(data)) if f.rule == rule_id]
    assert findings, f"{rule_id} did not fire"
    assert findings[0].severity == severity
    assert findings[0].message


def test_every_rule_has_a_firing_test() -> None:
    # I001: see test_crashing_rule_is_reported; X4xx need last year's report too: tests/check/test_cross_document.py
    single = {r.id for r in ALL_RULES if r.section != "cross_document"}
    assert single - set(FIRES) == {"I001"}


def test_crashing_rule_is_reported_not_silent() -> None:
    def broken(report: object) -> list[object]:
        raise ZeroDivisionError("division by zero")

    bad = Rule("Z999", "broken", "error", "table", "坏规则", "", "", broken)  # type: ignore[arg-type]
    findings = check(sample.report(), rules=[*ALL_RULES, bad])
    crash = [f for f in findings if f.rule == "I001"]
    assert len(crash) == 1
    assert crash[0].severity == "error"
    assert "Z999" in crash[0].message and "ZeroDivisionError" in crash[0].message


def test_whole_sample_is_clean() -> None:
    assert check(sample.report()) == []


def test_narrative_finding_points_at_its_sentence() -> None:
    data = sample.data()
    _narr(data, "general_budget.by_class.一般公共服务支出.share_pct", "71.73")
    [finding] = [f for f in check(report_from_json(data)) if f.rule == "N402"]
    assert finding.location.page == 9
    assert finding.location.text is not None and "占70.00%" in finding.location.text
    assert finding.location.box is not None and finding.location.box.top == 300


def test_table_finding_points_at_its_cell_box() -> None:
    data = sample.data()
    _row(data, "expenditure", "201")["values"][1] = "55.00"
    findings = [f for f in check(report_from_json(data)) if f.rule == "A201"]
    [row_total] = [f for f in findings if f.location.row_code == "201"]
    assert row_total.location.page == 4
    assert row_total.location.column == "本年支出合计"  # the printed header of 支出决算表 column 1
    assert row_total.location.box is not None and row_total.location.box.x0 == 300
    assert "80.00" in row_total.message and "85.00" in row_total.message


def test_rounding_difference_is_info_not_error() -> None:
    data = sample.data()
    _tables(data)["general_budget"]["total"][0] = "100.01"  # 2 classes: up to 0.01 is rounding
    findings = [f for f in check(report_from_json(data)) if f.rule == "A203"]
    assert [f.severity for f in findings] == ["info"]
    assert findings[0].message.startswith("取整差异")


def test_share_nudged_to_add_up_to_100_is_info() -> None:
    data = sample.data()
    _narr(data, "income_parts.其他收入.pct", "9.11")  # 10/110 is at most 9.0959: one unit off
    findings = [f for f in check(report_from_json(data)) if f.rule == "N402"]
    assert [f.severity for f in findings] == ["info"]


def test_zero_over_zero_completion_is_only_a_warning() -> None:
    data = sample.data()
    _narr(data, "three_public.overseas", {"actual": "0.00", "completion_pct": "0"})
    findings = [f for f in check(report_from_json(data)) if f.rule == "N405"]
    assert [f.severity for f in findings] == ["warning"]


def test_previous_year_zero_growth_is_a_note() -> None:
    data = sample.data()
    _narr(data, "change", "115.00")
    _narr(data, "change_pct", "100.00")
    findings = [f for f in check(report_from_json(data)) if f.rule == "N403"]
    assert [f.severity for f in findings] == ["info"]
    assert "取整差异" not in findings[0].message


def test_unit_statement_is_not_template_residue() -> None:
    data = sample.data()
    _replace_text(data, "第四部分 名词解释", "第四部分 名词解释 本表金额单位为万元")
    assert not [f for f in check(report_from_json(data)) if f.rule == "C203"]


def test_class_share_of_the_whole_year_spending_is_accepted() -> None:
    data = sample.data()
    _narr(data, "general_budget.by_class.一般公共服务支出.share_pct", "63.64")  # 70 / 110 (本年支出合计)
    assert not [f for f in check(report_from_json(data)) if f.rule == "N402"]


def test_only_some_projects_listed_is_a_warning() -> None:
    data = sample.data()
    data["performance"]["self_evaluated"]["projects"] = 3
    findings = [f for f in check(report_from_json(data)) if f.rule == "P504"]
    assert [f.severity for f in findings] == ["warning"]


def test_unchanged_zero_is_not_reported() -> None:
    data = sample.data()
    _narr(data, "three_public", {"actual": "0.00", "change": "0", "change_pct": "0"})
    assert not [f for f in check(report_from_json(data)) if f.rule == "N403"]


def test_completion_of_the_wrong_budget_is_found() -> None:
    data = sample.data()
    _replace_text(data, "完成年初预算的77.78%", "完成全年预算的77.78%")
    findings = [f for f in check(report_from_json(data)) if f.rule == "N411"]
    assert [f.severity for f in findings] == ["error"]
    assert findings[0].location.page == 9 and "全年预算" in (findings[0].location.text or "")


def test_item_sentence_does_not_reach_into_the_next_sentence() -> None:
    data = sample.data()
    _replace_text(data, "一般公共预算财政拨款支出年初预算为125.00万元",
                  "社会保障和就业支出（类）30.00万元，占30.00%；一般公共预算财政拨款支出年初预算为125.00万元")
    assert not [f for f in check(report_from_json(data)) if f.rule == "N412"]


def test_direction_against_the_other_budget_is_not_judged() -> None:
    data = sample.data()
    _replace_text(data, "决算数小于预算数。", "决算数大于全年预算数。")  # the sentence gives only 年初预算
    assert not [f for f in check(report_from_json(data)) if f.rule == "N406"]


def test_a_cell_the_reader_could_not_place_is_not_judged() -> None:
    data = sample.data()
    row = _row(data, "income", "2010101")
    row["values"][6] = None  # the reader could not tell which column 10.00 belongs to
    row["ambiguous"] = ["other"]
    data["problems"] = [{"kind": "ambiguous", "table": "income", "message": "2010101: other left blank"}]
    findings = check(report_from_json(data))
    assert [f.rule for f in findings if f.severity == "error"] == []
    assert [f.rule for f in findings] == ["C105"]


def test_a_difference_in_a_table_the_reader_could_not_fully_read_is_a_warning() -> None:
    data = sample.data()
    data["tables"]["general_budget"]["rows"] = [
        r for r in data["tables"]["general_budget"]["rows"] if not r["code"].startswith("208")]
    data["problems"] = [{"kind": "unreadable", "table": "general_budget", "page": 6, "message": "第2页表格线缺失"}]
    findings = [f for f in check(report_from_json(data)) if f.rule == "A203"]
    assert findings and {f.severity for f in findings} == {"warning"}
    assert "一般公共预算财政拨款支出决算表读取不完整，请人工核对" in findings[0].message
    assert findings[0].doubt and "读取不完整" in findings[0].doubt


def test_level_said_of_a_change_that_is_not_zero() -> None:
    data = sample.data()
    data["narrative"]["sources"]["operating_costs.change"] = {"page": 9, "text": "机关运行经费支出与2023年度持平"}
    findings = [f for f in check(report_from_json(data)) if f.rule == "N406"]
    assert [f.severity for f in findings] == ["error"]
    assert findings[0].location.path == "operating_costs.change"
    data["narrative"]["operating_costs"].update(change="0", change_pct="0")
    assert not [f for f in check(report_from_json(data)) if f.rule == "N406"]


def test_unchosen_template_alternative_is_residue() -> None:
    data = sample.data()
    _replace_text(data, "决算数小于预算数的主要原因", "决算数大于（小于）预算数的主要原因")
    findings = [f for f in check(report_from_json(data)) if f.rule == "C203"]
    assert len(findings) == 1 and "大于（小于）" in findings[0].message


def test_fund_table_closing_balance_against_the_fiscal_summary() -> None:
    data = sample.data()
    _gov_fund(data)
    data["tables"]["gov_fund"]["total"] = ["1.00", "5.00", "4.00", "4.00", None, "2.00"]  # balances: 1 + 5 - 4
    fiscal = data["tables"]["fiscal_summary"]
    fiscal["closing_balance"] = [N, N, "3.00", N]
    findings = [f for f in check(report_from_json(data)) if f.rule == "X303" and "年末" in f.message]
    assert [(f.severity, f.printed, f.expected) for f in findings] == [("error", "3.00", "2.00")]


def test_class_names_cut_short_in_the_summary_still_match() -> None:
    data = sample.data()
    _line(data, "summary", "expenditure", "社会保障和就业支出")["name"] = "社会保障和就业"
    assert not [f for f in check(report_from_json(data)) if f.rule == "X302"]


def test_income_of_one_fund_is_compared_with_its_summary_line() -> None:
    data = sample.data()
    data["narrative"]["income_parts"] = {"一般公共预算财政拨款收入": {"amount": "100.00", "pct": "90.91"},
                                         "其他收入": {"amount": "10.00", "pct": "9.09"}}
    assert check(report_from_json(data)) == []
    data["narrative"]["income_parts"]["一般公共预算财政拨款收入"]["amount"] = "101.00"
    findings = [f for f in check(report_from_json(data)) if f.rule == "N401"]
    assert [f.related[0].row_name for f in findings] == ["一般公共预算财政拨款收入"]


@pytest.mark.parametrize(("share", "fires"), [("83.33", False), ("125.00", False), ("62.50", True)])
def test_self_evaluated_share_of_either_project_total(share: str, fires: bool) -> None:
    """25.00 is 83.33% of 项目支出 (30.00, all funds) and 125.00% of the 一般公共预算 项目支出 (20.00): a report
    may mean either; 62.50% is of neither."""
    data = sample.data()
    data["performance"]["self_evaluated"]["share_pct"] = share
    findings = [f for f in check(report_from_json(data)) if f.rule == "P504"]
    assert [f.severity for f in findings] == (["error"] if fires else [])
