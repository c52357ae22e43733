"""The arithmetic every composed sentence uses: amounts to two decimals, shares, changes, comparisons.

All in Decimal.  Shares are rounded by the largest-remainder method so that
the printed parts add up to exactly 100.00%; changes and completion rates
carry their direction word (增加/减少/持平, 大于/小于/等于).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from juesuan.model import Amount

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def money(value: Amount) -> Decimal:
    """An amount rounded to the cent (blank counts as zero)."""
    return (value if value is not None else Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(value: Amount, blank: str = "") -> str:
    """As printed in a table: two decimals, no thousands separators; a blank cell stays blank."""
    if value is None:
        return blank
    return str(money(value))


def fmt0(value: Amount) -> str:
    """As printed in a sentence: a blank counts as 0.00."""
    return str(money(value))


def percent(part: Amount, whole: Amount) -> Decimal | None:
    """part / whole x 100, to two decimals; None when the whole is zero or blank."""
    if whole is None or whole == 0:
        return None
    return (money(part) * HUNDRED / money(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


def shares(parts: Sequence[Amount]) -> list[Decimal]:
    """Each part's share of their sum, to two decimals, adding up to exactly 100.00 (largest remainder).

    All zero parts give all zero shares.  Negative parts are not expected in a
    structure; they are treated as zero.
    """
    values = [max(money(p), Decimal(0)) for p in parts]
    total = sum(values, Decimal(0))
    if total == 0:
        return [Decimal("0.00") for _ in values]
    raw = [v * HUNDRED / total for v in values]
    floors = [r.quantize(CENT, rounding=ROUND_DOWN) for r in raw]
    missing = int(((HUNDRED - sum(floors, Decimal(0))) / CENT).to_integral_value())
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += CENT
    return [f.quantize(CENT) for f in floors]


@dataclass(frozen=True)
class Change:
    """current - previous, and the rate of change over previous."""

    current: Decimal
    previous: Decimal
    amount: Decimal  # signed
    pct: Decimal | None  # signed; None when previous is zero

    @property
    def direction(self) -> str:
        """增加 / 减少 / 持平."""
        if self.amount > 0:
            return "增加"
        if self.amount < 0:
            return "减少"
        return "持平"

    @property
    def rate_word(self) -> str:
        """增长 / 下降 (the word before the percentage)."""
        return "增长" if self.amount > 0 else "下降"

    def sentence(self, subject: str) -> str:
        """'收入支出总计减少 136.74 万元，下降 8.87%' or '收入支出总计持平'."""
        if self.amount == 0:
            return f"{subject}持平"
        text = f"{subject}{self.direction} {fmt0(abs(self.amount))} 万元"
        if self.pct is not None:
            text += f"，{self.rate_word} {abs(self.pct)}%"
        return text


def change(current: Amount, previous: Amount) -> Change:
    cur, prev = money(current), money(previous)
    delta = cur - prev
    pct = None if prev == 0 else (delta * HUNDRED / prev).quantize(CENT, rounding=ROUND_HALF_UP)
    return Change(cur, prev, delta, pct)


def compare_word(actual: Amount, budget: Amount) -> str:
    """决算数 大于 / 小于 / 等于 预算数."""
    a, b = money(actual), money(budget)
    if a > b:
        return "大于"
    if a < b:
        return "小于"
    return "等于"
