"""The running text of some pages as one string, each character knowing where it was printed.

Sentences in a report break across lines and pages, and PDF text puts spaces
anywhere ("1,405.72 万元", "收、\\n支总计").  ``RunningText`` joins the lines of
the pages into one string, so that a pattern reads a sentence as written, and
keeps for every character the page and line it came from, so that a fact can
say where it was printed.  One joiner, two whitespace policies:

* ``RunningText.compact(pages)`` (sentences: the 情况说明, the cover): all
  whitespace dropped, except one space between two ASCII digits (two numbers
  printed apart must not merge: "1542.46 1405.72"); full-width digits made
  ASCII; lines that are only a page number ("— 6 —", "第 3 页") and running
  headers and footers (the same first or last line on many pages) left out,
  so that they do not interrupt a sentence running over a page break.
* ``RunningText.spaced(pages)`` (table-like text: 绩效自评表, column facts):
  each line stripped, the spaces inside it kept (they separate cells), lines
  joined with nothing, or one space where two ASCII words or numbers meet
  ("15.12" and "95.02" on consecutive lines stay apart); page numbers that
  cannot be a cell ("— 16 —") left out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from juesuan.model import Box, Page, Source

_PAGE_NUMBER_LINE = re.compile(r"^[—\-－–\s]*\d{1,3}[—\-－–\s]*$|^第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?$")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
SENTENCE_END = "。；;！？!?"
CLAUSE_END = SENTENCE_END + "，,："
LONG_SENTENCE = 120  # characters; a longer sentence is cut to the clauses a fact was read from


# a page number that cannot be a table's cell ("— 16 —", "第 3 页"; a bare "3" can be a 序号)
_DECORATED_PAGE_NUMBER = re.compile(r"^[—\-－–]\s*\d{1,3}\s*[—\-－–]$|^第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?$")


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER_LINE.match(text.strip()))


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split()))


def running_lines(pages: list[Page]) -> set[str]:
    """Shapes (digits as #) of lines printed first or last on many pages: running headers and footers."""
    counts: dict[str, int] = {}
    for page in pages:
        texts = [line.text for line in page.lines if line.text.strip()]
        for text in {*texts[:1], *texts[-1:]}:
            shape = _shape(text)
            counts[shape] = counts.get(shape, 0) + 1
    least = max(3, len(pages) * 3 // 10)
    return {shape for shape, n in counts.items() if n >= least and shape}


def _ascii_word_boundary(left: str, right: str) -> bool:
    return left.isascii() and right.isascii() and (left.isalnum() or left in ".,%") and right.isalnum()


# Per policy (compact or not): the last pages joined, their ids and line counts, and the joined text (see
# RunningText._join); its origins and line starts are only ever read.
_JOINED: dict[bool, tuple[tuple[int, ...], tuple[Page, ...], RunningText]] = {}


def spaced(words: str) -> str:
    """A regex for words that may be broken by spaces or line breaks anywhere."""
    return r"\s*".join(re.escape(char) for char in words if not char.isspace())


@dataclass
class RunningText:
    """Joined text of pages; where each character came from is kept per run of characters from one line:
    ``run_starts[k]`` is where run k starts in ``text``, ``run_origins[k]`` (index into pages, index into that
    page's lines) its line (one entry a line, not a tuple a character: a 10 MB text keeps megabytes, not
    gigabytes)."""

    pages: list[Page]
    text: str = ""
    run_starts: list[int] = field(default_factory=list)
    run_origins: list[tuple[int, int]] = field(default_factory=list)
    line_starts: set[int] = field(default_factory=set)
    breaks: set[int] = field(default_factory=set)  # a sentence starts here whatever precedes
    _sorted_starts: list[int] = field(default_factory=list)

    @classmethod
    def compact(cls, pages: list[Page]) -> RunningText:
        """Whitespace dropped (but between digits), page numbers and running headers left out."""
        return cls._join(pages, compact=True)

    @classmethod
    def spaced(cls, pages: list[Page]) -> RunningText:
        """Lines stripped and joined; spaces inside a line kept."""
        return cls._join(pages, compact=False)

    @classmethod
    def _join(cls, pages: list[Page], compact: bool) -> RunningText:
        """The joined text, made once per set of pages and policy: the narrative, metadata, passages and
        performance readers all ask for it; each gets its own ``breaks`` (the narrative marks them)."""
        key = tuple(len(page.lines) for page in pages)
        hit = _JOINED.get(compact)
        if hit is None or hit[0] != key or len(hit[1]) != len(pages) or any(
                a is not b for a, b in zip(hit[1], pages, strict=True)):
            hit = (key, tuple(pages), cls._joined(pages, compact))  # the last document read is kept, no more
            _JOINED[compact] = hit
        made = hit[2]
        return cls(pages, made.text, made.run_starts, made.run_origins, made.line_starts, set(), made._sorted_starts)

    @classmethod
    def _joined(cls, pages: list[Page], compact: bool) -> RunningText:
        chars: list[str] = []
        run_starts: list[int] = []
        run_origins: list[tuple[int, int]] = []
        starts: list[int] = []

        def origin(pi: int, li: int) -> None:  # the next character comes from this line
            if not run_origins or run_origins[-1] != (pi, li):
                run_starts.append(len(chars))
                run_origins.append((pi, li))

        running = running_lines(pages) if compact else set()
        for pi, page in enumerate(pages):
            texts = [line.text for line in page.lines if line.text.strip()]
            edges = {*texts[:1], *texts[-1:]}
            for li, line in enumerate(page.lines):
                text = line.text.translate(_FULL_WIDTH) if compact else line.text.strip()
                if not text.strip():
                    continue
                if compact and (is_page_number(line.text) or (line.text in edges and _shape(line.text) in running)):
                    continue
                if not compact and _DECORATED_PAGE_NUMBER.match(text):  # would glue to the next page's first line
                    continue
                if not compact and chars and _ascii_word_boundary(chars[-1], text[0]):
                    origin(pi, li)
                    chars.append(" ")
                first = True
                pending_space = True  # a line break separates like a space
                for ch in text:
                    if compact and ch.isspace():
                        pending_space = True
                        continue
                    if compact and pending_space and chars and chars[-1].isdigit() and ch.isdigit() and ch.isascii():
                        origin(pi, li)
                        chars.append(" ")
                    pending_space = False
                    if first:
                        origin(pi, li)
                        starts.append(len(chars))
                        first = False
                    chars.append(ch)
        return cls(pages, "".join(chars), run_starts, run_origins, set(starts), _sorted_starts=starts)

    # where things were printed

    def _run(self, pos: int) -> int:
        """The run holding the character at ``pos`` (0 <= pos < len(text))."""
        return bisect_right(self.run_starts, pos) - 1

    def page_number(self, pos: int) -> int:
        if not self.run_origins or not self.text:
            return self.pages[0].number if self.pages else 1
        pi, _ = self.run_origins[self._run(max(0, min(pos, len(self.text) - 1)))]
        return self.pages[pi].number

    def line_box(self, pos: int) -> Box | None:
        """The box of the line the character at ``pos`` was printed on."""
        if not 0 <= pos < len(self.text):
            return None
        pi, li = self.run_origins[self._run(pos)]
        return self.pages[pi].lines[li].box

    def box(self, start: int, end: int) -> Box | None:
        """Union of the boxes of the lines that print text[start:end] on the page of its first character."""
        if not 0 <= start < len(self.text) or end <= start:
            return None
        first = self._run(start)
        page_index = self.run_origins[first][0]
        box: Box | None = None
        seen: set[int] = set()
        k = first
        while k < len(self.run_starts) and self.run_starts[k] < end:
            pi, li = self.run_origins[k]
            k += 1
            if pi != page_index or li in seen:
                continue
            seen.add(li)
            line_box = self.pages[pi].lines[li].box
            if line_box is None:
                continue
            box = line_box if box is None else box.union(line_box)
        return box

    # sentences

    def at_line_start(self, pos: int) -> bool:
        return pos in self.line_starts

    def next_line_start(self, pos: int) -> int:
        index = bisect_right(self._sorted_starts, pos)
        return self._sorted_starts[index] if index < len(self._sorted_starts) else len(self.text)

    def sentence(self, start: int, end: int, lo: int = 0, hi: int | None = None,
                 ends: str = SENTENCE_END) -> tuple[int, int]:
        """The sentence (between 。；, or a break) that holds text[start:end], kept within [lo, hi)."""
        hi = len(self.text) if hi is None else hi
        s = start
        while s > lo and s not in self.breaks and self.text[s - 1] not in ends:
            s -= 1
        e = end
        while e < hi and e not in self.breaks and self.text[e - 1] not in ends:
            e += 1
        return s, e

    def source(self, value_start: int, value_end: int, match_start: int, match_end: int,
               lo: int = 0, hi: int | None = None) -> Source:
        """Source of a value printed at text[value_start:value_end], read by a pattern matching match_start:end."""
        s, e = self.sentence(match_start, match_end, lo, hi)
        if e - s > LONG_SENTENCE:  # a long sentence: only the clauses the pattern read
            s, e = self.sentence(match_start, match_end, max(lo, s), min(e, len(self.text)), CLAUSE_END)
        return Source(self.page_number(value_start), self.text[s:e], self.box(value_start, value_end))
