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

from collections.abc import Sequence
from dataclasses import dataclass

from juesuan.read.pdf.text_chunks import Chunk, TextLine, chunk_size, overlap
from juesuan.read.tables.catalogue import TOTAL_ROW_LABELS, label_key

# A header chunk over no data belongs to the data column this near (x font size), unless that column
# has a header on the same line.
NEAR_HEADER = 2.0
# A column's data are aligned to a side when their ends there lie within this (points).
ALIGNED = 1.0
# Space between a cell's side and its text when the table's edges do not show it (points).
DEFAULT_PADDING = 3.0

Bounds = list[tuple[float, float]]


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
    blank: list[Chunk] = []
    for i, chunk in loose:
        near = min(range(len(spans)), key=lambda k: _distance(chunk, spans[k]), default=None)
        if (
            near is not None
            and _distance(chunk, spans[near]) <= NEAR_HEADER * chunk_size(chunk)
            and not any(lines_of[id(h)] == i for h in heads[near])  # its neighbour has a header on this line
        ):
            heads[near].append(chunk)
            spans[near] = [min(spans[near][0], chunk.x0), max(spans[near][1], chunk.x1)]
        elif i == len(header) - 1 or _has_sibling(chunk, i, spans, heads, lines_of):
            blank.append(chunk)
        # else a group header over gaps only (支出 over 项目 | 决算数): no column of its own
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


def _has_sibling(chunk: Chunk, line: int, spans: list[list[float]], heads: list[list[Chunk]],
                 lines_of: dict[int, int]) -> bool:
    """Whether a column beside the chunk has a header of its own on its line: then it heads a column, not a group."""
    left = max((k for k, (_, b) in enumerate(spans) if b <= chunk.x0), default=None, key=lambda k: spans[k][1])
    right = min((k for k, (a, _) in enumerate(spans) if a >= chunk.x1), default=None, key=lambda k: spans[k][0])
    for k in (left, right):
        if k is None:
            continue
        for head in heads[k]:
            alone = not any(overlap(head.x0, head.x1, a, b) > 0 for j, (a, b) in enumerate(spans) if j != k)
            if lines_of[id(head)] == line and alone:
                return True
    return False


@dataclass


class _Column:
    """A column found in the text: the x range its text covers, how its data are aligned, its header's centre."""

    x0: float
    x1: float
    align: str | None = None  # "left" or "right" when the data show it
    centre: float | None = None  # centre of a header chunk over this column alone
    start: float = 0.0  # where its data start and end (x0 / x1 of the data, not the header)
    end: float = 0.0

    def describe(self, data_chunks: list[Chunk]) -> None:
        own = [c for c in data_chunks if self.x0 <= (c.x0 + c.x1) / 2 <= self.x1]
        self.start = min((c.x0 for c in own), default=self.x0)
        self.end = max((c.x1 for c in own), default=self.x1)
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
    pads = []
    if n and columns[0].align == "left":
        pads.append(columns[0].start - left)
    if n and columns[-1].align == "right":
        pads.append(right - columns[-1].end)
    pad = min(pads) if pads else DEFAULT_PADDING
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
