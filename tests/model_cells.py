"""Every table value of a report model JSON (or an answer file) as one flat dict, to compare cell by cell.

Keys name a cell independently of how it was found: ``expenditure/2010601/total``,
``expenditure/合计/basic``, ``summary/income/财政拨款收入/0``, ``summary/grand_total.income/0``,
``three_public/actual/total``, ``basic_expenditure/personnel_total``.  Values are Decimal (a blank cell
is 0, as the corpus scoreboard counts it), or the marker ``EMPTY`` for a table declared empty.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

EMPTY = "empty"
_NUMBERING = re.compile(r"^([一二三四五六七八九十]+、|\d+[.、．])")


def _num(value: Any) -> Decimal | None:
    if value is None or value == "":
        return Decimal(0)
    try:
        return Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        return None


def squeeze(name: Any) -> str:
    """Line names compare without whitespace and leading numbering (一、 1. ...)."""
    return _NUMBERING.sub("", "".join(str(name or "").split()))


def cells(model: dict[str, Any]) -> dict[str, Decimal | str | None]:
    out: dict[str, Decimal | str | None] = {}
    for key, table in (model.get("tables") or {}).items():
        if not isinstance(table, dict):
            continue
        if table.get("empty"):
            out[f"{key}/{EMPTY}"] = EMPTY
            continue
        columns = table.get("columns") or []
        for row in table.get("rows") or []:
            name = row.get("code") or squeeze(row.get("name"))
            for column, value in zip(columns, row.get("values") or [], strict=False):
                out[f"{key}/{name}/{column}"] = _num(value)
        for column, value in zip(columns, table.get("total") or [], strict=False):
            out[f"{key}/合计/{column}"] = _num(value)
        for side in ("income", "expenditure"):
            for line in table.get(side) or []:
                for i, value in enumerate(line.get("values") or []):
                    out[f"{key}/{side}/{squeeze(line.get('name'))}/{i}"] = _num(value)
        for name, value in table.items():
            if name in ("columns", "rows", "total", "income", "expenditure", "title", "pages", "note", "empty") \
                    or name.endswith(("_boxes", "_locations")):
                continue
            if isinstance(value, list):
                for i, v in enumerate(value):
                    out[f"{key}/{name}/{i}"] = _num(v)
            elif isinstance(value, dict):
                for sub, v in value.items():
                    if isinstance(v, list):
                        for i, w in enumerate(v):
                            out[f"{key}/{name}.{sub}/{i}"] = _num(w)
                    else:
                        out[f"{key}/{name}/{sub}"] = _num(v)
            else:
                out[f"{key}/{name}"] = _num(value)
    return out


def compare(got: dict[str, Any], want: dict[str, Any]) -> tuple[int, list[str]]:
    """(cells in ``want``, keys whose value ``got`` misses or reads differently)."""
    mine, theirs = cells(got), cells(want)
    return len(theirs), [k for k, v in theirs.items() if mine.get(k) != v]
