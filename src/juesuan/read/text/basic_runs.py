"""Table 6 (基本支出) written column by column: each printed amount placed by what the text keeps.

pdftotext's default mode writes a table as paragraphs in an order of its own: a paragraph is
one cell, or a run of cells down one column, top to bottom.  Which cell a paragraph's amounts
fill is not written, but the text keeps enough to narrow it, and only that is used:

- the printed columns: the 人员经费 类 in the first block, the other 类 in the second (and
  the third, beside 302, in a three-block table), each 类 its row then its 款 in code order,
  the 人员经费合计 / 公用经费合计 under their blocks; a run's amounts fill cells of one column
  in order, and two runs of one column do not overlap;
- a line that prints an amount before another block's code: the amount is the cell of the
  block to its left on the same printed row (and one after a code is that code's own);
- the page each row is printed on (from its code or name) and each amount;
- every cell printed, when there are as many amounts as cells;
- the sums: each 类 = its 款, 人员经费合计 = the 人员经费 类, 公用经费合计 = the others.

First each amount is given a part (a 类's row, one of its 款, or a total) such that the sums
hold (exactly where they can, else with as few rounding differences as any reading has);
then the cells each amount can still stand in, by those constraints.  A cell is placed when
every reading gives it the same amount (or blank); otherwise it is in doubt and keeps every
amount it may hold.  No reading is guessed from the extractor's paragraph order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.model import Amount
from juesuan.read.text.basic_codes import Rows, Word, read_rows, words_of
from juesuan.standard import is_personnel

MAX_STEPS = 40_000
MAX_SOLUTIONS = 96


@dataclass(frozen=True)
class Slot:
    column: int
    code: str  # "" for a total's cell
    total: str  # the total's key, "" for a row's cell
    cls: str
    head: bool
    page: int
    printed_row: int  # among the column's cells on its page (-1 for a total)


@dataclass
class RunsReading:
    cells: list[tuple[str, str, Amount, int]]  # code, name, amount, page
    totals: dict[str, Amount]
    doubt: dict[str, list[Amount]] = field(default_factory=dict)  # code -> the amounts it may hold
    total_doubt: dict[str, list[Amount]] = field(default_factory=dict)
    unplaced: list[Amount] | None = None  # every amount, where none could be placed


@dataclass
class _Layout:
    slots: list[Slot]
    columns: list[list[int]]  # slot ids per column, top to bottom
    roles: dict[tuple[int, int], list[tuple[str, str]]]  # (column, page) -> roles, in order
    role_slots: dict[tuple[int, int, int], list[int]]  # (column, page, role) -> slot ids
    classes: list[str]


def read_basic_runs(lines: list[tuple[int, str]], names: dict[str, str]) -> RunsReading | None:
    """The table's cells, or None when its rows cannot be told (the caller then tries other readings)."""
    words = words_of(lines)
    rows = read_rows(words, names)
    if rows is None:
        return None
    labels = {w.text: i for i, w in enumerate(words) if w.kind == "label"}
    stated: dict[str, Amount] = {}
    used: set[int] = set()
    for text, i in labels.items():
        if i + 1 < len(words) and words[i + 1].kind == "amount":
            stated[_label_key(text)] = words[i + 1].value
            used.add(i + 1)
    amounts = [i for i, w in enumerate(words) if w.kind == "amount"]
    tries = [(stated, used)] + ([({}, set())] if stated else [])
    for given, taken in tries:
        open_totals = {_label_key(t): words[i].page for t, i in labels.items() if _label_key(t) not in given}
        layout = _layout(rows, _blocks(lines), open_totals)
        if layout is None:
            return None
        elements = [i for i in amounts if i not in taken]
        placed = _place(words, rows, layout, elements, given)
        if placed is not None:
            return _reading(rows, layout, words, elements, given, placed)
    cells: list[tuple[str, str, Amount, int]] = [
        (code, rows.names.get(code, ""), None, rows.pages.get(code, 0)) for code in rows.codes]
    return RunsReading(cells, dict(stated), unplaced=[words[i].value for i in amounts if i not in used])


def _label_key(text: str) -> str:
    return "personnel_total" if text.startswith("人员") else "public_total"


def _blocks(lines: list[tuple[int, str]]) -> int:
    """How many blocks the table prints side by side: its 决算数 headings on its first page."""
    pages = [page for page, text in lines if text.strip()]
    first = pages[0] if pages else 0
    return sum(1 for page, text in lines if page == first and "决算数" in "".join(text.split()))


def _layout(rows: Rows, blocks: int, open_totals: dict[str, int]) -> _Layout | None:
    classes = list(dict.fromkeys(code[:3] for code in rows.codes))
    personnel = [c for c in classes if is_personnel(c)]
    public = [c for c in classes if not is_personnel(c)]
    if blocks == 3 and "302" in public and len(public) > 1:
        groups = [personnel, ["302"], [c for c in public if c != "302"]]
    elif blocks >= 2 and personnel and public:
        groups = [personnel, public]
    else:
        groups = [classes]
    groups = [g for g in groups if g]
    slots: list[Slot] = []
    columns: list[list[int]] = []
    for number, group in enumerate(groups):
        ids: list[int] = []
        counter: dict[int, int] = {}
        for code in rows.codes:
            if code[:3] not in group:
                continue
            page = rows.pages.get(code, 0)
            if slots and ids and page < slots[ids[-1]].page:
                return None  # rows out of page order
            ids.append(len(slots))
            slots.append(Slot(number, code, "", code[:3], len(code) == 3, page, counter.get(page, 0)))
            counter[page] = counter.get(page, 0) + 1
        for key in ("personnel_total", "public_total"):
            at_foot = (number == len(groups) - 1) if key == "public_total" or len(groups) == 1 else number == 0
            if key in open_totals and at_foot:
                ids.append(len(slots))
                slots.append(Slot(number, "", key, "", False, open_totals[key], -1))
        columns.append(ids)
    roles: dict[tuple[int, int], list[tuple[str, str]]] = {}
    role_slots: dict[tuple[int, int, int], list[int]] = {}
    for number, ids in enumerate(columns):
        for sid in ids:
            slot = slots[sid]
            role = ("T", slot.total) if slot.total else ("H" if slot.head else "I", slot.cls)
            found = roles.setdefault((number, slot.page), [])
            if role not in found:
                found.append(role)
            role_slots.setdefault((number, slot.page, found.index(role)), []).append(sid)
    return _Layout(slots, columns, roles, role_slots, classes)


# --- which part each amount is (the sums) ---------------------------------------------------------


@dataclass
class _Run:
    elements: list[int]  # indexes into the amounts placed
    page: int
    pins: dict[int, int]  # position in the run -> slot id


def _runs(words: list[Word], rows: Rows, layout: _Layout, elements: list[int]) -> list[_Run] | None:
    """The amounts by paragraph, each with the cell its line fixes, if any."""
    pins = _pins(words, rows, layout)
    if pins is None:
        return None
    runs: list[_Run] = []
    last_paragraph: int | None = None
    for k, i in enumerate(elements):
        word = words[i]
        if last_paragraph != word.paragraph or not runs or runs[-1].page != word.page:
            runs.append(_Run([], word.page, {}))
            last_paragraph = word.paragraph
        run = runs[-1]
        if i in pins:
            run.pins[len(run.elements)] = pins[i]
        run.elements.append(k)
    return runs


def _pins(words: list[Word], rows: Rows, layout: _Layout) -> dict[int, int] | None:
    """Amounts whose line fixes their cell: printed before another block's code (the cell on its left,
    same printed row), or after a code (that code's own)."""
    if not rows.whole:
        return {}
    slot_of = {s.code: sid for sid, s in enumerate(layout.slots) if s.code}
    by_line: dict[int, list[int]] = {}
    for i, word in enumerate(words):
        by_line.setdefault(word.line, []).append(i)
    out: dict[int, int] = {}
    for indexes in by_line.values():
        codes = [i for i in indexes if i in rows.code_words]
        if not codes:
            continue
        before = [i for i in indexes if i < codes[0] and words[i].kind == "amount"]
        if len(before) > 1:
            return None  # two amounts before a code: not one column's cell
        if before:
            target = layout.slots[slot_of[rows.code_words[codes[0]]]]
            if target.column == 0:
                return None
            left = [sid for sid in layout.columns[target.column - 1]
                    if layout.slots[sid].page == target.page and layout.slots[sid].printed_row == target.printed_row]
            if not left:
                return None
            out[before[0]] = left[0]
        for k, at in enumerate(codes):
            end = codes[k + 1] if k + 1 < len(codes) else indexes[-1] + 1
            after = [i for i in indexes if at < i < end and words[i].kind == "amount"]
            if len(after) > 1:
                return None
            if after:
                out[after[0]] = slot_of[rows.code_words[at]]
    return out


@dataclass
class _Labeling:
    column: int
    roles: tuple[int, ...]  # per element: index into the column's roles on the run's page


def _labelings(run: _Run, layout: _Layout, cents: list[int]) -> list[_Labeling]:
    """Every way to give a run's non-zero amounts parts of one column, in order: a 类's row and a total at
    most once, no more 款 than the page has, the fixed cells kept.  A zero changes no sum: its part is
    left to the cells (any cell of the column, in the run's order)."""
    out: list[_Labeling] = []
    pinned_columns = {layout.slots[sid].column for sid in run.pins.values()}
    counted = [k for k, e in enumerate(run.elements) if cents[e] != 0]
    for column in range(len(layout.columns)):
        if pinned_columns and column not in pinned_columns:
            continue
        roles = layout.roles.get((column, run.page))
        if not roles:
            continue
        fixed: dict[int, int] = {}
        for position, sid in run.pins.items():
            slot = layout.slots[sid]
            if position in counted:
                role = ("T", slot.total) if slot.total else ("H" if slot.head else "I", slot.cls)
                fixed[counted.index(position)] = roles.index(role)
        capacity = [len(layout.role_slots.get((column, run.page, r), [])) for r in range(len(roles))]
        for chosen in _role_sequences(len(counted), roles, fixed, capacity):
            out.append(_Labeling(column, chosen))
    return out


def _role_sequences(
    n: int, roles: list[tuple[str, str]], fixed: dict[int, int], capacity: list[int],
) -> list[tuple[int, ...]]:
    """Non-decreasing role indexes for n amounts: a 类's row or a total once, 款 up to the page's count."""
    out: list[tuple[int, ...]] = []
    chosen: list[int] = []

    def extend(position: int) -> None:
        if len(out) > 4000:
            return
        if position == n:
            out.append(tuple(chosen))
            return
        low = chosen[-1] if chosen else 0
        options = [fixed[position]] if position in fixed else range(low, len(roles))
        for r in options:
            if r < low or (chosen and r == chosen[-1] and roles[r][0] != "I") or chosen.count(r) >= capacity[r]:
                continue
            chosen.append(r)
            extend(position + 1)
            chosen.pop()

    extend(0)
    return out


def _place(
    words: list[Word], rows: Rows, layout: _Layout, elements: list[int], stated: dict[str, Amount],
) -> list[dict[int, set[Amount]]] | None:
    """The amounts each cell may hold under every reading the sums allow (None: no reading)."""
    runs = _runs(words, rows, layout, elements)
    if runs is None or len(elements) > len(layout.slots):
        return None
    full = len(elements) == len(layout.slots)
    cents = [int((words[i].value or Decimal(0)) * 100) for i in elements]
    labelings = [_labelings(run, layout, cents) for run in runs]
    if any(not options for options in labelings):
        return None
    for exact in (True, False):
        found = _parts(runs, labelings, layout, cents, stated, full, exact)
        if found is None:
            return None  # too many readings to tell
        readings: list[tuple[int, dict[int, set[Amount]]]] = []
        for choice, inexact, zero_totals in found:
            cells = _cells(runs, labelings, choice, layout, [words[i].value for i in elements], cents, full,
                           zero_totals)
            if cells is not None:
                readings.append((inexact, cells))
        if readings:
            fewest = min(inexact for inexact, _ in readings)
            return [cells for inexact, cells in readings if inexact == fewest]
    return None


def _parts(
    runs: list[_Run], labelings: list[list[_Labeling]], layout: _Layout, cents: list[int],
    stated: dict[str, Amount], full: bool, exact: bool,
) -> list[tuple[list[int], int, set[str]]] | None:
    """Each run's labeling such that the sums hold: (choice per run, how many sums hold only within
    rounding, the totals a zero may stand in); None when the search ran out of steps or readings."""
    classes = layout.classes
    index = {c: k for k, c in enumerate(classes)}
    head_slot = {s.cls for s in layout.slots if s.head}
    item_slots: dict[str, int] = {}
    for s in layout.slots:
        if s.code and not s.head:
            item_slots[s.cls] = item_slots.get(s.cls, 0) + 1
    non_negative = all(c >= 0 for c in cents)
    order = sorted(range(len(runs)), key=lambda r: (not runs[r].pins, -max(cents[e] for e in runs[r].elements),
                                                    runs[r].page, len(runs[r].elements)))
    suffix_max = [0] * (len(order) + 1)
    suffix_sum = [0] * (len(order) + 1)
    for k in range(len(order) - 1, -1, -1):
        suffix_max[k] = max(suffix_max[k + 1], *(cents[e] for e in runs[order[k]].elements))
        suffix_sum[k] = suffix_sum[k + 1] + sum(cents[e] for e in runs[order[k]].elements)
    kinds = sum(1 for personnel in (True, False) if any(is_personnel(c) == personnel for c in classes))
    slack = 0 if exact else sum(max(1, n) for n in item_slots.values()) + kinds * max(1, len(classes))
    twin = [k > 0 and _same_single(runs[order[k]], runs[order[k - 1]], cents) for k in range(len(order))]
    head: list[int | None] = [None] * len(classes)
    items = [0] * len(classes)
    count = [0] * len(classes)
    totals: dict[str, int | None] = {key: None if value is None else int(value * 100) for key, value in stated.items()}
    choice = [0] * len(runs)
    solutions: list[tuple[list[int], int, set[str]]] = []
    steps = [0]
    failed: set[tuple[object, ...]] = set()

    def allowed(n: int) -> int:  # twice the rounding tolerance of n parts, in cents
        return 0 if exact else max(1, n)

    def bounded(k: int) -> bool:
        """Can the amounts still to place make every sum hold?  Each 类's row is the sum of its 款 and each
        total the sum of its 类, so what is left to place is what the rows, 款 and totals still lack:
        exactly that where every total is known, at least that otherwise."""
        if not non_negative:
            return True
        low = 0
        closed_form = True
        for j, cls in enumerate(classes):
            known_head = head[j]
            if known_head is not None:
                if 2 * (items[j] - known_head) > slack:
                    return False
                low += known_head - items[j]
            elif 2 * (items[j] - suffix_max[k]) > slack:
                return False
            if cls not in head_slot:
                closed_form = False
        for key, personnel in (("personnel_total", True), ("public_total", False)):
            kind = [j for j, c in enumerate(classes) if is_personnel(c) == personnel and c in head_slot]
            unknown = sum(items[j] for j in kind if head[j] is None)
            known = sum(head[j] or 0 for j in kind)
            value = totals.get(key)
            if value is not None:
                if 2 * (known - value) > slack:
                    return False
                low += 2 * (value - known) - unknown
            elif key in totals:  # its amount still to place: at least the 类 known and the 款 of the others
                closed_form = False
                low += known + unknown
            else:
                closed_form = False
                low += unknown
        rest = suffix_sum[k]
        return 2 * (low - rest) <= slack and (not closed_form or 2 * (rest - low) <= slack)

    def closed() -> tuple[int, set[str]] | None:
        inexact = 0
        zero: set[str] = set()
        for j, cls in enumerate(classes):
            if cls not in head_slot:
                continue
            gap = abs(items[j] - (head[j] or 0))
            if 2 * gap > allowed(count[j]):
                return None
            inexact += gap != 0
        for key, personnel in (("personnel_total", True), ("public_total", False)):
            value = totals.get(key)
            parts = [head[j] or 0 for j, c in enumerate(classes) if is_personnel(c) == personnel and c in head_slot]
            if value is None and key in totals and 2 * abs(sum(parts)) <= allowed(len(parts)):
                zero.add(key)  # its cell may print 0.00
            if value is None or not parts:
                continue
            gap = abs(value - sum(parts))
            if 2 * gap > allowed(len(parts)):
                return None
            inexact += gap != 0
        return inexact, zero

    def walk(k: int) -> bool:
        steps[0] += 1
        if steps[0] > MAX_STEPS or len(solutions) > MAX_SOLUTIONS:
            return False
        if k == len(order):
            result = closed()
            if result is not None:
                solutions.append((list(choice), *result))
            return True
        state = (k, tuple(head), tuple(items), tuple(count), tuple(sorted(totals.items())),
                 choice[order[k - 1]] if twin[k] else None)
        if state in failed:
            return True
        before = len(solutions)
        r = order[k]
        run = runs[r]
        for option, labeling in enumerate(labelings[r]):
            if twin[k] and option < choice[order[k - 1]]:
                continue  # the same amount alone twice: one order of the two is enough
            roles = layout.roles[(labeling.column, run.page)]
            undo: list[tuple[str, str, int]] = []  # (kind, 类 or total key, amount)
            ok = True
            counted = [e for e in run.elements if cents[e] != 0]
            for e, role_index in zip(counted, labeling.roles, strict=True):
                kind, key = roles[role_index]
                if kind == "T":
                    ok = totals.get(key) is None
                    if ok:
                        totals[key] = cents[e]
                        undo.append((kind, key, cents[e]))
                elif kind == "H":
                    ok = head[index[key]] is None
                    if ok:
                        head[index[key]] = cents[e]
                        undo.append((kind, key, cents[e]))
                else:
                    items[index[key]] += cents[e]
                    count[index[key]] += 1
                    undo.append((kind, key, cents[e]))
                if not ok:
                    break
            if ok and bounded(k + 1):
                choice[r] = option
                if not walk(k + 1):
                    return False
            for kind, key, value in reversed(undo):
                if kind == "T":
                    totals[key] = None
                elif kind == "H":
                    head[index[key]] = None
                else:
                    items[index[key]] -= value
                    count[index[key]] -= 1
        if len(solutions) == before:
            failed.add(state)
        return True

    for key in ("personnel_total", "public_total"):
        if any(s.total == key for s in layout.slots):
            totals.setdefault(key, None)
    if not walk(0):
        return None
    return solutions


def _same_single(a: _Run, b: _Run, cents: list[int]) -> bool:
    return (len(a.elements) == len(b.elements) == 1 and not a.pins and not b.pins and a.page == b.page
            and cents[a.elements[0]] == cents[b.elements[0]])


# --- which cell each amount can stand in (the order) ---------------------------------------------


def _cells(
    runs: list[_Run], labelings: list[list[_Labeling]], choice: list[int], layout: _Layout,
    values: list[Amount], cents: list[int], full: bool, zero_totals: set[str],
) -> dict[int, set[Amount]] | None:
    """Per cell (slot id), the amounts it may hold under one labeling (None: no placement fits)."""
    domain: dict[int, int] = {}  # element -> bitmask of slot ids it may stand in
    column_of: dict[int, int] = {}
    for r, run in enumerate(runs):
        labeling = labelings[r][choice[r]]
        roles = iter(labeling.roles)
        anywhere = 0  # a zero: any cell of the column on its page but a total that is not zero
        for sid in layout.columns[labeling.column]:
            slot = layout.slots[sid]
            if slot.page == run.page and (not slot.total or slot.total in zero_totals):
                anywhere |= 1 << sid
        for position, e in enumerate(run.elements):
            if position in run.pins:
                domain[e] = 1 << run.pins[position]
                if cents[e] != 0:
                    next(roles)
            elif cents[e] == 0:
                domain[e] = anywhere
            else:
                mask = 0
                for sid in layout.role_slots[(labeling.column, run.page, next(roles))]:
                    mask |= 1 << sid
                domain[e] = mask
            column_of[e] = labeling.column
    order = {sid: k for ids in layout.columns for k, sid in enumerate(ids)}  # slot -> row in its column
    by_column: dict[int, list[_Run]] = {}
    for r, run in enumerate(runs):
        by_column.setdefault(labelings[r][choice[r]].column, []).append(run)
    for _ in range(60):
        before = dict(domain)
        for column, column_runs in by_column.items():
            ids = layout.columns[column]
            for run in column_runs:
                if not _order_within(run, domain, order, ids, full):
                    return None
            if not _apart(column_runs, domain, order, ids):
                return None
            if full and not _covered(ids, column_runs, domain):
                return None
        if domain == before:
            break
    out: dict[int, set[Amount]] = {sid: set() for sid in range(len(layout.slots))}
    filled = 0  # cells some amount must hold: as many amounts as cells can only stand in those cells
    for mask in set(domain.values()):
        if sum(1 for other in domain.values() if other & ~mask == 0) == mask.bit_count():
            filled |= mask
    for e, mask in domain.items():
        for sid in _bits(mask):
            out[sid].add(values[e])
    for sid in out:
        if not full and not filled >> sid & 1:
            out[sid].add(None)
    return out


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def _rows_of(mask: int, order: dict[int, int]) -> list[int]:
    return sorted(order[sid] for sid in _bits(mask))


def _mask(ids: list[int], rows: range) -> int:
    out = 0
    for row in rows:
        if 0 <= row < len(ids):
            out |= 1 << ids[row]
    return out


def _order_within(run: _Run, domain: dict[int, int], order: dict[int, int], ids: list[int], full: bool) -> bool:
    """A run's amounts stand in rows going down (one after another when every cell is printed)."""
    elements = run.elements
    for _ in range(2):
        for k in range(1, len(elements)):
            rows = _rows_of(domain[elements[k - 1]], order)
            if not rows:
                return False
            allowed = _mask(ids, range(rows[0] + 1, len(ids)))
            if full:
                allowed = 0
                for row in rows:
                    allowed |= _mask(ids, range(row + 1, row + 2))
            domain[elements[k]] &= allowed
        for k in range(len(elements) - 1, 0, -1):
            rows = _rows_of(domain[elements[k]], order)
            if not rows:
                return False
            allowed = _mask(ids, range(0, rows[-1]))
            if full:
                allowed = 0
                for row in rows:
                    allowed |= _mask(ids, range(row - 1, row))
            domain[elements[k - 1]] &= allowed
    return all(domain[e] for e in elements)


def _apart(runs: list[_Run], domain: dict[int, int], order: dict[int, int], ids: list[int]) -> bool:
    """Two runs of one column do not overlap: a cell one amount must hold, or rows a run must span,
    are no other amount's; of two runs that cannot be in one order, the other order."""
    for run in runs:
        first = _rows_of(domain[run.elements[0]], order)
        last = _rows_of(domain[run.elements[-1]], order)
        if not first or not last:
            return False
        if first[-1] <= last[0]:  # rows it spans whatever its place
            span = _mask(ids, range(first[-1], last[0] + 1))
            mine = set(run.elements)
            for other in runs:
                if other is run:
                    continue
                for e in other.elements:
                    if e not in mine:
                        domain[e] &= ~span
                        if not domain[e]:
                            return False
    long_runs = [run for run in runs if len(run.elements) > 1]
    for run in long_runs:
        for other in runs:
            if other is run:
                continue
            a_first = _rows_of(domain[run.elements[0]], order)
            a_last = _rows_of(domain[run.elements[-1]], order)
            b_first = _rows_of(domain[other.elements[0]], order)
            b_last = _rows_of(domain[other.elements[-1]], order)
            if not (a_first and a_last and b_first and b_last):
                return False
            a_before = a_last[0] < b_first[-1]
            b_before = b_last[0] < a_first[-1]
            if not a_before and not b_before:
                return False
            if a_before and not b_before:
                domain[run.elements[-1]] &= _mask(ids, range(0, b_first[-1]))
                domain[other.elements[0]] &= _mask(ids, range(a_last[0] + 1, len(ids)))
            elif b_before and not a_before:
                domain[other.elements[-1]] &= _mask(ids, range(0, a_first[-1]))
                domain[run.elements[0]] &= _mask(ids, range(b_last[0] + 1, len(ids)))
    return True


def _covered(ids: list[int], runs: list[_Run], domain: dict[int, int]) -> bool:
    """Every cell printed: each cell is some amount's; a cell only one amount can hold is that amount's."""
    elements = [e for run in runs for e in run.elements]
    for sid in ids:
        holders = [e for e in elements if domain[e] >> sid & 1]
        if not holders:
            return False
        if len(holders) == 1:
            domain[holders[0]] = 1 << sid
    return True


def _reading(
    rows: Rows, layout: _Layout, words: list[Word], elements: list[int], stated: dict[str, Amount],
    placed: list[dict[int, set[Amount]]],
) -> RunsReading:
    merged: dict[int, set[Amount]] = {sid: set() for sid in range(len(layout.slots))}
    for cells in placed:
        for sid, values in cells.items():
            merged[sid] |= values
    out = RunsReading([], dict(stated))
    by_code = {slot.code: sid for sid, slot in enumerate(layout.slots) if slot.code}
    for code in rows.codes:
        sid = by_code[code]
        values = merged[sid]
        page = layout.slots[sid].page
        if len(values) == 1:
            out.cells.append((code, rows.names.get(code, ""), next(iter(values)), page))
        else:
            out.cells.append((code, rows.names.get(code, ""), None, page))
            out.doubt[code] = _sorted(values)
    for sid, slot in enumerate(layout.slots):
        if slot.total:
            values = merged[sid]
            if len(values) == 1:
                out.totals[slot.total] = next(iter(values))
            else:
                out.total_doubt[slot.total] = _sorted(values)
    return out


def _sorted(values: set[Amount]) -> list[Amount]:
    return sorted(values, key=lambda v: (v is None, v or Decimal(0)))
