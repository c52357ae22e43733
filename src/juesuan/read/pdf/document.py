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


# Form XObjects nested deeper than this are not searched for rules.
MAX_FORM_DEPTH = 8
# A filled rectangle thinner than this is drawn as a rule, not a shaded area.
RULE_THICKNESS = 3.0


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


def _chars(textpage: pdfium.PdfTextPage, height: float) -> list[Char]:
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
    for i, ch in enumerate(text):
        if ch in "\r\n\x00\ufffe" or ch.isspace():
            continue
        # loose boxes span the glyph's advance and the font's ascent/descent:
        # steady sizes for grouping, and gaps that mean real spaces
        get_box(raw_page, i, rect)
        get_origin(raw_page, i, ox, oy)
        size = get_size(raw_page, i)
        if get_matrix(raw_page, i, matrix):
            size *= abs(matrix.d) or abs(matrix.a) or 1.0
        out.append(Char(ch, rect.left, height - rect.top, rect.right, height - rect.bottom, height - oy.value, size))
    return out


def _path_objects(container: ctypes.c_void_p, count: int, get: Any, depth: int = 0) -> Iterator[Any]:
    """Path objects of a page or form, raw handles (no Python wrapper per object: pages hold thousands)."""
    for i in range(count):
        obj = get(container, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            yield from _path_objects(obj, pdfium_c.FPDFFormObj_CountObjects(obj), pdfium_c.FPDFFormObj_GetObject,
                                     depth + 1)


def _segments(page: pdfium.PdfPage, height: float) -> list[Segment]:
    out: list[Segment] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    matrix = pdfium_c.FS_MATRIX()
    fl, fb, fr, ft = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    raw = page.raw
    for obj in _path_objects(raw, pdfium_c.FPDFPage_CountObjects(raw), pdfium_c.FPDFPage_GetObject):
        # Thin filled rectangles (and thin strokes) are rules, read from their bounds alone.
        pdfium_c.FPDFPageObj_GetBounds(obj, fl, fb, fr, ft)
        left, bottom, right, top = fl.value, fb.value, fr.value, ft.value
        if (right - left) <= RULE_THICKNESS and (top - bottom) > RULE_THICKNESS:
            xm = (left + right) / 2
            out.append(Segment(xm, height - top, xm, height - bottom))
            continue
        if (top - bottom) <= RULE_THICKNESS and (right - left) > RULE_THICKNESS:
            ym = height - (top + bottom) / 2
            out.append(Segment(left, ym, right, ym))
            continue
        # Otherwise a path's straight pieces are rules: a rectangle path is its four edges.
        pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        n = pdfium_c.FPDFPath_CountSegments(obj)
        points: list[tuple[float, float, int, bool]] = []
        for i in range(n):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
            pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
            px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
            kind = pdfium_c.FPDFPathSegment_GetType(seg)
            points.append((px, height - py, kind, bool(pdfium_c.FPDFPathSegment_GetClose(seg))))
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
    return out


def _add_straight(out: list[Segment], p: tuple[float, float], q: tuple[float, float]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < 0.5 and abs(x0 - x1) >= 0.5:
        out.append(Segment(min(x0, x1), y0, max(x0, x1), y0))
    elif abs(x0 - x1) < 0.5 and abs(y0 - y1) >= 0.5:
        out.append(Segment(x0, min(y0, y1), x0, max(y0, y1)))


def _read_page(doc: pdfium.PdfDocument, index: int, want_segments: Callable[[list[Char]], bool]) -> PageGeometry:
    try:
        page = doc[index]
    except pdfium.PdfiumError:  # a damaged page object: the other pages may still be read
        return PageGeometry(index + 1, 0.0, 0.0, damaged=True)
    try:
        width, height = page.get_size()
        try:
            textpage = page.get_textpage()
        except pdfium.PdfiumError:
            return PageGeometry(index + 1, width, height, damaged=True)
        try:
            chars = _chars(textpage, height)
        finally:
            textpage.close()
        rules = _segments(page, height) if want_segments(chars) else []
    finally:
        page.close()
    return PageGeometry(index + 1, width, height, chars, rules)


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
