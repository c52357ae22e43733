"""Printed amounts and the rounding tolerance, in one place.

Each printed amount is rounded to 0.01, so a sum of n printed parts may differ
from its printed total by up to n x 0.005 (half a cent per part); beyond that
the difference is an error, not rounding.  Every comparison in the project uses
``tolerance`` and ``within_rounding`` from here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from juesuan.model import Amount

HALF_CENT = Decimal("0.005")

_AMOUNT = re.compile(r"^[-－]?\d{1,3}(,\d{3})+(\.\d+)?$|^[-－]?\d+(\.\d+)?$")


def parse_amount(text: str | None) -> Amount:
    """A printed amount as Decimal ("1,157.27" -> 1157.27); blank -> None; not an amount -> ValueError."""
    if text is None:
        return None
    s = "".join(text.split()).replace("－", "-").replace("，", ",")
    if s in ("", "-", "—", "--", "－"):
        return None
    if not _AMOUNT.match(s):
        raise ValueError(f"not an amount: {text!r}")
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise ValueError(f"not an amount: {text!r}") from exc


def amount_or_none(text: str) -> Amount:
    """A printed amount, or None when the text is blank or not an amount (lenient readers)."""
    try:
        return parse_amount(text)
    except ValueError:
        return None


def is_amount(text: str) -> bool:
    try:
        return parse_amount(text) is not None
    except ValueError:
        return False


def as_number(value: Amount) -> Decimal:
    """A blank cell counts as zero in arithmetic."""
    return value if value is not None else Decimal(0)


def total_of(values: Iterable[Amount]) -> Decimal:
    return sum((as_number(v) for v in values), Decimal(0))


def tolerance(n_parts: int) -> Decimal:
    """Largest difference that the rounding of n printed parts explains."""
    return HALF_CENT * max(1, n_parts)


def within_rounding(total: Amount, parts: Iterable[Amount]) -> bool:
    items = list(parts)
    return abs(as_number(total) - total_of(items)) <= tolerance(len(items))
