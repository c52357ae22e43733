"""Tables from page geometry: find each table by its title or its content, follow it over pages, read it.

One job: the order of things.  For every page: its ruled grids (pdf_grid),
the printed lines outside them, which of those lines are table titles
(table_catalogue); then each grid is given to the title above it, or, with
no title, continues the table of the page before when its columns match, or
else is recognised by what it holds (tables.recognise: header words, codes,
two sides), which a Problem of kind "info" then says.  A grid that is none of
the nine, or whose columns do not map onto its standard table's, is read as
a generic table (pdf_generic_rows).  A standard table printed twice is kept
twice: the first complete copy is used, the other goes to ``other_tables``.
Each table's layouts are read by pdf_table_rows; a table whose page declares
it empty (本表无数据) becomes ``Table(empty=True, note=...)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from juesuan.amounts import is_amount
from juesuan.model import GENERIC_KEY, TABLE_KEYS, TABLE_TITLES, Problem, Table
from juesuan.read.pdf.column_fit import ASSIGNED, ORPHANED
from juesuan.read.pdf.document import Char, PageGeometry
from juesuan.read.pdf.generic_rows import generic_layout, read_generic
from juesuan.read.pdf.grid import Grid, find_grids
from juesuan.read.pdf.lines import group_lines, line_text
from juesuan.read.pdf.table_kind import (
    ROW_TABLES,
    TWO_SIDED,
    column_mapping,
    header_words,
    holds_no_accounts,
    inherit_header,
    money_rows,
    sketch,
    starts_alike,
)
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
    row_table_settles,
)
from juesuan.read.tables.catalogue import (
    empty_statement,
    match_other_title,
    match_title,
    may_hold_title,
)
from juesuan.read.tables.recognise import recognise

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
_CONTINUED_MARK = re.compile(r"[（(]续表?[0-9一二三四五六七八九十]*[)）]$|续表$")
# A line longer than this is running text, not a table's title.
TITLE_LENGTH = 40
# A grid of none of the nine is a table when this many of its rows print money amounts.
MIN_GENERIC_ROWS = 2


@dataclass
class PrintedLine:
    text: str
    top: float
    bottom: float


@dataclass
class TablePages:
    """One table as found: its title, and the grids (one layout per page) it is printed in."""

    key: str  # a standard table's key, or GENERIC_KEY
    title: str
    first_page: int
    layouts: list[Layout] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    how: str | None = None  # how it was recognised, when not by its title (a note for the reader's problems)
    like: str | None = None  # generic: the standard table its title names, whose columns it does not print
    heading: str | None = None  # the line above it that is no standard title (its title if it is no standard table)
    column_notes: list[Problem] = field(default_factory=list)  # columns the standard table has not, per page


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
    """Standard titles among the printed lines, a title wrapped over two lines joined (…收入支出决 / 算总表,
    公开01表 收入支出决 / 算总表)."""
    found = []
    skip = False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        text = _UNIT.sub("", line.text).strip()
        match = match_title(text)
        if match is None and i + 1 < len(lines):
            after = _UNIT.sub("", lines[i + 1].text).strip()
            if _CONTINUED_MARK.sub("", after).endswith("表") and match_title(after) is None:
                joined = text + after
                match = match_title(joined)
                if match:
                    text, line, skip = joined, PrintedLine(joined, line.top, lines[i + 1].bottom), True
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
    if key in TWO_SIDED:
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
        # a header printed again is the same header (another one heads another table of the same widths), and
        # the lines go on (a table of the same columns printed next starts again with its 合计 line)
        headed = any(col.header for col in layout.columns)
        return not headed or (header_words(layout) == header_words(last)
                              and not starts_alike(previous.layouts[0], layout))
    # a page that simply continues the grid: no header, as many columns of about the same widths
    if layout.first_data_row != 0 or len(layout.columns) != len(last.columns):
        return False
    return all(
        abs((a.x1 - a.x0) - (b.x1 - b.x0)) <= WIDTH_SLACK * max(b.x1 - b.x0, 1.0)
        for a, b in zip(layout.columns, last.columns, strict=True)
    )


def _heading(lines: list[PrintedLine], since: float, grid: Grid) -> str | None:
    """The line printed just above ``grid`` (below ``since``) when it reads as a table's title (…表)."""
    for line in reversed(lines):
        if line.bottom > grid.top + 2 or line.top < since:
            continue
        text = _CONTINUED_MARK.sub("", _UNIT.sub("", "".join(line.text.split())))
        if not text or _INCIDENTAL.match(text):
            continue
        return text if text.endswith("表") and len(text) <= TITLE_LENGTH else None
    return None


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



@dataclass
class _Scan:
    """The walk through the pages: tables found so far, the one a grid without title may continue."""

    found: dict[str, TablePages] = field(default_factory=dict)  # the first copy of each standard table
    printed: list[TablePages] = field(default_factory=list)  # every table, in printed order
    problems: list[Problem] = field(default_factory=list)
    current: TablePages | None = None  # the table the last grid belonged to
    pending: tuple[str, str] | None = None  # a title at the foot of a page, its grid not seen yet

    def page(self, geometry: PageGeometry) -> None:
        if not geometry.chars and not (self.current and geometry.segments):
            self.current = None
            return
        may_have_title = may_hold_title("".join(c.text for c in geometry.chars))
        if not may_have_title and self.current is None and self.pending is None and not geometry.segments:
            return
        grids: list[Grid] = []
        outside = geometry.chars
        if geometry.segments:
            grids, outside = find_grids(geometry.number, geometry.segments, geometry.chars)
            grids.sort(key=lambda g: (g.top, g.x0))  # top to bottom: each takes the title just above it
        lines = _printed_lines(outside)
        # titles are printed outside the grid (a ruled 目录 lists them inside cells)
        titles = _titles(lines) if may_have_title else []
        statements = _statements(lines, grids)
        anchors: list[tuple[float, TablePages]] = []  # where each table starts on this page
        since = 0.0  # the bottom of the grid above on this page
        for n, grid in enumerate(grids):
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
            if title is None and self.current is not None and not _text_above(lines, grid, geometry.height):
                layout = _cut_like_before(self.current, layout)  # a page cut by its text, continuing a table
            owner: TablePages | None
            if title is not None:
                owner = self._titled(title, layout, geometry.number)
            elif (not _text_above(lines, grid, geometry.height) and self.current is not None
                  and _continues(self.current, layout)):
                owner = self.current  # a continued table starts the page
            else:
                below = grids[n + 1].top if n + 1 < len(grids) else geometry.height
                notes = tuple(text for top, text in statements if grid.bottom - 2 <= top < below)
                owner = self._untitled(_heading(lines, since, grid), layout, geometry.number, notes)
            since = grid.bottom
            if owner is None or not self._attach(owner, layout):
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
                self.printed.append(self.found[key])
                anchors.append((line.top, self.found[key]))
            elif key not in self.found and line.top > max(lowest_grid, FOOT * geometry.height):
                self.pending = (key, text)
        _assign_statements(statements, anchors)
        if not grids:
            self.current = None

    def _titled(self, title: tuple[str, str], layout: Layout, page: int) -> TablePages:
        """The table a grid under a title belongs to: the table before (its 续表), or a new one (a table printed
        again starts again with the same first line)."""
        key, text = title
        current = self.current
        if current is None or key not in (current.key, current.like) or starts_alike(current.layouts[0], layout):
            return TablePages(key, text, page)
        return current  # the title repeated on a continuation page (续表)

    def _untitled(self, heading: str | None, layout: Layout, page: int, notes: tuple[str, ...] = ()
                  ) -> TablePages | None:
        """A grid with no standard title: a table known to be none of the nine, one recognised by what it
        holds, or a generic table; None for a grid that holds no accounts (a 目录, a 绩效 table)."""
        other = match_other_title(heading) if heading else None
        if other is not None:
            return TablePages(GENERIC_KEY, heading or other, page)
        if holds_no_accounts(layout, heading):
            return None
        key = recognise(sketch(generic_layout(layout), notes), list(self.found))
        if key in self.found and not any(c.header for c in layout.columns):
            key = None  # a table printed again repeats its header; lines without one are no second copy
        if key is not None:
            how = f"第{page}页表格无可识别的标题，按表头识别为{TABLE_TITLES[key]} (no title: recognised by its header)"
            return TablePages(key, TABLE_TITLES[key], page, how=how, heading=heading)
        if money_rows(generic_layout(layout)) >= MIN_GENERIC_ROWS:
            return TablePages(GENERIC_KEY, heading or "", page)
        return None

    def _attach(self, table: TablePages, layout: Layout) -> bool:
        """Add a page's layout to ``table``, its column roles from its own header or the page before."""
        page = layout.grid.page
        if table.key != GENERIC_KEY:
            _assign_roles(table.key, layout)
            if not roles_known(layout) and table.key != "three_public":
                # a header word no catalogue knows (上年结转) made the header look like data: the rows above
                # the first amount or code are the header
                alt = generic_layout(layout)
                _assign_roles(table.key, alt)
                layout = alt if roles_known(alt) else layout
            if not table.layouts:
                self._judge_columns(table, layout)
        if table.key == GENERIC_KEY:
            layout = generic_layout(layout)
            if table.layouts and not layout.columns[0].header and not inherit_header(layout, table.layouts[-1]):
                return False
        elif not roles_known(layout) and table.layouts and not inherit_roles(layout, table.layouts[-1]):
            self.problems.append(Problem(f"第{page}页续表的列与上页不同 (columns differ from the page before)",
                                         table.key, page))
            return False
        if not table.layouts:
            self._register(table)
        table.layouts.append(layout)
        if page not in table.pages:
            table.pages.append(page)
        return True

    def _judge_columns(self, table: TablePages, layout: Layout) -> None:
        """A standard table's first page: its columns map onto the standard ones, or it becomes a generic table
        (two columns onto one, or more unknown than known); columns the standard table has not are noted."""
        mapping = column_mapping(table.key, layout)
        page = layout.grid.page
        title = TABLE_TITLES[table.key]
        named = f"表格（按表头像{title}）" if table.how else f"“{table.title or title}”"
        # a header cell over two columns, or headings in unknown words, may still be the standard table when its
        # arithmetic says so (column_fit); two headers of their own onto one column are sub-columns: generic
        if not mapping.standard and not (table.key in ROW_TABLES and not mapping.doubled
                                         and row_table_settles(table.key, layout)):
            differ = "、".join(mapping.doubled + mapping.spanned + mapping.unknown)
            self.problems.append(Problem(
                f"第{page}页{named}的列与标准表不同（{differ}），按其他表格读取 "
                "(columns differ from the standard table: read as a generic table)", table.key, page, "info"))
            if table.how:  # recognised by its header, not by its title: its own heading, if any
                table.title = table.heading or ""
            table.like, table.key, table.how = table.key, GENERIC_KEY, None
        elif mapping.standard and mapping.unknown:
            # said when the table is read, unless its arithmetic gives the column a standard meaning
            table.column_notes.append(Problem(
                f"第{page}页{named}印有标准表没有的列（{'、'.join(mapping.unknown)}），该列未读入标准表 "
                "(columns the standard table has not: not read)", table.key, page, "info"))

    def _register(self, table: TablePages) -> None:
        """A table's first page is read: it joins the printed tables (and is the first copy of its key, or not)."""
        self.printed.append(table)
        if table.key != GENERIC_KEY and table.key not in self.found:
            self.found[table.key] = table
        if table.how:
            self.problems.append(Problem(table.how, table.key, table.first_page, "info"))


def _locate(pages: list[PageGeometry]) -> tuple[list[TablePages], list[Problem]]:
    """Tables found in the document, in printed order, with their layouts and notes."""
    scan = _Scan()
    for geometry in pages:
        scan.page(geometry)
    return scan.printed, scan.problems


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
    if found.key in TWO_SIDED:
        read_two_sided(reading, found.layouts)
    elif found.key == "basic_expenditure":
        read_basic(reading, found.layouts)
    elif found.key == "three_public":
        read_three_public(reading, found.layouts)
    else:
        read_row_table(reading, found.layouts)
        _settle_column_notes(reading, found.column_notes)
    return table, reading.problems


def _settle_column_notes(reading: TableReading, notes: list[Problem]) -> None:
    """Columns the standard table has not, noted by name on their page, unless the arithmetic gave them a
    standard meaning there (column_fit then says so); the fitting's own count of unread columns is dropped."""
    for note in notes:
        page_problems = [p for p in reading.problems if p.page == note.page]
        if any(ASSIGNED in p.message for p in page_problems):
            continue
        reading.problems[:] = [p for p in reading.problems if not (p.page == note.page and ORPHANED in p.message)]
        reading.problems.append(note)


def _complete(table: Table, problems: list[Problem]) -> bool:
    """Read whole: no cell or column the reader could not read, and something in it (or declared empty)."""
    if any(p.kind in ("unreadable", "missing") for p in problems):
        return False
    return table.empty or bool(table.rows or table.income or table.expenditure or table.cells)


@dataclass
class TablesRead:
    """What the pages hold: the standard tables used, the other tables, and what could not be read."""

    tables: dict[str, Table]
    others: list[Table]
    problems: list[Problem]


def read_all_tables(pages: list[PageGeometry]) -> TablesRead:
    """Every table printed in ``pages``: the standard ones (keyed by model.TABLE_KEYS; of a table printed twice,
    the first complete copy), then the generic tables and unused copies in printed order."""
    printed, problems = _locate(pages)
    copies: dict[str, list[tuple[Table, list[Problem]]]] = {}
    readings: list[tuple[Table, list[Problem]]] = []
    for item in printed:
        if item.key == GENERIC_KEY:
            tables, table_problems = read_generic(item.title or None, item.layouts, item.pages)
            readings.extend((t, []) for t in tables)
            problems.extend(table_problems)
            continue
        reading = _read(item)
        readings.append(reading)
        copies.setdefault(item.key, []).append(reading)
    used: dict[str, Table] = {}
    for key, versions in copies.items():
        chosen = next((v for v in versions if _complete(*v)), versions[0])
        used[key] = chosen[0]
        problems.extend(chosen[1])
        if len(versions) > 1:
            problems.extend(_copies_note(key, chosen[0], [t for t, _ in versions]))
        for table, table_problems in versions:
            if table is not chosen[0]:
                problems.extend(Problem(f"未采用的{TABLE_TITLES[key]}副本（第{_pages(table)}页）：{p.message}",
                                        None, p.page, p.kind) for p in table_problems)
    others = [t for t, _ in readings if t.key == GENERIC_KEY or used.get(t.key) is not t]
    ordered = {k: used[k] for k in TABLE_KEYS if k in used}
    return TablesRead(ordered, others, problems)


def _pages(table: Table) -> str:
    return "、".join(str(p) for p in table.pages) or "?"


def _copies_note(key: str, chosen: Table, versions: list[Table]) -> list[Problem]:
    where = "；".join(f"第{_pages(t)}页" for t in versions)
    message = (f"{TABLE_TITLES[key]}印了{len(versions)}次（{where}），采用第{_pages(chosen)}页的一份，"
               "其余列在其他表格中 (printed more than once: the first complete copy is used)")
    return [Problem(message, key, chosen.pages[0] if chosen.pages else None, "info")]


def read_tables(pages: list[PageGeometry]) -> tuple[dict[str, Table], list[Problem]]:
    """The standard tables printed in ``pages`` (keyed by model.TABLE_KEYS), and what could not be read."""
    found = read_all_tables(pages)
    return found.tables, found.problems
