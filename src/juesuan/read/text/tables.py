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

from juesuan.model import (
    GENERIC_KEY,
    TABLE_COLUMNS,
    TABLE_KEYS,
    TABLE_TITLES,
    Amount,
    Narrative,
    Page,
    Problem,
    Row,
    Table,
    column_label,
)
from juesuan.read.prose.running_text import RunningText
from juesuan.read.text.basic_columns import column_written
from juesuan.read.text.basic_table import read_basic_expenditure
from juesuan.read.text.column_assignment import Budget, Identity, Layout, Line, Solution, solve
from juesuan.read.text.column_facts import known_totals
from juesuan.read.text.column_stream import read_columns
from juesuan.read.text.empty_tables import empty_statements
from juesuan.read.text.generic_tables import generic_title, read_generic, subcolumns
from juesuan.read.text.table_lines import ARRANGEMENTS, PrintedTable, arrange, collect, name_fragment, whole_names
from juesuan.read.text.table_links import row_hints, three_public_floor, total_hints, two_sided_hints
from juesuan.read.text.three_public import read_three_public
from juesuan.read.text.two_sided import read_two_sided
from juesuan.standard import CLASS_NAME

# Title patterns, most specific first (whitespace removed before matching).
TITLES: tuple[tuple[str, str], ...] = (
    ("gov_fund", r"政府性基金预算财政拨款(?:收入)?支出决算表"),
    ("state_capital", r"国有资本经营预算财政拨款(?:收入)?支出决算表"),
    ("three_public", r"三公.{0,2}经费(?:[及、和][^支]{0,8}(?:会议|培训)费)?支出决算表"),
    ("basic_expenditure", r"基本支出决算表"),
    ("general_budget", r"一般公共预算财政拨款支出决算表"),
    ("fiscal_summary", r"财政拨款收入支出决算总表"),
    ("summary", r"收入支出决算总表"),
    ("income", r"收入决算表"),
    ("expenditure", r"支出决算表"),
)
GENERIC = "generic"  # a region under a title none of the nine has
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


def _budget_header(region: Region) -> bool:
    """Does table 5's header print budget columns (预算数 beside 决算数)?"""
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


# A table's number printed on a line of its own ("公开 02 表", "表2", "附表3").
_MARKER = re.compile(r"^(?:公开\d+表|附?表[（(]?\d+[）)]?|附?表[一二三四五六七八九十]+)$")
# Header words that say which table an untitled region is (its title printed elsewhere, or lost).
_HEADER_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("income", ("财政拨款收入", "上级补助收入", "事业收入", "附属单位上缴收入")),
    ("expenditure", ("基本支出", "项目支出", "上缴上级支出", "对附属单位补助支出")),
    ("basic_expenditure", ("人员经费", "公用经费")),
    ("three_public", ("因公出国", "公务用车", "公务接待")),
)


def split_title(text: str) -> tuple[str, str] | None:
    """(content, title) of a line whose end is a table title glued to other text
    ("… 公用经费合计 184.65财政拨款“三公”经费支出决算表")."""
    stripped = text.strip()
    for _key, pattern in TITLES:
        match = re.search(r"(?<=[\d。）)])\s*((?:[^\s\d。，,]{0,12})" + pattern + r")\s*$", stripped)
        if match and match.start() > 0 and title_key(match.group(1)) is not None:
            return stripped[: match.start()].rstrip(), match.group(1)
    return None


def header_key(lines: list[TextLineRef]) -> str | None:
    """The table an untitled region's header describes, when its words say so."""
    head = "".join("".join(ref.text.split()) for ref in lines[:15])
    for key, words in _HEADER_KEYS:
        if sum(word in head for word in words) >= 3 or (key == "basic_expenditure" and all(w in head for w in words)):
            return key
    return None


def find_regions(pages: list[Page]) -> list[Region]:
    """Each table title (or number, "公开 02 表") and the lines up to the next one or a part heading.

    A title printed after its table (some extractors read it last) names the untitled region
    before it; a region left without a title is named by its header words where they say which
    table it is.
    """
    lines: list[tuple[int, str]] = []
    for page in pages:
        for line in page.lines:
            split = split_title(line.text)
            if split is not None:
                lines += [(page.number, split[0]), (page.number, split[1])]
            else:
                lines.append((page.number, line.text))
    keys = [title_key(text) or (GENERIC if generic_title(text) else None) for _, text in lines]
    squeezed = ["".join(text.split()) for _, text in lines]
    regions: list[Region] = []
    current: Region | None = None
    for index, (number, text) in enumerate(lines):
        key = keys[index]
        if key == GENERIC and _PART_HEADING.match(squeezed[index]):
            key = None
        if key is not None:
            if (key != GENERIC and current is not None and current.key == "" and _has_rows(current)
                    and _ends_here(keys, squeezed, index)):
                current.key, current.title = key, text.strip()  # the title printed after its table
                current = None
                continue
            current = Region(key, text.strip())
            regions.append(current)
            continue
        if _MARKER.match(squeezed[index]):
            if current is None or _has_rows(current):
                current = Region("", "")
                regions.append(current)
            continue
        if _PART_HEADING.match(squeezed[index]) or _SECTION_HEADING.match(squeezed[index]):
            current = None
            continue
        if current is not None:
            current.lines.append(TextLineRef(number, text))
    for region in regions:
        if region.key == "":
            region.key = header_key(region.lines) or ""
    return [r for r in regions if r.key]


def _has_rows(region: Region) -> bool:
    """Has the region read anything but its header (a line with an amount)?"""
    return any(re.search(r"\d\.\d", ref.text) for ref in region.lines)


def _ends_here(keys: list[str | None], squeezed: list[str], index: int) -> bool:
    """Is the title at ``index`` the last line before another title, a table number, or the end?"""
    for later in range(index + 1, len(keys)):
        if not squeezed[later] or re.fullmatch(r"[\d\-—－]+", squeezed[later]):
            continue  # blank, or a page number
        return keys[later] is not None or bool(_MARKER.match(squeezed[later]))
    return True


def _parent_code(code: str, codes: set[str]) -> str | None:
    for length in (5, 3):
        if len(code) > length and code[:length] in codes:
            return code[:length]
    return None


@dataclass
class _Reading:
    """One grouping of a table's lines, its columns and what the solver made of it."""

    found: PrintedTable
    columns: list[str]
    layout: Layout
    keys: list[str | None]
    solution: Solution
    score: tuple[int, ...]


def read_row_table(
    key: str, region: Region, known: dict[str, Decimal], multi_page: bool,
    hints: dict[str, dict[str, Decimal]] | None = None, budget: Budget | None = None,
    names: dict[str, str] | None = None,
) -> tuple[Table, list[Problem]]:
    """A row-shaped table (收入, 支出, 一般公共预算, 政府性基金, 国有资本经营) from its lines.

    Every grouping of the lines into rows (``table_lines.ARRANGEMENTS``) is solved; the one the
    arithmetic supports best is kept (among equals, the one whose names agree with ``names``: code
    -> the name printed whole elsewhere).  ``hints`` are values other tables give for some rows
    (code -> column -> value); ``budget`` bounds the search of each grouping (a fresh budget of as
    many steps for each: at most len(ARRANGEMENTS) + 1 of them per table).
    """
    steps = (budget or Budget()).steps
    lines_text = region.lines_text()
    readings: list[_Reading] = []
    seen: set[tuple[object, ...]] = set()
    for policy in [*ARRANGEMENTS, None]:
        found = arrange(lines_text, *policy) if policy is not None else read_columns(lines_text, names)
        if found is None:
            continue
        signature = found.signature()
        if signature in seen or not found.rows:
            continue
        seen.add(signature)
        for columns, layout in _layouts(key, region, found):
            readings.append(_solve_reading(key, found, columns, layout, known, hints or {}, Budget(steps),
                                           names or {}))
        if not any(readings[-1].score):
            break  # every row adds up, settled and named: no other grouping can do better
    if not readings:
        return Table(key=key, columns=list(TABLE_COLUMNS[key])), []
    best = min(readings, key=lambda r: r.score)
    return _table_of(key, best, multi_page)


def _layouts(key: str, region: Region, found: PrintedTable) -> list[tuple[list[str], Layout]]:
    plain = (list(TABLE_COLUMNS[key]), LAYOUTS[key])
    printed = _printed_columns(key, region)
    if printed is not None:  # the header leaves some columns out: the others are the table's
        return [(printed, Layout(len(printed), (Identity.total(0, range(1, len(printed))),), first_is_total=True))]
    if key != "general_budget":
        return [plain]
    budget = (list(BUDGET_COLUMNS), BUDGET_LAYOUT)
    if _budget_header(region):
        return [budget]
    if any(r.count() > 3 for r in found.rows) or found.total_count() > 3:
        return [plain, budget]
    return [plain]


def _printed_columns(key: str, region: Region) -> list[str] | None:
    """The columns of a 收入决算表 or 支出决算表 whose header leaves some of the standard ones out (a 高等学校
    支出决算表: 本年支出合计, 基本支出, 项目支出, 经营支出): those it names, the 合计 first.  Only where each
    column left out is not named at all, not even in part (a heading wrapped over lines is not left out)."""
    if key not in ("income", "expenditure"):
        return None
    head_lines: list[str] = []
    for ref in region.lines[:24]:
        if _HEAD_END.match(ref.text.strip()):
            break
        head_lines.append(re.sub(r"(?:编制|金额)?单位[:：]\s*\S*|部门[:：]\s*\S*", "", ref.text))  # not a heading
    head = "".join("".join(text.split()) for text in head_lines)
    named: list[str] = []
    absent = 0
    for column in TABLE_COLUMNS[key][1:]:
        label = column_label(key, column)
        core = label.removesuffix("支出").removesuffix("收入")
        if label in head:
            named.append(column)
        elif any(core[i:i + 2] in head for i in range(len(core) - 1)):
            return None
        else:
            absent += 1
    if not absent or len(named) < 2:
        return None
    return [TABLE_COLUMNS[key][0], *named]


# The end of a table's header: its first row, its 合计 line, or a line of amounts.
_HEAD_END = re.compile(r"^(?:\d{3}(?:\d{2}){0,2}(?:\s|$)|合\s*计\s+-?\d|-?[\d,]+\.\d+(?:\s|$))")


def _solve_reading(
    key: str, found: PrintedTable, columns: list[str], layout: Layout, known: dict[str, Decimal],
    hints: dict[str, dict[str, Decimal]], budget: Budget, names: dict[str, str],
) -> _Reading:
    if columns == list(BUDGET_COLUMNS):
        known = {}  # the narrative's totals do not say which half they are
    root = "合计"
    lines = [Line(root, list(found.total or []), extra=list(found.total_extra), groups=list(found.total_groups))]
    codes = {p.code for p in found.rows}
    first_key: dict[str, str] = {}
    keys: list[str | None] = []
    overflow = 0
    line_hints: dict[str, dict[int, Decimal]] = {}
    for index, row in enumerate(found.rows):
        if row.count() > layout.width:
            overflow += 1
            keys.append(None)
            continue
        line_key = f"{index}:{row.code}"
        first_key.setdefault(row.code, line_key)
        parent = _parent_code(row.code, codes)
        parent_key = first_key.get(parent, root) if parent else root
        lines.append(Line(line_key, list(row.numbers), parent_key, list(row.extra), [list(g) for g in row.groups]))
        keys.append(line_key)
        hint = hints.get(row.code)
        if hint:
            line_hints[line_key] = {columns.index(c): v for c, v in hint.items() if c in columns}
    known_idx = {columns.index(c): v for c, v in known.items() if c in columns}
    solution = solve(lines, layout, root=root, known=known_idx, hints=line_hints, budget=budget)
    ambiguous = sum(len(p.ambiguous) for p in solution.placements.values())
    unnumbered = sum(1 for r in found.rows if not r.count())
    unnamed = sum(1 for r in found.rows if not r.name)
    misnamed = sum(1 for r in found.rows if r.code in names and _squeeze(r.name) != _squeeze(names[r.code]))
    score = (overflow, len(solution.notes), unnumbered, ambiguous, found.crossings, misnamed, found.names_extended,
             unnamed)
    return _Reading(found, columns, layout, keys, solution, score)


def _table_of(key: str, reading: _Reading, multi_page: bool) -> tuple[Table, list[Problem]]:
    found, columns, solution = reading.found, reading.columns, reading.solution
    problems: list[Problem] = []
    labels = {slot: f"{row.code} {row.name}" for row, slot in zip(found.rows, reading.keys, strict=True) if slot}
    root = "合计"
    labels[root] = "合计"
    for note in solution.notes:
        problems.append(Problem(f"{labels.get(note.key, note.key)}: {note.message}", table=key))
    table = Table(key=key, columns=columns)
    width = len(columns)
    if found.total_count():
        placed = solution.placements[root]
        table.total = placed.values
        table.ambiguous = [f"total.{columns[j]}" for j in placed.ambiguous]
        table.candidates = [{f"total.{c}": v for c, v in zip(columns, o, strict=True)}
                            for o in placed.options[:_MAX_CANDIDATES]] if placed.ambiguous else []
        if placed.ambiguous:
            problems.append(Problem(
                f"合计: the printed numbers {_show(found.total_printed())} fit more than one set of columns "
                f"({_options(placed.options, columns)}); {', '.join(columns[j] for j in placed.ambiguous)} "
                "left blank",
                table=key, page=found.total_page if multi_page else None, kind="ambiguous"))
    for row, slot in zip(found.rows, reading.keys, strict=True):
        page = row.page if multi_page else None
        if slot is None:
            out = Row(row.name, [None] * width, row.code, page, ambiguous=list(columns), printed=row.printed())
            problems.append(Problem(
                f"{row.code} {row.name}: {row.count()} numbers ({_show(row.printed())}) for {width} columns; "
                "kept unplaced", table=key, page=page, kind="ambiguous"))
            table.rows.append(out)
            continue
        placed = solution.placements[slot]
        out = Row(row.name, placed.values, row.code, page)
        if placed.ambiguous:
            out.ambiguous = [columns[j] for j in placed.ambiguous]
            out.printed = row.printed()
            out.candidates = [list(o) for o in placed.options[:_MAX_CANDIDATES]] or None
            problems.append(Problem(
                f"{row.code} {row.name}: the printed numbers {_show(row.printed())} fit more than one set of "
                f"columns ({_options(placed.options, columns)}); {', '.join(out.ambiguous)} left blank",
                table=key, page=page, kind="ambiguous"))
        table.rows.append(out)
    if multi_page:
        table.pages = sorted({r.page for r in found.rows})
    return table, problems


_MAX_CANDIDATES = 12


def _options(options: list[list[Amount]], columns: list[str]) -> str:
    """The placements still possible, as "total=9.00 basic=9.00 | total=9.00 project=9.00"."""
    shown = [" ".join(f"{c}={v}" for c, v in zip(columns, o, strict=True) if v is not None)
             for o in options[:_MAX_CANDIDATES]]
    more = f" | … {len(options) - _MAX_CANDIDATES} more" if len(options) > _MAX_CANDIDATES else ""
    return " | ".join(shown) + more


def _squeeze(text: str) -> str:
    return "".join(text.split())


def whole_names_of(regions: list[Region]) -> dict[str, str]:
    """Code -> name, from the rows printed whole in any of the row tables, and the standard 类 names;
    under keys "#<name>", the lines of a row table that hold only a name (whole, or a piece of one)."""
    out = dict(CLASS_NAME)
    for region in regions:
        if region.key in LAYOUTS:
            for code, name in whole_names(region.lines_text()).items():
                out.setdefault(code, name)
            for _page, text in region.lines_text():  # a line holding only a name: maybe a whole one
                squeezed = "".join(text.split())
                if name_fragment(text) and len(squeezed) >= 4:
                    out.setdefault(f"#{squeezed}", squeezed)
    return out


def _show(numbers: list[Amount]) -> str:
    return " ".join("-" if n is None else str(n) for n in numbers)


# Reading order: the tables that others take hints from come first.
_ORDER = ("summary", "fiscal_summary", "basic_expenditure", "income", "expenditure", "general_budget", "gov_fund",
          "state_capital", "three_public", GENERIC)


def read_text_tables(
    pages: list[Page], narrative: Narrative | None = None, budget: Budget | None = None,
    others: list[Table] | None = None,
) -> tuple[dict[str, Table], list[Problem]]:
    """Every standard table found in the text, and what could not be settled; the tables that are none of
    the nine (a title no standard table has, a standard title over columns it does not have, a table
    printed again) are appended to ``others`` as generic tables.

    ``budget`` bounds the column search of each grouping of a table's lines (a text that interleaves several
    tables' lines could otherwise take very long): when it runs out, rows are left ambiguous.
    """
    budget = budget or Budget()
    multi_page = len(pages) > 1
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    statements = empty_statements(pages)
    regions = find_regions(pages)
    names = whole_names_of(regions)
    generic: list[Table] = []
    for region in sorted(regions, key=lambda r: _ORDER.index(r.key)):
        repeated = region.key in tables and not tables[region.key].empty
        unlike = _not_standard(region, region.key) if region.key in LAYOUTS and not repeated else None
        if unlike is not None:
            problems.append(Problem(f"{region.title}: {unlike}; read as a table of its own, not as the standard "
                                    f"{TABLE_TITLES[region.key]}", table=region.key, kind="info"))
        if region.key == GENERIC or repeated or unlike is not None:
            if repeated and not _has_rows(region):
                continue
            read, found = read_generic(region.title, region.lines_text(), multi_page, Budget(budget.steps), names)
            generic.extend(read)
            problems.extend(found)
            if repeated and read:
                problems.append(Problem(f"{region.title}: a second table of this kind, kept as a table of its own; "
                                        "the first is the one used", table=GENERIC_KEY, kind="info"))
            continue
        table: Table | None = None
        found = []
        if region.key in LAYOUTS:
            known = known_totals(region.key, pages, narrative)
            for column, value in total_hints(region.key, tables, narrative).items():
                known.setdefault(column, value)
            hints = row_hints(region.key, tables, narrative)
            table, found = read_row_table(region.key, region, known, multi_page, hints, budget, names)
            if not table.rows:
                table = None
            else:  # its names help the next tables join their wrapped names
                for row in table.rows:
                    if row.code and row.name and not row.ambiguous:
                        names.setdefault(row.code, row.name)
        elif region.key == "basic_expenditure":
            table, found = read_basic_expenditure(region.lines_text(), multi_page)
        elif region.key in ("summary", "fiscal_summary"):
            table, found = read_two_sided(region.key, region.lines_text(), set(statements))
        elif region.key == "three_public":
            table, found = read_three_public(region.lines_text(), narrative, three_public_floor(tables), budget,
                                             region.title)
        problems.extend(found)
        if table is not None:
            tables[region.key] = table
    # tables 1 and 4 again, with what the row tables print for their items: for a text whose numbers
    # are not beside their items (written column by column)
    # are not beside their items (written column by column); then once more, each balance bounded by the
    # other table's as that reading gives them (年初结转和结余 holds the 年初财政拨款结转和结余)
    running = RunningText.compact(pages).text
    reread: dict[str, Table] = {}
    for bounded in (False, True):
        settled = dict(reread)
        for region in regions:
            if region.key in ("summary", "fiscal_summary") and region.key in tables:
                other = settled.get("fiscal_summary" if region.key == "summary" else "summary")
                if bounded and other is None:
                    continue
                figures = two_sided_hints(region.key, tables, set(statements), running, other)
                if figures:
                    again, found = read_two_sided(region.key, region.lines_text(), set(statements), figures)
                    if again is not None and again is not tables[region.key]:
                        problems = [p for p in problems if p.table != region.key] + found
                        tables[region.key] = reread[region.key] = again
    for key, statement in statements.items():
        if key in tables:
            continue
        table = Table(key=key, empty=True, note=statement.text)
        if multi_page:
            table.pages = [statement.page]
        tables[key] = table
    if others is not None:
        others.extend(generic)
    return {key: tables[key] for key in TABLE_KEYS if key in tables}, problems


def _not_standard(region: Region, key: str) -> str | None:
    """Is a table under a standard title not that table: most lines printing more numbers than it has columns,
    or a header with sub-columns of its own (事业收入 over 小计 / 教育事业收入 / 科研事业收入; the fund tables'
    本年支出 over 小计 / 基本支出 / 项目支出 are theirs)?  Only a text written row by row says how many
    numbers a line prints.  Says how, or None."""
    lines = region.lines_text()
    if not column_written(lines):
        found = collect(lines)
        width = max(layout.width for _, layout in _layouts(key, region, found))
        counts = [r.count() for r in found.rows] + ([found.total_count()] if found.total_count() else [])
        over = [n for n in counts if n > width]
        if len(over) >= 2 and 2 * len(over) > len(counts):  # one line misprinted is that table's, kept in doubt
            return f"most lines print more than the {width} numbers the standard table has ({max(over)})"
    own = {column_label(key, column) for column in TABLE_COLUMNS[key]} | _STANDARD_SUBCOLUMNS
    foreign = [word for word in subcolumns(lines) if word not in own]
    return f"its header has columns of its own ({' '.join(foreign)})" if foreign else None


_STANDARD_SUBCOLUMNS = {"基本支出", "项目支出", "小计", "合计"}  # 合计 again: 年初预算数 and 决算数 each have one
