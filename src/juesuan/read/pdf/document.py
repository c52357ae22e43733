"""Open a PDF and read its page geometry with pypdfium2.

One job: turn a PDF file into plain geometry, page by page: characters with
their boxes, baselines and font sizes, and the straight ruling segments that
tables are drawn with.  Coordinates are PDF points with the origin at the
top-left of the page (``top`` grows downwards), as pdfplumber uses, so its
table finder can be fed directly.

Ruling segments are read only where a table may be printed (``iter_pages``):
on a page whose text holds a standard table's title or enough amounts to fill a
table, and on the pages after it while they still carry ruling (a table continued).  Reading every path
object of every page costs about a fifth of the parse.

PDFium is not thread-safe: use processes, not threads, for parallelism.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from juesuan.errors import DamagedPdf, EmptyPdf, EncryptedPdf
from juesuan.read.pdf import page_guard


class Char(NamedTuple):
    """A printed character (a named tuple: tens of thousands are made per document, cheaply)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float  # y of the glyph origin, top-left origin
    size: float  # font size in points, after the text matrix


class Segment(NamedTuple):
    """A straight ruling segment: horizontal (top == bottom) or vertical (x0 == x1)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return abs(self.bottom - self.top) < abs(self.x1 - self.x0)


@dataclass
class PageGeometry:
    number: int  # from 1
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    damaged: bool = False  # PDFium could not load the page or its text: read as blank, reported by the reader
    pictures: bool | None = None  # whether the page draws an image (forms searched too); None: not looked at


# Form XObjects nested deeper than this are not searched for rules.
MAX_FORM_DEPTH = 8
# A filled rectangle thinner than this is drawn as a rule, not a shaded area.
RULE_THICKNESS = 3.0
# Dots (path objects smaller than RULE_THICKNESS both ways) at most this far apart, in a line, are one rule.
DOT_GAP = 4.0
# ... when their centres are this close across the line (points), and there are at least MIN_DOTS of them.
DOT_ALIGN = 1.0
MIN_DOTS = 3


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """Open ``path`` or raise the user-facing error that says why not."""
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text or "security" in text:
            raise EncryptedPdf(str(path)) from None
        if _declares_no_pages(path):
            raise EmptyPdf(str(path)) from None
        raise DamagedPdf(str(path)) from None
    if len(doc) == 0:
        doc.close()
        raise EmptyPdf(str(path))
    return doc


def _declares_no_pages(path: Path) -> bool:
    """PDFium refuses a document whose page tree is empty; pdfminer tells that case apart from damage."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        with path.open("rb") as fh:
            document = PDFDocument(PDFParser(fh))
            return next(PDFPage.create_pages(document), None) is None
    except Exception:  # any pdfminer failure means the file is damaged, not empty
        return False


class _Display(NamedTuple):
    """The affine map from PDF user space to the page as displayed (origin top-left, y downwards).

    x' = a x + c y + e and y' = b x + d y + f.  It takes the page's /Rotate and the offset of its
    crop box into account, as a viewer does, so that boxes come out in the page's displayed
    orientation whatever way the producer wrote the content.
    """

    a: float
    b: float
    c: float
    d: float
    e: float
    f: float

    def point(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) in display coordinates of a user-space rectangle."""
        x0, y0 = self.point(left, bottom)
        x1, y1 = self.point(right, top)
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _display(page: pdfium.PdfPage) -> _Display:
    left, bottom, right, top = page.get_bbox()  # the crop box within the media box, as PDFium shows it
    rotation = page.get_rotation() % 360
    if rotation == 90:  # turned clockwise: the page's left edge is shown at the top
        return _Display(0.0, 1.0, 1.0, 0.0, -bottom, -left)
    if rotation == 180:
        return _Display(-1.0, 0.0, 0.0, 1.0, right, -bottom)
    if rotation == 270:
        return _Display(0.0, -1.0, -1.0, 0.0, top, right)
    return _Display(1.0, 0.0, 0.0, -1.0, -left, top)


def _chars(textpage: pdfium.PdfTextPage, view: _Display) -> list[Char]:
    out: list[Char] = []
    n = textpage.count_chars()
    if n <= 0:
        return out
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # surrogate pairs etc.: fall back to one call per char
        text = "".join(textpage.get_text_range(i, 1) or " " for i in range(n))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    rect = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    raw_page = textpage.raw
    get_box, get_origin = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetCharOrigin
    get_size, get_matrix = pdfium_c.FPDFText_GetFontSize, pdfium_c.FPDFText_GetMatrix
    upright = view.b == 0.0 and view.c == 0.0 and view.a == 1.0 and view.d == -1.0
    e, f = view.e, view.f
    for i, ch in enumerate(text):
        if ch in "\r\n\x00\ufffe" or ch.isspace():
            continue
        # loose boxes span the glyph's advance and the font's ascent/descent:
        # steady sizes for grouping, and gaps that mean real spaces
        get_box(raw_page, i, rect)
        get_origin(raw_page, i, ox, oy)
        size = get_size(raw_page, i)
        if get_matrix(raw_page, i, matrix):
            # the scale of the glyph's vertical axis (WPS: size 209 with a 0.05 matrix; turned text: c, not d)
            size *= abs(matrix.d) or abs(matrix.c) or abs(matrix.a) or 1.0
        if upright:  # the common page: no turn, only the crop box's offset
            out.append(Char(ch, rect.left + e, f - rect.top, rect.right + e, f - rect.bottom, f - oy.value, size))
        else:
            x0, top, x1, bottom = view.box(rect.left, rect.bottom, rect.right, rect.top)
            out.append(Char(ch, x0, top, x1, bottom, view.point(ox.value, oy.value)[1], size))
    return out


def page_objects(page_raw: Any, kind: int) -> Iterator[Any]:
    """The objects of one kind (``pdfium_c.FPDF_PAGEOBJ_*``) a page draws, forms searched ``MAX_FORM_DEPTH``
    deep; raw handles (no Python wrapper per object: pages hold thousands)."""
    return _objects(page_raw, pdfium_c.FPDFPage_CountObjects(page_raw), pdfium_c.FPDFPage_GetObject, kind, 0)


def _objects(container: Any, count: int, get: Any, kind: int, depth: int) -> Iterator[Any]:
    get_type, form = pdfium_c.FPDFPageObj_GetType, pdfium_c.FPDF_PAGEOBJ_FORM
    for i in range(count):
        obj = get(container, i)
        found = get_type(obj)
        if found == kind:
            yield obj
        elif found == form and depth < MAX_FORM_DEPTH:
            yield from _objects(obj, pdfium_c.FPDFFormObj_CountObjects(obj), pdfium_c.FPDFFormObj_GetObject, kind,
                                depth + 1)


def _segments(page: pdfium.PdfPage, view: _Display) -> list[Segment]:
    """The page's rules in display coordinates.

    A thin path object (a stroked line, a thin filled rectangle, a dashed line written as one path)
    is a rule read from its bounds alone.  A path object that is small both ways is a dot or a short
    dash: dots in a row or a column are joined into one rule (``rules_from_dots``).  Any other path
    is taken apart: each axis-aligned rectangle in it is a rule when thin, its four sides when
    stroked, and nothing when only filled (a shaded area); each other straight piece is a rule.
    """
    out: list[Segment] = []
    dots: list[tuple[float, float, float, float]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    matrix = pdfium_c.FS_MATRIX()
    fl, fb, fr, ft = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    raw = page.raw
    upright = view.b == 0.0 and view.c == 0.0 and view.a == 1.0 and view.d == -1.0
    e, f = view.e, view.f
    get_bounds = pdfium_c.FPDFPageObj_GetBounds
    for obj in page_objects(raw, pdfium_c.FPDF_PAGEOBJ_PATH):
        get_bounds(obj, fl, fb, fr, ft)
        if upright:  # the common page: no turn, only the crop box's offset
            left, top, right, bottom = fl.value + e, f - ft.value, fr.value + e, f - fb.value
        else:
            left, top, right, bottom = view.box(fl.value, fb.value, fr.value, ft.value)
        wide, tall = right - left, bottom - top
        if wide <= RULE_THICKNESS and tall <= RULE_THICKNESS:
            dots.append((left, top, right, bottom))
            continue
        if wide <= RULE_THICKNESS:
            xm = (left + right) / 2
            out.append(Segment(xm, top, xm, bottom))
            continue
        if tall <= RULE_THICKNESS:
            ym = (top + bottom) / 2
            out.append(Segment(left, ym, right, ym))
            continue
        pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
        pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        points: list[tuple[float, float, int, bool]] = []
        for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
            pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
            px, py = view.point(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            points.append((px, py, pdfium_c.FPDFPathSegment_GetType(seg), bool(pdfium_c.FPDFPathSegment_GetClose(seg))))
        filled_only = fill_mode.value != pdfium_c.FPDF_FILLMODE_NONE and not stroke.value
        for subpath in _subpaths(points):
            _add_subpath(out, subpath, filled_only)
    if dots:
        out.extend(rules_from_dots(dots))
    return out


def _subpaths(points: list[tuple[float, float, int, bool]]) -> Iterator[list[tuple[float, float, int, bool]]]:
    current: list[tuple[float, float, int, bool]] = []
    for point in points:
        if point[2] == pdfium_c.FPDF_SEGMENT_MOVETO and current:
            yield current
            current = []
        current.append(point)
    if current:
        yield current


def _add_subpath(out: list[Segment], points: list[tuple[float, float, int, bool]], filled_only: bool) -> None:
    """One subpath's rules: a rectangle as a rule (thin) or its sides (stroked); straight pieces as rules."""
    corners = [(px, py) for px, py, _, _ in points]
    if corners and len(corners) == 5 and _near(corners[4], corners[0]):
        corners.pop()
    if len(corners) == 4 and all(kind == pdfium_c.FPDF_SEGMENT_LINETO for _, _, kind, _ in points[1:4]):
        xs, ys = sorted(p[0] for p in corners), sorted(p[1] for p in corners)
        if _axis_aligned(corners) and xs[1] - xs[0] < 0.5 and ys[1] - ys[0] < 0.5:  # a rectangle
            left, right, top, bottom = xs[0], xs[3], ys[0], ys[3]
            if right - left <= RULE_THICKNESS and bottom - top > RULE_THICKNESS:
                xm = (left + right) / 2
                out.append(Segment(xm, top, xm, bottom))
                return
            if bottom - top <= RULE_THICKNESS and right - left > RULE_THICKNESS:
                ym = (top + bottom) / 2
                out.append(Segment(left, ym, right, ym))
                return
            if filled_only or (right - left <= RULE_THICKNESS and bottom - top <= RULE_THICKNESS):
                return  # a shaded area, or a dot inside a larger drawing
    start: tuple[float, float] | None = None
    prev: tuple[float, float] | None = None
    for px, py, kind, close in points:
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or prev is None:
            start = prev = (px, py)
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO:
            _add_straight(out, prev, (px, py))
        prev = (px, py)
        if close and start is not None:
            _add_straight(out, prev, start)
            prev = start


def _near(p: tuple[float, float], q: tuple[float, float]) -> bool:
    return abs(p[0] - q[0]) < 0.5 and abs(p[1] - q[1]) < 0.5


def _axis_aligned(corners: list[tuple[float, float]]) -> bool:
    pairs = zip(corners, corners[1:] + corners[:1], strict=True)
    return all(abs(p[0] - q[0]) < 0.5 or abs(p[1] - q[1]) < 0.5 for p, q in pairs)


def _add_straight(out: list[Segment], p: tuple[float, float], q: tuple[float, float]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < 0.5 and abs(x0 - x1) >= 0.5:
        out.append(Segment(min(x0, x1), y0, max(x0, x1), y0))
    elif abs(x0 - x1) < 0.5 and abs(y0 - y1) >= 0.5:
        out.append(Segment(x0, min(y0, y1), x0, max(y0, y1)))


def rules_from_dots(dots: list[tuple[float, float, float, float]]) -> list[Segment]:
    """Rules drawn as rows or columns of dots (or dashes shorter than a rule is thick), joined.

    Dots whose centres share a y (an x) within ``DOT_ALIGN`` and follow each other at most
    ``DOT_GAP`` apart form one horizontal (vertical) rule when there are at least ``MIN_DOTS``.
    """
    out: list[Segment] = []
    for horizontal in (True, False):
        items = sorted(
            ((top + bottom) / 2, left, right) if horizontal else ((left + right) / 2, top, bottom)
            for left, top, right, bottom in dots
        )
        lines: list[list[tuple[float, float, float]]] = []  # dots whose centres line up across
        for item in items:
            if lines and item[0] - lines[-1][0][0] <= DOT_ALIGN:
                lines[-1].append(item)
            else:
                lines.append([item])
        for line in lines:
            line.sort(key=lambda item: item[1])
            runs = [[line[0]]]
            for item in line[1:]:
                if item[1] - runs[-1][-1][2] <= DOT_GAP:
                    runs[-1].append(item)
                else:
                    runs.append([item])
            for run in runs:
                if len(run) >= MIN_DOTS:
                    pos = sum(i[0] for i in run) / len(run)
                    a, b = run[0][1], max(i[2] for i in run)
                    out.append(Segment(a, pos, b, pos) if horizontal else Segment(pos, a, pos, b))
    return out


def _read_page(doc: pdfium.PdfDocument, index: int, want_segments: Callable[[list[Char]], bool]) -> PageGeometry:
    try:
        page = doc[index]
    except pdfium.PdfiumError:  # a damaged page object: the other pages may still be read
        return PageGeometry(index + 1, 0.0, 0.0, damaged=True)
    try:
        page_guard.page_loaded(page, index + 1)  # limits, and the census of lost text (read/pdf/page_guard.py)
        width, height = page.get_size()
        try:
            textpage = page.get_textpage()
        except pdfium.PdfiumError:
            return PageGeometry(index + 1, width, height, damaged=True)
        view = _display(page)
        try:
            page_guard.text_loaded(textpage, index + 1)
            chars = _chars(textpage, view)
        finally:
            textpage.close()
        rules = _segments(page, view) if want_segments(chars) else []
        raw = page.raw
        pictures = next(page_objects(raw, pdfium_c.FPDF_PAGEOBJ_IMAGE), None) is not None
    finally:
        page.close()
    return PageGeometry(index + 1, width, height, chars, rules, pictures=pictures)


def page_geometry(doc: pdfium.PdfDocument, index: int, segments: bool = True) -> PageGeometry:
    """One page's characters, and its ruling segments unless ``segments`` is False."""
    return _read_page(doc, index, lambda _chars: segments)


def _may_hold_table(chars: list[Char]) -> bool:
    from juesuan.read.tables.recognise import may_hold_table

    return may_hold_table("".join(c.text for c in chars))


def iter_pages(doc: pdfium.PdfDocument, all_segments: bool = False) -> Iterator[PageGeometry]:
    """Every page's geometry; segments on every page with ``all_segments``, else only where tables may be."""
    follow = False  # the page before held a title or ruling: this page may continue its table

    def wanted(chars: list[Char]) -> bool:
        return all_segments or follow or _may_hold_table(chars)

    for i in range(len(doc)):
        geometry = _read_page(doc, i, wanted)
        follow = bool(geometry.segments) or _may_hold_table(geometry.chars)
        yield geometry
