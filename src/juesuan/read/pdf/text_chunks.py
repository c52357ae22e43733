"""Printed text as a table reader sees it without ruling lines: lines, and chunks of a line.

One job: group a region's characters into printed lines (by baseline, lines.group_lines) and cut
each line into chunks: text printed together, separated from the next by a gap wider than a
space, or, where a digit meets the gap, wider than a sliver (amounts in adjacent columns part
even when their cells are narrow).  open_regions, text_columns and open_grid build on these.
"""

from __future__ import annotations

from dataclasses import dataclass

from juesuan.read.pdf.document import Char
from juesuan.read.pdf.grid import CENTRE_RISE
from juesuan.read.pdf.lines import group_lines

# Chunks: text parts further apart than this x font size (or DIGIT_GAP where a digit meets the gap).
TEXT_GAP = 0.8
DIGIT_GAP = 0.2
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


def chunk_size(chunk: Chunk) -> float:
    return max(ch.size for ch in chunk.chars)


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)
