"""Table 6 written column by column (pdftotext's default mode and the like).

The extractor writes runs of the table's columns: the codes of a block, its
names, its amounts, the next block's codes, … and sometimes a printed row
across the blocks.  The codes in the text's order are the rows (block by block,
as the table reads); the name lines are cut into one name per code (the
national classification's name where the lines spell it).  A blank cell prints
nothing, so which code an amount belongs to is not written: each 类's column of
amounts keeps its order (the 类, then its 款 in code order, blanks skipped), and
the 类 add up (each 类 = its 款; 人员经费合计 = the 人员经费 类, 公用经费合计 = the
others).  A bounded search gives every amount, in the text's order, to the next
cell of one 类's column such that all the sums hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from juesuan.model import Amount
from juesuan.read.text.column_stream import Token, cut_names, tokens_of
from juesuan.standard import is_personnel

_ECONOMIC = re.compile(r"^3\d{2}(?:\d{2})?$")
_TOTAL_LABELS = {"人员经费合计": "personnel_total", "公用经费合计": "public_total"}
MAX_STEPS = 30_000


@dataclass
class ColumnsReading:
    cells: list[tuple[str, str, Amount, int]]  # code, name, amount, page
    totals: dict[str, Amount]
    unplaced: list[Amount] | None = None  # the amounts, where the sums could not place them


def read_basic_columns(lines: list[tuple[int, str]], names: dict[str, str]) -> ColumnsReading | None:
    """The cells, or None when the codes are not whole 类/款 codes in order or the amounts do not fit."""
    tokens = [t for t in tokens_of(lines) if not (t.kind == "other" and t.text in ("经济分类",))]
    for token in tokens:  # "人员经费合计" reads as a name line
        if token.kind == "name" and token.text in _TOTAL_LABELS:
            token.kind = "label"
    codes = [t for t in tokens if t.kind == "code" and _ECONOMIC.match(t.text)]
    if len(codes) < 2 or len({t.text for t in codes}) != len(codes):
        return None
    code_list = [t.text for t in codes]
    name_lines = [t.text for t in tokens if t.kind == "name"]
    cut = _match_names(name_lines, code_list, names)
    amounts = [t for t in tokens if t.kind == "amount"]
    # the code printed last before each amount (in a text written row by row, the amount's own)
    last_code: list[str | None] = []
    seen: str | None = None
    for token in tokens:
        if token.kind == "code" and _ECONOMIC.match(token.text):
            seen = token.text
        elif token.kind == "amount":
            last_code.append(seen)
    placed = _place(code_list, amounts, any(t.kind == "label" for t in tokens), last_code)
    page = tokens[0].page if tokens else 0
    by_code, totals = placed if placed is not None else ({}, {})
    cells: list[tuple[str, str, Amount, int]] = [
        (code, cut[k] if k < len(cut) else "", by_code.get(code), page) for k, code in enumerate(code_list)]
    if placed is None:  # the rows, their amounts not placed
        return ColumnsReading(cells, {}, [a.value for a in amounts])
    return ColumnsReading(cells, totals)


def _match_names(lines: list[str], codes: list[str], names: dict[str, str]) -> list[str]:
    """One name per code: the classification's name wherever the lines print it (alone, or wrapped over
    two or three lines; an extractor may write a block's names away from its codes), the other codes
    from the lines left, in order."""
    left = list(lines)
    found: dict[int, str] = {}
    for k, code in enumerate(codes):
        want = "".join(names.get(code, "").split())
        if not want:
            continue
        for size in (1, 2, 3):
            at = next((i for i in range(len(left) - size + 1) if "".join(left[i : i + size]) == want), None)
            if at is not None:
                found[k] = want
                del left[at : at + size]
                break
    rest = [c for k, c in enumerate(codes) if k not in found]
    others = iter(cut_names(left, rest, names) if rest else [])
    return [found[k] if k in found else next(others, "") for k in range(len(codes))]


def _place(
    codes: list[str], amounts: list[Token], with_totals: bool, last_code: list[str | None],
) -> tuple[dict[str, Amount], dict[str, Amount]] | None:
    """Each amount to a code (or to 人员经费合计 / 公用经费合计): every 类's column in order, the sums holding."""
    classes = list(dict.fromkeys(code[:3] for code in codes))
    column = {c: [code for code in codes if code[:3] == c] for c in classes}
    for c in classes:  # the 类 row first (its amount heads the column)
        column[c].sort(key=lambda code: (len(code) != 3, code))
    streams = [*classes, *(("personnel_total", "public_total") if with_totals else ())]
    cents = [int((a.value or Decimal(0)) * 100) for a in amounts]
    pointer = dict.fromkeys(streams, 0)
    head: dict[str, int] = {}  # 类 -> its amount
    items: dict[str, int] = dict.fromkeys(classes, 0)
    count: dict[str, int] = dict.fromkeys(classes, 0)
    given: dict[int, tuple[str, int]] = {}  # amount index -> (stream, position)
    steps = [0]
    slack = [0]

    def fits(c: str) -> bool:
        if c not in head:
            return True
        tol = (count[c] * slack[0] + 1) // 2
        return items[c] <= head[c] + tol

    def closed_ok() -> bool:
        for c in classes:
            if c in head and count[c] and abs(items[c] - head[c]) > (count[c] * slack[0] + 1) // 2:
                return False
        if with_totals:
            for key, personnel in (("personnel_total", True), ("public_total", False)):
                stated = [k for k, (s, _) in given.items() if s == key]
                parts = [head.get(c, 0) for c in classes if is_personnel(c) == personnel]
                if stated and abs(cents[stated[0]] - sum(parts)) > (len(parts) * slack[0] + 1) // 2:
                    return False
        return True

    failed: set[tuple[object, ...]] = set()

    def walk(i: int, last: str | None) -> bool:
        steps[0] += 1
        if steps[0] > MAX_STEPS:
            return False
        if i == len(amounts):
            return closed_ok()
        state = (i, tuple(pointer.values()), tuple(sorted(head.items())), tuple(items.values()))
        if state in failed:
            return False
        if not step(i, last):
            failed.add(state)
            return False
        return True

    def step(i: int, last: str | None) -> bool:
        near = last_code[i]
        near_class = near[:3] if near else None
        # the column of the code printed just before the amount, then the same column as the last amount
        order = sorted(streams, key=lambda s: (s != near_class, s != last, streams.index(s)))
        for stream in order:
            size = len(column[stream]) if stream in column else 1
            for position in range(pointer[stream], size):
                if stream in column:
                    is_head = len(column[stream][position]) == 3
                    if is_head:
                        head[stream] = cents[i]
                    else:
                        items[stream] += cents[i]
                        count[stream] += 1
                    if fits(stream):
                        saved = pointer[stream]
                        pointer[stream] = position + 1
                        given[i] = (stream, position)
                        if walk(i + 1, stream):
                            return True
                        del given[i]
                        pointer[stream] = saved
                    if is_head:
                        del head[stream]
                    else:
                        items[stream] -= cents[i]
                        count[stream] -= 1
                else:
                    pointer[stream] = 1
                    given[i] = (stream, 0)
                    if walk(i + 1, stream):
                        return True
                    del given[i]
                    pointer[stream] = 0
        return False

    for rounding, budget in ((0, MAX_STEPS // 4), (1, MAX_STEPS)):
        slack[0], steps[0] = rounding, MAX_STEPS - budget
        failed.clear()
        if walk(0, None):
            by_code: dict[str, Amount] = {}
            totals: dict[str, Amount] = {}
            for i, (stream, position) in given.items():
                if stream in column:
                    by_code[column[stream][position]] = amounts[i].value
                else:
                    totals[stream] = amounts[i].value
            return by_code, totals
    return None
