"""Intervals of exact values behind printed, rounded numbers.

A number printed with d decimals stands for any exact value within half a
unit of its last place (an amount printed to 0.01 stands for +- 0.005, the
half cent of ``juesuan.amounts``).  Ratios computed from printed numbers are
therefore intervals, and a printed percentage is judged against the interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from juesuan.amounts import HALF_CENT


def decimals(value: Decimal) -> int:
    """How many decimals a number was printed with (Decimal keeps them: 6.20 -> 2, 6.2 -> 1, 76 -> 0)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def half_unit(value: Decimal) -> Decimal:
    """Half a unit of the last printed place, never less than the half cent of a printed amount."""
    return max(HALF_CENT, Decimal(5) * Decimal(10) ** -(decimals(value) + 1))


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    @classmethod
    def exact(cls, value: Decimal) -> Interval:
        return cls(value, value)

    @classmethod
    def printed(cls, value: Decimal) -> Interval:
        """The exact values a printed amount may stand for."""
        h = half_unit(value)
        return cls(value - h, value + h)

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def scale(self, factor: Decimal) -> Interval:
        a, b = self.lo * factor, self.hi * factor
        return Interval(min(a, b), max(a, b))

    def divide(self, other: Interval) -> Interval | None:
        """self / other, or None where the divisor may be zero (the ratio is undefined)."""
        if other.lo <= 0 <= other.hi:
            return None
        quotients = [a / b for a in (self.lo, self.hi) for b in (other.lo, other.hi)]
        return Interval(min(quotients), max(quotients))

    def contains(self, value: Decimal) -> bool:
        return self.lo <= value <= self.hi

    def gap(self, other: Interval) -> Decimal:
        """Distance between two intervals (0 where they overlap)."""
        return max(Decimal(0), other.lo - self.hi, self.lo - other.hi)

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2
