"""Scanned variants of a PDF, made at test time: pages printed as images, as a scanner would give them.

``scanned_pdf`` renders every page (or some pages) of a PDF to an image at a given resolution, skews it,
adds speckle noise, compresses it as JPEG and writes each image as the only content of its page: no text
layer.  ``partly_scanned_pdf`` keeps the text layer of the other pages, so a document mixes pages read by
text with pages that need OCR.  ``image_region_pdf`` replaces only a region of a page (a table) with its
image and keeps the page's text layer around it, as a report whose tables were pasted in as pictures.

Nothing here is committed output: the tests and bench/ocr_bench.py make these files in a temporary folder
from the corpus.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image


@dataclass(frozen=True)
class Scan:
    """How a page is degraded: resolution, skew (degrees, counter-clockwise), speckles, JPEG quality, colour."""

    dpi: int = 200
    skew: float = 0.5
    speckles: float = 0.0005  # share of pixels turned to dark or light dots
    jpeg_quality: int = 70
    colour: bool = False
    seed: int = 1


def page_image(doc: pdfium.PdfDocument, index: int, scan: Scan, crop: tuple[float, float, float, float] | None = None
               ) -> Image.Image:
    """A page (or ``crop`` = left, bottom, right, top margins in points) rendered and degraded as ``scan`` says."""
    page = doc[index]
    try:
        bitmap = page.render(scale=scan.dpi / 72, grayscale=not scan.colour, crop=crop or (0, 0, 0, 0))
        image = bitmap.to_pil().convert("RGB" if scan.colour else "L")
    finally:
        page.close()
    if scan.colour:  # a yellowish paper tone, as scanners give
        array = np.asarray(image).astype(np.int16)
        array[..., 2] -= 18
        array[..., 1] -= 6
        image = Image.fromarray(np.clip(array, 0, 255).astype(np.uint8))
    if scan.skew:
        fill = (255, 255, 255) if scan.colour else 255
        image = image.rotate(scan.skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=fill)
    if scan.speckles:
        array = np.array(image)
        rng = np.random.default_rng(scan.seed + index)
        h, w = array.shape[:2]
        n = int(h * w * scan.speckles)
        ys, xs = rng.integers(0, h, n), rng.integers(0, w, n)
        dark = rng.random(n) < 0.7
        array[ys[dark], xs[dark]] = 40
        array[ys[~dark], xs[~dark]] = 255
        image = Image.fromarray(array)
    return image


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def _insert_image(pdf: pdfium.PdfDocument, page: pdfium.PdfPage, jpeg: bytes, box: tuple[float, float, float, float]
                  ) -> None:
    """Draw a JPEG on ``page`` filling ``box`` = (left, bottom, right, top) in PDF points."""
    image = pdfium.PdfImage.new(pdf)
    image.load_jpeg(io.BytesIO(jpeg), inline=False)
    left, bottom, right, top = box
    image.set_matrix(pdfium.PdfMatrix().scale(right - left, top - bottom).translate(left, bottom))
    page.insert_obj(image)
    page.gen_content()


def _image_page(out: pdfium.PdfDocument, index: int, src: pdfium.PdfDocument, scan: Scan) -> None:
    """Insert at ``index`` of ``out`` a page of the same size as ``src[index]`` holding only its scanned image."""
    width, height = src[index].get_size()
    page = out.new_page(width, height, index=index)
    _insert_image(out, page, _jpeg(page_image(src, index, scan), scan.jpeg_quality), (0, 0, width, height))
    page.close()


def scanned_pdf(source: Path, out: Path, scan: Scan, pages: Iterable[int] | None = None) -> Path:
    """``source`` with its pages (all, or the 1-based ``pages``) printed as images only: no text layer."""
    src = pdfium.PdfDocument(str(source))
    try:
        wanted = set(pages) if pages is not None else set(range(1, len(src) + 1))
        result = pdfium.PdfDocument.new()
        for i in range(len(src)):
            if i + 1 in wanted:
                _image_page(result, i, src, scan)
        result.save(str(out))
        result.close()
    finally:
        src.close()
    return out


def partly_scanned_pdf(source: Path, out: Path, scan: Scan, image_pages: Iterable[int]) -> Path:
    """``source`` with the 1-based ``image_pages`` replaced by their scanned images; other pages keep their text."""
    src = pdfium.PdfDocument(str(source))
    try:
        result = pdfium.PdfDocument.new()
        result.import_pages(src)
        for number in sorted(set(image_pages)):
            result.del_page(number - 1)
            _image_page(result, number - 1, src, scan)
        result.save(str(out))
        result.close()
    finally:
        src.close()
    return out


def image_region_pdf(source: Path, out: Path, scan: Scan, page_number: int,
                     region: tuple[float, float, float, float]) -> Path:
    """``source`` with the text and drawings inside ``region`` of one page replaced by their image.

    ``region`` is (x0, top, x1, bottom) in PDF points from the top-left, as the reader's boxes are: the
    page keeps its text layer outside the region (a title, a unit line, a page number).
    """
    src = pdfium.PdfDocument(str(source))
    try:
        width, height = src[page_number - 1].get_size()
        x0, top, x1, bottom = region
        crop = (x0, height - bottom, width - x1, top)  # margins cut from left, bottom, right, top
        image = page_image(src, page_number - 1, scan, crop)
        result = pdfium.PdfDocument.new()
        result.import_pages(src)
        page = result[page_number - 1]
        for obj in list(page.get_objects(max_depth=1)):
            left, low, right, high = obj.get_bounds()
            inside = x0 - 1 <= left and right <= x1 + 1 and height - bottom - 1 <= low and high <= height - top + 1
            if inside and obj.type in (pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH):
                page.remove_obj(obj)
        _insert_image(result, page, _jpeg(image, scan.jpeg_quality), (x0, height - bottom, x1, height - top))
        page.close()
        result.save(str(out))
        result.close()
    finally:
        src.close()
    return out


def shuffled(items: list[int], seed: int) -> list[int]:
    """A repeatable order (for picking pages)."""
    out = list(items)
    random.Random(seed).shuffle(out)
    return out
