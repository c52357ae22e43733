"""The corpus reports' row tables drawn again without vertical rules, read back cell for cell.

The answers in ../shared/corpus are rendered at test time (nothing extracted is kept) as tables
ruled only across, with rows tall enough that each table runs over several pages, with and
without its header repeated on each page: many columns blank in every row, names of sixteen
characters, 合计 rows, continuation.  What is read must equal the answer.
"""

from __future__ import annotations

import json
from decimal import Decimal
from html import escape
from pathlib import Path

import pytest

from juesuan.model import COLUMN_LABELS, TABLE_TITLES
from tests.conftest import corpus_file
from tests.test_pdf_layouts import read

TABLES = ("income", "expenditure", "general_budget")

STYLE = """
@page { size: A4 landscape; margin: 15mm; }
body { font-family: 'WenQuanYi Micro Hei'; font-size: 10pt; }
h1 { font-size: 16pt; text-align: center; font-weight: normal; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
td, th { border: none; padding: 7pt 4pt; font-weight: normal; }
th { text-align: center; }
td.n { text-align: right; }
table { border-top: 1.5pt solid black; border-bottom: 1.5pt solid black; }
thead tr:last-child th { border-bottom: 0.75pt solid black; }
.page { page-break-after: always; }
"""
RULE_EVERY_ROW = "tbody td { border-bottom: 0.5pt solid black; }"


def _label(key: str, column: str) -> str:
    """The column's header as the national template prints it (经营支出 in the expenditure table)."""
    return "经营支出" if (key, column) == ("expenditure", "operating") else COLUMN_LABELS[column]


def _amount(value: str | None) -> str:
    return "" if value is None else f"{Decimal(value):,.2f}"


def _table_html(key: str, table: dict[str, object], repeat_header: bool) -> str:
    columns = list(table["columns"])  # type: ignore[call-overload]
    head = "<tr><th>科目编码</th><th>科目名称</th>" + "".join(
        f"<th>{escape(_label(key, c))}</th>" for c in columns
    ) + "</tr>"
    body = []
    total = table.get("total")
    if total:
        body.append('<tr><td colspan="2">合计</td>' + "".join(
            f'<td class="n">{_amount(v)}</td>' for v in total  # type: ignore[attr-defined]
        ) + "</tr>")
    for row in table["rows"]:  # type: ignore[attr-defined]
        body.append(f"<tr><td>{row['code']}</td><td>{escape(row['name'])}</td>" + "".join(
            f'<td class="n">{_amount(v)}</td>' for v in row["values"]
        ) + "</tr>")
    # with <thead> WeasyPrint repeats the header on every page; without, only the first page has it
    header = f"<thead>{head}</thead>" if repeat_header else head
    colgroup = '<colgroup><col style="width: 12%"><col style="width: 28%"></colgroup>'
    return (f'<div class="page"><h1>{TABLE_TITLES[key]}</h1><p style="text-align:right">单位：万元</p>'
            f"<table>{colgroup}{header}<tbody>{''.join(body)}</tbody></table></div>")


@pytest.mark.parametrize("name", ["putuo-czj-2024", "putuo-shgzb-2024", "gjxfj-2024"])
@pytest.mark.parametrize("repeat_header", [True, False])
@pytest.mark.parametrize("every_row", [False, True])
def test_corpus_row_tables_without_vertical_rules(tmp_path: Path, name: str, repeat_header: bool,
                                                  every_row: bool) -> None:
    from weasyprint import HTML

    answer = json.loads(corpus_file(f"{name}.expected.json").read_text(encoding="utf-8"))["tables"]
    pages = "".join(_table_html(key, answer[key], repeat_header) for key in TABLES)
    path = tmp_path / f"{name}.pdf"
    style = STYLE + (RULE_EVERY_ROW if every_row else "")
    HTML(string=f"<html><head><meta charset='utf-8'><style>{style}</style></head><body>{pages}</body></html>"
         ).write_pdf(str(path))
    tables, problems = read(path)
    assert problems == []
    for key in TABLES:
        want, got = answer[key], tables[key]
        assert len(got.pages) >= 2, f"{key}: the test means a table over pages"
        assert got.columns == want["columns"], key
        assert [str(v) if v is not None else None for v in got.total or []] == [
            _plain(v) for v in want["total"]
        ], key
        read_rows = [(r.code, r.name, [str(v) if v is not None else None for v in r.values]) for r in got.rows]
        want_rows = [(r["code"], r["name"], [_plain(v) for v in r["values"]]) for r in want["rows"]]
        assert read_rows == want_rows, key


def _plain(value: str | None) -> str | None:
    return None if value is None else f"{Decimal(value):.2f}"


def _drawn_rows(key: str, table: dict[str, object]) -> list[list[object]]:
    columns = list(table["columns"])  # type: ignore[call-overload]
    rows: list[list[object]] = [["科目编码", "科目名称", *(_label(key, c) for c in columns)]]
    if table.get("total"):
        rows.append([("合计", 2, 1), *(_amount(v) for v in table["total"])])  # type: ignore[attr-defined]
    for row in table["rows"]:  # type: ignore[attr-defined]
        rows.append([row["code"], row["name"], *(_amount(v) for v in row["values"])])
    return rows


@pytest.mark.parametrize(("style", "rotate"), [("dashes", 0), ("dots", 0), ("filled-one-path", 0), ("stroke", 90),
                                               ("filled", 270)])
def test_corpus_row_tables_drawn_by_other_producers(tmp_path: Path, style: str, rotate: int) -> None:
    """Fully ruled, but the rules drawn as dashes, dots or filled rectangles, or the page turned by /Rotate."""
    from tests.drawn_pdf import DrawnPage, draw_table, drawn_pdf

    answer = json.loads(corpus_file("putuo-czj-2024.expected.json").read_text(encoding="utf-8"))["tables"]
    pages = []
    for key in TABLES:
        page = DrawnPage(rotate=rotate)
        n = len(answer[key]["columns"])
        widths = [60.0, 150.0] + [(760.0 - 210.0) / n] * n
        draw_table(page, _drawn_rows(key, answer[key]), widths, style=style, title=TABLE_TITLES[key], top=70,
                   size=8.0, line_height=9.0, padding=2.5, left_columns=(0,))  # type: ignore[arg-type]
        pages.append(page)
    tables, problems = read(drawn_pdf(tmp_path / "drawn.pdf", pages))
    assert problems == []
    for key in TABLES:
        want, got = answer[key], tables[key]
        assert got.columns == want["columns"], key
        read_rows = [(r.code, r.name, [str(v) if v is not None else None for v in r.values]) for r in got.rows]
        want_rows = [(r["code"], r["name"], [_plain(v) for v in r["values"]]) for r in want["rows"]]
        assert read_rows == want_rows, key
