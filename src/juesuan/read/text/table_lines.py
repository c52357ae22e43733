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

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.amounts import amount_or_none, parse_amount
from juesuan.model import Amount

_CODE = r"(?P<code>\d{3}(?:[ \t]*\d{2}){0,2})"
_ROW = re.compile(r"^" + _CODE + r"[ \t]*(?P<rest>[^\d\s,.\-].*)$")
_CODE_NUMBERS = re.compile(r"^" + _CODE + r"[ \t]+(?P<rest>\d[\d,.\s]*)$")
_CODE_ALONE = re.compile(r"^" + _CODE + r"$")
# 合计 / 总计, possibly after header words printed on the same line ("类 款 项 合计 2,946.25 …")
_TOTAL = re.compile(
    r"^(?P<head>(?:(?:类|款|项|科目名称|科目编码|项目|功能分类|支出功能分类)\s*)*)(?:合\s*计|总\s*计)(?P<rest>.*)$"
)
_BLANK_MARKS = {"-", "—", "--", "－", "——"}
_DECIMAL_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$")


_HEADER_WORDS = ("科目", "编码", "栏次", "功能分类", "经济分类", "合计", "总计", "类款项", "决算数", "预算数")
_HEADER_LINES = ("项目", "类", "款", "项", "单位", "金额")


@dataclass
class PrintedRow:
    code: str
    name: str
    numbers: list[Amount]
    page: int
    extra: list[Amount] = field(default_factory=list)  # printed apart, above the row
    prefix: str = ""  # a wrapped name's parts printed above and below the row's line
    suffix: str = ""
    # numbers printed on other lines than the row's, one list per line (their order among
    # the row's numbers unknown)
    groups: list[list[Amount]] = field(default_factory=list)

    def count(self) -> int:
        return len(self.numbers) + len(self.extra) + sum(len(g) for g in self.groups)

    def printed(self) -> list[Amount]:
        return [*self.numbers, *self.extra, *(n for g in self.groups for n in g)]


@dataclass
class PrintedTable:
    rows: list[PrintedRow] = field(default_factory=list)
    total: list[Amount] | None = None
    total_extra: list[Amount] = field(default_factory=list)
    total_page: int | None = None
    total_groups: list[list[Amount]] = field(default_factory=list)
    mode: str = "collect"  # how the lines were grouped into rows (see ARRANGEMENTS)
    crossings: int = 0  # gaps where a line went to the next row before one that went to the previous row
    names_extended: int = 0  # rows that print a name beside their code and were given more of it

    def total_count(self) -> int:
        return len(self.total or []) + len(self.total_extra) + sum(len(g) for g in self.total_groups)

    def total_printed(self) -> list[Amount]:
        return [*(self.total or []), *self.total_extra, *(n for g in self.total_groups for n in g)]

    def signature(self) -> tuple[object, ...]:
        """What the arithmetic sees: two groupings with the same signature read the same."""
        return (
            tuple((r.code, r.prefix + r.name + r.suffix, tuple(r.numbers), tuple(r.extra),
                   tuple(tuple(g) for g in r.groups)) for r in self.rows),
            tuple(self.total or []), tuple(self.total_extra), tuple(tuple(g) for g in self.total_groups),
        )


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
    alone = _CODE_ALONE.match(stripped)
    if alone is not None:  # "208 05 05": a code printed alone (not 20805 with an amount 05)
        return "".join(alone.group("code").split()), "", []
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
    return code, tidy_name(rest[:end]), numbers


def tidy_name(name: str) -> str:
    """A name as printed, without the spaces some extractions put between Chinese characters."""
    return re.sub(r"(?<=[\u4e00-\u9fff（）])\s+(?=[\u4e00-\u9fff（）])", "", name.strip())


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
        value = amount_or_none(token)
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
    items = _split_glued([(page, text.strip()) for page, text in lines if text.strip()])
    kinds = [_kind(text) for _, text in items]
    out = PrintedTable()
    row_at: dict[int, PrintedRow] = {}
    total_seen = False
    orphans: list[Amount] = []  # numbers on a line of their own, waiting for their row
    for index, (page, text) in enumerate(items):
        kind = kinds[index]
        if kind == "row":
            parsed = parse_row(text)
            assert parsed is not None
            row = PrintedRow(parsed[0], parsed[1], parsed[2], page, orphans)
            orphans = []
            out.rows.append(row)
            row_at[index] = row
        elif kind == "total" and not total_seen:
            total_seen = True
            out.total_page = page
            out.total = parse_total(text)
            out.total_extra, orphans = orphans + _header_tail(items, index), []
        elif kind == "numbers":
            alone: list[Amount] = list(numbers_only(text) or [])
            previous = _neighbour(kinds, index, -1)
            following = _neighbour(kinds, index, +1)
            before = row_at.get(previous) if previous is not None else None
            if index > 0 and kinds[index - 1] == "total" and not out.total and not out.total_extra:
                out.total = alone  # the 合计's numbers, on the line under its label
            elif index > 0 and kinds[index - 1] == "total" and not out.rows and kinds[index + 1 :][:1] != ["row"]:
                out.total_extra.extend(alone)  # the 合计's other numbers, on the line under its label
            elif before is not None and not before.numbers and not before.extra:
                before.numbers = alone  # the numbers of a row printed without them
            elif following is not None and kinds[following] in ("row", "total", "numbers"):
                orphans.extend(alone)
            elif not out.total and not out.total_extra and (out.rows or total_seen):
                out.total = alone  # a 合计 printed away from its label
                out.total_page = page
    if out.total is not None and not out.total and not out.total_extra:
        out.total = None
    join_wrapped_names(items, kinds, row_at)
    for row in out.rows:
        row.name = row.prefix + row.name + row.suffix
    return out


_GLUED = re.compile(r"^(?P<head>.*\d\.\d+)\s*(?P<tail>[\u4e00-\u9fff][^\d]*)$")
_NAME_AND_NUMBERS = re.compile(r"^(?P<head>[^\d]+?)\s+(?P<tail>-?\d[\d,]*\.\d+(?:\s+-?\d[\d,]*\.\d+)*)$")


def _split_glued(items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines holding two things: a row with the next row's name glued on ("… 60.99 60.99行政单位医疗"),
    or a name with the numbers printed at the top of its cells ("一般公共服务支出 1,503.52 603.14")."""
    out: list[tuple[int, str]] = []
    for page, text in items:
        glued = _GLUED.match(text)
        if glued and name_fragment(glued["tail"]) and (parse_row(glued["head"]) or numbers_only(glued["head"])):
            out += [(page, glued["head"].strip()), (page, glued["tail"].strip())]
            continue
        pair = _NAME_AND_NUMBERS.match(text)
        if pair and parse_row(text) is None and parse_total(text) is None and name_fragment(pair["head"]):
            out += [(page, pair["head"].strip()), (page, pair["tail"].strip())]
            continue
        out.append((page, text))
    return out


def _kind(text: str) -> str:
    if parse_row(text) is not None:
        return "row"
    if parse_total(text) is not None:
        return "total"
    if numbers_only(text) is not None:
        return "numbers"
    if name_fragment(text):
        return "fragment"
    return "other"


def _neighbour(kinds: list[str], index: int, step: int) -> int | None:
    """The nearest line in that direction that is not a name fragment."""
    at = index + step
    while 0 <= at < len(kinds) and kinds[at] == "fragment":
        at += step
    return at if 0 <= at < len(kinds) else None


def _names_above(items: list[tuple[int, str]], kinds: list[str], row_at: dict[int, PrintedRow]) -> bool:
    """Is every name printed on the line above its row's code (one fragment before each bare row)?"""
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(items):
        if kinds[index] == "fragment":
            end = index
            while end < len(items) and kinds[end] == "fragment":
                end += 1
            runs.append((index, end))
            index = end
        else:
            index += 1
    bare = [i for i, row in row_at.items() if not row.name]
    if len(bare) < 2 or any(end - start > 1 for start, end in runs):
        return False
    starts_before = set()
    for _start, end in runs:
        after = end
        while after < len(items) and kinds[after] == "numbers":
            after += 1
        starts_before.add(after)
    return all(i in starts_before for i in bare)


def join_wrapped_names(items: list[tuple[int, str]], kinds: list[str], row_at: dict[int, PrintedRow]) -> None:
    """Give each run of name fragments to the row above (its name's end) or below (its start).

    A name wrapped in its cell prints round the row's line: its first part
    above, its last part below.  Between two rows, two fragments are the end
    of the first name and the start of the second; a single one goes to the
    row whose name is already wrapped (or to a row printed without a name).
    """
    above = _names_above(items, kinds, row_at)
    index = 0
    while index < len(items):
        if kinds[index] != "fragment":
            index += 1
            continue
        end = index
        while end < len(items) and kinds[end] == "fragment":
            end += 1
        run = [items[k][1] for k in range(index, end)]
        left = row_at.get(index - 1)
        after = end
        while after < len(items) and kinds[after] == "numbers":
            after += 1
        right = row_at.get(after)
        if above and right is not None:
            right.prefix = "".join(run) + right.prefix
        elif left is not None and right is not None:
            if len(run) == 1:
                if left.prefix or (right.name and not left.name):
                    left.suffix += run[0]
                else:
                    right.prefix = run[0] + right.prefix
            else:
                half = len(run) - len(run) // 2
                left.suffix += "".join(run[:half])
                right.prefix = "".join(run[half:]) + right.prefix
        elif left is not None:
            left.suffix += "".join(run)
        elif right is not None:
            right.prefix = "".join(run) + right.prefix
        index = end


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
        tail.append(amount_or_none(token))
    tail.reverse()
    return tail


# --- the other groupings: which row do the lines between two rows belong to? -------------------
#
# Extractors order a table's cells differently.  Between two row lines (a code, or the 合计) there
# may be name fragments and lines of numbers; whose they are depends on the tool and the layout.
# Names ("names" policy):
#
# * "below": a name starts on its code's line (or the line under a code printed alone) and
#   continues below it ("201 一般公共服务" / "支出");
# * "centred": a name too long for its cell wraps round its row's line, half above, half below
#   ("机关事业单位基本养老保险缴费" / "2080505 6.18 6.18" / "支出");
# * "above": every name is printed above its code ("行政运行 1,503.52" / "201 06 01 1,511.89 8.37").
#
# Lines of numbers alone ("numbers" policy): "below" (printed lower in their cells, read after the
# row's line), "above" (printed near the top of tall cells, read before it), "with_name" (the
# previous row's until the next row's name starts).  A name and numbers on one line stay together.
# ``collect`` (above) is one more grouping, numbers above and fragments shared out round the rows.
#
# The reader builds every grouping and keeps the one the table's arithmetic supports best, and
# among equals the one whose names agree with the names printed whole elsewhere.

NAME_POLICIES = ("below", "centred", "above")
NUMBER_POLICIES = ("below", "with_name", "above")
ARRANGEMENTS: tuple[tuple[str, str], ...] = (
    *((n, m) for n in NAME_POLICIES for m in NUMBER_POLICIES),
    ("collect", "collect"),
)


@dataclass
class Piece:
    kind: str  # row | total | numbers | fragment | other
    page: int
    text: str
    line: int  # pieces split from one printed line share it
    numbers: list[Amount] = field(default_factory=list)


def pieces(lines: list[tuple[int, str]]) -> list[Piece]:
    """The table's lines as pieces (a line holding a name and its numbers gives two, on one line)."""
    out: list[Piece] = []
    line = 0
    for page, raw in lines:
        text = raw.strip()
        if not text:
            continue
        glued = _GLUED.match(text)
        pair = _NAME_AND_NUMBERS.match(text)
        if glued and name_fragment(glued["tail"]) and (parse_row(glued["head"]) or numbers_only(glued["head"])):
            out.append(_piece(page, glued["head"].strip(), line))
            out.append(_piece(page, glued["tail"].strip(), line + 1))  # the next row's name
            line += 2
        elif pair and parse_row(text) is None and parse_total(text) is None and name_fragment(pair["head"]):
            out.append(_piece(page, pair["head"].strip(), line))
            out.append(_piece(page, pair["tail"].strip(), line))
            line += 1
        else:
            out.append(_piece(page, text, line))
            line += 1
    _drop_headings(out)
    return out


def _header_labels() -> set[str]:
    from juesuan.model import TABLE_COLUMNS, column_label

    labels = {column_label(table, column) for table, columns in TABLE_COLUMNS.items() for column in columns}
    return labels | {"项目", "科目名称", "功能分类", "支出功能分类", "科目编码", "经营支出", "本年支出", "小计"}


HEADER_LABELS = _header_labels()


def _drop_headings(parts: list[Piece]) -> None:
    """Column headings printed among the rows (a text written column by column) are not names: a run
    of one to three name fragments that spells a heading becomes "other"."""
    i = 0
    while i < len(parts):
        for size in (3, 2, 1):
            run = parts[i : i + size]
            if len(run) == size and all(p.kind == "fragment" for p in run) and \
                    "".join("".join(p.text.split()) for p in run) in HEADER_LABELS:
                for p in run:
                    p.kind = "other"
                i += size - 1
                break
        i += 1


def _piece(page: int, text: str, line: int) -> Piece:
    kind = _kind(text)
    numbers: list[Amount] = []
    if kind == "row":
        parsed = parse_row(text)
        assert parsed is not None
        numbers = parsed[2]
    elif kind == "total":
        numbers = parse_total(text) or []
    elif kind == "numbers":
        numbers = list(numbers_only(text) or [])
    return Piece(kind, page, text, line, numbers)


def whole_names(lines: list[tuple[int, str]]) -> dict[str, str]:
    """Code -> name of the rows printed whole on their line (no fragment of a name next to them)."""
    parts = pieces(lines)
    out: dict[str, str] = {}
    for i, piece in enumerate(parts):
        if piece.kind != "row":
            continue
        parsed = parse_row(piece.text)
        if parsed is None or not parsed[1]:
            continue
        near = [parts[j].kind for j in (i - 1, i + 1) if 0 <= j < len(parts)]
        if "fragment" not in near:
            out.setdefault(parsed[0], parsed[1])
    return out


def arrange(lines: list[tuple[int, str]], names: str, numbers: str) -> PrintedTable:
    """The rows of a table's lines, grouped by a name policy and a number policy (see ARRANGEMENTS)."""
    if names == "collect":
        return collect(lines)
    parts = pieces(lines)
    total_at = next((i for i, p in enumerate(parts) if p.kind == "total"), None)
    anchors = [i for i, p in enumerate(parts) if p.kind == "row" or i == total_at]
    out = PrintedTable(mode=f"{names}/{numbers}")
    if not anchors:
        return out
    named = {a: parts[a].kind == "total" or bool(_inline_name(parts[a])) for a in anchors}
    owner: dict[int, int] = {}  # piece index -> anchor it belongs to
    stray: list[int] = []  # pieces of no row (between two notes, say)
    wrapped: set[int] = set()  # anchors whose name starts on a line above theirs
    bounds = [-1, *anchors, len(parts)]
    for g in range(len(bounds) - 1):
        gap = list(range(bounds[g] + 1, bounds[g + 1]))
        prev = bounds[g] if g > 0 else None
        nxt = bounds[g + 1] if g + 1 < len(bounds) - 1 else None
        others = [i for i in gap if parts[i].kind == "other"]
        if others:  # a note or a header cuts the gap: before it the previous row's, after it the next row's
            for i in gap:
                if parts[i].kind == "other":
                    continue
                if i < others[0]:
                    _give(owner, stray, i, prev)
                elif i > others[-1]:
                    _give(owner, stray, i, nxt)
                else:
                    stray.append(i)
            continue
        shared = _share(parts, gap, names, numbers, prev, nxt, named, prev in wrapped)
        if any(not a and b for (_, a), (_, b) in itertools.pairwise(shared)):
            out.crossings += 1
        for i, to_prev in shared:
            _give(owner, stray, i, prev if to_prev else nxt)
            if not to_prev and parts[i].kind == "fragment" and nxt is not None:
                wrapped.add(nxt)
    row_of: dict[int, PrintedRow] = {}
    for a in anchors:
        piece = parts[a]
        if piece.kind == "total":
            out.total = list(piece.numbers)
            out.total_page = piece.page
            out.total_extra = _header_tail([(p.page, p.text) for p in parts], a)
            continue
        parsed = parse_row(piece.text)
        assert parsed is not None
        row = PrintedRow(parsed[0], parsed[1], list(parsed[2]), piece.page)
        row_of[a] = row
        out.rows.append(row)
    for i in sorted(owner):
        a, piece = owner[i], parts[i]
        if piece.kind not in ("numbers", "fragment"):
            continue
        if a == total_at:
            if piece.kind == "numbers":
                out.total_groups.append(list(piece.numbers))
            continue
        row = row_of[a]
        if piece.kind == "numbers":
            if not row.numbers and not row.groups and i > a:
                row.numbers = list(piece.numbers)  # the row's numbers, on a line under its code
            else:
                row.groups.append(list(piece.numbers))
        elif i < a:
            row.prefix += piece.text
        else:
            row.suffix += piece.text
    astray = [parts[i].numbers for i in stray if parts[i].kind == "numbers"]
    if astray and out.total_count() == 0 and out.rows:
        out.total = list(astray[0])  # a 合计 printed away from its label (after the notes)
    if out.total is not None and not out.total_count():
        out.total = None
    for row in out.rows:
        if row.name and (row.prefix or row.suffix):
            out.names_extended += 1
        row.name = row.prefix + row.name + row.suffix
        row.prefix = row.suffix = ""
    return out


def _inline_name(piece: Piece) -> str:
    parsed = parse_row(piece.text)
    return parsed[1] if parsed else ""


def _give(owner: dict[int, int], stray: list[int], index: int, anchor: int | None) -> None:
    if anchor is None:
        stray.append(index)
    else:
        owner[index] = anchor


def _share(
    parts: list[Piece], gap: list[int], names: str, numbers: str,
    prev: int | None, nxt: int | None, named: dict[int, bool], prev_wrapped: bool,
) -> list[tuple[int, bool]]:
    """(piece, is it the previous row's?) for the pieces of a gap between two rows (no note among them)."""
    if prev is None or nxt is None:
        return [(i, prev is not None) for i in gap]
    lines = sorted({parts[i].line for i in gap})
    with_fragment = [line for line in lines if any(parts[i].line == line and parts[i].kind == "fragment" for i in gap)]
    # names: how many of the fragment lines end the previous row's name
    if names == "below":
        keep = len(with_fragment)
    elif names == "above":
        keep = 0
    elif not named[prev] and not prev_wrapped and named[nxt]:
        keep = len(with_fragment)  # centred, beside a row that printed only its code
    elif named[prev] and not prev_wrapped and not named[nxt]:
        keep = 0
    else:  # centred: the end of one name, then the start of the next
        keep = len(with_fragment) - len(with_fragment) // 2
    to_prev = {line: k < keep for k, line in enumerate(with_fragment)}
    first_next = next((line for line in with_fragment if not to_prev[line]), None)
    for line in lines:
        if line in to_prev:
            continue
        if numbers == "below":
            to_prev[line] = True
        elif numbers == "above":
            to_prev[line] = False
        else:  # with_name: the previous row's until the next row's name starts
            to_prev[line] = first_next is None or line < first_next
    return [(i, to_prev[parts[i].line]) for i in gap]
