"""A row table read from a PDF must add up: if it does not, find the column reading that does.

One job: the reader checking itself.  A 科目 table satisfies its own arithmetic (a row's 合计 is
the sum of its parts, a 类 the sum of its 款, a 款 of its 项, the 合计 row the sum of the 类;
tolerance from juesuan.amounts).  When the header was matched to the wrong data columns (the name
column taken for the first amount, so that every value slides one column; a header cell over two
columns; a 合计 column whose header was not recognised) most rows break these identities far
beyond rounding, and text turns up where amounts should be.  Then the other readings are tried:

* each column typed by what its data cells hold (amounts, 科目 codes, names, line numbers);
* the amount columns the header named, in their order, laid on the columns that hold amounts
  in every order-keeping way (and with 合计 in front when the header named none);

and the one the arithmetic supports is kept, with a note that the columns were realigned.  If
none holds, the reading as the header gave it stays, with a Problem that says the table is
misread, naming it and its page: never shifted values in silence.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from juesuan.amounts import as_number, is_amount, tolerance
from juesuan.model import COLUMN_LABELS, TABLE_COLUMNS, TABLE_TITLES, Amount, Table
from juesuan.read.pdf.table_layout import Layout
from juesuan.read.tables.catalogue import CODE, LINE_NUMBER_LABELS, NAME, TOTAL_ROW_LABELS, label_key

if TYPE_CHECKING:  # table_rows imports this module
    from juesuan.read.pdf.table_rows import TableReading

# Row identities of the row tables: (total, parts added, parts subtracted), by model column key.
# The same arithmetic the checker's A201 and the plain-text reader's column assignment use.
IDENTITIES: dict[str, tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]] = {
    "income": (("total", ("fiscal", "superior_subsidy", "business", "operating", "affiliated", "other"), ()),),
    "expenditure": (("total", ("basic", "project", "to_superior", "operating", "to_affiliated"), ()),),
    "general_budget": (("total", ("basic", "project"), ()), ("budget_total", ("budget_basic", "budget_project"), ())),
    "gov_fund": (("total", ("basic", "project"), ()), ("closing", ("opening", "income"), ("total",))),
    "state_capital": (("total", ("basic", "project"), ()), ("closing", ("opening", "income"), ("total",))),
}

# A table is misread when more than this share of its identities fail (and at least MIN_CHECKS are judged).
BROKEN_SHARE = Decimal("0.5")
MIN_CHECKS = 2
# ... or when this many of its cells hold text where amounts belong (or at least half its rows do).
MIN_MISFITS = 2
# Order-keeping layouts of the amount keys tried at most (beyond, only contiguous ones).
MAX_ALIGNMENTS = 200
# Lists of keys with standard columns the header left out, tried at most.
MAX_KEY_LISTS = 20

_DECIMAL_AMOUNT = re.compile(r"^[-－]?[\d,]*\d\.\d+$|^[-－]?\d{1,3}(?:,\d{3})+$")

Read = Callable[["TableReading", list[Layout]], None]


@dataclass(frozen=True)
class Fit:
    """How well one reading of a table adds up."""

    checks: int  # identities judged
    fails: int  # of them, broken beyond rounding
    misfits: int  # cells of text read as amounts, amounts without a 科目
    orphans: int  # columns of amounts no header named (their amounts unread)
    placed: int  # amounts read

    @property
    def broken(self) -> bool:
        if self.checks >= MIN_CHECKS and Decimal(self.fails) > BROKEN_SHARE * self.checks:
            return True
        return self.misfits >= MIN_MISFITS

    @property
    def doubtful(self) -> bool:
        """Worth trying other readings: broken, or text read as amounts, or amounts left unread."""
        return self.broken or self.misfits > 0 or self.orphans > 0

    def key(self) -> tuple[bool, int, int, int, int]:
        """Smaller is better: sound first, then fewest misfits and unread columns, fewest broken
        identities, most amounts."""
        return self.broken, self.misfits, self.orphans, self.fails, -self.placed


def fit_of(table: Table, misfits: int, orphans: int = 0) -> Fit:
    checks = fails = 0
    for holds in identities(table):
        checks += 1
        fails += not holds
    placed = sum(v is not None for row in table.rows for v in row.values)
    placed += sum(v is not None for v in table.total or [])
    return Fit(checks, fails, misfits, orphans, placed)


def _holds(total: Amount, parts: Sequence[Amount], minus: Sequence[Amount] = ()) -> bool:
    printed = [v for v in (*parts, *minus) if v is not None]
    diff = as_number(total) - sum((as_number(v) for v in parts), Decimal(0)) + sum(
        (as_number(v) for v in minus), Decimal(0)
    )
    return abs(diff) <= tolerance(len(printed))


def identities(table: Table) -> Iterator[bool]:
    """Each identity of the table that can be judged: True where it holds within rounding."""
    index = {key: i for i, key in enumerate(table.columns)}
    lines: list[list[Amount]] = [row.values for row in table.rows]
    if table.total is not None:
        lines.append(table.total)
    for total_key, part_keys, minus_keys in IDENTITIES.get(table.key, ()):
        parts = [index[k] for k in part_keys if k in index]
        minus = [index[k] for k in minus_keys if k in index]
        if total_key not in index or not parts:
            continue
        t = index[total_key]
        for values in lines:
            if len(values) != len(table.columns):
                continue
            if values[t] is None and all(values[i] is None for i in parts + minus):
                continue
            if all(values[i] is None for i in parts + minus):
                continue  # a total alone: nothing to add up
            yield _holds(values[t], [values[i] for i in parts], [values[i] for i in minus])
    by_code = {row.code: row for row in table.rows if row.code}
    for row in table.rows:
        code = row.code or ""
        if len(code) not in (3, 5):
            continue
        kids = [r for c, r in by_code.items() if len(c) == len(code) + 2 and c.startswith(code)]
        if kids:
            yield all(
                _holds(row.values[i], [k.values[i] for k in kids])
                for i in range(len(table.columns))
                if i < len(row.values) and all(i < len(k.values) for k in kids)
            )
    classes = [row for row in table.rows if row.code and len(row.code) == 3]
    if table.total is not None and classes and len(table.total) == len(table.columns):
        yield all(_holds(table.total[i], [r.values[i] for r in classes]) for i in range(len(table.columns)))


# ---------------------------------------------------------------- what the columns hold


def _content(layout: Layout, column: int) -> str:
    """What a data column holds: "amount", "code", "text", "numbers" (行次 1, 2, 3 ...) or "blank".

    A 合计 label printed across the code columns says nothing about them and is passed over.
    """
    texts = []
    for r in range(layout.first_data_row, layout.grid.n_rows):
        cell = layout.cell(r, column)
        if cell is not None and cell.text and cell.c0 == layout.columns[column].c0:
            if label_key(cell.text) not in TOTAL_ROW_LABELS:
                texts.append(cell.text)
    if not texts:
        return "blank"
    if sum(1 for t in texts if _DECIMAL_AMOUNT.match(t)) * 2 >= len(texts):
        return "amount"
    if all(t.isdigit() for t in texts):
        numbers = [int(t) for t in texts]
        if len(numbers) >= 2 and all(b == a + 1 for a, b in itertools.pairwise(numbers)):
            return "numbers"
        if layout.columns[column].role == CODE or _code_tree(texts):
            return "code"
    if sum(1 for t in texts if is_amount(t)) * 2 >= len(texts):
        return "amount"
    return "text"


def _code_tree(texts: list[str]) -> bool:
    """科目 codes: 3, 5 or 7 digits, some of them under another of the column (20103 under 201)."""
    if not all(len(t) in (3, 5, 7) for t in texts):
        return False
    shorter = {t for t in texts if len(t) < 7}
    return any(t[:-2] in shorter for t in texts if len(t) > 3)


def _line_numbers(layout: Layout, column: int) -> bool:
    return any(label_key(text) in LINE_NUMBER_LABELS for text in layout.columns[column].header)


def _plans(table_key: str, layout: Layout) -> Iterator[list[str | None]]:
    """Other role assignments for a layout: amount keys laid in order on the columns that hold amounts."""
    roles = [col.role for col in layout.columns]
    keys: list[str] = []
    for role in roles:
        if role and role not in (CODE, NAME) and role not in keys:
            keys.append(role)
    contents = [_content(layout, i) for i in range(len(roles))]
    base: list[str | None] = []
    slots: list[int] = []
    for i, (role, content) in enumerate(zip(roles, contents, strict=True)):
        if content == "numbers" or (_line_numbers(layout, i) and content in ("amount", "blank")):
            base.append(None)  # 行次 (a header over the names too says nothing about them)
        elif content == "amount" or (content == "blank" and role not in (CODE, NAME)):
            base.append(None)
            slots.append(i)
        elif content == "code" or (content == "blank" and role == CODE):
            base.append(CODE)
        else:  # text: a name, whatever the header said
            base.append(NAME if role != CODE else CODE)
    key_lists = [keys]
    standard = TABLE_COLUMNS.get(table_key, ())
    if "total" in standard and "total" not in keys:
        key_lists.append(["total", *keys])  # a 合计 column whose header was not recognised
    extra = len(slots) - len(keys)
    missing = [k for k in standard if k not in keys]
    if keys and 0 < extra <= len(missing) and all(k in standard for k in keys):
        # a header cell over two columns of amounts: the unnamed ones are the standard columns the
        # header left out, in the standard order (the earliest first, when the arithmetic cannot tell)
        for added in itertools.islice(itertools.combinations(missing, extra), MAX_KEY_LISTS):
            key_lists.append(sorted([*keys, *added], key=standard.index))
    for wanted in key_lists:
        for alignment in _alignments(len(slots), len(wanted)):
            plan = list(base)
            for slot, key_index in alignment:
                plan[slots[slot]] = wanted[key_index]
            yield plan


def _alignments(n_slots: int, n_keys: int) -> Iterator[list[tuple[int, int]]]:
    """Order-keeping pairings of slots with keys: (slot, key) pairs, as many as the fewer of the two."""
    n = min(n_slots, n_keys)
    if n == 0:
        return
    many = max(n_slots, n_keys)
    combos: Iterator[tuple[int, ...]] | list[tuple[int, ...]]
    if _choose(many, n) <= MAX_ALIGNMENTS:
        combos = itertools.combinations(range(many), n)
    else:  # contiguous only: shifted columns
        combos = [tuple(range(start, start + n)) for start in range(many - n + 1)]
    for chosen in combos:
        if n_slots >= n_keys:
            yield [(slot, k) for k, slot in enumerate(chosen)]
        else:
            yield [(s, key) for s, key in enumerate(chosen)]


def _choose(n: int, k: int) -> int:
    out = 1
    for i in range(k):
        out = out * (n - i) // (i + 1)
    return out


# ---------------------------------------------------------------- fitting


def _orphans(layouts: list[Layout], nameless: bool) -> int:
    """Data columns no role reads: of amounts (no role, or the role of a column before them: a header
    cell over both, only the first read), or of names when rows were read without one."""
    count = 0
    for layout in layouts:
        seen: set[str] = set()
        for i, col in enumerate(layout.columns):
            role = col.role
            if role in (CODE, NAME):
                continue
            unread = role is None or role in seen
            if role is not None:
                seen.add(role)
            content = _content(layout, i) if unread else ""
            if content == "amount" and not _line_numbers(layout, i):
                count += 1
            elif content == "text" and role is None and nameless:
                count += 1
    return count


def _misfits(problems: Sequence[object]) -> int:
    return sum(1 for p in problems if getattr(p, "kind", None) == "unreadable")


# Markers of the two notes the fitting leaves, so that the table finder can tell them from its own.
# A header that does not map onto the standard columns is read as the standard table only when at most one
# in this many of the sums breaks under the arithmetic's reading.
SETTLED_SHARE = 10
ASSIGNED = "(columns assigned by the table's arithmetic)"
ORPHANED = "(columns of amounts with an unrecognised header were not read)"


def settles_as_standard(key: str, layout: Layout, read: Read) -> bool:
    """Whether the arithmetic reads a page whose header does not map onto the standard columns (a header cell
    over two columns, an unknown heading) as that standard table after all; the page's roles are left as found."""
    from juesuan.model import Table
    from juesuan.read.pdf.table_rows import TableReading

    original = [col.role for col in layout.columns]
    try:
        trial = TableReading(Table(key=key))
        fit_row_table(trial, [layout], read)
        nameless = any(not row.name for row in trial.table.rows)
        fit = fit_of(trial.table, _misfits(trial.problems), _orphans([layout], nameless))
        # every column of amounts has its place, and nearly every sum holds: a table whose columns the header
        # splits further (事业收入 / 小计 / 教育事业收入 ...) fits the standard table only by breaking its sums
        return (bool(trial.table.rows) and any(ASSIGNED in p.message for p in trial.problems)
                and not any(p.kind in ("unreadable", "missing") for p in trial.problems)
                and fit.orphans == 0 and fit.misfits == 0 and fit.fails * SETTLED_SHARE <= fit.checks)
    finally:
        for col, role in zip(layout.columns, original, strict=True):
            col.role = role


def fit_row_table(reading: TableReading, layouts: list[Layout], read: Read) -> None:
    """Read the table with ``read``; keep that reading if it adds up, else the column reading that does."""
    from juesuan.read.pdf.table_rows import TableReading

    def attempt() -> tuple[TableReading, Fit]:
        trial = TableReading(_blank_like(reading.table))
        read(trial, layouts)
        nameless = any(not row.name for row in trial.table.rows)
        return trial, fit_of(trial.table, _misfits(trial.problems), _orphans(layouts, nameless))

    first, first_fit = attempt()
    if not first_fit.doubtful:
        _adopt(reading, first)
        return
    original = [[col.role for col in layout.columns] for layout in layouts]
    best: tuple[tuple[bool, int, int, int, int], TableReading, list[list[str | None]], Fit] | None = None
    for plans in _table_plans(reading.table.key, layouts):
        for layout, plan in zip(layouts, plans, strict=True):
            for col, role in zip(layout.columns, plan, strict=True):
                col.role = role
        trial, trial_fit = attempt()
        if best is None or trial_fit.key() < best[0]:
            best = (trial_fit.key(), trial, plans, trial_fit)
    if best is not None and _supported(best[3], first_fit) and best[0] < first_fit.key():
        _, chosen, plans, _ = best
        _set_roles(layouts, plans)
        _adopt(reading, chosen)
        page = layouts[0].grid.page
        named = {col.role for col in (c for layout in layouts for c in layout.columns)} - {CODE, NAME, None}
        header_named = {role for plan in original for role in plan} - {CODE, NAME, None}
        guessed = [COLUMN_LABELS.get(k, k) for k in chosen.table.columns if k in named - header_named]
        guess = f"；表头未能确定的列按标准表式取为“{'”“'.join(guessed)}”" if guessed else ""
        reading.problem(f"第{page}页表头与数据列的对应有误，已按表内勾稽关系确定各列{guess} {ASSIGNED}", page,
                        "ambiguous")
        return
    _set_roles(layouts, original)
    _adopt(reading, first)
    if first_fit.orphans and not first_fit.broken:
        page = layouts[0].grid.page
        reading.problem(f"第{page}页有{first_fit.orphans}列金额的表头无法识别，未读取 {ORPHANED}", page, "missing")
    if first_fit.broken:
        page = layouts[0].grid.page
        title = reading.table.title or TABLE_TITLES.get(reading.table.key, reading.table.key)
        reading.problem(
            f"第{page}页“{title}”读取结果不满足表内勾稽关系（{first_fit.fails}/{first_fit.checks} 项不符，"
            f"{first_fit.misfits} 处非金额），列可能错位，请人工核对 (table misread: its rows do not add up under "
            f"any column reading)", page, "unreadable")


def _supported(fit: Fit, first: Fit) -> bool:
    """Whether the arithmetic supports a reading: enough identities judged, most of them holding, no
    fewer amounts read than the header's reading."""
    return not fit.broken and fit.checks >= MIN_CHECKS and fit.placed >= first.placed


def _table_plans(table_key: str, layouts: list[Layout]) -> Iterator[list[list[str | None]]]:
    """Plans for the whole table: the first layout's alternatives, the same alignment on every page alike."""
    per_layout = [list(_plans(table_key, layout)) for layout in layouts]
    if not per_layout or not per_layout[0]:
        return
    for k in range(len(per_layout[0])):
        plans = []
        for i, layout in enumerate(layouts):
            options = per_layout[i]
            if k < len(options) and len(options) == len(per_layout[0]):
                plans.append(options[k])
            else:
                plans.append([col.role for col in layout.columns])
        yield plans


def _set_roles(layouts: list[Layout], plans: list[list[str | None]]) -> None:
    for layout, plan in zip(layouts, plans, strict=True):
        for col, role in zip(layout.columns, plan, strict=True):
            col.role = role


def _blank_like(table: Table) -> Table:
    return Table(key=table.key, title=table.title, pages=list(table.pages))


def _adopt(reading: TableReading, trial: TableReading) -> None:
    """Take over what ``trial`` read (the table was blank when fitting began)."""
    table, read = reading.table, trial.table
    table.columns, table.rows, table.total, table.total_boxes = read.columns, read.rows, read.total, read.total_boxes
    reading.problems.extend(trial.problems)


# ---------------------------------------------------------------- two-sided tables

# Named totals that, with the year's total, make up each side's 总计.
_INCOME_SIDE = ("income_total", "use_of_balance", "opening_balance")
_EXPENDITURE_SIDE = ("expenditure_total", "distribution", "closing_balance")


def two_sided_identities(table: Table) -> Iterator[bool]:
    """Each identity of a 收入支出决算总表 / 财政拨款收入支出决算总表 that can be judged.

    The lines of each side add up to its 本年合计; the 合计 and the balances add up to the 总计;
    on the 财政拨款 table's expenditure side each line's 合计 is the sum of its three funds.
    """
    totals = table.totals

    def first(key: str) -> Amount:
        row = totals.get(key)
        return row.values[0] if row is not None and row.values else None

    for lines, key in ((table.income, "income_total"), (table.expenditure, "expenditure_total")):
        if lines and first(key) is not None and any(r.values and r.values[0] is not None for r in lines):
            yield _holds(first(key), [r.values[0] if r.values else None for r in lines])
    for grand, parts in (("grand_total.income", _INCOME_SIDE), ("grand_total.expenditure", _EXPENDITURE_SIDE)):
        if first(grand) is not None and first(parts[0]) is not None:
            yield _holds(first(grand), [first(k) for k in parts])
    if table.key == "fiscal_summary":
        rows = [*table.expenditure, *(r for k, r in totals.items() if not k.endswith(".income") and k not in
                                       _INCOME_SIDE)]
        for row in rows:
            if len(row.values) == 4 and any(v is not None for v in row.values[1:]):
                yield _holds(row.values[0], row.values[1:])


def check_two_sided(reading: TableReading, page: int) -> None:
    """A two-sided table that breaks most of its identities is reported misread (no other reading is tried)."""
    results = list(two_sided_identities(reading.table))
    fails = results.count(False)
    if len(results) >= MIN_CHECKS and Decimal(fails) > BROKEN_SHARE * len(results):
        title = reading.table.title or TABLE_TITLES.get(reading.table.key, reading.table.key)
        reading.problem(
            f"第{page}页“{title}”读取结果不满足表内勾稽关系（{fails}/{len(results)} 项不符），列可能错位，"
            f"请人工核对 (table misread: its lines do not add up)", page, "unreadable")
