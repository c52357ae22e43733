"""Table 6 (一般公共预算财政拨款基本支出决算表) in plain text.

The table prints (economic code, name, amount) cells in two or three blocks side
by side (人员经费 on the left, 公用经费 in the middle and on the right), so a
text line holds the cells of one printed row of every block:
``30101 基本工资 14.12 30201 办公费 3.78``.  Read in order, the tokens of the
text form a stream of cells: a code (whole, "30101", or as 类 and 款, "301 01",
even on two lines), the words of its name, and its amount when it has one.  An
amount printed lower in its cell may come after the next block's code on the
next line ("160.75 302 06 电费"): it is still the amount of the last cell that
lacks one.  A name too long for its cell wraps onto lines of its own, above or
below its code's line; its pieces are given to the cell they complete (the
national classification's name for that code, where the pieces spell it), else
to a cell printed without a name, else to the cell before them.

Rows are returned block by block (left, middle, right), top to bottom, as the
table reads; a block is known by where its cells stand on the lines they share
with the other blocks.  The reading is checked by the table's sums: each 类 =
the sum of its 款, 人员经费合计 = the 人员经费 类 (301, 303), 公用经费合计 = the
others.  Where the cells cannot be told apart (codes split so that no order
holds), the table is not read and a Problem says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.amounts import amount_or_none, tolerance
from juesuan.model import TABLE_COLUMNS, Amount, Cell, Problem, Row, Table
from juesuan.read.text.basic_columns import ColumnsReading, column_written, read_basic_columns
from juesuan.read.text.basic_rows import read_by_rows
from juesuan.read.text.basic_runs import RunsReading, read_basic_runs
from juesuan.read.text.table_lines import numbers_only, tidy_name
from juesuan.standard import ECONOMIC_CODES, is_personnel

# The national 部门预算支出经济分类 names beyond the Shanghai template's list (central layouts print them).
ECONOMIC_NAMES: dict[str, str] = {
    **dict(ECONOMIC_CODES),
    "307": "债务利息及费用支出", "30701": "国内债务付息", "30702": "国外债务付息", "30703": "国内债务发行费用",
    "30704": "国外债务发行费用", "31005": "基础设施建设", "31006": "大型修缮", "31008": "物资储备",
    "31009": "土地补偿", "31010": "安置补助", "31011": "地上附着物和青苗补偿", "31012": "拆迁补偿",
    "399": "其他支出", "39906": "赠与", "39907": "国家赔偿费用支出",
    "39908": "对民间非营利组织和群众性自治组织补贴", "39909": "经常性赠与", "39910": "资本性赠与",
    "39999": "其他支出",
}

_CLASS = re.compile(r"^3\d{2}$")
_CODE = re.compile(r"^3\d{4}$")
_ITEM = re.compile(r"^\d{2}$")
_AMOUNT = re.compile(r"^-?\d[\d,]*\.\d+$")
_TOTALS = {
    "personnel_total": re.compile(r"人员经费(?:合计|小计)\s*(-?\d[\d,]*\.\d+)?"),
    "public_total": re.compile(r"公用经费(?:合计|小计)\s*(-?\d[\d,]*\.\d+)?"),
}


@dataclass
class BasicCell:
    code: str
    line: int  # index of the line its code starts on
    position: int  # how many cells start before it on that line
    page: int
    name: str = ""  # the words printed after its code on its line
    amount: Amount = None
    prefix: str = ""
    suffix: str = ""
    amount_seen: bool = False

    def full_name(self) -> str:
        return self.prefix + self.name + self.suffix


@dataclass
class Stream:
    cells: list[BasicCell] = field(default_factory=list)
    runs: list[tuple[int, str]] = field(default_factory=list)  # (line, text) of lines holding only a name
    broken: int = 0  # tokens that fit no cell


def read_basic_expenditure(lines: list[tuple[int, str]], multi_page: bool) -> tuple[Table | None, list[Problem]]:
    """The table from its lines: as a stream of cells, or printed row by printed row (basic_rows),
    whichever reading the table's sums and the classification's names support."""
    items = [(page, text.strip()) for page, text in lines if text.strip()]
    table = Table(key="basic_expenditure", columns=list(TABLE_COLUMNS["basic_expenditure"]))
    end = _read_totals(items, table)
    items = items[:end]
    totals = {key: table.value(key) for key in ("personnel_total", "public_total")}
    stream = _stream(items)
    codes = [c.code for c in stream.cells]
    stream_ok = bool(stream.cells) and not stream.broken and len(set(codes)) == len(codes)
    readings: list[tuple[tuple[int, int], Table, list[Problem]]] = []
    if stream_ok:
        _give_names(stream)
        built, problems = _table(table, [(c.code, c.full_name(), c.amount, c.page) for c in _in_blocks(stream.cells)],
                                 multi_page, {})
        readings.append(((broken_sums(built), -_named(built)), built, problems))
    settled = readings and readings[0][0][0] == 0 and -readings[0][0][1] == len(readings[0][1].rows)
    written_by_columns = column_written(lines)
    if written_by_columns:
        readings = []  # a stream of cells read from a text written column by column pairs by accident
    by_rows = None if settled or written_by_columns else read_by_rows(items, totals, ECONOMIC_NAMES)
    if by_rows is not None:
        cells = sorted(by_rows.cells, key=lambda c: (c.block, c.group))
        built, problems = _table(table, [(c.code, c.name, c.amount, c.page) for c in cells], multi_page,
                                 by_rows.doubt)
        readings.append(((by_rows.broken, -_named(built)), built, problems))
    settled = readings and readings[0][0][0] == 0 and -readings[0][0][1] == len(readings[0][1].rows)
    by_runs = read_basic_runs(lines, ECONOMIC_NAMES) if written_by_columns and not settled else None
    if by_runs is not None and by_runs.unplaced is None:
        return _runs_table(table, by_runs, multi_page)
    by_columns = None if settled else read_basic_columns(lines, ECONOMIC_NAMES)
    if by_runs is not None and (by_columns is None or by_columns.unplaced is not None):
        by_columns = ColumnsReading(by_runs.cells, by_runs.totals, by_runs.unplaced)
    if by_columns is not None and by_columns.unplaced is None:
        template = Table(key=table.key, columns=list(table.columns),
                         cells={**table.cells, **{k: Cell(v) for k, v in by_columns.totals.items()}})
        built, problems = _table(template, by_columns.cells, multi_page, by_columns.doubt)
        built.ambiguous = [k for k in ("personnel_total", "public_total") if built.value(k) is None]
        readings.append(((broken_sums(built) + len(by_columns.doubt), -_named(built)), built, problems))
    if not readings and by_columns is not None and by_columns.unplaced is not None:
        # the rows, every amount in doubt: the printed amounts are listed, none placed by a guess
        amounts = by_columns.unplaced
        template = Table(key=table.key, columns=list(table.columns), cells=dict(table.cells))
        doubt: dict[str, list[Amount]] = {code: [] for code, _name, _amount, _page in by_columns.cells}
        built, problems = _table(template, by_columns.cells, multi_page, doubt)
        problems = [p for p in problems if p.kind != "ambiguous"]
        built.ambiguous = [key for key in ("personnel_total", "public_total") if built.value(key) is None]
        problems.append(Problem(
            f"基本支出决算表: the amounts {' '.join(str(a) for a in amounts)} could not be placed in their rows "
            "(the text does not keep the table's columns); every amount left blank",
            table="basic_expenditure", kind="ambiguous"))
        return built, problems
    if not readings:
        if not stream.cells:
            return None, []
        printed = [t for _page, text in items for t in text.split() if _AMOUNT.match(t)]
        return None, [Problem(
            f"基本支出决算表: {stream.broken} tokens fit no code-name-amount cell and {len(codes) - len(set(codes))} "
            "codes are printed twice (code cells split over lines); table not read; its printed amounts: "
            + " ".join(printed), table="basic_expenditure")]
    _, best, problems = min(readings, key=lambda r: r[0])
    return best, problems


def _runs_table(template: Table, reading: RunsReading, multi_page: bool) -> tuple[Table, list[Problem]]:
    """The table from a column-written text's cells: the amounts placed, the others in doubt with theirs."""
    table = Table(key=template.key, columns=list(template.columns),
                  cells={**template.cells, **{k: Cell(v) for k, v in reading.totals.items()}})
    built, problems = _table(table, reading.cells, multi_page, reading.doubt)
    for key, values in reading.total_doubt.items():
        built.cells.pop(key, None)
        built.ambiguous.append(key)
        built.candidates.extend({key: value} for value in values)
        problems.append(Problem(
            f"基本支出决算表 {TOTAL_LABELS[key]}: one of {', '.join(str(v) for v in values)}; left blank",
            table="basic_expenditure", kind="ambiguous"))
    return built, problems


TOTAL_LABELS = {"personnel_total": "人员经费合计", "public_total": "公用经费合计"}


def _table(
    template: Table, cells: list[tuple[str, str, Amount, int]], multi_page: bool, doubt: dict[str, list[Amount]],
) -> tuple[Table, list[Problem]]:
    table = Table(key=template.key, columns=list(template.columns), cells=dict(template.cells))
    problems: list[Problem] = []
    for code, name, amount, page in cells:
        if not name:
            problems.append(Problem(f"基本支出决算表 {code}: name not found", table="basic_expenditure"))
        row = Row(name, [amount], code, page if multi_page else None)
        if code in doubt:
            row.values = [None]
            row.ambiguous = ["amount"]
            row.candidates = [[a] for a in doubt[code]] or None
            problems.append(Problem(
                f"基本支出决算表 {code} {name}: its amount is one of {', '.join(str(a) for a in doubt[code])}; "
                "left blank", table="basic_expenditure", kind="ambiguous"))
        table.rows.append(row)
    return table, problems


def _named(table: Table) -> int:
    return sum(1 for r in table.rows if r.code and _squeeze(r.name) == _squeeze(ECONOMIC_NAMES.get(r.code, "")))


def _tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) of a line: class | code | item | amount | name | other."""
    out: list[tuple[str, str]] = []
    for token in text.split():
        if _CODE.match(token):
            out.append(("code", token))
        elif _CLASS.match(token):
            out.append(("class", token))
        elif _ITEM.match(token):
            out.append(("item", token))
        elif _AMOUNT.match(token):
            out.append(("amount", token))
        elif re.search(r"\d", token):
            out.append(("other", token))
        else:
            out.append(("name", token))
    return out


def _stream(items: list[tuple[int, str]]) -> Stream:
    """The cells of the table's lines, read as one stream of code, name and amount."""
    stream = Stream()
    started = False
    previous_kind = ""  # the last token's kind, across lines (a 款 printed on the line under its 类)
    for index, (page, text) in enumerate(items):
        tokens = _tokens(text)
        if not started:
            if not tokens or tokens[0][0] not in ("class", "code"):
                continue  # the header
            started = True
        position = 0
        on_line: list[BasicCell] = []
        for kind, token in tokens:
            current = stream.cells[-1] if stream.cells else None
            if kind in ("class", "code"):
                cell = BasicCell(token, index, position, page)
                position += 1
                stream.cells.append(cell)
                on_line.append(cell)
            elif kind == "item":
                if current is None or previous_kind != "class" or len(current.code) != 3:
                    stream.broken += 1
                else:
                    current.code += token
                    if current not in on_line:
                        on_line.append(current)  # its name follows on this line
            elif kind == "amount":
                # beside a code on this line: that cell's; at the start of a line: the first cell of the
                # last code line still without one (printed lower in its cell)
                last_line = [c for c in stream.cells if c.line == (current.line if current else -1)]
                open_cells = [c for c in (on_line[-1:] if on_line else last_line) if not c.amount_seen]
                if not open_cells:
                    stream.broken += 1
                else:
                    target = open_cells[0]
                    target.amount, target.amount_seen = amount_or_none(token), True
            elif kind == "name":
                if current is not None and current in on_line and not current.amount_seen:
                    current.name = tidy_name(f"{current.name} {token}")
                else:
                    _add_run(stream, index, token)
            else:
                stream.broken += 1
            previous_kind = kind
    return stream


def _add_run(stream: Stream, line: int, token: str) -> None:
    if stream.runs and stream.runs[-1][0] == line:
        stream.runs[-1] = (line, tidy_name(f"{stream.runs[-1][1]} {token}"))
    else:
        stream.runs.append((line, token))


def _give_names(stream: Stream) -> None:
    """Give each piece of a wrapped name (a line holding only a name) to the cell it belongs to."""
    by_line: dict[int, list[BasicCell]] = {}
    for cell in stream.cells:
        by_line.setdefault(cell.line, []).append(cell)
    code_lines = sorted(by_line)
    left = list(stream.runs)
    # 1. pieces that, with a cell's own words, spell the national name for its code
    for cell in stream.cells:
        want = _squeeze(ECONOMIC_NAMES.get(cell.code[:5], ""))
        if not want or _squeeze(cell.name) == want:
            continue
        before = [r for r in left if r[0] < cell.line and _next_code_line(code_lines, r[0]) == cell.line]
        after = [r for r in left if r[0] > cell.line and _previous_code_line(code_lines, r[0]) == cell.line]
        for pre in _spans(before, from_end=True):
            for post in _spans(after, from_end=False):
                spelled = "".join(t for _, t in pre) + cell.name + "".join(t for _, t in post)
                if _squeeze(spelled) == want:
                    cell.prefix = "".join(t for _, t in pre)
                    cell.suffix = "".join(t for _, t in post)
                    left = [r for r in left if r not in pre and r not in post]
                    break
            else:
                continue
            break
    # 2. the rest: to a cell printed without a name next to them, else to the cell before them
    for line, text in left:
        above = by_line.get(_previous_code_line(code_lines, line) or -1, [])
        below = by_line.get(_next_code_line(code_lines, line) or -1, [])
        nameless_above = [c for c in above if not c.name]
        nameless_below = [c for c in below if not c.name and not c.prefix]
        if nameless_above:
            nameless_above[-1].suffix += text
        elif nameless_below:
            nameless_below[0].prefix += text
        elif above:
            above[-1].suffix += text
        elif below:
            below[0].prefix += text


def _spans(runs: list[tuple[int, str]], from_end: bool) -> list[list[tuple[int, str]]]:
    """The contiguous pieces next to a cell: none, the nearest one, the nearest two, …"""
    ordered = list(reversed(runs)) if from_end else list(runs)
    out: list[list[tuple[int, str]]] = [[]]
    for k in range(1, len(ordered) + 1):
        span = ordered[:k]
        out.append(list(reversed(span)) if from_end else span)
    return out


def _previous_code_line(code_lines: list[int], line: int) -> int | None:
    earlier = [c for c in code_lines if c < line]
    return earlier[-1] if earlier else None


def _next_code_line(code_lines: list[int], line: int) -> int | None:
    later = [c for c in code_lines if c > line]
    return later[0] if later else None


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _in_blocks(cells: list[BasicCell]) -> list[BasicCell]:
    """The cells block by block: a 类 belongs to the block where its cells stand on shared lines."""
    by_line: dict[int, list[BasicCell]] = {}
    for cell in cells:
        by_line.setdefault(cell.line, []).append(cell)
    block_of: dict[str, int] = {}
    for line_cells in by_line.values():
        if len(line_cells) > 1:
            for cell in line_cells:
                block_of.setdefault(cell.code[:3], cell.position)
    blocks: dict[int, list[BasicCell]] = {}
    current = 0
    for cell in cells:
        group = cell.code[:3]
        if group in block_of:
            current = block_of[group]
        else:  # a 类 printed alone on its lines: it continues the block of the cell read before it
            block_of[group] = current
        blocks.setdefault(block_of[group], []).append(cell)
    return [cell for block in sorted(blocks) for cell in blocks[block]]


def _read_totals(items: list[tuple[int, str]], table: Table) -> int:
    """人员经费合计 / 公用经费合计, beside their labels or on the line of numbers just above or below them;
    the index of the line where they start (the table's cells end there)."""
    first: int | None = None
    for index, (_page, text) in enumerate(items):
        matches = {key: pattern.search(text) for key, pattern in _TOTALS.items()}
        labelled = [key for key, m in matches.items() if m and key not in table.cells]
        if not labelled:
            continue
        above = numbers_only(items[index - 1][1]) if index > 0 else None
        below = numbers_only(items[index + 1][1]) if index + 1 < len(items) else None
        inline = any(matches[key] and matches[key].group(1) for key in labelled)  # type: ignore[union-attr]
        for position, key in enumerate(labelled):
            match = matches[key]
            assert match is not None
            if match.group(1):
                table.cells[key] = Cell(amount_or_none(match.group(1)))
            elif not inline and above is not None and len(above) == len(labelled) and first is None:
                table.cells[key] = Cell(above[position])
            elif not inline and below is not None and len(below) == len(labelled):
                table.cells[key] = Cell(below[position])
        if first is None:
            first = index - 1 if not inline and above is not None and len(above) == len(labelled) else index
    return len(items) if first is None else first


def broken_sums(table: Table) -> int:
    """How many 类 differ from the sum of their 款 beyond rounding, and 人员经费合计 / 公用经费合计 from
    the sum of their 类 (the 人员经费 类 are 301 and 303)."""
    broken = 0
    amounts = {r.code: r.values[0] for r in table.rows if r.code and r.values}
    sums: dict[str, tuple[Decimal, int]] = {}
    for code, value in amounts.items():
        if len(code) == 5 and value is not None:
            total, n = sums.get(code[:3], (Decimal(0), 0))
            sums[code[:3]] = (total + value, n + 1)
    for code, value in amounts.items():
        if len(code) == 3 and value is not None and code in sums:
            total, n = sums[code]
            broken += abs(total - value) > tolerance(n)
    for key, personnel in (("personnel_total", True), ("public_total", False)):
        printed = table.value(key)
        classes = [v for c, v in amounts.items() if len(c) == 3 and v is not None and is_personnel(c) == personnel]
        if printed is not None and classes:
            broken += abs(sum(classes, Decimal(0)) - printed) > tolerance(len(classes))
    return broken
