"""The grid steps on their own (segments -> lines -> grids -> cells), and a cross-check with pdfplumber."""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.read.pdf.document import Char, Segment, iter_pages, open_pdf
from juesuan.read.pdf.grid import build_grid, connected_groups, find_grids, merge_lines
from tests.conftest import corpus_file


def _h(y: float, x0: float, x1: float) -> Segment:
    return Segment(x0, y, x1, y)


def _v(x: float, y0: float, y1: float) -> Segment:
    return Segment(x, y0, x, y1)


def _char(text: str, x: float, baseline: float, size: float = 10.0) -> Char:
    return Char(text, x, baseline - size, x + size, baseline + 2, baseline, size)


def test_cell_sides_drawn_apart_merge_into_lines() -> None:
    # WPS / ONLYOFFICE draw each cell's sides: overlapping pieces, a fraction of a point apart
    segments = [_h(100.0, 10, 60.5), _h(100.3, 60, 110), _h(100.1, 200, 250), _v(10, 100, 130), _v(10.2, 129.5, 160)]
    lines = merge_lines(segments)
    horizontal = sorted((round(ln.pos), round(ln.start), round(ln.end)) for ln in lines if ln.horizontal)
    vertical = [(round(ln.pos), round(ln.start), round(ln.end)) for ln in lines if not ln.horizontal]
    assert horizontal == [(100, 10, 110), (100, 200, 250)]  # a real gap stays a gap
    assert vertical == [(10, 100, 160)]


def test_separate_rulings_are_separate_grids() -> None:
    box = [_h(0, 0, 100), _h(50, 0, 100), _v(0, 0, 50), _v(100, 0, 50)]
    other = [_h(300, 0, 100), _h(350, 0, 100), _v(0, 300, 350), _v(100, 300, 350)]
    underline = [_h(500, 0, 80)]
    groups = connected_groups(merge_lines(box + other + underline))
    assert len(groups) == 2


def test_cells_merge_where_no_rule_divides_them() -> None:
    # two columns; the top row is one cell spanning both (no vertical rule there)
    segments = [
        _h(0, 0, 200), _h(20, 0, 200), _h(40, 0, 200),
        _v(0, 0, 40), _v(200, 0, 40), _v(100, 20, 40),
    ]
    chars = [_char("收", 80, 15), _char("入", 92, 15), _char("甲", 10, 35), _char("乙", 110, 35)]
    grid = build_grid(1, connected_groups(merge_lines(segments))[0], chars)
    assert (grid.n_rows, grid.n_cols) == (2, 2)
    top = grid.at(0, 0)
    assert top is grid.at(0, 1) and (top.c0, top.c1) == (0, 2)
    assert top.text == "收入"
    assert [grid.at(1, 0).text, grid.at(1, 1).text] == ["甲", "乙"]
    assert grid.at(1, 1).box(1).x0 == pytest.approx(100)


def test_char_goes_to_the_cell_of_its_visual_centre() -> None:
    segments = [_h(0, 0, 100), _h(20, 0, 100), _h(40, 0, 100), _v(0, 0, 40), _v(100, 0, 40)]
    # a value printed high in the lower cell: its loose box (font ascent) reaches far above the rule and
    # the box's middle (17) lies in the upper cell; the glyph's centre (baseline - 0.35 x size) is below
    high = Char("9", 10, 4, 16, 30, baseline=28.5, size=12.0)
    grid = build_grid(1, connected_groups(merge_lines(segments))[0], [high])
    assert grid.at(1, 0).text == "9" and grid.at(0, 0).text == ""


def test_chars_outside_every_grid_are_returned() -> None:
    segments = [_h(100, 0, 100), _h(120, 0, 100), _v(0, 100, 120), _v(50, 100, 120), _v(100, 100, 120)]
    title, inside = _char("表", 40, 60), _char("甲", 10, 115)
    grids, outside = find_grids(1, segments, [title, inside])
    assert len(grids) == 1 and outside == [title]
    assert grids[0].at(0, 0).text == "甲"


def _plumber_rows(path: Path, numbers: range) -> dict[int, list[list[str]]]:
    """pdfplumber's extract_tables() rows of each page, cell texts without whitespace, empty cells left out."""
    import pdfplumber

    out: dict[int, list[list[str]]] = {}
    with pdfplumber.open(str(path)) as pdf:
        for number in numbers:
            tables = pdf.pages[number - 1].extract_tables()
            rows = [["".join((x or "").split()) for x in row if x] for t in tables for row in t]
            out[number] = [r for r in rows if r]
    return out


@pytest.mark.parametrize(
    ("name", "pages"),
    [("putuo-czj-2024.pdf", range(6, 21)), ("putuo-shgzb-2024.pdf", range(5, 17)),
     ("shanghai-template-2024.pdf", range(5, 15))],
)
def test_same_cells_as_pdfplumber_extract_tables(name: str, pages: range) -> None:
    """Our grid, row by row, holds the same cell texts as pdfplumber's extract_tables() on every table page."""
    path = corpus_file(name)
    doc = open_pdf(path)
    try:
        geometry = {g.number: g for g in iter_pages(doc)}
    finally:
        doc.close()
    theirs = _plumber_rows(path, pages)
    for number in pages:
        page = geometry[number]
        grids, _ = find_grids(number, page.segments, page.chars)
        ours = [[c.text for c in g.cells_starting_in_row(r) if c.text] for g in grids for r in range(g.n_rows)]
        assert [r for r in ours if r] == theirs[number], f"page {number}"


def test_segments_read_only_where_a_table_may_be(tmp_path: Path) -> None:
    from tests.synthetic_pdf import html_pdf, table_page

    ruled = [["甲", "乙"], ["1", "2"]]
    pages = [
        table_page(None, ruled, ["一段说明文字，带一个表格。"]),  # ruling, but no table title
        table_page("收入决算表", [["项目", "本年收入合计"], ["201", "1.00"]]),
        table_page(None, [["20101", "1.00"]]),  # ruling right after a table page: may continue it
        table_page(None, [], ["第三部分 情况说明"]),
        table_page(None, ruled),  # ruling after a page with none: not a table
    ]
    pdf = html_pdf(tmp_path, pages)
    doc = open_pdf(pdf)
    try:
        selective = [bool(g.segments) for g in iter_pages(doc)]
        everywhere = [bool(g.segments) for g in iter_pages(doc, all_segments=True)]
    finally:
        doc.close()
    assert selective == [False, True, True, False, False]
    assert everywhere == [True, True, True, False, True]


def test_debug_drawing_outlines_header_and_data_cells(tmp_path: Path) -> None:
    from PIL import Image

    from juesuan.read.pdf.grid_debug import DATA_COLOUR, HEADER_COLOUR, draw_page
    from tests.synthetic_pdf import html_pdf, table_page

    rows = [["科目编码", "科目名称", "本年收入合计"], ["201", "一般公共服务支出", "1.00"]]
    pdf = html_pdf(tmp_path, [table_page("收入决算表", rows)])
    out = tmp_path / "page.png"
    assert draw_page(pdf, 1, out, scale=1.0) == 1
    image = Image.open(out).convert("RGB")
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 20) or []}
    assert HEADER_COLOUR in colours and DATA_COLOUR in colours
    assert abs(image.size[0] - 842) <= 1 and abs(image.size[1] - 595) <= 1  # A4 landscape at 72 dpi


def test_a_frame_round_the_page_is_not_a_table_and_does_not_take_its_chars() -> None:
    frame = [_h(0, 0, 500), _h(700, 0, 500), _v(0, 0, 700), _v(500, 0, 700)]
    table = [_h(100, 50, 250), _h(120, 50, 250), _h(140, 50, 250), _v(50, 100, 140), _v(250, 100, 140)]
    inside, title = _char("甲", 60, 115), _char("表", 60, 60)
    grids, outside = find_grids(1, frame + table, [inside, title])
    assert len(grids) == 1 and (grids[0].n_rows, grids[0].n_cols) == (2, 1)
    assert grids[0].at(0, 0).text == "甲" and outside == [title]


def test_nested_grid_takes_its_chars_first() -> None:
    outer = [_h(0, 0, 400), _h(300, 0, 400), _h(350, 0, 400), _v(0, 0, 350), _v(400, 0, 350)]
    inner = [_h(100, 50, 250), _h(120, 50, 250), _h(140, 50, 250), _v(50, 100, 140), _v(250, 100, 140)]
    grids, _ = find_grids(1, outer + inner, [_char("甲", 60, 115)])
    small = min(grids, key=lambda g: g.x1 - g.x0)
    assert len(grids) == 2 and small.at(0, 0).text == "甲"


def test_ruling_drawn_as_one_compound_path_by_another_producer(tmp_path: Path) -> None:
    """matplotlib writes the whole grid as one path of move/line pairs; the table still reads."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    from juesuan.read.pdf.tables import read_tables

    rows = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"], ["205", "教育支出", "30.00", "20.00", ""]]
    width, height = 842, 595
    xs, ys = [60, 160, 360, 480, 600, 720], [150, 180, 210]  # ys from the top of the page
    verts: list[tuple[float, float]] = []
    for y in ys:
        verts += [(xs[0], height - y), (xs[-1], height - y)]
    for x in xs:
        verts += [(x, height - ys[0]), (x, height - ys[-1])]
    codes = [MplPath.MOVETO, MplPath.LINETO] * (len(verts) // 2)
    with plt.rc_context({"pdf.fonttype": 42, "font.sans-serif": ["WenQuanYi Micro Hei"]}):
        fig = plt.figure(figsize=(width / 72, height / 72))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(0, height)
        ax.axis("off")
        ax.add_patch(PathPatch(MplPath(verts, codes), fill=False, lw=0.75))
        ax.text(width / 2, height - 110, "一般公共预算财政拨款支出决算表", ha="center", fontsize=16)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                ax.text(xs[c] + 4, height - (ys[r] + ys[r + 1]) / 2, text, va="center", fontsize=10)
        pdf = tmp_path / "mpl.pdf"
        fig.savefig(pdf)
        plt.close(fig)
    doc = open_pdf(pdf)
    try:
        tables, problems = read_tables(list(iter_pages(doc)))
    finally:
        doc.close()
    table = tables["general_budget"]
    assert problems == []
    assert [(r.code, r.name) for r in table.rows] == [("205", "教育支出")]
    assert str(table.rows[0].values) == "[Decimal('30.00'), Decimal('20.00'), None]"
    box = (table.rows[0].boxes or [None])[0]
    assert box is not None and (round(box.x0), round(box.top), round(box.x1), round(box.bottom)) == (360, 180, 480, 210)
