"""Columns of a table without vertical rules, from where its text is printed.

One job: the column boundaries of an open table.  The data rows' chunks cover the columns (an
amount column's figures overlap each other, right-aligned); a header chunk over no data is the
header of a narrow column whose data sit to one side, or of a column blank in every row.  Each
boundary is then placed where the text's alignment fixes it (the cell padding, measured at the
table's edges, beside a column aligned to that side), else by a header centred over a column
whose other side is fixed, else in the middle of the gap; ``Bounds`` keeps where each boundary
may really lie, for judging what a group header is centred on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from juesuan.read.pdf.text_chunks import Chunk, TextLine, overlap
from juesuan.read.tables.catalogue import TOTAL_ROW_LABELS, label_key

# A column's data are aligned to a side when their ends there lie within this (points).
ALIGNED = 1.0
# A group header is centred over its columns within this (points).
GROUP_SLACK = 3.0
# Space between a cell's side and its text when the table's edges do not show it (points).
DEFAULT_PADDING = 3.0

Bounds = list[tuple[float, float]]

_FIGURE = re.compile(r"^[-－]?[\d,]*\d\.\d+$|^[-－]?\d{1,3}(?:,\d{3})+$")


def column_spans(chunks: Sequence[Chunk]) -> list[list[float]]:
    """x ranges covered by chunks, overlapping ranges joined."""
    spans: list[list[float]] = []
    for chunk in sorted(chunks, key=lambda c: c.x0):
        if spans and chunk.x0 < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], chunk.x1)
        else:
            spans.append([chunk.x0, chunk.x1])
    return spans


def find_columns(header: list[TextLine], data: list[TextLine], left: float, right: float) -> tuple[list[float], Bounds]:
    """Column boundaries (xs, left to right) from the data's alignment and the header's chunks.

    ``Bounds`` says where each boundary may really lie: a point where the alignment of the text
    fixes it, else the gap between the two columns' text (used to judge what a header is centred on).
    """
    data_chunks = [c for line in data for c in line.chunks if label_key(c.text) not in TOTAL_ROW_LABELS]
    spans = column_spans(data_chunks)
    if not spans:  # a table printed blank: the header's lowest chunks
        spans = column_spans(header[-1].chunks) if header else []
    # a header chunk over no data: the header of a narrow column whose data are aligned to one side,
    # or of a column blank in every row
    heads: list[list[Chunk]] = [[] for _ in spans]
    loose: list[tuple[int, Chunk]] = []
    for i, line in enumerate(header):
        for chunk in line.chunks:
            over = [k for k, (a, b) in enumerate(spans) if overlap(chunk.x0, chunk.x1, a, b) > 0]
            for k in over:
                heads[k].append(chunk)
            if not over:
                loose.append((i, chunk))
    lines_of = {id(c): i for i, line in enumerate(header) for c in line.chunks}
    data_columns = [_Column(a, b) for a, b in spans]
    for col in data_columns:
        col.describe(data_chunks)
    _align_like_the_rest(data_columns)
    pad = _padding(data_columns, left, right)
    blank: list[Chunk] = []
    units = _units(loose)
    for unit, rows in units:
        others = [(u.x0, u.x1) for u, _ in units if u is not unit]
        heads_it = _headed(unit, data_columns, pad, left, right, others)
        if heads_it is not None and not any(lines_of[id(h)] in rows for h in heads[heads_it]):
            heads[heads_it].append(unit)  # (unless that column has a header on this line already)
            spans[heads_it] = [min(spans[heads_it][0], unit.x0), max(spans[heads_it][1], unit.x1)]
        elif len(header) - 1 in rows or not _heads_a_group(unit, data_columns, pad, left, right):
            blank.append(unit)
        # else a group header centred over the gap between the columns it heads (支出 over 项目 | 决算数)
    columns = [_Column(a, b) for a, b in spans]
    for chunk in blank:
        columns.append(_Column(chunk.x0, chunk.x1, centre=(chunk.x0 + chunk.x1) / 2))
    columns.sort(key=lambda c: c.x0)
    merged: list[_Column] = []
    for col in columns:  # header chunks of one blank column, on several lines
        if merged and col.x0 < merged[-1].x1:
            merged[-1].x1 = max(merged[-1].x1, col.x1)
        else:
            merged.append(col)
    for k, col in enumerate(merged):
        col.describe(data_chunks)
        for line in reversed(header):  # the lowest header chunk over this column and no other
            alone = [c for c in line.chunks if _only_over(c, merged) == k]
            if len(alone) == 1:
                col.centre = (alone[0].x0 + alone[0].x1) / 2
                break
    return _place_boundaries(merged, min(left, merged[0].x0 - 1.0) if merged else left,
                             max(right, merged[-1].x1 + 1.0) if merged else right)


def _units(loose: list[tuple[int, Chunk]]) -> list[tuple[Chunk, set[int]]]:
    """Header chunks over no data, those one above the other joined (a header wrapped: 附属单位上 / 缴收入),
    each with the header lines it is printed on."""
    units: list[tuple[Chunk, set[int]]] = []
    for line, chunk in sorted(loose, key=lambda item: item[1].x0):
        if units and overlap(chunk.x0, chunk.x1, units[-1][0].x0, units[-1][0].x1) > 0:
            unit, rows = units[-1]
            chars = unit.chars + chunk.chars
            units[-1] = (Chunk(chars, min(unit.x0, chunk.x0), max(unit.x1, chunk.x1), unit.text + chunk.text),
                         rows | {line})
        else:
            units.append((chunk, {line}))
    return units


def _headed(chunk: Chunk, columns: list[_Column], pad: float, left: float, right: float,
            others: list[tuple[float, float]]) -> int | None:
    """The data column beside a header chunk over no data that the chunk heads, if one does.

    A header is centred over its column.  Beside a column of right-aligned data, whose right side
    is then known (the data's end and the padding), the chunk heads it when the column it would be
    centred on holds the data and stops short of the column before and of ``others`` (headers of
    other columns over no data); beside left-aligned data, the same from the left.  Beside data of
    no clear alignment, either way.
    """
    centre = (chunk.x0 + chunk.x1) / 2
    before = max((k for k, col in enumerate(columns) if col.x1 <= chunk.x0), default=None)
    after = min((k for k, col in enumerate(columns) if col.x0 >= chunk.x1), default=None)
    fits: list[tuple[float, int]] = []
    for k in (before, after):
        if k is None:
            continue
        col = columns[k]
        ok = False
        for align in [col.align] if col.align else ["right", "left"]:
            if align == "right":
                side = col.end + pad
                other = 2 * centre - side
                limit = columns[k - 1].x1 if k > 0 else left
                fits_here = centre <= col.end and limit - 1.0 <= other <= col.start
            else:
                side = col.start - pad
                other = 2 * centre - side
                limit = columns[k + 1].x0 if k + 1 < len(columns) else right
                fits_here = centre >= col.start and col.end <= other <= limit + 1.0
            low, high = min(side, other), max(side, other)
            ok = ok or (fits_here and not any(overlap(low, high, a, b) > 1.0 for a, b in others))
        if ok:
            fits.append((_distance(chunk, [col.x0, col.x1]), k))
    return min(fits)[1] if fits else None


def _align_like_the_rest(columns: list[_Column]) -> None:
    """Columns whose own data do not show their alignment (figures all of one width) take the one the
    table's other columns of the same kind show (amounts, or text): a table aligns its columns alike."""
    for kind in ("amount", "code", "text"):
        same = [col for col in columns if col.kind == kind]
        shown = [col.align for col in same if col.align]
        if shown:
            usual = max(set(shown), key=shown.count)
            for col in same:
                col.align = col.align or usual


def _padding(columns: list[_Column], left: float, right: float) -> float:
    """The space between a cell's side and its text, seen at the table's edges (or DEFAULT_PADDING)."""
    pads = []
    if columns and columns[0].align == "left":
        pads.append(columns[0].start - left)
    if columns and columns[-1].align == "right":
        pads.append(right - columns[-1].end)
    return min(pads) if pads and min(pads) >= 0 else DEFAULT_PADDING


def _heads_a_group(chunk: Chunk, columns: list[_Column], pad: float, left: float, right: float) -> bool:
    """Whether a header chunk over no data is centred over the two data columns either side of it.

    Each column's outer side is where its alignment puts it (data end + padding, data start -
    padding), else anywhere in the gap beyond its data; the chunk heads the group when its centre
    may be the centre of the two columns together.
    """
    centre = (chunk.x0 + chunk.x1) / 2
    before = max((k for k, col in enumerate(columns) if col.x1 <= chunk.x0), default=None)
    after = min((k for k, col in enumerate(columns) if col.x0 >= chunk.x1), default=None)
    if before is None or after is None:
        return False
    first, last = columns[before], columns[after]
    if first.align == "left":
        low_left = high_left = first.start - pad
    else:
        low_left, high_left = (columns[before - 1].x1 if before > 0 else left), first.start
    if last.align == "right":
        low_right = high_right = last.end + pad
    else:
        low_right, high_right = last.end, (columns[after + 1].x0 if after + 1 < len(columns) else right)
    return (low_left + low_right) / 2 - GROUP_SLACK <= centre <= (high_left + high_right) / 2 + GROUP_SLACK


@dataclass
class _Column:
    """A column found in the text: the x range its text covers, how its data are aligned, its header's centre."""

    x0: float
    x1: float
    align: str | None = None  # "left" or "right" when the data show it
    centre: float | None = None  # centre of a header chunk over this column alone
    start: float = 0.0  # where its data start and end (x0 / x1 of the data, not the header)
    end: float = 0.0
    kind: str | None = None  # its data: "amount" (figures with a point or commas), "code" (digits), "text"

    def describe(self, data_chunks: list[Chunk]) -> None:
        own = [c for c in data_chunks if self.x0 <= (c.x0 + c.x1) / 2 <= self.x1]
        self.start = min((c.x0 for c in own), default=self.x0)
        self.end = max((c.x1 for c in own), default=self.x1)
        if own:
            if all(_FIGURE.match(c.text) for c in own):
                self.kind = "amount"
            elif all(c.text.isdigit() for c in own):
                self.kind = "code"
            else:
                self.kind = "text"
        if len(own) >= 2:
            lefts, rights = [c.x0 for c in own], [c.x1 for c in own]
            left_spread, right_spread = max(lefts) - min(lefts), max(rights) - min(rights)
            if right_spread <= ALIGNED and left_spread > right_spread + ALIGNED:
                self.align = "right"
            elif left_spread <= ALIGNED and right_spread > left_spread + ALIGNED:
                self.align = "left"


def _only_over(chunk: Chunk, columns: list[_Column]) -> int | None:
    """The one column a chunk overlaps, or None (none, or several)."""
    over = [k for k, col in enumerate(columns) if overlap(chunk.x0, chunk.x1, col.x0, col.x1) > 0]
    return over[0] if len(over) == 1 else None


def _place_boundaries(columns: list[_Column], left: float, right: float) -> tuple[list[float], Bounds]:
    """Boundaries between columns: fixed by alignment (the cell padding known from the table's edges),
    by a header centred over a column whose other side is fixed, or else in the middle of the gap."""
    n = len(columns)
    pad = _padding(columns, left, right)
    fixed: list[float | None] = [left] + [None] * (n - 1) + [right]
    for j in range(1, n):
        before, after = columns[j - 1], columns[j]
        if before.align == "right":
            fixed[j] = min(before.end + pad, after.x0)
        elif after.align == "left":
            fixed[j] = max(after.start - pad, before.x1)
    for _ in range(2):  # a header centred over a column with one side fixed places the other
        for j in range(1, n):
            if fixed[j] is not None:
                continue
            before, after = columns[j - 1], columns[j]
            far = fixed[j + 1]
            if after.centre is not None and far is not None:
                fixed[j] = 2 * after.centre - far
            elif before.centre is not None and fixed[j - 1] is not None:
                fixed[j] = 2 * before.centre - fixed[j - 1]  # type: ignore[operator]
            if fixed[j] is not None:
                fixed[j] = min(max(fixed[j], before.x1), after.x0)  # type: ignore[type-var]
    xs = [left]
    bounds: Bounds = [(left, left)]
    for j in range(1, n):
        value = fixed[j]
        if value is None:
            gap = (columns[j - 1].x1, columns[j].x0)
            xs.append((gap[0] + gap[1]) / 2)
            bounds.append(gap)
        else:
            xs.append(value)
            bounds.append((value, value))
    xs.append(right)
    bounds.append((right, right))
    return xs, bounds


def _distance(chunk: Chunk, span: list[float]) -> float:
    return max(span[0] - chunk.x1, chunk.x0 - span[1], 0.0)
