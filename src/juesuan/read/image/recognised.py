"""What OCR read, in the report: each table value's reading, its confidence and its candidates.

One job: after the tables are read, tie each value printed on an image back to what the recogniser
saw in its cell (``OcrReading.cells``), and mark the readings a person must look at, never trusting
them silently:

* a reading whose least sure character is below ``LOW_CONFIDENCE`` is ambiguous; its candidates are
  the recogniser's next-best readings of the unsure characters that still make an amount;
* a reading that the table's own arithmetic contradicts (``arithmetic.identities``: a row's 合计 and
  its parts, a 类 and its 款, the 合计 row and the 类) is ambiguous when one character read otherwise
  would make the identity hold; that reading is its first candidate.  A contradiction no single
  misread character explains is left to the checks, which say the value was read from an image.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from decimal import Decimal

from juesuan.amounts import amount_or_none, as_number, tolerance
from juesuan.model import Amount, Box, ImagePage, OcrReading, Recognised, Report
from juesuan.read.image.arithmetic import Ref, identities
from juesuan.read.image.geometry import OcrPage, Reading

# A reading whose least sure character is below this probability is marked for a person to look at.
LOW_CONFIDENCE = 0.9
# Candidates kept per reading.
MAX_CANDIDATES = 3


def _centre_in(reading: Reading, box: Box) -> bool:
    x, y = (reading.x0 + reading.x1) / 2, (reading.top + reading.bottom) / 2
    return box.x0 <= x <= box.x1 and box.top <= y <= box.bottom


def _values(report: Report) -> Iterator[tuple[Amount, Box]]:
    """Every table value that has a box."""
    for table in report.tables.values():
        for row in (*table.rows, *table.income, *table.expenditure, *table.totals.values()):
            for value, box in zip(row.values, row.boxes or [], strict=False):
                if box is not None:
                    yield value, box
        for value, box in zip(table.total or [], table.total_boxes or [], strict=False):
            if box is not None:
                yield value, box
        for cell in table.cells.values():
            if cell.box is not None:
                yield cell.value, cell.box


def _alternatives(readings: list[Reading]) -> list[str]:
    """Amounts the unsure characters could also make, likeliest first."""
    glyphs = [g for r in readings for g in r.glyphs]
    options: list[list[tuple[str, float]]] = []
    for g in glyphs:
        choices = [(g.text, g.confidence)]
        if g.confidence < LOW_CONFIDENCE:
            choices += list(g.alternatives)
        options.append(choices)
    if all(len(o) == 1 for o in options):
        return []
    scored: dict[str, float] = {}
    for combo in itertools.islice(itertools.product(*options), 64):
        value = amount_or_none("".join(t for t, _ in combo))
        if value is None:
            continue
        score = 1.0
        for _, p in combo:
            score *= p
        key = str(value)
        scored[key] = max(scored.get(key, 0.0), score)
    ranked = sorted(scored, key=lambda k: -scored[k])
    first = "".join(g.text for g in glyphs)
    own = amount_or_none(first)
    return [k for k in ranked if own is None or Decimal(k) != own][:MAX_CANDIDATES]


def _one_edit(a: str, b: str) -> bool:
    """Whether two digit strings differ by one character put in, left out or read as another."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _digits(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", "").lstrip("-")


def _holds(target: Ref, parts: list[Ref], box: Box | None = None, value: Decimal | None = None) -> bool:
    """Whether an identity holds (with the value at ``box`` replaced by ``value``, where given)."""
    def v(ref: Ref) -> Decimal:
        return value if box is not None and ref[1] == box and value is not None else as_number(ref[0])

    return abs(v(target) - sum((v(p) for p in parts), Decimal(0))) <= tolerance(len(parts))


def _arithmetic_candidates(report: Report, cells: dict[Box, Recognised]) -> None:
    """Readings one misread character from making a broken identity hold (and breaking none that holds):
    ambiguous, with that value as their first candidate."""
    sums = [pair for table in report.tables.values() for pair in identities(table)]
    involving: dict[Box, list[tuple[Ref, list[Ref]]]] = {}
    for target, parts in sums:
        for ref in (target, *parts):
            if ref[1] is not None and ref[1] in cells:
                involving.setdefault(ref[1], []).append((target, parts))
    for target, parts in sums:
        if _holds(target, parts):
            continue
        diff = as_number(target[0]) - sum((as_number(p[0]) for p in parts), Decimal(0))
        for (value, box), sign in [(target, 1), *((p, -1) for p in parts)]:
            cell = cells.get(box) if box is not None else None
            if cell is None or box is None or value is None:
                continue
            needed = as_number(value) - sign * diff
            if needed < 0 or not _one_edit(_digits(as_number(value)), _digits(needed)):
                continue
            others = involving.get(box, [])
            if any(_holds(t, ps) and not _holds(t, ps, box, needed) for t, ps in others):
                continue  # the other reading would break a sum that holds
            text = f"{needed:.2f}"
            cell.ambiguous = True
            if text not in cell.candidates:
                cell.candidates.insert(0, text)
                del cell.candidates[MAX_CANDIDATES:]


def annotate(report: Report, pages: list[OcrPage]) -> None:
    """Record in ``report.ocr`` what was read from images and how sure each table value's reading is."""
    if not pages:
        return
    ocr = OcrReading()
    for page in pages:
        r = page.region
        region = None if r.whole_page else Box(r.page, r.x0, r.top, r.x1, r.bottom)
        ocr.pages.append(ImagePage(r.page, r.dpi, page.skew, region))
    by_page: dict[int, list[Reading]] = {}
    for page in pages:
        by_page.setdefault(page.number, []).extend(page.readings)
    cells: dict[Box, Recognised] = {}
    in_cells: set[int] = set()  # readings that belong to a table value
    for _value, box in _values(report):
        if box in cells or not ocr.covers(box.page, box):
            continue
        found = sorted((r for r in by_page.get(box.page, []) if _centre_in(r, box)), key=lambda r: (r.top, r.x0))
        if not found:
            continue  # a blank cell: no ink in it
        in_cells.update(id(r) for r in found)
        confidence = min(r.confidence for r in found)
        cell = Recognised(box, "".join(r.text for r in found), confidence, _alternatives(found),
                          ambiguous=confidence < LOW_CONFIDENCE)
        cells[box] = cell
        ocr.cells.append(cell)
    _arithmetic_candidates(report, cells)
    ocr.unsure_lines = [Recognised(Box(r.page, r.x0, r.top, r.x1, r.bottom), r.text, r.confidence, ambiguous=True)
                        for page in pages for r in page.readings
                        if id(r) not in in_cells and r.confidence < LOW_CONFIDENCE and not r.numeric]
    report.ocr = ocr
