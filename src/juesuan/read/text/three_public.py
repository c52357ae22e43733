"""Table 7 (三公) in plain text.

Table 7 prints one line of up to twelve numbers (预算数 then 决算数, each
合计, 因公出国（境）费, 公务用车 小计 / 购置 / 运行维护, 公务接待费); their
columns are placed by the table's sums like any other text table.
"""

from __future__ import annotations

import re
from decimal import Decimal

from juesuan.amounts import amount_or_none
from juesuan.model import THREE_PUBLIC_ITEMS, Cell, Narrative, Problem, Table
from juesuan.read.text.column_assignment import Identity, Layout, Line, solve

_NUMBER_TOKEN = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")

# budget.* then actual.*: total = overseas + vehicles + reception; vehicles = purchase + operation.
THREE_PUBLIC_LAYOUT = Layout(
    12,
    (
        Identity.total(0, (1, 2, 5)),
        Identity.total(2, (3, 4)),
        Identity.total(6, (7, 8, 11)),
        Identity.total(8, (9, 10)),
    ),
)


# Narrative facts (three_public.*) that fix a cell: path -> cell index.
_NARRATIVE_CELLS = {
    "three_public.budget": 0,
    "three_public.actual": 6,
    "three_public.overseas.budget": 1,
    "three_public.overseas.actual": 7,
    "three_public.vehicles.budget": 2,
    "three_public.vehicles.actual": 8,
    "three_public.reception.budget": 5,
    "three_public.reception.actual": 11,
}


def read_three_public(
    lines: list[tuple[int, str]], narrative: Narrative | None = None
) -> tuple[Table | None, list[Problem]]:
    """The first line of amounts alone in the table's region, placed by the table's sums
    and by the amounts the 情况说明 states for the cells."""
    known: dict[int, Decimal] = {}
    if narrative is not None:
        for path, index in _NARRATIVE_CELLS.items():
            value = narrative.get(path)
            if isinstance(value, Decimal):
                known[index] = value
    for _page, text in lines:
        tokens = text.split()
        if not tokens or not all(_NUMBER_TOKEN.match(t) for t in tokens) or not any("." in t for t in tokens):
            continue
        if len(tokens) > 12:
            return None, [Problem(f"{len(tokens)} numbers for 12 cells; not read", table="three_public")]
        numbers: list[Decimal | None] = [amount_or_none(t) for t in tokens]
        solution = solve([Line("三公", numbers)], THREE_PUBLIC_LAYOUT, root="三公", known=known)
        placed = solution.placements["三公"]
        table = Table(key="three_public")
        keys = [f"{group}.{item}" for group in ("budget", "actual") for item in THREE_PUBLIC_ITEMS]
        for key, value in zip(keys, placed.values, strict=True):
            table.cells[key] = Cell(value)
        problems = [Problem(note.message, table="three_public") for note in solution.notes]
        if placed.ambiguous:
            problems.append(Problem(
                f"the printed numbers {' '.join(tokens)} fit more than one set of cells; "
                f"{', '.join(keys[j] for j in placed.ambiguous)} left blank",
                table="three_public", kind="ambiguous"))
        return table, problems
    return None, []
