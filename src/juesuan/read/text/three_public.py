"""Table 7 (三公) in plain text.

Table 7 prints one line of up to twelve numbers, its blank cells lost.  The
columns come in one of two orders, which the header says: all 预算数 then all
决算数 (合计, 因公出国（境）费, 公务用车 小计 / 购置 / 运行维护, 公务接待费 each),
or a 预算数/决算数 pair under each heading ("预算数 决算数 预算数 决算数 …").
Where the title or header adds 会议费 and 培训费 (“三公”经费及会议费、培训费支出
决算表), they are two more headings after 公务接待费, sixteen numbers in all, and
the 合计 is either the 三公 total or the total of all five (a heading
"“三公”经费合计" says the first; otherwise both are tried and the amounts
decide, read/tables/three_public_total).
The numbers are placed by the table's sums (合计 = 出国 + 公务用车 + 接待;
公务用车 = 购置 + 运行维护, on each side), by the amounts the 情况说明 states
for its cells, and by the 基本支出 table: 因公出国（境）费用 (30212), 公务接待费
(30217), 公务用车运行维护费 (30231) and 公务用车购置 (31013) are spent from the
same 财政拨款, so the 三公 决算数 of each is at least that much.  A row printing
10 or 8 of its 12 numbers is placed the same way.  What the arithmetic leaves
open stays blank, with the cells in doubt and every placement still possible
on the table (``ambiguous``, ``candidates``), never a guess.
"""

from __future__ import annotations

import re
from decimal import Decimal

from juesuan.amounts import amount_or_none, as_number, tolerance
from juesuan.model import (
    THREE_PUBLIC_EXTRA_ITEMS,
    THREE_PUBLIC_ITEMS,
    THREE_PUBLIC_LABELS,
    Amount,
    Cell,
    Narrative,
    Problem,
    Table,
)
from juesuan.read.tables.three_public_total import total_includes
from juesuan.read.text.basic_columns import column_written
from juesuan.read.text.column_assignment import Budget, Identity, Layout, OutOfSteps, candidate_placements

_NUMBER_TOKEN = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")

def block_keys(items: tuple[str, ...] = THREE_PUBLIC_ITEMS) -> tuple[str, ...]:
    """All 预算数, then all 决算数."""
    return tuple(f"{group}.{item}" for group in ("budget", "actual") for item in items)


def paired_keys(items: tuple[str, ...] = THREE_PUBLIC_ITEMS) -> tuple[str, ...]:
    """预算数 and 决算数 under each heading."""
    return tuple(f"{group}.{item}" for item in items for group in ("budget", "actual"))


BLOCK_KEYS = block_keys()
PAIRED_KEYS = paired_keys()


def _layout(keys: tuple[str, ...], total_includes: tuple[str, ...] = ()) -> Layout:
    def at(key: str) -> int:
        return keys.index(key)

    identities = []
    for group in ("budget", "actual"):
        parts = ("overseas", "vehicles", "reception", *total_includes)
        identities.append(Identity.total(at(f"{group}.total"), [at(f"{group}.{p}") for p in parts]))
        identities.append(Identity.total(at(f"{group}.vehicles"), [at(f"{group}.vehicle_purchase"),
                                                                   at(f"{group}.vehicle_operation")]))
    return Layout(len(keys), tuple(identities))


# Narrative facts (three_public.*) that fix a cell: path -> cell key.
_NARRATIVE_CELLS = {
    "three_public.budget": "budget.total",
    "three_public.actual": "actual.total",
    **{f"three_public.{item}.{group}": f"{group}.{item}"
       for item in THREE_PUBLIC_ITEMS if item != "total" for group in ("budget", "actual")},
}

# 基本支出 rows spent on a 三公 item: the 三公 决算数 of the item is at least their amount.
BASIC_ROWS = {"30212": "actual.overseas", "30217": "actual.reception", "30231": "actual.vehicle_operation",
              "31013": "actual.vehicle_purchase"}

Candidate = dict[str, Amount]


def orders(lines: list[tuple[int, str]], items: tuple[str, ...] = THREE_PUBLIC_ITEMS) -> list[tuple[str, ...]]:
    """The column orders the header allows: pairs when it prints 预算数 more than once, blocks when once."""
    head = "".join("".join(text.split()) for _, text in lines)
    budgets = head.count("预算数")
    if budgets >= 2:
        return [paired_keys(items)]
    if budgets == 1 and head.count("决算数") == 1:
        return [block_keys(items)]
    return [block_keys(items), paired_keys(items)]


def added_items(lines: list[tuple[int, str]], title: str = "") -> tuple[str, ...]:
    """会议费 / 培训费, where the title or the header names them as columns (in the model's order)."""
    words = "".join("".join(text.split()) for _, text in lines if not re.search(r"\d\.\d", text)) + title
    found = [item for item in THREE_PUBLIC_EXTRA_ITEMS if THREE_PUBLIC_LABELS[item] in words]
    return tuple(found)


def read_three_public(
    lines: list[tuple[int, str]], narrative: Narrative | None = None,
    lower: dict[str, Decimal] | None = None, budget: Budget | None = None, title: str = "",
) -> tuple[Table | None, list[Problem]]:
    """The table from its lines of amounts, placed by its sums, the 情况说明 (``narrative``) and
    ``lower`` bounds (cell key -> least value, from the 基本支出 table); with the 会议费 and 培训费
    columns where the ``title`` or the header adds them."""
    numbers: list[Amount] = []
    header: list[tuple[int, str]] = []
    by_columns = column_written(lines)
    for page, text in lines:
        tokens = text.split()
        if tokens and all(_NUMBER_TOKEN.match(t) for t in tokens) and any("." in t for t in tokens):
            numbers.extend(amount_or_none(t) for t in tokens)
        elif not numbers:
            header.append((page, text))
        elif re.match(r"^\s*(?:注|说明)", text) and not by_columns:
            break  # (a text written column by column may print the note before the last columns)
    if not numbers:
        return None, []
    table = Table(key="three_public")
    extras = added_items(lines, title)
    items = (*THREE_PUBLIC_ITEMS, *extras)
    keys = block_keys(items)
    if len(numbers) > len(keys):
        table.ambiguous = list(keys)
        return table, [Problem(f"{len(numbers)} numbers ({_show(numbers)}) for {len(keys)} cells; kept unplaced",
                               table="three_public", kind="ambiguous")]
    # the 合计 of a table with added columns: the 三公 total (a heading "“三公”经费合计" says so) or all five
    named_three = bool(extras) and any("三公经费合计" in _squeeze(text).replace("“", "").replace("”", "")
                                       for _, text in lines)
    totals: list[tuple[str, ...]] = [()] if not extras or named_three else [extras, ()]
    known: dict[str, Decimal] = {}
    if narrative is not None:
        for path, key in _NARRATIVE_CELLS.items():
            value = narrative.get(path)
            if isinstance(value, Decimal):
                known[key] = value
    layouts = [(order, _layout(order, total)) for order in orders(header, items) for total in totals]
    found, notes = _candidates(numbers, layouts, keys, known, lower or {}, budget or Budget())
    problems = [Problem(note, table="three_public") for note in notes]
    for key in keys:
        values = {str(option[key]) if option[key] is not None else None for option in found}
        if len(values) == 1:
            table.cells[key] = Cell(found[0][key] if found else None)
        else:
            table.cells[key] = Cell(None)
            table.ambiguous.append(key)
    if table.ambiguous:
        table.candidates = found[:_MAX_CANDIDATES]
        shown = " | ".join(" ".join(f"{k}={v}" for k, v in option.items() if v is not None)
                           for option in found[:_MAX_CANDIDATES])
        problems.append(Problem(
            f"the printed numbers {_show(numbers)} fit more than one set of cells ({shown}); "
            f"{', '.join(table.ambiguous)} left blank", table="three_public", kind="ambiguous"))
    if extras:  # what the 合计 includes, where every placement still possible says the same
        meanings = {tuple(total_includes(Table(key="three_public", cells={k: Cell(v) for k, v in option.items()}),
                                         named_three)) for option in found}
        if len(meanings) == 1:
            table.total_includes = list(meanings.pop())
    return table, problems


def _squeeze(text: str) -> str:
    return "".join(text.split())


_MAX_CANDIDATES = 12


def _candidates(
    numbers: list[Amount], allowed: list[tuple[tuple[str, ...], Layout]], cells: tuple[str, ...],
    known: dict[str, Decimal], lower: dict[str, Decimal], budget: Budget,
) -> tuple[list[Candidate], list[str]]:
    """Every placement the sums allow, narrowed by the stated cells and the lower bounds where they fit."""
    placed: list[Candidate] = []
    added_up = True
    try:
        for keys, layout in allowed:
            vectors = candidate_placements(numbers, layout, budget=budget)
            good = [v for v in vectors if all(i.holds(v) for i in layout.identities)]
            if not good:
                continue
            for vector in good:
                option = {key: vector[keys.index(key)] for key in cells}
                if option not in placed:
                    placed.append(option)
        if not placed:
            added_up = False
            for keys, layout in allowed:
                for vector in candidate_placements(numbers, layout, budget=budget):
                    option = {key: vector[keys.index(key)] for key in cells}
                    if option not in placed:
                        placed.append(option)
    except OutOfSteps:
        return [], ["too many ways to place the numbers; not placed"]
    notes = [] if added_up else ["the printed figures do not add up; placed without the table's sums"]
    stated = [o for o in placed if all(abs(as_number(o[k]) - v) <= tolerance(1) for k, v in known.items())]
    if known and not stated:
        notes.append("the amounts the text states for the 三公 cells do not fit the printed figures; not used")
    placed = stated or placed
    bounded = [o for o in placed if all(as_number(o[k]) >= v - tolerance(1) for k, v in lower.items())]
    return bounded or placed, notes


def _show(numbers: list[Amount]) -> str:
    return " ".join("-" if n is None else str(n) for n in numbers)
