"""Odd but possible reports never crash a rule (a crash would be an I001 finding)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from juesuan.check import check
from juesuan.model import Box, Cell, Narrative, Page, Performance, Report, Row, Table, TextLine
from juesuan.model_json import report_from_json
from tests.check import sample


def _ragged() -> Report:
    """Rows shorter than their columns, codes of odd lengths, blank totals, a table with no rows."""
    data = sample.data()
    tables = data["tables"]
    tables["income"]["rows"][0]["values"] = ["80.00"]
    tables["expenditure"]["rows"].append({"code": "2", "name": "奇怪", "values": []})
    tables["expenditure"]["rows"].append({"code": None, "name": "无编码", "values": [None, None]})
    tables["general_budget"]["total"] = None
    tables["summary"]["expenditure"].append({"name": "", "values": []})
    tables["fiscal_summary"]["grand_total"] = {"income": [], "expenditure": []}
    tables["basic_expenditure"]["rows"] = []
    return report_from_json(data)


def _odd_facts() -> Report:
    report = sample.report()
    report.narrative = Narrative(facts={
        "total": "持平", "change": None, "change_pct": Decimal("5"),
        "income_parts": {"财政拨款收入": "全部", "其他": {"amount": None, "pct": Decimal("0")}},
        "general_budget": {"by_class": ["不是字典"], "completion_pct": Decimal("90"), "budget": 0},
        "three_public": {"overseas": "0", "completion_pct": Decimal("0")},
        "procurement": {"total": Decimal("0")},
        "operating_costs": {"amount": Decimal("1"), "change": Decimal("1"), "change_pct": Decimal("100")},
    })
    report.performance = Performance(
        overall={"budget": Decimal("0"), "actual": Decimal("1"), "execution_rate": Decimal("0"),
                 "score": Decimal("0"), "total_score": Decimal("0")},
        self_evaluated={"projects": "八", "amount": None, "share_pct": Decimal("10")},
        projects=[{"name": None}, {"budget": "x", "actual": Decimal("1")}],
        indicators=[{"score": "满分"}, {}],
    )
    return report


def _empty() -> Report:
    return Report()


def _only_text() -> Report:
    lines = [TextLine("某局2024年度部门决算", None), TextLine("", None)]
    return Report(department="某局", year=2024, pages=[Page(1, lines)])


def _three_public_cells_only() -> Report:
    table = Table(key="three_public", cells={"actual.total": Cell(None, Box(3, 1, 2, 3, 4))})
    basic = Table(key="basic_expenditure", columns=["amount"], rows=[Row("公务接待费", [Decimal("1.00")], "30217")])
    return Report(tables={"three_public": table, "basic_expenditure": basic})


CASES: dict[str, Any] = {
    "ragged tables": _ragged,
    "odd narrative and performance values": _odd_facts,
    "empty report": _empty,
    "text only": _only_text,
    "三公 cells only": _three_public_cells_only,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_rule_crashes(name: str) -> None:
    findings = check(CASES[name]())
    crashes = [f.message for f in findings if f.rule == "I001"]
    assert crashes == []
