"""Tables 6 (基本支出) and 7 (三公) in plain text, where their layout makes it straightforward.

Table 6 prints (economic code, name, amount) triplets, often two or three to
a line; each amount follows its own name, so a lost blank cannot shift it.
Table 7 prints one line of up to twelve numbers (预算数 then 决算数, each
合计, 因公出国（境）费, 公务用车 小计 / 购置 / 运行维护, 公务接待费); their
columns are placed by the table's sums like any other text table.
"""

from __future__ import annotations

import re
from decimal import Decimal

from juesuan.amounts import parse_amount
from juesuan.model import TABLE_COLUMNS, THREE_PUBLIC_ITEMS, Cell, Problem, Row, Table
from juesuan.read.column_assignment import Identity, Layout, Line, solve

_TRIPLET = re.compile(
    r"(?<![\d.,])(?P<code>3\d{2}(?:\d{2})?)\s*(?P<name>[^\d\s][^\d]*?)"
    r"(?:\s+(?P<amount>-?\d[\d,]*(?:\.\d+)?))?"
    r"(?=\s+3\d{2}(?:\d{2})?\s*[^\d\s,.]|\s*$)"
)
_CELL_TOTALS = {
    "personnel_total": re.compile(r"人员经费(?:合计|小计)\s*(-?\d[\d,]*(?:\.\d+)?)"),
    "public_total": re.compile(r"公用经费(?:合计|小计)\s*(-?\d[\d,]*(?:\.\d+)?)"),
}
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


def read_basic_expenditure(lines: list[tuple[int, str]], multi_page: bool) -> tuple[Table | None, list[Problem]]:
    table = Table(key="basic_expenditure", columns=list(TABLE_COLUMNS["basic_expenditure"]))
    problems: list[Problem] = []
    seen: set[str] = set()
    for page, text in lines:
        for name, pattern in _CELL_TOTALS.items():
            match = pattern.search(text)
            if match and name not in table.cells:
                table.cells[name] = Cell(parse_amount(match.group(1)))
        for match in _TRIPLET.finditer(text.strip()):
            code, label = match.group("code"), match.group("name").strip()
            if "合计" in label or "小计" in label or code in seen:
                continue
            seen.add(code)
            amount = parse_amount(match.group("amount")) if match.group("amount") else None
            table.rows.append(Row(label, [amount], code, page if multi_page else None))
    if not table.rows:
        return None, problems
    return table, problems


def read_three_public(lines: list[tuple[int, str]]) -> tuple[Table | None, list[Problem]]:
    """The first line of amounts alone in the table's region, placed by the table's sums."""
    for _page, text in lines:
        tokens = text.split()
        if not tokens or not all(_NUMBER_TOKEN.match(t) for t in tokens) or not any("." in t for t in tokens):
            continue
        if len(tokens) > 12:
            return None, [Problem(f"{len(tokens)} numbers for 12 cells; not read", table="three_public")]
        numbers: list[Decimal | None] = [parse_amount(t) for t in tokens]
        solution = solve([Line("三公", numbers)], THREE_PUBLIC_LAYOUT)
        placed = solution.placements["三公"]
        table = Table(key="three_public")
        keys = [f"{group}.{item}" for group in ("budget", "actual") for item in THREE_PUBLIC_ITEMS]
        for key, value in zip(keys, placed.values, strict=True):
            table.cells[key] = Cell(value)
        problems = [Problem(note, table="three_public") for note in solution.notes]
        if placed.ambiguous:
            problems.append(Problem(
                f"the printed numbers {' '.join(tokens)} fit more than one set of cells; "
                f"{', '.join(keys[j] for j in placed.ambiguous)} left blank",
                table="three_public", kind="ambiguous"))
        return table, problems
    return None, []
