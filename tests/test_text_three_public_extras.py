"""The 三公 table with 会议费 and 培训费 columns, as plain text from four extractors.

The tables are made here: a one-table PDF (tests/synthetic_pdf.py) and a whole report composed from the
bundled example with the two columns added; each is extracted by pdftotext (default and -raw), pypdfium2
and pdfplumber at test time and read back as a .txt file.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

import juesuan
from juesuan.model import Cell, Report, Table
from juesuan.model_json import report_from_json
from tests.extracted_texts import EXTRACTORS
from tests.synthetic_pdf import CellSpec, html_pdf, table_page

D = Decimal
ITEMS = ("total", "overseas", "vehicles", "vehicle_purchase", "vehicle_operation", "reception", "meeting", "training")
ROOT = Path(__file__).resolve().parents[1]


def _rows(total_label: str, budget: list[str], actual: list[str]) -> list[list[CellSpec]]:
    """Items across with 会议费 and 培训费 after 公务接待费, 预算数/决算数 under each item."""
    return [
        [(total_label, 2, 2), ("因公出国（境）费", 2, 2), ("公务用车购置及运行维护费", 6, 1), ("公务接待费", 2, 2),
         ("会议费", 2, 2), ("培训费", 2, 2)],
        [("小计", 2, 1), ("公务用车购置费", 2, 1), ("公务用车运行维护费", 2, 1)],
        ["预算数", "决算数"] * 8,
        [v for pair in zip(budget, actual, strict=True) for v in pair],
    ]


def _read_text(pdf: Path, extractor: str, folder: Path) -> Report:
    try:
        text = EXTRACTORS[extractor](pdf)
    except FileNotFoundError as exc:
        pytest.skip(str(exc))
    path = folder / f"{pdf.stem}.{extractor}.txt"
    path.write_text(text, encoding="utf-8")
    return juesuan.read(path)


def _expected(budget: list[str], actual: list[str]) -> dict[str, Decimal | None]:
    return {f"{group}.{item}": D(v) if v else None
            for group, values in (("budget", budget), ("actual", actual))
            for item, v in zip(ITEMS, values, strict=True)}


@pytest.mark.parametrize("extractor", list(EXTRACTORS))
def test_sixteen_columns_with_a_total_of_all_five(tmp_path: Path, extractor: str) -> None:
    budget = ["10.00", "1.00", "4.00", "1.00", "3.00", "2.00", "2.00", "1.00"]
    actual = ["7.50", "0.50", "3.00", "0.50", "2.50", "1.50", "1.50", "1.00"]
    pdf = html_pdf(tmp_path, [table_page("一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表",
                                         _rows("合计", budget, actual))])
    table = _read_text(pdf, extractor, tmp_path).tables["three_public"]
    assert {k: c.value for k, c in table.cells.items()} == _expected(budget, actual)
    assert table.ambiguous == []
    assert table.total_includes == ["meeting", "training"]  # 10.00 = 1 + 4 + 2 + 2 + 1, not 1 + 4 + 2


@pytest.mark.parametrize("extractor", list(EXTRACTORS))
def test_a_blank_and_the_three_public_total(tmp_path: Path, extractor: str) -> None:
    # 公务用车购置费 blank: which of 购置/运行维护 the 3.00 is, the sums cannot say (both kept); the 合计 is the
    # 三公 total (6.00 = 1 + 3 + 2)
    budget = ["6.00", "1.00", "3.00", "", "3.00", "2.00", "2.00", "1.00"]
    actual = ["4.50", "0.50", "2.50", "", "2.50", "1.50", "1.50", "1.00"]
    title = "财政拨款“三公”经费、会议费、培训费支出决算表"
    pdf = html_pdf(tmp_path, [table_page(title, _rows("合计", budget, actual))])
    table = _read_text(pdf, extractor, tmp_path).tables["three_public"]
    want = _expected(budget, actual)
    doubt = {f"{g}.{i}" for g in ("budget", "actual") for i in ("vehicle_purchase", "vehicle_operation")}
    assert set(table.ambiguous) == doubt
    assert {k: c.value for k, c in table.cells.items() if k not in doubt} == {
        k: v for k, v in want.items() if k not in doubt}
    assert any(all(option.get(k) == want[k] for k in doubt) for option in table.candidates)
    assert table.total_includes == []


@cache
def _composed(folder: Path) -> tuple[Path, Table]:
    """The bundled example with 会议费 and 培训费 in its 三公 table (its 合计 all five), composed to PDF."""
    report = report_from_json(json.loads((ROOT / "examples" / "example-2022.json").read_text(encoding="utf-8")))
    table = report.tables["three_public"]
    values = {"budget": ["9.00", "1.00", "3.00", "1.00", "2.00", "2.00", "2.00", "1.00"],
              "actual": ["6.50", "0.50", "2.50", "0.50", "2.00", "1.50", "1.50", "0.50"]}
    table.cells = {f"{g}.{item}": Cell(D(v)) for g, row in values.items() for item, v in zip(ITEMS, row, strict=True)}
    table.total_includes = ["meeting", "training"]
    pdf = folder / "composed-extras.pdf"
    juesuan.compose(report, pdf, force=True)
    return pdf, table


@pytest.mark.parametrize("extractor", list(EXTRACTORS))
def test_a_composed_report_with_the_added_columns(tmp_path_factory: pytest.TempPathFactory, extractor: str) -> None:
    pdf, want = _composed(tmp_path_factory.getbasetemp())
    got = _read_text(pdf, extractor, tmp_path_factory.mktemp(extractor)).tables["three_public"]
    assert {k: c.value for k, c in got.cells.items()} == {k: c.value for k, c in want.cells.items()}
    assert got.total_includes == ["meeting", "training"]
