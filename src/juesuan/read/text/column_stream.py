"""A row table written column by column (pdftotext's default mode and the like).

Some extractors write a table as blocks of text separated by blank lines, each
block a run of cells down one column: the 类 codes of every row, then the 款
codes, the names, the 合计 column, the 基本支出 column, … in some order::

    201 | 201 | 201 | 208        06 | 06        01        一般公共服务支出 | 财政事务 | …
    2,106.66 | 2,106.66 | 1,511.89 | …          1,503.52 | 1,503.52 | 1,503.52

Each column keeps its own order, top to bottom; the blocks of different columns
come in an order of the extractor's own.  The rows are rebuilt from the codes
(whole codes in order, or the 类 column with the 款 and 项 columns fitted to it),
the names from the name lines (wrapped names joined so that there is one per
row), and each row's numbers from the amounts: the 合计 column is the one
sequence of amounts, in the text's order, that adds up the way the codes nest
(合计 = the 类, each 类 = its 款, each 款 = its 项); every other amount belongs
to the row whose 合计 still lacks it, each block's amounts down consecutive rows.
The columns of those numbers are then placed like those of any text table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.amounts import amount_or_none
from juesuan.model import TABLE_COLUMNS, Amount, column_label
from juesuan.read.text.table_lines import PrintedRow, PrintedTable, name_fragment, tidy_name
from juesuan.standard import CLASS_NAME

_WHOLE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_CLASS = re.compile(r"^\d{3}$")
_PART = re.compile(r"^\d{2}$")
_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$")
_TOTAL_WORD = re.compile(r"^合\s*计$")

MAX_STEPS = 100_000


@dataclass
class Token:
    kind: str  # code | part | amount | name | total | other
    text: str
    block: int
    page: int
    value: Amount = None


@dataclass
class Rows:
    codes: list[str] = field(default_factory=list)
    total_at: int | None = None  # index among the rows where the 合计 row stands (0 or len(codes))
    at: list[int] = field(default_factory=list)  # index into the tokens of each row's (类) code
    total_word: int | None = None  # index into the tokens of the 合计 row's label


def tokens_of(lines: list[tuple[int, str]]) -> list[Token]:
    """The region's tokens in text order, each with the block (run of lines between blank lines) it is in."""
    out: list[Token] = []
    block = 0
    for page, text in lines:
        if not text.strip():
            block += 1
            continue
        stripped = text.strip()
        if _TOTAL_WORD.match(stripped):
            out.append(Token("total", stripped, block, page))
            continue
        spaced = (re.search(r"[\u4e00-\u9fff]", stripped) and not re.search(r"\d", stripped)
                  and not any(word in _HEADER_LABELS for word in stripped.split()))
        if name_fragment(stripped) or (spaced and name_fragment(tidy_name(stripped))):
            out.append(Token("name", tidy_name(stripped), block, page))  # a name, maybe spaced out
            continue
        for word in stripped.split():
            if _AMOUNT.match(word):
                out.append(Token("amount", word, block, page, amount_or_none(word)))
            elif _CLASS.match(word) or _WHOLE.match(word):
                out.append(Token("code", word, block, page))
            elif _PART.match(word):
                out.append(Token("part", word, block, page))
            else:
                out.append(Token("other", word, block, page))
    return out


def read_columns(lines: list[tuple[int, str]], names: dict[str, str] | None = None) -> PrintedTable | None:
    """The table's rows and each row's numbers, or None when the text is not written column by column
    or its columns cannot be fitted together."""
    tokens = tokens_of(lines)
    codes = [t for t in tokens if t.kind == "code"]
    amounts = [t for t in tokens if t.kind == "amount"]
    if len(codes) < 2:
        return None
    rows = _rows(tokens)
    if rows is None or not rows.codes:
        return None
    if not amounts:  # a blank table (a template): its rows and names
        name_list = _names(tokens, len(rows.codes), names or {}, rows.codes)
        blank = PrintedTable(mode="columns")
        blank.rows = [PrintedRow(code, name_list[k] if k < len(name_list) else "", [], tokens[0].page)
                      for k, code in enumerate(rows.codes)]
        return blank
    order = list(rows.codes)
    if rows.total_at is not None:
        order.insert(rows.total_at, "")  # the 合计 row
    # where each row's label stands: its total is printed after it in a text written row by row
    # (a code printed out of place constrains nothing; the 合计's figures may come before its label)
    in_place = _increasing(rows.at)
    label_at = [at if r in in_place else 0 for r, at in enumerate(rows.at)]
    if rows.total_at is not None:
        label_at.insert(rows.total_at, 0)
    amount_at = [i for i, t in enumerate(tokens) if t.kind == "amount"]
    after_label = [sum(1 for a in amount_at if a < at) for at in label_at]
    totals = _total_column(order, amounts, after_label)
    if totals is None:
        return None
    shared = _share_parts(order, amounts, totals)
    if shared is None:
        return None
    name_list = _names(tokens, len(rows.codes), names or {}, rows.codes)
    out = PrintedTable(mode="columns")
    page = tokens[0].page
    for index, code in enumerate(order):
        # the row's total, then its other amounts in the text's order: a column's blocks come left to right
        values = [amounts[totals[index]].value, *(amounts[k].value for k in sorted(shared[index]))]
        parts: list[list[Amount]] = []
        if code == "":
            out.total = values
            continue
        row_index = index - (1 if rows.total_at is not None and rows.total_at < index else 0)
        name = name_list[row_index] if row_index < len(name_list) else ""
        out.rows.append(PrintedRow(code, name, values, page, groups=parts))
    return out


# --- rows -----------------------------------------------------------------------------------------


def _increasing(positions: list[int]) -> set[int]:
    """The indexes of a longest increasing subsequence of ``positions`` (the codes printed in place)."""
    best: list[int] = []  # best[k]: index ending the best increasing run of length k + 1
    back: list[int | None] = [None] * len(positions)
    for i, at in enumerate(positions):
        lo, hi = 0, len(best)
        while lo < hi:
            mid = (lo + hi) // 2
            if positions[best[mid]] < at:
                lo = mid + 1
            else:
                hi = mid
        back[i] = best[lo - 1] if lo > 0 else None
        if lo == len(best):
            best.append(i)
        else:
            best[lo] = i
    out: set[int] = set()
    k = best[-1] if best else None
    while k is not None:
        out.add(k)
        k = back[k]
    return out


def _rows(tokens: list[Token]) -> Rows | None:
    codes = [t for t in tokens if t.kind == "code"]
    out = Rows(at=[i for i, t in enumerate(tokens) if t.kind == "code"])
    whole = [t.text for t in codes]
    if any(len(c) > 3 for c in whole):
        if len(set(whole)) != len(whole):
            return None
        # rows in code order (an extractor may write a few codes out of place); each keeps its position
        order = sorted(range(len(whole)), key=lambda k: whole[k])
        out.codes = [whole[k] for k in order]
        out.at = [out.at[k] for k in order]
    else:
        built = _split_codes(tokens)
        if built is None:
            return None
        out.codes = built
    total_words = [i for i, t in enumerate(tokens) if t.kind == "total"]
    names_at = [i for i, t in enumerate(tokens) if t.kind == "name"]
    if total_words:
        # the 合计 row's label: after the last name (the row printed at the bottom), else at the top
        last = total_words[-1]
        out.total_at = len(out.codes) if names_at and last > names_at[-1] else 0
        out.total_word = last if out.total_at else total_words[0]
    return out


def _split_codes(tokens: list[Token]) -> list[str] | None:
    """Full codes from the 类 column (3 digits, every row) and the 2-digit codes of the 款 column (every
    row under a 类) and the 项 column (every 项 row), which the text may interleave in any way that
    keeps each column's order: the first reading, in the text's order, under which the 款 column
    nests (a 款 row is the first of its 款, the 项 rows under it count up)."""
    classes = [t.text for t in tokens if t.kind == "code"]
    twos = [t.text for t in tokens if t.kind == "part"]
    # a block of several 2-digit codes is a run down one column: all 款 or all 项
    part_tokens = [t for t in tokens if t.kind == "part"]
    same_block = [i > 0 and part_tokens[i].block == part_tokens[i - 1].block for i in range(len(part_tokens))]
    streams: list[bool] = []  # per token read so far: a 款 (True) or a 项 (False)
    groups: list[tuple[str, int]] = []  # (类, rows in its group)
    for code in classes:
        if groups and groups[-1][0] == code:
            groups[-1] = (code, groups[-1][1] + 1)
        else:
            groups.append((code, 1))
    if len({g for g, _ in groups}) != len(groups):
        return None
    under: list[str] = []  # the 类 of each row under a 类, in order
    first: list[bool] = []  # is it the first row under its 类
    for code, n in groups:
        for k in range(n - 1):
            under.append(code)
            first.append(k == 0)
    sections_needed = len(under)
    sections: list[str] = []
    items: list[str] = []
    levels: list[int] = []  # per row under a 类: 2 (款) or 3 (项)
    steps = [0]
    failed: set[tuple[int, int, int, bool | None]] = set()

    def item_rows_open() -> int:
        """How many 项 rows (among the rows whose 款 is known) still lack their 项 code."""
        return sum(1 for level in levels if level == 3) - len(items)

    def walk(i: int) -> bool:
        steps[0] += 1
        if steps[0] > MAX_STEPS:
            return False
        state = (i, len(sections), len(items), streams[-1] if streams else None)
        if state in failed:
            return False
        if i == len(twos):
            if len(sections) == sections_needed and item_rows_open() == 0:
                return True
            failed.add(state)
            return False
        token = twos[i]
        row = len(sections)
        forced = streams[-1] if same_block[i] else None
        if row < sections_needed and forced is not False:  # the next row's 款
            previous = sections[-1] if sections and not first[row] else None
            if previous is None or token >= previous:
                level = 2 if previous is None or token != previous else 3
                sections.append(token)
                levels.append(level)
                streams.append(True)
                if walk(i + 1):
                    return True
                streams.pop()
                sections.pop()
                levels.pop()
        if item_rows_open() > 0 and forced is not True:  # the next 项 row's 项
            at = [r for r, level in enumerate(levels) if level == 3][len(items)]
            previous_item = items[-1] if items and sections[at] == sections[at - 1] and levels[at - 1] == 3 else None
            if previous_item is None or token > previous_item:
                items.append(token)
                streams.append(False)
                if walk(i + 1):
                    return True
                streams.pop()
                items.pop()
        failed.add(state)
        return False

    if not walk(0):
        return None
    out: list[str] = []
    r = j = 0
    for code, n in groups:
        out.append(code)
        for _ in range(n - 1):
            if levels[r] == 2:
                out.append(code + sections[r])
            else:
                out.append(code + sections[r] + items[j])
                j += 1
            r += 1
    return out


# --- names ----------------------------------------------------------------------------------------


def _header_labels() -> set[str]:
    labels = {column_label(table, column) for table, columns in TABLE_COLUMNS.items() for column in columns}
    return labels | {"项目", "科目名称", "功能分类", "支出功能分类", "科目编码", "经营支出", "本年支出", "小计"}


_HEADER_LABELS = _header_labels()


def _names(tokens: list[Token], count: int, known: dict[str, str], codes: list[str]) -> list[str]:
    """One name per row: the name lines in order, cut into ``count`` names (a wrapped name spans
    lines) so that as many names as possible are ones the document prints whole elsewhere (or the
    standard 类 names), and no name printed whole is joined to another line.  Column headings are
    not names."""
    blocks: dict[int, list[Token]] = {}
    for token in tokens:
        blocks.setdefault(token.block, []).append(token)
    heading = {b for b, found in blocks.items()
               if all(t.kind == "name" for t in found) and "".join(t.text for t in found) in _HEADER_LABELS}
    lines = [t.text for t in tokens if t.kind == "name" and t.block not in heading and t.text not in _HEADER_LABELS]
    return cut_names(lines, codes[:count], known)


def cut_names(lines: list[str], codes: list[str], known: dict[str, str]) -> list[str]:
    """The name lines cut into one name per code (a wrapped name spans lines): as many names as
    possible are the code's own name as printed elsewhere (``known``: code -> name), or names the
    document prints whole, or lines it prints alone; no name printed whole is joined to another."""
    count = len(codes)
    if len(lines) <= count:
        return lines
    whole = {"".join(v.split()) for k, v in known.items() if not k.startswith("#")} | set(CLASS_NAME.values())
    printed = {v for k, v in known.items() if k.startswith("#")}  # lines printed alone: names, or pieces
    own = ["".join(known.get(code, CLASS_NAME.get(code, "")).split()) for code in codes]
    m = len(lines)
    worst = -(10**9)
    # best[i][j]: score of cutting the first i lines into j names; back[i][j]: where the last name starts
    best = [[worst] * (count + 1) for _ in range(m + 1)]
    back = [[0] * (count + 1) for _ in range(m + 1)]
    best[0][0] = 0
    for i in range(1, m + 1):
        for j in range(1, min(i, count) + 1):
            for start in range(max(j - 1, i - 4), i):  # a name spans at most four lines
                if best[start][j - 1] == worst:
                    continue
                piece = lines[start:i]
                joined = "".join(piece)
                score = (6 if j - 1 < len(own) and joined == own[j - 1] else
                         3 if joined in whole else 2 if len(piece) > 1 and joined in printed else 0)
                if len(piece) > 1 and any(p in whole for p in piece):
                    score -= 2  # a name printed whole joined to another line
                score -= len(piece) - 1
                if best[start][j - 1] + score > best[i][j]:
                    best[i][j], back[i][j] = best[start][j - 1] + score, start
    if best[m][count] == worst:
        return lines[:count]
    out: list[str] = []
    i, j = m, count
    while j > 0:
        start = back[i][j]
        out.append("".join(lines[start:i]))
        i, j = start, j - 1
    return out[::-1]


# --- amounts --------------------------------------------------------------------------------------


def _parents(order: list[str]) -> list[int | None]:
    """Each row's parent row (the 合计 row, "", is the parent of the 类 rows)."""
    index = {code: i for i, code in enumerate(order) if code}
    root = order.index("") if "" in order else None
    out: list[int | None] = []
    for code in order:
        if code == "":
            out.append(None)
        elif len(code) > 3 and code[: len(code) - 2] in index:
            out.append(index[code[: len(code) - 2]])
        else:
            out.append(root)
    return out


def _total_column(order: list[str], amounts: list[Token], after: list[int] | None) -> list[int] | None:
    """Indexes into ``amounts`` of each row's total: a sequence in the text's order in which every
    parent is the sum of its children (the earliest such, found by a bounded search, exact sums
    first, then within rounding); with ``after``, each row's total sought first among the amounts
    printed after its label (index into ``amounts``)."""
    parents = _parents(order)
    children: dict[int, list[int]] = {}
    for row, parent in enumerate(parents):
        if parent is not None:
            children.setdefault(parent, []).append(row)
    n, m = len(order), len(amounts)
    if m < n:
        return None
    cents = [int((a.value or Decimal(0)) * 100) for a in amounts]
    # rows in the order they are filled: a parent before its children (the 合计 first wherever printed)
    fill = sorted(range(n), key=lambda r: (order[r] != "", r))
    chosen: dict[int, int] = {}
    summed = dict.fromkeys(children, 0)  # parent -> the sum of its chosen children
    left = {p: len(kids) for p, kids in children.items()}  # parent -> children still to choose
    steps = [0]
    slack = [0]

    root = order.index("") if "" in order else None

    def room(row: int) -> tuple[int, int]:
        """Token indexes the row's total may take: after the row above it (rows are filled top down,
        the 合计 first), leaving room for the rows below it and before a 合计 printed last."""
        low = chosen[row - 1] + 1 if row - 1 in chosen else 0
        if root is not None and root > row and root in chosen:
            return low, chosen[root] - (root - row)
        return low, m - (n - row)

    failed: set[tuple[object, ...]] = set()

    def walk(k: int) -> bool:
        steps[0] += 1
        if steps[0] > MAX_STEPS:
            return False
        if k == n:
            return True
        # what the rest of the search depends on: where the last row's total stands, the open sums
        state = (k, chosen.get(fill[0]), chosen.get(fill[k - 1]) if k else None,
                 tuple(sorted((p, summed[p]) for p in summed if 0 < left[p] < len(children[p]))))
        if state in failed:
            return False
        if not _walk_row(k):
            failed.add(state)
            return False
        return True

    def _walk_row(k: int) -> bool:
        row = fill[k]
        parent = parents[row]
        low, high = room(row)
        start = max(low, min(after[row], high + 1)) if after is not None else low
        for at in [*range(start, high + 1), *range(low, start)]:  # after the row's label first
            value = cents[at]
            if parent is not None:
                target = cents[chosen[parent]]
                tol = (slack[0] * len(children[parent]) + 1) // 2
                total = summed[parent] + value
                if total > target + tol or (left[parent] == 1 and abs(total - target) > tol):
                    continue
                summed[parent], left[parent] = total, left[parent] - 1
            chosen[row] = at
            if walk(k + 1):
                return True
            del chosen[row]
            if parent is not None:
                summed[parent], left[parent] = summed[parent] - value, left[parent] + 1
        return False

    for tolerance_cents, budget in ((0, MAX_STEPS // 10), (1, MAX_STEPS)):  # exact sums first, then rounding
        slack[0] = tolerance_cents
        steps[0] = MAX_STEPS - budget
        failed.clear()
        chosen.clear()
        summed.update(dict.fromkeys(children, 0))
        left.update({p: len(kids) for p, kids in children.items()})
        if walk(0):
            return [chosen[r] for r in range(n)]
    return None


def _share_parts(order: list[str], amounts: list[Token], totals: list[int]) -> list[list[int]] | None:
    """The other amounts, row by row: each to a row whose parts still fall short of its total, a
    block's amounts down consecutive rows (a blank cell or two between them allowed).  A bounded
    search in cents; a row whose shortfall a block's first amount meets exactly is tried first."""
    n = len(order)
    used = set(totals)
    cents = [int((a.value or Decimal(0)) * 100) for a in amounts]
    need = [cents[totals[r]] for r in range(n)]
    count = [0] * n
    placed: list[list[int]] = [[] for _ in range(n)]
    near = sorted((totals[r], r) for r in range(n))
    blocks: list[list[int]] = []
    for k in range(len(amounts)):
        if k in used:
            continue
        if blocks and amounts[blocks[-1][-1]].block == amounts[k].block:
            blocks[-1].append(k)
        else:
            blocks.append([k])
    steps = [0]
    rounding = [False]  # the second pass allows the rounding of the printed figures

    def slack(r: int) -> int:
        return (count[r] + 2) // 2 + 1 if rounding[0] else 0  # half a cent per part, in cents

    def start_rows(k: int) -> list[int]:
        before = [r for at, r in near if at < k]
        start = before[-1] if before else 0
        return sorted(range(n), key=lambda r: (need[r] != cents[k], abs(r - start), r))

    def walk(b: int) -> bool:
        if b == len(blocks):
            return all(abs(need[r]) <= slack(r) for r in range(n))
        return any(place(blocks[b], 0, first, b, True) for first in start_rows(blocks[b][0]))

    def place(block: list[int], j: int, row: int, b: int, first: bool) -> bool:
        steps[0] += 1
        if steps[0] > MAX_STEPS:
            return False
        if j == len(block):
            return walk(b + 1)
        for r in ([row] if first else range(row, min(n, row + 3))):
            value = cents[block[j]]
            if value > need[r] + slack(r):
                continue
            need[r] -= value
            count[r] += 1
            placed[r].append(block[j])
            if place(block, j + 1, r + 1, b, False):
                return True
            placed[r].pop()
            count[r] -= 1
            need[r] += value
        return False

    if not walk(0):
        steps[0], rounding[0] = MAX_STEPS // 2, True
        placed = [[] for _ in range(n)]
        need[:] = [cents[totals[r]] for r in range(n)]
        count[:] = [0] * n
        if not walk(0):
            return None
    # amounts of equal value are interchangeable for the sums: the earlier in the text, the higher the row
    by_value: dict[int, list[int]] = {}
    for row in range(n):
        for k in placed[row]:
            by_value.setdefault(cents[k], []).append(row)
    tokens_by_value: dict[int, list[int]] = {}
    for row in range(n):
        for k in placed[row]:
            tokens_by_value.setdefault(cents[k], []).append(k)
    out: list[list[int]] = [[] for _ in range(n)]
    for value, rows in by_value.items():
        for row, k in zip(sorted(rows), sorted(tokens_by_value[value]), strict=True):
            out[row].append(k)
    return out
