"""Which column does each printed number belong to, when the blank cells were lost?

Plain text of a table keeps a row's numbers in order but not their columns:
``2010301 行政运行 9.00 9.00`` could mean 9.00 in any of the part columns.
The arithmetic the table must satisfy decides it:

* each row: its identities (row total = sum of its parts, ...);
* each parent row (类, 款) = the sum of its children, column by column;
* the 合计 = the sum of the 类 rows, and it equals the totals the narrative
  states (基本支出 597.55 万元 ...).

This is a constraint problem over a tree.  Every line gets its candidate
placements (the k numbers in order into k of the columns); a bottom-up pass
keeps the placements its subtree can add up to, a top-down pass keeps those
that some placement of the whole table uses.  A line left with one placement
is settled; a line left with several is a real ambiguity: the columns where
the placements differ are reported, and left blank rather than guessed.

Where the printed figures themselves do not add up (a publisher's mistake),
the failing identity is dropped for that line or group, and a note says so.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.amounts import as_number, tolerance
from juesuan.model import Amount
from juesuan.read.text.column_sums import GroupSums

Vector = tuple[Amount, ...]



@dataclass(frozen=True)
class Identity:
    """sum(coef x value[column]) = 0 for every row (blank counts as 0)."""

    terms: tuple[tuple[int, int], ...]

    @classmethod
    def total(cls, total: int, parts: Sequence[int], minus: Sequence[int] = ()) -> Identity:
        """value[total] = sum(value[parts]) - sum(value[minus])."""
        return cls(((total, -1), *((p, 1) for p in parts), *((m, -1) for m in minus)))

    def holds(self, values: Vector) -> bool:
        printed = [c for c, _ in self.terms if values[c] is not None]
        if not printed:
            return True
        lhs = sum((coef * as_number(values[c]) for c, coef in self.terms), Decimal(0))
        return abs(lhs) <= tolerance(max(1, len(printed) - 1))


@dataclass(frozen=True)
class Layout:
    """A table's columns as the solver sees them."""

    width: int
    identities: tuple[Identity, ...] = ()
    first_is_total: bool = False  # a line with any number prints column 0 first


@dataclass
class Line:
    """One printed line: its numbers in order, and the line it adds up into."""

    key: str
    numbers: list[Amount]  # None: a blank printed as a placeholder ("-")
    parent: str | None = None
    # Numbers printed apart from the line (above it, in reading order): they
    # belong to it, but where they fall among its numbers is not known.
    extra: list[Amount] = field(default_factory=list)
    # More numbers printed apart, one list per text line: each keeps its own order,
    # the lists fall among the numbers (and one another) in any order.
    groups: list[list[Amount]] = field(default_factory=list)

    def sequences(self) -> list[list[Amount]]:
        """The line's numbers as ordered sequences whose interleaving is unknown."""
        return [s for s in (self.numbers, self.extra, *self.groups) if s]

    def count(self) -> int:
        return sum(len(s) for s in self.sequences())


@dataclass
class Placement:
    """What the solver decided for one line."""

    values: list[Amount]
    ambiguous: list[int] = field(default_factory=list)  # column indexes in doubt
    candidates: int = 1  # placements still possible
    options: list[list[Amount]] = field(default_factory=list)  # those placements, where there is doubt


@dataclass(frozen=True)
class Note:
    """A publisher inconsistency the solver worked around, on one line (by key)."""

    key: str
    message: str


@dataclass
class Solution:
    placements: dict[str, Placement]
    notes: list[Note] = field(default_factory=list)


class OutOfSteps(Exception):
    """The search used up its budget of steps."""


@dataclass
class Budget:
    """Steps the search may take before it gives up and keeps every candidate (doubt, never a guess)."""

    steps: int = 300_000
    used: int = 0

    def spend(self, n: int = 1) -> None:
        self.used += n
        if self.used > self.steps:
            raise OutOfSteps


def candidate_placements(
    numbers: Sequence[Amount], layout: Layout, extra: Sequence[Amount] = (),
    groups: Sequence[Sequence[Amount]] = (), budget: Budget | None = None,
) -> list[Vector]:
    """Every way to put the numbers, in order, into the columns (``extra`` and each of ``groups``
    anywhere among them, each in its own order)."""
    sequences = [list(s) for s in (numbers, extra, *groups) if s]
    if len(sequences) > 1:
        out: dict[Vector, None] = {}
        for merged in _shuffles(sequences):
            if budget is not None:
                budget.spend()
            for vector in candidate_placements(merged, layout, budget=budget):
                out.setdefault(vector, None)
        return list(out)
    numbers = sequences[0] if sequences else []
    k, width = len(numbers), layout.width
    if k == 0:
        return [(None,) * width]
    if k > width:
        return []
    result: list[Vector] = []
    for combo in itertools.combinations(range(width), k):
        if layout.first_is_total and combo[0] != 0:
            continue
        if budget is not None:
            budget.spend()
        values: list[Amount] = [None] * width
        for column, number in zip(combo, numbers, strict=True):
            values[column] = number
        result.append(tuple(values))
    return result


def _shuffles(sequences: list[list[Amount]]) -> Iterator[list[Amount]]:
    """Every merge of the sequences that keeps each one's own order."""
    live = [s for s in sequences if s]
    if len(live) <= 1:
        yield list(live[0]) if live else []
        return
    seen: set[int] = set()
    for i, seq in enumerate(live):
        if id(seq) in seen:
            continue
        seen.add(id(seq))
        rest = [*live[:i], seq[1:], *live[i + 1 :]]
        for tail in _shuffles(rest):
            yield [seq[0], *tail]


def _numeric(vector: Vector) -> tuple[Decimal, ...]:
    return tuple(as_number(v) for v in vector)


def solve(
    lines: Sequence[Line],
    layout: Layout,
    root: str | None = None,
    known: dict[int, Decimal] | None = None,
    hints: dict[str, dict[int, Decimal]] | None = None,
    budget: Budget | None = None,
) -> Solution:
    """Place every line's numbers.

    ``root`` is the key of the 合计 line (its children are the 类 lines); when
    it has no printed numbers it constrains only the ``known`` columns.
    ``known`` are column totals stated elsewhere (the narrative).  ``hints``
    are values other tables give for some lines' columns (line key -> column ->
    value): used where the line's numbers can agree with them, else ignored.
    ``budget`` bounds the search: when it runs out, every line keeps all the
    placements its own arithmetic allows (more doubt, never a guess).
    """
    budget = budget or Budget()
    try:
        return _solve(lines, layout, root, dict(known or {}), hints or {}, budget)
    except OutOfSteps:
        return _unsolved(lines, layout)


def _line_candidates(line: Line, layout: Layout, budget: Budget | None) -> tuple[list[Vector], bool]:
    """The line's placements that satisfy the row identities (all of them when none does), and whether any did."""
    seqs = line.sequences()
    all_placements = candidate_placements(seqs[0] if seqs else [], layout, groups=seqs[1:], budget=budget)
    good = [v for v in all_placements if all(i.holds(v) for i in layout.identities)]
    if not good and all_placements:
        return all_placements, False
    return good, True


def _unsolved(lines: Sequence[Line], layout: Layout) -> Solution:
    """Out of steps: each line on its own arithmetic, a note saying the table's sums were not used."""
    placements: dict[str, Placement] = {}
    notes: list[Note] = []
    for line in lines:
        try:
            options, _ = _line_candidates(line, layout, Budget(20_000))
        except OutOfSteps:
            options = []
        placements[line.key] = _settle(options, layout.width)
    if lines:
        notes.append(Note(lines[0].key, "too many ways to place the numbers; the table's sums were not used"))
    return Solution(placements, notes)


def _solve(
    lines: Sequence[Line],
    layout: Layout,
    root: str | None,
    known: dict[int, Decimal],
    hints: dict[str, dict[int, Decimal]],
    budget: Budget,
) -> Solution:
    notes: list[Note] = []
    by_key = {line.key: line for line in lines}
    children: dict[str, list[str]] = {line.key: [] for line in lines}
    for line in lines:
        if line.parent is not None and line.parent in by_key:
            children[line.parent].append(line.key)

    cands: dict[str, list[Vector]] = {}
    for line in lines:
        good, adds_up = _line_candidates(line, layout, budget)
        if not adds_up:
            notes.append(Note(line.key, "the printed figures do not add up across the row"))
        hint = hints.get(line.key)
        if hint:
            agreeing = [v for v in good if _agrees(v, hint)]
            good = agreeing or good
        cands[line.key] = good

    free_root = root is not None and root in by_key and not by_key[root].count()
    if root is not None and root in by_key and not free_root and known:
        fitting = [v for v in cands[root] if _agrees(v, known)]
        if fitting:
            cands[root] = fitting
        else:
            notes.append(Note(root, "the totals stated in the text do not fit the printed figures; not used"))

    cut: set[str] = set()  # parents whose children do not add up to them
    feasible: dict[str, list[Vector]] = {}

    def target_of(key: str, vector: Vector) -> list[Decimal | None]:
        if key == root and free_root:
            return [known.get(j) for j in range(layout.width)]
        return list(_numeric(vector))

    order = _post_order(lines, children)
    for key in order:
        kids = children[key]
        if not kids:
            feasible[key] = cands[key]
            continue
        options = [feasible[k] for k in kids]
        ok = [v for v in cands[key] if GroupSums(target_of(key, v), options, budget).feasible()]
        if not ok and key == root and free_root and known:
            notes.append(Note(key, "the totals stated in the text do not fit the rows; not used"))
            known.clear()
            ok = [v for v in cands[key] if GroupSums(target_of(key, v), options, budget).feasible()]
        if not ok:
            notes.append(Note(key, "the lines under it do not add up to it; placed without that sum"))
            cut.add(key)
            ok = cands[key]
        feasible[key] = ok

    possible: dict[str, list[Vector]] = {}
    for key in reversed(order):
        if key not in possible:
            possible[key] = feasible[key]
        kids = children[key]
        if not kids:
            continue
        if key in cut:
            for k in kids:
                possible[k] = feasible[k]
            continue
        options = [feasible[k] for k in kids]
        used: list[set[int]] = [set() for _ in kids]
        overflow = False
        for vector in possible[key]:
            found = GroupSums(target_of(key, vector), options, budget).usable()
            if found is None:
                overflow = True
                break
            for slot, indexes in enumerate(found):
                used[slot] |= indexes
        for slot, k in enumerate(kids):
            possible[k] = feasible[k] if overflow else [options[slot][i] for i in sorted(used[slot])]

    placements: dict[str, Placement] = {}
    for line in lines:
        placements[line.key] = _settle(possible.get(line.key) or [], layout.width)
    return Solution(placements, notes)


def _agrees(vector: Vector, known: dict[int, Decimal]) -> bool:
    return all(abs(as_number(vector[j]) - value) <= tolerance(1) for j, value in known.items())


def _post_order(lines: Sequence[Line], children: dict[str, list[str]]) -> list[str]:
    keys = {line.key for line in lines}
    out: list[str] = []
    seen: set[str] = set()

    def visit(key: str) -> None:
        if key in seen:
            return
        seen.add(key)
        for kid in children[key]:
            visit(kid)
        out.append(key)

    for line in lines:
        if line.parent is None or line.parent not in keys:
            visit(line.key)
    for line in lines:  # anything left (a cycle would be a caller's bug)
        visit(line.key)
    return out


def _settle(options: list[Vector], width: int) -> Placement:
    if not options:
        return Placement([None] * width, list(range(width)), 0)
    first = options[0]
    values: list[Amount] = []
    doubt: list[int] = []
    for j in range(width):
        seen = {_same_key(o[j]) for o in options}
        if len(seen) == 1:
            values.append(first[j])
        else:
            values.append(None)
            doubt.append(j)
    distinct = list(dict.fromkeys(tuple(o) for o in options))
    return Placement(values, doubt, len(distinct), [list(o) for o in distinct] if doubt else [])


def _same_key(value: Amount) -> str | None:
    return None if value is None else str(value)
