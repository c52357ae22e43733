"""Verdicts on printed numbers, all from the one rounding rule of ``juesuan.amounts``.

A verdict is ``None`` (consistent), ``"info"`` (a 取整差异 the rounding of the
printed numbers explains) or ``"error"``.

- Sums: n printed parts may differ from their printed total by n x 0.005
  (blank cells are not printed amounts and do not count; a printed 0.00 does).
- The same quantity printed twice (table vs table, text vs table): one
  printed value against another, tolerance(1) = 0.005, so 0.01 is an error;
  a text figure printed with fewer decimals (6.2) matches a table's 6.20.
- Percentages: see ``percent_verdict``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from juesuan.amounts import as_number, tolerance, total_of
from juesuan.check.finding import Severity
from juesuan.check.interval import Interval, decimals
from juesuan.model import Amount

Verdict = Severity | None

CENT = Decimal("0.01")


def fmt(value: Decimal | None) -> str:
    """An amount for a message: 2,940.05 style without separators, blank as 空."""
    if value is None:
        return "空"
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP)) if decimals(value) <= 2 else str(value)


def fmt_pct(value: Decimal, like: Decimal | None = None) -> str:
    places = decimals(like) if like is not None else 2
    return f"{value.quantize(Decimal(10) ** -places, rounding=ROUND_HALF_UP)}%"


def dec(value: Any) -> Decimal | None:
    """A narrative or performance leaf as a Decimal (ints too), anything else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return None


def sum_verdict(total: Amount, parts: Iterable[Amount]) -> tuple[Verdict, Decimal]:
    """Does a printed total equal its printed parts? Returns the verdict and the parts' sum."""
    items = list(parts)
    expected = total_of(items)
    diff = abs(as_number(total) - expected)
    if diff == 0:
        return None, expected
    printed = [p for p in items if p is not None]  # a blank cell is no amount, so no rounding
    return ("info" if diff <= tolerance(len(printed)) else "error"), expected


def same_verdict(printed: Amount, other: Amount) -> Verdict:
    """The same quantity printed twice (blank counts as 0)."""
    a, b = as_number(printed), as_number(other)
    if a == b:
        return None
    places = decimals(a)
    if places < 2 and b.quantize(Decimal(10) ** -places, rounding=ROUND_HALF_UP) == a:
        return None  # the text prints fewer decimals: 6.2 for 6.20
    return "info" if abs(a - b) <= tolerance(1) else "error"


def percent_verdict(printed: Decimal, ratio: Interval | None) -> Verdict:
    """Is a printed percentage right for a ratio known only as an interval?

    ``ratio`` is the interval of exact ratios (not x100) the printed amounts allow.
    The printed percentage p, with k decimals, stands for [p - u/2, p + u/2]
    (u = 10^-k). Consistent if that overlaps 100 x ratio; within one unit u of
    it is info (取整差异: e.g. shares nudged to add up to 100%, or truncated);
    further is an error.  An undefined ratio (divisor may be 0) gives no verdict.
    """
    if ratio is None:
        return None
    unit = Decimal(10) ** -decimals(printed)
    shown = Interval(printed - unit / 2, printed + unit / 2)
    gap = shown.gap(ratio.scale(Decimal(100)))
    if gap == 0:
        return None
    return "info" if gap <= unit else "error"


def expected_pct(ratio: Interval, like: Decimal) -> str:
    return fmt_pct(ratio.mid * 100, like)


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    found = [v for v in verdicts if v is not None]
    if "error" in found:
        return "error"
    if "warning" in found:
        return "warning"
    return "info" if found else None
