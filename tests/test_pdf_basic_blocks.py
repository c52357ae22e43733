"""一般公共预算财政拨款基本支出决算表 in its layouts: one, two or three side-by-side blocks, made here as PDFs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from juesuan.model import Problem, Table
from juesuan.read.pdf.document import iter_pages, open_pdf
from juesuan.read.pdf.tables import read_tables
from tests.synthetic_pdf import CellSpec, html_pdf, table_page

D = Decimal
TITLE = "一般公共预算财政拨款基本支出决算表"


def _read(path: Path) -> tuple[dict[str, Table], list[Problem]]:
    doc = open_pdf(path)
    try:
        pages = list(iter_pages(doc))
    finally:
        doc.close()
    return read_tables(pages)


def _basic(tmp_path: Path, rows: list[list[CellSpec]]) -> tuple[Table, list[Problem]]:
    tables, problems = _read(html_pdf(tmp_path, [table_page(TITLE, rows)]))
    return tables["basic_expenditure"], problems


def _listing(table: Table) -> list[tuple[str | None, str, Decimal | None]]:
    return [(r.code, r.name, r.values[0]) for r in table.rows]


def test_three_blocks_under_group_headings(tmp_path: Path) -> None:
    """The central departments' layout: 人员经费 | 公用经费 over three code/name/amount blocks."""
    code = "科目\n代码"
    rows: list[list[CellSpec]] = [
        [("人员经费", 3, 1), ("公用经费", 6, 1)],
        [code, "科目名称", "决算数", code, "科目名称", "决算数", code, "科目名称", "决算数"],
        ["301", "工资福利支出", "10.00", "302", "商品和服务支出", "4.00", "307", "债务利息及费用支出", ""],
        ["30101", "基本工资", "10.00", "30201", "办公费", "3.00", "310", "资本性支出", "1.50"],
        ["303", "对个人和家庭的补助", "2.00", "30299", "其他商品和服务支出", "1.00", "31002", "办公设备购置", "1.50"],
        ["30302", "退休费", "2.00", "", "", "", "399", "其他支出", ""],
        ["", "", "", "", "", "", "39908", "对民间非营利组织和群众\n性自治组织补贴", ""],
        ["", "", "", "", "", "", "", "", ""],
        [("人员经费合计", 2, 1), "12.00", ("公用经费合计", 5, 1), "5.50"],
    ]
    table, problems = _basic(tmp_path, rows)
    assert problems == []
    assert table.columns == ["amount"]
    assert _listing(table) == [
        ("301", "工资福利支出", D("10.00")), ("30101", "基本工资", D("10.00")),
        ("303", "对个人和家庭的补助", D("2.00")), ("30302", "退休费", D("2.00")),
        ("302", "商品和服务支出", D("4.00")), ("30201", "办公费", D("3.00")),
        ("30299", "其他商品和服务支出", D("1.00")),
        ("307", "债务利息及费用支出", None), ("310", "资本性支出", D("1.50")), ("31002", "办公设备购置", D("1.50")),
        ("399", "其他支出", None), ("39908", "对民间非营利组织和群众性自治组织补贴", None),
    ]
    assert table.value("personnel_total") == D("12.00")
    assert table.value("public_total") == D("5.50")
    assert table.cells["public_total"].box is not None and table.cells["public_total"].box.x0 > 400


def test_one_block_with_the_totals_as_rows(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        ["科目编码", "科目名称", "决算数"],
        ["", "人员经费合计", "7.00"],
        ["301", "工资福利支出", "7.00"],
        ["30101", "基本工资", "7.00"],
        ["302", "商品和服务支出", "2.00"],
        ["30201", "办公费", "2.00"],
        ["", "公用经费合计", "2.00"],
    ]
    table, problems = _basic(tmp_path, rows)
    assert problems == []
    assert [r.code for r in table.rows] == ["301", "30101", "302", "30201"]
    assert (table.value("personnel_total"), table.value("public_total")) == (D("7.00"), D("2.00"))


def test_one_block_with_personnel_and_public_columns(tmp_path: Path) -> None:
    """合计 | 人员经费 | 公用经费 columns: the rows keep 合计, the 合计 row gives the two totals."""
    rows: list[list[CellSpec]] = [
        ["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
        [("合计", 2, 1), "9.00", "7.00", "2.00"],
        ["301", "工资福利支出", "7.00", "7.00", ""],
        ["302", "商品和服务支出", "2.00", "", "2.00"],
    ]
    table, problems = _basic(tmp_path, rows)
    assert problems == []
    assert _listing(table) == [("301", "工资福利支出", D("7.00")), ("302", "商品和服务支出", D("2.00"))]
    assert (table.value("personnel_total"), table.value("public_total")) == (D("7.00"), D("2.00"))


def test_code_and_name_in_one_cell_in_two_blocks(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        ["科目", "决算数", "科目", "决算数"],
        ["30101 基本工资", "1.00", "30201 办公费", "2.00"],
        [("人员经费合计", 1, 1), "1.00", ("公用经费合计", 1, 1), "2.00"],
    ]
    table, problems = _basic(tmp_path, rows)
    assert problems == []
    assert _listing(table) == [("30101", "基本工资", D("1.00")), ("30201", "办公费", D("2.00"))]


def test_name_wrapped_into_the_row_below(tmp_path: Path) -> None:
    """A long name whose second line is printed in a ruled row of its own is joined to its line."""
    rows: list[list[CellSpec]] = [
        ["经济分类科目编码", "科目名称", "决算数", "经济分类科目编码", "科目名称", "决算数"],
        ["399", "其他支出", "", "302", "商品和服务支出", "1.00"],
        ["39908", "对民间非营利组织和群众", "", "30201", "办公费", "1.00"],
        ["", "性自治组织补贴", "", "", "", ""],
        [("人员经费合计", 2, 1), "", ("公用经费合计", 2, 1), "1.00"],
    ]
    table, _ = _basic(tmp_path, rows)
    assert table.row("39908").name == "对民间非营利组织和群众性自治组织补贴"  # type: ignore[union-attr]
    assert [r.code for r in table.rows] == ["399", "39908", "302", "30201"]


def test_amount_without_a_code_is_a_problem(tmp_path: Path) -> None:
    rows: list[list[CellSpec]] = [
        ["科目编码", "科目名称", "决算数"],
        ["301", "工资福利支出", "1.00"],
        ["", "", "5.00"],
        ["", "人员经费合计", "1.00"],
        ["", "公用经费合计", ""],
    ]
    table, problems = _basic(tmp_path, rows)
    assert [r.code for r in table.rows] == ["301"]
    assert [p.message for p in problems] == ["第1页有金额而无经济分类科目 (amount without a code)"]


def test_the_central_layout_reads_as_its_answer(tmp_path: Path) -> None:
    """The corpus report printed in three blocks (国家信访局, 公开06表) gives every row and both totals."""
    import json

    from juesuan.model_json import table_to_json
    from tests.conftest import corpus_file

    path = corpus_file("gjxfj-2024.pdf")
    want = json.loads(path.with_name("gjxfj-2024.expected.json").read_text(encoding="utf-8"))["tables"]
    tables, problems = _read(path)
    got = table_to_json(tables["basic_expenditure"])
    assert [p for p in problems if p.table == "basic_expenditure"] == []
    assert [(r["code"], r["name"], r["values"]) for r in got["rows"]] == [
        (r["code"], r["name"], r["values"]) for r in want["basic_expenditure"]["rows"]
    ]
    assert (got["personnel_total"], got["public_total"]) == ("7967.72", "2266.65")
