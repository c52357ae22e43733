"""X4xx: this year's 上年 figures against last year's report of the same department.

The sample report (tests/check/sample.py) says 总计 115.00, 比上年减少 5.00; 一般公共预算 100.00, 增加 10.00;
三公 4.00, 增加 1.00; 机关运行经费 20.00, 增加 2.00.  Its last year, consistent with that, prints 120.00,
90.00, 3.00 and 18.00; each test then changes one figure, in last year's report or in this year's text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from juesuan.check import check
from juesuan.check.rules.cross_document import check_against_previous
from juesuan.model_json import report_from_json
from tests.check import sample


def last_year_data() -> dict[str, Any]:
    """Last year's report of the sample department, agreeing with every 上年 figure this year states."""
    data = sample.data()
    data["year"] = 2023
    tables = data["tables"]
    tables["summary"]["grand_total"] = {"income": ["120.00"], "expenditure": ["120.00"]}
    tables["fiscal_summary"]["grand_total"] = {"income": ["95.00"], "expenditure": ["95.00", "95.00", None, None]}
    tables["general_budget"]["total"] = ["90.00", "70.00", "20.00"]
    tables["three_public"]["actual"]["total"] = "3.00"
    tables["three_public"]["actual"]["reception"] = "1.00"
    data["narrative"] = {"total": "120.00", "operating_costs": {"amount": "18.00"},
                         "fiscal": {"total": "95.00"}}
    return data


def this_year_data() -> dict[str, Any]:
    data = sample.data()
    data["narrative"]["fiscal"] = {"total": "100.00", "previous": "95.00", "change": "5.00", "change_pct": "5.26"}
    data["narrative"]["three_public"]["reception"]["previous"] = "1.00"
    return data


def x4(this: dict[str, Any], previous: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f.rule, f.severity) for f in check_against_previous(report_from_json(this), report_from_json(previous))]


def test_silent_when_last_year_agrees() -> None:
    assert x4(this_year_data(), last_year_data()) == []


def test_silent_without_a_previous_report() -> None:
    report = report_from_json(this_year_data())
    assert not [f for f in check(report) if f.rule.startswith("X4")]


def _set(path: str, value: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node: Any = data
        *parents, leaf = [int(p) if p.isdigit() else p for p in path.split("/")]
        for part in parents:
            node = node[part]
        node[leaf] = value
    return change


FIRING: list[tuple[str, bool, Callable[[dict[str, Any]], None]]] = [
    # last year's table printed something else than this year's 上年 figure
    ("X401", True, _set("tables/summary/grand_total/income/0", "130.00")),
    ("X402", True, _set("tables/fiscal_summary/grand_total/income/0", "96.00")),
    ("X403", True, _set("tables/general_budget/total/0", "80.00")),
    ("X404", True, _set("tables/three_public/actual/total", "3.50")),
    ("X404", True, _set("tables/three_public/actual/reception", "1.50")),
    ("X405", True, _set("narrative/operating_costs/amount", "19.00")),
    # this year's text states another 上年 figure or change
    ("X401", False, _set("narrative/change", "-6.00")),
    ("X402", False, _set("narrative/fiscal/previous", "94.00")),
    ("X403", False, _set("narrative/general_budget/change", "12.00")),
    ("X405", False, _set("narrative/operating_costs/change", "3.00")),
]


def test_every_cross_document_rule_has_a_firing_test() -> None:
    from juesuan.check.rules.cross_document import RULES

    assert {r.id for r in RULES} == {rule for rule, _, _ in FIRING}


@pytest.mark.parametrize(("rule", "in_previous", "change"), FIRING)
def test_fires_on_a_different_last_year_figure(rule: str, in_previous: bool,
                                               change: Callable[[dict[str, Any]], None]) -> None:
    this, previous = this_year_data(), last_year_data()
    change(previous if in_previous else this)
    assert x4(this, previous) == [(rule, "warning")]


def test_falls_back_to_last_years_narrative_without_its_table() -> None:
    previous = last_year_data()
    del previous["tables"]["summary"]
    previous["narrative"]["total"] = "121.00"
    findings = check_against_previous(report_from_json(this_year_data()), report_from_json(previous))
    assert [(f.rule, f.printed, f.expected) for f in findings] == [("X401", "-5.00", "-6.00")]
    assert "上年报告（2023年度）情况说明" in findings[0].message


def test_a_cent_off_through_a_change_is_rounding() -> None:
    previous = last_year_data()
    previous["tables"]["summary"]["grand_total"]["income"] = ["120.01"]
    assert x4(this_year_data(), previous) == [("X401", "info")]


def test_last_years_empty_three_public_table_counts_as_zero() -> None:
    previous = last_year_data()
    previous["tables"]["three_public"] = {"empty": True, "note": "本部门无“三公”经费支出。"}
    this = this_year_data()
    this["narrative"]["three_public"]["reception"].pop("previous")
    assert x4(this, previous) == [("X404", "warning")]  # 4.00 − 1.00 = 3.00, but last year printed none


def test_refuses_a_report_that_is_not_last_years() -> None:
    previous = last_year_data()
    previous["year"] = 2021
    with pytest.raises(ValueError, match="2023"):
        check_against_previous(report_from_json(this_year_data()), report_from_json(previous))


def test_rules_are_in_the_catalogue() -> None:
    from juesuan.check import RULES_BY_ID

    for rid in ("X401", "X402", "X403", "X404", "X405"):
        assert RULES_BY_ID[rid].section == "cross_document"


def _previous_of_putuo(total: str) -> dict[str, Any]:
    """A 2023 report of 上海市普陀区财政局 built from the 2024 answer: the figures the 2024 text implies
    (总计 2995.39 − (−56.95) = 3052.34; 一般公共预算 2940.05 + 63.14 = 3003.19; 机关运行经费 184.65 − 2.55 =
    182.10; 三公 持平 at 0.00), but a 财政拨款 total of 3001.00, not the 0.3 the 2024 text prints."""
    import json

    from tests.conftest import corpus_file

    data = json.loads(corpus_file("putuo-czj-2024.expected.json").read_text(encoding="utf-8"))
    data["year"] = 2023
    tables = data["tables"]
    tables["summary"]["grand_total"] = {"income": [total], "expenditure": [total]}
    tables["fiscal_summary"]["grand_total"]["income"] = ["3001.00"]
    tables["general_budget"]["total"][0] = "3003.19"
    tables["three_public"]["actual"] = {"total": "0.00"}
    data["narrative"] = {"operating_costs": {"amount": "182.10"}}
    return data


def test_a_real_report_against_its_previous_year() -> None:
    from juesuan import read
    from tests.conftest import corpus_file

    report = read(corpus_file("putuo-czj-2024.pdf"))
    findings = check_against_previous(report, report_from_json(_previous_of_putuo("3052.34")))
    assert [(f.rule, f.location.page) for f in findings] == [("X402", 21)]
    assert findings[0].location.text == "与2023年度相比，财政拨款收入支出总计持平。"
    assert "即上年 0.30 万元" in findings[0].message and "3001.00" in findings[0].message
    findings = check_against_previous(report, report_from_json(_previous_of_putuo("3000.00")))
    assert sorted(f.rule for f in findings) == ["X401", "X402"]
