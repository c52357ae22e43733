"""One parent and its children: which placements of the children add up to the parent?

Each child has a few candidate vectors (its numbers placed in columns); the
parent fixes a target per column (or leaves a column free).  The question
is which candidates of each child take part in some choice whose column sums
hit the target, preferring choices that hit it exactly over those that only
hit it within rounding (a stray 0.01 fits anywhere within rounding, but it
was printed where it adds up).

Amounts are scaled to integers and the reachable partial sums are kept as
sets (forward from the first child, backward from the last), pruned by what
the remaining children can still add.  Where the sets grow beyond a bound the
answer is "every candidate may be used": more doubt, never a guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from juesuan.amounts import as_number
from juesuan.model import Amount

if TYPE_CHECKING:
    from juesuan.read.text.column_assignment import Budget

Vector = tuple[Amount, ...]
Sums = tuple[int, ...]

# Largest set of partial sums kept before giving up on a group.
MAX_PARTIAL_SUMS = 200_000


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 0


@lru_cache(maxsize=8192)
def _scaled(options: tuple[tuple[Vector, ...], ...]) -> tuple[int, tuple[tuple[Sums, ...], ...]]:
    """The children's candidates as integers (the same options are met for every candidate of their parent)."""
    places = 2
    for opts in options:
        for o in opts:
            for v in o:
                if v is not None:
                    places = max(places, _places(v))
    return places, _scaled_at(options, places)


@lru_cache(maxsize=8192)
def _scaled_at(options: tuple[tuple[Vector, ...], ...], places: int) -> tuple[tuple[Sums, ...], ...]:
    factor = 10**places
    return tuple(tuple(tuple(int(as_number(v) * factor) for v in o) for o in opts) for opts in options)


class GroupSums:
    """The children's candidates of one group against one target, in integer units."""

    def __init__(
        self, target: Sequence[Decimal | None], options: Sequence[Sequence[Vector]], budget: Budget | None = None
    ) -> None:
        self.budget = budget
        self.columns = [j for j, t in enumerate(target) if t is not None]
        frozen = tuple(tuple(opts) for opts in options)
        places, scaled = _scaled(frozen)
        for value in target:
            if value is not None:
                places = max(places, _places(value))
        if places != _scaled(frozen)[0]:  # the target has more decimals than the options: scale again
            scaled = _scaled_at(frozen, places)
        self.factor = 10**places
        self.n = len(options)
        # tolerance(n) = 0.005 x n, in units of 1/factor
        self.tol = (5 * max(1, self.n) * self.factor) // 1000
        self.target: Sums = tuple(self._int(target[j]) for j in self.columns)
        self.options: list[list[Sums]] = [
            [tuple(o[j] for j in self.columns) for o in opts] for opts in scaled
        ]
        # Where every amount is positive, a column the target leaves at 0 takes no child's amount:
        # drop those candidates at once (keeping their indexes).
        self.index: list[list[int]] = [list(range(len(opts))) for opts in self.options]
        if all(v >= 0 for opts in self.options for o in opts for v in o) and all(t >= 0 for t in self.target):
            for i, opts in enumerate(self.options):
                keep = [
                    k for k, o in enumerate(opts)
                    if all(v <= self.tol or t > 0 for v, t in zip(o, self.target, strict=True))
                ]
                self.options[i] = [opts[k] for k in keep]
                self.index[i] = keep
        width = len(self.columns)
        self.low = [[0] * width for _ in range(self.n + 1)]  # least the children from i on can add
        self.high = [[0] * width for _ in range(self.n + 1)]
        for i in range(self.n - 1, -1, -1):
            for j in range(width):
                column = [o[j] for o in self.options[i]] or [0]
                self.low[i][j] = self.low[i + 1][j] + min(column)
                self.high[i][j] = self.high[i + 1][j] + max(column)
        self.forward: list[set[Sums]] | None = None

    def _int(self, value: Amount) -> int:
        return int(as_number(value) * self.factor)

    def _forward(self) -> list[set[Sums]] | None:
        if self.forward is not None:
            return self.forward
        width = len(self.columns)
        sets: list[set[Sums]] = [{(0,) * width}]
        for i in range(self.n):
            nxt: set[Sums] = set()
            if self.budget is not None:
                self.budget.spend(len(sets[i]) * max(1, len(self.options[i])))
            for partial in sets[i]:
                for option in self.options[i]:
                    total = tuple(p + o for p, o in zip(partial, option, strict=True))
                    if self._reachable(total, i + 1, self.low, self.high):
                        nxt.add(total)
            if len(nxt) > MAX_PARTIAL_SUMS:
                return None
            sets.append(nxt)
        self.forward = sets
        return sets

    def _reachable(self, partial: Sums, i: int, low: list[list[int]], high: list[list[int]]) -> bool:
        for j, want in enumerate(self.target):
            rest = want - partial[j]
            if rest < low[i][j] - self.tol or rest > high[i][j] + self.tol:
                return False
        return True

    def _best_ends(self) -> set[Sums] | None:
        """The reachable full sums closest to the target (within rounding); None when too many to tell."""
        sets = self._forward()
        if sets is None:
            return None
        ends = [s for s in sets[self.n] if all(abs(t - v) <= self.tol for t, v in zip(self.target, s, strict=True))]
        if not ends:
            return set()
        best = min(self._off(s) for s in ends)
        return {s for s in ends if self._off(s) == best}

    def _off(self, sums: Sums) -> int:
        return sum(abs(t - v) for t, v in zip(self.target, sums, strict=True))

    def feasible(self) -> bool:
        found = self._search()
        if found is not None:
            return found
        ends = self._best_ends()
        return ends is None or bool(ends)

    def _search(self, budget: int = 20000) -> bool | None:
        """Is there any choice within rounding?  Depth-first; None when the budget of steps runs out."""
        width = len(self.columns)
        steps = 0

        def walk(i: int, partial: Sums) -> bool | None:
            nonlocal steps
            steps += 1
            if self.budget is not None:
                self.budget.spend()
            if steps > budget:
                return None
            if not self._reachable(partial, i, self.low, self.high):
                return False
            if i == self.n:
                return True
            unsure = False
            for option in self.options[i]:
                found = walk(i + 1, tuple(p + o for p, o in zip(partial, option, strict=True)))
                if found:
                    return True
                if found is None:
                    unsure = True
                    break
            return None if unsure else False

        return walk(0, (0,) * width)

    def usable(self) -> list[set[int]] | None:
        """Per child, the candidates used by some best choice; None when the group cannot be settled."""
        ends = self._best_ends()
        sets = self._forward()
        if ends is None or sets is None:
            return None
        width = len(self.columns)
        # backward[i]: sums of children i.. that complete some best choice from a reachable prefix
        backward: list[set[Sums]] = [set() for _ in range(self.n + 1)]
        backward[self.n] = {(0,) * width}
        used: list[set[int]] = [set() for _ in range(self.n)]
        for i in range(self.n - 1, -1, -1):
            if self.budget is not None:
                self.budget.spend(len(backward[i + 1]) * max(1, len(self.options[i])) * max(1, len(ends)))
            for index, option in enumerate(self.options[i]):
                for suffix in backward[i + 1]:
                    total = tuple(o + s for o, s in zip(option, suffix, strict=True))
                    if any(tuple(e - t for e, t in zip(end, total, strict=True)) in sets[i] for end in ends):
                        backward[i].add(total)
                        used[i].add(self.index[i][index])
            if len(backward[i]) > MAX_PARTIAL_SUMS:
                return None
        return used
