"""Where to draw a finding's boxes: a cell as it is; a sentence line by line.

A sentence that wraps over three printed lines has one box in the model (the
union of its lines).  Drawn as one rectangle it would cross the lines around
it; drawn line by line, each box hugs one printed line.  A line's own box is
loose too (PDFium's character boxes follow the font's ascent and descent: a
line printed every 14 pt can have a 22 pt box), so each line's box is also
kept within half the distance to the lines above and below it.  Where the
sentence's text shows where it starts and ends inside the first and last
line, those two boxes are cut to it (by character widths: a CJK character is
one em, a digit or Latin letter half of one), so the box does not take in the
previous sentence on the same line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from juesuan.model import Box, TextLine

# a search key this long finds the start (or end) of a sentence inside its lines
_KEY = 12


def _clean(text: str) -> str:
    return "".join(text.split())


def _width(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.5


def _covers(line: Box, box: Box) -> bool:
    """The line lies within the box: most of its height inside, and some of its width."""
    if line.page != box.page:
        return False
    overlap = min(line.bottom, box.bottom) - max(line.top, box.top)
    height = max(line.bottom - line.top, 0.1)
    return overlap >= 0.5 * height and min(line.x1, box.x1) > max(line.x0, box.x0)


def _x_at(line: Box, text: str, offset: int, end: bool = False) -> float:
    """Where the ``offset``-th non-space character of a line's printed text starts (or, with ``end``, where the
    one before it ends), by character widths; the spaces the line was printed with count too."""
    printed = text.strip()
    places = [i for i, c in enumerate(printed) if not c.isspace()]
    if end:
        cut = places[offset - 1] + 1 if 0 < offset <= len(places) else (0 if offset <= 0 else len(printed))
    else:
        cut = places[offset] if offset < len(places) else len(printed)
    total = sum(_width(c) for c in printed) or 1.0
    before = sum(_width(c) for c in printed[:cut])
    return line.x0 + (line.x1 - line.x0) * before / total


def _band(line: Box, others: Sequence[Box]) -> tuple[float, float]:
    """The line's top and bottom, kept within half the distance to the nearest line above and below."""
    middle = (line.top + line.bottom) / 2
    half = (line.bottom - line.top) / 2
    for other in others:
        if other.page != line.page or min(other.x1, line.x1) <= max(other.x0, line.x0):
            continue
        distance = abs((other.top + other.bottom) / 2 - middle)
        if distance > 2.0:  # nearer is the same printed line (or a piece of it)
            half = min(half, distance / 2)
    return middle - half, middle + half


def _find(joined: str, target: str, near: tuple[int, int]) -> tuple[int, int] | None:
    """Where ``target`` is in ``joined``: the occurrence nearest the span ``near``; by its first and last
    characters when it is not there whole (a quoted sentence cut short)."""
    spans: list[tuple[int, int]] = []
    at = joined.find(target)
    while target and at >= 0:
        spans.append((at, at + len(target)))
        at = joined.find(target, at + 1)
    if not spans and len(target) > _KEY:
        head = joined.find(target[:_KEY])
        while head >= 0:
            tail = joined.find(target[-_KEY:], head)
            spans.append((head, tail + _KEY if tail >= 0 else min(len(joined), head + len(target))))
            head = joined.find(target[:_KEY], head + 1)
    if not spans:
        return None
    lo, hi = near
    return min(spans, key=lambda sp: 0 if sp[0] < hi and sp[1] > lo else min(abs(sp[0] - hi), abs(sp[1] - lo)))


def sentence_marks(box: Box, text: str | None, lines: Sequence[TextLine], reach: int = 6) -> list[Box]:
    """The boxes to draw for ``box``: one per printed line of the sentence ``text`` it points at (found in the
    lines up to ``reach`` lines around the box, and cut to the sentence), or ``box`` itself for a cell."""
    printed = [line for line in lines if line.box is not None and _clean(line.text)]
    covered = [i for i, line in enumerate(printed) if line.box is not None and _covers(line.box, box)]
    if not text or not covered:
        return [box]
    window = printed[max(0, covered[0] - reach):covered[-1] + reach + 1]
    first = max(0, covered[0] - reach)
    pieces = [_clean(line.text) for line in window]
    offsets = [sum(len(p) for p in pieces[:i]) for i in range(len(pieces) + 1)]
    joined = "".join(pieces)
    near = (offsets[covered[0] - first], offsets[covered[-1] - first + 1])
    found = _find(joined, _clean(text), near)
    start, end = found if found is not None else near
    others = [line.box for line in lines if line.box is not None]
    marks: list[Box] = []
    for i, line in enumerate(window):
        lo, hi = max(start, offsets[i]), min(end, offsets[i + 1])
        if lo >= hi or line.box is None:
            continue
        x0 = _x_at(line.box, line.text, lo - offsets[i])
        x1 = _x_at(line.box, line.text, hi - offsets[i], end=True)
        top, bottom = _band(line.box, others)
        marks.append(Box(line.box.page, x0, top, x1, bottom))
    return marks or [box]
