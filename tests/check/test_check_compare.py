"""The rounding rule for sums and percentages (compare.py, interval.py)."""

from __future__ import annotations

from decimal import Decimal as D

from juesuan.check.compare import percent_verdict, same_verdict, sum_verdict
from juesuan.check.interval import Interval, decimals


def test_sum_within_n_half_cents_is_info() -> None:
    assert sum_verdict(D("2940.05"), [D("2106.66"), D("326.72"), D("60.99"), D("445.69")]) == ("info", D("2940.06"))
    assert sum_verdict(D("10.00"), [D("4.00"), D("6.00")])[0] is None
    assert sum_verdict(D("10.05"), [D("4.00"), D("6.00")])[0] == "error"


def test_same_number_printed_twice_must_match() -> None:
    assert same_verdict(D("326.71"), D("326.72")) == "error"
    assert same_verdict(D("6.2"), D("6.20")) is None
    assert same_verdict(D("0"), None) is None


def test_printed_percent_in_the_interval_is_right() -> None:
    ratio = Interval.printed(D("29.42")).divide(Interval.printed(D("307.82")))
    assert percent_verdict(D("9.56"), ratio) is None
    assert percent_verdict(D("9.55"), ratio) == "info"  # nudged so that the shares add up to 100.00
    assert percent_verdict(D("9.45"), ratio) == "error"


def test_percent_of_rounded_amounts_allows_their_rounding() -> None:
    # 0.01 / 0.03 is anything from 0.005/0.035 = 14.3% to 0.015/0.025 = 60%
    ratio = Interval.printed(D("0.01")).divide(Interval.printed(D("0.03")))
    assert percent_verdict(D("20.00"), ratio) is None
    assert percent_verdict(D("80.00"), ratio) == "error"


def test_integer_percent_allows_one_point() -> None:
    ratio = Interval.printed(D("1405.72")).divide(Interval.printed(D("1859.82")))  # 75.58%
    assert percent_verdict(D("76"), ratio) is None
    assert percent_verdict(D("75"), ratio) == "info"
    assert percent_verdict(D("73"), ratio) == "error"


def test_undefined_ratio_gives_no_verdict() -> None:
    assert Interval.printed(D("1.00")).divide(Interval.printed(D("0.00"))) is None
    assert percent_verdict(D("100.00"), None) is None


def test_decimals_as_printed() -> None:
    assert [decimals(D(x)) for x in ("6.20", "6.2", "76", "0")] == [2, 1, 0, 0]
