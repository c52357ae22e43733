"""Ruled grids from page geometry: segments -> lines -> grids -> cells.

One job: find the ruled tables drawn on a page and cut each into its cells,
with the characters printed in each cell.  Nothing here knows about 部门决算;
reading the cells as a standard table is pdf_table_layout's job.

The steps, each a small function that can be tested on its own:

1. ``merge_lines``: ruling segments snapped to common rows / columns and
   joined where they touch (WPS and ONLYOFFICE draw each cell side apart).
2. ``connected_groups``: lines that cross or touch form one grid.
3. ``build_grid``: the grid's distinct x and y positions cut it into
   elementary cells; neighbouring elementary cells with no ruling line between
   them are one printed cell (merged header cells, 合计 over 类/款/项).
4. characters go to the elementary cell that holds their visual centre
   (baseline minus a third of the font size), so values printed near the top
   of a tall cell, or on a baseline below the name's, land in the right cell.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from juesuan.model import Box
from juesuan.read.pdf.document import Char, Segment
from juesuan.read.pdf.lines import group_lines

# Positions closer than this (points) are the same ruling position.
SNAP = 1.5
# Collinear pieces with a gap up to this are one line.
JOIN_GAP = 2.0
# Dashes: pieces up to DASH_MAX long, up to DASH_GAP apart, at least MIN_DASHES in a run, are one line.
DASH_MAX = 12.0
DASH_GAP = 6.0
MIN_DASHES = 3
# A border covers an elementary edge when it reaches within this of both ends.
COVER_SLACK = 2.0
# A rule reaching this far past the outermost cross rule marks an open side (points).
OPEN_SIDE = 4.0
# A grid needs at least this many rows and columns of lines to be a table.
MIN_LINES = 2
# Chars whose baselines are within this x font size of a cell's first char are one line.
ONE_LINE = 0.2
# Visual centre of a glyph: baseline minus this x font size.
CENTRE_RISE = 0.35


@dataclass(frozen=True, slots=True)
class Line:
    """A merged ruling line: horizontal (at ``pos`` = y, from ``start`` to ``end`` in x) or vertical."""

    horizontal: bool
    pos: float
    start: float
    end: float


@dataclass
class GridCell:
    """One printed cell: its box, the elementary rows/columns it spans, and its characters."""

    x0: float
    top: float
    x1: float
    bottom: float
    r0: int
    r1: int  # exclusive
    c0: int
    c1: int  # exclusive
    chars: list[Char] = field(default_factory=list)
    _text: str | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        """Lines of the cell joined without separators, all whitespace removed (names wrap over lines)."""
        if self._text is None:
            chars = self.chars
            first = chars[0] if chars else None
            if first is not None and all(abs(c.baseline - first.baseline) <= ONE_LINE * first.size for c in chars):
                # one printed line (most cells): left to right
                text = "".join(c.text for c in sorted(chars, key=lambda c: c.x0))
            else:
                text = "".join("".join(c.text for c in line) for line in group_lines(chars))
            self._text = text.replace(" ", "")
        return self._text

    def box(self, page: int) -> Box:
        return Box(page, self.x0, self.top, self.x1, self.bottom)


@dataclass
class Grid:
    """A ruled table on one page: positions of its lines and its printed cells."""

    page: int
    xs: list[float]
    ys: list[float]
    cells: list[GridCell]
    index: dict[tuple[int, int], GridCell]  # (row, col) of every elementary cell -> its printed cell
    # a grid cut by its text (open_grid): cut it again by given column positions (a continued page)
    rebuild: Callable[[Sequence[float]], Grid | None] | None = field(default=None, repr=False, compare=False)

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    @property
    def x0(self) -> float:
        return self.xs[0]

    @property
    def x1(self) -> float:
        return self.xs[-1]

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    def at(self, row: int, col: int) -> GridCell:
        return self.index[(row, col)]

    def cells_starting_in_row(self, row: int) -> list[GridCell]:
        return [c for c in self.cells if c.r0 == row]


def char_centre(ch: Char) -> tuple[float, float]:
    return (ch.x0 + ch.x1) / 2, ch.baseline - CENTRE_RISE * ch.size


def _cluster(values: Iterable[float], snap: float = SNAP) -> list[float]:
    """Sorted positions with near neighbours merged to their mean."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= snap:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _snap_to(value: float, positions: Sequence[float]) -> float:
    """The position in sorted ``positions`` nearest to ``value``."""
    i = bisect.bisect_left(positions, value)
    if i == 0:
        return positions[0]
    if i == len(positions):
        return positions[-1]
    before, after = positions[i - 1], positions[i]
    return before if value - before <= after - value else after


def merge_lines(segments: Iterable[Segment]) -> list[Line]:
    """Segments snapped to shared positions and joined where collinear pieces touch or overlap."""
    pieces: dict[bool, list[tuple[float, float, float]]] = {True: [], False: []}
    for s in segments:
        if s.horizontal:
            pieces[True].append(((s.top + s.bottom) / 2, min(s.x0, s.x1), max(s.x0, s.x1)))
        else:
            pieces[False].append(((s.x0 + s.x1) / 2, min(s.top, s.bottom), max(s.top, s.bottom)))
    lines: list[Line] = []
    for horizontal, items in pieces.items():
        if not items:
            continue
        positions = _cluster(p for p, _, _ in items)
        by_pos: dict[float, list[tuple[float, float]]] = {}
        for pos, a, b in items:
            by_pos.setdefault(_snap_to(pos, positions), []).append((a, b))
        for pos, spans in by_pos.items():
            lines.extend(Line(horizontal, pos, a, b) for a, b in _join_spans(spans))
    return lines


def _join_spans(spans: list[tuple[float, float]]) -> Iterator[tuple[float, float]]:
    """Collinear pieces joined where they touch; short dashes joined across their gaps.

    A line drawn as a run of dashes (at least ``MIN_DASHES`` pieces no longer than ``DASH_MAX``,
    at most ``DASH_GAP`` apart) is one rule; its ends are extended by its widest gap, because a
    dash pattern rarely ends exactly on the rule it meets.
    """
    spans.sort()
    cur_a, cur_b = spans[0]
    last_len = cur_b - cur_a
    dashes, widest = 1, 0.0
    for a, b in spans[1:]:
        gap = a - cur_b
        if gap <= JOIN_GAP or (gap <= DASH_GAP and b - a <= DASH_MAX and last_len <= DASH_MAX):
            if gap > JOIN_GAP:
                dashes += 1
                widest = max(widest, gap)
            cur_b = max(cur_b, b)
        else:
            yield _dash_ends(cur_a, cur_b, dashes, widest)
            cur_a, cur_b, dashes, widest = a, b, 1, 0.0
        last_len = b - a
    yield _dash_ends(cur_a, cur_b, dashes, widest)


def _dash_ends(a: float, b: float, dashes: int, widest: float) -> tuple[float, float]:
    return (a - widest, b + widest) if dashes >= MIN_DASHES else (a, b)


def _touch(h: Line, v: Line, slack: float = JOIN_GAP) -> bool:
    return (h.start - slack <= v.pos <= h.end + slack) and (v.start - slack <= h.pos <= v.end + slack)


def connected_groups(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped by crossing or touching; each group with enough rows and columns is one grid."""
    parent = list(range(len(lines)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, ln in enumerate(lines) if ln.horizontal]
    vs = [i for i, ln in enumerate(lines) if not ln.horizontal]
    for i in hs:
        for j in vs:
            if _touch(lines[i], lines[j]):
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[ri] = rj
    groups: dict[int, list[Line]] = {}
    for i, ln in enumerate(lines):
        groups.setdefault(find(i), []).append(ln)
    out = []
    for group in groups.values():
        n_h = len({round(ln.pos) for ln in group if ln.horizontal})
        n_v = len({round(ln.pos) for ln in group if not ln.horizontal})
        if n_h >= MIN_LINES and n_v >= MIN_LINES:
            out.append(group)
    out.sort(key=lambda g: min(ln.pos for ln in g if ln.horizontal))
    return out


def _covered(lines: list[Line], pos: float, a: float, b: float) -> bool:
    """Whether one of ``lines`` at ``pos`` runs from a to b."""
    return any(
        abs(ln.pos - pos) <= SNAP and ln.start <= a + COVER_SLACK and ln.end >= b - COVER_SLACK for ln in lines
    )


def _with_open_sides(positions: list[float], across: list[Line]) -> list[float]:
    """Positions, plus the ends of the lines running across them where a table leaves a side open.

    Some tables draw no outer left/right (or top/bottom) rule: the rules across still end at the
    table's edge, and the outer column lies between that end and the first rule.
    """
    if not positions or not across:
        return positions
    start, end = min(ln.start for ln in across), max(ln.end for ln in across)
    out = list(positions)
    if start < out[0] - OPEN_SIDE:
        out.insert(0, start)
    if end > out[-1] + OPEN_SIDE:
        out.append(end)
    return out


def build_grid(page: int, lines: list[Line], chars: Iterable[Char] = ()) -> Grid:
    """Cut one connected group of lines into printed cells and put ``chars`` in them."""
    hs = [ln for ln in lines if ln.horizontal]
    vs = [ln for ln in lines if not ln.horizontal]
    ys = _with_open_sides(_cluster(ln.pos for ln in hs), vs)
    xs = _with_open_sides(_cluster(ln.pos for ln in vs), hs)
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    hs_at = {i: [ln for ln in hs if abs(ln.pos - y) <= SNAP] for i, y in enumerate(ys)}
    vs_at = {j: [ln for ln in vs if abs(ln.pos - x) <= SNAP] for j, x in enumerate(xs)}
    parent = {(r, c): (r, c) for r in range(n_rows) for c in range(n_cols)}

    def find(k: tuple[int, int]) -> tuple[int, int]:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def union(a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and not _covered(vs_at[c + 1], xs[c + 1], ys[r], ys[r + 1]):
                union((r, c), (r, c + 1))
            if r + 1 < n_rows and not _covered(hs_at[r + 1], ys[r + 1], xs[c], xs[c + 1]):
                union((r, c), (r + 1, c))
    members: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for key in parent:
        members.setdefault(find(key), []).append(key)
    cells: list[GridCell] = []
    index: dict[tuple[int, int], GridCell] = {}
    for group in members.values():
        r0 = min(r for r, _ in group)
        r1 = max(r for r, _ in group) + 1
        c0 = min(c for _, c in group)
        c1 = max(c for _, c in group) + 1
        cell = GridCell(xs[c0], ys[r0], xs[c1], ys[r1], r0, r1, c0, c1)
        cells.append(cell)
        for key in group:
            index[key] = cell
    cells.sort(key=lambda c: (c.r0, c.c0))
    grid = Grid(page, xs, ys, cells, index)
    place_chars(grid, chars)
    return grid


def place_chars(grid: Grid, chars: Iterable[Char]) -> list[Char]:
    """Put each char in the cell holding its visual centre; return the chars outside the grid."""
    outside: list[Char] = []
    xs, ys = grid.xs, grid.ys
    left, right, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
    last_row, last_col = len(ys) - 2, len(xs) - 2
    for ch in chars:
        x, y = (ch.x0 + ch.x1) / 2, ch.baseline - CENTRE_RISE * ch.size  # char_centre, inlined: hot loop
        if not (left <= x <= right and top <= y <= bottom):
            outside.append(ch)
            continue
        r = min(bisect.bisect_right(ys, y) - 1, last_row)
        c = min(bisect.bisect_right(xs, x) - 1, last_col)
        cell = grid.index[(r, c)]
        cell.chars.append(ch)
        cell._text = None
    return outside


def find_grids(page: int, segments: Iterable[Segment], chars: list[Char]) -> tuple[list[Grid], list[Char]]:
    """The page's ruled grids with their characters, and the characters outside every grid.

    A single box (a frame round the page or round a paragraph) is not a table.  A grid drawn
    inside another's box takes its characters first.
    """
    lines = merge_lines(segments)
    groups = connected_groups(lines)
    grids = [build_grid(page, group) for group in groups]
    grids = [g for g in grids if g.n_rows * g.n_cols > 1]
    rest = chars
    for grid in sorted(grids, key=lambda g: (g.x1 - g.x0) * (g.bottom - g.top)):
        rest = place_chars(grid, rest)
    in_groups = {id(ln) for group in groups for ln in group}
    across = [ln for ln in lines if ln.horizontal and id(ln) not in in_groups]
    if grids or across:
        from juesuan.read.pdf.open_grid import extend_below, find_open_grids, recut_ruled

        for i, grid in enumerate(grids):
            # ruled in part: a frame without columns, rows without rules, a ruled header over an open body
            extended = extend_below(grid, across, rest) if across else None
            if extended is not None:
                grids[i], used = extended
                taken = {id(ch) for cell in grids[i].cells for ch in cell.chars}
                rest = [ch for ch in rest if id(ch) not in taken]
                across = [ln for ln in across if all(ln is not u for u in used)]
            else:
                grids[i] = recut_ruled(grid) or grid
        # horizontal rules of no ruled grid: tables ruled only across (三线表)
        if across and rest:
            found, rest = find_open_grids(page, across, rest)
            if found:
                grids = sorted(grids + found, key=lambda g: g.top)
    return grids, rest
