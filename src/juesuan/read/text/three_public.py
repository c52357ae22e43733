"""Table 7 (三公) in plain text.

Table 7 prints one line of up to twelve numbers, its blank cells lost.  The
columns come in one of two orders, which the header says: all 预算数 then all
决算数 (合计, 因公出国（境）费, 公务用车 小计 / 购置 / 运行维护, 公务接待费 each),
or a 预算数/决算数 pair under each heading ("预算数 决算数 预算数 决算数 …").
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
from juesuan.model import THREE_PUBLIC_ITEMS, Amount, Cell, Narrative, Problem, Table
from juesuan.read.text.column_assignment import Budget, Identity, Layout, OutOfSteps, candidate_placements

_NUMBER_TOKEN = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")

BLOCK_KEYS: tuple[str, ...] = tuple(f"{group}.{item}" for group in ("budget", "actual") for item in THREE_PUBLIC_ITEMS)
PAIRED_KEYS: tuple[str, ...] = tuple(f"{group}.{item}" for item in THREE_PUBLIC_ITEMS for group in ("budget", "actual"))


def _layout(keys: tuple[str, ...]) -> Layout:
    def at(key: str) -> int:
        return keys.index(key)

    identities = []
    for group in ("budget", "actual"):
        identities.append(Identity.total(at(f"{group}.total"), [at(f"{group}.{p}") for p in
                                                                ("overseas", "vehicles", "reception")]))
        identities.append(Identity.total(at(f"{group}.vehicles"), [at(f"{group}.vehicle_purchase"),
                                                                   at(f"{group}.vehicle_operation")]))
    return Layout(12, tuple(identities))


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


def orders(lines: list[tuple[int, str]]) -> list[tuple[str, ...]]:
    """The column orders the header allows: pairs when it prints 预算数 more than once, blocks when once."""
    head = "".join("".join(text.split()) for _, text in lines)
    budgets = head.count("预算数")
    if budgets >= 2:
        return [PAIRED_KEYS]
    if budgets == 1 and head.count("决算数") == 1:
        return [BLOCK_KEYS]
    return [BLOCK_KEYS, PAIRED_KEYS]


def read_three_public(
    lines: list[tuple[int, str]], narrative: Narrative | None = None,
    lower: dict[str, Decimal] | None = None, budget: Budget | None = None,
) -> tuple[Table | None, list[Problem]]:
    """The table from its lines of amounts, placed by its sums, the 情况说明 (``narrative``) and
    ``lower`` bounds (cell key -> least value, from the 基本支出 table)."""
    numbers: list[Amount] = []
    header: list[tuple[int, str]] = []
    for page, text in lines:
        tokens = text.split()
        if tokens and all(_NUMBER_TOKEN.match(t) for t in tokens) and any("." in t for t in tokens):
            numbers.extend(amount_or_none(t) for t in tokens)
        elif not numbers:
            header.append((page, text))
        elif re.match(r"^\s*(?:注|说明)", text):
            break
    if not numbers:
        return None, []
    table = Table(key="three_public")
    if len(numbers) > 12:
        table.ambiguous = list(BLOCK_KEYS)
        return table, [Problem(f"{len(numbers)} numbers ({_show(numbers)}) for 12 cells; kept unplaced",
                               table="three_public", kind="ambiguous")]
    known: dict[str, Decimal] = {}
    if narrative is not None:
        for path, key in _NARRATIVE_CELLS.items():
            value = narrative.get(path)
            if isinstance(value, Decimal):
                known[key] = value
    found, notes = _candidates(numbers, orders(header), known, lower or {}, budget or Budget())
    problems = [Problem(note, table="three_public") for note in notes]
    for key in BLOCK_KEYS:
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
    return table, problems


_MAX_CANDIDATES = 12


def _candidates(
    numbers: list[Amount], allowed: list[tuple[str, ...]], known: dict[str, Decimal],
    lower: dict[str, Decimal], budget: Budget,
) -> tuple[list[Candidate], list[str]]:
    """Every placement the sums allow, narrowed by the stated cells and the lower bounds where they fit."""
    placed: list[Candidate] = []
    added_up = True
    try:
        for keys in allowed:
            layout = _layout(keys)
            vectors = candidate_placements(numbers, layout, budget=budget)
            good = [v for v in vectors if all(i.holds(v) for i in layout.identities)]
            if not good:
                continue
            for vector in good:
                option = {key: vector[keys.index(key)] for key in BLOCK_KEYS}
                if option not in placed:
                    placed.append(option)
        if not placed:
            added_up = False
            for keys in allowed:
                for vector in candidate_placements(numbers, _layout(keys), budget=budget):
                    option = {key: vector[keys.index(key)] for key in BLOCK_KEYS}
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
