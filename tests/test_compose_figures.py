"""The composer's arithmetic: shares that add up to 100.00, direction words, completion words."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from juesuan.compose.figures import change, compare_word, percent, shares

D = Decimal


@pytest.mark.parametrize(
    "parts",
    [
        [D("1"), D("1"), D("1")],
        [D("597.55"), D("808.17")],
        [D("1157.27"), D("38.08"), D("49.25"), D("3.34"), D("157.78")],
        [D("0.01"), D("0.01"), D("0.01"), D("99999.97")],
        [D("5"), D("0"), D("0")],
    ],
)
def test_shares_add_up_to_exactly_100(parts: list[Decimal]) -> None:
    result = shares(parts)
    assert sum(result) == D("100.00")
    assert all(r == r.quantize(D("0.01")) for r in result)


def test_shares_random_structures_add_up_to_100() -> None:
    rng = random.Random(7)
    for _ in range(500):
        parts = [D(rng.randint(0, 10**7)) / 100 for _ in range(rng.randint(1, 12))]
        if sum(parts) == 0:
            continue
        result = shares(parts)
        assert sum(result) == D("100.00"), parts
        # each share within one cent of its exact value
        total = sum(parts)
        for p, s in zip(parts, result, strict=True):
            assert abs(p * 100 / total - s) < D("0.01")


def test_shares_largest_remainder_gives_the_extra_cent_to_the_largest_remainder() -> None:
    assert shares([D("1"), D("1"), D("1")]) == [D("33.34"), D("33.33"), D("33.33")]
    assert shares([D("2"), D("1")]) == [D("66.67"), D("33.33")]


def test_shares_of_nothing_are_zero() -> None:
    assert shares([D("0"), None]) == [D("0.00"), D("0.00")]


def test_change_words() -> None:
    down = change(D("1405.72"), D("1542.46"))
    assert (down.direction, down.rate_word, down.amount, down.pct) == ("减少", "下降", D("-136.74"), D("-8.87"))
    assert down.sentence("收入支出总计") == "收入支出总计减少 136.74 万元，下降 8.87%"
    up = change(D("33.23"), D("26.45"))
    assert (up.direction, up.rate_word, up.pct) == ("增加", "增长", D("25.63"))
    assert up.sentence("机关运行经费") == "机关运行经费增加 6.78 万元，增长 25.63%"
    flat = change(D("10.00"), D("10"))
    assert flat.direction == "持平" and flat.sentence("收入支出总计") == "收入支出总计持平"
    new = change(D("5"), D("0"))
    assert new.pct is None and new.sentence("支出") == "支出增加 5.00 万元"


def test_completion_words() -> None:
    assert compare_word(D("1405.72"), D("1867.57")) == "小于"
    assert compare_word(D("38.08"), D("33.96")) == "大于"
    assert compare_word(D("4.00"), D("4")) == "等于"
    assert percent(D("1405.72"), D("1867.57")) == D("75.27")
    assert percent(D("3.34"), D("5.00")) == D("66.80")
    assert percent(D("1"), D("0")) is None
