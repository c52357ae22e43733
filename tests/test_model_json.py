"""The model's JSON form reads the spec's answers and writes them back unchanged."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from juesuan.model_json import report_from_json, report_to_json
from tests.conftest import corpus_file


@pytest.mark.parametrize("name", ["hanyang-zzb-2022", "putuo-czj-2024", "putuo-shgzb-2024"])
def test_expected_answers_round_trip(name: str) -> None:
    data = json.loads(corpus_file(f"{name}.expected.json").read_text(encoding="utf-8"))
    report = report_from_json(data)
    again = report_to_json(report, with_pages=False)
    for key in ("department", "year", "unit"):
        assert again[key] == data[key]
    assert again["tables"] == data["tables"]
    assert again["narrative"] == data["narrative"]
    if "performance" in data:
        assert again["performance"] == data["performance"]


def test_amounts_are_decimals() -> None:
    data = json.loads(corpus_file("hanyang-zzb-2022.expected.json").read_text(encoding="utf-8"))
    report = report_from_json(data)
    row = report.tables["income"].rows[0]
    assert row.values[0] == Decimal("1157.27")
    assert row.values[2] is None
    assert report.narrative.get("general_budget.by_class.住房保障支出.completion_pct") is None
