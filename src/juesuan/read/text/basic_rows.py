"""Table 6 read printed row by printed row, when an extractor spreads one printed row over lines.

Some extractors write a printed row of the 基本支出 table as several text lines,
each holding a piece of every block, left to right, by height in the cell::

    301 08 机关事业单位基本养老保险缴 302
    06 电费
    费 160.75

A printed row starts on a line that starts with a code.  Each of its lines is
cut between the blocks (left | middle | right) in every way that leaves each
block one code (a 类 with its 款, or the whole code), the words of its name and
at most one amount; the cuts the blocks agree with are kept.  Where a row still
reads more than one way (an amount alone on a line, under two cells without
one), the table's sums decide: each 类 is the sum of its 款 and 人员经费合计 /
公用经费合计 the sum of their 类; among readings the sums allow equally, the one
whose names are the national classification's.  What the sums leave open is
reported with its candidates, not guessed.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.amounts import amount_or_none, tolerance
from juesuan.model import Amount
from juesuan.read.text.table_lines import tidy_name
from juesuan.standard import is_personnel

_CLASS = re.compile(r"^3\d{2}$")
_CODE = re.compile(r"^3\d{4}$")
_ITEM = re.compile(r"^\d{2}$")
_AMOUNT = re.compile(r"^-?\d[\d,]*\.\d+$")



@dataclass(frozen=True)
class RowCell:
    code: str
    name: str
    amount: Amount
    block: int
    group: int  # which printed row
    page: int


@dataclass
class RowsReading:
    cells: list[RowCell]
    doubt: dict[str, list[Amount]] = field(default_factory=dict)  # code -> the amounts still possible
    broken: int = 0  # sums that fail


Token = tuple[str, str]


def _kind(token: str) -> str:
    if _CODE.match(token):
        return "code"
    if _CLASS.match(token):
        return "class"
    if _ITEM.match(token):
        return "item"
    if _AMOUNT.match(token):
        return "amount"
    return "other" if re.search(r"\d", token) else "name"


def read_by_rows(
    items: list[tuple[int, str]], totals: dict[str, Amount], names: dict[str, str],
) -> RowsReading | None:
    """The cells, or None when some printed row reads no way at all."""
    groups: list[list[tuple[int, list[Token]]]] = []
    for page, text in items:
        tokens = [(_kind(t), t) for t in text.split()]
        if not tokens:
            continue
        if tokens[0][0] in ("class", "code"):
            groups.append([])
        if groups:
            groups[-1].append((page, tokens))
    if not groups:
        return None
    blocks = max(sum(1 for kind, _ in tokens if kind in ("class", "code")) for group in groups
                 for _, tokens in group[:1])
    blocks = max(1, min(blocks, 3))
    options: list[list[list[RowCell]]] = []
    for index, group in enumerate(groups):
        found = _options(group, index, blocks)
        if not found:
            return None
        best = max(_named(option, names) for option in found)
        options.append([o for o in found if _named(o, names) == best])
    return _choose(options, totals, names)


def _options(group: list[tuple[int, list[Token]]], index: int, blocks: int) -> list[list[RowCell]]:
    """Every reading of one printed row: each line cut between the blocks, each block one cell."""
    per_line = [list(_cuts(len(tokens), blocks)) for _, tokens in group]
    out: list[list[RowCell]] = []
    seen: set[tuple[object, ...]] = set()
    for cuts in itertools.product(*per_line):
        parts: list[list[Token]] = [[] for _ in range(blocks)]
        for (_, tokens), cut in zip(group, cuts, strict=True):
            bounds = [0, *cut, len(tokens)]
            for b in range(blocks):
                parts[b].extend(tokens[bounds[b] : bounds[b + 1]])
        cells: list[RowCell] = []
        for b, part in enumerate(parts):
            cell = _cell(part, b, index, group[0][0])
            if cell is False:
                break
            if isinstance(cell, RowCell):
                cells.append(cell)
        else:
            key = tuple(cells)
            if cells and key not in seen:
                seen.add(key)
                out.append(cells)
        if len(out) > 64:
            break
    return out


def _cuts(n: int, blocks: int) -> list[tuple[int, ...]]:
    """Non-decreasing cut positions splitting n tokens into ``blocks`` parts."""
    return list(itertools.combinations_with_replacement(range(n + 1), blocks - 1))


def _cell(tokens: list[Token], block: int, group: int, page: int) -> RowCell | bool | None:
    """The cell a block's tokens make; None for no tokens; False when they make none."""
    if not tokens:
        return None
    kind, first = tokens[0]
    if kind not in ("class", "code"):
        return False
    code = first
    names: list[str] = []
    amount: Amount = None
    has_amount = False
    for kind, token in tokens[1:]:
        if has_amount:
            return False  # the amount ends its cell
        if kind == "item" and len(code) == 3:
            code += token
        elif kind == "amount":
            amount, has_amount = amount_or_none(token), True
        elif kind == "name":
            names.append(token)
        else:
            return False
    return RowCell(code, tidy_name(" ".join(names)), amount, block, group, page)


def _named(option: list[RowCell], names: dict[str, str]) -> int:
    return sum(1 for c in option if names.get(c.code) and "".join(c.name.split()) == names[c.code])


def _choose(
    options: list[list[list[RowCell]]], totals: dict[str, Amount], names: dict[str, str],
) -> RowsReading:
    """One reading per printed row such that every 类 is the sum of its 款 (and 人员经费合计 / 公用经费合计
    the sums of their 类): a search bounded by what the rows still to choose can add.  Where the
    document's own sums fail, each 类 in turn is left out of the search; where nothing fits, the
    first reading of every row is kept and every amount read more than one way is in doubt."""
    classes = sorted({cell.code[:3] for found in options for option in found for cell in option})
    steps = [0]  # shared by every search: MAX_STEPS in all
    solutions = _search(options, classes, totals, steps)
    for dropped in classes:
        if solutions or steps[0] > MAX_STEPS:
            break
        solutions = _search(options, [c for c in classes if c != dropped], totals, steps)
    searched = bool(solutions)
    if not solutions:
        solutions = [[0] * len(options)]
    readings = [[c for g, k in enumerate(choice) for c in options[g][k]] for choice in solutions]
    named = [_named(cells, names) for cells in readings]
    top = max(named)
    readings = [cells for cells, n in zip(readings, named, strict=True) if n == top]
    reading = RowsReading(readings[0], broken=_broken(readings[0], totals))
    alternatives = readings[1:] if searched else [
        [c for found in options for c in found[k % len(found)]] for k in range(1, max(map(len, options)))]
    for cells in alternatives:
        other = {c.code: c.amount for c in cells}
        for mine in reading.cells:
            if mine.code in other and other[mine.code] != mine.amount:
                doubt = reading.doubt.setdefault(mine.code, [mine.amount])
                if other[mine.code] not in doubt:
                    doubt.append(other[mine.code])
    return reading


MAX_STEPS = 200_000
_CENT = Decimal("0.01")


def _search(
    options: list[list[list[RowCell]]], classes: list[str], totals: dict[str, Amount], steps: list[int],
) -> list[list[int]]:
    """Up to 64 choices (one reading per printed row) under which the given 类 add up, and the totals."""
    n = len(options)
    index = {c: i for i, c in enumerate(classes)}
    width = len(classes)
    # per row and reading: (head amounts set, item amounts added), in cents, per 类
    effects: list[list[tuple[dict[int, int], list[int], list[int]]]] = []
    for readings in options:
        row_effects = []
        for option in readings:
            heads: dict[int, int] = {}
            adds = [0] * width
            counts = [0] * width
            for cell in option:
                at = index.get(cell.code[:3])
                if at is None:
                    continue
                value = int((cell.amount or Decimal(0)) / _CENT)
                if len(cell.code) == 3:
                    heads[at] = value
                else:
                    adds[at] += value
                    counts[at] += 1
            row_effects.append((heads, adds, counts))
        effects.append(row_effects)
    low = [[0] * width for _ in range(n + 1)]
    high = [[0] * width for _ in range(n + 1)]
    most = [[0] * width for _ in range(n + 1)]  # how many 款 the rows from g on can still add
    for g in range(n - 1, -1, -1):
        for j in range(width):
            low[g][j] = low[g + 1][j] + min(e[1][j] for e in effects[g])
            high[g][j] = high[g + 1][j] + max(e[1][j] for e in effects[g])
            most[g][j] = most[g + 1][j] + max(e[2][j] for e in effects[g])
    head: list[int | None] = [None] * width
    total = [0] * width
    count = [0] * width
    picked: list[int] = []
    solutions: list[list[int]] = []

    def fits(g: int) -> bool:
        for j in range(width):
            if head[j] is None:
                continue
            rest = head[j] - total[j]  # type: ignore[operator]
            slack = (count[j] + most[g][j]) // 2 + 1  # half a cent per 款, in cents
            if rest < low[g][j] - slack or rest > high[g][j] + slack:
                return False
        return True

    def walk(g: int) -> None:
        steps[0] += 1
        if steps[0] > MAX_STEPS or len(solutions) >= 64 or not fits(g):
            return
        if g == n:
            cells = [c for k, row in zip(picked, options, strict=True) for c in row[k]]
            if _totals_broken(cells, totals) == 0 and _broken([c for c in cells if c.code[:3] in index], {}) == 0:
                solutions.append(list(picked))
            return
        for k, (heads, adds, counts) in enumerate(effects[g]):
            saved = list(head)
            for j, value in heads.items():
                head[j] = value
            for j in range(width):
                total[j] += adds[j]
                count[j] += counts[j]
            picked.append(k)
            walk(g + 1)
            picked.pop()
            for j in range(width):
                total[j] -= adds[j]
                count[j] -= counts[j]
            head[:] = saved

    walk(0)
    return solutions


def _totals_broken(cells: list[RowCell], totals: dict[str, Amount]) -> int:
    return _broken(cells, totals) - _broken(cells, {})


def _broken(cells: list[RowCell], totals: dict[str, Amount]) -> int:
    """Sums that fail: each 类 against its 款, 人员经费合计 and 公用经费合计 against their 类; codes twice."""
    amounts: dict[str, Amount] = {}
    broken = 0
    for cell in cells:
        if cell.code in amounts:
            broken += 1
        amounts[cell.code] = cell.amount
    sums: dict[str, tuple[Decimal, int]] = {}
    for code, value in amounts.items():
        if len(code) == 5:
            total, n = sums.get(code[:3], (Decimal(0), 0))
            sums[code[:3]] = (total + (value or Decimal(0)), n + 1)
    for code, value in amounts.items():
        if len(code) == 3 and code in sums:
            total, n = sums[code]
            broken += abs(total - (value or Decimal(0))) > tolerance(n)
    for key, personnel in (("personnel_total", True), ("public_total", False)):
        printed = totals.get(key)
        classes = [v or Decimal(0) for c, v in amounts.items() if len(c) == 3 and is_personnel(c) == personnel]
        if printed is not None and classes:
            broken += abs(sum(classes, Decimal(0)) - printed) > tolerance(len(classes))
    return broken
