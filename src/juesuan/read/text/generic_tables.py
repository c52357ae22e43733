"""Tables that are none of the nine, from plain text: generic tables (``Report.other_tables``).

A 高等学校 report's 收支决算总表, a 收入决算表 whose 事业收入 is split, a 财政拨款支出决算表 whose 基本支出
is split into 人员经费 / 日常公用经费, an appended table: in a text each is a title, header lines and
rows whose blank cells are lost.  They are read as printed:

- a row table: its rows and 合计 line grouped as the standard tables' lines are (table_lines.collect);
  as many value columns as its fullest line prints; their header from the header lines' words, where
  they name that many columns; a group printed over a 小计 and its parts (事业收入 over 小计 / 教育事业
  收入 / 科研事业收入) put where the table's own sums hold on its full lines (the 合计 column = the
  top-level columns, a 小计 = its parts).  A line printing fewer numbers is placed by those sums and
  by parent = Σ children (column_assignment), else kept as printed with its placements, in doubt;
- a two-sided table (收入 | 支出 items on one line, 本年收入合计, 总计): one table per side, its lines
  placed by 本年收入合计 = the numbered items and 总计 = 本年收入合计 + the lines between them.

A header whose words cannot be matched with the columns leaves positional labels (第1列 …) and a
Problem says so.  Nothing here knows the standard tables: those are read elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from juesuan.amounts import amount_or_none
from juesuan.model import GENERIC_KEY, Amount, Problem, Row, Table
from juesuan.read.text.basic_columns import column_written
from juesuan.read.text.column_assignment import Budget, Identity, Layout, Line, Placement, solve
from juesuan.read.text.column_stream import read_columns
from juesuan.read.text.table_lines import ARRANGEMENTS, PrintedTable, arrange
from juesuan.standard import CLASS_CODE

HEADER_JOIN = "/"
_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$")
_TOTAL = ("合计", "小计", "总计")
# header words that are not a value column's
_LABEL_WORDS = {"项目", "科目编码", "科目名称", "科目", "编码", "名称", "代码", "类", "款", "项", "栏次", "行次",
                "功能分类科目编码", "支出功能分类科目编码", "经济分类科目编码", "序号"}
_NUMBERING = re.compile(r"^[一二三四五六七八九十]+、")
# A title of a table the nine do not name: "表一 收支决算总表", "附表3 …明细表", "…情况表".
_TITLE = re.compile(r"(?:^附?表[一二三四五六七八九十\d]+|决算|收支|收入|支出|经费|明细|情况).{0,30}表"
                    r"(?:[（(]?(?:表|公开)?\d+(?:-\d+)?表?[）)]?)?$")


def generic_title(text: str) -> bool:
    """Does a line look like a table's title (none of the nine's)?"""
    squeezed = "".join(text.split())
    if not squeezed or len(squeezed) > 40 or re.search(r"[。，,；;：:…]|\.{3}|说明", squeezed):
        return False
    return bool(_TITLE.search(squeezed))


def read_generic(
    title: str, lines: list[tuple[int, str]], multi_page: bool, budget: Budget | None = None,
    names: dict[str, str] | None = None,
) -> tuple[list[Table], list[Problem]]:
    """The table (two, for a two-sided one) under ``title``; none where it prints no line of amounts.
    ``names``: code -> the name other tables print whole for it (a wrapped name is joined to match)."""
    sides = _two_sided(lines)
    if sides is not None:
        return _read_sides(title, lines, sides, multi_page, budget or Budget())
    return _read_rows(title, lines, multi_page, budget or Budget(), names or {})


# --- row tables ---------------------------------------------------------------------------------------


_ROW_START = re.compile(r"^(?:\d{3}(?:\d{2}){0,2}(?:\s|$)|(?:合\s*计|总\s*计)\s+-?\d)")
_DATA_START = re.compile(r"^(?:\d{3}(?:\d{2}){0,2}(?:\s|$)|(?:合\s*计|总\s*计)\s+-?\d|-?[\d,]+\.\d+(?:\s|$))")


def _read_rows(
    title: str, lines: list[tuple[int, str]], multi_page: bool, budget: Budget, names: dict[str, str],
) -> tuple[list[Table], list[Problem]]:
    """Every grouping of the lines into rows, its numbers placed; the one the sums and the names support."""
    head, body = _split_head(lines)
    bare = _bare_total(body)
    if bare != body:
        head, body = _without_total_label(head), bare
    best: tuple[tuple[int, ...], list[Table], list[Problem]] | None = None
    seen: set[tuple[object, ...]] = set()
    by_columns = column_written(lines)
    # a text written column by column is rebuilt from its codes; one whose cells are each a paragraph but
    # in row order (some extractors write small tables so) is also grouped as lines are
    groupings = [read_columns(lines, names)] if by_columns else []
    groupings += [arrange(body, *policy) for policy in ARRANGEMENTS]
    for found in groupings:
        if found is None:
            continue
        signature = found.signature()
        if signature in seen or not found.rows:
            continue
        seen.add(signature)
        read = _rows_reading(title, head, found, multi_page, Budget(budget.steps))
        if read is None:
            continue
        table, problems, notes = read
        ambiguous = sum(len(r.ambiguous or []) for r in table.rows) + len(table.ambiguous)
        misnamed = sum(1 for r in table.rows if r.code in names and _title(r.name) != _title(names[r.code]))
        unnamed = sum(1 for r in table.rows if not r.name)
        score = (notes, ambiguous, misnamed, unnamed)
        if best is None or score < best[0]:
            best = (score, [table], problems)
        if not any(score):
            break
    return (best[1], best[2]) if best is not None else ([], [])


def _split_head(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The header lines and the body: from the first line of amounts, or from the first row where header
    words still follow lines of amounts alone (each cell a paragraph: the 合计 row's amounts among the
    header's words), those amounts moved to the body's top."""
    start = next((k for k, (_page, text) in enumerate(lines) if _DATA_START.match(text.strip())), len(lines))
    first_row = next((k for k, (_page, text) in enumerate(lines) if _ROW_START.match(text.strip())), len(lines))
    between = lines[start:first_row]
    alone = [(p, t) for p, t in between if t.split() and all(_AMOUNT.match(w) for w in t.split())]
    if len(alone) == len([1 for _p, t in between if t.strip()]) or first_row == len(lines):
        return lines[:start], lines[start:]
    head = [(p, t) for p, t in lines[:first_row] if (p, t) not in alone]
    return head, alone + lines[first_row:]


def _bare_total(body: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The body with the lines of amounts printed before its first row made one 合计 line: the 合计 row
    comes first, and an extractor that writes each cell apart may leave its label among the header's."""
    lead = 0
    while lead < len(body) and all(_AMOUNT.match(w) for w in body[lead][1].split()):
        lead += 1
    words = [w for _page, text in body[:lead] for w in text.split()]
    if not words or lead == len(body):
        return body
    return [(body[0][0], "合计 " + " ".join(words)), *body[lead:]]


def _without_total_label(head: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The header lines without the first 合计 printed on a line of its own: the label of the 合计 row."""
    at = next((k for k, (_page, text) in enumerate(head) if "".join(text.split()) == "合计"), None)
    return head if at is None else head[:at] + head[at + 1:]


def _rows_reading(
    title: str, head: list[tuple[int, str]], found: PrintedTable, multi_page: bool, budget: Budget,
) -> tuple[Table, list[Problem], int] | None:
    counts = [r.count() for r in found.rows] + [found.total_count()]
    width = max(counts, default=0)
    if width == 0:
        return None
    name = _title(title)
    header, identities, note = _header(_header_lines(head), width, found)
    problems = [Problem(f"{name}: {note}", table=GENERIC_KEY)] if note else []
    layout = Layout(width, tuple(identities))
    root = "合计"
    solved = solve(_lines(found, root), layout, root=root, budget=budget)
    table = Table(key=GENERIC_KEY, title=name, header=header)
    if found.total_count():
        table.total = list(solved.placements[root].values)
        _doubt_total(table, solved.placements[root], header, problems, name)
    for index, printed in enumerate(found.rows):
        placed = solved.placements[f"{index}:{printed.code}"]
        row = Row(printed.name, list(placed.values), printed.code, printed.page if multi_page else None)
        if placed.ambiguous:
            row.ambiguous = [header[j] for j in placed.ambiguous]
            row.printed = printed.printed()
            row.candidates = [list(o) for o in placed.options[:12]] or None
            problems.append(Problem(
                f"{name} {printed.code} {printed.name}: the printed numbers "
                f"{' '.join(str(v) for v in printed.printed())} fit more than one set of columns; "
                f"{', '.join(row.ambiguous)} left blank", table=GENERIC_KEY, kind="ambiguous"))
        table.rows.append(row)
    if multi_page:
        table.pages = sorted({r.page for r in found.rows})
    return table, problems, len(solved.notes)


def _title(title: str) -> str:
    return "".join(title.split())


def _lines(found: PrintedTable, root: str) -> list[Line]:
    """The solver's lines: the 合计, then each row under its parent code (or the 合计)."""
    out = [Line(root, list(found.total or []), extra=list(found.total_extra), groups=list(found.total_groups))]
    first: dict[str, str] = {}
    for index, row in enumerate(found.rows):
        key = f"{index}:{row.code}"
        parent = next((first[row.code[:n]] for n in (5, 3) if len(row.code) > n and row.code[:n] in first), root)
        first.setdefault(row.code, key)
        out.append(Line(key, list(row.numbers), parent, list(row.extra), [list(g) for g in row.groups]))
    return out


def _doubt_total(table: Table, placed: Placement, header: list[str], problems: list[Problem], name: str) -> None:
    if not placed.ambiguous:
        return
    table.ambiguous = [f"total.{header[j]}" for j in placed.ambiguous]
    table.candidates = [{f"total.{h}": v for h, v in zip(header, option, strict=True)}
                        for option in placed.options[:12]]
    problems.append(Problem(f"{name} 合计: its numbers fit more than one set of columns; left blank",
                            table=GENERIC_KEY, kind="ambiguous"))


def _header_lines(lines: list[tuple[int, str]], through_amounts: bool = False) -> list[list[str]]:
    """The words of the lines above the first line of amounts (the header), label words left out;
    ``through_amounts``: above the first row instead, lines of amounts passed over (an extractor writing
    each cell apart may put the 合计 row's amounts among the header's words)."""
    out: list[list[str]] = []
    for _page, text in lines:
        words = text.split()
        if through_amounts and (_ROW_START.match(text.strip()) or "".join(words) in CLASS_CODE):
            break  # a row: its code, or the name of a 类 (a text written column by column prints names apart)
        if any(_AMOUNT.match(w) for w in words):
            if through_amounts and all(_AMOUNT.match(w) for w in words):
                continue
            break
        kept = [w for w in words if w not in _LABEL_WORDS and not w.startswith(("单位", "金额单位"))
                and not re.fullmatch(r"[\d\-—－]+", w) and re.search(r"[\u4e00-\u9fff]", w)]
        if kept:
            out.append(kept)
    return out


def subcolumns(lines: list[tuple[int, str]]) -> list[str]:
    """The header's sub-columns: the words after 小计 on its line (事业收入's 教育事业收入, 科研事业收入)."""
    _top, sub = _levels(_header_lines(lines, through_amounts=True))[0]
    return sub[1:] if sub and sub[0] in ("小计", "合计") else []  # not 本年收入合计 heading a line of columns


def _levels(lines: list[list[str]]) -> list[tuple[list[str], list[str]]]:
    """The header's top-level words and the sub-columns of its group, the likeliest first.  A header
    written a word per line (each cell a paragraph) has its sub-columns from the first 小计, or a 合计 after
    other words, on, up to any of the words after it (the top-level columns right of the group follow)."""
    if len(lines) > 1 and all(len(words) == 1 for words in lines):
        flat = [words[0] for words in lines]
        at = next((k for k, w in enumerate(flat) if k > 0 and w in ("合计", "小计")), None)
        if at is not None and len(flat) - at >= 3:
            return [(flat[:at] + flat[end:], flat[at:end]) for end in range(len(flat), at + 2, -1)]
    sub_at, cut = _sub_line(lines)
    sub = lines[sub_at][cut:] if sub_at is not None else []
    top = [w for k, words in enumerate(lines) for w in (words if k != sub_at else words[:cut])]
    return [(top, sub)]


def _sub_line(lines: list[list[str]]) -> tuple[int | None, int]:
    """(line, index of its 小计/合计 word) of the header line printing a group's sub-columns: 小计 and its parts,
    or a 合计 and its parts under a heading printed above (本年支出: 合计 人员经费 公用经费 项目支出)."""
    for k, words in enumerate(lines):
        if "小计" in words:
            return k, words.index("小计")
    for k, words in enumerate(lines):
        if k > 0 and len(words) >= 3 and words[0].endswith(("合计", "总计")):
            return k, 0
    return None, 0


def _header(
    lines: list[list[str]], width: int, found: PrintedTable,
) -> tuple[list[str], list[Identity], str | None]:
    """Each value column's header path and the sums it shows; a note where the words do not fit the columns.

    The header's words come in the extractor's order, not always the columns'.  The words above the
    sub-columns (the line with 小计) are the top-level columns, one of them the group over the sub-columns.
    Each word as the group, at each place among the others (kept in their order, the 合计 word first: a
    合计 spanning the header's rows is printed lower by some extractors), is tried; kept is the one whose
    sums hold on every full line and show the most of them, then whose sub-columns name their group
    (事业收入 in 教育事业收入; 人员经费 and 公用经费 make 基本支出).  Two readings alike: columns numbered."""
    top = [w for words in lines for w in words]  # as printed
    options: list[list[list[str]]] = []
    for level, sub in _levels(lines):
        if not sub:
            for words in _orders(level):
                if len(words) == width:
                    options.append([[w] for w in words])
        elif len(level) - 1 + len(sub) == width:
            for group in level:
                for words in _orders([w for w in level if w != group]):
                    for g in range(len(words) + 1):
                        options.append([[w] for w in words[:g]] + [[group, s] for s in sub]
                                       + [[w] for w in words[g:]])
    full = [r.printed() for r in found.rows if r.count() == width]
    if found.total_count() == width:
        full.append(found.total_printed())
    best: tuple[tuple[int, int, int], list[list[str]], list[Identity]] | None = None
    tied = False
    for paths in options:
        identities = _identities(paths)
        if full and not all(all(i.holds(tuple(values)) for i in identities) for values in full):
            continue
        score = (len(identities) if full else 0, _affinity(paths), -_inversions(paths, top))
        if best is None or score > best[0]:
            best, tied = (score, paths, identities), False
        elif score == best[0] and paths != best[1]:
            tied = True
    if best is None or tied:
        note = (f"its header words ({' '.join(top)}) do not name its {width} columns; "
                "columns numbered instead")
        return [f"第{j + 1}列" for j in range(width)], [], note
    return [HEADER_JOIN.join(p) for p in best[1]], best[2], None


# What a group of columns is made of, by the national definitions: 基本支出 = 人员经费 + 公用经费.
_MADE_OF = {"基本支出": ("人员经费", "公用经费")}


def _affinity(paths: list[list[str]]) -> int:
    """How many sub-columns name their group: its words in theirs (事业收入 in 教育事业收入), or by definition
    (人员经费 and 公用经费 under 基本支出)."""
    out = 0
    for path in paths:
        if len(path) == 2 and not path[1].endswith(_TOTAL):
            group, part = path
            out += group in part or any(word in part for word in _MADE_OF.get(group, ()))
    return out


def _inversions(paths: list[list[str]], printed: list[str]) -> int:
    """How far the top-level headings of a reading are from the order they are printed in."""
    order = list(dict.fromkeys(p[0] for p in paths))
    at = [printed.index(w) for w in order if w in printed]
    return sum(1 for i in range(len(at)) for j in range(i + 1, len(at)) if at[i] > at[j])


def _orders(words: list[str]) -> list[list[str]]:
    """The words in their order, and with the first 合计/总计 word first."""
    out = [words]
    first_total = next((w for w in words if w.endswith(_TOTAL)), None)
    if first_total is not None and words[0] != first_total:
        out.append([first_total, *(w for w in words if w != first_total)])
    return out


def _identities(paths: list[list[str]]) -> list[Identity]:
    """A top-level 合计/总计 column = the other top-level columns (a group by its 小计); a 小计 = its parts."""
    out: list[Identity] = []
    tops = [j for j, p in enumerate(paths) if len(p) == 1 or p[-1].endswith(_TOTAL)]
    total = next((j for j in tops if len(paths[j]) == 1 and paths[j][0].endswith(_TOTAL)), None)
    if total is not None and len(tops) > 2:
        out.append(Identity.total(total, [j for j in tops if j != total]))
    for j, path in enumerate(paths):
        if len(path) == 2 and path[1].endswith(_TOTAL):
            parts = [k for k, p in enumerate(paths) if len(p) == 2 and p[0] == path[0] and k != j]
            if len(parts) >= 2:
                out.append(Identity.total(j, parts))
    return out


# --- two-sided tables ----------------------------------------------------------------------------------


@dataclass
class _Side:
    group: str  # 收入 / 支出
    header: list[str]


def _segments(text: str) -> list[tuple[str, list[Amount]]]:
    """A line as (item name, its numbers) pieces, left to right."""
    out: list[tuple[str, list[Amount]]] = []
    for word in text.split():
        if _AMOUNT.match(word):
            if not out:
                return []
            out[-1][1].append(amount_or_none(word))
        elif out and not out[-1][1]:
            out[-1] = (out[-1][0] + word, out[-1][1])
        else:
            out.append((word, []))
    return out


def _two_sided(lines: list[tuple[int, str]]) -> list[_Side] | None:
    """The two sides' headers, where the table prints 收入 and 支出 items side by side on its lines."""
    head = [text.split() for _page, text in lines[:8]]
    groups = next((words for words in head if "收入" in words and "支出" in words), None)
    labels = next((words for words in head if words.count("项目") == 2), None)
    if groups is None or labels is None:
        return None
    second = labels.index("项目", 1)
    left, right = labels[1:second], labels[second + 1:]
    paired = sum(1 for _page, text in lines if len(_segments(text)) == 2)
    if not left or not right or paired < 2:
        return None
    return [_Side("收入", left), _Side("支出", right)]


def _read_sides(
    title: str, lines: list[tuple[int, str]], sides: list[_Side], multi_page: bool, budget: Budget,
) -> tuple[list[Table], list[Problem]]:
    name = _title(title)
    rows: list[list[tuple[str, list[Amount], int]]] = [[], []]
    for page, text in lines:
        segments = _segments(text)
        if len(segments) == 2 and any(numbers for _, numbers in segments):
            for k, (item, numbers) in enumerate(segments):
                rows[k].append((item, numbers, page))
    tables: list[Table] = []
    problems: list[Problem] = []
    for side, items in zip(sides, rows, strict=True):
        header = [f"{side.group}{HEADER_JOIN}{h}" for h in side.header]
        table = Table(key=GENERIC_KEY, title=f"{name}（{side.group}）", header=header)
        placed = _place_side(items, len(header), budget)
        total_at = next((k for k, (item, _, _) in enumerate(items) if item.endswith("合计")), None)
        for k, ((item, numbers, page), placement) in enumerate(zip(items, placed, strict=True)):
            if k == total_at and not placement.ambiguous:
                table.total = list(placement.values)  # 本年收入合计: the table's 合计 line
                continue
            row = Row(item, list(placement.values), None, page if multi_page else None)
            if placement.ambiguous:
                row.ambiguous = [header[j] for j in placement.ambiguous]
                row.printed = list(numbers)
                row.candidates = [list(o) for o in placement.options[:12]] or None
                problems.append(Problem(
                    f"{table.title} {item}: the printed numbers {' '.join(str(v) for v in numbers)} fit more than "
                    f"one set of columns; {', '.join(row.ambiguous)} left blank", table=GENERIC_KEY,
                    kind="ambiguous"))
            table.rows.append(row)
        if multi_page:
            table.pages = sorted({page for _, _, page in items})
        tables.append(table)
    return tables, problems


def _place_side(items: list[tuple[str, list[Amount], int]], width: int, budget: Budget) -> list[Placement]:
    """Each line's numbers in the side's columns: the numbered items add up to the 合计 line, the 合计 and
    the lines after it to the 总计."""
    names = [item for item, _, _ in items]
    total = next((k for k, n in enumerate(names) if n.endswith("合计")), None)
    grand = next((k for k, n in enumerate(names) if n.endswith("总计")), None)
    lines: list[Line] = []
    for k, (_item, numbers, _page) in enumerate(items):
        parent: str | None = None
        if total is not None and k < total and _NUMBERING.match(names[k]):
            parent = str(total)
        elif grand is not None and total is not None and total <= k < grand:
            parent = str(grand)
        lines.append(Line(str(k), list(numbers), parent))
    solved = solve(lines, Layout(width), root=str(grand) if grand is not None else None, budget=budget)
    return [solved.placements[str(k)] for k in range(len(items))]
