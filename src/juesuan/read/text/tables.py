"""The standard tables from plain text whose columns were lost.

Text extracted from a PDF keeps each table row on a line but drops the blank
cells: ``201 一般公共服务支出 1,157.27 513.10 644.17``.  This module finds each
table by its title, reads its lines (code, name, the numbers in order, the
合计 wherever it was printed) and lets ``column_assignment`` put every number
in its column by the arithmetic the table must satisfy.  A number that the
arithmetic cannot place is left blank, the row is marked ambiguous and a
Problem says which row.

Tables the document states are empty ("本部门当年无政府性基金预算财政拨款收入
支出") are present with ``empty`` and the statement as ``note``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.model import TABLE_COLUMNS, Amount, Narrative, Page, Problem, Row, Table
from juesuan.read.text.basic_table import read_basic_expenditure
from juesuan.read.text.column_assignment import Identity, Layout, Line, solve
from juesuan.read.text.column_facts import known_totals
from juesuan.read.text.empty_tables import empty_statements
from juesuan.read.text.table_lines import PrintedRow, collect
from juesuan.read.text.three_public import read_three_public
from juesuan.read.text.two_sided import read_two_sided

# Title patterns, most specific first (whitespace removed before matching).
TITLES: tuple[tuple[str, str], ...] = (
    ("gov_fund", r"政府性基金预算财政拨款(?:收入)?支出决算表"),
    ("state_capital", r"国有资本经营预算财政拨款(?:收入)?支出决算表"),
    ("three_public", r"三公.{0,2}经费支出决算表"),
    ("basic_expenditure", r"基本支出决算表"),
    ("general_budget", r"一般公共预算财政拨款支出决算表"),
    ("fiscal_summary", r"财政拨款收入支出决算总表"),
    ("summary", r"收入支出决算总表"),
    ("income", r"收入决算表"),
    ("expenditure", r"支出决算表"),
)
_TITLE_END = r"(?:[（(]?(?:表|公开)?\d+(?:-\d+)?表?[）)]?)?$"
_PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
# A heading of the 情况说明 or of the glossary: the tables are over.
_SECTION_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)?[^\d]{0,30}(?:情况说明|名词解释)$"
)

LAYOUTS: dict[str, Layout] = {
    "income": Layout(7, (Identity.total(0, range(1, 7)),), first_is_total=True),
    "expenditure": Layout(6, (Identity.total(0, range(1, 6)),), first_is_total=True),
    "general_budget": Layout(3, (Identity.total(0, (1, 2)),), first_is_total=True),
    # opening, income, total, basic, project, closing: total = basic + project, closing = opening + income - total
    "gov_fund": Layout(6, (Identity.total(2, (3, 4)), Identity.total(5, (0, 1), minus=(2,)))),
    "state_capital": Layout(6, (Identity.total(2, (3, 4)), Identity.total(5, (0, 1), minus=(2,)))),
}


# Table 5 with the budget printed first (some regions): 年初预算 total, basic, project, then 决算 the same.
BUDGET_COLUMNS = ("budget_total", "budget_basic", "budget_project", "total", "basic", "project")
BUDGET_LAYOUT = Layout(6, (Identity.total(0, (1, 2)), Identity.total(3, (4, 5))))


def _with_budget_columns(region: Region, rows: list[PrintedRow], total: list[Amount] | None) -> bool:
    """Does table 5 print budget columns (a header saying 预算数, or rows of more than three numbers)?"""
    if any(len(r.numbers) + len(r.extra) > 3 for r in rows) or (total is not None and len(total) > 3):
        return True
    head = "".join("".join(ref.text.split()) for ref in region.lines[:12])
    return bool(re.search(r"(?:年初)?预算数", head)) and bool(re.search(r"决算数", head))


@dataclass
class TextLineRef:
    page: int
    text: str


@dataclass
class Region:
    key: str
    title: str
    lines: list[TextLineRef] = field(default_factory=list)

    def lines_text(self) -> list[tuple[int, str]]:
        return [(ref.page, ref.text) for ref in self.lines]


def title_key(text: str) -> str | None:
    """The table a title line names, or None when the line is not a table title."""
    squeezed = "".join(text.split())
    if not squeezed or len(squeezed) > 45 or "说明" in squeezed:
        return None
    for key, pattern in TITLES:
        if re.search(pattern + _TITLE_END, squeezed):
            return key
    return None


def find_regions(pages: list[Page]) -> list[Region]:
    """Each table title and the lines up to the next title or part heading."""
    regions: list[Region] = []
    current: Region | None = None
    for page in pages:
        for line in page.lines:
            key = title_key(line.text)
            if key is not None:
                current = Region(key, line.text.strip())
                regions.append(current)
                continue
            squeezed = "".join(line.text.split())
            if _PART_HEADING.match(squeezed) or _SECTION_HEADING.match(squeezed):
                current = None
                continue
            if current is not None:
                current.lines.append(TextLineRef(page.number, line.text))
    return regions


def _parent_code(code: str, codes: set[str]) -> str | None:
    for length in (5, 3):
        if len(code) > length and code[:length] in codes:
            return code[:length]
    return None


def read_row_table(
    key: str, region: Region, known: dict[str, Decimal], multi_page: bool
) -> tuple[Table, list[Problem]]:
    """A row-shaped table (收入, 支出, 一般公共预算, 政府性基金, 国有资本经营) from its lines."""
    columns = list(TABLE_COLUMNS[key])
    layout = LAYOUTS[key]
    problems: list[Problem] = []
    found = collect(region.lines_text())
    printed, total, total_page = found.rows, found.total, found.total_page
    if not printed:
        return Table(key=key, columns=columns), problems
    if key == "general_budget" and _with_budget_columns(region, found.rows, total):
        columns = list(BUDGET_COLUMNS)
        layout = BUDGET_LAYOUT
        known = {}  # the narrative's totals do not say which half they are

    lines: list[Line] = []
    root = "合计"
    lines.append(Line(root, list(total or []), extra=list(found.total_extra)))
    codes = {p.code for p in printed}
    first_key: dict[str, str] = {}
    keys: list[str | None] = []
    for index, row in enumerate(printed):
        if len(row.numbers) + len(row.extra) > layout.width:
            problems.append(Problem(
                f"{row.code} {row.name}: {len(row.numbers) + len(row.extra)} numbers for {layout.width} columns; "
                "not read",
                table=key, page=row.page if multi_page else None))
            keys.append(None)
            continue
        line_key = f"{index}:{row.code}"
        first_key.setdefault(row.code, line_key)
        parent = _parent_code(row.code, codes)
        parent_key = first_key.get(parent, root) if parent else root
        lines.append(Line(line_key, list(row.numbers), parent_key, list(row.extra)))
        keys.append(line_key)
    known_idx = {columns.index(c): v for c, v in known.items() if c in columns}
    solution = solve(lines, layout, root=root, known=known_idx)
    labels = {slot: f"{row.code} {row.name}" for row, slot in zip(printed, keys, strict=True) if slot}
    labels[root] = "合计"
    for note in solution.notes:
        problems.append(Problem(f"{labels.get(note.key, note.key)}: {note.message}", table=key))

    table = Table(key=key, columns=columns)
    if total is not None or found.total_extra:
        placed = solution.placements[root]
        table.total = placed.values
        if placed.ambiguous:
            problems.append(Problem(
                f"合计: the printed numbers {_show([*(total or []), *found.total_extra])} fit more than one set of "
                "columns; "
                f"{', '.join(columns[j] for j in placed.ambiguous)} left blank",
                table=key, page=total_page if multi_page else None, kind="ambiguous"))
    for row, slot in zip(printed, keys, strict=True):
        if slot is None:
            table.rows.append(Row(row.name, [None] * layout.width, row.code, row.page if multi_page else None))
            continue
        placed = solution.placements[slot]
        out = Row(row.name, placed.values, row.code, row.page if multi_page else None)
        if placed.ambiguous:
            out.ambiguous = [columns[j] for j in placed.ambiguous]
            problems.append(Problem(
                f"{row.code} {row.name}: the printed numbers {_show(row.numbers + row.extra)} fit more than one set of "
                f"columns; {', '.join(out.ambiguous)} left blank",
                table=key, page=row.page if multi_page else None, kind="ambiguous"))
        table.rows.append(out)
    if multi_page:
        table.pages = sorted({r.page for r in printed})
    return table, problems


def _show(numbers: list[Amount]) -> str:
    return " ".join("-" if n is None else str(n) for n in numbers)


def read_text_tables(pages: list[Page], narrative: Narrative | None = None) -> tuple[dict[str, Table], list[Problem]]:
    """Every standard table found in the text, and what could not be settled."""
    multi_page = len(pages) > 1
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    statements = empty_statements(pages)
    for region in find_regions(pages):
        if region.key in tables and not tables[region.key].empty:
            continue
        table: Table | None = None
        found: list[Problem] = []
        if region.key in LAYOUTS:
            known = known_totals(region.key, pages, narrative)
            table, found = read_row_table(region.key, region, known, multi_page)
            if not table.rows:
                table = None
        elif region.key == "basic_expenditure":
            table, found = read_basic_expenditure(region.lines_text(), multi_page)
        elif region.key in ("summary", "fiscal_summary"):
            table, found = read_two_sided(region.key, region.lines_text(), set(statements))
        elif region.key == "three_public":
            table, found = read_three_public(region.lines_text(), narrative)
        problems.extend(found)
        if table is not None:
            tables[region.key] = table
    for key, statement in statements.items():
        if key in tables:
            continue
        table = Table(key=key, empty=True, note=statement.text)
        if multi_page:
            table.pages = [statement.page]
        tables[key] = table
    return tables, problems
