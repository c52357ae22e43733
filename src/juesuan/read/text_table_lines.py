"""The lines of a text table: 科目 rows, the 合计, numbers printed apart, wrapped names.

Extracted text is not always one row to a line:

* the 合计's numbers may be printed after the notes ("1,405.72 597.55 808.17");
* a long name wraps round its code and numbers (机关事业单位基本养老保险 /
  ``208 05 05 160.75 160.75`` / 缴费支出);
* numbers printed near the top of a tall cell come out on a line of their own
  just above their row (``1,503.52`` / ``201 06 01 行政运行 1,511.89 8.37``):
  they belong to the next row, at positions among its numbers left to the
  arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.amounts import parse_amount
from juesuan.model import Amount

_CODE = r"(?P<code>\d{3}(?:[ \t]*\d{2}){0,2})"
_ROW = re.compile(r"^" + _CODE + r"[ \t]*(?P<rest>[^\d\s,.\-].*)$")
_CODE_NUMBERS = re.compile(r"^" + _CODE + r"[ \t]+(?P<rest>\d[\d,.\s]*)$")
_TOTAL = re.compile(r"^(?:合\s*计|总\s*计)(?P<rest>.*)$")
_BLANK_MARKS = {"-", "—", "--", "－", "——"}
_DECIMAL_AMOUNT = re.compile(r"^-?\d[\d,]*\.\d+$")
_HEADER_WORDS = ("科目", "编码", "栏次", "功能分类", "经济分类", "合计", "总计", "类款项", "决算数", "预算数")
_HEADER_LINES = ("项目", "类", "款", "项", "单位", "金额")


@dataclass
class PrintedRow:
    code: str
    name: str
    numbers: list[Amount]
    page: int
    extra: list[Amount] = field(default_factory=list)  # printed apart, above the row


@dataclass
class PrintedTable:
    rows: list[PrintedRow] = field(default_factory=list)
    total: list[Amount] | None = None
    total_extra: list[Amount] = field(default_factory=list)
    total_page: int | None = None


def trailing_numbers(tokens: list[str]) -> tuple[list[Amount], int]:
    """The trailing amounts (or blank marks) of a token list, and how many tokens they take."""
    out: list[Amount] = []
    count = 0
    for token in reversed(tokens):
        if token in _BLANK_MARKS:
            out.append(None)
        else:
            try:
                value = parse_amount(token)
            except ValueError:
                break
            if value is None:
                break
            out.append(value)
        count += 1
    out.reverse()
    return out, count


def parse_row(text: str) -> tuple[str, str, list[Amount]] | None:
    """(full code, name, numbers) of a 科目 row line, or None.  The name may be "" (printed round it)."""
    stripped = text.strip()
    bare = _CODE_NUMBERS.match(stripped)
    if bare is not None:
        tokens = bare.group("rest").split()
        numbers, count = trailing_numbers(tokens)
        if count == len(tokens) and numbers:
            return "".join(bare.group("code").split()), "", numbers
    match = _ROW.match(stripped)
    if match is None:
        return None
    code = "".join(match.group("code").split())
    rest = match.group("rest").rstrip()
    tokens = rest.split()
    numbers, count = trailing_numbers(tokens)
    name_tokens = tokens[: len(tokens) - count]
    if not name_tokens:
        return None
    # The name as printed: up to where its last token ends.
    last = name_tokens[-1]
    end = rest.find(last, sum(len(t) for t in name_tokens[:-1])) + len(last)
    return code, rest[:end].strip(), numbers


def parse_total(text: str) -> list[Amount] | None:
    """The numbers of a 合计 line (possibly none), or None when it is not one."""
    match = _TOTAL.match(text.strip())
    if match is None:
        return None
    tokens = match.group("rest").split()
    numbers, count = trailing_numbers(tokens)
    if count != len(tokens):
        return None
    return numbers


def numbers_only(text: str) -> list[Decimal] | None:
    """A line of amounts alone ("1,405.72 597.55 808.17")."""
    tokens = text.split()
    if not tokens or not all(_DECIMAL_AMOUNT.match(t) for t in tokens):
        return None
    out: list[Decimal] = []
    for token in tokens:
        value = parse_amount(token)
        if value is None:
            return None
        out.append(value)
    return out


def name_fragment(text: str) -> bool:
    """A piece of a wrapped 科目 name: Chinese words without digits, spaces or header words."""
    text = text.strip()
    if not text or len(text) > 30 or re.search(r"[\d\s：:]", text):
        return False
    if any(word in text for word in _HEADER_WORDS) or text in _HEADER_LINES or text.startswith(("注", "说明")):
        return False
    return bool(re.search(r"[\u4e00-\u9fff]", text))


def collect(lines: list[tuple[int, str]]) -> PrintedTable:
    """The rows and the 合计 of a table's lines, in printed order."""
    items = [(page, text.strip()) for page, text in lines if text.strip()]
    out = PrintedTable()
    total_seen = False
    orphans: list[Amount] = []  # numbers on a line of their own, waiting for their row
    used: set[int] = set()  # name fragments already joined to a row
    for index, (page, text) in enumerate(items):
        parsed = parse_row(text)
        if parsed is not None:
            code, name, numbers = parsed
            if not name:
                name = _wrapped_name(items, index, used)
            elif index + 1 < len(items) and _short_tail(items, index + 1):
                name += items[index + 1][1]
                used.add(index + 1)
            out.rows.append(PrintedRow(code, name, numbers, page, orphans))
            orphans = []
            continue
        numbers_or_none = parse_total(text)
        if numbers_or_none is not None and not total_seen:
            total_seen = True
            out.total_page = page
            out.total = numbers_or_none
            out.total_extra, orphans = orphans + _header_tail(items, index), []
            continue
        alone = numbers_only(text)
        if alone is not None:
            previous = out.rows[-1] if out.rows and _follows(items, index, out.rows[-1]) else None
            if previous is not None and not previous.numbers and not previous.extra:
                previous.numbers = list(alone)  # the numbers of a row printed without them
            elif _row_follows(items, index):
                orphans.extend(alone)
            elif (not out.total and not out.total_extra) and (out.rows or total_seen):
                out.total = list(alone)  # a 合计 printed away from its label
                out.total_page = page
            continue
    if out.total is not None and not out.total and not out.total_extra:
        out.total = None
    return out


def _header_tail(items: list[tuple[int, str]], index: int) -> list[Amount]:
    """Amounts printed at the end of the header line just above the 合计 ("类 款 项 2,336.91 603.14")."""
    if index == 0:
        return []
    text = items[index - 1][1]
    if parse_row(text) is not None or numbers_only(text) is not None:
        return []
    tokens = text.split()
    tail: list[Amount] = []
    for token in reversed(tokens):
        if not _DECIMAL_AMOUNT.match(token):
            break
        value = parse_amount(token)
        if value is not None:
            tail.append(value)
    if len(tail) == len(tokens):
        return []
    tail.reverse()
    return tail


def _wrapped_name(items: list[tuple[int, str]], index: int, used: set[int]) -> str:
    name = ""
    if index > 0 and index - 1 not in used and name_fragment(items[index - 1][1]):
        name = items[index - 1][1]
        used.add(index - 1)
    if index + 1 < len(items) and name_fragment(items[index + 1][1]) and not _starts_wrapped(items, index + 1):
        name += items[index + 1][1]
        used.add(index + 1)
    return name


def _starts_wrapped(items: list[tuple[int, str]], index: int) -> bool:
    """Is items[index] the first half of the next row's wrapped name (a bare code line follows)?"""
    if index + 1 >= len(items):
        return False
    parsed = parse_row(items[index + 1][1])
    if parsed is None or parsed[1] != "":
        return False
    return not (index + 2 < len(items) and name_fragment(items[index + 2][1]))


def _short_tail(items: list[tuple[int, str]], index: int) -> bool:
    """A short fragment right after a named row, before the next row: the end of its name."""
    text = items[index][1]
    if not name_fragment(text) or len(text) > 8:
        return False
    if index + 1 >= len(items):
        return True
    nxt = items[index + 1][1]
    return (parse_row(nxt) is not None and parse_row(nxt)[1] != "") or numbers_only(nxt) is not None


def _follows(items: list[tuple[int, str]], index: int, row: PrintedRow) -> bool:
    """Is the line just before items[index] that row's line (or its name's tail)?"""
    for back in range(index - 1, max(-1, index - 3), -1):
        parsed = parse_row(items[back][1])
        if parsed is not None:
            return parsed[0] == row.code
        if not name_fragment(items[back][1]):
            return False
    return False


def _row_follows(items: list[tuple[int, str]], index: int) -> bool:
    """Is the next line a row (or more numbers, or the start of a wrapped row)?"""
    for ahead in range(index + 1, min(len(items), index + 3)):
        text = items[ahead][1]
        if parse_row(text) is not None or parse_total(text) is not None:
            return True
        if numbers_only(text) is not None:
            continue
        if not name_fragment(text):
            return False
    return False
