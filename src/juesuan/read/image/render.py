"""Which parts of a PDF page are pictures to be read by OCR, and their pixels.

One job: decide, page by page, what OCR must read (``--ocr never|auto|always``), and render it.

* ``never``: nothing; a PDF without a text layer is refused (exit 8), as before.
* ``auto`` (the default): a page with no text that holds a picture (a scan) is read whole, and so is
  every page of a document with no text at all (its text drawn as outlines); on a page with a text
  layer, each large picture with (almost) no text printed over it is read as a region (a table pasted
  in as a picture).  The text layer itself is never OCR'd, nor a page of drawings alone in a document
  with text (an empty table row continued from the page before): such documents stay fast.
* ``always``: every page is read whole from its image and its text layer is ignored (a text layer that
  is garbage: fonts without a usable character map).

A page is rendered at the resolution of the scan it holds (its largest image's pixels per inch), kept
between ``MIN_DPI`` and ``MAX_DPI``: finer adds nothing the scan has, coarser loses small print.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from juesuan.read.pdf.document import Char, PageGeometry, page_objects

if TYPE_CHECKING:  # NumPy (and OpenCV, the recogniser) are loaded only for a document that has images to read
    import numpy as np

OCR_MODES: tuple[str, ...] = ("never", "auto", "always")
MIN_DPI = 150
MAX_DPI = 300
DEFAULT_DPI = 200  # a page whose text is drawn as outlines, with no image to take a resolution from
# An image smaller than this share of the page, or than MIN_SIDE points on a side, is a logo or a seal.
MIN_AREA_SHARE = 0.04
MIN_SIDE = 60.0
# At most this many text-layer characters printed over an image, and it still counts as a picture without
# text (a page number stamped on a scan); a "searchable" scan carries its whole text over the image.
MAX_CHARS_OVER = 12


@dataclass(frozen=True)
class ImageRegion:
    """A part of a page to read by OCR: a box in PDF points (top-left origin) and the resolution to use."""

    page: int  # from 1
    x0: float
    top: float
    x1: float
    bottom: float
    dpi: float
    whole_page: bool

    @property
    def scale(self) -> float:
        """Pixels per PDF point."""
        return self.dpi / 72.0


@dataclass(frozen=True)
class _Picture:
    x0: float
    top: float
    x1: float
    bottom: float
    dpi: float


def _pictures(page: pdfium.PdfPage, height: float) -> list[_Picture]:
    """The image objects drawn on a page (forms searched too), with their boxes and pixels per inch."""
    out: list[_Picture] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    px_w, px_h = ctypes.c_uint(), ctypes.c_uint()
    for obj in page_objects(page.raw, pdfium_c.FPDF_PAGEOBJ_IMAGE):
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
        if x1 - x0 < 1 or y1 - y0 < 1:
            continue
        sized = pdfium_c.FPDFImageObj_GetImagePixelSize(obj, px_w, px_h) and px_w.value and px_h.value
        # an image PDFium cannot decode is rendered at the default resolution
        dpi = max(px_w.value / ((x1 - x0) / 72.0), px_h.value / ((y1 - y0) / 72.0)) if sized else DEFAULT_DPI
        out.append(_Picture(x0, height - y1, x1, height - y0, dpi))
    return out


def _clamp_dpi(dpi: float) -> float:
    return float(min(MAX_DPI, max(MIN_DPI, round(dpi))))


def _has_content(page: pdfium.PdfPage) -> bool:
    return bool(pdfium_c.FPDFPage_CountObjects(page.raw))


def image_regions(page: pdfium.PdfPage, number: int, chars: list[Char], mode: str, text_layer: bool = True
                  ) -> list[ImageRegion]:
    """What OCR must read on one page under ``mode`` (see the module's docstring); ``text_layer``: whether any
    page of the document has text."""
    if mode == "never":
        return []
    width, height = page.get_size()
    pictures = _pictures(page, height)
    native = max((p.dpi for p in pictures), default=DEFAULT_DPI)
    if mode == "always" or (not chars and (pictures or not text_layer) and _has_content(page)):
        return [ImageRegion(number, 0.0, 0.0, width, height, _clamp_dpi(native), whole_page=True)]
    page_area = width * height
    out: list[ImageRegion] = []
    for pic in pictures:
        x0, top, x1, bottom = max(pic.x0, 0.0), max(pic.top, 0.0), min(pic.x1, width), min(pic.bottom, height)
        w, h = x1 - x0, bottom - top
        if w < MIN_SIDE or h < MIN_SIDE or w * h < MIN_AREA_SHARE * page_area:
            continue
        over = sum(1 for c in chars if x0 <= (c.x0 + c.x1) / 2 <= x1 and top <= (c.top + c.bottom) / 2 <= bottom)
        if over > MAX_CHARS_OVER:
            continue  # text printed over the picture: a searchable scan, or a background
        out.append(ImageRegion(number, x0, top, x1, bottom, _clamp_dpi(pic.dpi), whole_page=False))
    return _merged(out)


# A picture on a page with text is looked at closely (its rules found, at its scan's resolution) only when,
# drawn at PREVIEW_SCALE, at least PREVIEW_RULES of its rows hold an unbroken run of ink (anything not white)
# across PREVIEW_ACROSS of its width: the rules of a table (ruled or open) do; a chart's bars, a pie, a photo
# on white, a seal do not.  Cheap (a few milliseconds), and generous: what passes is judged again.
PREVIEW_SCALE = 1.0
PREVIEW_RULES = 3
PREVIEW_ACROSS = 0.8
PREVIEW_INK = 230


def _may_be_table(page: pdfium.PdfPage, region: ImageRegion) -> bool:
    import numpy as np

    grey = render_region(page, region, PREVIEW_SCALE)
    if grey.size == 0:
        return False
    ink = grey < PREVIEW_INK
    need = int(PREVIEW_ACROSS * ink.shape[1])
    rows = 0
    for line in ink:
        if line.sum() < need:
            continue
        # the longest unbroken run of ink on this row
        edges = np.diff(np.concatenate(([0], line.view(np.int8), [0])))
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        if len(starts) and int((ends - starts).max()) >= need:
            rows += 1
            if rows >= PREVIEW_RULES:
                return True
    return False


def regions_to_read(page: pdfium.PdfPage, number: int, chars: list[Char], mode: str, text_layer: bool = True
                    ) -> list[ImageRegion]:
    """``image_regions`` less the pictures on a text page that cannot be tables (``_may_be_table``): what OCR
    is to read, under ``auto`` and ``always`` alike (a whole page is always read)."""
    return [r for r in image_regions(page, number, chars, mode, text_layer)
            if r.whole_page or _may_be_table(page, r)]


def any_regions(doc: pdfium.PdfDocument, geometries: Iterable[PageGeometry], mode: str) -> bool:
    """Whether OCR has anything to read in the document under ``mode``: a document with none (nearly every
    report with a text layer) never loads the image reader."""
    if mode == "never":
        return False
    geometries = list(geometries)
    text_layer = any(g.chars for g in geometries)
    for geometry in geometries:
        if geometry.damaged or (mode == "auto" and geometry.chars and geometry.pictures is False):
            continue  # a text page without a picture: nothing for OCR (and no second load of the page)
        page = doc[geometry.number - 1]
        try:
            if regions_to_read(page, geometry.number, geometry.chars, mode, text_layer):
                return True
        finally:
            page.close()
    return False


def _merged(regions: list[ImageRegion]) -> list[ImageRegion]:
    """Overlapping regions (an image cut in tiles) joined into one."""
    out: list[ImageRegion] = []
    for region in sorted(regions, key=lambda r: (r.top, r.x0)):
        for i, other in enumerate(out):
            if region.x0 <= other.x1 and other.x0 <= region.x1 and region.top <= other.bottom and \
                    other.top <= region.bottom:
                out[i] = ImageRegion(region.page, min(region.x0, other.x0), min(region.top, other.top),
                                     max(region.x1, other.x1), max(region.bottom, other.bottom),
                                     max(region.dpi, other.dpi), region.whole_page or other.whole_page)
                break
        else:
            out.append(region)
    return out


def render_region(page: pdfium.PdfPage, region: ImageRegion, scale: float | None = None) -> np.ndarray:
    """The region's pixels, grey (0 black, 255 white), rows from the top: pixel (0, 0) is at (x0, top); at its
    scan's resolution unless ``scale`` (pixels per point) says otherwise."""
    import numpy as np

    width, height = page.get_size()
    crop = (region.x0, height - region.bottom, width - region.x1, region.top)
    bitmap = page.render(scale=scale or region.scale, grayscale=True, crop=crop, fill_color=(255, 255, 255, 255))
    array = bitmap.to_numpy()
    if array.ndim == 3:  # a renderer that gave colour after all
        array = array[..., :3].mean(axis=2).astype(np.uint8)
    return np.ascontiguousarray(array)
