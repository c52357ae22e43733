"""Page images -> the same page geometry a text layer gives: characters with boxes, ruling segments.

One job: for each part of a PDF that OCR must read (``render.image_regions``), make the
``PageGeometry`` the PDF reader works on, so that an image table goes through the same grid, table
recognition, column meaning and arithmetic as a text-layer table:

1. render the region and turn it straight (``lines.straight_image``): its rules become segments;
2. cut the ruled grids into cells with the PDF reader's own grid code (``read.pdf.grid``);
3. in each cell, the bands of ink (one per printed line) are read by the recogniser; outside the
   grids, the lines of print are found by the detector and read the same way;
4. every recognised character becomes a ``Char`` in PDF points, placed where the recogniser saw it;
   every band becomes a ``Reading`` (its box, text, the least sure character's probability and the
   next-best readings) kept for the report (``recognised.annotate``).

Coordinates are those of the page turned straight (the skew is recorded per page): on a scan turned
0.5 degrees a box may sit up to a few points off the printed cell at the page's far side.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import cv2
import numpy as np
import pypdfium2 as pdfium

from juesuan.isolation import allow_for_ocr
from juesuan.read.image.lexicon import settled
from juesuan.read.image.lines import StraightImage, straight_image
from juesuan.read.image.ocr import CLOSING_QUOTES, OPENING_QUOTES, Glyph, LineReading, Recogniser, recogniser
from juesuan.read.image.render import ImageRegion, regions_to_read, render_region
from juesuan.read.pdf.document import Char, PageGeometry, Segment
from juesuan.read.pdf.grid import find_grids

# A cell's edge strip left out of its crop (points): what remains of the rules there.
CELL_MARGIN = 1.2
# a picture on a text page is read when it can be a table (_table_like): a grid, or this many horizontal rules
# across at least this share of its width (an open 三线 table: above and below the header, at the bottom)
MIN_OPEN_RULES = 3
ACROSS = 0.8
# Ink pieces lower than this (points) are dots: a decimal point, or speckle, kept only on a line of print.
MIN_GLYPH_HEIGHT = 3.0
# Blank space added round a crop for the recogniser, as a share of the crop's height.
CROP_PAD = 0.25
# Two pieces of ink are on one printed line when they overlap vertically by this share of the smaller.
SAME_LINE = 0.3
# Strips of print outside the grids are cut where this many points are blank, and given this margin.
STRIP_GAP = 24.0
STRIP_PAD = 8.0
# A punctuation mark has at least MARK_INK x the line's height squared of ink within MARK_WINDOW x the
# height of where it was read (a 。 at 12 pt has about 0.04; a speck of the scan a tenth of that).
MARK_INK = 0.012
MARK_WINDOW = 0.3
# Width of a glyph as a share of its line's height: CJK characters are square, digits and Latin narrow.
WIDE_GLYPH, NARROW_GLYPH = 0.95, 0.55


@dataclass(frozen=True)
class Reading:
    """One line of print read by OCR: where it is (points, on the straightened page) and what it says."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    confidence: float  # the least sure character's probability
    glyphs: tuple[Glyph, ...]
    numeric: bool


@dataclass
class OcrPage:
    """What OCR read on one page: the region (or the whole page), its skew and every line of print."""

    region: ImageRegion
    skew: float
    readings: list[Reading] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.region.page


@dataclass(frozen=True)
class _Band:
    """A line of print to read: its box in image pixels."""

    x0: int
    y0: int
    x1: int
    y1: int


def _ink_bands(ink: np.ndarray, x0: int, y0: int, x1: int, y1: int, scale: float) -> list[_Band]:
    """The printed lines inside a box of the ink mask, top to bottom; specks alone make no line."""
    if x1 - x0 < 2 or y1 - y0 < 2:
        return []
    sub = ink[y0:y1, x0:x1]
    if not sub.any():
        return []
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(sub, connectivity=8)
    tall = MIN_GLYPH_HEIGHT * scale
    pieces = [tuple(int(v) for v in stats[i][:4]) for i in range(1, count)]
    big = sorted((p for p in pieces if p[3] >= tall), key=lambda p: p[1])
    lines: list[list[int]] = []  # [top, bottom, left, right]
    for x, y, w, h in big:
        for line in lines:
            overlap = min(line[1], y + h) - max(line[0], y)
            if overlap >= SAME_LINE * min(h, line[1] - line[0]):
                line[0], line[1] = min(line[0], y), max(line[1], y + h)
                line[2], line[3] = min(line[2], x), max(line[3], x + w)
                break
        else:
            lines.append([y, y + h, x, x + w])
    dots = [p for p in pieces if p[3] < tall]
    joined = True
    while joined and dots:  # dots (decimal points, commas, 一 and 、) join the line they sit on, one by one
        joined = False
        for dot in list(dots):
            x, y, w, h = dot
            for line in lines:
                near = line[2] - 3 * tall <= x + w and x <= line[3] + 3 * tall
                if line[0] - h <= y and y + h <= line[1] + max(h, 2) and near:
                    line[2], line[3] = min(line[2], x), max(line[3], x + w)
                    dots.remove(dot)
                    joined = True
                    break
    return [_Band(x0 + a, y0 + t, x0 + b, y0 + bt) for t, bt, a, b in sorted(lines)]


def _crop(grey: np.ndarray, band: _Band) -> tuple[np.ndarray, int]:
    """The band's pixels with white space round them, and the crop's left edge in the image."""
    h = band.y1 - band.y0
    pad = max(2, int(CROP_PAD * h))
    y0, y1 = max(0, band.y0 - pad // 2), min(grey.shape[0], band.y1 + pad // 2)
    x0, x1 = max(0, band.x0 - pad), min(grey.shape[1], band.x1 + pad)
    crop = grey[y0:y1, x0:x1]
    border = cv2.copyMakeBorder(crop, pad // 2, pad // 2, pad, pad, cv2.BORDER_CONSTANT, value=255)
    return border, x0 - pad


def _is_bar(ink: np.ndarray, band: _Band, x: float) -> bool:
    """Whether the ink by ``x`` (pixels) in the band holds a flat bar, as a minus sign is, not a speck."""
    h = band.y1 - band.y0
    x0, x1 = max(band.x0 - h, int(x - h / 2)), min(band.x1 + h, int(x + h / 2))
    sub = ink[band.y0:band.y1, max(0, x0):max(0, x1)]
    if not sub.any():
        return False
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(sub, connectivity=8)
    return any(stats[i][2] >= 1.5 * stats[i][3] and stats[i][2] >= 0.2 * h for i in range(1, count))


def _without_false_minus(reading: LineReading, ink: np.ndarray, band: _Band, left: int) -> LineReading:
    """A number's minus sign that is not a bar on the page is a speck (a dot before 11 read as -11)."""
    if not reading.numeric or not any(g.text == "-" for g in reading.glyphs):
        return reading
    kept = tuple(g for g in reading.glyphs if g.text != "-" or _is_bar(ink, band, left + g.x))
    return LineReading(kept, True) if len(kept) != len(reading.glyphs) else reading


def _has_ink_for_mark(ink: np.ndarray, band: _Band, x: float) -> bool:
    """Whether there is ink enough for a punctuation mark by ``x`` (pixels): a speck has a few pixels, a 。
    or ， a good part of a square a third of the line high."""
    h = band.y1 - band.y0
    x0, x1 = int(x - MARK_WINDOW * h), int(x + MARK_WINDOW * h) + 1
    window = ink[max(0, band.y0 - h // 4):band.y1 + h // 4, max(0, x0):max(0, x1)]
    return int(np.count_nonzero(window)) >= MARK_INK * h * h


def _without_inkless_marks(reading: LineReading, ink: np.ndarray, band: _Band, left: int) -> LineReading:
    """A mark at either end of a line with no ink enough for it is a speck read as punctuation (表。)."""
    glyphs = list(reading.glyphs)
    while glyphs and not glyphs[-1].text.isalnum() and not _has_ink_for_mark(ink, band, left + glyphs[-1].x):
        glyphs.pop()
    while glyphs and not glyphs[0].text.isalnum() and not _has_ink_for_mark(ink, band, left + glyphs[0].x):
        glyphs.pop(0)
    return LineReading(tuple(glyphs), reading.numeric) if len(glyphs) != len(reading.glyphs) else reading


def _without_unpaired_quotes(reading: LineReading) -> LineReading:
    """In a table cell, a quote mark without its pair is a speck read as one (“二十六、抗疫…); a cell quotes
    a name whole (财政拨款“三公”经费), while running text may close on the next line, so it is left alone."""
    glyphs = list(reading.glyphs)
    for i in range(len(glyphs) - 1, -1, -1):
        text = glyphs[i].text
        if text in OPENING_QUOTES:
            pair = CLOSING_QUOTES[OPENING_QUOTES.index(text)]
            if not any(g.text in (pair, '"') for g in glyphs[i + 1:]):
                del glyphs[i]
        elif text in CLOSING_QUOTES:
            pair = OPENING_QUOTES[CLOSING_QUOTES.index(text)]
            if not any(g.text in (pair, '"') for g in glyphs[:i]):
                del glyphs[i]
    return LineReading(tuple(glyphs), reading.numeric) if len(glyphs) != len(reading.glyphs) else reading


def _glyph_width(text: str, height: float) -> float:
    wide = any(ord(ch) > 0x2E80 for ch in text)
    return (WIDE_GLYPH if wide else NARROW_GLYPH) * height


def _chars(reading: LineReading, band: _Band, left: int, scale: float, origin: tuple[float, float]) -> list[Char]:
    """The reading's characters as ``Char`` in page points: centred where the recogniser saw them."""
    ox, oy = origin
    height = (band.y1 - band.y0) / scale
    top, bottom = oy + band.y0 / scale, oy + band.y1 / scale
    centres = [ox + (left + g.x) / scale for g in reading.glyphs]
    out: list[Char] = []
    for i, glyph in enumerate(reading.glyphs):
        half = _glyph_width(glyph.text, height) / 2
        before = (centres[i] - centres[i - 1]) / 2 if i else half
        after = (centres[i + 1] - centres[i]) / 2 if i + 1 < len(centres) else half
        x0, x1 = centres[i] - min(half, before), centres[i] + min(half, after)
        out.append(Char(glyph.text, x0, top, x1, bottom, bottom, height))
    return out


def _bands_in_grids(image: StraightImage, number: int) -> tuple[list[_Band], list[tuple[int, int, int, int]]]:
    """The printed lines in every cell of the image's ruled grids, and the grids' boxes (pixels)."""
    scale = image.scale
    grids, _ = find_grids(number, image.segments, [])
    bands: list[_Band] = []
    boxes: list[tuple[int, int, int, int]] = []
    margin = CELL_MARGIN * scale
    for grid in grids:
        boxes.append((int(grid.x0 * scale), int(grid.top * scale), int(grid.x1 * scale), int(grid.bottom * scale)))
        for cell in grid.cells:
            bands.extend(_ink_bands(image.ink, int(cell.x0 * scale + margin), int(cell.top * scale + margin),
                                    int(cell.x1 * scale - margin), int(cell.bottom * scale - margin), scale))
    return bands, boxes


def _strips(ink: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """Horizontal strips (y0, y1) of the image holding ink, split where ``gap`` blank rows or more lie between."""
    rows = np.flatnonzero(ink.any(axis=1))
    if not len(rows):
        return []
    breaks = np.flatnonzero(np.diff(rows) > gap)
    starts = [int(rows[0]), *(int(rows[i + 1]) for i in breaks)]
    ends = [*(int(rows[i]) + 1 for i in breaks), int(rows[-1]) + 1]
    return list(zip(starts, ends, strict=True))


def _bands_outside(image: StraightImage, grids: list[tuple[int, int, int, int]], engine: Recogniser) -> list[_Band]:
    """The lines of print outside the grids, as the detector finds them, trimmed to their ink.

    The detector looks only at the strips of the page that hold ink outside the grids (a title, a unit
    line, a page number): on a table page that is a small part of the page.
    """
    grey = image.grey
    ink = image.ink
    if grids:
        grey = grey.copy()
        ink = ink.copy()
        for x0, y0, x1, y1 in grids:
            grey[y0:y1 + 1, x0:x1 + 1] = 255
            ink[y0:y1 + 1, x0:x1 + 1] = 0
    pad = int(STRIP_PAD * image.scale)
    out: list[_Band] = []
    for top, bottom in _strips(ink, int(STRIP_GAP * image.scale)):
        y0, y1 = max(0, top - pad), min(grey.shape[0], bottom + pad)
        for x0, b0, x1, b1 in engine.detect(grey[y0:y1], image.scale):
            b0, b1 = b0 + y0, b1 + y0
            # the detector's box, its height trimmed to the ink (its width keeps end punctuation: 。，)
            lines = _ink_bands(ink, x0, b0, x1, b1, image.scale)
            if len(lines) == 1:
                out.append(_Band(x0, lines[0].y0, x1, lines[0].y1))
            else:
                out.extend(lines or [_Band(x0, b0, x1, b1)])
    return out


def _table_like(image: StraightImage, region: ImageRegion, grid_boxes: list[tuple[int, int, int, int]]) -> bool:
    """Whether a picture on a page with text can be a table: its rules make a grid, or at least
    ``MIN_OPEN_RULES`` horizontal rules cross (nearly) all of it, as in an open (三线) table.  A chart, a photo
    or a seal has neither, and is left unread (OCR of a picture costs a second or more)."""
    if grid_boxes:
        return True
    width = region.x1 - region.x0
    across = [s for s in image.segments if s.bottom - s.top < s.x1 - s.x0 and s.x1 - s.x0 >= ACROSS * width]
    return len(across) >= MIN_OPEN_RULES


def read_region(page: pdfium.PdfPage, region: ImageRegion, engine: Callable[[], Recogniser],
                only_tables: bool = True) -> tuple[list[Char], list[Segment], OcrPage] | None:
    """OCR one region of a page: its characters and rules in page points, and what was read; None for a
    picture on a text page that is no table (``_table_like``).  ``engine`` gives the recogniser (loaded on
    first use); ``only_tables=False`` reads any picture (the debug drawing)."""
    scale = region.scale
    image = straight_image(render_region(page, region), scale)
    in_grids, grid_boxes = _bands_in_grids(image, region.page)
    if only_tables and not region.whole_page and not _table_like(image, region, grid_boxes):
        return None
    recognise = engine()
    bands = in_grids + _bands_outside(image, grid_boxes, recognise)
    crops = [_crop(image.grey, band) for band in bands]
    readings = recognise.read([c for c, _ in crops])
    origin = (region.x0, region.top)
    chars: list[Char] = []
    result = OcrPage(region, image.skew)
    for n, (band, (_, left), reading) in enumerate(zip(bands, crops, readings, strict=True)):
        reading = _without_inkless_marks(_without_false_minus(reading, image.ink, band, left), image.ink, band, left)
        if n < len(in_grids):
            reading = _without_unpaired_quotes(reading)
            if not reading.numeric:
                reading = LineReading(settled(reading.glyphs), False)
        if not reading.glyphs:
            continue
        placed = _chars(reading, band, left, scale, origin)
        chars.extend(placed)
        result.readings.append(Reading(region.page, min(c.x0 for c in placed), placed[0].top,
                                       max(c.x1 for c in placed), placed[0].bottom, reading.text,
                                       reading.confidence, reading.glyphs, reading.numeric))
    segments = [Segment(s.x0 + region.x0, s.top + region.top, s.x1 + region.x0, s.bottom + region.top)
                for s in image.segments]
    return chars, segments, result


def _inside(ch: Char, region: ImageRegion) -> bool:
    x, y = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
    return region.x0 <= x <= region.x1 and region.top <= y <= region.bottom


def recognise_pages(doc: pdfium.PdfDocument, geometries: Iterable[PageGeometry], mode: str) -> list[OcrPage]:
    """OCR what ``mode`` asks for on each page, putting what it reads into the page's geometry (in place)."""
    done: list[OcrPage] = []
    geometries = list(geometries)
    text_layer = any(g.chars for g in geometries)
    for geometry in geometries:
        if geometry.damaged:
            continue
        page = doc[geometry.number - 1]
        try:
            regions = regions_to_read(page, geometry.number, geometry.chars, mode, text_layer)
            for region in regions:
                allow_for_ocr()  # a reading under limits (juesuan.isolation) takes more for OCR
                read = read_region(page, region, recogniser)  # the models load for a picture to read
                if read is None:
                    continue
                chars, segments, result = read
                if region.whole_page:
                    geometry.chars, geometry.segments = chars, segments
                else:
                    geometry.chars = [c for c in geometry.chars if not _inside(c, region)] + chars
                    geometry.segments = geometry.segments + segments
                done.append(result)
        finally:
            page.close()
    return done
