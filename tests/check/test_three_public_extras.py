"""三公 tables with 会议费 and 培训费: the model's JSON form, the checks (A207, N407, X306) and compose."""

from __future__ import annotations

from typing import Any

from juesuan.check import check
from juesuan.check.rules.three_public import identities
from juesuan.model import Table
from juesuan.model_json import report_from_json, report_to_json, table_from_json, table_to_json
from tests.check import sample

Data = dict[str, Any]

# 三公 5.00 / 4.00 as in the sample, plus 会议费 2.00 / 1.50 and 培训费 1.00 / 0.50
BUDGET = {"total": "8.00", "overseas": "0.00", "vehicles": "3.00", "vehicle_purchase": "1.00",
          "vehicle_operation": "2.00", "reception": "2.00", "meeting": "2.00", "training": "1.00"}
ACTUAL = {"total": "6.00", "overseas": "0.00", "vehicles": "2.00", "vehicle_purchase": "0.50",
          "vehicle_operation": "1.50", "reception": "2.00", "meeting": "1.50", "training": "0.50"}


def _with_extras(total_includes: list[str] | None, budget_total: str = "8.00", actual_total: str = "6.00") -> Data:
    data = sample.data()
    three = data["tables"]["three_public"]
    three["budget"] = {**BUDGET, "total": budget_total}
    three["actual"] = {**ACTUAL, "total": actual_total}
    if total_includes is not None:
        three["total_includes"] = total_includes
    return data


def _findings(data: Data, rule: str) -> list[Any]:
    return [f for f in check(report_from_json(data)) if f.rule == rule]


def test_a_total_including_meeting_and_training_is_consistent() -> None:
    data = _with_extras(["meeting", "training"])
    assert _findings(data, "A207") == []
    assert _findings(data, "N407") == []  # the text's 三公 total 4.00 = 合计 6.00 - 会议费 1.50 - 培训费 0.50


def test_a_three_public_total_that_adds_meeting_and_training_is_an_error() -> None:
    """Where the table says its 合计 is the 三公 total (total_includes empty), 8.00 ≠ 0 + 3 + 2."""
    found = _findings(_with_extras([]), "A207")
    assert [f.severity for f in found] == ["error", "error"]
    assert "预算数 合计：打印 8.00" in found[0].message and "= 5.00" in found[0].message


def test_the_three_public_total_beside_meeting_and_training_columns() -> None:
    data = _with_extras([], budget_total="5.00", actual_total="4.00")
    assert _findings(data, "A207") == [] and _findings(data, "N407") == []
    wrong = _with_extras(["meeting", "training"], actual_total="6.50")
    assert [f.severity for f in _findings(wrong, "A207")] == ["error"]


def test_identities_follow_the_table() -> None:
    plain = Table("three_public")
    assert identities(plain)[0] == ("total", ("overseas", "vehicles", "reception"))
    wide = Table("three_public", total_includes=["meeting", "training"])
    assert identities(wide)[0] == ("total", ("overseas", "vehicles", "reception", "meeting", "training"))


def test_meeting_in_the_basic_table_against_the_three_public_table() -> None:
    data = _with_extras(["meeting", "training"])
    rows = data["tables"]["basic_expenditure"]["rows"]
    rows.insert(4, {"code": "30215", "name": "会议费", "values": ["1.80"]})
    rows[3]["values"] = ["16.20"]  # 30201 办公费: 302 stays 20.00
    found = _findings(data, "X306")
    assert len(found) == 1 and "30215 会议费" in found[0].message and found[0].severity == "error"
    rows[4]["values"] = ["1.50"]
    rows[3]["values"] = ["16.50"]
    assert _findings(data, "X306") == []


def test_an_empty_three_public_table_says_nothing_of_meeting_costs() -> None:
    data = sample.data()
    data["tables"]["three_public"] = {"empty": True, "note": "本部门无“三公”经费支出，故本表无数据。", "pages": [8]}
    rows = data["tables"]["basic_expenditure"]["rows"]
    rows[4] = {"code": "30215", "name": "会议费", "values": ["2.00"]}  # was 30217 公务接待费 2.00
    assert _findings(data, "X306") == []


def test_json_form_keeps_meeting_training_basis_and_total() -> None:
    data = _with_extras(["meeting", "training"])
    data["tables"]["three_public"]["budget_basis"] = "full_year"
    report = report_from_json(data)
    three = report.tables["three_public"]
    assert three.budget_basis == "full_year" and three.total_includes == ["meeting", "training"]
    out = report_to_json(report)["tables"]["three_public"]
    assert out["budget"] == BUDGET and out["actual"] == ACTUAL
    assert (out["budget_basis"], out["total_includes"]) == ("full_year", ["meeting", "training"])
    again = table_from_json("three_public", table_to_json(three))
    assert table_to_json(again) == table_to_json(three)
    plain = table_to_json(sample.report().tables["three_public"])
    assert "budget_basis" not in plain and "total_includes" not in plain


def test_compose_prints_meeting_and_training_columns() -> None:
    from juesuan.compose.table_grids import table_grid
    from juesuan.compose.terminal import render_table

    three = report_from_json(_with_extras(["meeting", "training"])).tables["three_public"]
    grid = table_grid(three)
    assert len(grid.widths) == 16
    texts = [cell.text for row in grid.header for cell in row]
    assert "会议费" in texts and "培训费" in texts
    assert [cell.text for cell in grid.body[0]][-4:] == ["2.00", "1.50", "1.00", "0.50"]
    lines = "\n".join(render_table(three))
    assert "会议费" in lines and "培训费" in lines
    plain = table_grid(sample.report().tables["three_public"])
    assert len(plain.widths) == 12


def test_workbook_round_trip_keeps_meeting_and_training(tmp_path: Any) -> None:
    from juesuan.compose.workbook_template import workbook_bytes
    from juesuan.read.workbook import read_workbook

    report = report_from_json(_with_extras(None))  # no total_includes: the workbook reader decides
    path = tmp_path / "t.xlsx"
    path.write_bytes(workbook_bytes(report))
    back = read_workbook(path).tables["three_public"]
    assert {k: c.value for k, c in back.cells.items()} == {
        k: c.value for k, c in report.tables["three_public"].cells.items()}
    assert back.total_includes == ["meeting", "training"]  # 8.00 = 0 + 3 + 2 + 2 + 1, not 0 + 3 + 2


def test_composed_table_with_meeting_and_training_reads_back(tmp_path: Any) -> None:
    """Compose writes the 16-column table under its own title; the PDF reader reads it back the same."""
    import juesuan
    from juesuan.compose.pdf import report_pdf

    report = report_from_json(_with_extras(["meeting", "training"]))
    path = tmp_path / "composed.pdf"
    path.write_bytes(report_pdf(report))
    back = juesuan.read(path).tables["three_public"]
    assert back.title == "财政拨款“三公”经费及会议费、培训费支出决算表"
    assert {k: c.value for k, c in back.cells.items()} == {
        k: c.value for k, c in report.tables["three_public"].cells.items()}
    assert back.total_includes == ["meeting", "training"]


def test_cells_the_reader_left_in_doubt_are_not_judged() -> None:
    # a text reader that could not tell 购置费 from 运行维护费 leaves both blank and says so on the table
    data = sample.data()
    three = data["tables"]["three_public"]
    three["budget"] = {**BUDGET, "vehicle_purchase": None, "vehicle_operation": None,
                       "total": "5.00", "meeting": None, "training": None}
    assert [f.severity for f in _findings(data, "A207")] == ["error"]  # 公务用车 3.00 ≠ blank + blank
    three["ambiguous"] = ["budget.vehicle_purchase", "budget.vehicle_operation"]
    three["candidates"] = [{"budget.vehicle_purchase": "3.00"}, {"budget.vehicle_operation": "3.00"}]
    assert _findings(data, "A207") == []
