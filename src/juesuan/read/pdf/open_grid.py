"""Tables ruled only across (三线表), or not at all between their columns: grids from text alignment.

One job: where a table has horizontal rules but no vertical ones (only the top, header and
bottom rules of a 三线表, or a rule under every row), cut the region between its rules into
the same ``Grid`` a fully ruled table gives, so that reading it (table_layout, table_rows) does
not care how it was drawn.

The steps:

1. ``open_regions.open_regions``: where such a table may be (rules of one extent, stacked, not
   around a title or prose).
2. ``text_chunks``: the region's characters in printed lines, each line in chunks.
3. header lines: the lines before the first that holds an amount, a 科目 code or a 合计 label.
4. rows: a line with an amount, a code or a 合计 is a row; a line with neither belongs to the
   row nearest to it when closer than a row's pitch (a wrapped name), else it is its own row
   (a line whose amounts are blank); between rules, one band with one row's content is one row.
5. ``text_columns.find_columns``: the column boundaries, from the amounts' alignment and the
   header's chunks.
6. cells: a data chunk goes to the column of its centre; a header chunk heads the columns of
   its group (the rule drawn under it, or the widest span it is centred on), words wrapped in
   one column are joined (本年收入合 / 计), and a column with no header of its own shares its
   neighbour's (a code printed beside its name under one 科目 header).

Given the columns of the page before (``Grid.rebuild``), a continued page is cut by them, so
columns blank on this page keep their place.  Ruled grids ruled only in part (a frame without
column rules, columns ruled but not rows, a ruled header over an open body) are cut again the
same way (``recut_ruled``, ``extend_below``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from juesuan.amounts import is_amount
from juesuan.read.pdf.document import Char
from juesuan.read.pdf.grid import Grid, GridCell, Line
from juesuan.read.pdf.lines import group_lines
from juesuan.read.pdf.open_regions import EXTENT_SLACK, Region, band_kind, chars_inside, distinct, open_regions
from juesuan.read.pdf.text_chunks import Chunk, TextLine, overlap, text_lines
from juesuan.read.pdf.text_columns import Bounds, find_columns
from juesuan.read.tables.catalogue import LINE_NUMBER_LABELS, TOTAL_ROW_LABELS, is_header_text, label_key

# A line without amounts joins a row when nearer than this share of the rows' pitch.
WRAP_SHARE = 0.75
# Amount lines a region needs to be a table (or header chunks, for a table printed blank).
MIN_AMOUNT_LINES = 2
MIN_HEADER_CHUNKS = 3
# A ruled cell this many x its font size high may hold several rows that no rule parts.
TALL_CELL = 2.4
# A header is centred on columns when its centre is within this of where their centre may be (points).
CENTRED_SLACK = 3.0

_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")


# ---------------------------------------------------------------- the grid

def _anchor(line: TextLine) -> bool:
    """A line that is a table row by itself: it holds an amount, a code, or a 合计 label."""
    if label_key(line.chunks[0].text) in LINE_NUMBER_LABELS:
        return False  # a 栏次 row of column numbers belongs to the header
    return any(is_amount(c.text) or _CODE.match(c.text) for c in line.chunks) or _is_total(line)


def _is_total(line: TextLine) -> bool:
    return label_key(line.chunks[0].text) in TOTAL_ROW_LABELS


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
    inside = chars_inside(chars, region.left, region.right, region.top, region.bottom)
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
        columns, bounds = find_columns(header, data, region.left, region.right)
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
    cols = [j for j in range(len(xs) - 1) if overlap(chunk.x0, chunk.x1, xs[j], xs[j + 1]) > 0.5]
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
            if any(overlap(x, y, xs[a], xs[b]) > 0 for x, y in ((c.x0, c.x1) for c in line.chunks if c is not chunk)):
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
        if not chars or cell.bottom - cell.top < TALL_CELL * chars[0].size or cell.text.count(".") < 2:
            continue  # a cell one or two lines high, or not two amounts (0.00 0.00): passed over at once
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
    ys = [grid.bottom, *distinct([r.pos for r in below])]
    used: list[float] = []
    for a, b in itertools.pairwise(ys):
        kind = band_kind(chars_inside(chars, grid.x0, grid.x1, a, b), grid.x1 - grid.x0)
        if kind == "text":
            break
        used.append(b)
        if kind == "empty" and len(used) > 1:
            break
    while used and band_kind(chars_inside(chars, grid.x0, grid.x1, ([grid.bottom, *used])[-2], used[-1]),
                              grid.x1 - grid.x0) == "empty":
        used.pop()
    if not used:
        return None
    region = Region(grid.x0, grid.x1, [*grid.ys, *used])
    body = chars_inside(chars, grid.x0, grid.x1, grid.bottom, used[-1])
    whole = build_open_grid(grid.page, region, [ch for cell in grid.cells for ch in cell.chars] + body, list(grid.xs))
    if whole is None:
        return None
    return whole, [r for r in below if r.pos <= used[-1] + 1.0]
