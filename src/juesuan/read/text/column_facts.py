"""Column totals a report states in words, used to place the numbers of its text tables.

The 情况说明 says e.g. "支出合计 1,405.72 万元。其中：基本支出 597.55 万元，…；
项目支出 808.17 万元": the 合计 row of the 支出决算表 has 597.55 under 基本支出
and 808.17 under 项目支出.  These come from the narrative facts when the
narrative reader found them, else from a few patterns read here.
"""

from __future__ import annotations

import re
from decimal import Decimal

from juesuan.amounts import amount_or_none
from juesuan.model import TABLE_COLUMNS, Narrative, Page, column_label
from juesuan.read.prose.running_text import RunningText

_NUMBER = r"(-?\d[\d,]*(?:\.\d+)?)"

# Column key -> the words the narrative uses for it, per table: the printed column headers.
_PART_NAMES: dict[str, dict[str, str]] = {
    table: {key: column_label(table, key) for key in TABLE_COLUMNS[table] if key != "total"}
    for table in ("income", "expenditure", "general_budget")
}

# Where the paragraph stating each table's totals starts.
_OPENING: dict[str, re.Pattern[str]] = {
    "income": re.compile(r"(?:本年)?收入合计\s*" + _NUMBER + r"\s*万元"),
    "expenditure": re.compile(r"(?:本年)?支出合计\s*" + _NUMBER + r"\s*万元"),
    "general_budget": re.compile(
        r"一般公共预算财政拨款支出(?:年初预算为?\s*[\d,.]+\s*万元[，,]\s*)?(?:支出)?决算(?:数)?为\s*"
        + _NUMBER
        + r"\s*万元"
    ),
}


def known_totals(table: str, pages: list[Page], narrative: Narrative | None = None) -> dict[str, Decimal]:
    """Column key -> the total the text states for it (only what it states)."""
    out: dict[str, Decimal] = {}
    if narrative is not None:
        out.update(_from_narrative(table, narrative))
    if table not in _OPENING:
        return out
    text = RunningText.spaced(pages).text
    match = _OPENING[table].search(text)
    if match is None:
        return out
    amount = amount_or_none(match.group(1))
    if amount is not None:
        out.setdefault("total", amount)
    paragraph = re.split(r"图\s*\d|[一二三四五六七八九十]+、", text[match.end() : match.end() + 400])[0]
    for key, words in _PART_NAMES[table].items():
        found = re.search(words + r"\s*" + _NUMBER + r"\s*万元", paragraph)
        if found is not None:
            value = amount_or_none(found.group(1))
            if value is not None:
                out.setdefault(key, value)
    return out


def _from_narrative(table: str, narrative: Narrative) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}

    def put(key: str, value: object) -> None:
        if isinstance(value, Decimal):
            out[key] = value

    if table == "income":
        put("total", narrative.get("income_total"))
        parts = narrative.get("income_parts")
        if isinstance(parts, dict):
            for key, words in _PART_NAMES["income"].items():
                entry = parts.get(words)
                if isinstance(entry, dict):
                    put(key, entry.get("amount"))
    elif table == "expenditure":
        put("total", narrative.get("expenditure_total"))
        put("basic", narrative.get("basic.amount"))
        put("project", narrative.get("project.amount"))
    elif table == "general_budget":
        put("total", narrative.get("general_budget.actual"))
    return out
