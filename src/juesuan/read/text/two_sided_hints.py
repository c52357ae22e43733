"""Tables 1 and 4 when their numbers cannot be told apart by where they are printed.

An extractor that writes a table column by column prints the two-sided tables'
items, then their numbers, in an order of its own: which item a number belongs
to is not written.  Most of them are printed in the other tables, though: each
类's 支出 is its 合计 in the 支出决算表 (table 1) or in the 一般公共预算财政拨款
支出决算表 (table 4, its 一般公共预算 column); the income items are the 合计 row
of the 收入决算表; 本年收入合计 and 本年支出合计 are the 合计 of those tables.
Each printed number that such a figure names (within rounding: the same line
may be printed 326.71 in one table and 326.72 in another) goes to its item; the
items those sums leave without a number are blank when the named numbers
already add up to the table's totals.  What remains — the balances and the
总计 — is placed by the table's sums (总计 = 本年收入合计 + 使用非财政拨款结余 +
年初结转和结余 = 本年支出合计 + 结余分配 + 年末结转和结余) where they allow only
one placement; otherwise it is left in doubt, never guessed.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.amounts import tolerance
from juesuan.model import Amount

# "income:<name>" | "expenditure:<name>" | "total:<key>" -> value (first column); "at_least:total:<key>" and
# "at_most:total:<key>" -> bounds another table sets (年初结转和结余 holds at least the 年初财政拨款结转和结余)
Hints = dict[str, Decimal]

_CLOSE = Decimal("0.01")
# The totals placed by the sums: name -> (side of the 总计 it adds to)
_BALANCES = ("use_of_balance", "opening_balance", "distribution", "closing_balance",
             "grand_total.income", "grand_total.expenditure")


@dataclass
class HintedReading:
    values: dict[str, list[Amount]] = field(default_factory=dict)  # item key -> its numbers
    doubt: dict[str, list[Amount]] = field(default_factory=dict)  # item key -> the numbers it may hold
    leftover: list[Amount] = field(default_factory=list)
    complete: bool = False  # every line's number is known (the lines not named are blank)


def place_by_hints(keys: list[str], pool: list[Amount], hints: Hints, wide: set[str]) -> HintedReading:
    """Give each item (by key, in printed order) the printed number its hint names; ``wide`` items (the
    four-column expenditure side of table 4) take the number twice where the other funds are empty."""
    left: list[Amount] = [p for p in pool if p is not None]
    out = HintedReading()
    for key in keys:
        want = hints.get(key)
        if want is None:
            continue
        found = _take(left, want)
        if found is None:
            continue
        if key in wide:
            second = _take(left, found)
            out.values[key] = [found, second] if second is not None else [None, found]
        else:
            out.values[key] = [found]
    lines = {side: [k for k in keys if k.startswith(side + ":")] for side in ("income", "expenditure")}
    named = {side: sum((out.values[k][-1] or Decimal(0) for k in lines[side] if k in out.values), Decimal(0))
             for side in lines}
    totals = {"income": out.values.get("total:income_total"), "expenditure": out.values.get("total:expenditure_total")}
    out.complete = all(
        totals[side] is not None
        and abs(named[side] - ((totals[side] or [None])[-1] or Decimal(0))) <= tolerance(len(lines[side]))
        for side in ("income", "expenditure")
    )
    bounds = {key: value for key, value in hints.items() if key.startswith(("at_least:", "at_most:"))}
    _balances(keys, left, out, wide, bounds)
    out.leftover = left
    return out


def _take(pool: list[Amount], want: Decimal | Amount) -> Decimal | None:
    """Remove and return the pool's number closest to ``want`` within a cent, or None."""
    if want is None:
        return None
    best: int | None = None
    for k, value in enumerate(pool):
        if value is None or abs(value - want) > _CLOSE:
            continue
        if best is None or abs(value - want) < abs((pool[best] or Decimal(0)) - want):
            best = k
    return pool.pop(best) if best is not None else None


def _balances(keys: list[str], pool: list[Amount], out: HintedReading, wide: set[str], bounds: Hints) -> None:
    """The balances and the 总计 from the numbers left, where the table's sums (and the bounds the other
    tables set, unless no placement keeps them) allow one placement."""
    slots = [f"total:{name}" for name in _BALANCES if f"total:{name}" in keys and f"total:{name}" not in out.values]
    if not slots or not pool:
        return
    income_total = (out.values.get("total:income_total") or [None])[-1]
    spent_total = (out.values.get("total:expenditure_total") or [None])[-1]
    if income_total is None or spent_total is None:
        return
    fits: list[dict[str, Decimal]] = []
    numbers = [p for p in pool if p is not None]
    if len(numbers) > 8:
        return
    for size in range(0, min(len(slots), len(numbers)) + 1):
        for chosen_slots in itertools.combinations(slots, size):
            for chosen in itertools.permutations(range(len(numbers)), size):
                option = {slot: numbers[k] for slot, k in zip(chosen_slots, chosen, strict=True)}
                if _holds({**{k: v[-1] for k, v in out.values.items() if v and v[-1] is not None}, **option},
                          income_total, spent_total):
                    fits.append(option)
        if len(fits) > 64:
            break
    known = {k: v[-1] for k, v in out.values.items() if v and v[-1] is not None}
    fits = [f for f in fits if _within({**known, **f}, bounds)] or fits
    # the placements that use the most numbers, as one value set per slot
    if not fits:
        return
    most = max(len(f) for f in fits)
    fits = [f for f in fits if len(f) == most]
    for slot in slots:
        seen = {f.get(slot) for f in fits}
        if len(seen) == 1:
            value = seen.pop()
            if value is not None:
                out.values[slot] = [value, value] if slot in wide else [value]
                pool.remove(value)
        else:
            out.doubt[slot] = sorted((v for v in seen if v is not None), key=str)


def _within(option: dict[str, Decimal], bounds: Hints) -> bool:
    """Does a placement keep the bounds (a slot left blank counts 0)?"""
    for key, bound in bounds.items():
        kind, slot = key.split(":", 1)
        value = option.get(slot, Decimal(0))
        if (kind == "at_least" and value < bound - _CLOSE) or (kind == "at_most" and value > bound + _CLOSE):
            return False
    return True


def _holds(option: dict[str, Decimal], income_total: Decimal, spent_total: Decimal) -> bool:
    def get(name: str) -> Decimal:
        return option.get(f"total:{name}", Decimal(0))

    grand_in = option.get("total:grand_total.income")
    grand_out = option.get("total:grand_total.expenditure")
    if grand_in is None or grand_out is None or abs(grand_in - grand_out) > tolerance(1):
        return False
    return (abs(income_total + get("use_of_balance") + get("opening_balance") - grand_in) <= tolerance(2)
            and abs(spent_total + get("distribution") + get("closing_balance") - grand_out) <= tolerance(2))
