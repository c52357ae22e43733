"""Ruled tables as other producers draw them: dashes, dots, filled rectangles, turned pages, no vertical rules.

Each PDF is drawn here (tests/drawn_pdf.py, or WeasyPrint for the HTML producers) and read as a
whole document would be: the rows, their values, and each value's box in the page as displayed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.model import Problem, Table
from juesuan.read.pdf.document import iter_pages, open_pdf
from juesuan.read.pdf.tables import read_tables
from tests.drawn_pdf import (
    DASH_ARRAY,
    DASHES,
    DOTS,
    FILLED,
    FILLED_ONE_PATH,
    GRID,
    STROKE,
    DrawnPage,
    draw_table,
    drawn_pdf,
)
from tests.synthetic_pdf import CellSpec

D = Decimal

GENERAL: list[list[CellSpec]] = [
    ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
    [("合计", 2, 1), "30.00", "20.00", "10.00"],
    ["205", "教育支出", "30.00", "20.00", "10.00"],
    ["20502", "普通教育", "30.00", "20.00", "10.00"],
    ["2050201", "学前教育", "30.00", "20.00", "10.00"],
]
WIDTHS = [80.0, 160.0, 90.0, 90.0, 90.0]
X0, TOP = 40.0, 100.0
ROW_HEIGHT = 19.0  # one line of 11 pt and 4 pt padding above and below (draw_table)


def read(path: Path) -> tuple[dict[str, Table], list[Problem]]:
    doc = open_pdf(path)
    try:
        pages = list(iter_pages(doc))
    finally:
        doc.close()
    return read_tables(pages)


def _general_page(rotate: int = 0, style: str = STROKE, rules: str = GRID) -> DrawnPage:
    page = DrawnPage(rotate=rotate)
    draw_table(page, GENERAL, WIDTHS, x0=X0, top=TOP, rules=rules, style=style, title="一般公共预算财政拨款支出决算表")
    return page


def _assert_general(table: Table) -> None:
    assert table.columns == ["total", "basic", "project"]
    assert table.total == [D("30.00"), D("20.00"), D("10.00")]
    assert [(r.code, r.name) for r in table.rows] == [
        ("205", "教育支出"), ("20502", "普通教育"), ("2050201", "学前教育"),
    ]
    assert all(r.values == [D("30.00"), D("20.00"), D("10.00")] for r in table.rows)


@pytest.mark.parametrize("style", [STROKE, DASH_ARRAY, DASHES, DOTS, FILLED, FILLED_ONE_PATH])
def test_rules_drawn_in_any_style_read_the_same(tmp_path: Path, style: str) -> None:
    tables, problems = read(drawn_pdf(tmp_path / f"{style}.pdf", [_general_page(style=style)]))
    assert problems == []
    _assert_general(tables["general_budget"])


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
@pytest.mark.parametrize("origin", [(0.0, 0.0), (50.0, -30.0)])
def test_turned_page_reads_in_its_displayed_orientation(tmp_path: Path, rotate: int,
                                                        origin: tuple[float, float]) -> None:
    """A landscape table on a portrait page turned by /Rotate: rows, and boxes where the reader sees them
    (also where the page's media box does not start at 0 0)."""
    page = _general_page(rotate=rotate)
    page.origin = origin
    path = drawn_pdf(tmp_path / f"r{rotate}.pdf", [page])
    tables, problems = read(path)
    assert problems == []
    table = tables["general_budget"]
    _assert_general(table)
    # the 项目支出 value of row 205 (third data row of the grid): its cell as drawn, in display space
    box = (table.rows[0].boxes or [])[2]
    assert box is not None
    left = X0 + sum(WIDTHS[:4])
    top = TOP + 2 * ROW_HEIGHT
    assert (box.x0, box.top, box.x1, box.bottom) == pytest.approx((left, top, left + WIDTHS[4], top + ROW_HEIGHT),
                                                                   abs=0.6)
    doc = open_pdf(path)
    try:
        geometry = next(iter_pages(doc))
    finally:
        doc.close()
    assert (geometry.width, geometry.height) == (842.0, 595.0)
    title = next(c for c in geometry.chars if c.text == "一")
    assert 8 < title.size < 20 and title.x0 < title.x1 and title.top < title.baseline <= title.bottom


def test_thick_filled_rectangles_are_one_rule_each(tmp_path: Path) -> None:
    """Rules 2.5 pt thick, drawn as filled rectangles in one path: no sliver rows or columns between their edges."""
    page = DrawnPage()
    draw_table(page, GENERAL, WIDTHS, x0=X0, top=TOP, style=FILLED_ONE_PATH, title="一般公共预算财政拨款支出决算表")
    for i, op in enumerate(page._one_path):  # thicken every rectangle from 0.75 to 2.5 pt, about its centre line
        x, y, w, h, _ = op.split()
        if float(w) < float(h):
            page._one_path[i] = f"{float(x) - 0.875} {y} 2.5 {h} re"
        else:
            page._one_path[i] = f"{x} {float(y) - 0.875} {w} 2.5 re"
    from juesuan.read.pdf.grid import find_grids

    path = drawn_pdf(tmp_path / "thick.pdf", [page])
    doc = open_pdf(path)
    try:
        geometry = next(iter_pages(doc))
    finally:
        doc.close()
    grids, _ = find_grids(1, geometry.segments, geometry.chars)
    assert [(g.n_rows, g.n_cols) for g in grids] == [(5, 5)]
    _assert_general(read(path)[0]["general_budget"])


def test_shaded_area_is_not_a_rule(tmp_path: Path) -> None:
    """A filled, unstroked rectangle behind the header (shading) adds no rules to the grid."""
    page = _general_page()
    page.ops.insert(0, f"0.9 g {X0 + 5} {595 - TOP - ROW_HEIGHT + 2} 300 {ROW_HEIGHT - 4} re f 0 g")
    from juesuan.read.pdf.grid import find_grids

    doc = open_pdf(drawn_pdf(tmp_path / "shaded.pdf", [page]))
    try:
        geometry = next(iter_pages(doc))
    finally:
        doc.close()
    grids, _ = find_grids(1, geometry.segments, geometry.chars)
    assert [(g.n_rows, g.n_cols) for g in grids] == [(5, 5)]
