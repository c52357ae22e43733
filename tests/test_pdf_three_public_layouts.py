"""The 三公 table in its layouts, made here as PDFs: grouped or interleaved 预算数/决算数, groups as rows,
items down the rows, 全年/年初预算数, and the variant with 会议费 and 培训费."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.model import Problem, Table
from juesuan.read.pdf.document import iter_pages, open_pdf
from juesuan.read.pdf.tables import read_tables
from juesuan.read.pdf.three_public_header import basis_of, group_of, item_of
from tests.synthetic_pdf import CellSpec, html_pdf, table_page

D = Decimal
TITLE = "一般公共预算财政拨款“三公”经费支出决算表"
ITEMS = ("total", "overseas", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")
BUDGET = ["6.00", "1.00", "3.00", "", "3.00", "2.00"]
ACTUAL = ["4.50", "0.50", "2.50", "", "2.50", "1.50"]


def _read(path: Path) -> tuple[dict[str, Table], list[Problem]]:
    doc = open_pdf(path)
    try:
        pages = list(iter_pages(doc))
    finally:
        doc.close()
    return read_tables(pages)


def _three(tmp_path: Path, rows: list[list[CellSpec]], title: str = TITLE,
           below: tuple[str, ...] = ()) -> tuple[Table, list[Problem]]:
    tables, problems = _read(html_pdf(tmp_path, [table_page(title, rows, below)]))
    return tables["three_public"], problems


def _values(table: Table) -> dict[str, Decimal | None]:
    return {k: c.value for k, c in table.cells.items()}


def _expected(budget: list[str], actual: list[str], items: tuple[str, ...] = ITEMS) -> dict[str, Decimal | None]:
    out: dict[str, Decimal | None] = {}
    for group, values in (("budget", budget), ("actual", actual)):
        for item, value in zip(items, values, strict=True):
            out[f"{group}.{item}"] = D(value) if value else None
    return out


def _item_header(group: str = "") -> list[list[CellSpec]]:
    """合计 | 因公出国（境）费 | 公务用车购置及运行维护费 (小计 | 购置费 | 运行维护费) | 公务接待费, over one group."""
    return [
        [("合计", 1, 2), ("因公出国\n（境）费", 1, 2), ("公务用车购置及运行维护费", 3, 1), ("公务接待\n费", 1, 2)],
        ["小计", "公务用车购\n置费", "公务用车运\n行维护费"],
    ]


def test_grouped_budget_then_actual_with_column_numbers(tmp_path: Path) -> None:
    """中央部门: 预算数 over six items, 决算数 over the same six, then a row of column numbers 1 … 12."""
    head = _item_header()
    rows: list[list[CellSpec]] = [
        [("预算数", 6, 1), ("决算数", 6, 1)],
        head[0] + head[0],
        head[1] + head[1],
        [str(i) for i in range(1, 13)],
        BUDGET + ACTUAL,
    ]
    table, problems = _three(tmp_path, rows)
    assert problems == []
    assert _values(table) == _expected(BUDGET, ACTUAL)
    assert table.budget_basis is None and table.total_includes == []


def test_groups_printed_as_row_labels(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        ["项目", "合计", "因公出国（境）费", "公务用车购置及运行维护费", "其中：公务用车购置费",
         "其中：公务用车运行维护费", "公务接待费"],
        ["全年预算数", *BUDGET],
        ["决算数", *ACTUAL],
    ]
    table, problems = _three(tmp_path, rows)
    assert problems == []
    assert _values(table) == _expected(BUDGET, ACTUAL)
    assert table.budget_basis == "full_year"


def test_items_down_the_rows_with_initial_budget(tmp_path: Path) -> None:
    labels = ["“三公”经费合计", "1.因公出国（境）费", "2.公务用车购置及运行费", "  其中：公务用车购置费",
              "        公务用车运行费", "3.公务接待费"]
    rows: list[list[CellSpec]] = [["项目", "年初预算数", "决算数"]]
    rows += [[label, b, a] for label, b, a in zip(labels, BUDGET, ACTUAL, strict=True)]
    table, problems = _three(tmp_path, rows)
    assert problems == []
    assert _values(table) == _expected(BUDGET, ACTUAL)
    assert table.budget_basis == "initial"


def test_basis_from_the_note_under_the_table(tmp_path: Path) -> None:
    """The header says only 预算数; the note says it is the 全年预算数 (read with the report's text)."""
    import juesuan

    head = _item_header()
    rows: list[list[CellSpec]] = [
        [("预算数", 6, 1), ("决算数", 6, 1)], head[0] + head[0], head[1] + head[1], BUDGET + ACTUAL,
    ]
    note = ("注：本表反映部门本年度“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，"
            "反映按规定程序调整后的预算数。")
    path = html_pdf(tmp_path, [table_page(TITLE, rows, [note])])
    report = juesuan.read(path)
    three = report.tables["three_public"]
    assert three.budget_basis == "full_year"
    assert _values(three) == _expected(BUDGET, ACTUAL)


MEETING_ITEMS = (*ITEMS, "meeting", "training")


def _meeting_rows(total_label: str, budget: list[str], actual: list[str]) -> list[list[CellSpec]]:
    """Items across with 会议费 and 培训费 after 公务接待费, 预算数/决算数 under each item (interleaved)."""
    return [
        [(total_label, 2, 2), ("因公出国（境）费", 2, 2), ("公务用车购置及运行维护费", 6, 1), ("公务接待费", 2, 2),
         ("会议费", 2, 2), ("培训费", 2, 2)],
        [("小计", 2, 1), ("公务用车购置费", 2, 1), ("公务用车运行维护费", 2, 1)],
        ["预算数", "决算数"] * 8,
        [v for pair in zip(budget, actual, strict=True) for v in pair],
    ]


def test_meeting_and_training_columns_with_a_total_of_all_five(tmp_path: Path) -> None:
    budget = ["9.00", "1.00", "3.00", "", "3.00", "2.00", "2.00", "1.00"]
    actual = ["7.00", "0.50", "2.50", "", "2.50", "1.50", "1.50", "1.00"]
    table, problems = _three(tmp_path, _meeting_rows("合计", budget, actual),
                             "一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表")
    assert problems == []
    assert _values(table) == _expected(budget, actual, MEETING_ITEMS)
    assert table.total_includes == ["meeting", "training"]  # 9.00 = 1 + 3 + 2 + 2 + 1, and not 1 + 3 + 2


def test_meeting_and_training_beside_the_three_public_total(tmp_path: Path) -> None:
    budget = ["6.00", "1.00", "3.00", "", "3.00", "2.00", "2.00", "1.00"]
    actual = ["4.50", "0.50", "2.50", "", "2.50", "1.50", "1.50", "1.00"]
    table, problems = _three(tmp_path, _meeting_rows("合计", budget, actual),
                             "财政拨款“三公”经费、会议费、培训费支出决算表")
    assert problems == []
    assert table.total_includes == []  # 6.00 = 1 + 3 + 2: the 合计 is the 三公 total
    assert table.value("actual.meeting") == D("1.50") and table.value("actual.training") == D("1.00")


def test_a_total_named_as_the_three_public_total_is_one_whatever_the_amounts(tmp_path: Path) -> None:
    budget = ["9.00", "1.00", "3.00", "", "3.00", "2.00", "2.00", "1.00"]
    actual = ["7.00", "0.50", "2.50", "", "2.50", "1.50", "1.50", "1.00"]
    table, _ = _three(tmp_path, _meeting_rows("“三公”经费合计", budget, actual),
                      "一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表")
    assert table.total_includes == []  # the heading settles it; the check then reports 9.00 ≠ 6.00


def test_several_rows_take_the_total_row(tmp_path: Path) -> None:
    """A consolidated (汇总) report lists its units under the total: the 合计 row is the table's."""
    head = _item_header()
    rows: list[list[CellSpec]] = [
        [("单位名称", 1, 3), ("预算数", 6, 1), ("决算数", 6, 1)],
        head[0] + head[0],
        head[1] + head[1],
        ["合计", *BUDGET, *ACTUAL],
        ["某局本级", "5.00", "1.00", "2.00", "", "2.00", "2.00", "4.00", "0.50", "2.00", "", "2.00", "1.50"],
    ]
    table, problems = _three(tmp_path, rows)
    assert problems == []
    assert _values(table) == _expected(BUDGET, ACTUAL)


@pytest.mark.parametrize(
    ("text", "group"),
    [("预算数", "budget"), ("全年预算数", "budget"), ("2024年年初预算数", "budget"), ("决算数", "actual"),
     ("实际支出", "actual"), ("公务接待费", None), ("预算数为“三公”经费全年预算数，反映调整后的预算数", None),
     ("上年决算数", None)],
)
def test_budget_and_actual_headings(text: str, group: str | None) -> None:
    assert group_of(text) == group


def test_budget_basis_words() -> None:
    assert basis_of("全年预算数") == "full_year" and basis_of("年初预算数") == "initial"
    assert basis_of("预算数") is None


@pytest.mark.parametrize(
    ("path", "item"),
    [
        (["预算数", "合计"], ("total", False)),
        (["“三公”经费合计", "决算数"], ("total", True)),
        (["预算数", "“三公”经费", "小计"], ("total", True)),
        (["财政拨款“三公”经费", "公务用车购置及运行费", "小计", "预算数"], ("vehicles", False)),
        (["公务用车购置及运行维护费", "购置费"], ("vehicle_purchase", False)),
        (["公务用车购置及运行维护费", "运行维护费"], ("vehicle_operation", False)),
        (["决算数", "公务用车费"], ("vehicles", False)),
        (["会议费", "决算数"], ("meeting", False)),
        (["培训费"], ("training", False)),
        (["因公出国（境）费"], ("overseas", False)),
        (["预算数"], (None, False)),
    ],
)
def test_item_from_the_header_path(path: list[str], item: tuple[str | None, bool]) -> None:
    assert item_of(path) == item


def test_the_central_layout_reads_as_its_answer() -> None:
    """国家信访局 公开09表: 预算数 then 决算数, twelve columns, and its note saying 全年预算数."""
    import json

    import juesuan
    from juesuan.model_json import table_to_json
    from tests.conftest import corpus_file

    path = corpus_file("gjxfj-2024.pdf")
    want = json.loads(path.with_name("gjxfj-2024.expected.json").read_text(encoding="utf-8"))["tables"]
    report = juesuan.read(path)
    got = table_to_json(report.tables["three_public"])
    assert (got["budget"], got["actual"]) == (want["three_public"]["budget"], want["three_public"]["actual"])
    assert got["budget_basis"] == "full_year"
    assert [p for p in report.problems if p.table == "three_public"] == []
