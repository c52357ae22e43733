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
from dataclasses import dataclass, field
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
    doubt: dict[str, list[Amount]] = field(default_factory=dict)  # code -> the amounts it may hold


def column_written(lines: list[tuple[int, str]]) -> bool:
    """Does the text write the table column by column: blocks apart (a blank line between them), most
    lines one cell each?"""
    blank = sum(1 for _, text in lines if not text.strip())
    filled = [text for _, text in lines if text.strip()]
    single = sum(1 for text in filled if len(text.split()) == 1)
    return bool(filled) and blank * 10 >= len(lines) and single * 10 >= len(filled) * 6


def read_basic_columns(lines: list[tuple[int, str]], names: dict[str, str]) -> ColumnsReading | None:
    """The cells, or None when the codes are not whole 类/款 codes in order or the amounts do not fit."""
    tokens = [t for t in tokens_of(lines) if not (t.kind == "other" and t.text in ("经济分类",))]
    for token in tokens:  # 人员经费合计 / 公用经费合计: their amounts are two more to place
        if token.kind in ("name", "other") and token.text in _TOTAL_LABELS:
            token.kind = "label"
    codes = [t for t in tokens if t.kind == "code" and _ECONOMIC.match(t.text)]
    if len(codes) < 2 or len({t.text for t in codes}) != len(codes):
        return None
    code_list = [t.text for t in codes]
    name_lines = [t.text for t in tokens if t.kind == "name"]
    cut = match_names(name_lines, code_list, names)
    stated: dict[str, Amount] = {}
    for k, token in enumerate(tokens):  # a total's amount printed right after its label, in its block
        after = tokens[k + 1] if k + 1 < len(tokens) else None
        if token.kind == "label" and after is not None and after.kind == "amount" and after.block == token.block:
            stated[_TOTAL_LABELS[token.text]] = after.value
            after.kind = "stated"
    amounts = [t for t in tokens if t.kind == "amount"]
    placed = _place(code_list, amounts, [_TOTAL_LABELS[t.text] for t in tokens
                                         if t.kind == "label" and _TOTAL_LABELS[t.text] not in stated], stated)
    page = tokens[0].page if tokens else 0
    by_code, totals = placed[0] if placed else ({}, {})
    totals = {**stated, **totals}
    # Cells the placements found disagree on; and a 类's column with blank cells among printed ones: its
    # amounts keep their order, but which cells are blank the sums cannot tell (any cells in that
    # order add up the same): those cells are in doubt, with the column's amounts as candidates.
    doubt: dict[str, list[Amount]] = {}
    for other, _totals in (placed or [])[1:]:
        for code in code_list:
            if other.get(code) != by_code.get(code):
                doubt.setdefault(code, [by_code.get(code)])
                if other.get(code) not in doubt[code]:
                    doubt[code].append(other.get(code))
    for solution, _totals in placed or []:
        for group in dict.fromkeys(code[:3] for code in code_list):
            cells_of = [c for c in code_list if c[:3] == group]
            filled = [c for c in cells_of if solution.get(c) is not None]
            if filled and len(filled) < len(cells_of):
                for code in cells_of:
                    known = set(doubt.get(code, [])) | {solution[c] for c in filled} | {None}
                    doubt[code] = sorted(known, key=lambda v: (v is None, v or 0))
    if doubt:
        totals = dict(stated)
    cells: list[tuple[str, str, Amount, int]] = [
        (code, cut[k] if k < len(cut) else "", by_code.get(code), page) for k, code in enumerate(code_list)]
    if placed is None:  # the rows, their amounts not placed
        return ColumnsReading(cells, {}, [a.value for a in amounts])
    return ColumnsReading(cells, totals, doubt=doubt)


def match_names(lines: list[str], codes: list[str], names: dict[str, str]) -> list[str]:
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
    codes: list[str], amounts: list[Token], open_totals: list[str], stated: dict[str, Amount],
) -> list[tuple[dict[str, Amount], dict[str, Amount]]] | None:
    """Each amount to a code (or to 人员经费合计 / 公用经费合计): every 类's column in order, the sums holding;
    the first few placements found (None: none)."""
    classes = list(dict.fromkeys(code[:3] for code in codes))
    column = {c: [code for code in codes if code[:3] == c] for c in classes}
    for c in classes:  # the 类 row first (its amount heads the column)
        column[c].sort(key=lambda code: (len(code) != 3, code))
    streams = [*classes, *open_totals]
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
        if amounts and any(pointer[t] == 0 for t in open_totals):
            return False  # a total whose label is printed has its amount printed too
        for c in classes:  # each 类 is the sum of its 款 (blank counting 0), whichever of them is printed
            if abs(items[c] - head.get(c, 0)) > (count[c] * slack[0] + 1) // 2:
                return False
        for key, personnel in (("personnel_total", True), ("public_total", False)):
            given_at = [k for k, (s, _) in given.items() if s == key]
            value = cents[given_at[0]] if given_at else (
                int((stated[key] or Decimal(0)) * 100) if stated.get(key) is not None else None)
            parts = [head.get(c, 0) for c in classes if is_personnel(c) == personnel]
            if value is not None and abs(value - sum(parts)) > (len(parts) * slack[0] + 1) // 2:
                return False
        return True

    failed: set[tuple[object, ...]] = set()
    where = {code: k for k, code in enumerate(codes)}

    def _next_at(stream: str) -> int:
        if stream not in column:
            return len(codes) + (streams.index(stream) if pointer[stream] == 0 else 10**6)
        cells = column[stream]
        return where[cells[pointer[stream]]] if pointer[stream] < len(cells) else 10**6

    solutions: list[dict[int, tuple[str, int]]] = []

    def walk(i: int, last: str | None) -> bool:
        steps[0] += 1
        if steps[0] > MAX_STEPS:
            return False
        if i == len(amounts):
            if closed_ok():
                solutions.append(dict(given))
            return len(solutions) >= _SOLUTIONS or bool(forbid)  # a few more, to see what else fits
        state = (i, tuple(pointer.values()), tuple(sorted(head.items())), tuple(items.values()))
        if state in failed:
            return False
        if not step(i, last):
            failed.add(state)
            return False
        return True

    forbid: dict[int, str] = {}  # amount index -> a column it may not go to (looking for other placements)
    fixed: dict[int, tuple[str, int]] = {}  # amount index -> where it goes (the first placement's prefix)

    def step(i: int, last: str | None) -> bool:
        # the same column as the last amount first, then the column whose next cell comes first
        order = sorted(streams, key=lambda s: (s != last, _next_at(s)))
        if i in fixed:
            order = [fixed[i][0]]
        for stream in order:
            if forbid.get(i) == stream:
                continue
            size = len(column[stream]) if stream in column else 1
            for position in range(pointer[stream], size):
                if i in fixed and position != fixed[i][1]:
                    continue
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
        walk(0, None)
        if solutions:
            # each block of amounts in another column: does another placement fit too?
            first = dict(solutions[0])
            starts = [i for i in range(len(amounts)) if i == 0 or amounts[i].block != amounts[i - 1].block]
            for i in starts:  # the same placement up to the block, the block elsewhere
                forbid.clear()
                fixed.clear()
                forbid[i] = first[i][0]
                fixed.update({k: first[k] for k in range(i)})
                before = len(solutions)
                steps[0] = MAX_STEPS - budget // 8
                failed.clear()
                walk(0, None)
                del solutions[before + 1 :]  # one alternative per block is enough to see the doubt
            forbid.clear()
            fixed.clear()
            readings: list[tuple[dict[str, Amount], dict[str, Amount]]] = []
            for solution in solutions:
                by_code: dict[str, Amount] = {}
                totals: dict[str, Amount] = {}
                for i, (stream, position) in solution.items():
                    if stream in column:
                        by_code[column[stream][position]] = amounts[i].value
                    else:
                        totals[stream] = amounts[i].value
                readings.append((by_code, totals))
            return readings
    return None


_SOLUTIONS = 8  # placements looked for beyond the first, to find the cells they disagree on
