"""The workbook's live checks as a spreadsheet program evaluates them (LibreOffice Calc, headless).

Every conditional-formatting rule of the table sheets is evaluated at every cell it covers
(its formula moved from the range's corner to that cell, as the program does, and written
into a spare column), and the workbook converted to CSV by LibreOffice: the cells that turn
red are exactly the typed totals that disagree with their parts.  Skips where LibreOffice
(Debian libreoffice-calc-nogui) is not installed.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.formula.translate import Translator
from openpyxl.utils import get_column_letter, range_boundaries

from juesuan.model_json import report_from_json

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "example-2022.json"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (libreoffice-calc-nogui) is not installed")

SHEETS = ("表1 收入支出决算总表", "表2 收入决算表", "表3 支出决算表", "表4 财政拨款收入支出决算总表",
          "表6 一般公共预算财政拨款基本支出决算表", "表7 财政拨款三公经费支出决算表")
SPARE_COLUMN = 40  # AN: where the evaluated conditions go


def _red_cells(path: Path, work: Path) -> set[str]:
    """Cells (sheet!A1) whose conditional format fires, as LibreOffice evaluates the rules."""
    wb = load_workbook(path)
    placed: dict[tuple[str, int], str] = {}
    for name in SHEETS:
        ws = wb[name]
        ws.protection.sheet = False
        row = 1
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                for cells in str(cf.sqref).split():
                    min_col, min_row, max_col, max_row = range_boundaries(cells)
                    corner = f"{get_column_letter(min_col)}{min_row}"
                    for r in range(min_row, max_row + 1):
                        for c in range(min_col, max_col + 1):
                            target = f"{get_column_letter(c)}{r}"
                            formula = Translator("=" + rule.formula[0], origin=corner).translate_formula(target)
                            ws.cell(row=row, column=SPARE_COLUMN, value=formula)
                            placed[(name, row)] = target
                            row += 1
    evaluated = work / "evaluated.xlsx"
    wb.save(evaluated)
    out = work / "csv"
    out.mkdir()
    assert SOFFICE is not None
    subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{work}/profile",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", str(out), str(evaluated)], check=True, capture_output=True, timeout=300)
    red: set[str] = set()
    for name in SHEETS:
        with (out / f"evaluated-{name}.csv").open(encoding="utf-8") as f:
            rows = list(csv.reader(f))
        for (sheet, row), target in placed.items():
            if sheet != name:
                continue
            value = rows[row - 1][SPARE_COLUMN - 1] if len(rows[row - 1]) >= SPARE_COLUMN else ""
            assert value in ("TRUE", "FALSE"), f"{name}!{target}: the rule does not evaluate ({value!r})"
            if value == "TRUE":
                red.add(f"{name}!{target}")
    return red


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from juesuan.compose.workbook_template import workbook_bytes

    report = report_from_json(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    path = tmp_path_factory.mktemp("wb") / "决算填报.xlsx"
    path.write_bytes(workbook_bytes(report))
    return path


def test_a_consistent_workbook_shows_no_red(workbook: Path, tmp_path: Path) -> None:
    assert _red_cells(workbook, tmp_path) == set()


def test_wrong_totals_turn_red_where_they_are_typed(workbook: Path, tmp_path: Path) -> None:
    wb = load_workbook(workbook)
    income = wb["表2 收入决算表"]
    income["C4"] = 1505.72  # 合计 100.00 more than its 类
    income["D6"] = 9.99  # 20103 财政拨款: 0.54 more than its 项 (and than its own 合计)
    income["C12"] = income["C12"].value + 0.01  # 2013299 合计 0.01 more than its one part (tolerance 0.005)
    three = wb["表7 财政拨款三公经费支出决算表"]
    three["C4"] = 1  # 三公 决算 合计 0.91 more than its three items
    summary = wb["表1 收入支出决算总表"]
    summary["B30"] = summary["B30"].value + 0.02  # 本年收入合计 0.02 off its one line (tolerance 0.005)
    wrong = tmp_path / "wrong.xlsx"
    wb.save(wrong)
    red = _red_cells(wrong, tmp_path)
    assert red == {
        "表2 收入决算表!C4",  # 合计 row vs 类 rows, and 合计 column vs 财政拨款收入
        "表2 收入决算表!D5",  # 类 201's 财政拨款 vs its 款 (9.99 + 1147.82)
        "表2 收入决算表!C6",  # 20103 合计 column vs 财政拨款收入 9.99
        "表2 收入决算表!D6",  # 20103 vs its 项 (9.00 + 0.45)
        "表2 收入决算表!C12",  # 2013299 合计 vs 财政拨款收入 (款 20132 stays white: 3 项 may differ by 0.015)
        "表7 财政拨款三公经费支出决算表!C4",
        "表1 收入支出决算总表!B30",  # 本年收入合计 vs the income lines
        "表1 收入支出决算总表!B33",  # 总计 vs 本年收入合计 + balances
    }, red


def test_a_difference_within_the_rounding_rule_stays_white(workbook: Path, tmp_path: Path) -> None:
    wb = load_workbook(workbook)
    income = wb["表2 收入决算表"]
    assert [income[f"A{r}"].value for r in (6, 7, 8)] == ["20103", "2010301", "2010302"]
    income["C6"] = income["D6"] = 9.46  # two 项 (9.00 + 0.45) may differ from their 款 by 2 x 0.005
    wrong = tmp_path / "rounding.xlsx"
    wb.save(wrong)
    red = _red_cells(wrong, tmp_path)
    assert "表2 收入决算表!C6" not in red and "表2 收入决算表!D6" not in red
    # but 类 201 now has 款 that add to 0.01 more, with 2 款: within tolerance too
    assert not any(cell.startswith("表2") for cell in red), red
