"""The words a standard table prints, to settle a character OCR was unsure of in a table cell.

One job: a reading of a table cell that is no part of any phrase the standard tables print (titles,
header words, 合计/总计 labels, the lines of the two-sided tables, the 类 and economic 科目 names) is
put right when one of its unsure characters, read as the recogniser's next-best guess, makes it part of
one: 财政拔款收 (拔 next to 拨) becomes 财政拨款收, part of 财政拨款收入.  Only the recogniser's own
alternatives are tried, one character at a time, so a cell is never rewritten into a word the image
did not nearly show; the character is then as sure as the model was of the two readings together.
"""

from __future__ import annotations

from functools import lru_cache

from juesuan.read.image.ocr import Glyph

MIN_LENGTH = 2  # a single character is part of too many phrases to settle anything


@lru_cache(maxsize=1)
def phrases() -> tuple[str, ...]:
    from juesuan.read.tables import catalogue
    from juesuan.standard import ECONOMIC_CODES, FISCAL_INCOME_LINES, FUNCTION_CLASSES, SUMMARY_INCOME_LINES

    words: set[str] = set(catalogue.HEADER_WORDS) | set(catalogue.TOTAL_ROW_LABELS)
    words |= {t for titles in catalogue.TITLES.values() for t in titles}
    words |= set(catalogue.INCOME_TOTALS) | set(catalogue.EXPENDITURE_TOTALS) | set(catalogue.BASIC_CELLS)
    words |= {name for _, name in FUNCTION_CLASSES} | {name for _, name in ECONOMIC_CODES}
    words |= set(SUMMARY_INCOME_LINES) | set(FISCAL_INCOME_LINES)
    return tuple(sorted(w for w in words if len(w) >= MIN_LENGTH))


_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』 ")


def _known(text: str) -> bool:
    plain = text.translate(_QUOTES)
    return any(plain in phrase for phrase in phrases())


def settled(glyphs: tuple[Glyph, ...]) -> tuple[Glyph, ...]:
    """The glyphs, with one unsure character read as its alternative where that alone makes a known phrase."""
    text = "".join(g.text for g in glyphs)
    if len(text) < MIN_LENGTH or _known(text):
        return glyphs
    best: tuple[float, int, str] | None = None
    for i, glyph in enumerate(glyphs):
        for alternative, p in glyph.alternatives:
            if best is not None and p <= best[0]:
                continue
            if _known(text[:i] + alternative + text[i + 1:]):
                best = (p, i, alternative)
    if best is None:
        return glyphs
    p, i, alternative = best
    glyph = glyphs[i]
    others = tuple(a for a in glyph.alternatives if a[0] != alternative)
    return (*glyphs[:i], Glyph(alternative, glyph.x, min(1.0, glyph.confidence + p), others), *glyphs[i + 1:])
