"""Table 6 (一般公共预算财政拨款基本支出决算表) in plain text.

The table prints (economic code, name, amount) cells in two or three column
groups, so a text line holds several triplets:
``30101 基本工资 14.12 30201 办公费 3.78``.  Each amount follows its own name,
so a lost blank cannot shift it.  Rows are returned in printed order, column
group by column group (人员经费 first, then 公用经费), as the table reads.

A long name wraps round its line (机关事业单位基本 / ``30108 6.18 30206 电费
0.00`` / 养老保险缴费).  When the code cells themselves are split over lines
("301 01" / "302"), the text no longer says which amount is whose; the table
is then not read, and a Problem says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from juesuan.amounts import amount_or_none
from juesuan.model import TABLE_COLUMNS, Amount, Cell, Problem, Row, Table
from juesuan.read.text.table_lines import (
    PrintedRow,
    join_wrapped_names,
    name_fragment,
    numbers_only,
    tidy_name,
)

_CODE = re.compile(r"^3\d{2}(?:\d{2})?$")
_AMOUNT = re.compile(r"^-?\d[\d,]*\.\d+$")
_TOTALS = {
    "personnel_total": re.compile(r"人员经费(?:合计|小计)\s*(-?\d[\d,]*\.\d+)?"),
    "public_total": re.compile(r"公用经费(?:合计|小计)\s*(-?\d[\d,]*\.\d+)?"),
}
# Share of code lines that must read as whole triplets for the table to be trusted.
_READABLE_SHARE = 0.9


@dataclass
class Triplet:
    code: str
    name: str
    amount: Amount


def triplets(text: str) -> list[Triplet] | None:
    """The triplets of a line, or None when the line is not made of them alone."""
    tokens = text.split()
    out: list[Triplet] = []
    i = 0
    while i < len(tokens):
        if not _CODE.match(tokens[i]):
            return None
        code = tokens[i]
        i += 1
        name_tokens: list[str] = []
        while i < len(tokens) and not _CODE.match(tokens[i]) and not _AMOUNT.match(tokens[i]):
            if re.search(r"\d", tokens[i]):
                return None
            name_tokens.append(tokens[i])
            i += 1
        amount: Amount = None
        if i < len(tokens) and _AMOUNT.match(tokens[i]):
            amount = amount_or_none(tokens[i])
            i += 1
        if not name_tokens and amount is None:
            return None  # a code alone: its cell was split over lines
        out.append(Triplet(code, tidy_name(" ".join(name_tokens)), amount))
    return out or None


def read_basic_expenditure(lines: list[tuple[int, str]], multi_page: bool) -> tuple[Table | None, list[Problem]]:
    items = [(page, text.strip()) for page, text in lines if text.strip()]
    table = Table(key="basic_expenditure", columns=list(TABLE_COLUMNS["basic_expenditure"]))
    _read_totals(items, table)
    kinds: list[str] = []
    parsed: dict[int, list[Triplet]] = {}
    code_lines = bad = 0
    for index, (_page, text) in enumerate(items):
        found = triplets(text)
        if found is not None:
            parsed[index] = found
            kinds.append("row")
            code_lines += 1
        elif re.match(r"^3\d{2}", text):
            kinds.append("other")
            code_lines += 1
            bad += 1
        else:
            kinds.append("fragment" if name_fragment(text) else "other")
    if not parsed:
        return None, []
    if bad > code_lines * (1 - _READABLE_SHARE):
        return None, [Problem(
            f"基本支出决算表: {bad} of {code_lines} lines with economic codes do not read as code-name-amount "
            "cells (code cells split over lines); table not read",
            table="basic_expenditure")]

    # Wrapped names belong to a line's first cell.
    firsts = {i: PrintedRow(t[0].code, t[0].name, [], items[i][0]) for i, t in parsed.items()}
    join_wrapped_names(items, kinds, firsts)
    columns: list[list[tuple[Triplet, int]]] = []
    class_column: dict[str, int] = {}
    for index in sorted(parsed):
        cells = parsed[index]
        page = items[index][0]
        first = firsts[index]
        cells[0].name = first.prefix + cells[0].name + first.suffix
        for position, cell in enumerate(cells):
            if len(cells) > 1:
                column = position
            else:
                column = class_column.get(cell.code[:3], len(columns) - 1 if columns else 0)
            while len(columns) <= column:
                columns.append([])
            columns[column].append((cell, page))
            class_column.setdefault(cell.code[:3], column)
    problems: list[Problem] = []
    seen: set[str] = set()
    for column_cells in columns:
        for cell, page in column_cells:
            if cell.code in seen:
                continue
            seen.add(cell.code)
            if not cell.name:
                problems.append(Problem(f"基本支出决算表 {cell.code}: name not found", table="basic_expenditure"))
            table.rows.append(Row(cell.name, [cell.amount], cell.code, page if multi_page else None))
    return table, problems


def _read_totals(items: list[tuple[int, str]], table: Table) -> None:
    """人员经费合计 / 公用经费合计, beside their labels or on the line of numbers just above them."""
    for index, (_page, text) in enumerate(items):
        matches = {key: pattern.search(text) for key, pattern in _TOTALS.items()}
        if not any(matches.values()):
            continue
        above = numbers_only(items[index - 1][1]) if index > 0 else None
        labelled = [key for key, m in matches.items() if m]
        for position, key in enumerate(labelled):
            match = matches[key]
            assert match is not None
            if match.group(1):
                table.cells[key] = Cell(amount_or_none(match.group(1)))
            elif above is not None and len(above) == len(labelled):
                table.cells[key] = Cell(above[position])
        return
