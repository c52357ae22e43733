"""Group a page's characters into printed lines of text (for the narrative and headings).

Characters are grouped by baseline (not by box: a char's box depends on its
glyph and font, and a value printed high in a table cell has a box that
reaches into the row above), then ordered left to right; a gap wider than
0.3 x the font size becomes a space.
"""

from __future__ import annotations

from juesuan.model import Box, TextLine
from juesuan.read.pdf.document import Char

SPACE_GAP = 0.3  # x font size
# Chars whose baselines differ by less than this x font size share a line.
BASELINE_TOLERANCE = 0.35


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into lines, top to bottom, each left to right."""
    ordered = sorted(chars, key=_baseline)  # each line is put in x order below
    lines: list[list[Char]] = []
    last: list[Char] = []
    for ch in ordered:  # the hottest loop of reading a page: no calls but the append
        if last:
            ref = last[-1]
            size = ref.size if ref.size > ch.size else ch.size
            gap = ch.baseline - ref.baseline
            if gap < 0:
                gap = -gap
            if gap <= BASELINE_TOLERANCE * (size if size > 1.0 else 1.0):
                last.append(ch)
                continue
        last = [ch]
        lines.append(last)
    for line in lines:
        line.sort(key=_left)
    return lines


def _left(ch: Char) -> float:
    return ch.x0


def _baseline(ch: Char) -> float:
    return ch.baseline


def line_text(chars: list[Char]) -> str:
    parts: list[str] = []
    prev: Char | None = None
    for ch in chars:
        if prev is not None:
            size = prev.size if prev.size > ch.size else ch.size
            if ch.x0 - prev.x1 > SPACE_GAP * (size if size > 1.0 else 1.0):
                parts.append(" ")
        parts.append(ch.text)
        prev = ch
    return "".join(parts)


def line_box(page: int, chars: list[Char]) -> Box:
    first = chars[0]
    x0, top, x1, bottom = first.x0, first.top, first.x1, first.bottom
    for c in chars:  # one pass, no calls: every line of every page comes here
        if c.x0 < x0:
            x0 = c.x0
        if c.top < top:
            top = c.top
        if c.x1 > x1:
            x1 = c.x1
        if c.bottom > bottom:
            bottom = c.bottom
    return Box(page, x0, top, x1, bottom)


def text_lines(page: int, chars: list[Char]) -> list[TextLine]:
    return [TextLine(line_text(cs), line_box(page, cs)) for cs in group_lines(chars)]
