"""Reports in layouts other than the nine tables (a 高等学校 report, an unknown layout): read, not refused;
their tables kept as generic tables and checked by the generic arithmetic rules."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan import check, read
from juesuan.cli import main
from juesuan.model import GENERIC_KEY, Report, Table
from juesuan.model_json import report_from_json, report_to_json
from tests.synthetic_reports import university_pdf, unknown_layout_pdf

D = Decimal
GENERIC_RULES = ("A211", "A212", "A213")


def _other(report: Report, title: str) -> Table:
    return next(t for t in report.other_tables if t.title == title)


def test_university_report_is_read_not_refused(tmp_path: Path) -> None:
    report = read(university_pdf(tmp_path))
    # 表三 支出决算表 prints the standard columns: it is the standard table
    assert list(report.tables) == ["expenditure"]
    expenditure = report.tables["expenditure"]
    assert expenditure.columns == ["total", "basic", "project", "operating"]
    assert expenditure.total == [D("1540.00"), D("970.00"), D("550.00"), D("20.00")]
    # the others are kept as printed
    assert [(t.key, t.title, t.pages) for t in report.other_tables] == [
        (GENERIC_KEY, "表一收支决算总表（收入）", [2]),
        (GENERIC_KEY, "表一收支决算总表（支出）", [2]),
        (GENERIC_KEY, "表二收入决算表", [3]),
        (GENERIC_KEY, "表四财政拨款支出决算表", [5]),
    ]
    income = _other(report, "表二收入决算表")
    assert income.header == ["本年收入合计", "财政补助收入", "事业收入/小计", "事业收入/教育事业收入",
                             "事业收入/科研事业收入", "经营收入", "其他收入"]
    assert income.total == [D("1540.00"), D("820.00"), D("510.00"), D("400.00"), D("110.00"), D("20.00"),
                            D("190.00")]
    assert [r.code for r in income.rows] == ["205", "20502", "2050205", "206", "20603", "2060302", "208", "20805",
                                            "2080505"]
    row = income.rows[5]
    assert (row.name, row.values) == ("社会公益研究", [D("210.00"), D("60.00"), D("110.00"), None, D("110.00"),
                                                      None, D("40.00")])
    assert row.page == 3 and row.boxes is not None and all(b is not None for b in row.boxes)
    summary_income = _other(report, "表一收支决算总表（收入）")
    assert summary_income.header == ["收入/年初预算数", "收入/决算数"]
    assert summary_income.total == [D("1500.00"), D("1540.00")]
    assert [r.name for r in summary_income.rows][-1] == "收入总计"
    fiscal = _other(report, "表四财政拨款支出决算表")
    assert fiscal.header == ["合计", "基本支出/小计", "基本支出/人员经费", "基本支出/日常公用经费", "项目支出"]
    # why the titled standard-looking tables became generic tables: a reading note, not a defect
    notes = {p.table: p.message for p in report.problems if p.kind == "info"}
    assert set(notes) == {"summary", "income"}
    assert "事业收入/科研事业收入" in notes["income"]
    assert [p for p in report.problems if p.kind != "info"] == []


def test_university_tables_round_trip_through_the_json_form(tmp_path: Path) -> None:
    report = read(university_pdf(tmp_path))
    data = json.loads(json.dumps(report_to_json(report, with_pages=False), ensure_ascii=False))
    assert [t["key"] for t in data["other_tables"]] == [GENERIC_KEY] * 4
    assert "columns" not in data["other_tables"][2] and data["other_tables"][2]["header"][0] == "本年收入合计"
    again = report_from_json(data)

    def content(r: Report) -> list[object]:
        return [(t.key, t.title, t.pages, t.header, t.total, [(w.code, w.name, w.values, w.page) for w in t.rows])
                for t in r.other_tables]

    assert content(again) == content(report)
    assert report_to_json(again, with_pages=False) == data


def _generic_findings(report: Report) -> list[tuple[str, str, str, str | None, int | None]]:
    """(rule, severity, row code or "" for the 合计 line, column, page) of the generic rules' findings, sorted."""
    return sorted((f.rule, f.severity, f.location.row_code or "", f.location.column, f.location.page)
                  for f in check(report) if f.rule in GENERIC_RULES)


def test_university_generic_tables_are_silent_when_they_add_up(tmp_path: Path) -> None:
    assert _generic_findings(read(university_pdf(tmp_path))) == []


def test_university_planted_errors_are_found_at_their_cells(tmp_path: Path) -> None:
    report = read(university_pdf(tmp_path, planted=True))
    found = _generic_findings(report)
    assert found == sorted([
        # 表二 2050205 事业收入/小计 410.00: its own parts (400 + 0), its row's 本年收入合计, its parent 20502
        ("A211", "warning", "2050205", "事业收入/小计", 3),
        ("A211", "warning", "2050205", "本年收入合计", 3),
        ("A212", "warning", "20502", "事业收入/小计", 3),
        # 表四 合计 line 830.00: not 基本支出/小计 + 项目支出, nor the sum of the 类
        ("A211", "warning", "", "合计", 5),
        ("A213", "warning", "", "合计", 5),
    ])
    finding = next(f for f in check(report) if f.rule == "A211" and f.location.row_code == "2050205"
                   and f.location.column == "事业收入/小计")
    assert finding.printed == "410.00" and finding.expected == "400.00"
    assert finding.location.table == "表二收入决算表" and finding.location.box is not None


def test_unknown_layout_report_gives_one_generic_table_over_two_pages(tmp_path: Path) -> None:
    report = read(unknown_layout_pdf(tmp_path))
    assert report.tables == {}
    (table,) = report.other_tables
    assert table.title == "某某县某某局2019年度部门支出明细情况表"
    assert table.pages == [2, 3]
    assert table.header == ["本年支出/合计", "本年支出/人员经费", "本年支出/公用经费", "本年支出/项目支出",
                            "年末结转结余"]
    assert [r.code for r in table.rows] == ["201", "20103", "2010301", "2010302", "208", "20805", "2080505"]
    assert [r.page for r in table.rows] == [2, 2, 2, 2, 3, 3, 3]
    assert table.total == [D("1200.00"), D("700.00"), D("200.00"), D("300.00"), D("50.00")]
    assert _generic_findings(report) == []


def test_unknown_layout_planted_error_is_found(tmp_path: Path) -> None:
    found = _generic_findings(read(unknown_layout_pdf(tmp_path, planted=True)))
    assert found == [("A211", "warning", "", "本年支出/合计", 2), ("A213", "warning", "", "本年支出/合计", 2)]


@pytest.mark.parametrize("make", [university_pdf, unknown_layout_pdf], ids=["university", "unknown-layout"])
def test_parse_exits_0_and_shows_the_other_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  make: object) -> None:
    pdf = make(tmp_path)  # type: ignore[operator]
    assert main(["parse", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert "其他表格 (other tables)" in out
    assert "[其他表格]" in out
    assert main(["parse", str(pdf), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["other_tables"] and all(t["key"] == GENERIC_KEY for t in data["other_tables"])
