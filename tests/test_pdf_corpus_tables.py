"""Standard tables of the real corpus PDFs, compared with their answers cell by cell.

The answers are read from the corpus at test time (../shared/corpus/<stem>.expected.json);
without the corpus these tests skip.  The blank Shanghai template has no answer file:
what its pages show is asserted here (checked against the rendered pages).
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from juesuan.model import Problem, Table
from juesuan.model_json import table_to_json
from juesuan.read.pdf.document import PageGeometry, iter_pages, open_pdf
from juesuan.read.pdf.grid import char_centre
from juesuan.read.pdf.tables import read_tables
from tests.conftest import corpus_file

ANSWERED = ["putuo-czj-2024", "putuo-shgzb-2024", "gjxfj-2024"]


@cache
def _geometry(path: Path) -> list[PageGeometry]:
    doc = open_pdf(path)
    try:
        return list(iter_pages(doc))
    finally:
        doc.close()


def _tables(stem: str) -> tuple[dict[str, Table], list[Problem], list[PageGeometry]]:
    pages = _geometry(corpus_file(f"{stem}.pdf"))
    tables, problems = read_tables(pages)
    return tables, problems, pages


def _squeeze(name: Any) -> str:
    return "".join(str(name or "").split())


def _answer(stem: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(corpus_file(f"{stem}.expected.json").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("stem", ANSWERED)
def test_same_tables_as_the_answer(stem: str) -> None:
    tables, problems, _ = _tables(stem)
    assert list(tables) == list(_answer(stem)["tables"])
    assert problems == []


def _compare(key: str, got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    """Every difference between a parsed table and its answer, as readable lines."""
    diffs: list[str] = []
    if want.get("empty"):
        if not got.get("empty") or _squeeze(got.get("note")) != _squeeze(want.get("note")):
            diffs.append(f"{key}: empty {got.get('empty')} note {got.get('note')!r}")
        return diffs
    for field in ("columns", "total"):
        if got.get(field) != want.get(field):
            diffs.append(f"{key}.{field}: {got.get(field)} != {want.get(field)}")
    got_rows = [(r["code"], _squeeze(r["name"]), r["values"]) for r in got.get("rows") or []]
    want_rows = [(r["code"], _squeeze(r["name"]), r["values"]) for r in want.get("rows") or []]
    for i in range(max(len(got_rows), len(want_rows))):
        g = got_rows[i] if i < len(got_rows) else None
        w = want_rows[i] if i < len(want_rows) else None
        if g != w:
            diffs.append(f"{key}.rows[{i}]: {g} != {w}")
    for side in ("income", "expenditure"):
        g_lines = [(_squeeze(r["name"]), r["values"]) for r in got.get(side) or []]
        w_lines = [(_squeeze(r["name"]), r["values"]) for r in want.get(side) or []]
        if g_lines != w_lines:
            diffs.append(f"{key}.{side}: {g_lines} != {w_lines}")
    for name, value in want.items():
        if name in ("columns", "total", "rows", "income", "expenditure"):
            continue
        if got.get(name) != value:
            diffs.append(f"{key}.{name}: {got.get(name)} != {value}")
    return diffs


@pytest.mark.parametrize("stem", ANSWERED)
def test_every_cell_as_the_answer(stem: str) -> None:
    tables, _, _ = _tables(stem)
    want = _answer(stem)["tables"]
    diffs: list[str] = []
    for key, want_table in want.items():
        got = table_to_json(tables[key]) if key in tables else {}
        diffs.extend(_compare(key, got, want_table))
    assert diffs == []


@pytest.mark.parametrize("stem", ANSWERED)
def test_value_boxes_hold_the_printed_value(stem: str) -> None:
    """Each value's box, cut from the page, holds exactly the characters of that value."""
    tables, _, pages = _tables(stem)
    by_number = {p.number: p for p in pages}
    checked = 0
    for table in tables.values():
        rows = [*table.rows, *table.income, *table.expenditure, *table.totals.values()]
        for row in rows:
            assert row.page is not None and row.boxes is not None and len(row.boxes) == len(row.values)
            for value, box in zip(row.values, row.boxes, strict=True):
                if value is None:
                    continue
                assert box is not None and box.page == row.page
                inside = [
                    c.text for c in by_number[box.page].chars
                    if box.x0 <= char_centre(c)[0] <= box.x1 and box.top <= char_centre(c)[1] <= box.bottom
                ]
                assert Decimal("".join(inside).replace(",", "")) == value
                checked += 1
    assert checked > 50


def test_czj_pages_of_each_table() -> None:
    tables, _, _ = _tables("putuo-czj-2024")
    assert {k: t.pages for k, t in tables.items()} == {
        "summary": [6, 7],
        "income": [8, 9],
        "expenditure": [10, 11],
        "fiscal_summary": [12, 13, 14],  # page 14 holds only one empty grid row
        "general_budget": [15],
        "basic_expenditure": [16, 17],
        "three_public": [18],
        "gov_fund": [19],
        "state_capital": [20],
    }


# What the blank template's pages show (pages 5-14 rendered and read by eye).
TEMPLATE_FUNCTION_ROWS = [
    ("205", "教育支出"),
    ("20502", "普通教育"),
    ("2050205", "高等教育"),
    ("207", "文化旅游体育与传媒支出"),
    ("20799", "其他文化旅游体育与传媒支出"),
]
TEMPLATE_SUMMARY_INCOME = [
    "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入",
    "事业收入", "经营收入", "附属单位上缴收入", "其他收入",
]
TEMPLATE_EXPENDITURE_LINES = [
    "一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出", "文化旅游体育与传媒支出",
    "社会保障和就业支出", "卫生健康支出", "节能环保支出", "城乡社区支出", "农林水支出", "交通运输支出",
    "资源勘探工业信息等支出", "商业服务业等支出", "金融支出", "援助其他地区支出", "自然资源海洋气象等支出",
    "住房保障支出", "粮油物资储备支出", "国有资本经营预算支出", "灾害防治及应急管理支出", "其他支出",
    "抗疫特别国债安排的支出",
]


def test_template_finds_all_nine_tables() -> None:
    tables, problems, _ = _tables("shanghai-template-2024")
    assert list(tables) == [
        "summary", "income", "expenditure", "fiscal_summary", "general_budget", "basic_expenditure",
        "three_public", "gov_fund", "state_capital",
    ]
    assert problems == []
    assert {k: t.pages for k, t in tables.items()} == {
        "summary": [5], "income": [6], "expenditure": [7], "fiscal_summary": [8, 9], "general_budget": [10],
        "basic_expenditure": [11], "three_public": [12], "gov_fund": [13], "state_capital": [14],
    }


def test_template_rows_as_printed() -> None:
    tables, _, _ = _tables("shanghai-template-2024")
    for key in ("income", "expenditure", "general_budget"):
        table = tables[key]
        assert [(r.code, r.name) for r in table.rows] == TEMPLATE_FUNCTION_ROWS, key
        assert all(v is None for r in table.rows for v in r.values)
        assert table.total is not None and all(v is None for v in table.total)
    assert tables["income"].columns == ["total", "fiscal", "superior_subsidy", "business", "operating", "affiliated",
                                        "other"]
    summary, fiscal = tables["summary"], tables["fiscal_summary"]
    assert [r.name for r in summary.income] == TEMPLATE_SUMMARY_INCOME
    assert [r.name for r in summary.expenditure] == TEMPLATE_EXPENDITURE_LINES
    assert [r.name for r in fiscal.income] == [
        "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款",
    ]
    assert [r.name for r in fiscal.expenditure] == TEMPLATE_EXPENDITURE_LINES
    assert set(summary.totals) == {
        "income_total", "expenditure_total", "use_of_balance", "distribution", "opening_balance", "closing_balance",
        "grand_total.income", "grand_total.expenditure",
    }


def test_template_basic_and_special_tables() -> None:
    tables, _, _ = _tables("shanghai-template-2024")
    basic = tables["basic_expenditure"]
    codes = [r.code or "" for r in basic.rows]
    # left block (301, 303) first, then the right block (302, 310), as printed on page 11
    assert codes[:3] == ["301", "30101", "30102"]
    assert codes.index("303") < codes.index("302") < codes.index("310")
    assert len(codes) == 27 + 38 and codes[-1] == "31099"  # 301 and 303 blocks: 27 lines; 302 and 310: 38
    assert basic.row("30212").name == "因公出国（境）费用"  # type: ignore[union-attr]
    assert basic.row("31007").name == "信息网络及软件购置更新"  # type: ignore[union-attr]
    assert set(basic.cells) == {"personnel_total", "public_total"}
    three = tables["three_public"]
    assert len(three.cells) == 12 and all(c.value is None for c in three.cells.values())
    for key, fund in (("gov_fund", "政府性基金"), ("state_capital", "国有资本经营")):
        assert tables[key].empty
        assert tables[key].note == f"上海市XX局本年度没有{fund}预算财政拨款收入和支出，故本表无数据。"


@pytest.mark.parametrize("stem", ANSWERED)
def test_tables_survive_the_json_form(stem: str) -> None:
    """What the reader builds (values, boxes, total boxes, cell boxes) comes back the same from its JSON form."""
    from juesuan.model_json import table_from_json

    tables, _, _ = _tables(stem)
    for key, table in tables.items():
        back = table_from_json(key, table_to_json(table))
        assert table_to_json(back) == table_to_json(table), key
        for row, again in zip(table.rows, back.rows, strict=True):
            assert [(b.page, b.to_json()) if b else None for b in again.boxes or []] == [
                (b.page, b.to_json()) if b else None for b in row.boxes or []
            ]
