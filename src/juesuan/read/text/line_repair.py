"""Lines of extracted text put back the way they were printed, before anything reads them.

Figures come back as ASCII amounts (full-width digits, spaces inside a figure: ``normalise_figures``).

Some extractors take a line's figures for a line of their own when the digits
sit on a slightly different baseline (another font): the sentence keeps a gap
where each figure was and the figures follow on the next line, in order::

    本年收入合计 万元，其中：财政拨款收入 万元，占 ；其他
    2946.25 2940.05 99.79%

Where a line holds only figures (or the quotation marks of “三公”, set apart
the same way) and the line above it is a sentence (it has its punctuation) with
exactly that many gaps between its words, each figure goes back into its gap.
With one figure more than gaps, the extra one was printed at the start of the
line (the line starts with punctuation, or the figure opens a quotation) or
else at its end.
"""

from __future__ import annotations

import re

_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_SPLIT_FIGURE = (
    (re.compile(r"(?<=\d)[．](?=\d)"), "."),  # 1405．72
    (re.compile(r"(?<=\d)[，,]\s*(?=\d{3}(?:\D|$))"), ","),  # 1， 405.72 / 1, 405.72
    (re.compile(r"(?<=\d)\s+\.(?=\d)|(?<=\d)\.\s+(?=\d{1,2}(?:\D|$))"), "."),  # 405 .72 / 405. 72
)


def normalise_figures(line: str) -> str:
    """A line with its figures written as ASCII amounts: full-width digits, a full-width point, and
    spaces an extractor put inside a figure ("1, 405.72", "405 .72") undone."""
    out = line.translate(_FULL_WIDTH)
    for pattern, replacement in _SPLIT_FIGURE:
        out = pattern.sub(replacement, out)
    return out

_FIGURE = re.compile(r"^(?:-?\d[\d,]*(?:\.\d+)?%?|[“”‘’])$")
# A gap where a figure was: between two words, neither of them a figure.
_GAP = re.compile(r"(?<=[^\s\d%.])[ \t\u3000]+(?=[^\s\d.])")
_SENTENCE = re.compile(r"[，。；：、]")
_OPENING = "，。；：、）%”’"
# The extra figure went at the start of the line before a unit, at its end after a word that calls for one.
_STARTS_WITH_UNIT = re.compile(r"^(?:万元|元|%|个|辆|人|台|套|批次|次|年|月|日)")
_ENDS_WANTING = re.compile(r"(?:为|占|占比|达|计|至|增长|增加|减少|下降|降低|共|的)$")


def restore_figures(lines: list[str]) -> list[str]:
    """The lines, with figures printed on the line under their sentence put back into its gaps."""
    out: list[str] = []
    for line in map(normalise_figures, lines):
        figures = line.split()
        if out and figures and all(_FIGURE.match(f) for f in figures):
            above = out[-1].strip()
            gaps = list(_GAP.finditer(above))
            if _SENTENCE.search(above) and not re.search(r"\d", above.replace(" ", "")[:1] or "0"):
                if gaps and len(gaps) == len(figures):
                    out[-1] = _fill(above, gaps, figures)
                    continue
                if len(gaps) + 1 == len(figures):
                    if above[0] in _OPENING or figures[0] in "“‘" or _STARTS_WITH_UNIT.match(above):
                        out[-1] = figures[0] + " " + _fill(above, gaps, figures[1:])
                        continue
                    if _ENDS_WANTING.search(above):
                        out[-1] = _fill(above, gaps, figures[:-1]) + " " + figures[-1]
                        continue
        out.append(line)
    return out


def _fill(text: str, gaps: list[re.Match[str]], figures: list[str]) -> str:
    pieces: list[str] = []
    at = 0
    for gap, figure in zip(gaps, figures, strict=True):
        pieces += [text[at : gap.start()], f" {figure} "]
        at = gap.end()
    pieces.append(text[at:])
    return "".join(pieces)
