"""Tables ruled only across (三线表), or not at all between their columns: grids from text alignment.

One job: where a table has horizontal rules but no vertical ones (only the top, header and
bottom rules of a 三线表, or a rule under every row), cut the region between its rules into
the same ``Grid`` a fully ruled table gives, so that reading it (table_layout, table_rows) does
not care how it was drawn.

The steps:

1. ``open_regions``: horizontal rules of the same extent, stacked, bound a region; the bands
   between them that hold a title or running text split it (a page's header and footer rules
   are not a table).
2. the region's characters, grouped into printed lines and each line into chunks (text
   separated by a gap wider than a space; narrower where digits meet, so amounts in adjacent
   columns part).
3. header lines: the lines before the first that holds an amount, a 科目 code or a 合计 label;
   lines of one column wrapped over two lines are joined (本年收入合 / 计).
4. rows: a line with an amount, a code or a 合计 is a row; a line with neither belongs to the
   row nearest to it when closer than a row's pitch (a wrapped name), else it is its own row
   (a line whose amounts are blank); between rules, one band with one row's content is one row.
5. columns: x ranges covered by the data rows' chunks (the amounts' alignment), plus header
   chunks over no data (a column blank in every row); a column with no header of its own is
   joined to its nearest neighbour (a code printed beside its name under one 科目 header).
6. cells: each chunk to the column(s) it overlaps; a chunk over several columns that nothing
   else in its row uses is one spanning cell (合计 over 类/款/项, 本年支出 over its parts).

Given the columns of the page before (``Grid.rebuild``), a continued page is cut by them, so
columns blank on this page keep their place.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from juesuan.amounts import is_amount
from juesuan.read.pdf.document import Char
from juesuan.read.pdf.grid import CENTRE_RISE, Grid, GridCell, Line
from juesuan.read.pdf.lines import group_lines
from juesuan.read.tables.catalogue import (
    LINE_NUMBER_LABELS,
    TOTAL_ROW_LABELS,
    is_header_text,
    label_key,
    match_title,
)

# Rules of one table: their ends within this of each other (points).
EXTENT_SLACK = 8.0
# A rule shorter than this bounds no table.
MIN_RULE = 100.0
# Chunks: text parts further apart than this x font size (or DIGIT_GAP where a digit meets the gap).
TEXT_GAP = 0.8
DIGIT_GAP = 0.2
# A line without amounts joins a row when nearer than this share of the rows' pitch.
WRAP_SHARE = 0.75
# A chunk wider than this share of the region, alone on its line, is running text.
PARAGRAPH_SHARE = 0.6
# Punctuation of running text, never printed in a table's cells.
SENTENCE_MARKS = ("。", "，", "；")
# Amount lines a region needs to be a table (or header chunks, for a table printed blank).
MIN_AMOUNT_LINES = 2
MIN_HEADER_CHUNKS = 3
# A header chunk over no data belongs to the data column this near (x font size), unless that column
# has a header on the same line.
NEAR_HEADER = 2.0
# A column's data are aligned to a side when their ends there lie within this (points).
ALIGNED = 1.0
# Space between a cell's side and its text when the table's edges do not show it (points).
DEFAULT_PADDING = 3.0
# A header is centred on columns when its centre is within this of where their centre may be (points).
CENTRED_SLACK = 3.0
# Chars whose centre is this far outside the rules' ends still belong to the region (points).
EDGE_SLACK = 3.0

_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_NOTE = re.compile(r"^(?:注|说明|备注)\s*[0-9]*\s*[:：]")
_DIGITISH = frozenset("0123456789,.-%")


@dataclass
class Chunk:
    """Text printed together on one line: one cell's content, or part of it."""

    chars: list[Char]
    x0: float
    x1: float
    text: str


@dataclass
class TextLine:
    chars: list[Char]
    chunks: list[Chunk]
    baseline: float
    size: float

    @property
    def centre(self) -> float:
        return self.baseline - CENTRE_RISE * self.size

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chunks)


@dataclass
class Region:
    """Where an open table may be: the rules' ends and the rules bounding it, top to bottom."""

    left: float
    right: float
    rules: list[float]  # y of every rule across the region, the first and last bound it
    inner: list[tuple[float, float, float]] = field(default_factory=list)  # shorter rules inside: y, start, end

    @property
    def top(self) -> float:
        return self.rules[0]

    @property
    def bottom(self) -> float:
        return self.rules[-1]


def chunks_of(chars: list[Char]) -> list[Chunk]:
    """One printed line's chars (left to right) cut where a gap is wider than a space."""
    out: list[Chunk] = []
    current: list[Char] = []
    for ch in chars:
        if current:
            prev = current[-1]
            gap = ch.x0 - prev.x1
            size = max(prev.size, ch.size, 1.0)
            digits = prev.text in _DIGITISH or ch.text in _DIGITISH
            if gap > (DIGIT_GAP if digits else TEXT_GAP) * size:
                out.append(_chunk(current))
                current = []
        current.append(ch)
    if current:
        out.append(_chunk(current))
    return out


def _chunk(chars: list[Char]) -> Chunk:
    return Chunk(chars, min(c.x0 for c in chars), max(c.x1 for c in chars), "".join(c.text for c in chars))


def text_lines(chars: list[Char]) -> list[TextLine]:
    out = []
    for line in group_lines(chars):
        sizes = sorted(c.size for c in line)
        out.append(TextLine(line, chunks_of(line), line[0].baseline, sizes[len(sizes) // 2]))
    return out


# ---------------------------------------------------------------- regions


def open_regions(rules: Sequence[Line], chars: Sequence[Char]) -> list[Region]:
    """Regions bounded by horizontal rules of one extent, split where a band holds a title or running text."""
    long_rules = sorted((r for r in rules if r.horizontal and r.end - r.start >= MIN_RULE), key=lambda r: r.pos)
    families: list[list[Line]] = []
    for rule in sorted(long_rules, key=lambda r: (r.start, r.end)):
        for family in families:
            if abs(family[0].start - rule.start) <= EXTENT_SLACK and abs(family[0].end - rule.end) <= EXTENT_SLACK:
                family.append(rule)
                break
        else:
            families.append([rule])
    regions: list[Region] = []
    for family in families:
        if len(family) < 2:
            continue
        family.sort(key=lambda r: r.pos)
        left, right = min(r.start for r in family), max(r.end for r in family)
        ys = _distinct([r.pos for r in family])
        kinds = [_band_kind(_inside(chars, left, right, a, b), right - left) for a, b in itertools.pairwise(ys)]
        start = 0
        for i in range(len(kinds) + 1):
            if i < len(kinds) and kinds[i] != "text":
                continue
            run = list(range(start, i))
            while run and kinds[run[0]] == "empty":
                run.pop(0)
            while run and kinds[run[-1]] == "empty":
                run.pop()
            if run:
                inner = [
                    (r.pos, r.start, r.end) for r in rules
                    if r.horizontal and left - EXTENT_SLACK <= r.start and r.end <= right + EXTENT_SLACK
                    and ys[run[0]] < r.pos < ys[run[-1] + 1] and r.pos not in ys
                ]
                regions.append(Region(left, right, ys[run[0]: run[-1] + 2], sorted(inner)))
            start = i + 1
    return sorted(regions, key=lambda r: r.top)


def _distinct(values: list[float], snap: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > snap:
            out.append(v)
    return out


def _inside(chars: Sequence[Char], left: float, right: float, top: float, bottom: float) -> list[Char]:
    out = []
    for ch in chars:
        x, y = (ch.x0 + ch.x1) / 2, ch.baseline - CENTRE_RISE * ch.size
        if left - EDGE_SLACK <= x <= right + EDGE_SLACK and top <= y <= bottom:
            out.append(ch)
    return out


def _band_kind(chars: list[Char], width: float) -> str:
    """"table" (a line in columns), "empty" (nothing, or lines of one short part), or "text" (a title, prose)."""
    if not chars:
        return "empty"
    lines = text_lines(chars)
    columns = False
    for line in lines:
        text = "".join(line.text.split())
        if match_title(text) or _NOTE.match(text):
            return "text"
        if len(line.chunks) == 1 and line.chunks[0].x1 - line.chunks[0].x0 > PARAGRAPH_SHARE * width:
            return "text"
        if any(mark in text for mark in SENTENCE_MARKS):
            return "text"  # prose, its figures spaced out from the words
        columns = columns or len(line.chunks) >= 2
    return "table" if columns else "empty"


# ---------------------------------------------------------------- the grid


def _anchor(line: TextLine) -> bool:
    """A line that is a table row by itself: it holds an amount, a code, or a 合计 label."""
    if label_key(line.chunks[0].text) in LINE_NUMBER_LABELS:
        return False  # a 栏次 row of column numbers belongs to the header
    return any(is_amount(c.text) or _CODE.match(c.text) for c in line.chunks) or _is_total(line)


def _is_total(line: TextLine) -> bool:
    return label_key(line.chunks[0].text) in TOTAL_ROW_LABELS


def _column_spans(chunks: Sequence[Chunk]) -> list[list[float]]:
    """x ranges covered by chunks, overlapping ranges joined."""
    spans: list[list[float]] = []
    for chunk in sorted(chunks, key=lambda c: c.x0):
        if spans and chunk.x0 < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], chunk.x1)
        else:
            spans.append([chunk.x0, chunk.x1])
    return spans


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


Bounds = list[tuple[float, float]]


def _columns(header: list[TextLine], data: list[TextLine], left: float, right: float) -> tuple[list[float], Bounds]:
    """Column boundaries (xs, left to right) from the data's alignment and the header's chunks.

    ``Bounds`` says where each boundary may really lie: a point where the alignment of the text
    fixes it, else the gap between the two columns' text (used to judge what a header is centred on).
    """
    data_chunks = [c for line in data for c in line.chunks if label_key(c.text) not in TOTAL_ROW_LABELS]
    spans = _column_spans(data_chunks)
    if not spans:  # a table printed blank: the header's lowest chunks
        spans = _column_spans(header[-1].chunks) if header else []
    # a header chunk over no data: the header of a narrow column whose data are aligned to one side,
    # or of a column blank in every row
    heads: list[list[Chunk]] = [[] for _ in spans]
    loose: list[tuple[int, Chunk]] = []
    for i, line in enumerate(header):
        for chunk in line.chunks:
            over = [k for k, (a, b) in enumerate(spans) if _overlap(chunk.x0, chunk.x1, a, b) > 0]
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
            alone = not any(_overlap(head.x0, head.x1, a, b) > 0 for j, (a, b) in enumerate(spans) if j != k)
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
    over = [k for k, col in enumerate(columns) if _overlap(chunk.x0, chunk.x1, col.x0, col.x1) > 0]
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


def chunk_size(chunk: Chunk) -> float:
    return max(ch.size for ch in chunk.chars)


def _rows(data: list[TextLine], bands: list[float], ruled_rows: bool) -> list[list[TextLine]]:
    """Data lines grouped into rows: by anchors, and by the rules between them."""
    anchors = [line for line in data if _anchor(line)]
    pitches = [
        b.baseline - a.baseline for a, b in itertools.pairwise(anchors)
        if _band(a, bands) == _band(b, bands)
    ]
    sizes = sorted(line.size for line in data) or [10.0]
    pitch = sorted(pitches)[len(pitches) // 2] if pitches else 1.6 * sizes[len(sizes) // 2]
    by_band: dict[int, list[TextLine]] = {}
    for line in data:
        by_band.setdefault(_band(line, bands), []).append(line)
    rows: list[list[TextLine]] = []
    for band in sorted(by_band):
        lines = by_band[band]
        band_anchors = [line for line in lines if _anchor(line)]
        if ruled_rows and len(band_anchors) <= 1:
            rows.append(lines)  # one ruled row, its name wrapped or its amounts blank
            continue
        groups: dict[int, list[TextLine]] = {id(a): [a] for a in band_anchors}
        for line in lines:
            if id(line) in groups:
                continue
            nearest = min(band_anchors, key=lambda a: abs(a.baseline - line.baseline), default=None)
            if nearest is not None and abs(nearest.baseline - line.baseline) < WRAP_SHARE * pitch:
                groups[id(nearest)].append(line)
            else:
                groups[id(line)] = [line]
        rows.extend(sorted((sorted(g, key=lambda ln: ln.baseline) for g in groups.values()),
                           key=lambda g: g[0].baseline))
    return rows


def _band(line: TextLine, bands: list[float]) -> int:
    return sum(1 for y in bands if y < line.centre)


def build_open_grid(page: int, region: Region, chars: Sequence[Char], xs: Sequence[float] | None = None) -> Grid | None:
    """The region cut into a grid by its text (and by ``xs`` when the columns are known); None if no table."""
    inside = _inside(chars, region.left, region.right, region.top, region.bottom)
    lines = [line for line in text_lines(inside) if line.chunks]
    if not lines:
        return None
    first_data = next((i for i, line in enumerate(lines) if _anchor(line)), len(lines))
    header, data = lines[:first_data], lines[first_data:]
    amount_lines = sum(1 for line in data if any(is_amount(c.text) for c in line.chunks))
    header_words = sum(1 for line in header for c in line.chunks if is_header_text(c.text))
    if amount_lines < MIN_AMOUNT_LINES and header_words < MIN_HEADER_CHUNKS:
        return None
    if xs is not None:
        columns, bounds = list(xs), [(x, x) for x in xs]
    else:
        columns, bounds = _columns(header, data, region.left, region.right)
    if len(columns) < 3:
        return None
    rules = sorted(region.rules[1:-1] + [y for y, _, _ in region.inner])
    ruled_rows = sum(1 for y in rules if data and y > data[0].centre - 1) >= max(1, len(data) // 2)
    rows = [[line] for line in header] + _rows(data, rules, ruled_rows)
    grid = _grid(page, region, columns, bounds, rows, len(header))
    grid.rebuild = lambda known: build_open_grid(page, region, chars, known)
    return grid


def _cols_of(chunk: Chunk, xs: Sequence[float]) -> tuple[int, int]:
    """Elementary columns (c0, c1) a chunk overlaps by more than a sliver."""
    cols = [j for j in range(len(xs) - 1) if _overlap(chunk.x0, chunk.x1, xs[j], xs[j + 1]) > 0.5]
    if not cols:
        return _col_at((chunk.x0 + chunk.x1) / 2, xs, 0, len(xs) - 1)
    return cols[0], cols[-1] + 1


def _col_at(x: float, xs: Sequence[float], c0: int, c1: int) -> tuple[int, int]:
    """The column among c0..c1 (exclusive) that holds x (the nearest at either end)."""
    c = next((k for k in range(c0, c1) if x < xs[k + 1]), c1 - 1)
    return c, c + 1


@dataclass
class _Piece:
    """A cell being built: rows r0..r1 and columns c0..c1 (exclusive), its chars."""

    r0: int
    r1: int
    c0: int
    c1: int
    chars: list[Char]

    @property
    def text(self) -> str:
        return "".join(ch.text for ch in self.chars)


def _header_pieces(header: list[TextLine], xs: list[float], bounds: Bounds,
                   rules: list[tuple[float, float, float]]) -> list[_Piece]:
    """Header cells: each chunk over the columns of its group; words wrapped in one column joined."""
    n_cols = len(xs) - 1
    overlaps = [[_cols_of(c, xs) for c in line.chunks] for line in header]
    # the first header line below each line at which each column has text
    first_below: list[list[int | None]] = []
    for i in range(len(header)):
        row: list[int | None] = []
        for c in range(n_cols):
            row.append(next((k for k in range(i + 1, len(header)) if any(a <= c < b for a, b in overlaps[k])), None))
        first_below.append(row)
    pieces: list[_Piece] = []
    for i, line in enumerate(header):
        claimed = {c for a, b in overlaps[i] for c in range(a, b)}
        for chunk, (a, b) in zip(line.chunks, overlaps[i], strict=True):
            if any(_overlap(x, y, xs[a], xs[b]) > 0 for x, y in ((c.x0, c.x1) for c in line.chunks if c is not chunk)):
                a, b = _col_at((chunk.x0 + chunk.x1) / 2, xs, a, b)  # shares its columns: its centre's column
            else:
                a, b = _group_span(chunk, a, b, xs, bounds, claimed, first_below[i], line.baseline, rules)
            claimed.update(range(a, b))
            pieces.append(_Piece(i, i + 1, a, b, list(chunk.chars)))
    return _join_wrapped(pieces, header)


def _group_span(chunk: Chunk, a: int, b: int, xs: list[float], bounds: Bounds, claimed: set[int],
                below: list[int | None], baseline: float, rules: list[tuple[float, float, float]]) -> tuple[int, int]:
    """The columns a header chunk heads: those of the rule drawn under it, or the widest span centred on it.

    A group header (本年支出 over 合计/基本支出/项目支出) is printed centred over its columns, so
    it may overlap only the middle one.  Columns join it when no other chunk of its line claims
    them, their own header starts on the same line below as the columns it overlaps (a column
    headed by a taller cell starts elsewhere), and the span stays centred on the chunk.
    """
    centre = (chunk.x0 + chunk.x1) / 2
    size = max(ch.size for ch in chunk.chars)
    for y, start, end in rules if below[a] is not None else ():
        # a rule drawn under a group header, across its group (booktabs' cmidrule)
        if baseline < y < baseline + 1.5 * size and start <= centre <= end:
            cols = [c for c in range(len(xs) - 1) if start - 1.0 <= (xs[c] + xs[c + 1]) / 2 <= end + 1.0]
            if cols and cols[0] <= a and b <= cols[-1] + 1 and not any(
                c in claimed and not a <= c < b for c in cols
            ):
                return cols[0], cols[-1] + 1
    if _centred(centre, bounds, a, b):
        # centred on the columns it overlaps: it may head more, those whose headers start on the same
        # line below as the overlapped columns' (not a column whose taller header starts higher)
        level = below[a]
        if level is None:
            return a, b
        lo, hi = a, b
        while lo - 1 >= 0 and (lo - 1) not in claimed and below[lo - 1] == level:
            lo -= 1
        while hi < len(xs) - 1 and hi not in claimed and below[hi] == level:
            hi += 1
        best = (a, b)
        for left in range(lo, a + 1):
            for right in range(b, hi + 1):
                if _centred(centre, bounds, left, right) and right - left > best[1] - best[0]:
                    best = (left, right)
        return best
    # not centred on what it overlaps: the narrowest span of free columns it is centred on
    lo, hi = a, b
    while lo - 1 >= 0 and (lo - 1) not in claimed and below[lo - 1] is not None:
        lo -= 1
    while hi < len(xs) - 1 and hi not in claimed and below[hi] is not None:
        hi += 1
    spans = [
        (right - left, left, right) for left in range(lo, a + 1) for right in range(b, hi + 1)
        if _centred(centre, bounds, left, right)
    ]
    if spans:
        _, left, right = min(spans)
        return left, right
    return a, b


def _centred(centre: float, bounds: Bounds, a: int, b: int) -> bool:
    """Whether ``centre`` may be the centre of columns a..b, their outer boundaries anywhere in their gaps."""
    low = (bounds[a][0] + bounds[b][0]) / 2
    high = (bounds[a][1] + bounds[b][1]) / 2
    return low - CENTRED_SLACK <= centre <= high + CENTRED_SLACK


def _join_wrapped(pieces: list[_Piece], header: list[TextLine]) -> list[_Piece]:
    """A header piece under another of the same columns that only wraps its words is joined to it.

    Lines of other columns may be printed between the two (a taller cell's text sits between).
    """
    out: list[_Piece] = []
    for piece in sorted(pieces, key=lambda p: (p.r0, p.c0)):
        above = None
        for p in reversed(out):
            if p.r1 <= piece.r0 and p.c0 < piece.c1 and piece.c0 < p.c1:
                above = p  # the nearest piece above over any of these columns
                break
        if above is not None and (above.c0, above.c1) == (piece.c0, piece.c1) and _wrap(above, piece, header):
            above.r1 = piece.r1
            above.chars.extend(piece.chars)
            continue
        out.append(piece)
    return out


def _wrap(above: _Piece, piece: _Piece, header: list[TextLine]) -> bool:
    upper, lower = header[above.r1 - 1], header[piece.r0]
    if lower.baseline - upper.baseline > 1.6 * max(upper.size, lower.size):
        return False
    return not (is_header_text(above.text) and is_header_text(piece.text)) or _known_phrase(above.text + piece.text)


def _known_phrase(text: str) -> bool:
    from juesuan.read.tables.catalogue import COLUMN_PHRASES

    key = label_key(text)
    return any(key in phrases for table in COLUMN_PHRASES.values() for _, phrases in table)


def _grid(page: int, region: Region, xs: list[float], bounds: Bounds, rows: list[list[TextLine]],
          n_header: int) -> Grid:
    n_cols = len(xs) - 1
    ys = [region.top]
    for upper, lower in itertools.pairwise(rows):
        ys.append((max(ln.centre for ln in upper) + min(ln.centre for ln in lower)) / 2)
    ys.append(region.bottom)
    pieces = _header_pieces([row[0] for row in rows[:n_header]], xs, bounds, region.inner)
    for r in range(n_header, len(rows)):
        by_col: dict[int, list[Char]] = {}
        for chunk in (c for line in rows[r] for c in line.chunks):
            a, b = _cols_of(chunk, xs)
            c0, _ = _col_at((chunk.x0 + chunk.x1) / 2, xs, a, b) if b - a > 1 else (a, b)
            by_col.setdefault(c0, []).extend(chunk.chars)
        pieces.extend(_Piece(r, r + 1, c, c + 1, chars) for c, chars in by_col.items())
    cells: list[GridCell] = []
    index: dict[tuple[int, int], GridCell] = {}
    for piece in pieces:
        cell = GridCell(xs[piece.c0], ys[piece.r0], xs[piece.c1], ys[piece.r1], piece.r0, piece.r1, piece.c0,
                        piece.c1, piece.chars)
        cells.append(cell)
        for r in range(piece.r0, piece.r1):
            for c in range(piece.c0, piece.c1):
                index[(r, c)] = cell
    for r in range(len(rows)):
        for c in range(n_cols):
            if (r, c) not in index:
                cell = GridCell(xs[c], ys[r], xs[c + 1], ys[r + 1], r, r + 1, c, c + 1, [])
                cells.append(cell)
                index[(r, c)] = cell
    _give_headerless_columns_a_header(cells, index, n_header, n_cols)
    cells.sort(key=lambda c: (c.r0, c.c0))
    return Grid(page, xs, ys, cells, index)


def _give_headerless_columns_a_header(cells: list[GridCell], index: dict[tuple[int, int], GridCell],
                                      n_header: int, n_cols: int) -> None:
    """A column with no header text above it shares the header cells of its nearest neighbour.

    Codes printed beside their names (2010101 行政运行) under one 科目 header form two columns of
    text; the header says they are one.
    """
    if n_header == 0:
        return
    for c in range(n_cols):
        if any(index[(r, c)].text for r in range(n_header)):
            continue
        neighbours = [k for k in (c - 1, c + 1) if 0 <= k < n_cols and any(index[(r, k)].text for r in range(n_header))]
        if not neighbours:
            continue
        k = min(neighbours, key=lambda k: _gutter(index, n_header, len({r for r, _ in index}), c, k))
        for r in range(n_header):
            cell, blank = index[(r, k)], index[(r, c)]
            if blank is cell or blank.r0 != r or not cell.text or (cell.r0, cell.r1) != (blank.r0, blank.r1):
                continue
            cells.remove(blank)
            cell.c0, cell.c1 = min(cell.c0, c), max(cell.c1, c + 1)
            cell.x0, cell.x1 = min(cell.x0, blank.x0), max(cell.x1, blank.x1)
            index[(r, c)] = cell


def _gutter(index: dict[tuple[int, int], GridCell], n_header: int, n_rows: int, c: int, k: int) -> float:
    """The narrowest gap between the text of columns c and k over the data rows."""
    best = float("inf")
    for r in range(n_header, n_rows):
        a, b = index[(r, c)], index[(r, k)]
        if a is b or not a.chars or not b.chars:
            continue
        left, right = (a, b) if k > c else (b, a)
        best = min(best, min(ch.x0 for ch in right.chars) - max(ch.x1 for ch in left.chars))
    return best


def find_open_grids(page: int, rules: Sequence[Line], chars: list[Char]) -> tuple[list[Grid], list[Char]]:
    """Tables ruled only across among ``rules``, and the chars outside them."""
    grids: list[Grid] = []
    rest = chars
    for region in open_regions(rules, chars):
        grid = build_open_grid(page, region, rest)
        if grid is None:
            continue
        grids.append(grid)
        taken = {id(ch) for cell in grid.cells for ch in cell.chars}
        rest = [ch for ch in rest if id(ch) not in taken]
    return grids, rest


# ---------------------------------------------------------------- ruled grids ruled only in part


def recut_ruled(grid: Grid) -> Grid | None:
    """A ruled grid whose columns, or rows, were not ruled inside: the grid cut again by its text.

    A frame with rules across but none down (one column) is cut into columns by the text's
    alignment; a grid with its columns ruled but several rows of amounts in one band is cut into
    rows by its lines, its ruled columns kept.  None when the grid is fine as ruled.
    """
    if grid.n_cols == 1 and grid.n_rows >= 2:
        xs: list[float] | None = None
    elif _rows_unruled(grid):
        xs = list(grid.xs)
    else:
        return None
    chars = [ch for cell in grid.cells for ch in cell.chars]
    return build_open_grid(grid.page, Region(grid.x0, grid.x1, list(grid.ys)), chars, xs)


def _rows_unruled(grid: Grid) -> bool:
    """Whether a cell of the grid holds amounts on several lines (rows that no rule parts)."""
    for cell in grid.cells:
        chars = cell.chars
        if len(chars) < 6 or sum(1 for ch in chars if ch.text == ".") < 2:
            continue  # not two amounts (0.00 0.00): the common cell, passed over at once
        size = max(ch.size for ch in chars)
        if max(ch.baseline for ch in chars) - min(ch.baseline for ch in chars) < 0.8 * size:
            continue
        amounts = sum(1 for line in group_lines(list(chars)) if is_amount("".join(ch.text for ch in line)))
        if amounts >= 2:
            return True
    return False


def extend_below(grid: Grid, rules: Sequence[Line], chars: list[Char]) -> tuple[Grid, list[Line]] | None:
    """A ruled header whose body below is ruled only across (or not at all, down to a closing rule).

    The rules across of the grid's width below it, down to a title or running text, bound the
    body; the grid's ruled columns cut it.  Returns the whole table as one grid and the rules used.
    """
    below = sorted((r for r in rules if r.horizontal and r.pos > grid.bottom + 1.0
                    and abs(r.start - grid.x0) <= EXTENT_SLACK and abs(r.end - grid.x1) <= EXTENT_SLACK),
                   key=lambda r: r.pos)
    if not below:
        return None
    ys = [grid.bottom, *_distinct([r.pos for r in below])]
    used: list[float] = []
    for a, b in itertools.pairwise(ys):
        kind = _band_kind(_inside(chars, grid.x0, grid.x1, a, b), grid.x1 - grid.x0)
        if kind == "text":
            break
        used.append(b)
        if kind == "empty" and len(used) > 1:
            break
    while used and _band_kind(_inside(chars, grid.x0, grid.x1, ([grid.bottom, *used])[-2], used[-1]),
                              grid.x1 - grid.x0) == "empty":
        used.pop()
    if not used:
        return None
    region = Region(grid.x0, grid.x1, [*grid.ys, *used])
    inside = [ch for cell in grid.cells for ch in cell.chars] + _inside(chars, grid.x0, grid.x1, grid.bottom, used[-1])
    whole = build_open_grid(grid.page, region, inside, list(grid.xs))
    if whole is None:
        return None
    return whole, [r for r in below if r.pos <= used[-1] + 1.0]
