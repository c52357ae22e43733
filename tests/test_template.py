"""The 决算填报 workbook: write -> read_workbook gives the same tables; hints and validation are there."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from juesuan.model_json import report_from_json, report_to_json

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "example-2022.json"


def _tables(report_json: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, table in report_json["tables"].items():
        t = {k: v for k, v in table.items() if k not in ("pages", "title", "total_locations", "cell_boxes",
                                                           "total_boxes", "total_cells", "cell_refs")}
        for side in ("rows", "income", "expenditure"):
            if side in t:
                t[side] = [{k: v for k, v in r.items() if k in ("code", "name", "values")} for r in t[side]]
        out[key] = t
    return out


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from juesuan.compose.workbook_template import workbook_bytes

    report = report_from_json(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    path = tmp_path_factory.mktemp("wb") / "决算填报.xlsx"
    path.write_bytes(workbook_bytes(report))
    return path


def test_workbook_round_trip_gives_the_same_tables(workbook: Path) -> None:
    from juesuan.read.workbook import read_workbook

    original = report_to_json(report_from_json(json.loads(EXAMPLE.read_text(encoding="utf-8"))), with_pages=False)
    back = report_to_json(read_workbook(workbook), with_pages=False)
    assert _tables(back) == _tables(original)
    assert back["department"] == original["department"] and back["year"] == original["year"]
    back["performance"].pop("sources")  # where each figure was typed (绩效自评!B3 ...)
    assert back["performance"] == original["performance"]


def test_workbook_round_trip_keeps_the_officers_inputs(workbook: Path) -> None:
    from juesuan.read.workbook import read_workbook

    report = read_workbook(workbook)
    n = report.narrative
    assert str(n.get("previous_total")) == "1542.46"
    assert str(n.get("general_budget.budget")) == "1867.57"
    assert str(n.get("general_budget.by_class.农林水支出.budget")) == "5.00"
    assert str(n.get("procurement.services")) == "5.36"
    assert n.get("assets.vehicles") == 0
    assert len(n.get("projects")) == 8


def test_juesuan_read_dispatches_xlsx(workbook: Path) -> None:
    from juesuan.read import read

    assert read(workbook).tables["income"].total is not None


def test_workbook_has_sheets_headers_and_validation(workbook: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(workbook)
    names = wb.sheetnames
    assert "基本信息" in names and "补充信息" in names and "绩效自评" in names
    assert sum(1 for n in names if n.startswith("表")) == 9
    income = wb["表2 收入决算表"]
    headers = [c.value for c in income[3]]
    assert headers[:4] == ["功能分类科目编码", "科目名称", "本年收入合计", "财政拨款收入"]
    expenditure = wb["表3 支出决算表"]
    assert "经营支出" in [c.value for c in expenditure[3]]
    kinds = {dv.type for dv in income.data_validations.dataValidation}
    assert {"custom"} <= kinds
    prompts = [dv.prompt for dv in income.data_validations.dataValidation]
    assert any(p and "两位小数" in p for p in prompts)
    basic = wb["表6 一般公共预算财政拨款基本支出决算表"]
    assert any(dv.type == "list" for dv in basic.data_validations.dataValidation)


def test_blank_template_lists_codes_and_reads_as_unfilled(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from juesuan.cli import main
    from juesuan.errors import UnfilledWorkbook
    from juesuan.read.workbook import read_workbook

    out = tmp_path / "blank.xlsx"
    assert main(["template", "-o", str(out)]) == 0
    wb = load_workbook(out)
    basic = wb["表6 一般公共预算财政拨款基本支出决算表"]
    assert basic["A4"].value == "301" and basic["B4"].value == "工资福利支出"
    with pytest.raises(UnfilledWorkbook):
        read_workbook(out)


def test_filled_workbook_composes(tmp_path: Path, workbook: Path) -> None:
    from juesuan.cli import main

    out = tmp_path / "report.docx"
    assert main(["compose", str(workbook), "-o", str(out)]) == 0
    assert out.stat().st_size > 10000


def test_template_from_text_report_prefills_previous_year(tmp_path: Path) -> None:
    from juesuan.cli import main
    from juesuan.read.workbook import read_workbook
    from tests.conftest import corpus_file

    source = corpus_file("hanyang-zzb-2022.txt")
    out = tmp_path / "seed.xlsx"
    assert main(["template", "--from", str(source), "-o", str(out)]) == 0
    report = read_workbook(out)
    assert str(report.narrative.get("previous_total")) == "1542.46"  # 1405.72 - (-136.74)
    assert report.tables["income"].total is not None


def test_template_next_year_seeds_previous_year_and_structure(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from juesuan.cli import main

    out = tmp_path / "next.xlsx"
    assert main(["template", "--from", str(EXAMPLE), "--next-year", "-o", str(out)]) == 0
    wb = load_workbook(out)
    info = {row[3].value: row[1].value for row in wb["基本信息"].iter_rows(min_row=2) if row[3].value}
    assert info["year"] == 2023
    supplement = {row[4].value: row[2].value for row in wb["补充信息"].iter_rows(min_row=2) if row[4].value}
    assert str(supplement["previous_total"]) == "1405.72"
    income = wb["表2 收入决算表"]
    assert income["A5"].value == "201" and income["C5"].value is None


def test_bad_amount_in_workbook_is_one_clear_error(tmp_path: Path, workbook: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    from juesuan.cli import main

    wb = load_workbook(workbook)
    wb["表2 收入决算表"]["C5"] = "一千"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    assert main(["compose", str(bad), "-o", str(tmp_path / "x.pdf")]) == 15
    err = capsys.readouterr().err
    assert "表2 收入决算表!C5 “一千”" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


def test_performance_indicators_round_trip(tmp_path: Path) -> None:
    from juesuan.compose.workbook_template import workbook_bytes
    from juesuan.read.workbook import read_workbook

    report = report_from_json(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    assert report.performance is not None
    report.performance.indicators = [
        {"goal": "年度目标1", "level1": "产出指标", "level2": "数量指标", "level3": "招录公务员",
         "target": "≥50名", "actual": "53名", "score": "2"},
        {"goal": "年度目标1", "level1": "满意度指标", "level2": "服务对象满意度指标", "level3": "服务对象满意率",
         "target": "≥95%", "actual": "≥95%", "score": "2"},
    ]
    path = tmp_path / "perf.xlsx"
    path.write_bytes(workbook_bytes(report))
    back = read_workbook(path)
    assert back.performance is not None
    assert back.performance.indicators == report.performance.indicators


def test_officer_fills_a_blank_template_and_composes(tmp_path: Path) -> None:
    """The whole path a finance officer takes: blank workbook, a few figures typed in, a checked report out."""
    from openpyxl import load_workbook

    from juesuan.cli import main
    from juesuan.read.workbook import read_workbook

    blank = tmp_path / "决算填报.xlsx"
    assert main(["template", "-o", str(blank)]) == 0
    wb = load_workbook(blank)
    info = wb["基本信息"]
    info["B2"], info["B3"] = "某某区某某局", 2024
    income, expenditure = wb["表2 收入决算表"], wb["表3 支出决算表"]
    lines = [("201", "一般公共服务支出", 100), ("20101", "人大事务", 100), ("2010101", "行政运行", 100),
             ("221", "住房保障支出", 20.5), ("22102", "住房改革支出", 20.5), ("2210201", "住房公积金", 20.5)]
    for i, (code, name, amount) in enumerate(lines, 5):
        income.cell(row=i, column=1, value=code)
        income.cell(row=i, column=2, value=name)
        income.cell(row=i, column=3, value=amount)
        income.cell(row=i, column=4, value=amount)
        expenditure.cell(row=i, column=1, value=code)
        expenditure.cell(row=i, column=2, value=name)
        expenditure.cell(row=i, column=3, value=amount)
        expenditure.cell(row=i, column=4, value=amount)  # all 基本支出
    basic = wb["表6 一般公共预算财政拨款基本支出决算表"]
    for row in basic.iter_rows(min_row=4):
        if row[0].value in ("301", "30101"):
            row[2].value = 120.5
        if row[1].value == "人员经费合计":
            row[2].value, row[5].value = 120.5, 0
    wb["表7 财政拨款三公经费支出决算表"]["D2"] = "本部门本年度没有财政拨款“三公”经费支出，故本表无数据。"
    for sheet, fund in (("表8 政府性基金预算财政拨款收入支出决算表", "政府性基金"),
                        ("表9 国有资本经营预算财政拨款收入支出决算表", "国有资本经营")):
        wb[sheet]["D2"] = f"本部门本年度没有{fund}预算财政拨款收入和支出，故本表无数据。"
    supplement = wb["补充信息"]
    for row in supplement.iter_rows(min_row=2):
        if row[4].value == "previous_total":
            row[2].value = 110
    wb.save(blank)

    report = read_workbook(blank)
    assert str(report.tables["income"].total[0]) == "120.50"  # 合计 left blank: the sum of the 类 lines
    assert [r.code for r in report.tables["basic_expenditure"].rows if r.values[0] is not None] == ["301", "30101"]
    assert report.tables["three_public"].empty
    out = tmp_path / "部门决算.html"
    assert main(["compose", str(blank), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "某某区某某局" in html and "120.50" in html
    assert "增加 10.50 万元，增长 9.55%" in html  # 120.50 against 110.00
    assert "占 82.99%" in html and "占 17.01%" in html  # 100 / 120.5 and 20.5 / 120.5, adding up to 100.00


def _filled(workbook: Path, tmp_path: Path, name: str, cells: dict[tuple[str, str], object]) -> Path:
    from openpyxl import load_workbook

    wb = load_workbook(workbook)
    for (sheet, ref), value in cells.items():
        wb[sheet][ref] = value
    out = tmp_path / name
    wb.save(out)
    return out


@pytest.mark.parametrize(("typed", "reads_as"), [("264,87", None), ("1,157.27", "1157.27"), ("1157.27", "1157.27"),
                                                 ("１１５７．２７", "1157.27"), ("12,34.5", None), ("1e3", None),
                                                 ("NaN", None), ("264，87", None)])
def test_a_comma_that_cannot_be_a_thousands_separator_is_an_error_at_its_cell(
        typed: str, reads_as: str | None, workbook: Path, tmp_path: Path) -> None:
    from juesuan.errors import BadWorkbook
    from juesuan.read.workbook import read_workbook

    path = _filled(workbook, tmp_path, "comma.xlsx", {("表2 收入决算表", "D5"): typed})
    if reads_as is None:
        with pytest.raises(BadWorkbook) as caught:
            read_workbook(path)
        assert f"表2 收入决算表!D5 “{typed}”" in caught.value.message
        if "," in typed or "，" in typed:
            assert "千位分隔符" in caught.value.message
    else:
        income = read_workbook(path).tables["income"]
        assert str(income.rows[0].values[1]) == reads_as


def test_every_bad_cell_is_listed_at_once(workbook: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from juesuan.cli import main

    path = _filled(workbook, tmp_path, "bad.xlsx", {("表2 收入决算表", "D6"): "264,87",
                                                    ("表3 支出决算表", "C7"): "约五十",
                                                    ("补充信息", "C2"): "x"})
    assert main(["compose", str(path), "-o", str(tmp_path / "out.docx")]) == 15
    err = capsys.readouterr().err
    assert "3 处" in err
    for cell in ("表2 收入决算表!D6 “264,87”", "表3 支出决算表!C7 “约五十”", "补充信息!C2 “x”"):
        assert cell in err, cell
    assert not (tmp_path / "out.docx").exists()


def test_compose_of_a_blank_workbook_says_it_is_not_filled_in(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    from juesuan.cli import main
    from juesuan.errors import UnfilledWorkbook

    blank = tmp_path / "blank.xlsx"
    assert main(["template", "-o", str(blank)]) == 0
    capsys.readouterr()
    assert main(["compose", str(blank), "-o", str(tmp_path / "r.pdf")]) == UnfilledWorkbook.exit_code == 14
    err = capsys.readouterr().err
    assert "工作簿未填写" in err and "不是 PDF" not in err


def test_findings_on_a_workbook_name_the_cell_and_say_typed(workbook: Path, tmp_path: Path) -> None:
    pytest.importorskip("juesuan.check.runner", reason="juesuan.check not available yet")
    from juesuan.check import check
    from juesuan.read.workbook import read_workbook

    path = _filled(workbook, tmp_path, "wrong.xlsx", {("表2 收入决算表", "C4"): 1505.72})  # 合计 100 too much
    findings = [f for f in check(read_workbook(path)) if f.severity == "error"]
    total = [f for f in findings if f.location.cell == "表2 收入决算表!C4"]
    assert total, [f.location for f in findings]
    described = total[0].location.describe()
    assert described.startswith("表2 收入决算表!C4") and "第" not in described.split()[0]
    assert "填报" in total[0].message and "打印" not in total[0].message
    assert all("打印" not in f.message for f in findings)


def test_labels_are_locked_inputs_open_and_field_keys_hidden(workbook: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(workbook)
    for name in wb.sheetnames:
        assert wb[name].protection.sheet, f"{name} is not protected"
        assert wb[name].protection.insertRows is False  # rows may be inserted under protection
    income = wb["表2 收入决算表"]
    assert income["C3"].protection.locked and income["B4"].protection.locked  # header, 合计 label
    assert not income["C4"].protection.locked and not income["A5"].protection.locked  # 合计 value, a code
    summary = wb["表1 收入支出决算总表"]
    assert summary["A4"].value == "一般公共预算财政拨款收入" and summary["A4"].protection.locked
    assert not summary["B4"].protection.locked
    hidden = {name: [k for k, d in wb[name].column_dimensions.items() if d.hidden] for name in wb.sheetnames}
    assert hidden["基本信息"] == ["D"] and hidden["补充信息"] == ["E"] and hidden["绩效自评"] == ["H"]
    assert hidden["表7 财政拨款三公经费支出决算表"] == ["D"]
    marker = next(c for c in income[3] if isinstance(c.value, str) and c.value.startswith("列代码："))
    assert hidden["表2 收入决算表"] == [marker.column_letter]


def test_every_sheet_prints_one_page_wide_with_its_header_repeated(workbook: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(workbook)
    for name in wb.sheetnames:
        ws = wb[name]
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4, name
        assert ws.print_title_rows, name
        assert "&P" in (ws.oddFooter.center.text or ""), name
    assert wb["表2 收入决算表"].page_setup.orientation == "landscape"
    assert wb["表2 收入决算表"].print_title_rows == "$3:$3"
    # the hidden key column is not printed
    assert "K" not in str(wb["表2 收入决算表"].print_area) and "J" in str(wb["表2 收入决算表"].print_area)


def test_codes_are_offered_from_the_report_and_a_code_list(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from juesuan.cli import main
    from tests.conftest import CORPUS

    codes = CORPUS.parent / "data" / "func_class_observed.csv"
    if not codes.exists():
        pytest.skip(f"{codes} not found")
    out = tmp_path / "codes.xlsx"
    assert main(["template", "--from", str(EXAMPLE), "--codes", str(codes), "-o", str(out)]) == 0
    wb = load_workbook(out)
    listed = {row[0].value: (row[1].value, row[2].value, row[5].value)
              for row in wb["科目代码"].iter_rows(min_row=2) if row[0].value}
    assert listed["201"] == ("一般公共服务支出", "类", "国家模板")
    assert listed["2013299"] == ("其他组织事务支出", "项", "上年报告")  # the report's own code
    assert listed["2010602"][1:] == ("项", "func_class_observed.csv")  # a code only the list knows
    income = wb["表2 收入决算表"]
    drop_down = next(dv for dv in income.data_validations.dataValidation if dv.type == "list")
    assert drop_down.formula1 == f"'科目代码'!$A$2:$A${len(listed) + 1}"
    assert drop_down.errorStyle == "warning"  # a code the list lacks is allowed after a warning
    assert "A5" in str(drop_down.sqref).replace(":", " ").split() or str(drop_down.sqref).startswith("A5:")
    assert income["J5"].value.startswith('=IF(A5=""')  # 参考名称: the known name of the typed code
    assert main(["template", "--codes", str(tmp_path / "none.csv"), "-o", str(tmp_path / "x.xlsx")]) == 3
