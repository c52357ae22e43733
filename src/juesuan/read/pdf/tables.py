"""Standard tables from page geometry: find each table by its title, follow it over pages, read it.

One job: the order of things.  For every page: its ruled grids (pdf_grid),
the printed lines outside them, which of those lines are table titles
(table_catalogue); then each grid is given to the title above it, or, with
no title, continues the table of the page before when its columns match.
Each table's layouts are read by pdf_table_rows; a table whose page declares
it empty (本表无数据) becomes ``Table(empty=True, note=...)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from juesuan.amounts import is_amount
from juesuan.model import TABLE_KEYS, TABLE_TITLES, Problem, Table
from juesuan.read.pdf.document import Char, PageGeometry
from juesuan.read.pdf.grid import Grid, find_grids
from juesuan.read.pdf.lines import group_lines, line_text
from juesuan.read.pdf.table_layout import Layout, inherit_roles, read_layout, same_columns
from juesuan.read.pdf.table_rows import (
    TableReading,
    assign_basic_roles,
    assign_row_roles,
    assign_two_sided_roles,
    read_basic,
    read_row_table,
    read_three_public,
    read_two_sided,
    roles_known,
)
from juesuan.read.tables.catalogue import empty_statement, match_title, may_hold_title

_UNIT = re.compile(r"单位[:：].*$")
# Lines above this share of the page height are running headers.
RUNNING_HEADER = 0.08
# Lines above a continued grid that are not running text: the unit, a 续表 mark, a page number.
_INCIDENTAL = re.compile(r"^(?:金额)?单位[:：].*|^[（(]?续表?[0-9一二三四五六七八九十]*[)）]?$|^[-—第]?\d+[-—页]?$")
# A title below this share of the page height, with no grid under it, may head the next page's grid.
FOOT = 0.6
# Continued columns may differ in width by this share (a page laid out anew).
WIDTH_SLACK = 0.1
# A table continued without vertical rules has the same left and right ends within this (points).
COLUMN_EDGE_SLACK = 8.0
_NOTE_START = re.compile(r"^(?:注|说明|备注)\s*[0-9]*\s*[:：]")


@dataclass
class PrintedLine:
    text: str
    top: float
    bottom: float


@dataclass
class TablePages:
    """One table as found: its title, and the grids (one layout per page) it is printed in."""

    key: str
    title: str
    first_page: int
    layouts: list[Layout] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)


def _printed_lines(chars: list[Char]) -> list[PrintedLine]:
    out = []
    for line in group_lines(chars):
        out.append(PrintedLine(line_text(line), min(c.top for c in line), max(c.bottom for c in line)))
    return out


def _paragraphs(lines: list[PrintedLine]) -> list[tuple[float, str]]:
    """Lines joined into statements (top, text): a new one at 注：/说明： or after a line ending with 。."""
    out: list[tuple[float, str]] = []
    for line in lines:
        text = "".join(line.text.split())
        if out and not _NOTE_START.match(text) and not out[-1][1].endswith("。"):
            out[-1] = (out[-1][0], out[-1][1] + text)
        else:
            out.append((line.top, text))
    return out


def _statements(lines: list[PrintedLine], grids: list[Grid]) -> list[tuple[float, str]]:
    """Statements that declare a table empty (本表无数据), below the grid or printed in one of its cells."""
    found = [(top, note) for top, text in _paragraphs(lines) if (note := empty_statement(text))]
    for grid in grids:
        found.extend((cell.top, note) for cell in grid.cells if cell.text and (note := empty_statement(cell.text)))
    return sorted(found)


def _assign_statements(statements: list[tuple[float, str]], anchors: list[tuple[float, TablePages]]) -> None:
    """Each statement to the table printed above it on the page (or the first table, if above them all)."""
    if not anchors:
        return
    anchors = sorted(anchors, key=lambda a: a[0])
    for top, note in statements:
        owner = anchors[0][1]
        for anchor_top, table in anchors:
            if anchor_top <= top:
                owner = table
        owner.notes.append(note)


def _titles(lines: list[PrintedLine]) -> list[tuple[str, str, PrintedLine]]:
    found = []
    for i, line in enumerate(lines):
        text = _UNIT.sub("", line.text).strip()
        match = match_title(text)
        if match is None and i + 1 < len(lines) and "表" in lines[i + 1].text and "表" not in text:
            # a long title wrapped over two lines (…收入支出决 / 算表)
            joined = text + _UNIT.sub("", lines[i + 1].text).strip()
            match = match_title(joined)
            if match:
                text, line = joined, PrintedLine(joined, line.top, lines[i + 1].bottom)
        if match:
            found.append((match[0], "".join(text.split()), line))
    return found


def _text_above(lines: list[PrintedLine], grid: Grid, height: float) -> bool:
    """Whether running text is printed above ``grid`` (not counting a running header, 单位：万元 or 续表)."""
    for line in lines:
        if line.bottom > grid.top + 2 or line.top < RUNNING_HEADER * height:
            continue
        if not _INCIDENTAL.match("".join(line.text.split())):
            return True
    return False


def _title_inside(grid: Grid) -> tuple[str, str, int] | None:
    """(key, title, rows to skip) when the grid's first row is one cell holding a table title."""
    for r in range(min(2, grid.n_rows)):
        cells = [c for c in grid.cells_starting_in_row(r) if c.text]
        if len(cells) == 1 and cells[0].c1 - cells[0].c0 == grid.n_cols:
            match = match_title(_UNIT.sub("", cells[0].text))
            if match:
                return match[0], _UNIT.sub("", cells[0].text), r + 1
    return None


def _has_amounts(layouts: list[Layout]) -> bool:
    for layout in layouts:
        for cell in layout.grid.cells:
            if cell.r0 >= layout.first_data_row and is_amount(cell.text):
                return True
    return False


def _assign_roles(key: str, layout: Layout) -> None:
    if key in ("summary", "fiscal_summary"):
        assign_two_sided_roles(key, layout)
    elif key == "basic_expenditure":
        assign_basic_roles(layout)
    elif key != "three_public":
        assign_row_roles(key, layout)


def _continues(previous: TablePages, layout: Layout) -> bool:
    """Whether a grid without a title continues ``previous``: same data columns, with or without a header."""
    if previous.key == "three_public" or not previous.layouts:
        return False
    last = previous.layouts[-1]
    if same_columns(layout, last):
        return True
    # a page that simply continues the grid: no header, as many columns of about the same widths
    if layout.first_data_row != 0 or len(layout.columns) != len(last.columns):
        return False
    return all(
        abs((a.x1 - a.x0) - (b.x1 - b.x0)) <= WIDTH_SLACK * max(b.x1 - b.x0, 1.0)
        for a, b in zip(layout.columns, last.columns, strict=True)
    )


def _cut_like_before(previous: TablePages, layout: Layout) -> Layout:
    """A grid cut by its text (no vertical rules) that continues a table: cut it by the columns before.

    Without a header, a page's own text shows only the columns that hold something on it.
    """
    grid = layout.grid
    if grid.rebuild is None or not previous.layouts:
        return layout
    before = previous.layouts[-1].grid
    if layout.first_data_row > 0 and _continues(previous, layout):
        return layout  # its own header, and the same columns
    if abs(before.x0 - grid.x0) > COLUMN_EDGE_SLACK or abs(before.x1 - grid.x1) > COLUMN_EDGE_SLACK:
        return layout
    cut = grid.rebuild(before.xs)
    return read_layout(cut) if cut is not None else layout


def _attach(table: TablePages, layout: Layout, problems: list[Problem]) -> bool:
    """Add a page's layout to ``table``, its column roles from its own header or the page before."""
    _assign_roles(table.key, layout)
    if not roles_known(layout) and table.layouts:
        if not inherit_roles(layout, table.layouts[-1]):
            problems.append(Problem(f"第{layout.grid.page}页续表的列与上页不同 (columns differ from the page before)",
                                    table.key, layout.grid.page))
            return False
    table.layouts.append(layout)
    if layout.grid.page not in table.pages:
        table.pages.append(layout.grid.page)
    return True


@dataclass
class _Scan:
    """The walk through the pages: tables found so far, the one a grid without title may continue."""

    found: dict[str, TablePages] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    current: TablePages | None = None  # the table the last grid belonged to
    pending: tuple[str, str] | None = None  # a title at the foot of a page, its grid not seen yet

    def page(self, geometry: PageGeometry) -> None:
        if not geometry.chars and not (self.current and geometry.segments):
            self.current = None
            return
        may_have_title = may_hold_title("".join(c.text for c in geometry.chars))
        if not may_have_title and self.current is None and self.pending is None:
            return
        grids: list[Grid] = []
        outside = geometry.chars
        if geometry.segments:
            grids, outside = find_grids(geometry.number, geometry.segments, geometry.chars)
        lines = _printed_lines(outside)
        # titles are printed outside the grid (a ruled 目录 lists them inside cells)
        titles = _titles(lines) if may_have_title else []
        statements = _statements(lines, grids)
        anchors: list[tuple[float, TablePages]] = []  # where each table starts on this page
        for grid in grids:
            inside = _title_inside(grid)
            layout = read_layout(grid, inside[2] if inside else 0)
            above = [t for t in titles if t[2].bottom <= grid.top + 2]
            title: tuple[str, str] | None = None
            anchor = grid.top
            if inside:
                title = inside[0], inside[1]
            elif above:
                title, anchor = (above[-1][0], above[-1][1]), above[-1][2].top
                titles = [t for t in titles if t is not above[-1]]
            elif self.pending is not None:
                title, self.pending = self.pending, None
            elif _text_above(lines, grid, geometry.height):
                continue  # a continued table starts the page; a grid after running text is another table
            if title is None and self.current is not None:
                layout = _cut_like_before(self.current, layout)
            owner = self._owner(title, layout, geometry.number)
            if owner is None or not _attach(owner, layout, self.problems):
                continue
            anchors.append((anchor, owner))
            self.current = owner
        # a title with no grid below counts where the page declares the table empty; a title at the
        # foot of a page may have its grid on the next page
        self.pending = None
        lowest_grid = max((g.bottom for g in grids), default=0.0)
        for key, text, line in titles:
            if key not in self.found and statements:
                self.found[key] = TablePages(key, text, geometry.number, pages=[geometry.number])
                anchors.append((line.top, self.found[key]))
            elif key not in self.found and line.top > max(lowest_grid, FOOT * geometry.height):
                self.pending = (key, text)
        _assign_statements(statements, anchors)
        if not grids:
            self.current = None

    def _owner(self, title: tuple[str, str] | None, layout: Layout, page: int) -> TablePages | None:
        """The table a grid belongs to: a new one under its title, a 续表, or the table it continues."""
        if title is None:
            return self.current if self.current is not None and _continues(self.current, layout) else None
        key, text = title
        if key not in self.found:
            self.found[key] = TablePages(key, text, page)
            return self.found[key]
        if self.current is not None and self.current.key == key:
            return self.current  # the title repeated on a continuation page (续表)
        return None


def _locate(pages: list[PageGeometry]) -> tuple[list[TablePages], list[Problem]]:
    """Tables found in the document, in printed order, with their layouts and notes."""
    scan = _Scan()
    for geometry in pages:
        scan.page(geometry)
    return list(scan.found.values()), scan.problems


def _read(found: TablePages) -> tuple[Table, list[Problem]]:
    table = Table(key=found.key, title=found.title or TABLE_TITLES[found.key], pages=list(found.pages))
    reading = TableReading(table)
    note = next((empty_statement(n) for n in found.notes if empty_statement(n)), None)
    if note and not _has_amounts(found.layouts):
        table.empty, table.note = True, note
        return table, []
    if not found.layouts:
        reading.problem(f"找到“{found.title}”标题但没有表格线 (title without a ruled table)", found.first_page)
        return table, reading.problems
    for layout in found.layouts:
        if not roles_known(layout) and found.key != "three_public":
            reading.problem(f"第{layout.grid.page}页表头无法识别 (header not recognised)", layout.grid.page)
    if found.key in ("summary", "fiscal_summary"):
        read_two_sided(reading, found.layouts)
    elif found.key == "basic_expenditure":
        read_basic(reading, found.layouts)
    elif found.key == "three_public":
        read_three_public(reading, found.layouts)
    else:
        read_row_table(reading, found.layouts)
    return table, reading.problems


def read_tables(pages: list[PageGeometry]) -> tuple[dict[str, Table], list[Problem]]:
    """The standard tables printed in ``pages`` (keyed by model.TABLE_KEYS), and what could not be read."""
    found, problems = _locate(pages)
    tables: dict[str, Table] = {}
    for item in found:
        table, table_problems = _read(item)
        tables[item.key] = table
        problems.extend(table_problems)
    ordered = {k: tables[k] for k in TABLE_KEYS if k in tables}
    return ordered, problems
