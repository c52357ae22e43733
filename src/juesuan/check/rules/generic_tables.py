"""Arithmetic of the tables that are none of the nine (``Report.other_tables``, generic tables).

Their columns are known only by their printed header, so every identity is a
hypothesis the table itself must support: a 合计/小计 column = the columns
beside it under the same header (found from the header's groups), a parent
code = Σ its child codes, the 合计 line = Σ its top-level lines.  An identity
is judged only where most of the lines it applies to hold it (more hold than
break); otherwise the reading of the structure is in doubt and the rules stay
silent.  Findings are warnings (the structure is inferred, not the national
template's), a difference within rounding is info.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from juesuan.check.compare import Verdict, fmt, sum_verdict
from juesuan.check.finding import Hit, Location, Severity
from juesuan.check.rule import Rule, rule
from juesuan.check.table_access import value_at
from juesuan.model import Amount, Report, Row, Table

RULES: list[Rule] = []

HEADER_JOIN = "/"
# The numbering of a table's top-level lines where it prints no codes.
TOP_NUMBERING = re.compile(r"^[一二三四五六七八九十]+、")
# A column whose header ends with one of these holds the sum of the columns beside it.
TOTAL_HEADERS: tuple[str, ...] = ("合计", "小计", "总计")
# Columns under a header with these words are a share or a subset, not parts of a sum.
NOT_PARTS: tuple[str, ...] = ("其中", "%", "％", "率", "占", "比")


def _label(table: Table) -> str:
    """The table as a finding names it: its printed title, or where it is."""
    if table.title:
        return table.title
    return f"第{table.pages[0]}页表格" if table.pages else "其他表格"


def generic_tables(report: Report) -> list[Table]:
    return [t for t in report.other_tables if t.generic and not t.empty]


def _is_total(part: str) -> bool:
    return any(part.endswith(w) for w in TOTAL_HEADERS)


def _parts_of(paths: list[list[str]], total: int) -> list[int] | None:
    """The columns a 合计/小计 column adds up: beside it under the same group header, each group by its own
    小计 where it has one.  None when the header does not say (a share, a 其中, a deeper unknown nesting)."""
    prefix = paths[total][:-1]
    depth = len(prefix)
    groups: dict[str, list[int]] = {}
    for j, path in enumerate(paths):
        if j != total and len(path) > depth and path[:depth] == prefix:
            groups.setdefault(path[depth], []).append(j)
    if not groups:
        return None
    parts: list[int] = []
    for name, members in groups.items():
        if any(w in name for w in NOT_PARTS):
            return None
        if len(members) == 1 and len(paths[members[0]]) == depth + 1:
            parts.append(members[0])
            continue
        sub = [j for j in members if len(paths[j]) == depth + 2 and _is_total(paths[j][-1])]
        leaves = [j for j in members if len(paths[j]) == depth + 2]
        if sub:
            parts.append(sub[0])
        elif len(leaves) == len(members) and not any(w in paths[j][-1] for j in leaves for w in NOT_PARTS):
            parts.extend(leaves)
        else:
            return None
    return parts if len(parts) >= 2 else None


def row_identities(table: Table) -> list[tuple[int, list[int]]]:
    """(total column, part columns) for each 合计/小计 column whose parts the header shows."""
    paths = [h.split(HEADER_JOIN) for h in table.header]
    out = []
    for i, path in enumerate(paths):
        if _is_total(path[-1]) and (parts := _parts_of(paths, i)) is not None:
            out.append((i, parts))
    return out


@dataclass(frozen=True)
class Check:
    """One identity on one line: what was printed, what its parts add up to, and where."""

    verdict: Verdict
    message: str
    location: Location
    printed: Amount
    expected: str
    parts: int  # parts printed (not blank): a sum of one printed part says nothing about the structure


def _where(table: Table, row: Row | None, index: int) -> Location:
    column = table.header[index] if index < len(table.header) else f"第{index + 1}列"
    if row is None:  # the 合计 line
        box = table.total_boxes[index] if table.total_boxes and index < len(table.total_boxes) else None
        page = box.page if box else (table.pages[0] if table.pages else None)
        return Location(page=page, table=_label(table), row_name="合计", column=column, box=box)
    page = row.page if row.page is not None else (table.pages[0] if table.pages else None)
    return Location(page=page, table=_label(table), row_code=row.code, row_name=row.name, column=column,
                    box=row.box(index))


def _lines(table: Table) -> list[tuple[Row | None, list[Amount]]]:
    out: list[tuple[Row | None, list[Amount]]] = []
    if table.total is not None:
        out.append((None, table.total))
    out.extend((row, row.values) for row in table.rows)
    return out


def _in_doubt(table: Table, row: Row | None) -> set[int]:
    """The columns of a line (None: the 合计 line) a text reader left blank because the numbers printed on it
    fit more than one set of columns: no sum is checked over them."""
    labels = row.ambiguous or [] if row is not None else [a.removeprefix("total.") for a in table.ambiguous]
    return {j for j, h in enumerate(table.header) if h in labels}


def _supported(checks: list[Check]) -> list[Check]:
    """The broken identities (and those off by rounding), where the table supports the identity: at least as
    many lines hold it with two or more printed parts as break it.  Else nothing: the reading of the structure
    is in doubt (a line whose one printed part equals its total holds any reading, so it is no support)."""
    broken = sum(1 for c in checks if c.verdict == "error")
    support = sum(1 for c in checks if c.verdict != "error" and c.parts >= 2)
    if support == 0 or support < broken:
        return []
    return [c for c in checks if c.verdict is not None]


def _printed(items: list[Amount]) -> int:
    return sum(1 for v in items if v is not None)


def _hit(check: Check) -> Hit:
    severity: Severity | None = "info" if check.verdict == "info" else None  # None: the rule's own (warning)
    return Hit(check.message, check.location, severity, fmt(check.printed), check.expected)


def row_total_checks(table: Table) -> Iterator[list[Check]]:
    """For each 合计/小计 column: its check on every line (one list per column)."""
    for total, parts in row_identities(table):
        names = "+".join(table.header[j] for j in parts)
        checks = []
        for row, values in _lines(table):
            printed = value_at(values, total)
            items = [value_at(values, j) for j in parts]
            if (printed is None and all(v is None for v in items)) or _in_doubt(table, row) & {total, *parts}:
                continue
            verdict, expected = sum_verdict(printed, items)
            where = "合计行" if row is None else f"{row.code or ''} {row.name}".strip()
            checks.append(Check(verdict, f"{where}：{table.header[total]} 打印 {fmt(printed)}，"
                                f"{names} = {fmt(expected)}", _where(table, row, total), printed, fmt(expected),
                                _printed(items)))
        yield checks


@rule(
    RULES, "A211", "generic-row-total", "warning", "table",
    "其他表格：合计列不等于其组成列之和",
    """
    不属于9张标准表的表格（高等学校等格式、附表、未知格式）：表头写明“合计/小计”的列，等于同一表头下与它并列的
    各列之和（某组有自己的小计时用该小计）。列关系由表头推断，只在多数行符合时检查（否则表头的读法存疑，不报），
    结果为警告；在取整范围内为提示。纯文本中读不定位置而留空的单元格（ambiguous）不参与核对。
    """,
    "2050205 高等教育：事业收入/小计 打印 500.00，事业收入/教育事业收入+事业收入/科研事业收入 = 510.00",
)
def generic_row_total(report: Report) -> Iterator[Hit]:
    for table in generic_tables(report):
        for checks in row_total_checks(table):
            yield from (_hit(c) for c in _supported(checks))


def _children(table: Table, row: Row) -> list[Row]:
    code = row.code or ""
    return [r for r in table.rows if r.code and len(r.code) == len(code) + 2 and r.code.startswith(code)]


def _top_rows(table: Table) -> list[Row]:
    """Coded lines with no parent line in the table (the 类, or whatever level the table starts at); in a table
    without codes, the lines numbered 一、二、三、 (a 收支总表's 收入 lines)."""
    coded = [(r, r.code) for r in table.rows if r.code and r.code.isdigit()]
    if not coded:
        numbered = [r for r in table.rows if TOP_NUMBERING.match(r.name)]
        return numbered if len(numbered) >= 2 else []
    codes = {c for _, c in coded}
    return [r for r, c in coded if not any(o != c and c.startswith(o) for o in codes)]


def hierarchy_checks(table: Table) -> tuple[list[Check], list[Check]]:
    """(parent = Σ children checks, 合计 line = Σ top-level lines checks) for every value column."""
    width = len(table.header)
    parents: list[Check] = []
    for row in table.rows:
        if not (row.code and row.code.isdigit()):
            continue
        kids = _children(table, row)
        if not kids:
            continue
        codes = "、".join(k.code or "" for k in kids) if len(kids) <= 6 else f"{len(kids)}个"
        doubt = set().union(*(_in_doubt(table, r) for r in (row, *kids)))
        for i in range(width):
            printed = value_at(row.values, i)
            items = [value_at(k.values, i) for k in kids]
            if (printed is None and all(v is None for v in items)) or i in doubt:
                continue
            verdict, expected = sum_verdict(printed, items)
            parents.append(Check(verdict, f"{row.code} {row.name} [{table.header[i]}]：打印 "
                                 f"{fmt(printed)}，下级科目（{codes}）之和 = {fmt(expected)}",
                                 _where(table, row, i), printed, fmt(expected),
                                 _printed(items)))
    totals: list[Check] = []
    top = _top_rows(table)
    if table.total is not None and top:
        doubt = set().union(_in_doubt(table, None), *(_in_doubt(table, r) for r in top))
        for i in range(width):
            printed = value_at(table.total, i)
            items = [value_at(r.values, i) for r in top]
            if (printed is None and all(v is None for v in items)) or i in doubt:
                continue
            verdict, expected = sum_verdict(printed, items)
            totals.append(Check(verdict, f"合计 [{table.header[i]}]：打印 {fmt(printed)}，"
                                f"各顶级行之和 = {fmt(expected)}", _where(table, None, i), printed, fmt(expected),
                                _printed(items)))
    return parents, totals


def _hierarchy_supported(table: Table) -> tuple[list[Check], list[Check]]:
    """Both code identities rest on one reading (codes form a tree whose sums the table prints): judged together."""
    parents, totals = hierarchy_checks(table)
    if not _supported(parents + totals):
        return [], []
    return [c for c in parents if c.verdict], [c for c in totals if c.verdict]


@rule(
    RULES, "A212", "generic-hierarchy", "warning", "table",
    "其他表格：上级科目不等于下级科目之和",
    """
    不属于9张标准表的表格：有科目编码时，3位科目 = 所属5位科目之和，5位 = 所属7位之和，逐列检查。
    只在多数上下级关系成立时检查（否则编码的读法存疑，不报），结果为警告；在取整范围内为提示。
    纯文本中读不定位置而留空的单元格（ambiguous）不参与核对。
    """,
    "20502 普通教育 [合计]：打印 900.00，下级科目（2050205）之和 = 890.00",
)
def generic_hierarchy(report: Report) -> Iterator[Hit]:
    for table in generic_tables(report):
        parents, _ = _hierarchy_supported(table)
        yield from (_hit(c) for c in parents)


@rule(
    RULES, "A213", "generic-table-total", "warning", "table",
    "其他表格：合计行不等于各顶级科目之和",
    """
    不属于9张标准表的表格：合计行每一列 = 表中顶级科目（没有上级科目的编码行，通常是3位的类）该列之和；
    没有科目编码的表，合计行 = 以“一、二、三、”编号的各行之和（如收支总表的收入各行）。
    与 A212 一起，只在多数关系成立时检查，结果为警告；在取整范围内为提示。
    """,
    "合计 [本年支出/合计]：打印 1200.00，各顶级行之和 = 1190.00",
)
def generic_table_total(report: Report) -> Iterator[Hit]:
    for table in generic_tables(report):
        _, totals = _hierarchy_supported(table)
        yield from (_hit(c) for c in totals)
