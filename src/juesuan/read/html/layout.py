"""A web page's blocks laid out as page geometry, so the PDF reader's table recognition reads them.

One job: put the blocks of one HTML file (``document.read_blocks``) on one page of ``PageGeometry``:
each line of running text as a row of characters, each table as a ruled grid (a rule round every
cell; none inside a merged cell) with each cell's characters in it.  The PDF reader then finds the
tables by their titles, reads their headers with the same catalogue phrases, maps columns to the
model, follows 合计 rows and 类/款/项 codes, exactly as for a PDF: an HTML table has its columns, so
nothing is guessed.

The positions are those of a plain layout made here (characters 10 points high, CJK characters 10
points wide and others 5), not of the page a browser shows; the reader drops them from the model.
"""

from __future__ import annotations

from juesuan.read.html.document import Block, TableBlock, TextBlock
from juesuan.read.pdf.document import Char, PageGeometry, Segment

SIZE = 10.0  # font size (points)
LINE = 20.0  # height of a line of text and of a table row
MARGIN = 20.0
CELL_PAD = 5.0
MIN_COLUMN = 30.0
# Lines of text right above a table that go on its page (title, unit, a 续表 mark), and below it (notes).
LINES_ABOVE = 3
LINES_BELOW = 3


def _advance(ch: str) -> float:
    return SIZE if ord(ch) > 0x2E80 else SIZE / 2


def text_width(text: str) -> float:
    return sum(_advance(ch) for ch in text)


def _chars(text: str, x0: float, x1: float, top: float) -> list[Char]:
    """``text`` on one line from x0, squeezed evenly to end by x1 (a cell's text stays inside its cell)."""
    natural = text_width(text)
    squeeze = min(1.0, (x1 - x0) / natural) if natural > 0 else 1.0
    baseline = top + LINE - (LINE - SIZE) / 2
    out: list[Char] = []
    x = x0
    for ch in text:
        width = _advance(ch) * squeeze
        if not ch.isspace():
            out.append(Char(ch, x, baseline - SIZE, x + width, baseline + SIZE * 0.2, baseline, SIZE))
        x += width
    return out


def _column_widths(table: TableBlock) -> list[float]:
    widths = [MIN_COLUMN] * table.n_cols
    for cell in table.cells:
        if cell.c1 - cell.c0 == 1:
            widths[cell.c0] = max(widths[cell.c0], text_width(cell.text) + 2 * CELL_PAD)
    for cell in table.cells:  # a merged cell wider than its columns widens the last of them
        need = text_width(cell.text) + 2 * CELL_PAD - sum(widths[cell.c0:cell.c1])
        if need > 0:
            widths[cell.c1 - 1] += need
    return widths


def _table(table: TableBlock, top: float, chars: list[Char], segments: list[Segment]) -> float:
    """Lay a table out from ``top``; return where it ends."""
    xs = [MARGIN]
    for w in _column_widths(table):
        xs.append(xs[-1] + w)
    ys = [top + i * LINE for i in range(table.n_rows + 1)]
    for cell in table.cells:
        x0, x1, y0, y1 = xs[cell.c0], xs[cell.c1], ys[cell.r0], ys[cell.r1]
        segments.extend((Segment(x0, y0, x1, y0), Segment(x0, y1, x1, y1),
                         Segment(x0, y0, x0, y1), Segment(x1, y0, x1, y1)))
        middle = (y0 + y1 - LINE) / 2  # one line of text, centred in the cell
        chars.extend(_chars(cell.text, x0 + CELL_PAD, x1 - CELL_PAD, middle))
    return ys[-1]


def _page(number: int, blocks: list[Block], text_only: bool) -> PageGeometry:
    chars: list[Char] = []
    segments: list[Segment] = []
    y = MARGIN
    width = 0.0
    for block in blocks:
        if isinstance(block, TextBlock):
            chars.extend(_chars(block.text, MARGIN, MARGIN + text_width(block.text), y))
            width = max(width, text_width(block.text))
            y += LINE
        else:
            y += LINE / 2
            y = _table(block, y, chars, segments) + LINE / 2
            width = max(width, max((s.x1 for s in segments), default=0.0))
    # a page of running text only is made twice as tall as its text: no line of it is at the foot of a
    # page (where the PDF reader takes a title without a table to head the next page's table)
    height = (2 if text_only else 1) * y + MARGIN
    return PageGeometry(number, width + 2 * MARGIN, height, chars, segments)


def page_geometries(blocks: list[Block], first: int = 1) -> list[PageGeometry]:
    """The blocks as pages, numbered from ``first``, laid out as a printed report is: each table on a page of
    its own with the few lines of text right above it (title, unit, a 续表 mark) and its notes below (注：,
    说明：本表无数据, up to the next table's title); the running text between tables on pages of their own
    (so a table of contents never shares a page with a table)."""
    from juesuan.read.tables.catalogue import match_title

    tables = [i for i, b in enumerate(blocks) if isinstance(b, TableBlock)]
    pages: list[tuple[list[Block], bool]] = []  # blocks, text only
    start = 0
    for n, t in enumerate(tables):
        above = max(start, t - LINES_ABOVE)
        while above < t and not isinstance(blocks[above], TextBlock):
            above += 1
        if above > start:
            pages.append((blocks[start:above], True))
        end = t + 1
        limit = tables[n + 1] if n + 1 < len(tables) else len(blocks)
        while end < min(limit, t + 1 + LINES_BELOW):
            block = blocks[end]
            if not isinstance(block, TextBlock) or match_title(block.text) is not None:
                break
            end += 1
        pages.append((blocks[above:end], False))
        start = end
    if start < len(blocks) or not pages:
        pages.append((blocks[start:], True))
    return [_page(first + i, page_blocks, text_only) for i, (page_blocks, text_only) in enumerate(pages)]
