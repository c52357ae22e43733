"""Where a table ruled only across may be: regions between horizontal rules of one extent.

One job: from a page's horizontal rules that belong to no ruled grid, the regions a 三线表 (or a
table with a rule under every row) may fill.  Rules of the same extent, stacked, bound a
region; a band between two of them that holds a title or running text splits it, so that a
page's header and footer rules around prose are no table.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from juesuan.read.pdf.document import Char
from juesuan.read.pdf.grid import CENTRE_RISE, Line
from juesuan.read.pdf.text_chunks import TextLine, text_lines
from juesuan.read.tables.catalogue import match_title

# Rules of one table: their ends within this of each other (points).
EXTENT_SLACK = 8.0
# A rule shorter than this bounds no table.
MIN_RULE = 100.0
# A chunk wider than this share of the region, alone on its line, is running text.
PARAGRAPH_SHARE = 0.6
# Punctuation of running text, never printed in a table's cells.
SENTENCE_MARKS = ("。", "，", "；")
# Chars whose centre is this far outside the rules' ends still belong to the region (points).
EDGE_SLACK = 3.0
_NOTE = re.compile(r"^(?:注|说明|备注)\s*[0-9]*\s*[:：]")
# A unit or 编制单位 line printed over a table.
_UNIT = re.compile(r"(?:单位|编制部门)[:：]")
# Rows beyond a table's last rule follow each other at most this x their font size apart (baselines).
ROW_GAP = 4.0


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
        family.sort(key=lambda r: r.pos)
        left, right = min(r.start for r in family), max(r.end for r in family)
        ys = distinct([r.pos for r in family])
        # a table continued from or onto another page lacks its top or bottom rule: its rows
        # printed beyond the last rule belong to it
        lines = text_lines(chars_inside(chars, left, right, float("-inf"), float("inf")))
        above = _rows_beyond(list(reversed([ln for ln in lines if ln.centre < ys[0]])), ys[0], right - left)
        below = _rows_beyond([ln for ln in lines if ln.centre > ys[-1]], ys[-1], right - left)
        if above is not None:
            ys.insert(0, above)
        if below is not None:
            ys.append(below)
        if len(ys) < 2:
            continue
        kinds = [band_kind(chars_inside(chars, left, right, a, b), right - left) for a, b in itertools.pairwise(ys)]
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


def _rows_beyond(lines: list[TextLine], rule: float, width: float) -> float | None:
    """Where table rows printed beyond a rule end (lines nearest the rule first), or None if there are none.

    Rows follow each other at most ``ROW_GAP`` x their size apart; a line of one short part counts
    only between rows (a wrapped name), a title, a unit line (单位：万元), a note or prose ends them.
    """
    edge: float | None = None
    last = rule
    for line in lines:
        if abs(line.centre - last) > ROW_GAP * line.size:
            break
        text = "".join(line.text.split())
        if _line_kind(line, text, width) != "table":
            if len(line.chunks) == 1 and _line_kind(line, text, width) == "empty":
                last = line.centre
                continue
            break
        last = line.centre
        edge = _outer_edge(line, rule)
    return edge


def _outer_edge(line: TextLine, rule: float) -> float:
    """The side of a line away from the rule, a little beyond its glyphs."""
    if line.centre > rule:
        return max(ch.bottom for ch in line.chars) + 1.0
    return min(ch.top for ch in line.chars) - 1.0


def distinct(values: list[float], snap: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > snap:
            out.append(v)
    return out


def chars_inside(chars: Sequence[Char], left: float, right: float, top: float, bottom: float) -> list[Char]:
    out = []
    for ch in chars:
        x, y = (ch.x0 + ch.x1) / 2, ch.baseline - CENTRE_RISE * ch.size
        if left - EDGE_SLACK <= x <= right + EDGE_SLACK and top <= y <= bottom:
            out.append(ch)
    return out


def band_kind(chars: list[Char], width: float) -> str:
    """"table" (a line in columns), "empty" (nothing, or lines of one short part), or "text" (a title, prose)."""
    if not chars:
        return "empty"
    kinds = [_line_kind(line, "".join(line.text.split()), width) for line in text_lines(chars)]
    if "text" in kinds:
        return "text"
    return "table" if "table" in kinds else "empty"


def _line_kind(line: TextLine, text: str, width: float) -> str:
    """One printed line: "text" (a title, a unit line, a note, prose), "table" (parts in columns) or "empty"."""
    if match_title(text) or _NOTE.match(text) or _UNIT.search(text):
        return "text"
    if len(line.chunks) == 1 and line.chunks[0].x1 - line.chunks[0].x0 > PARAGRAPH_SHARE * width:
        return "text"
    if any(mark in text for mark in SENTENCE_MARKS):
        return "text"  # prose, its figures spaced out from the words
    return "table" if len(line.chunks) >= 2 else "empty"
